"""Search quality in the browser (issue #5): what Chinese readers type, in either script.

The site is built once for this module with `mkdocs build --strict` from a copy of the project,
the five sample notices and the first N_GENERATED notices of the generated benchmark archive
(benchmarks.generate; a prefix of the 1,000-notice archive), served on 127.0.0.1 and driven in
Chromium through Material's search box. The queries and the notices each must find are data:
tests/search/queries.yml, computed by tests/search/make_queries.py from an OpenCC t2s + substring
oracle that knows nothing about the search engine.

For every query: recall@10 = |expected ∩ top 10| / min(10, |expected|) and precision =
|top 10 ∩ expected| / |top 10| (0 when nothing is found), with the expected notices restricted to
those in the built archive. The report goes to stdout and tests/artifacts/search_report.txt.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import ARTIFACTS, ROOT, build_site, copy_project, script_pages, serve

from benchmarks.generate import generate
from benchmarks.search_latency import SETTLED_JS  # the one definition of a settled result list

QUERIES_FILE = ROOT / "tests" / "search" / "queries.yml"
N_GENERATED = 120  # generated notices in the test archive (make_queries.TEST_SITE_N: its review column)
TOP = 10
MIN_RECALL = 0.95
MIN_PRECISION = 0.9
SETTLE_MS = 300  # the result list is settled when nothing in it changed for this long
SAMPLE_IDS = sorted(p.stem for p in (ROOT / "notices").glob("*.txt"))

# Material's search box and result list (its worker protocol stays, whatever the engine).
BOX = "input.md-search__input"
ITEM = "li.md-search-result__item"
META = ".md-search-result__meta"
# The text Material shows while its worker loads the index, in the zh and zh-Hant interface languages.
INITIALISING = ("初始化",)

def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


QUERIES = load_queries()


def expected_in_archive(entry: dict, n_generated: int = N_GENERATED) -> set[str]:
    """The notices a query must find in an archive of the samples + the first n generated notices."""
    generated = {i for i in entry["expected"]["generated"] if int(i.split("_")[0]) < n_generated}
    return set(entry["expected"]["samples"]) | generated


def notice_id(href: str) -> str:
    """The notice id of a result link, or the link's path when it is not a notice page."""
    path = unquote(urlsplit(href).path)
    match = re.search(r"/(?:hans|hant)/notices/([^/]+)\.html$", path)
    return match.group(1) if match else path


def page_script(href: str) -> str | None:
    match = re.search(r"/(hans|hant)/", unquote(urlsplit(href).path))
    return match.group(1) if match else None


def to_script(text: str, script: str) -> str:
    """The query as the site's pages write it: the archive's own conversion (word by word, in
    the configured Traditional standard)."""
    from converters.scripts import to_script as convert

    return convert(text, script)


def open_search(page) -> None:
    page.bring_to_front()  # a page behind another has its timers throttled to one a second
    box = page.locator(BOX)
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box.click()


def clear_search(page) -> str:
    """Empty the search box with real key presses; returns the meta text of the empty box."""
    open_search(page)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("document.querySelector('input.md-search__input').value === ''")
    page.wait_for_function("() => document.querySelectorAll('li.md-search-result__item').length === 0")
    return page.locator(META).inner_text().strip()


def start_search(page, query: str) -> str:
    """Put `query` into Material's search box as an input method commits it; returns the meta
    text before it."""
    before = clear_search(page)
    box = page.locator(BOX)
    box.fill(query)
    # An input method delivers Chinese as input events without keys; Material reads the query on
    # keyup, as after the IME commits a word. End adds that keyup without changing the text.
    box.press("End")
    return before


def finish_search(page, before: str) -> tuple[list[str], str]:
    """When the result list has settled, the hrefs of its results (one per page, in order) and the meta text."""
    page.wait_for_function(SETTLED_JS, arg=[before, SETTLE_MS, list(INITIALISING)], polling=50, timeout=20000)
    # One item per page: its first link is the page (or, when only a section matched, the page's
    # title link followed by the section's); later links are sections of the same page.
    hrefs = page.locator(ITEM).evaluate_all("els => els.map(li => li.querySelector('a.md-search-result__link').href)")
    return hrefs, page.locator(META).inner_text().strip()


def search(page, query: str) -> tuple[list[str], str]:
    return finish_search(page, start_search(page, query))


