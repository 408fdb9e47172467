"""Corrected versions (issue 15): `NAME.txt` and `NAME.v2.txt` both stay published; the current
text carries a visible 已更正 note, and a page compares the versions character by character,
deletions and insertions marked, in both scripts. Real converters, real build, real Chromium."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import built_and_served, copy_project

from converters.pipeline import notice_id
from hooks.text import t
from hooks.versions import counts, diff, version_of

V1 = ("关于某项目评审结果的公示\n\n各有关单位：\n\n经评审，拟推荐甲公司为第一名，公示期为2024年3月1日至3月7日。\n\n"
      "如有异议，请与我局联系。\n\n某某市科学技术局\n2024年2月28日\n")
V2 = ("关于某项目评审结果的公示\n\n各有关单位：\n\n经评审，拟推荐乙公司为第一名，公示期为2024年3月1日至3月10日。\n\n"
      "如有异议，请与我局联系。\n\n联系电话：12345678。\n\n某某市科学技术局\n2024年2月28日\n")
V2_ID = notice_id("award.v2.txt")  # the page id; the version is read from the file name


def test_versions_are_read_from_the_file_name():
    assert version_of("a.v2").previous == "a" and version_of("a.v3").previous == "a.v2"
    assert version_of("a") is None and version_of("a.v1") is None and version_of("a.v0") is None
    assert version_of("report.v10").n == 10


def test_the_character_diff_marks_what_changed_and_rebuilds_both_texts():
    old = "第一段。\n拟推荐甲公司为第一名。\n第三段不变。"
    new = "第一段。\n拟推荐乙公司为第一名，特此公示。\n第三段不变。\n新增一段。"
    runs = diff(old, new)
    assert "".join(x for op, x in runs if op != "insert") == old
    assert "".join(x for op, x in runs if op != "delete") == new
    assert ("delete", "甲") in runs and ("insert", "乙") in runs and ("insert", "，特此公示") in runs
    assert counts(runs) == (1, len("乙，特此公示") + len("新增一段。"))
    # Unchanged paragraphs stay whole: no deletion or insertion inside them.
    assert all("第三段不变" not in x for op, x in runs if op != "equal")
    assert diff("同样", "同样") == [("equal", "同样")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    notices = tmp_path_factory.mktemp("versions") / "notices"
    notices.mkdir()
    (notices / "award.txt").write_text(V1, encoding="utf-8")
    (notices / "award.v2.txt").write_text(V2, encoding="utf-8")
    project = copy_project(notices.parent / "project", notices)
    yield from built_and_served(project)


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_current_version_says_it_was_corrected_and_both_versions_stay(built, script):
    site, _ = built
    current = soup(site, f"{script}/notices/{V2_ID}.html")
    note = current.select_one(".notice-header .notice-corrected")
    assert note.select_one(".admonition-title").get_text() == t(script, "corrected")
    assert t(script, "corrected_note", n=2) in note.get_text()
    assert note.select_one(".notice-corrected__compare")["href"] == f"../versions/{V2_ID}.html"
    assert note.select_one(".notice-corrected__previous")["href"] == "award.html"
    first = soup(site, f"{script}/notices/award.html")
    assert first.select_one(".notice-corrected") is None
    assert "甲公司" in first.select_one(".notice-body").get_text()


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_comparison_page_marks_deletions_and_insertions_character_by_character(built, script):
    site, _ = built
    page = soup(site, f"{script}/versions/{V2_ID}.html")
    text = page.select_one(".compare-text")
    deleted = [d.get_text() for d in text.select("del")]
    inserted = [i.get_text() for i in text.select("ins")]
    assert "甲" in deleted and "乙" in inserted  # one character changed, one character marked
    assert ("7" in deleted and "10" in inserted) or "7日" in "".join(deleted)
    assert any("12345678" in i for i in inserted)
    # The old text is the page without insertions, the new one without deletions.
    old = "".join(s for s in text.find_all(string=True) if s.parent.name != "ins")
    new = "".join(s for s in text.find_all(string=True) if s.parent.name != "del")
    one, two = (soup(site, f"{script}/notices/{name}.html").select_one("article").get_text().replace("¶", "")
                for name in ("award", V2_ID))
    for line in old.splitlines():
        assert line.strip() in one
    for line in new.splitlines():
        assert line.strip() in two
    assert "乙公司" not in old and "甲公司" not in new
    assert page.select_one("article h1").get_text().startswith(t(script, "compare_title", title="")[:6])
    links = [a["href"] for a in page.select(".compare-versions a")]
    assert links == ["../notices/award.html", f"../notices/{V2_ID}.html"]


def test_the_comparison_shows_marked_text_in_chromium(browser, built, artifacts):
    _, url = built
    for script in ("hans", "hant"):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{url}/{script}/notices/{V2_ID}.html")
        page.locator(".notice-corrected__compare").click()
        page.wait_for_url(f"**/versions/{V2_ID}.html")
        deleted = page.locator(".compare-text del").first
        assert deleted.evaluate("d => getComputedStyle(d).textDecorationLine") == "line-through"
        assert page.locator(".compare-text ins").first.evaluate("i => getComputedStyle(i).textDecorationLine") \
            == "underline"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(artifacts / f"versions-{script}-phone.png"), full_page=True)
        page.close()
