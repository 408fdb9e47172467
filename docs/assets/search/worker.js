/* The archive's search worker. It replaces Material's Lunr worker behind Material's own search UI
 * and speaks its protocol: SETUP → READY, QUERY → RESULT ({items: [[{location, title, text,
 * score, terms}], …]}). The index is written by hooks/search_index.py (see its docstring):
 *
 *   search/meta.js          fold table (Traditional/Simplified, full-width, case), dictionary
 *   search/p/NNN.js         postings shards: unigram/bigram → notice numbers (delta-coded)
 *   search/<script>/docs.js id, title, date, issuer of every notice in the reader's script
 *   search/<script>/t/ID.js a notice's text in the reader's script (snippets, phrase check)
 *
 * A query is folded like the text, split at spaces and punctuation into terms, and each term is
 * looked up by its bigrams; a notice must hold every term. Terms longer than a bigram are checked
 * against the notice's text before it is shown (n-grams alone allow 农业…业发 for 农业发), the
 * way code-search engines verify trigram candidates. A term found nowhere is segmented with the
 * dictionary (港澳办巡视整改 → 港澳办 + 巡视整改). Results come in the reader's script.
 *
 * Runs as a Web Worker over HTTP, and inside Material's iframe-worker shim from file:// (the
 * offline bundle), where fetch() is refused and index files are loaded as <script> elements. */