def top_notices(hrefs: list[str], n: int = TOP) -> list[str]:
    """The first n distinct notices (or other pages) of a result list, in order."""
    return list(dict.fromkeys(notice_id(h) for h in hrefs))[:n]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    """The search test archive: a site built from the samples + N_GENERATED generated notices, and
    (started first, built alongside) the offline bundle of the samples, unzipped."""
    work = tmp_path_factory.mktemp("search")
    offline_project = copy_project(work / "offline-project")
    zip_path = work / "archive-offline.zip"
    offline = subprocess.Popen(
        [sys.executable, "-m", "hooks.offline", "-o", str(zip_path)], cwd=offline_project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    raw = work / "raw"
    raw.mkdir()
    for path in (ROOT / "notices").iterdir():
        if path.is_file():
            shutil.copy2(path, raw / path.name)
    generate(N_GENERATED, raw)
    project = copy_project(work / "project", raw)
    site = work / "site"
    build_site(project, site)
    log, _ = offline.communicate(timeout=600)
    if offline.returncode:
        pytest.fail(f"offline bundle build failed:\n{log.decode(errors='replace')}")
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(work / "unzipped")
    ids = {p.stem for p in (site / "hans" / "notices").glob("*.html")}
    server, url = serve(site)
    yield {"site": site, "url": url, "ids": ids, "offline": work / "unzipped" / "archive-offline"}
    server.shutdown()
    server.server_close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10000)
        page.js_errors = []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def search_page(browser, archive):
    """One page per script for the whole module (loading the search index once, not per test);
    tests search from whatever page of that script it is on."""
    yield from script_pages(browser, archive["url"])


def test_the_test_archive_holds_every_notice_the_query_set_expects(archive):
    assert len(QUERIES) >= 40
    assert len(archive["ids"]) == len(SAMPLE_IDS) + N_GENERATED
    for entry in QUERIES:
        expected = expected_in_archive(entry)
        assert expected, f"{entry['query']}: nothing to find in the test archive"
        assert expected <= archive["ids"], f"{entry['query']}: {sorted(expected - archive['ids'])} not built"


def test_search_recall_and_precision_over_the_query_set(search_page):
    # One query at a time, on the page in front (see open_search).
    results: dict[int, tuple[list[str], str]] = {}
    for i, entry in enumerate(QUERIES):
        results[i] = search(search_page(entry["script"]), entry["query"])
    rows = []
    for i, entry in enumerate(QUERIES):
        hrefs, meta = results[i]
        top = top_notices(hrefs)
        expected = expected_in_archive(entry)
        hits = len(expected & set(top))
        recall = hits / min(TOP, len(expected))
        precision = hits / len(top) if top else 0.0
        rows.append({"entry": entry, "top": top, "meta": meta, "recall": recall, "precision": precision,
                     "expected": len(expected)})
    mean_recall = sum(r["recall"] for r in rows) / len(rows)
    mean_precision = sum(r["precision"] for r in rows) / len(rows)
    report = format_report(rows, mean_recall, mean_precision,
                           f"archive: {len(SAMPLE_IDS)} samples + {N_GENERATED} generated notices")
    print(report)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "search_report.txt").write_text(report + "\n", encoding="utf-8")
    assert not search_page("hans").js_errors + search_page("hant").js_errors
    failing = [f"{r['entry']['query']} ({r['recall']:.2f})" for r in rows if r["recall"] < 1]
    assert mean_recall >= MIN_RECALL, f"mean recall@10 {mean_recall:.3f}; below 1: {', '.join(failing)}"
    assert mean_precision >= MIN_PRECISION, f"mean precision {mean_precision:.3f}"


def format_report(rows: list[dict], mean_recall: float, mean_precision: float, title: str) -> str:
    def width(text: str) -> int:
        return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)

    def pad(text: str, n: int) -> str:
        return text + " " * max(0, n - width(text))

    qw = max(width(r["entry"]["query"]) for r in rows) + 2
    lines = [f"Search quality, top {TOP} ({title})",
             f"{pad('query', qw)}{'page':<6}{'category':<11}{'exp':>5} {'recall':>7} {'prec':>6}  results / top ids"]
    for r in rows:
        e = r["entry"]
        ids = " ".join(i.split("_")[0] for i in r["top"]) or "-"
        lines.append(f"{pad(e['query'], qw)}{e['script']:<6}{e['category']:<11}{r['expected']:>5} "
                     f"{r['recall']:>7.2f} {r['precision']:>6.2f}  {r['meta']} | {ids}")
    lines.append(f"mean recall@{TOP} {mean_recall:.3f} (target ≥ {MIN_RECALL}), mean precision {mean_precision:.3f} "
                 f"(target ≥ {MIN_PRECISION}), {len(rows)} queries")
    by_category: dict[str, list[float]] = {}
    for r in rows:
        by_category.setdefault(r["entry"]["category"], []).append(r["recall"])
    lines.append("recall by category: " + ", ".join(f"{c} {sum(v) / len(v):.2f} ({len(v)})" for c, v in by_category.items()))
    return "\n".join(lines)


