"""Search latency and quality on a built site: `python -m benchmarks.search_latency SITE [--docs DOCS]`.

SITE is a built site folder, e.g. the one kept by `./archive bench --n 1000 --keep DIR` (DIR/site,
with the converted Markdown in DIR/docs). The site is served on 127.0.0.1 and opened in Chromium
(Debian's, driven by Playwright); every query of tests/search/queries.yml is typed on a page of its
script in Material's search box, and:

- latency: from the last keystroke to the first result item in the list, both timed in the page
  with performance.now() (a keyup/input listener on the search box and a MutationObserver on the
  document). The query is inserted as one input event and then the End key is pressed: Material
  reads the query on keyup, so exactly one search runs and the End keyup is the last keystroke.
  For a query that finds nothing, the time until the result count says so. The first query of each
  script is typed right after the page's load event, so it includes fetching and loading the search
  index: reported as cold, apart from the warm queries (median, p95, max);
- recall@10 against the expected notices of the query set (the generated 1,000-notice archive, plus
  the samples when the site has them), restricted to the notices present in the site, and precision
  of the top 10 over the notices the query set knows (a notice added after the 1,000, such as the
  benchmark's rebuild notice, is not counted either way). A larger archive (10,000 notices) is
  judged by the same oracle the query set was made with (tests/search/make_queries.py: OpenCC t2s
  and substrings of the converted Markdown), run here over DOCS;
- nDCG@10 over graded relevance from that oracle, which knows nothing of the engine: 3 = every
  term in the title, 2 = every term at least three times in the notice, 1 = every term present;
- bytes per query: the Content-Length of every response during the query (index shards and texts
  the worker fetches), the number of notice texts among them, and the worst query's bytes, texts
  and latency (the worker loads at most a fixed budget of texts a query);
- size: index bytes = every file under SITE/<script>/search (SITE/search when there is no
  per-script folder), text bytes = UTF-8 bytes of the notices' Markdown in DOCS/<script>/notices
  without front matter, and their ratio, per script.

Importable: measure(site, docs) returns the figures as a dict and print_report() prints them
(benchmarks.run calls it with --search).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import math
import os
import re
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search" / "queries.yml"
SCRIPTS = ("hans", "hant")
TOP = 10
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# Timing in the page: the last input/keyup on the search box, the first result item after it, and the
# first change of the result count text (for queries that find nothing).
TIMING_JS = """
(() => {
  const t = window.__searchTiming = {armed: false, key: 0, first: 0, meta: 0, metaBefore: ""};
  const box = e => e.target && e.target.matches && e.target.matches("input.md-search__input");
  // The query's last keystroke: a key or input that changed the box's value (the End key's keyup
  // after an answer already shown must not restart the clock).
  const key = e => {
    if (!t.armed || !box(e) || e.target.value === t.value) return;
    t.value = e.target.value; t.key = performance.now(); t.first = 0; t.meta = 0;
  };
  document.addEventListener("keyup", key, true);
  document.addEventListener("input", key, true);
  const seen = () => {
    if (!t.armed || !t.key) return;
    const now = performance.now();
    if (!t.first && document.querySelector("li.md-search-result__item")) t.first = now;
    const meta = document.querySelector(".md-search-result__meta");
    const text = meta ? meta.textContent.trim() : "";
    if (!t.meta && text && text !== t.metaBefore && !text.includes("初始化")) t.meta = now;
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true, characterData: true});
})();
"""

# In-page check: has the result list reached a state other than `before` and stayed unchanged for
# `settle` ms? The state is the meta text plus the href of every result link; a list marked
# aria-busy (a first answer, more results on their way: assets/archive.js) is not settled.
SETTLED_JS = """([before, settle, initialising]) => {
  const meta = document.querySelector(".md-search-result__meta");
  const text = meta ? meta.textContent.trim() : "";
  if (document.querySelector(".md-search-result__list[aria-busy=true]")) { window.__searchState = null; return false; }
  const links = [...document.querySelectorAll("li.md-search-result__item a.md-search-result__link")];
  const state = text + "\\n" + links.map(a => a.getAttribute("href")).join("\\n");
  const now = performance.now();
  if (state !== window.__searchState) { window.__searchState = state; window.__searchSince = now; return false; }
  if (text === before || !text || initialising.some(s => text.includes(s))) return false;
  return now - window.__searchSince >= settle;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("needs Debian's chromium (apt-get install chromium) or CHROMIUM=/path")


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def index_bytes(site: Path, script: str) -> tuple[int, str]:
    """Bytes of the search index a page of `script` may load, and what was counted: the shared
    files under SITE/search (fold table, dictionary, postings) plus the script's own docs table and
    texts (SITE/search/<script>) and Material's stub (SITE/<script>/search); not the other script's."""
    shared = site / "search"
    other = "hant" if script == "hans" else "hans"
    total = tree_bytes(site / script / "search")
    if shared.is_dir():
        total += sum(p.stat().st_size for p in shared.rglob("*")
                     if p.is_file() and not p.is_relative_to(shared / other))
    return total, f"search/ without search/{other}/, {script}/search"


def text_bytes(docs: Path, script: str) -> int:
    """UTF-8 bytes of the notices' Markdown without front matter, in one script."""
    total = 0
    for path in (docs / script / "notices").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text[4:].partition("\n---\n")[2]
        total += len(text.encode("utf-8"))
    return total


def notice_id(href: str) -> str:
    path = unquote(urlsplit(href).path)
    match = re.search(r"/(?:hans|hant)/notices/([^/]+)\.html$", path)
    return match.group(1) if match else path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def load_queries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def oracle(docs: Path) -> dict[str, tuple[str, str]]:
    """{notice id: (title, title + body)} of the Simplified Markdown, as make_queries reads it."""
    from tests.search.make_queries import notice_text

    out = {}
    for path in sorted((docs / "hans" / "notices").glob("*.md")):
        text = notice_text(path.read_text(encoding="utf-8"))
        out[path.stem] = (text.partition("\n")[0], text)
    return out


def grades(texts: dict[str, tuple[str, str]], query: str) -> dict[str, int]:
    """Graded relevance of every notice holding every term (see the module docstring)."""
    from tests.search.make_queries import terms_of

    terms = terms_of(query)
    out = {}
    for notice, (title, text) in texts.items():
        if all(t in text for t in terms):
            out[notice] = 3 if all(t in title for t in terms) else 2 if min(text.count(t) for t in terms) >= 3 else 1
    return out


def ndcg(top: list[str], graded: dict[str, int], k: int = TOP) -> float | None:
    def dcg(gains) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(graded.values(), reverse=True))
    return dcg([graded.get(n, 0) for n in top]) / ideal if ideal else None