(function () {
  "use strict";

  let SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  const PAGE = 10;     /* results checked and given snippets before the first answer */
  const BUDGET = 300;  /* most notices whose text is loaded to fill that first page */
  const CHECKED = 40;  /* candidates checked in all before the second answer (each text is ~10 KB:
                          a reader on a slow line should not pay megabytes for a common phrase) */
  let SNIPPET = 110;   /* characters of context shown per result */

  let here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src : self.location.href;
  let root = new URL("../../search/", here);
  let byScript = root.protocol === "file:" || typeof fetch !== "function";

  let version = "", script = "hans";
  let meta = null, docs = [], fold = {}, dict = null, longest = 1;
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
  let NON_WORD = /[^\p{L}\p{N}]+/u;

  function terms(query) {
    let seen = new Set(), out = [];
    folded(query).split(NON_WORD).forEach(function (t) {
      if (t && !seen.has(t)) { seen.add(t); out.push(t); }
    });
    return out;
  }

  /* Forward maximum matching with the dictionary; characters between words stay together. */
  function segment(term) {
    let cs = chars(term), out = [], run = "";
    for (let i = 0; i < cs.length;) {
      let word = null;
      for (let n = Math.min(longest, cs.length - i); n >= 2 && !word; n--) {
        let w = cs.slice(i, i + n).join("");
        if (dict.has(w)) word = w;
      }
      if (word) {
        if (run) { out.push(run); run = ""; }
        out.push(word);
        i += chars(word).length;
      } else {
        run += cs[i++];
      }
    }
    if (run) out.push(run);
    return out;
  }

  /* ------------------------------------------------------------------ postings */

  function shardOf(gram) {
    let h = 0;
    for (let ch of gram) h = (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0;
    return "p/" + (h % meta.shards).toString(16).padStart(3, "0");
  }

  function posting(gram) {
    if (postingCache.has(gram)) return Promise.resolve(postingCache.get(gram));
    return load(shardOf(gram)).then(function (shard) {
      let d = shard[gram] || [], list = new Array(d.length), n = 0;
      for (let i = 0; i < d.length; i++) list[i] = n += d[i];
      postingCache.set(gram, list);
      return list;
    });
  }

  function intersect(lists) {
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    let out = lists[0] || [];
    for (let k = 1; k < lists.length && out.length; k++) {
      let other = new Set(lists[k]);
      out = out.filter(function (n) { return other.has(n); });
    }
    return out;
  }

  function candidates(term) {
    let cs = chars(term), grams = cs.length === 1 ? cs : [];
    for (let i = 1; i < cs.length; i++) grams.push(cs[i - 1] + cs[i]);
    return Promise.all(Array.from(new Set(grams)).map(posting)).then(intersect);
  }

  /* ------------------------------------------------------------------ results */

  function rank(numbers, list) {
    function score(n) {
      let d = docs[n], s = 0;
      list.forEach(function (t) {
        if (d.ftitle.indexOf(t) >= 0) s += 10;
        if (d.fissuer.indexOf(t) >= 0) s += 4;
      });
      return s;
    }
    return numbers.map(function (n) { return { n: n, score: score(n) }; }).sort(function (a, b) {
      return b.score - a.score || (docs[b.n].date > docs[a.n].date ? 1 : docs[b.n].date < docs[a.n].date ? -1 : 0)
        || (docs[a.n].id < docs[b.n].id ? -1 : 1);
    });
  }

  /* [start, end) of every occurrence of every term in folded text, merged. */
  function spans(ftext, list) {
    let out = [];
    list.forEach(function (t) {
      for (let i = ftext.indexOf(t); i >= 0; i = ftext.indexOf(t, i + t.length)) out.push([i, i + t.length]);
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    let merged = [];
    out.forEach(function (s) {
      let last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push(s.slice());
    });
    return merged;
  }

  function marked(text, ftext, list, from, to) {
    let html = "", at = from;
    spans(ftext.slice(from, to), list).forEach(function (s) {
      html += escapeHTML(text.slice(at, from + s[0])) + "<mark>" + escapeHTML(text.slice(from + s[0], from + s[1])) + "</mark>";
      at = from + s[1];
    });
    return html + escapeHTML(text.slice(at, to));
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

  /* A notice's text on one line, and folded: folding keeps places, so a match in `folded`
   * is at the same place in `flat`. */
  function prepare(text) {
    const flat = text.replace(/\s*\n\s*/g, " ");
    return { flat: flat, folded: folded(flat) };
  }

  /* Does the notice (title or text) hold every term? */
  function holds(d, t, list) {
    return list.every(function (term) { return d.ftitle.indexOf(term) >= 0 || t.folded.indexOf(term) >= 0; });
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
    return from;
  }

  function endAfter(flat, to) {
    while (inWord(flat, to)) to++;
    return to;
  }

  /* The text around the first occurrence of every term the text holds (one fragment each,
   * fragments that meet merged), marked, with … where text is left out. */
  function snippet(t, list) {
    let firsts = list.map(function (term) { return t.folded.indexOf(term); }).filter(function (i) { return i >= 0; });
    firsts.sort(function (a, b) { return a - b; });
    if (!firsts.length) firsts = [0];
    let each = Math.max(40, Math.floor(SNIPPET / firsts.length)), parts = [];
    firsts.forEach(function (i) {
      let from = startBefore(t.flat, i), to = endAfter(t.flat, Math.min(t.flat.length, Math.max(from + each, i + 1)));
      let last = parts[parts.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else parts.push([from, to]);
    });
    let html = parts[0][0] > 0 ? "…" : "";
    parts.forEach(function (p, k) {
      html += (k ? "…" : "") + marked(t.flat, t.folded, list, p[0], p[1]);
    });
    return html + (parts[parts.length - 1][1] < t.flat.length ? "…" : "");
  }

  /* Material's result: title and snippet marked, and for `?h=` each term as this notice's script
   * spells it. Without the text (not loaded), the date and issuer stand in for the snippet. */
  function item(r, list, t) {
    let d = docs[r.n], found = {}, body = metaLine(d);
    if (t) {
      list.forEach(function (term) {
        let i = t.folded.indexOf(term), j = d.ftitle.indexOf(term);
        if (i >= 0) found[t.flat.slice(i, i + term.length)] = true;
        else if (j >= 0) found[d.title.slice(j, j + term.length)] = true;
      });
      body = "<p>" + snippet(t, list) + "</p>" + body;
    } else {
      list.forEach(function (term) { found[term] = true; });
    }
    return [{
      location: "notices/" + encodeURIComponent(d.id) + ".html",
      title: marked(d.title, d.ftitle, list, 0, d.title.length),
      text: body,
      score: r.score + 1,
      terms: found
    }];
  }

  function text(n) { return load(script + "/t/" + docs[n].id); }

  function post(token, items) {
    if (token === current) self.postMessage({ type: RESULT, data: { items: items } });
  }

  /* Answer with the first page of checked results (the rest listed unchecked, titles only), then,
   * when phrases must be checked, once more after checking the first CHECKED candidates; notices
   * further down are listed on the strength of their bigrams, which in practice means the
   * phrase (a false one needs every bigram of the phrase elsewhere in it). Returns false,
   * without answering, when nothing holds the terms and `last` is not set. */
  async function run(list, token, last) {
    const sets = await Promise.all(list.map(candidates));
    if (token !== current) return true;
    const ranked = rank(intersect(sets), list);
    const check = list.some((t) => chars(t).length > 2);
    const shown = [];
    let next = 0;
    const rest = () => ranked.slice(next).map((r) => item(r, list));

    async function verify(limit, enough) {
      while (token === current && next < ranked.length && next < limit && !enough()) {
        const batch = ranked.slice(next, next + PAGE);
        next += batch.length;
        const texts = await Promise.all(batch.map((r) => text(r.n)));
        batch.forEach((r, i) => {
          const t = prepare(texts[i]);
          if (holds(docs[r.n], t, list)) shown.push(item(r, list, t));
        });
      }
    }

    await verify(BUDGET, () => shown.length >= PAGE);
    if (!shown.length && next >= ranked.length && !last) return false;
    post(token, shown.concat(rest()));
    if (check && next < ranked.length && next < CHECKED) {
      await verify(CHECKED, () => false);
      post(token, shown.concat(rest()));
    }
    return true;
  }

  /* The query as typed; if nothing holds it, its terms segmented with the dictionary. */
  async function search(query, token) {
    const list = terms(query);
    if (!list.length) return post(token, []);
    const parts = [];
    list.forEach((t) => parts.push(...(chars(t).length > 2 ? segment(t) : [t])));
    const retry = parts.length > list.length;
    if (!(await run(list, token, !retry)) && retry) await run(Array.from(new Set(parts)), token, true);
  }

  /* ------------------------------------------------------------------ protocol */

  function setup(config) {
    let a = (config && config.archive) || {};
    version = a.version || "";
    script = a.script === "hant" ? "hant" : "hans";
    return Promise.all([load("meta"), load(script + "/docs")]).then(function (res) {
      meta = res[0];
      fold = meta.fold;
      dict = new Set(meta.dict);
      meta.dict.forEach(function (w) { longest = Math.max(longest, chars(w).length); });
      docs = res[1].map(function (row) {
        return { id: row[0], title: row[1], date: row[2], issuer: row[3], ftitle: folded(row[1]), fissuer: folded(row[3]) };
      });
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