@pytest.mark.parametrize(("script", "query"), [("hant", "巡視整改"), ("hant", "巡视整改"), ("hans", "巡视整改"),
                                               ("hans", "港澳辦")])
def test_results_link_to_pages_in_the_script_of_the_page_searched_from(search_page, script, query):
    page = search_page(script)
    hrefs, _ = search(page, query)
    assert hrefs
    links = page.locator("a.md-search-result__link").evaluate_all("els => els.map(a => a.href)")
    assert {page_script(h) for h in links} == {script}, links
    assert all(f"/{script}/notices/" in h for h in links), links


@pytest.mark.parametrize(
    ("script", "typed", "other"),
    [
        ("hans", "港澳辦", "港澳办"),
        ("hans", "粵港澳大灣區", "粤港澳大湾区"),
        ("hans", "第十五巡視組", "第十五巡视组"),
        ("hans", "事務辦公室", "事务办公室"),
        ("hans", "巡視 整改", "巡视 整改"),
        ("hant", "港澳办", "港澳辦"),
        ("hant", "横琴", "橫琴"),
    ],
)
def test_a_query_in_the_other_script_finds_the_same_notices_as_in_the_pages_script(search_page, script, typed, other):
    page = search_page(script)
    native, native_meta = search(page, other)
    crossed, crossed_meta = search(page, typed)
    assert native, f"{other}: nothing found"
    assert top_notices(crossed, len(crossed)) == top_notices(native, len(native))
    assert crossed_meta == native_meta


@pytest.mark.parametrize(
    ("script", "query"),
    [("hans", "巡视整改"), ("hant", "港澳辦"), ("hans", "巡視整改"), ("hans", "农业"), ("hant", "粵港澳大灣區"),
     ("hans", "事务办公室"), ("hans", "巡视 整改")],
)
def test_opening_the_first_result_highlights_the_query_on_the_notice_page(search_page, script, query):
    page = search_page(script)
    hrefs, _ = search(page, query)
    assert hrefs, f"{query}: nothing found"
    page.locator(f"{ITEM} > a.md-search-result__link").first.click()
    page.wait_for_url(re.compile(rf"/{script}/notices/[^/]+\.html\?h="), timeout=5000)
    assert parse_qs(urlsplit(page.url).query).get("h"), page.url
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=5000)
    texts = set(marks.all_inner_texts())
    for term in to_script(query, script).split():
        assert term in texts, f"{term} not highlighted on {page.url}: {sorted(texts)[:20]}"
    assert not page.js_errors


@pytest.mark.parametrize(("script", "query"), [("hans", "巡視整改"), ("hant", "港澳"), ("hans", "事务办公室"),
                                               ("hant", "粵港澳青少年交往交流交融")])
