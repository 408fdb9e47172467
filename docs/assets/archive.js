/* The archive's only script: publication-period status for the reader's today, index filters,
 * the current month and today's open notices on the timeline, remembering the chosen script, and
 * the search result list's note, count and filters (what assets/search/worker.js did, carried in
 * its first result's hidden .archive-search-info). No network access. */
(function () {
  "use strict";

  var hant = (document.documentElement.lang || "").toLowerCase().indexOf("hant") >= 0;
  /* The interface strings come with the page (hooks/text.py, in the archive's Traditional standard). */
  var L = {};
  try { L = JSON.parse(document.getElementById("__config").textContent).archive_text || {}; } catch (e) {}

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function todayISO() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }
  function fmt(s, n) { return s.replace("{n}", n); }

  /* Status of a period [start, end] (both inclusive) on the reader's local date. */
  function status(start, end, today) {
    var t = dayNumber(today), s = dayNumber(start), e = dayNumber(end);
    if (t < s) return { key: "upcoming", text: L.upcoming, detail: fmt(L.until, s - t) };
    if (t > e) return { key: "ended", text: L.ended, detail: "" };
    return { key: "active", text: L.active, detail: fmt(L.left, e - t + 1) };
  }

  function updateStatuses(today) {
    var els = document.querySelectorAll("[data-period-start][data-period-end]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var st = status(el.getAttribute("data-period-start"), el.getAttribute("data-period-end"), today);
      el.setAttribute("data-status", st.key);
      el.textContent = st.detail ? st.text + " · " + st.detail : st.text;
      el.title = (L.basis || "").replace("{d}", today);
      var item = el.closest(".notice-item, .notice-period");
      if (item) item.setAttribute("data-status", st.key);
    }
  }

  /* Index filters: year, issuer and status, over data attributes; state kept in the URL hash. */
  var reapply = null;
  function setupFilters() {
    var form = document.querySelector("form.archive-filter");
    if (!form) return;
    form.hidden = false;
    var items = document.querySelectorAll(".notice-list .notice-item");
    var months = document.querySelectorAll(".tl-month[data-year]");
    var out = form.querySelector(".archive-filter__count");
    var template = form.getAttribute("data-count-template");
    var total = +form.getAttribute("data-total") || items.length;  /* the whole archive, not this page */

    function apply(updateHash) {
      var year = form.elements.year.value, issuer = form.elements.issuer.value;
      var status = form.elements.status ? form.elements.status.value : "";
      var shown = 0;
      function match(el) {
        /* data-status is set by updateStatuses for the reader's today; no period: "none". */
        return (!year || el.getAttribute("data-year") === year) &&
               (!issuer || el.getAttribute("data-issuer") === issuer) &&
               (!status || (el.getAttribute("data-status") || "none") === status);
      }
      for (var i = 0; i < items.length; i++) {
        var ok = match(items[i]);
        items[i].hidden = !ok;
        if (ok) shown++;
      }
      for (var j = 0; j < months.length; j++) {
        months[j].classList.toggle("tl-month--dim", !!year && months[j].getAttribute("data-year") !== year);
      }
      out.textContent = template.replace("{shown}", shown).replace("{total}", total);
      /* The index lists the newest notices only: where the selection holds more, say so and
       * link the year's (or else the issuer's) page, which lists all of them. */
      var more = form.querySelector(".archive-filter__more");
      var picked = year ? form.elements.year.selectedOptions[0] : issuer ? form.elements.issuer.selectedOptions[0] : null;
      var all = picked ? +picked.getAttribute("data-count") : 0;
      if (more) {
        /* Its count is the year's or issuer's whatever the status: said only without one. */
        more.hidden = !(picked && all > shown && !status);
        if (!more.hidden) {
          var link = more.querySelector("a");
          link.href = picked.getAttribute("data-href");
          link.textContent = form.getAttribute("data-more-template").replace("{n}", all).replace("{shown}", shown);
        }
      }
      form.setAttribute("data-shown", shown);
      if (updateHash) {
        var parts = [];
        if (year) parts.push("year=" + encodeURIComponent(year));
        if (issuer) parts.push("issuer=" + encodeURIComponent(issuer));
        if (status) parts.push("status=" + encodeURIComponent(status));
        try {
          history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
        } catch (e) { /* some file:// setups refuse; filtering still works */ }
      }
    }

    function readHash() {
      var hash = location.hash.replace(/^#/, "").split("&");
      for (var k = 0; k < hash.length; k++) {
        var kv = hash[k].split("=");
        var field = form.elements[kv[0]];
        if (field && field.tagName === "SELECT") {
          var v = decodeURIComponent(kv[1] || "");
          for (var o = 0; o < field.options.length; o++) if (field.options[o].value === v) field.value = v;
        }
      }
    }
    readHash();
    /* A month of the timeline links to #year=YYYY: the list follows. */
    window.addEventListener("hashchange", function () { readHash(); apply(false); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    reapply = function () { apply(false); };  /* statuses change at midnight (refresh) */
    apply(false);
  }

  /* The reader's current month on the timeline, and the notices open today listed under it. */
  function drawToday(today) {
    var month = today.slice(0, 7);
    var cells = document.querySelectorAll(".tl-month[data-month]");
    var found = false;
    for (var i = 0; i < cells.length; i++) {
      var now = cells[i].getAttribute("data-month") === month;
      cells[i].classList.toggle("tl-now", now);
      if (now) { cells[i].setAttribute("aria-current", "date"); found = true; }
      else cells[i].removeAttribute("aria-current");
    }
    var caption = document.querySelector(".timeline-figure figcaption");
    var legend = caption && caption.querySelector(".tl-legend-now");
    if (legend) legend.remove();
    if (caption && found) {
      legend = document.createElement("span");
      legend.className = "tl-legend-now";
      legend.textContent = " " + (L.legend || "").replace("{d}", +today.slice(0, 4) + "年" + +today.slice(5, 7) + "月");
      caption.appendChild(legend);
    }
    var strip = document.querySelector(".tl-scroll");
    if (strip && !strip.getAttribute("data-scrolled")) {  /* newest months in view on a narrow screen */
      strip.scrollLeft = strip.scrollWidth;
      strip.setAttribute("data-scrolled", "1");
    }
    var box = document.querySelector(".tl-open[data-template]");
    if (!box) return;
    var open = document.querySelectorAll(".notice-list .notice-item[data-status=active] .notice-item__title");
    box.textContent = "";
    box.hidden = open.length === 0;
    if (!open.length) return;
    box.appendChild(document.createTextNode(box.getAttribute("data-template").replace("{n}", open.length)));
    for (var j = 0; j < open.length; j++) {
      var a = document.createElement("a");
      a.href = open[j].getAttribute("href");
      a.textContent = open[j].textContent;
      box.appendChild(a);
    }
  }

  /* The index opens with what is running for the reader's today: the listed notices whose period
   * is open (公示中), and those of them that end within 7 days, today included (还剩1–7天), soonest
   * first. Built from the list's items (their data attributes); a group with none is hidden. */
  function drawNow(today) {
    var box = document.querySelector(".index-now");
    if (!box) return;
    var t = dayNumber(today);
    var items = document.querySelectorAll(".notice-list .notice-item[data-status=active]");
    var active = [], ending = [];
    for (var i = 0; i < items.length; i++) {
      var period = items[i].querySelector("[data-period-end]");
      var title = items[i].querySelector(".notice-item__title");
      if (!period || !title) continue;
      var left = dayNumber(period.getAttribute("data-period-end")) - t + 1;
      var entry = { title: title, left: left, order: i };
      active.push(entry);
      if (left <= 7) ending.push(entry);
    }
    ending.sort(function (a, b) { return a.left - b.left || a.order - b.order; });
    function fill(group, list) {
      var ul = group.querySelector("ul");
      ul.textContent = "";
      group.hidden = list.length === 0;
      for (var j = 0; j < list.length; j++) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = list[j].title.getAttribute("href");
        a.textContent = list[j].title.textContent;
        var note = document.createElement("span");
        note.className = "index-now__left";
        note.textContent = " · " + fmt(L.left || "", list[j].left);
        li.appendChild(a);
        li.appendChild(note);
        ul.appendChild(li);
      }
      var count = group.querySelector(".index-now__count");
      if (count) count.textContent = fmt(group.getAttribute("data-count-template") || "", list.length);
    }
    fill(box.querySelector("[data-now=active]"), active);
    fill(box.querySelector("[data-now=ending]"), ending);
    box.hidden = active.length === 0;
  }

  /* "Cite this notice": the address the reader opened the page at where the site has no fixed
   * address (a path from the site root otherwise), and a copy button. navigator.clipboard needs a
   * secure context (https, localhost); elsewhere (file://, plain http) the text is selected and
   * copied with execCommand, or left selected for Ctrl+C. No network. */
  function setupCite() {
    var url = document.querySelector(".notice-cite__url[data-relative-url]");
    if (url && /^https?:$/.test(location.protocol)) {
      url.textContent = location.href.split("#")[0];
    }
    var buttons = document.querySelectorAll(".notice-cite__copy[data-copy-target]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      button.hidden = false;
      button.addEventListener("click", function (ev) {
        var b = ev.currentTarget;
        var target = document.getElementById(b.getAttribute("data-copy-target"));
        var status = b.parentNode.querySelector(".notice-cite__status");
        if (!target) return;
        var text = target.textContent;
        function say(msg) { if (status) status.textContent = msg; }
        function select() {
          var range = document.createRange();
          range.selectNodeContents(target);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          return sel;
        }
        function fallback() {
          var sel = select(), ok = false;
          try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          if (ok) sel.removeAllRanges();
          say(ok ? b.getAttribute("data-copied") : b.getAttribute("data-failed"));
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { say(b.getAttribute("data-copied")); }, fallback);
        } else {
          fallback();
        }
      });
    }
  }

  /* Remember the script the reader uses, for the landing page. */
  function rememberScript() {
    var links = document.querySelectorAll("[data-archive-switch], .script-choice a[data-script]");
    var current = hant ? "hant" : "hans";
    try { if (!document.querySelector(".script-choice")) localStorage.setItem("archive.script", current); } catch (e) {}
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (ev) {
        var s = ev.currentTarget.getAttribute("data-script") || (current === "hans" ? "hant" : "hans");
        try { localStorage.setItem("archive.script", s); } catch (e) {}
      });
    }
  }

  function refresh() {
    var today = todayISO();
    updateStatuses(today);
    drawToday(today);
    drawNow(today);
    if (reapply) reapply();
  }

  /* Material starts a search on key-up only: text pasted from a menu, dropped, dictated or
   * written by hand, or an IME's composition that ends without a key, would never search.
   * Every change of the box's value is passed on as the key-up Material listens for. */
  function searchOnEveryInput() {
    var box = document.querySelector("[data-md-component=search-query]");
    if (!box) return;
    var composing = false;
    function changed() {
      if (!composing) box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
    box.addEventListener("compositionstart", function () { composing = true; });
    box.addEventListener("compositionend", function () { composing = false; changed(); });
    box.addEventListener("input", changed);
  }

  /* ------------------------------------------------------------------ search result list */

  var S = hant
    ? { words: "未找到完整短語，以下為包含全部詞語的結果",
        wordsChecked: "在最相關的 {k} 個候選中未找到完整短語，以下為包含全部詞語的結果", punct: "未找到完整短語，以下為忽略標點後相符的結果",
        strict: "仍按完整短語「{q}」搜尋", count: "找到 {n} 個符合條件的結果", approx: "找到約 {n} 個符合條件的結果",
        top: "，顯示最相關的 {k} 個", year: "年份", issuer: "機關", status: "狀態", any: "全部", clear: "清除篩選",
        filters: "篩選結果", st: { active: "公示中", upcoming: "未開始", ended: "已結束", none: "無公開期限" } }
    : { words: "未找到完整短语，以下为包含全部词语的结果",
        wordsChecked: "在最相关的 {k} 个候选中未找到完整短语，以下为包含全部词语的结果", punct: "未找到完整短语，以下为忽略标点后相符的结果",
        strict: "仍按完整短语“{q}”搜索", count: "找到 {n} 个符合条件的结果", approx: "找到约 {n} 个符合条件的结果",
        top: "，显示最相关的 {k} 个", year: "年份", issuer: "机关", status: "状态", any: "全部", clear: "清除筛选",
        filters: "筛选结果", st: { active: "公示中", upcoming: "未开始", ended: "已结束", none: "无公开期限" } };
  var FILTER_TOKEN = /(^|\s)(年份|机关|機關|状态|狀態)[:：]\S+/g;

  /* The filters written in the query (年份:2023 机关:… 状态:…), keyed year/issuer/status. */
  function queryFilters(value) {
    var out = {}, re = /(?:^|\s)(年份|机关|機關|状态|狀態)[:：](\S+)/g, m;
    var keys = { "年份": "year", "机关": "issuer", "機關": "issuer", "状态": "status", "狀態": "status" };
    while ((m = re.exec(value))) out[keys[m[1]]] = m[2];
    return out;
  }

  function searchFor(box, value) {
    box.value = value;
    box.focus();
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  /* The filters, the relaxation note and the count, from the first result's info. */
  function setupSearchResults() {
    var box = document.querySelector("[data-md-component=search-query]");
    var list = document.querySelector(".md-search-result__list");
    var metaEl = document.querySelector(".md-search-result__meta");
    if (!box || !list || !metaEl) return;
    var tools = document.createElement("div");
    tools.className = "archive-search-tools";
    tools.hidden = true;
    metaEl.parentNode.insertBefore(tools, metaEl.nextSibling);
    var last = null;  /* the last info, so that filters stay offered when they leave nothing */

    function option(select, value, text, selected) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      o.selected = selected;
      select.appendChild(o);
    }

    function statusName(key) { return S.st[key] || key; }

    function draw(info) {
      var value = box.value, chosen = queryFilters(value);
      tools.textContent = "";
      tools.hidden = !value.trim();
      if (tools.hidden) return;
      if (info && info.relaxed) {
        var note = document.createElement("p");
        note.className = "archive-search-relaxed";
        note.textContent = info.relaxed !== "words" ? S.punct : info.checked ? S.wordsChecked.replace("{k}", info.checked) : S.words;
        var strict = document.createElement("a");
        strict.href = "#";
        strict.className = "archive-search-strict";
        strict.textContent = S.strict.replace("{q}", info.query);
        strict.addEventListener("click", function (ev) {
          ev.preventDefault();
          var filters = (box.value.match(FILTER_TOKEN) || []).join("");
          searchFor(box, "\u201c" + info.query + "\u201d" + filters);
        });
        note.appendChild(document.createTextNode(" "));
        note.appendChild(strict);
        tools.appendChild(note);
      }
      var facets = (info && info.facets) || (last && last.facets) || { year: {}, issuer: {}, status: {} };
      var form = document.createElement("form");
      form.className = "archive-search-filters";
      form.setAttribute("aria-label", S.filters);
      [["year", S.year], ["issuer", S.issuer], ["status", S.status]].forEach(function (pair) {
        var key = pair[0], label = document.createElement("label"), select = document.createElement("select");
        select.name = key;
        label.appendChild(document.createTextNode(pair[1] + " "));
        option(select, "", S.any, !chosen[key]);
        var counts = facets[key] || {}, values = Object.keys(counts);
        if (key === "year") values.sort().reverse();
        if (key === "status") values = ["active", "upcoming", "ended", "none"].filter(function (k) { return k in counts; });
        var current = key === "status" ? (function () {
          for (var k in S.st) if (S.st[k] === chosen.status || k === chosen.status) return k;
          return chosen.status;
        })() : chosen[key];
        if (current && values.indexOf(current) < 0) values.unshift(current);
        values.forEach(function (v) {
          var name = key === "status" ? statusName(v) : v;
          option(select, key === "status" ? S.st[v] || v : v, counts[v] ? name + " (" + counts[v] + ")" : name, v === current);
        });
        select.addEventListener("change", function () {
          var word = pair[1] + ":";
          var rest = box.value.replace(new RegExp("(^|\\s)(" + (key === "year" ? "年份" : key === "issuer" ? "机关|機關" : "状态|狀態") +
                                                  ")[:：]\\S+", "g"), "").trim();
          searchFor(box, select.value ? (rest ? rest + " " : "") + word + select.value : rest);
        });
        label.appendChild(select);
        form.appendChild(label);
      });
      if (Object.keys(chosen).length) {
        var clear = document.createElement("button");
        clear.type = "button";
        clear.className = "archive-search-clear";
        clear.textContent = S.clear;
        clear.addEventListener("click", function () { searchFor(box, box.value.replace(FILTER_TOKEN, "").trim()); });
        form.appendChild(clear);
      }
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      tools.appendChild(form);
      if (info && (info.approx || info.count > info.shown)) {
        metaEl.textContent = (info.approx ? S.approx : S.count).replace("{n}", info.count) +
          (info.count > info.shown ? S.top.replace("{k}", info.shown) : "");
      }
    }

    function update() {
      var el = list.querySelector(".archive-search-info");
      if (el) {
        try { last = JSON.parse(el.getAttribute("data-info")); } catch (e) { last = null; }
        el.remove();
        draw(last);
        /* A first answer from the first texts checked: more are on their way. */
        list.setAttribute("aria-busy", last && last.done === false ? "true" : "false");
      } else if (!list.children.length) {
        list.setAttribute("aria-busy", "false");
        draw(null);
      }
    }
    new MutationObserver(update).observe(list, { childList: true, subtree: true });
    new MutationObserver(function () { if (!list.children.length || list.querySelector(".archive-search-info")) update(); })
      .observe(metaEl, { childList: true, characterData: true, subtree: true });
  }

  function init() {
    refresh();
    setupFilters();
    setupCite();
    searchOnEveryInput();
    setupSearchResults();
    rememberScript();
    setInterval(refresh, 10 * 60 * 1000); /* a page left open past midnight stays right */
  }

  window.archiveStatus = status; /* exposed for tests and the curious */
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
