"""What a reader who cites a notice needs on its page and the index (issue 15, page side): the
provenance block (source and archive URLs, capture date, the raw file's SHA-256 and size), a
ready-to-copy citation, stable paragraph anchors, status facets on the index and the lists of
what is running now, in the real build and the real Chromium with its clock moved."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, copy_project, serve

from hooks.provenance import citation, human_size
from hooks.text import t

# Notices written for these tests: one with every provenance field and a document number, one
# with none; periods placed so that a moved clock puts each in a known status.
CITED = ("关于某项工程的公示\n某建〔2024〕7号\n各有关单位：\n"
         "现将某项工程的评审结果予以公示，公示期为2024年3月1日至3月10日。\n"
         "如有异议，请于公示期内书面反映。\n联系电话：12345678。\n某某市住房和城乡建设局\n2024年2月28日\n")
CITED_META = ("source_url: https://www.example.gov.cn/gs/2024/公示.html?id=1&x=<2>\n"
              "retrieved: 2024-03-02\n"
              "archive_url: https://web.archive.org/web/20240302/https://www.example.gov.cn/gs/2024/\n")
BARE = "关于另一事项的通知\n\n各单位：\n\n现将有关事项通知如下，请各单位认真遵照执行。\n\n某某区人民政府办公室\n2023年5月6日\n"
LATER = "关于第三项工作的公示\n各单位：\n现予公示，公示期为2024年3月8日至3月20日。\n某某县教育局\n2024年3月7日\n"
SOON = "关于第四项工作的公示\n各单位：\n现予公示，公示期为2024年3月4日至3月12日。\n某某县教育局\n2024年3月3日\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    notices = tmp_path_factory.mktemp("tools") / "notices"
    notices.mkdir()
    (notices / "cited.txt").write_text(CITED, encoding="utf-8")
    # Quoted: the URL holds "<" and ">" only inside this test's YAML string, which the sidecar
    # validation refuses; the real value has them percent-encoded.
    (notices / "cited.meta.yml").write_text(CITED_META.replace("<2>", "%3C2%3E"), encoding="utf-8")
    (notices / "bare.txt").write_text(BARE, encoding="gb18030")
    (notices / "later.txt").write_text(LATER, encoding="utf-8")
    (notices / "soon.txt").write_text(SOON, encoding="utf-8")
    (notices / "long.txt").write_text("关于长文的通知\n\n" + "\n\n".join(f"第{i}段，有关事项说明如下，请认真执行。" for i in range(80))
                                      + "\n\n某某县教育局\n2022年1月5日\n", encoding="utf-8")
    project = copy_project(notices.parent / "project", notices)
    site = project / "site"
    build_site(project, site)
    server, url = serve(site)
    yield project, site, url
    server.shutdown()
    server.server_close()


def soup_of(site: Path, script: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / script / "notices" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def rows(block) -> dict[str, str]:
    return {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in block.select("dt")}


# ------------------------------------------------------------------ provenance


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_provenance_block_shows_the_sidecars_urls_capture_date_and_the_raw_files_hash(built, script):
    project, site, _ = built
    raw = (project / "notices" / "cited.txt").read_bytes()
    block = soup_of(site, script, "cited").select_one(".notice-header .notice-provenance")
    assert block is not None
    r = rows(block)
    source = r[t(script, "source_url")].a
    assert source["href"] == "https://www.example.gov.cn/gs/2024/公示.html?id=1&x=%3C2%3E"
    assert set(source["rel"]) == {"noopener", "noreferrer", "nofollow"}
    assert r[t(script, "archive_url")].a["href"].startswith("https://web.archive.org/web/20240302/")
    assert r[t(script, "retrieved")].get_text(strip=True) == "2024年3月2日"
    assert r[t(script, "retrieved")].time["datetime"] == "2024-03-02"
    code = r["SHA-256"].select_one("code")
    assert code.get_text() == hashlib.sha256(raw).hexdigest()
    size = r[t(script, "raw_size")].get_text()
    assert size == t(script, "size_bytes_short", n=len(raw)) and len(raw) < 1024
    # The raw copies, in this block only: the UTF-8 reading and the bytes.
    links = [a["href"] for a in r[t(script, "raw")].select("a.raw-link")]
    assert links == ["../../raw/utf8/cited.txt", "../../raw/cited.txt"]
    page = soup_of(site, script, "cited")
    assert [a["href"] for a in page.select("a[href*='raw/']")] == links
    html = (site / script / "notices" / "cited.html").read_text(encoding="utf-8")
    assert "&amp;x=%3C2%3E" in html  # the href's "&" escaped in the markup


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_a_notice_without_provenance_shows_no_empty_rows(built, script):
    project, site, _ = built
    block = soup_of(site, script, "bare").select_one(".notice-provenance")
    r = rows(block)
    assert t(script, "source_url") not in r and t(script, "archive_url") not in r and t(script, "retrieved") not in r
    raw = (project / "notices" / "bare.txt").read_bytes()
    assert r["SHA-256"].get_text(strip=True) == hashlib.sha256(raw).hexdigest()
    # A raw file of more than a kilobyte: its bytes with thousands separators and a 1024-based size.
    big = rows(soup_of(site, script, "long").select_one(".notice-provenance"))[t(script, "raw_size")].get_text()
    n = (project / "notices" / "long.txt").stat().st_size
    assert big == t(script, "size_bytes", n=f"{n:,}", human=human_size(n)) and "KB" in big and "," in big


def test_human_sizes():
    assert human_size(0) == "0 B" and human_size(1023) == "1023 B"
    assert human_size(1536) == "1.5 KB" and human_size(20 * 1024) == "20 KB"
    assert human_size(3 * 1024 * 1024 + 1) == "3.0 MB"


def test_the_hash_is_one_selectable_unit_in_chromium(browser, built):
    _, _, url = built
    page = browser.new_page()
    page.goto(f"{url}/hans/notices/cited.html")
    code = page.locator(".prov-hash")
    assert code.evaluate("c => getComputedStyle(c).userSelect") == "all"
    assert "monospace" in code.evaluate("c => getComputedStyle(c).fontFamily")
    # Selecting it selects all 64 hex digits, nothing around them.
    code.dblclick()
    assert re.fullmatch(r"[0-9a-f]{64}", page.evaluate("getSelection().toString()").strip())
    page.close()


# ------------------------------------------------------------------ citation


def test_the_citation_text_is_composed_from_the_notices_fields():
    meta = {"title": "关于某事的公示", "issuer": "某某局", "doc_number": "某发〔2024〕3号",
            "signed_date": "2024-02-28", "retrieved": "2024-03-02",
            "archive_url": "https://web.archive.org/web/1/https://a.gov.cn/"}
    hans = citation(meta, "hans", "https://archive.example.org/", "hans/notices/x.html")
    assert hans.text == ("某某局《关于某事的公示》（某发〔2024〕3号），2024年2月28日。政府公告档案，"
                         "https://archive.example.org/hans/notices/x.html（采集日期：2024年3月2日；"
                         "存档副本：https://web.archive.org/web/1/https://a.gov.cn/）。")
    assert hans.key == "某发〔2024〕3号" and not hans.url_relative
    hant = citation({**meta, "title": "關於某事的公示", "doc_number": "某發〔2024〕3號"}, "hant", "", "hant/notices/x.html")
    assert hant.text == ("某某局《關於某事的公示》（某發〔2024〕3號），2024年2月28日。政府公告檔案，"
                         "hant/notices/x.html（採集日期：2024年3月2日；"
                         "存檔副本：https://web.archive.org/web/1/https://a.gov.cn/）。")
    assert hant.url_relative
    # Nothing but a title: no empty brackets, no dangling separators.
    bare = citation({"title": "通知", "published": "2023-05-06T10:00"}, "hans", "", "hans/notices/y.html")
    assert bare.text == "《通知》，2023年5月6日。政府公告档案，hans/notices/y.html。" and bare.key is None


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_every_notice_page_carries_its_citation_in_its_script(built, script):
    _, site, _ = built
    soup = soup_of(site, script, "cited")
    text = soup.select_one("#notice-citation").get_text()
    title = soup.select_one("article h1").get_text(strip=True).rstrip("¶")
    issuer = soup.select_one(".notice-meta dd a").get_text(strip=True)
    number = soup.select_one(".notice-doc-number").get_text(strip=True)
    assert text == (f"{issuer}《{title}》（{number}），2024年2月28日。{t(script, 'site_name')}，"
                    f"{script}/notices/cited.html（{t(script, 'cite_retrieved', d='2024年3月2日')}；"
                    f"{t(script, 'cite_archive')}https://web.archive.org/web/20240302/https://www.example.gov.cn/gs/2024/）。")
    assert soup.select_one(".notice-cite__title").get_text().startswith(t(script, "cite"))
    assert soup.select_one(".notice-cite__key").get_text() == f"[{number}]"
    assert soup_of(site, script, "bare").select_one("#notice-citation").get_text().endswith(
        f"{t(script, 'site_name')}，{script}/notices/bare.html。")


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_copy_button_copies_the_citation_with_the_pages_address(browser, built, script):
    _, site, url = built
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/{script}/notices/cited.html#x")
    button = page.locator(".notice-cite__copy")
    assert button.is_visible() and button.inner_text() == t(script, "cite_copy")
    button.click()
    page.wait_for_function("document.querySelector('.notice-cite__status').textContent !== ''")
    assert page.locator(".notice-cite__status").inner_text() == t(script, "cite_copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    static = soup_of(site, script, "cited").select_one("#notice-citation").get_text()
    # The site has no site_url: the reader's address of the page (no fragment) replaces its path.
    assert copied == static.replace(f"{script}/notices/cited.html", f"{url}/{script}/notices/cited.html")
    assert copied == page.locator("#notice-citation").evaluate("p => p.textContent")
    assert errors == []
    context.close()


def test_with_a_site_url_the_citation_links_the_absolute_page(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "bare.txt").write_text(BARE, encoding="utf-8")
    project = copy_project(tmp_path / "project", notices)
    site = project / "site"
    build_site(project, site, SITE_URL="https://archive.example.org/sub/")
    text = soup_of(site, "hant", "bare").select_one("#notice-citation")
    assert "https://archive.example.org/sub/hant/notices/bare.html" in text.get_text()
    assert text.select_one("[data-relative-url]") is None


# ------------------------------------------------------------------ paragraph anchors


def body_paragraphs(soup: BeautifulSoup) -> list:
    return soup.select(".notice-body > p:not([class])")


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_every_body_paragraph_has_a_numbered_anchor_and_a_permalink(built, script):
    _, site, _ = built
    soup = soup_of(site, script, "cited")
    paragraphs = body_paragraphs(soup)
    assert len(paragraphs) >= 4
    assert [p.get("id") for p in paragraphs] == [f"p-{i}" for i in range(1, len(paragraphs) + 1)]
    heading_link = soup.select_one("article h1 .headerlink")
    for p in paragraphs:
        link = p.select_one("a.headerlink")
        assert link["href"] == f"#{p['id']}" and link.get_text() == "¶"
        assert link["title"] == heading_link["title"] == t(script, "permalink")
    # The signature and date are not body paragraphs.
    assert soup.select_one(".notice-signature").get("id") is None
    # The same paragraph has the same id in the other script.
    other = soup_of(site, "hant" if script == "hans" else "hans", "cited")
    assert [p["id"] for p in body_paragraphs(other)] == [p["id"] for p in paragraphs]
    assert "公示期" in paragraphs[2].get_text() or "公示期" in paragraphs[1].get_text()


def test_paragraph_ids_are_the_same_in_a_second_build(built, tmp_path):
    project, site, _ = built
    again = tmp_path / "site"
    build_site(project, again)
    for script in ("hans", "hant"):
        for name in ("cited", "bare"):
            first = (site / script / "notices" / f"{name}.html").read_text(encoding="utf-8")
            second = (again / script / "notices" / f"{name}.html").read_text(encoding="utf-8")
            assert re.findall(r'<p id="(p-\d+)"', first) == re.findall(r'<p id="(p-\d+)"', second) != []


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_paragraph_permalink_shows_on_hover_and_links_the_paragraph(browser, built, script):
    _, _, url = built
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/{script}/notices/cited.html")
    paragraph = page.locator(".notice-body p#p-2")
    link = paragraph.locator("a.headerlink")
    page.mouse.move(5, 5)
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 0
    paragraph.hover()
    page.wait_for_function("parseFloat(getComputedStyle(document.querySelector('#p-2 > a.headerlink')).opacity) > 0.9")
    link.click()
    assert page.url.endswith("#p-2")
    assert page.evaluate("document.querySelector(':target').id") == "p-2"
    page.close()


# ------------------------------------------------------------------ status facets and "now"

TITLES = {"cited": "关于某项工程的公示", "bare": "关于另一事项的通知", "later": "关于第三项工作的公示",
          "soon": "关于第四项工作的公示", "long": "关于长文的通知"}


def index_at(browser, url: str, script: str, day: datetime, fragment: str = ""):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time(day)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    page.goto(f"{url}/{script}/index.html{fragment}")
    return context, page


def shown_titles(page) -> set[str]:
    items = page.locator(".notice-list .notice-item")
    return {items.nth(i).locator(".notice-item__title").inner_text() for i in range(items.count())
            if items.nth(i).is_visible()}


@pytest.mark.parametrize("day, expected", [
    (datetime(2024, 3, 5, 10), {"active": {"cited", "soon"}, "upcoming": {"later"}, "ended": set(), "none": {"bare", "long"}}),
    (datetime(2024, 3, 11, 10), {"active": {"soon", "later"}, "upcoming": set(), "ended": {"cited"}, "none": {"bare", "long"}}),
    (datetime(2024, 4, 1, 10), {"active": set(), "upcoming": set(), "ended": {"cited", "soon", "later"},
                                "none": {"bare", "long"}}),
])
def test_the_status_filter_shows_each_status_for_the_readers_date(browser, built, day, expected):
    _, _, url = built
    context, page = index_at(browser, url, "hans", day)
    labels = page.locator("select[name=status] option").all_inner_texts()
    assert labels == ["全部", "公示中", "未开始", "已结束", "无公开期限"]
    for status, names in expected.items():
        page.select_option("select[name=status]", status)
        assert shown_titles(page) == {TITLES[n] for n in names}, status
        assert page.url.endswith(f"#status={status}")
        assert page.locator("form.archive-filter output").inner_text() == f"显示 {len(names)} / 5 件"
    page.select_option("select[name=status]", "")
    assert len(shown_titles(page)) == 5
    assert page.js_errors == []
    context.close()


def test_status_combines_with_the_issuer_and_year_and_lives_in_the_hash(browser, built):
    _, _, url = built
    context, page = index_at(browser, url, "hant", datetime(2024, 3, 5, 10), "#status=active")
    assert page.locator("select[name=status]").input_value() == "active"
    assert page.locator("select[name=status] option").all_inner_texts()[1:] == ["公示中", "未開始", "已結束", "無公開期限"]
    assert shown_titles(page) == {"關於某項工程的公示", "關於第四項工作的公示"}
    key = page.evaluate("""() => [...document.querySelectorAll('select[name=issuer] option')]
                             .find(o => o.textContent.startsWith('某某縣教育局')).value""")
    page.select_option("select[name=issuer]", key)
    assert shown_titles(page) == {"關於第四項工作的公示"}
    assert page.url.endswith(f"#issuer={key}&status=active")
    page.select_option("select[name=year]", "2023")
    assert shown_titles(page) == set()
    page.select_option("select[name=status]", "none")
    page.select_option("select[name=issuer]", "")
    assert shown_titles(page) == {"關於另一事項的通知"}
    # The "more" note counts a year or issuer whatever the status: not shown with one.
    assert page.locator(".archive-filter__more").is_hidden()
    page.click("form.archive-filter button[type=reset]")
    page.wait_for_function("location.hash === ''")
    assert len(shown_titles(page)) == 5
    context.close()


def now_lists(page) -> dict[str, list[str]]:
    out = {}
    for key in ("active", "ending"):
        group = page.locator(f".index-now [data-now={key}]")
        out[key] = group.locator("li a").all_inner_texts() if group.is_visible() else []
    return out


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_index_opens_with_what_is_running_and_what_ends_within_a_week(browser, built, script):
    _, _, url = built
    context, page = index_at(browser, url, script, datetime(2024, 3, 9, 10))
    box = page.locator(".index-now")
    assert box.is_visible()
    # Above everything else of the page's content but its title.
    assert page.evaluate("document.querySelector('article h1').nextElementSibling.classList.contains('index-now')")
    lists = now_lists(page)
    items = page.locator(".notice-list .notice-item")
    by_status = {}
    for i in range(items.count()):
        by_status.setdefault(items.nth(i).get_attribute("data-status"), []).append(
            items.nth(i).locator(".notice-item__title").inner_text())
    assert sorted(lists["active"]) == sorted(by_status["active"]) and len(lists["active"]) == 3
    # 3月9日: 还剩2天 (cited, ends 3月10日), 还剩4天 (soon, 3月12日); later ends 3月20日: 12 days.
    assert len(lists["ending"]) == 2
    assert lists["ending"][0].startswith(("关于某项工程", "關於某項工程"))
    assert lists["ending"][1].startswith(("关于第四项", "關於第四項"))
    notes = page.locator(".index-now [data-now=ending] .index-now__left").all_inner_texts()
    assert notes == [" · " + t(script, "js_left").format(n=2), " · " + t(script, "js_left").format(n=4)]
    assert page.locator(".index-now [data-now=ending] .index-now__title").inner_text() == \
        f"{t(script, 'now_ending')} {t(script, 'count', n=2)}"
    href = page.locator(".index-now [data-now=ending] li a").first.get_attribute("href")
    assert href == page.locator(".notice-list .notice-item__title", has_text=lists["ending"][0]).get_attribute("href")
    context.close()


def test_the_running_lists_hide_when_nothing_runs_and_split_by_the_week(browser, built):
    _, _, url = built
    context, page = index_at(browser, url, "hans", datetime(2024, 4, 1, 10))
    assert page.locator(".index-now").is_hidden()
    context.close()
    context, page = index_at(browser, url, "hans", datetime(2024, 3, 2, 10))
    # Only cited runs (3月1日–10日): 9 days left, not within the week.
    assert now_lists(page) == {"active": [TITLES["cited"]], "ending": []}
    assert page.locator(".index-now [data-now=ending]").is_hidden()
    context.close()
    context, page = index_at(browser, url, "hans", datetime(2024, 3, 14, 10))
    # 3月14日: later has 7 days left (14日–20日), the last day of the week counted; soon ended on 12日.
    assert now_lists(page) == {"active": [TITLES["later"]], "ending": [TITLES["later"]]}
    context.close()


# ------------------------------------------------------------------ exports linked


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_about_page_links_the_exports_and_the_calendar_and_the_index_links_the_calendar(built, script):
    _, site, _ = built
    about = BeautifulSoup((site / script / "about.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in about.select("article a[href]")}
    wanted = {"../data/notices.json", "../data/notices.csv", "../data/notices.jsonl", "periods.ics"}
    assert wanted <= hrefs
    for href in wanted:
        assert (site / script / href).resolve().is_file(), href
    index = BeautifulSoup((site / script / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = index.select_one("a.calendar-link")
    assert link["href"] == "periods.ics" and link["type"] == "text/calendar"
    assert link.get_text() == t(script, "calendar")
    assert (site / script / "periods.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    # No <link rel="alternate"> in the head: Material fetches a sitemap.xml next to each one.
    assert index.select("head link[rel=alternate]") == []


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize("device, width, height", [("desktop", 1280, 900), ("phone", 390, 844)])
def test_the_blocks_fit_the_column_on_desktop_and_phone(browser, built, artifacts, script, device, width, height):
    _, _, url = built
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  is_mobile=device == "phone", has_touch=device == "phone")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2024, 3, 9, 10))
    page.goto(f"{url}/{script}/notices/cited.html")
    article = page.locator("article").bounding_box()
    for selector in (".notice-provenance", ".notice-cite", ".prov-hash", "#notice-citation", ".notice-cite__copy"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= article["x"] - 1 and box["x"] + box["width"] <= article["x"] + article["width"] + 1, \
            selector
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing widens the page
    page.locator(".notice-provenance").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"notice-provenance-{script}-{device}.png"), full_page=True)
    page.goto(f"{url}/{script}/index.html")
    assert page.locator(".index-now").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"index-now-{script}-{device}.png"))
    context.close()