def test_search_works_in_the_offline_bundle_from_file_urls(archive, new_page, script, query):
    root = archive["offline"]
    page = new_page()
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.goto((root / script / "index.html").as_uri())
    hrefs, _ = search(page, query)
    entry = next(e for e in QUERIES if e["query"] in (query, to_script(query, "hans")))
    expected = set(entry["expected"]["samples"])
    assert expected and expected <= set(top_notices(hrefs)), hrefs
    assert all(h.startswith(root.as_uri() + f"/{script}/notices/") for h in hrefs), hrefs
    page.locator(f"{ITEM} > a.md-search-result__link").first.click()
    page.wait_for_url(f"{root.as_uri()}/{script}/notices/*.html*")
    assert page.locator(".notice-meta").is_visible()
    leaving = [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    assert requests and leaving == []
    assert not page.js_errors


_PASTE_JS = """(el, q) => { el.value = q;
  el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste', data: q})); }"""
_COMPOSE_JS = """(el, q) => {
  el.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
  el.value = q;
  el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertCompositionText', data: q, isComposing: true}));
  el.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: q})); }"""


@pytest.mark.parametrize("how", ["paste", "composition"])
@pytest.mark.parametrize("script", ["hans", "hant"])
def test_text_put_into_the_box_without_a_key_press_starts_a_search(search_page, script, how):
    # Pasted from the context menu, dictated, or committed by an IME without a key: no keyup at all.
    page = search_page(script)
    before = clear_search(page)
    page.locator(BOX).evaluate(_PASTE_JS if how == "paste" else _COMPOSE_JS, "巡视整改")
    hrefs, meta = finish_search(page, before)
    assert hrefs, meta


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_result_dates_read_as_every_page_writes_them(search_page, script):
    page = search_page(script)
    hrefs, _ = search(page, "巡视整改")
    assert hrefs
    metas = page.locator(f"{ITEM} .archive-search-meta").all_inner_texts()
    assert metas and all(re.search(r"\d{4}年\d{1,2}月\d{1,2}日", m) for m in metas if re.search(r"\d", m)), metas
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", m) for m in metas), metas


def test_a_snippet_shows_every_term_of_the_query_the_text_holds(search_page):
    page = search_page("hans")
    hrefs, _ = search(page, "巡视 整改 港澳")
    assert hrefs
    first = page.locator(f"{ITEM} article").first
    marked = " ".join(first.locator("mark").all_inner_texts())  # adjacent terms share one mark
    assert all(term in marked for term in ("巡视", "整改", "港澳")), (marked, first.inner_text())


WORKER = ROOT / "docs" / "assets" / "search" / "worker.js"
BUDGET = int(re.search(r"const BUDGET = (\d+);", WORKER.read_text(encoding="utf-8")).group(1))


def searched_texts(site, script: str) -> dict[str, str]:
    """What the search holds of each notice (title and text, as the index ships them), squeezed of
    punctuation and spaces as phrases are matched; Simplified terms are found in the hans texts."""
    from hooks.search_index import NON_WORD, decode_payload

    rows = decode_payload((site / "search" / script / "docs.js").read_bytes())[1]
    out = {}
    for row in rows:
        text = decode_payload((site / "search" / script / "t" / f"{row[0]}.js").read_bytes())[1]
        out[row[0]] = NON_WORD.sub("", f"{row[1]}\n{text}")
    return out


@pytest.mark.parametrize(("query", "exact"), [("巡视", True), ("横琴", True), ("事务办公室", False)])
def test_counts_are_exact_or_marked_approximate_and_texts_stay_within_the_budget(archive, search_page, query, exact):
    page = search_page("hans")
    holding = [n for n, t in searched_texts(archive["site"], "hans").items() if query in t]
    texts: list[str] = []
    listener = lambda request: texts.append(request.url) if "/search/hans/t/" in request.url else None  # noqa: E731
    page.context.on("request", listener)
    try:
        hrefs, meta = search(page, query)
    finally:
        page.context.remove_listener("request", listener)
    assert len(set(texts)) <= BUDGET, len(set(texts))
    shown = len(top_notices(hrefs, len(hrefs)))
    count = int(re.search(r"(\d+) 个", meta).group(1))
    if len(holding) > BUDGET:  # the list holds the checked notices: the count says how many more there are
        listed = int(re.search(r"显示最相关的 (\d+) 个", meta).group(1))
        assert shown <= listed <= BUDGET, meta
    if exact or len(holding) <= BUDGET:
        assert count == len(holding) and "约" not in meta, (meta, len(holding))
    else:
        assert "约" in meta, meta  # more candidates than the budget checks: said to be approximate


def test_filters_work_in_the_offline_bundle(archive, new_page):
    root = archive["offline"]
    page = new_page()
    page.goto((root / "hans" / "index.html").as_uri())
    hrefs, _ = search(page, "巡视整改")
    assert hrefs
    select = page.locator(".archive-search-filters select[name=year]")
    years = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert years
    before = page.locator(META).inner_text().strip()
    select.select_option(years[0])
    hrefs, _ = finish_search(page, before)
    assert page.locator(BOX).input_value() == f"巡视整改 年份:{years[0]}"
    metas = page.locator(f"{ITEM} .archive-search-meta").all_inner_texts()
    assert hrefs and all(m.startswith(f"{years[0]}年") for m in metas), metas
    assert not page.js_errors
