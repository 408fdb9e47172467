"""Browser tests of the built site: index, filters, search, period status, script switch, offline zip.

The site is built once per session (tests/conftest.py) with `mkdocs build --strict` from a copy
of the project and the five sample notices, served on 127.0.0.1 and driven in Chromium.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import subprocess
import sys
import urllib.request
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

N000 = "000_cba325303ee0ceab"  # 国务院港澳办: period 2023-03-25 … 2023-04-15
N001 = "001_5ca1341a2a8eb917"  # 广东省港澳办, text extracted from a PDF (hard line wraps)
N002 = "002_f934f75b5d361e68"  # 横琴工委: period 2024-09-26 … 2024-10-25
ALL = ("000_cba325303ee0ceab", N001, N002, "003_811b4a0d5a14526d", "004_af567c2eb27d93a5")


def front_matter(project: Path, script: str, notice_id: str) -> dict:
    text = (project / "docs" / script / "notices" / f"{notice_id}.md").read_text(encoding="utf-8")
    return get_data(text)[1]


def notice_date(meta: dict) -> str:
    """The date the index sorts by: signing date, else publication date, else period start."""
    for value in (meta.get("signed_date"), meta.get("published")):
        if value:
            return str(value)[:10]
    return meta["period"]["start"] if meta.get("period") else ""


def expected_order(project: Path, script: str) -> list[str]:
    metas = {n: front_matter(project, script, n) for n in ALL}
    return sorted(ALL, key=lambda n: (notice_date(metas[n]), n), reverse=True)


def search(page, query: str):
    """Type a query into Material's search and return the result links (hrefs)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup; fill() alone sends none
    page.locator(".md-search-result__item").first.wait_for()
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


def notice_of(href: str) -> str:
    match = re.search(r"/(hans|hant)/notices/([^/?#]+)\.html", href)
    assert match, href
    return f"{match.group(1)}:{match.group(2)}"


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_index_lists_every_notice_newest_first_with_periods(page, base_url, project, site, script):
    page.goto(f"{base_url}/{script}/index.html")
    items = page.locator(".notice-list .notice-item")
    assert items.count() == len(ALL)
    links = [a.get_attribute("href") for a in page.locator(".notice-list .notice-item__title").all()]
    assert sorted(Path(h).stem for h in links) == sorted(ALL)
    # Newest first (undated last), titles exactly as in the converted front matter.
    order = expected_order(project, script)
    assert [Path(h).stem for h in links] == order
    for h, item in zip(links, items.all(), strict=True):
        title = front_matter(project, script, Path(h).stem)["title"]
        assert item.locator(".notice-item__title").inner_text() == title
    period = items.nth(order.index(N000)).locator(".notice-item__period")
    assert "2023年3月25日 至 2023年4月15日" in period.inner_text()
    assert "共22天" in period.inner_text()
    assert "2024年9月26日 至 2024年10月25日" in items.nth(order.index(N002)).inner_text()
    # Status computed in the browser for today's date (both periods are long over).
    ended = "已结束" if script == "hans" else "已結束"
    assert period.locator(".period-status").inner_text().startswith(ended)
    # The timeline has one cell per month from the first date to the last, whatever the number of
    # notices; the month of every dated notice is shaded.
    dated = [notice_date(front_matter(project, script, n)) for n in ALL if notice_date(front_matter(project, script, n))]
    first, last = min(dated), max(dated)
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    assert page.locator(".tl-strip a.tl-month").count() == months
    for day in dated:
        assert page.locator(f'.tl-month[data-month="{day[:7]}"]').get_attribute("data-level") != "0", day
    assert not page.js_errors


def test_index_filters_by_year_and_issuer(page, base_url, project):
    in_2023 = sorted(n for n in ALL if notice_date(front_matter(project, "hans", n)).startswith("2023"))
    assert {N000, N001} <= set(in_2023)
    page.goto(f"{base_url}/hans/index.html")
    shown = page.locator(".notice-list .notice-item:visible")
    assert shown.count() == 5
    page.select_option("form.archive-filter select[name=year]", "2023")
    assert sorted(Path(a.get_attribute("href")).stem for a in shown.locator(".notice-item__title").all()) == in_2023
    assert f"显示 {len(in_2023)} / 5 件" in page.locator(".archive-filter__count").inner_text()
    assert "year=2023" in page.url  # shareable filter state
    issuer = page.locator("form.archive-filter select[name=issuer] option", has_text="中共广东省港澳办党组")
    page.select_option("form.archive-filter select[name=issuer]", issuer.get_attribute("value"))
    assert [Path(a.get_attribute("href")).stem[:3] for a in shown.locator(".notice-item__title").all()] == ["001"]
    # Months of other years are dimmed on the timeline, not removed.
    others = page.locator('.tl-month:not([data-year="2023"])').count()
    assert others > 0 and page.locator(".tl-month.tl-month--dim").count() == others
    page.select_option("form.archive-filter select[name=year]", "2024")
    assert shown.count() == 0
    page.click("form.archive-filter button[type=reset]")
    page.wait_for_function("document.querySelectorAll('.notice-list .notice-item:not([hidden])').length === 5")
    # The filter state survives a reload through the URL hash.
    in_2024 = sorted(n for n in ALL if notice_date(front_matter(project, "hans", n)).startswith("2024"))
    page.goto(f"{base_url}/hans/index.html#year=2024")
    page.reload()
    assert sorted(Path(a.get_attribute("href")).stem for a in shown.locator(".notice-item__title").all()) == in_2024


