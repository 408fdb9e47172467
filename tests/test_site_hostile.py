"""The site built from the hostile corpus (tests/hostile/make_corpus.py): strict build passes, hostile
titles and bodies are shown as text and never run, raw files are served as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_site, copy_project, serve
from hostile.make_corpus import ENTITIES, HOSTILE_TITLES, write_corpus
from mkdocs.utils.meta import get_data

TRAP = """
window.__pwned = [];
window.alert = window.confirm = window.prompt = function (m) { window.__pwned.push(String(m)); };
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    corpus_dir = tmp_path_factory.mktemp("corpus")
    write_corpus(corpus_dir)
    project = copy_project(tmp_path_factory.mktemp("hostile-project"), notices=corpus_dir / "notices")
    # Refused files fail the strict build (exit 1) with one error each; nothing else may warn.
    build_site(project, project / "site", refused=True)
    server, url = serve(project / "site")
    yield project, url
    server.shutdown()
    server.server_close()


def pages_with_hostile_titles(project: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted((project / "docs" / "hans" / "notices").glob("*.md")):
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        if meta.get("title") in HOSTILE_TITLES:
            found.append((f"hans/notices/{path.stem}.html", meta["title"]))
    return found


def test_hostile_titles_are_shown_literally_and_never_run(browser, hostile):
    project, url = hostile
    pages = pages_with_hostile_titles(project)
    assert {title for _, title in pages} == set(HOSTILE_TITLES)
    context = browser.new_context()
    context.add_init_script(TRAP)
    dialogs: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path, title in pages:
        page.goto(f"{url}/{path}")
        assert page.title() == f"{title} - 政府公告档案"
        assert page.locator(".md-header__topic").last.inner_text().strip() == title
        assert page.locator("img[src=x], a[href^='javascript:']").count() == 0
        assert page.get_by_text("原文无标题").count() == 0, path  # a title in markup is still the title
    for index in ("hans/index.html", "hant/index.html", "hans/issuers.html", "hans/about.html"):
        page.goto(f"{url}/{index}")
        assert page.locator(".notice-list .notice-item, .browse-list li, table.problems tr").count() > 0
        assert page.locator("img[src=x], a[href^='javascript:']").count() == 0
    page.goto(f"{url}/hans/index.html")
    titles = page.locator(".notice-item__title").all_inner_texts()
    assert set(HOSTILE_TITLES) <= set(titles)
    assert page.evaluate("window.__pwned") == []
    assert dialogs == []
    assert errors == []
    context.close()


def test_character_references_in_a_text_notice_show_as_those_characters(browser, hostile):
    project, url = hostile
    found = [p.stem for p in sorted((project / "docs" / "hans" / "notices").glob("*.md"))
             if get_data(p.read_text(encoding="utf-8"))[1].get("raw") == "notices/entities.txt"]
    assert len(found) == 1
    page = browser.new_page()
    page.goto(f"{url}/hans/notices/{found[0]}.html")
    assert ENTITIES in page.locator("article").inner_text()  # "&lt;", not "<" nor "&lt；"
    page.close()


def test_raw_files_with_markup_are_served_as_text(browser, hostile):
    project, url = hostile
    context = browser.new_context()
    context.add_init_script(TRAP)
    page = context.new_page()
    for name in ("script-body.txt", "page.html.txt", "title-4.txt"):
        response = page.goto(f"{url}/raw/{name}")
        assert response.ok and response.headers["content-type"].startswith("text/plain")
        assert page.locator("script, img, iframe").count() == 0
        assert page.evaluate("window.__pwned") == []
    # Odd file names (spaces, CJK, sub-folders) get working links from their notice pages.
    for raw_name in ("a b.txt", "关于 中文 文件名.txt", "2023/notice.txt"):
        page.goto(f"{url}/hans/index.html")
        matches = [p for p in sorted((project / "docs" / "hans" / "notices").glob("*.md"))
                   if get_data(p.read_text(encoding="utf-8"))[1].get("raw") == f"notices/{raw_name}"]
        assert matches, raw_name
        page.goto(f"{url}/hans/notices/{matches[0].stem}.html")
        for link in page.locator(".raw-link").all():
            href = link.evaluate("a => a.href")
            assert page.request.get(href).ok, href
    context.close()


def test_problems_are_listed_on_the_about_page(hostile):
    project, _ = hostile
    about = (project / "site" / "hans" / "about.html").read_text(encoding="utf-8")
    for name in ("empty.txt", "binary.txt", "report.pdf", "form.docx"):
        assert f"<code>{name}</code>" in about
    hant = (project / "site" / "hant" / "about.html").read_text(encoding="utf-8")
    assert "轉換報告" in hant and "<code>report.pdf</code>" in hant


def test_search_results_for_hostile_notices_show_their_text_and_run_nothing(browser, hostile):
    """Titles and snippets come from the index as text; the worker escapes them before Material
    puts them in the result list, and marks only the found words."""
    _, url = hostile
    context = browser.new_context()
    context.add_init_script(TRAP)
    dialogs: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = context.new_page()
    page.goto(f"{url}/hans/index.html")
    box = page.locator("input.md-search__input")
    box.focus()
    box.press_sequentially("alert")
    box.press("End")  # Material reads the box on keyup
    page.locator("li.md-search-result__item").first.wait_for()
    page.wait_for_timeout(500)  # the second answer, after phrases are checked
    results = page.locator("ol.md-search-result__list")
    assert results.locator("img, script, iframe, a[href^='javascript:'], [onerror], [onclick]").count() == 0
    texts = " ".join(results.all_inner_texts())
    assert "<script>alert(" in texts or "onerror=alert(" in texts  # shown as text
    marks = results.locator("mark").all_inner_texts()
    assert marks and all(m.lower() == "alert" for m in marks)
    assert page.evaluate("window.__pwned") == []
    assert dialogs == []
    context.close()


def test_hostile_values_stay_data_in_the_exports_and_calendars(hostile):
    import csv
    import io
    import json

    import icalendar

    from hooks.exports import FORMULA_START

    project, _ = hostile
    site = project / "site"
    data = json.loads((site / "data" / "notices.json").read_text(encoding="utf-8"))
    titles = {r["title"]["hans"] for r in data["notices"]}
    assert {title for _, title in pages_with_hostile_titles(project)} <= titles  # as written, never escaped
    assert data["count"] == len(data["notices"]) == len(list((project / "docs" / "hans" / "notices").glob("*.md")))
    rows = list(csv.DictReader(io.StringIO((site / "data" / "notices.csv").read_text(encoding="utf-8-sig"),
                                           newline="")))
    assert [row["id"] for row in rows] == [r["id"] for r in data["notices"]]
    assert not [cell for row in rows for cell in row.values() if cell.startswith(FORMULA_START)]
    lines = (site / "data" / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in data["notices"]]
    for script in ("hans", "hant"):
        raw = (site / script / "periods.ics").read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
        summaries = {str(e["SUMMARY"]) for e in events}
        assert len(events) == sum(1 for r in data["notices"] if r["period"])
        if script == "hans":
            periods = {r["title"]["hans"] for r in data["notices"] if r["period"]}
            assert summaries == {f"{title}（公开期限）" for title in periods}
