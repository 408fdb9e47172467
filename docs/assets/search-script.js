/* Cross-script queries. Each script has its own search index (Simplified pages search the
 * Simplified text), so before Material's search worker receives a query, characters of the
 * other script are replaced using {hans,hant}/search/query_map.js (built by hooks/archive.py):
 * 巡視整改 typed on a Simplified page searches for 巡视整改. Loaded before Material's bundle. */
(function () {
  "use strict";
  var Base = window.Worker;
  if (!Base) return;
  var QUERY = 2; /* SearchMessageType.QUERY in Material 9.x */

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
    var post = worker.postMessage;
    worker.postMessage = function (message) {
      if (message && message.type === QUERY) {
        message = { type: QUERY, data: convert(message.data) };
      }
      return post.apply(worker, [message].concat([].slice.call(arguments, 1)));
    };
    return worker;
  }
  ArchiveWorker.prototype = Base.prototype;
  window.Worker = ArchiveWorker;
  window.archiveConvertQuery = convert;
})();
