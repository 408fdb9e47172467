/* Two additions to Material's search, done by wrapping its search worker (loaded before the bundle):
 * 1. Cross-script queries. Each script has its own search index (Simplified pages search the
 *    Simplified text), so characters of the other script are replaced using
 *    {hans,hant}/search/query_map.js (built by hooks/archive.py): 巡視整改 typed on a Simplified
 *    page searches for 巡视整改.
 * 2. Exact phrases first. Lunr matches any of the query's words (segmented like the text), so a
 *    phrase copied from a notice could rank notices with only some of its words first; results
 *    whose section text holds the query verbatim move to the top (Lunr's order otherwise). */
(function () {
  "use strict";
  var Base = window.Worker;
  if (!Base) return;
  var SETUP = 0, QUERY = 2, RESULT = 3; /* SearchMessageType in Material 9.x */

  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(/[\u200b\s]/g, "");
  }

  var texts = {}; /* location → plain text of every indexed section, from the SETUP message */

  function phraseFirst(data, query) {
    var phrase = plain(query);
    if (!data || !data.items || phrase.length < 2 || /[*+\-:~^]/.test(phrase)) return data;
    function has(group) {
      return group.some(function (doc) { return (texts[doc.location] || "").indexOf(phrase) >= 0; });
    }
    var hit = [], rest = [];
    data.items.forEach(function (group) { (has(group) ? hit : rest).push(group); });
    return Object.assign({}, data, { items: hit.concat(rest) });
  }

  function convert(text) {
    var map = window.__archiveQueryMap;
    if (!map || typeof text !== "string") return text;
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var code = text.codePointAt(i), ch = String.fromCodePoint(code);
      if (code > 0xffff) i++;
      out += Object.prototype.hasOwnProperty.call(map, ch) ? map[ch] : ch;
    }
    return out;
  }

  function ArchiveWorker(url, options) {
    var worker = new Base(url, options);
    var post = worker.postMessage, listen = worker.addEventListener;
    var lastQuery = "";
    worker.postMessage = function (message) {
      if (message && message.type === SETUP && message.data && message.data.docs) {
        message.data.docs.forEach(function (doc) { texts[doc.location] = plain(doc.title + doc.text); });
      }
      if (message && message.type === QUERY) {
        lastQuery = convert(message.data);
        message = { type: QUERY, data: lastQuery };
      }
      return post.apply(worker, [message].concat([].slice.call(arguments, 1)));
    };
    worker.addEventListener = function (type, listener, opts) {
      if (type !== "message" || typeof listener !== "function") return listen.apply(worker, arguments);
      return listen.call(worker, type, function (ev) {
        var data = ev.data;
        if (data && data.type === RESULT) data = { type: RESULT, data: phraseFirst(data.data, lastQuery) };
        listener.call(worker, data === ev.data ? ev : { data: data, type: ev.type, target: ev.target });
      }, opts);
    };
    return worker;
  }
  ArchiveWorker.prototype = Base.prototype;
  window.Worker = ArchiveWorker;
  window.archiveConvertQuery = convert;
})();