def test_no_js_path_year_and_issuer_pages(browser, base_url, project):
    in_2023 = sorted(n for n in ALL if notice_date(front_matter(project, "hans", n)).startswith("2023"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/hans/index.html")
    assert page.locator("form.archive-filter").is_hidden()  # filters need JS; plain links remain
    page.get_by_role("link", name="2023", exact=True).first.click()
    assert page.url.endswith("/hans/years/2023.html")
    assert sorted(Path(a.get_attribute("href")).stem for a in page.locator(".notice-item__title").all()) == in_2023
    page.goto(f"{base_url}/hans/index.html")
    page.locator(".browse a", has_text="中共广东省委横琴工委").click()
    assert [Path(a.get_attribute("href")).stem[:3] for a in page.locator(".notice-item__title").all()] == ["002"]
    # Without JS the period shows a truthful fallback instead of a status.
    page.goto(f"{base_url}/hans/notices/{N000}.html")
    assert page.locator(".notice-period .period-status").inner_text() == "截止于 2023年4月15日"
    context.close()


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize("query", ["巡视整改", "巡視整改"])
def test_search_finds_notices_in_either_script(page, base_url, script, query):
    page.goto(f"{base_url}/{script}/index.html")
    found = {notice_of(h) for h in search(page, query)}
    # Both scripts' queries find the notices about 巡视整改, in the script of the page.
    assert {f"{script}:{N000}", f"{script}:{N001}", f"{script}:{N002}"} <= found
    assert all(key.startswith(script + ":") for key in found)
    assert not page.js_errors


@pytest.mark.parametrize(
    ("script", "phrase", "wrapped"),
    [
        ("hans", "认真研究制定详实的整改方案", False),
        ("hant", "認真研究制定詳實的整改方案", False),
        ("hans", "粤港澳青少年交往交流交融", True),  # 青少年交 / 往交流交融 on two lines of the raw file
        ("hant", "粵港澳青少年交往交流交融", True),
    ],
)
def test_search_finds_phrases_of_the_pdf_extracted_notice(page, base_url, script, phrase, wrapped):
    raw = (Path(__file__).resolve().parent.parent / "notices" / f"{N001}.txt").read_text(encoding="utf-8")
    if wrapped and script == "hans":
        assert phrase not in raw and phrase in re.sub(r"\s+", "", raw)  # the raw file breaks the line inside it
    page.goto(f"{base_url}/{script}/index.html")
    assert notice_of(search(page, phrase)[0]) == f"{script}:{N001}"


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_a_query_found_nowhere_as_typed_is_searched_as_its_dictionary_words(page, base_url, project, script):
    """港澳办巡视整改 occurs in no notice; 港澳办 (hooks/search_terms.txt) and 巡视整改 do. The worker
    segments the query with the dictionary and finds the notices holding both, marking both, and
    the result list says that the phrase was not found as typed."""
    texts = {n: (project / "docs" / "hans" / "notices" / f"{n}.md").read_text(encoding="utf-8") for n in ALL}
    assert not any("港澳办巡视整改" in t for t in texts.values())
    both = {f"{script}:{n}" for n, t in texts.items() if "港澳办" in t and "巡视整改" in t}
    assert both
    page.goto(f"{base_url}/{script}/index.html")
    found = {notice_of(h) for h in search(page, "港澳办巡视整改")}
    assert found == both
    marks = set(page.locator(".md-search-result__item mark").all_inner_texts())
    assert marks == ({"港澳办", "巡视整改"} if script == "hans" else {"港澳辦", "巡視整改"})
    note = page.locator(".archive-search-relaxed").inner_text()
    assert note.startswith("未找到完整短语，以下为包含全部词语的结果" if script == "hans"
                           else "未找到完整短語，以下為包含全部詞語的結果"), note


@pytest.mark.parametrize(
    ("day", "hans", "hant"),
    [
        (datetime(2023, 3, 20, 12), "未开始", "未開始"),
        (datetime(2023, 3, 25, 12), "公示中", "公示中"),
        (datetime(2023, 4, 15, 23), "公示中", "公示中"),
        (datetime(2023, 4, 16, 9), "已结束", "已結束"),
    ],
)
def test_period_box_status_follows_the_browser_clock(page, base_url, day, hans, hant):
    page.clock.install(time=day)
    page.clock.set_fixed_time(day)
    page.goto(f"{base_url}/hans/notices/{N000}.html")
    box = page.locator(".notice-period")
    assert "公开期限 2023年3月25日 至 2023年4月15日 · 共22天" in box.inner_text()
    assert box.locator(".period-status").inner_text().startswith(hans)
    page.goto(f"{base_url}/hant/notices/{N000}.html")
    assert "公開期限 2023年3月25日 至 2023年4月15日 · 共22天" in page.locator(".notice-period").inner_text()
    assert page.locator(".notice-period .period-status").inner_text().startswith(hant)


def test_period_status_changes_when_the_clock_moves(page, base_url):
    page.clock.install(time=datetime(2024, 10, 1, 10))
    page.clock.set_fixed_time(datetime(2024, 10, 1, 10))
    page.goto(f"{base_url}/hans/notices/{N002}.html")
    status = page.locator(".notice-period .period-status")
    assert status.inner_text() == "公示中 · 还剩25天"
    page.clock.set_fixed_time(datetime(2024, 10, 26, 10))
    page.reload()
    assert status.inner_text() == "已结束"


def test_notice_page_shows_metadata_raw_link_and_toc(page, base_url, site):
    page.goto(f"{base_url}/hans/notices/{N000}.html")
    meta = page.locator(".notice-meta").inner_text()
    for text in ("发布机关", "中共国务院港澳事务办公室党组", "成文日期", "2023年3月25日", "来源",
                 "中央纪委国家监委网站", "责任编辑", "唐炜妮"):
        assert text in meta
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() >= 3  # table of contents
    original = (Path(__file__).resolve().parent.parent / "notices" / f"{N000}.txt").read_bytes()
    # "原文纯文本": a UTF-8 copy with a BOM, shown as text and readable even without a charset header.
    page.locator(".raw-link").nth(0).click()
    page.wait_for_url("**/raw/utf8/*.txt")
    assert page.locator("body").inner_text().startswith(original.decode("utf-8")[:30])
    assert page.locator("body script, body img").count() == 0
    # "原始字节": the byte-exact original, served as text/plain.
    page.go_back()
    url = page.locator(".raw-link").nth(1).evaluate("a => a.href")
    with urllib.request.urlopen(url) as response:
        assert response.headers["content-type"].startswith("text/plain")
        assert response.read() == original


def test_converter_warnings_are_shown_in_plain_words(page, base_url):
    page.goto(f"{base_url}/hant/notices/004_af567c2eb27d93a5.html")
    box = page.locator(".notice-warnings")
    assert "轉換提示" in box.inner_text()
    assert "亂碼" in box.inner_text()
    assert "原文無標題" in page.locator(".notice-note").inner_text()


@pytest.mark.parametrize(
    "path",
    [f"hans/notices/{N000}.html", "hans/index.html", "hans/years/2023.html", "hans/about.html"],
)
def test_script_switch_leads_to_the_same_page(page, base_url, project, path):
    page.goto(f"{base_url}/{path}")
    assert page.locator("html").get_attribute("lang") == "zh"
    page.locator("[data-archive-switch]").click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}/{path.replace('hans/', 'hant/', 1)}"
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    if "notices" in path:
        assert page.locator("h1").first.inner_text().rstrip("¶") == front_matter(project, "hant", N000)["title"]
    assert page.locator("[data-archive-switch]").inner_text() == "简体"
    page.locator("[data-archive-switch]").click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}/{path}"


