/* The archive's search worker. It replaces Material's Lunr worker behind Material's own search UI
 * and speaks its protocol: SETUP → READY, QUERY → RESULT ({items: [[{location, title, text,
 * score, terms}], …]}). The index is written by hooks/search_index.py (see its docstring):
 *
 *   search/meta.js          fold table (Traditional/Simplified, full-width, case), sizes
 *   search/p/NNN.js         postings shards: unigram/bigram → notice numbers (delta-coded), counts
 *   search/<script>/docs.js id, title, date, issuer, length, doc number, period of every notice
 *   search/<script>/t/ID.js a notice's text in the reader's script (snippets, phrase check)
 *   search/words.js         a fixed dictionary (jieba's common words, hooks/search_terms.txt)
 *
 * A query is folded like the text, split at spaces and punctuation into terms, and each term is
 * looked up by its bigrams over the text's word characters (punctuation left out, so a phrase
 * copied without the text's comma is found); a notice must hold every term. Candidates are
 * ranked by BM25 over the grams' counts (a term's count is at most its rarest bigram's), with
 * title and document-number matches above body matches and date as the tiebreak; texts are then
 * loaded best first, at most BUDGET a query, each checked for the exact terms and scored
 * exactly (true counts, phrase and proximity), and only checked notices are listed, each with
 * its snippet. A phrase found nowhere is split into the words of the fixed dictionary, and the
 * result list says so (assets/archive.js shows what the first item's hidden info carries).
 * Filters (年份:2023 机关:港澳办 状态:公示中) narrow the candidates before anything is loaded.
 *
 * Runs as a Web Worker over HTTP, and inside Material's iframe-worker shim from file:// (the
 * offline bundle), where fetch() is refused and index files are loaded as <script> elements. */