def one_query(page, query: str, timeout_ms: int, settle_ms: int, responses: list | None = None) -> dict:
    """Type one query; latency (ms) to the first result or to the count saying none, the result
    hrefs, and the bytes and texts fetched meanwhile (from `responses`, filled by the caller)."""
    page.bring_to_front()  # a page behind another has its timers throttled
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    # Wait for the empty box's answer (the placeholder), so that a query answered with the same
    # "no results" text as the previous one is still seen to be answered.
    page.wait_for_function("""() => {
        const m = document.querySelector('.md-search-result__meta');
        const t = JSON.parse(document.getElementById('__config').textContent).translations;
        return document.querySelectorAll('li.md-search-result__item').length === 0
            && m && m.textContent.trim() === t['search.result.placeholder'];
    }""")
    page.evaluate("""() => { const t = window.__searchTiming; const m = document.querySelector('.md-search-result__meta');
                             Object.assign(t, {armed: true, key: 0, first: 0, meta: 0, value: '',
                                               metaBefore: m ? m.textContent.trim() : ''}); }""")
    if responses is not None:
        responses.clear()
    page.keyboard.insert_text(query)
    box.press("End")
    page.wait_for_function("() => { const t = window.__searchTiming; return t.first > 0 || t.meta > 0; }",
                           timeout=timeout_ms, polling=20)
    page.wait_for_function(SETTLED_JS, arg=["", settle_ms, []], polling=50, timeout=timeout_ms)
    timing = page.evaluate("() => Object.assign({}, window.__searchTiming)")
    page.evaluate("() => { window.__searchTiming.armed = false; }")
    hrefs = page.locator("li.md-search-result__item").evaluate_all(
        "els => els.map(li => li.querySelector('a.md-search-result__link').href)")
    end = timing["first"] or timing["meta"]
    fetched = list(responses or [])
    return {"latency_ms": end - timing["key"], "found": bool(timing["first"]), "hrefs": hrefs,
            "meta": page.locator(".md-search-result__meta").inner_text().strip(),
            "bytes": sum(size for _, size in fetched), "texts": sum("/t/" in url for url, _ in fetched)}