def test_landing_page_sends_traditional_readers_to_hant(browser, base_url):
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    page.goto(f"{base_url}/index.html")
    page.wait_for_url(f"{base_url}/hant/index.html")
    context.close()


def test_offline_zip_works_from_file_urls_without_network(browser, project, site, tmp_path):
    zip_path = tmp_path / "archive-offline.zip"
    subprocess.run([sys.executable, "-m", "hooks.offline", "-o", str(zip_path)], cwd=project, check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        # The data exports and calendars travel with the bundle, the same bytes as on the site.
        for name in ("data/notices.json", "data/notices.csv", "data/notices.jsonl", "hans/periods.ics",
                     "hant/periods.ics"):
            assert zf.read(f"archive-offline/{name}") == (site / name).read_bytes(), name
        zf.extractall(tmp_path / "unzipped")
    root = tmp_path / "unzipped" / "archive-offline"
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto((root / "index.html").as_uri())
    page.wait_for_url("**/hans/index.html")
    assert page.locator(".notice-list .notice-item").count() == 5
    hrefs = search(page, "巡視整改")
    assert f"hans:{N000}" in {notice_of(h) for h in hrefs}
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url("**/hans/notices/*.html*")
    assert page.url.startswith(root.as_uri())
    assert page.locator(".notice-meta").is_visible()
    page.goto((root / "hans" / "notices" / f"{N000}.html").as_uri())
    assert "2023年3月25日 至 2023年4月15日" in page.locator(".notice-period").inner_text()
    context.close()
    assert requests, "no request recorded"
    leaving = [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    assert leaving == []


SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
# Elements of the page's flow (not fixed overlays) that reach past its right edge: text outside its
# column, which makes the page scroll sideways.
WIDER_THAN_PAGE = """() => document.documentElement.scrollWidth <= innerWidth ? [] :
  [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > innerWidth + 1
    && getComputedStyle(el).position !== "fixed").slice(0, 5).map(el => el.tagName + "." + el.className)"""
QUERY = {"hans": "巡视整改", "hant": "巡視整改"}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("script", ["hans", "hant"])
def test_screenshots(browser, base_url, artifacts, script, size):
    """The index, a notice, the timeline and a search with its results, in each script at desktop
    and phone sizes (tests/artifacts/<what>-<script>-<size>.png), each taken once the part it
    shows is laid out: nothing of it outside the viewport's width, nothing unstyled."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    shots = []

    def shot(what: str, **kwargs) -> None:
        # Nothing wider than the page (text outside its column makes the page scroll sideways).
        # Material's search slides in on a phone: what is wide during the slide is not a defect.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("document.documentElement.scrollWidth <= innerWidth", timeout=3000)
        wide = page.evaluate(WIDER_THAN_PAGE)
        assert not wide, (what, wide)
        path = artifacts / f"{what}-{script}-{size}.png"
        page.screenshot(path=str(path), **kwargs)
        shots.append(path)

    page.goto(f"{base_url}/{script}/index.html")
    # The filter form is shown (assets/archive.js ran) and styled (Material's button class).
    page.locator("form.archive-filter").wait_for(state="visible")
    shot("index", full_page=True)
    figure = page.locator("figure.timeline-figure")
    figure.scroll_into_view_if_needed()
    assert figure.locator(".tl-month").first.is_visible()
    shot("timeline", clip=figure.bounding_box())
    # The caption reads under the strip, from its left edge, upright (not Material's slanted CJK).
    caption = figure.locator("figcaption")
    text_left = caption.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                                 " return r.getClientRects()[0].left; }")
    assert abs(text_left - figure.locator(".tl-scroll").bounding_box()["x"]) < 1
    assert caption.evaluate("el => getComputedStyle(el).fontStyle") == "normal"
    page.goto(f"{base_url}/{script}/notices/{N000}.html")
    page.locator(".notice-period .period-status[data-status]").wait_for()
    shot("notice")
    page.goto(f"{base_url}/{script}/index.html")
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # a phone: the header's search button opens the box
        page.locator("label.md-header__button[for=__search]").click()
    box.focus()  # (a click on a phone can land while the box slides in)
    box.fill(QUERY[script])
    box.press("End")
    page.locator(".md-search-result__item mark").first.wait_for()
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]
    assert hrefs and all(f"/{script}/notices/" in h for h in hrefs)
    shot("search")
    assert not errors
    for path in shots:
        assert path.stat().st_size > 10_000, path
    context.close()


def test_timeline_marks_the_current_month_and_lists_the_notices_open_today(page, base_url):
    page.clock.install(time=datetime(2024, 10, 1, 12))
    page.clock.set_fixed_time(datetime(2024, 10, 1, 12))
    page.goto(f"{base_url}/hans/index.html")
    now = page.locator(".tl-month.tl-now")
    assert now.count() == 1 and now.get_attribute("data-month") == "2024-10"
    assert "红色虚线框为本月（2024年10月）" in page.locator(".timeline-figure figcaption").inner_text()
    open_now = page.locator(".tl-open")
    assert open_now.is_visible() and "（1 件）" in open_now.inner_text()
    assert open_now.locator("a").get_attribute("href").endswith(f"{N002}.html")
    page.clock.set_fixed_time(datetime(2031, 1, 1, 12))
    page.reload()
    assert page.locator(".tl-month.tl-now").count() == 0
    assert "红色虚线" not in page.locator(".timeline-figure figcaption").inner_text()
    assert page.locator(".tl-open").is_hidden()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("script", ["hans", "hant"])
def test_timeline_labels_never_collide_or_get_cut_and_a_month_filters_the_list(browser, base_url, width, script):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/{script}/index.html")
    boxes = page.locator(".tl-year, .tl-month").evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect();"
        " return {row: el.classList.contains('tl-year') ? 0 : 1, l: r.left, r: r.right,"
        " cut: el.scrollWidth > el.clientWidth + 1 || (el.firstElementChild &&"
        " el.firstElementChild.scrollWidth > el.firstElementChild.clientWidth + 1)}; })")
    assert len(boxes) > 2
    for row in (0, 1):
        line = sorted((b for b in boxes if b["row"] == row), key=lambda b: b["l"])
        assert all(a["r"] <= b["l"] + 0.5 for a, b in itertools.pairwise(line)), line
    assert not [b for b in boxes if b["cut"]]
    # Cells keep a readable size: on a phone the strip scrolls instead of shrinking.
    cell = page.locator(".tl-month").first.bounding_box()
    assert cell["width"] >= 20 and cell["height"] >= 20
    page.locator('.tl-month[data-year="2024"]').first.click()
    page.wait_for_function("location.hash === '#year=2024'")
    page.wait_for_function("document.querySelector('form.archive-filter select[name=year]').value === '2024'")
    assert page.locator(".notice-list .notice-item:visible").count() == 2
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_signature_and_date_close_the_page_right_aligned_as_printed(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/hans/notices/{N000}.html")
    body = page.locator(".notice-body").bounding_box()
    for cls in ("notice-signature", "notice-date"):
        line = page.locator(f".notice-body p.{cls}").last
        style = line.evaluate("el => [getComputedStyle(el).textAlign, getComputedStyle(el).textIndent]")
        assert style == ["right", "0px"], (cls, style)
        # The text itself ends at the column's right edge, as the printed date does.
        right = line.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                              " return r.getBoundingClientRect().right; }")
        assert right == pytest.approx(body["x"] + body["width"], abs=2), cls
    paragraph = page.locator(".notice-body > p:not([class])").first
    assert paragraph.evaluate("el => getComputedStyle(el).textIndent") != "0px", "body paragraphs stay indented"
    context.close()


@pytest.mark.parametrize("path", ["hans/years.html", "hant/issuers.html"])
def test_year_and_issuer_lists_stay_inside_the_text_column(page, base_url, path):
    page.goto(f"{base_url}/{path}")
    left = page.locator("article h1").bounding_box()["x"]
    items = page.locator("ul.browse-list > li")
    assert items.count() > 0
    for box in items.evaluate_all("els => els.map(li => li.getBoundingClientRect().left)"):
        assert box >= left - 1
    assert items.first.evaluate("li => getComputedStyle(li).listStyleType") == "none"


@pytest.fixture(scope="module")
def capped_site(tmp_path_factory):
    """The samples built with an index that lists only the 3 newest notices."""
    from conftest import built_and_served, copy_project

    project = copy_project(tmp_path_factory.mktemp("capped") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("index_limit: 300", "index_limit: 3"),
                      encoding="utf-8")
    yield from built_and_served(project)


def test_a_large_archive_lists_its_newest_notices_on_the_index_and_filters_point_to_the_rest(page, capped_site):
    _site, url = capped_site
    page.goto(f"{url}/hans/index.html")
    assert page.locator(".notice-list .notice-item").count() == 3
    assert "另有 2 件较早的公告" in page.locator(".index-more").inner_text()
    assert "显示 3 / 5 件" in page.locator(".archive-filter__count").inner_text()
    # 2023's two notices are both older than the three listed: the filter says where they are.
    page.select_option("form.archive-filter select[name=year]", "2023")
    more = page.locator(".archive-filter__more a")
    more.wait_for()
    assert "所选共 2 件" in more.inner_text()
    more.click()
    page.wait_for_url("**/hans/years/2023.html")
    assert page.locator(".notice-list .notice-item").count() == 2
    page.goto(f"{url}/hans/index.html#year=2024")
    assert page.locator(".archive-filter__more").is_hidden()  # both of 2024's notices are listed