(function () {
  "use strict";

  let SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  const FIRST = 3;     /* texts loaded before the first answer (the reader sees results soonest) */
  const PAGE = 10;     /* texts loaded at a time after it */
  const BUDGET = 30;   /* most texts one pass loads (each 5–15 KB on the wire); a query makes at most
                          two passes (as typed, then relaxed), so no query loads more than 60 */
  const GRAMS = 12;    /* most pairs of one term looked up (each may be another shard) */
  const SNIPPET = 160; /* characters of context shown per result, over all its windows */
  const WINDOWS = 4;   /* most windows a snippet joins with … */
  /* BM25 and the boosts, in units of a term's idf. */
  const K1 = 1.2, B = 0.75, TITLE = 5, PROX = 0.8, STRICT = 0.2, LOOSE = 0.3;

  let here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src : self.location.href;
  let root = new URL("../../search/", here);
  let byScript = root.protocol === "file:" || typeof fetch !== "function";

  let version = "", script = "hans";
  let meta = null, docs = [], fold = {}, dict = null, longest = 1, tfCache = new Map();
  let loads = new Map(), waiting = new Map(), postingCache = new Map();
  let current = 0;

  /* ------------------------------------------------------------------ loading */

  self.__archiveSearch = function (key, data) {
    let done = waiting.get(key);
    if (done) { waiting.delete(key); done(data); }
  };

  function payload(key) {
    let url = new URL(key + ".js?v=" + version, root).href;
    if (byScript) {
      return new Promise(function (resolve, reject) {
        waiting.set(key, resolve);
        let el = document.createElement("script");
        el.src = url;
        el.onload = function () { el.remove(); };
        el.onerror = function () { waiting.delete(key); el.remove(); reject(new Error("cannot load " + url)); };
        (document.body || document.documentElement).appendChild(el);
      });
    }
    return fetch(url).then(function (res) {
      if (!res.ok) throw new Error("cannot load " + url + ": " + res.status);
      return res.text();
    }).then(function (text) {
      let m = /"([A-Za-z0-9+/=]*)"\);\s*$/.exec(text);
      if (!m) throw new Error("not an index file: " + url);
      return m[1];
    });
  }

  function inflate(b64) {
    let bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    let stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(JSON.parse);
  }

  function load(key) {
    if (!loads.has(key)) {
      let p = payload(key).then(inflate);
      p.catch(function () { loads.delete(key); });
      loads.set(key, p);
    }
    return loads.get(key);
  }

  /* ------------------------------------------------------------------ text */

  function folded(text) {
    let out = "";
    for (let ch of text) out += fold[ch] || ch;
    return out;
  }

  function chars(text) { return Array.from(text); }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* Word characters, as Python's str.isalnum() in hooks/search_index.py (letters and numbers). */
  let NON_WORD = /[^\p{L}\p{N}]+/u, WORD_CHAR = /^[\p{L}\p{N}]$/u;
  const kept = new Map();  /* character → its folded form when it is a word character, else "" */

  /* A text as the search sees it: `flat` (the reader's text on one line) and `s`, its folded word
   * characters (punctuation and spaces left out), with for every UTF-16 unit of `s` where the
   * character it comes from starts (`at`) and ends (`to`) in `flat`. Folding may turn one unit
   * into two (OpenCC folds 聻 to 𫆏, outside the BMP) or two into one, so places are never
   * assumed to be the same: every match in `s` is mapped back through these arrays. */
  function prepare(text) {
    const flat = text.replace(/\s*\n\s*/g, " ");
    const at = [], to = [];
    let s = "";
    for (let i = 0; i < flat.length;) {
      const c = flat.charCodeAt(i), pair = c >= 0xD800 && c <= 0xDBFF && i + 1 < flat.length;
      const ch = pair ? flat.slice(i, i + 2) : flat[i], end = i + ch.length;
      let f = kept.get(ch);
      if (f === undefined) {
        const g = fold[ch] || ch;
        f = WORD_CHAR.test(ch) || WORD_CHAR.test(g) ? g : "";
        kept.set(ch, f);
      }
      if (f) {
        s += f;
        for (let k = 0; k < f.length; k++) { at.push(i); to.push(end); }
      }
      i = end;
    }
    return { flat: flat, s: s, at: at, to: to };
  }

  /* Every occurrence of `term` in a prepared text: [start, end) in `s`. */
  function occurrences(t, term, limit) {
    const out = [];
    for (let i = t.s.indexOf(term); i >= 0 && out.length < (limit || 1e9); i = t.s.indexOf(term, i + term.length)) {
      out.push([i, i + term.length]);
    }
    return out;
  }

  /* Is the match [i, j) of `s` contiguous in the reader's text (no punctuation left out)? */
  function contiguous(t, i, j) {
    for (let k = i + 1; k < j; k++) if (t.at[k] !== t.to[k - 1] && t.at[k] !== t.at[k - 1]) return false;
    return true;
  }

  /* A match of `s` as [start, end) of `flat`. */
  function place(t, m) { return [t.at[m[0]], t.to[m[1] - 1]]; }

  /* ------------------------------------------------------------------ query */

  const FILTER = /(?:^|\s)(年份|机关|機關|状态|狀態)[:：](\S+)/g;
  const FILTER_KEY = { "年份": "year", "机关": "issuer", "機關": "issuer", "状态": "status", "狀態": "status" };
  const STATUS = { "公示中": "active", "未开始": "upcoming", "未開始": "upcoming", "已结束": "ended", "已結束": "ended",
                   "无公开期限": "none", "無公開期限": "none" };
  const QUOTES = /["“”「」『』]/g;

  /* The query's filters (年份:2023 机关:港澳办 状态:公示中), whether it is quoted (strict: the
   * phrase as typed, nothing relaxed), and its terms. */
  function parse(query) {
    const filters = {};
    const rest = query.replace(FILTER, function (_, key, value) {
      key = FILTER_KEY[key];
      filters[key] = key === "status" ? (STATUS[value] || value) : key === "issuer" ? squeezed(value) : value;
      return " ";
    });
    const strict = QUOTES.test(rest);
    const seen = new Set(), list = [];
    folded(rest.replace(QUOTES, " ")).split(NON_WORD).forEach(function (t) {
      if (t && !seen.has(t)) { seen.add(t); list.push(t); }
    });
    return { filters: filters, strict: strict, terms: list, text: rest.replace(QUOTES, "").trim() };
  }

  function squeezed(text) { return folded(text).split(NON_WORD).join(""); }

  /* The reader's local date, as archive.js computes a period's status. */
  function today() {
    const d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function status(d, day) {
    if (!d.start) return "none";
    return day < d.start ? "upcoming" : day > d.end ? "ended" : "active";
  }

  function passes(d, filters, day) {
    return (!filters.year || d.year === filters.year) &&
      (!filters.issuer || d.sissuer.indexOf(filters.issuer) >= 0) &&
      (!filters.status || status(d, day) === filters.status);
  }

  /* A phrase split into the fixed dictionary's words: fewest pieces (a word or one character),
   * then the longer first piece. The dictionary holds nothing of the archive's notices. */
  function segment(term) {
    const cs = chars(term), n = cs.length, best = new Array(n + 1).fill(Infinity), from = new Array(n + 1);
    best[n] = 0;
    for (let i = n - 1; i >= 0; i--) {
      for (let len = Math.min(longest, n - i); len >= 1; len--) {
        if (len > 1 && !dict.has(cs.slice(i, i + len).join(""))) continue;
        if (1 + best[i + len] < best[i]) { best[i] = 1 + best[i + len]; from[i] = len; }
      }
    }
    const out = [];
    for (let i = 0; i < n; i += from[i]) out.push(cs.slice(i, i + from[i]).join(""));
    return out;
  }

  function words() {
    if (dict) return Promise.resolve(dict);
    return load("words").then(function (list) {
      dict = new Set(list.map(folded));
      dict.forEach(function (w) { longest = Math.max(longest, chars(w).length); });
      return dict;
    });
  }

  /* ------------------------------------------------------------------ postings */

  function shardOf(gram) {
    let h = 0;
    for (let ch of gram) h = (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0;
    return "p/" + (h % meta.shards).toString(16).padStart(3, "0");
  }

  /* A gram's notices and counts: {docs: [n…], tf: [count…] or null when every count is 1}. */
  function posting(gram) {
    if (postingCache.has(gram)) return Promise.resolve(postingCache.get(gram));
    return load(shardOf(gram)).then(function (shard) {
      let d = shard[gram] || [], list = new Array(d.length), n = 0;
      for (let i = 0; i < d.length; i++) list[i] = n += d[i];
      const p = { docs: list, tf: (shard["#tf"] || {})[gram] || null };
      postingCache.set(gram, p);
      return p;
    });
  }

  /* A term's candidates: Map notice → count bound (its rarest gram's count in that notice). */
  function candidates(term) {
    if (tfCache.has(term)) return Promise.resolve(tfCache.get(term));
    let cs = chars(term), grams = cs.length === 1 ? cs : [];
    for (let i = 1; i < cs.length; i++) grams.push(cs[i - 1] + cs[i]);
    grams = Array.from(new Set(grams));
    if (grams.length > GRAMS) {  /* a long phrase: evenly spaced pairs bound the shards loaded; texts are checked */
      grams = Array.from({ length: GRAMS }, function (_, k) { return grams[Math.round(k * (grams.length - 1) / (GRAMS - 1))]; });
    }
    return Promise.all(grams.map(posting)).then(function (lists) {
      lists.sort(function (a, b) { return a.docs.length - b.docs.length; });
      let out = new Map();
      const first = lists[0];
      first.docs.forEach(function (n, i) { out.set(n, first.tf ? first.tf[i] : 1); });
      for (let k = 1; k < lists.length && out.size; k++) {
        const next = new Map(), p = lists[k];
        p.docs.forEach(function (n, i) {
          const c = out.get(n);
          if (c !== undefined) next.set(n, Math.min(c, p.tf ? p.tf[i] : 1));
        });
        out = next;
      }
      tfCache.set(term, out);
      return out;
    });
  }

  /* ------------------------------------------------------------------ ranking */

  function idf(df) { return Math.log(1 + (meta.size - df + 0.5) / (df + 0.5)); }

  function bm25(tf, weight, len) {
    return tf ? weight * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / meta.avglen)) : 0;
  }

  /* Terms in the title or the document number: known from the docs table, before any text. */
  function fieldScore(d, list, weights) {
    let s = 0;
    list.forEach(function (t, k) { if (d.stitle.indexOf(t) >= 0 || d.snumber.indexOf(t) >= 0) s += weights[k]; });
    return TITLE * s;
  }

  /* The smallest stretch of `s` holding one occurrence of every term (occurrence lists sorted). */
  function tightest(lists) {
    const events = [];
    lists.forEach(function (l, k) { l.forEach(function (m) { events.push([m[0], m[1], k]); }); });
    events.sort(function (a, b) { return a[0] - b[0] || a[2] - b[2]; });
    const need = lists.length, have = new Map();
    let best = null, lo = 0;
    for (let hi = 0; hi < events.length; hi++) {
      have.set(events[hi][2], (have.get(events[hi][2]) || 0) + 1);
      while (have.size === need) {
        let end = 0;
        for (let k = lo; k <= hi; k++) end = Math.max(end, events[k][1]);
        if (!best || end - events[lo][0] < best[1] - best[0]) best = [events[lo][0], end];
        const c = have.get(events[lo][2]) - 1;
        if (c) have.set(events[lo][2], c); else have.delete(events[lo][2]);
        lo++;
      }
    }
    return best;
  }

  /* A checked notice: does it hold every term (strictly: without punctuation left out), and its
   * exact score; null when a term is missing. */
  function judge(d, t, list, weights, strictOnly) {
    let score = fieldScore(d, list, weights), strict = true, lists = [];
    for (let k = 0; k < list.length; k++) {
      const term = list[k], inText = occurrences(t, term), inTitle = occurrences(d.ttitle, list[k]);
      let exact = inText.filter(function (m) { return contiguous(t, m[0], m[1]); }).length +
        inTitle.filter(function (m) { return contiguous(d.ttitle, m[0], m[1]); }).length;
      const loose = inText.length + inTitle.length - exact;
      if (!(strictOnly ? exact : exact + loose) && d.snumber.indexOf(term) < 0) return null;
      if (!exact && d.snumber.indexOf(term) < 0) strict = false;
      /* An occurrence that needed punctuation left out (智慧，水务 for 智慧水务) is a weaker one. */
      score += bm25(exact + (strictOnly ? 0 : LOOSE * loose), weights[k], d.len);
      lists.push(inText.slice(0, 200));
    }
    const total = weights.reduce(function (a, b) { return a + b; }, 0);
    if (strict) score += STRICT * total;
    if (list.length > 1 && lists.every(function (l) { return l.length; })) {
      const span = tightest(lists), need = list.reduce(function (a, t) { return a + t.length; }, 0);
      if (span) score += PROX * total * Math.min(1, need / (span[1] - span[0]));
    }
    return { score: score, strict: strict };
  }

  function byScore(a, b) {
    return b.score - a.score || (b.d.date > a.d.date ? 1 : b.d.date < a.d.date ? -1 : 0) || (a.d.id < b.d.id ? -1 : 1);
  }

  /* ------------------------------------------------------------------ results */

  /* [start, end) in `flat` of every occurrence of every term, merged. */
  function marks(t, list) {
    const out = [];
    list.forEach(function (term) { occurrences(t, term).forEach(function (m) { out.push(place(t, m)); }); });
    out.sort(function (a, b) { return a[0] - b[0]; });
    const merged = [];
    out.forEach(function (s) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push(s.slice());
    });
    return merged;
  }

  function marked(flat, spans, from, to) {
    let html = "", at = from;
    spans.forEach(function (s) {
      if (s[1] <= from || s[0] >= to) return;
      const a = Math.max(from, s[0]), b = Math.min(to, s[1]);
      html += escapeHTML(flat.slice(at, a)) + "<mark>" + escapeHTML(flat.slice(a, b)) + "</mark>";
      at = b;
    });
    return html + escapeHTML(flat.slice(at, to));
  }

  /* 2024-09-26 → 2024年9月26日, as every page of the archive writes a date. */
  function displayDate(iso) {
    let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  }

  function metaLine(d) {
    let parts = [displayDate(d.date), d.issuer].filter(Boolean).map(escapeHTML);
    return parts.length ? '<p class="archive-search-meta">' + parts.join(" · ") + "</p>" : "";
  }

  /* Where a snippet may start before `at`: after the nearest clause mark within LEAD
   * characters, else never inside a number or a Latin word. */
  const LEAD = 24, BREAK = /[。！？；：，、\s]/, WORD = /[0-9A-Za-z.%]/;
  /* Is `at` inside a number or a Latin word (a word character on both sides)? */
  function inWord(flat, at) { return at > 0 && at < flat.length && WORD.test(flat[at - 1]) && WORD.test(flat[at]); }
  function startBefore(flat, at) {
    for (let i = at - 1; i >= Math.max(0, at - LEAD); i--) if (BREAK.test(flat[i])) return i + 1;
    let from = Math.max(0, at - LEAD);
    while (inWord(flat, from)) from--;
    if (from > 0 && /[\uDC00-\uDFFF]/.test(flat[from])) from--;  /* never half a surrogate pair */
    return from;
  }

  function endAfter(flat, to) {
    while (inWord(flat, to)) to++;
    if (to < flat.length && /[\uDC00-\uDFFF]/.test(flat[to])) to++;
    return to;
  }

  /* Windows of text around every term the text holds: around the tightest stretch holding all
   * of them when it is short, else around each term's first occurrence there; windows that meet
   * are merged, joined with …, every occurrence marked. */
  function snippet(t, list) {
    const lists = list.map(function (term) { return occurrences(t, term, 200); }).filter(function (l) { return l.length; });
    let anchors = [];
    if (lists.length) {
      const span = tightest(lists);
      const flatSpan = place(t, [span[0], span[1]]);
      if (flatSpan[1] - flatSpan[0] <= SNIPPET / 2) anchors = [flatSpan];
      else {
        lists.forEach(function (l) {
          const inside = l.find(function (m) { return m[0] >= span[0]; }) || l[0];
          anchors.push(place(t, inside));
        });
      }
    } else {
      anchors = [[0, 0]];
    }
    anchors.sort(function (a, b) { return a[0] - b[0]; });
    anchors = anchors.slice(0, WINDOWS);
    const each = Math.max(36, Math.floor(SNIPPET / anchors.length)), parts = [];
    anchors.forEach(function (a) {
      const from = startBefore(t.flat, a[0]);
      const to = endAfter(t.flat, Math.min(t.flat.length, Math.max(from + each, a[1])));
      const last = parts[parts.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else parts.push([from, to]);
    });
    const spans = marks(t, list);
    let html = parts[0][0] > 0 ? "…" : "";
    parts.forEach(function (p, k) { html += (k ? "…" : "") + marked(t.flat, spans, p[0], p[1]); });
    return html + (parts[parts.length - 1][1] < t.flat.length ? "…" : "");
  }

  /* Material's result: title and snippet marked, and for `?h=` each term as this notice's page
   * spells it (the reader's script, whatever the folding met). */
  function item(r, list, info) {
    const d = r.d, t = r.t, found = {};
    list.forEach(function (term) {
      const m = occurrences(t, term, 1)[0], n = occurrences(d.ttitle, term, 1)[0];
      if (m) { const p = place(t, m); found[t.flat.slice(p[0], p[1])] = true; }
      else if (n) { const p = place(d.ttitle, n); found[d.ttitle.flat.slice(p[0], p[1])] = true; }
    });
    const hidden = info ? '<span class="archive-search-info" hidden data-info="' + escapeHTML(JSON.stringify(info)) + '"></span>' : "";
    return [{
      location: "notices/" + encodeURIComponent(d.id) + ".html",
      title: marked(d.ttitle.flat, marks(d.ttitle, list), 0, d.ttitle.flat.length),
      text: hidden + "<p>" + snippet(t, list) + "</p>" + metaLine(d),
      score: r.score + 1,
      terms: found
    }];
  }

  function text(n) { return load(script + "/t/" + docs[n].id); }

  function post(token, items) {
    if (token === current) self.postMessage({ type: RESULT, data: { items: items } });
  }

  /* Years, issuers and statuses of the candidates, for the result list's filters. */
  function facets(numbers, day) {
    const year = {}, issuer = {}, st = {};
    numbers.forEach(function (n) {
      const d = docs[n];
      if (d.year) year[d.year] = (year[d.year] || 0) + 1;
      if (d.issuer) issuer[d.issuer] = (issuer[d.issuer] || 0) + 1;
      const s = status(d, day);
      st[s] = (st[s] || 0) + 1;
    });
    const top = Object.keys(issuer).sort(function (a, b) { return issuer[b] - issuer[a] || (a < b ? -1 : 1); }).slice(0, 30);
    const issuers = {};
    top.forEach(function (k) { issuers[k] = issuer[k]; });
    return { year: year, issuer: issuers, status: st };
  }

  /* One search for `list` (every term must occur): candidates from the postings, narrowed by the
   * filters, ranked by their bounds; texts loaded best first (PAGE, then up to BUDGET), each
   * checked and scored exactly. `answer(results, done, stats)` is called after the first page
   * and at the end. Resolves to the stats. */
  async function run(list, q, token, answer) {
    const day = today();
    const byTerm = await Promise.all(list.map(candidates));
    if (token !== current) return null;
    const weights = byTerm.map(function (m) { return idf(m.size); });
    const smallest = byTerm.reduce(function (a, m) { return m.size < a.size ? m : a; });
    let all = Array.from(smallest.keys()).filter(function (n) { return byTerm.every(function (m) { return m.has(n); }); });
    const facetsAll = facets(all, day);
    all = all.filter(function (n) { return passes(docs[n], q.filters, day); });
    const total = weights.reduce(function (a, b) { return a + b; }, 0);
    const extra = (list.length > 1 ? PROX : 0) * total + STRICT * total;
    const bound = all.map(function (n) {
      const d = docs[n];
      let s = fieldScore(d, list, weights) + extra;
      byTerm.forEach(function (m, k) { s += bm25(m.get(n), weights[k], d.len); });
      return { n: n, d: d, score: s };
    }).sort(byScore);
    /* A candidate needs no check when every term is one or two characters: its grams are it. */
    const checkNeeded = list.some(function (t) { return chars(t).length > 2; }) || q.strict;
    const shown = [];
    let next = 0, strictCount = 0;
    const stats = function () {
      const left = bound.length - next, rate = next ? shown.length / next : 1;
      const count = checkNeeded ? shown.length + Math.round(left * rate) : bound.length;
      return { count: count, approx: checkNeeded && left > 0, shown: shown.length, loaded: next, left: left,
               strict: strictCount, facets: facetsAll, filters: q.filters };
    };
    while (token === current && next < bound.length && next < BUDGET) {
      const batch = bound.slice(next, Math.min(BUDGET, next + (next ? PAGE : FIRST)));
      next += batch.length;
      const texts = await Promise.all(batch.map(function (r) { return text(r.n); }));
      if (token !== current) return null;
      batch.forEach(function (r, i) {
        const t = prepare(texts[i]), j = judge(r.d, t, list, weights, q.strict);
        if (!j) return;
        if (j.strict) strictCount++;
        shown.push({ n: r.n, d: r.d, t: t, score: j.score, strict: j.strict });
      });
      shown.sort(byScore);
      const done = !(next < bound.length && next < BUDGET);
      if (shown.length && !done && next === batch.length) answer(shown, false, stats());
    }
    if (token !== current) return null;
    const result = stats();
    answer(shown, true, result);
    return result;
  }

  function infoSpan(info) {
    return '<span class="archive-search-info" hidden data-info="' + escapeHTML(JSON.stringify(info)) + '"></span>';
  }

  /* Filters alone: every notice they let through, newest first (no text is loaded). */
  function listing(q, token) {
    const day = today(), every = docs.map(function (d, n) { return n; });
    const list = every.filter(function (n) { return passes(docs[n], q.filters, day); });
    list.sort(function (a, b) { return byScore({ d: docs[a], score: 0 }, { d: docs[b], score: 0 }); });
    const info = { count: list.length, approx: false, shown: list.length, filters: q.filters, facets: facets(every, day),
                   relaxed: null, query: "", terms: [], done: true };
    post(token, list.map(function (n, k) {
      const d = docs[n];
      return [{ location: "notices/" + encodeURIComponent(d.id) + ".html", title: escapeHTML(d.title),
                text: (k ? "" : infoSpan(info)) + metaLine(d), score: 1, terms: {} }];
    }));
  }

  /* The query as typed; if nothing holds it, its phrases split into the fixed dictionary's words,
   * and the answer says so (a quoted query is never relaxed). A match that needed punctuation
   * left out, with no notice holding the phrase as typed, is said too. */
  async function search(query, token) {
    const q = parse(query);
    if (!q.terms.length) return Object.keys(q.filters).length ? listing(q, token) : post(token, []);
    const answer = function (list, relaxed) {
      return function (shown, done, stats) {
        if (!shown.length) { if (done && relaxed) post(token, []); return; }
        const info = Object.assign({}, stats, { query: q.text, terms: list, done: done, checked: checked,
          relaxed: relaxed || (!stats.strict && !q.strict ? "punct" : null) });
        post(token, shown.map(function (r, k) { return item(r, list, k ? null : info); }));
      };
    };
    let checked = 0;
    const first = await run(q.terms, q, token, answer(q.terms, null));
    if (!first || first.shown) return;
    /* The phrase may still be in a candidate past the budget: the note says how many were checked. */
    if (first.left) checked = first.loaded;
    if (!q.strict && q.terms.some(function (t) { return chars(t).length > 2; })) {
      await words();
      if (token !== current) return;
      const parts = [];
      q.terms.forEach(function (t) { parts.push.apply(parts, chars(t).length > 2 ? segment(t) : [t]); });
      const list = Array.from(new Set(parts));
      if (list.length > q.terms.length) {
        await run(list, q, token, answer(list, "words"));
        return;
      }
    }
    post(token, []);
  }

  /* ------------------------------------------------------------------ protocol */

  function setup(config) {
    let a = (config && config.archive) || {};
    version = a.version || "";
    script = a.script === "hant" ? "hant" : "hans";
    return Promise.all([load("meta"), load(script + "/docs")]).then(function (res) {
      meta = res[0];
      fold = meta.fold;
      docs = res[1].map(function (row) {
        return { id: row[0], title: row[1], date: row[2], issuer: row[3], len: row[4], number: row[5] || "",
                 start: row[6] || "", end: row[7] || "", year: (row[2] || "").slice(0, 4),
                 ttitle: prepare(row[1]), stitle: "", snumber: squeezed(row[5] || ""), sissuer: squeezed(row[3]) };
      });
      docs.forEach(function (d) { d.stitle = d.ttitle.s; });
    });
  }

  let ready = null;
  self.addEventListener("message", function (ev) {
    let message = ev.data || {};
    if (message.type === SETUP) {
      ready = setup(message.data && message.data.config).then(function () {
        self.postMessage({ type: READY });
      }, function (err) {
        console.warn("archive search:", err);
        self.postMessage({ type: READY });
      });
    } else if (message.type === QUERY) {
      let token = ++current;
      (ready || Promise.resolve()).then(function () {
        if (!meta) return post(token, []);
        return search(String(message.data || ""), token);
      }).catch(function (err) {
        console.warn("archive search:", err);
        post(token, []);
      });
    }
  });
})();