def measure(site: Path, docs: Path | None = None, queries_file: Path = QUERIES, *, timeout_s: float = 60,
            settle_ms: int = 300, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    site = Path(site).resolve()
    docs = Path(docs).resolve() if docs else (site.parent / "docs")
    entries = load_queries(queries_file)
    present = {p.stem for p in (site / "hans" / "notices").glob("*.html")}
    # Every id the oracle was run over: the samples + generate(generated_n) (not just the ids found).
    generated_n = yaml.safe_load(queries_file.read_text(encoding="utf-8")).get("generated_n", 1000)
    universe = {i for i in present if re.fullmatch(r"\d{5}_[0-9a-f]{16}", i) and int(i[:5]) < generated_n}
    universe |= {i for i in present if re.fullmatch(r"\d{3}_[0-9a-f]{16}", i)}
    # The expected notices are known for the first generated_n generated notices only: in a larger
    # archive newer unknown notices fill the top 10, so recall@10 would say nothing.
    judge = len(present - universe) <= max(1, len(present) // 100)
    texts = oracle(docs) if docs.is_dir() else {}
    if not judge and texts:  # a larger archive: the oracle over its own Markdown
        universe, judge = set(texts), True
    fig: dict = {"site": str(site), "docs": str(docs) if docs.is_dir() else None, "notices": len(present),
                 "scripts": {}, "queries": []}
    for script in SCRIPTS:
        size, folder = index_bytes(site, script)
        text = text_bytes(docs, script) if docs.is_dir() else 0
        fig["scripts"][script] = {"index_bytes": size, "index_folder": folder, "text_bytes": text,
                                  "ratio": size / text if text else None}
    server, url = serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            context.add_init_script(TIMING_JS)
            responses: list[tuple[str, int]] = []

            def seen(response) -> None:
                if "/search/" in response.url:
                    responses.append((response.url, int(response.headers.get("content-length") or 0)))

            context.on("response", seen)
            pages = {}
            for entry in entries:
                script = entry["script"]
                cold = script not in pages
                if cold:
                    pages[script] = context.new_page()
                    pages[script].set_default_timeout(timeout_s * 1000)
                    pages[script].goto(f"{url}/{script}/index.html", wait_until="load")
                result = one_query(pages[script], entry["query"], int(timeout_s * 1000), settle_ms, responses)
                top = list(dict.fromkeys(notice_id(h) for h in result["hrefs"]))[:TOP]
                graded = grades(texts, entry["query"]) if texts else {}
                if texts and universe == set(texts):
                    expected = set(graded)
                else:
                    expected = (set(entry["expected"]["samples"]) | set(entry["expected"]["generated"])) & present
                judged = [i for i in top if i in universe]
                if not judge:
                    expected = set()
                hits = len(expected & set(top))
                row = {"query": entry["query"], "script": script, "category": entry["category"], "cold": cold,
                       "latency_ms": result["latency_ms"], "found": result["found"], "meta": result["meta"],
                       "expected": len(expected), "top": top,
                       "recall": hits / min(TOP, len(expected)) if expected else None,
                       "ndcg": ndcg(top, {n: g for n, g in graded.items() if n in expected}) if expected else None,
                       "bytes": result["bytes"], "texts": result["texts"],
                       "precision": len(expected & set(judged)) / len(judged) if judged else (0.0 if expected else None)}
                fig["queries"].append(row)
                recall = "-" if row["recall"] is None else f"{row['recall']:.2f}"
                log(f"  {script} {'cold' if cold else 'warm'} {row['latency_ms']:8.1f} ms  recall {recall}  "
                    f"{row['bytes'] / 1024:7.1f} KB {row['texts']:3d} texts  {entry['query']}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    rows = fig["queries"]
    warm = [r["latency_ms"] for r in rows if not r["cold"]]
    fig["cold_ms"] = {r["script"]: r["latency_ms"] for r in rows if r["cold"]}
    fig["warm_ms"] = {"n": len(warm), "median": statistics.median(warm), "p95": percentile(warm, 0.95), "max": max(warm)} \
        if warm else None
    scored = [r for r in rows if r["recall"] is not None]
    fig["mean_recall_at_10"] = sum(r["recall"] for r in scored) / len(scored) if scored else None
    fig["mean_precision"] = sum(r["precision"] for r in scored) / len(scored) if scored else None
    fig["queries_scored"] = len(scored)
    graded_rows = [r for r in rows if r["ndcg"] is not None]
    fig["mean_ndcg_at_10"] = sum(r["ndcg"] for r in graded_rows) / len(graded_rows) if graded_rows else None
    warm_rows = [r for r in rows if not r["cold"]] or rows
    fig["bytes"] = {"median": statistics.median(r["bytes"] for r in warm_rows),
                    "max": max(r["bytes"] for r in warm_rows), "texts_max": max(r["texts"] for r in rows)}
    worst = max(warm_rows, key=lambda r: (r["bytes"], r["latency_ms"]))
    slowest = max(warm_rows, key=lambda r: r["latency_ms"])
    fig["worst"] = {"bytes": {k: worst[k] for k in ("query", "script", "bytes", "texts", "latency_ms")},
                    "time": {k: slowest[k] for k in ("query", "script", "bytes", "texts", "latency_ms")}}
    return fig


def human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n:.0f} B"
        n /= 1024
    return str(n)


def print_report(fig: dict, out=sys.stdout) -> None:
    print(f"Search latency and quality: {fig['site']} ({fig['notices']} notices per script)", file=out)
    for script, s in fig["scripts"].items():
        ratio = f" = {s['ratio']:.2f}× the text" if s["ratio"] else ""
        print(f"  {script}: index {human(s['index_bytes'])} ({s['index_folder']}), text {human(s['text_bytes'])}{ratio}",
              file=out)
    for script, ms in fig["cold_ms"].items():
        print(f"  cold first query ({script}, includes loading the index): {ms:.0f} ms", file=out)
    if fig["warm_ms"]:
        w = fig["warm_ms"]
        print(f"  warm queries ({w['n']}): median {w['median']:.0f} ms, p95 {w['p95']:.0f} ms, max {w['max']:.0f} ms", file=out)
    if not fig["queries_scored"]:
        print("  recall@10 not measured: the query set knows the expected notices of the first "
              "1,000 generated notices and the samples only", file=out)
    if fig["mean_recall_at_10"] is not None:
        print(f"  mean recall@10 {fig['mean_recall_at_10']:.3f}, mean precision {fig['mean_precision']:.3f} "
              f"({fig['queries_scored']} queries)", file=out)
    if fig.get("mean_ndcg_at_10") is not None:
        print(f"  mean nDCG@10 {fig['mean_ndcg_at_10']:.3f} (graded by the oracle: title 3, ≥3 times 2, present 1)",
              file=out)
    if fig.get("bytes"):
        b = fig["bytes"]
        print(f"  bytes per warm query: median {human(b['median'])}, max {human(b['max'])}; "
              f"most texts loaded by one query {b['texts_max']}", file=out)
        for what, w in fig["worst"].items():
            print(f"  worst query by {what}: {w['script']} {w['query']}: {human(w['bytes'])}, {w['texts']} texts, "
                  f"first result {w['latency_ms']:.0f} ms", file=out)
    misses = [r for r in fig["queries"] if r["recall"] is not None and r["recall"] < 1]
    for r in misses:
        print(f"    recall {r['recall']:.2f} precision {r['precision']:.2f}  {r['script']} {r['query']}  ({r['meta']})", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_latency", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="built site folder (e.g. DIR/site of ./archive bench --keep DIR)")
    parser.add_argument("--docs", type=Path, help="the converted Markdown (default: SITE/../docs)")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="query set (default tests/search/queries.yml)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one query's results")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no per-query lines")
    args = parser.parse_args(argv)
    if not (args.site / "hans" / "notices").is_dir():
        parser.error(f"{args.site}: not a built archive site (no hans/notices/)")
    started = time.perf_counter()
    fig = measure(args.site, args.docs, args.queries, timeout_s=args.timeout,
                  log=(lambda *_: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True)))
    fig["seconds"] = time.perf_counter() - started
    print_report(fig)
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
