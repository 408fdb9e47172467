"""The archive's pages as templates render them: a notice's table of contents nests as its
document does (sections 一、 holding sub-sections （一）), in the real Chromium; and a user who
overrides one of the archive's templates (overrides/partials/archive/) restyles every page that
uses it while notice text stays escaped, the hooks handing the template data only."""

from __future__ import annotations

import pytest
from conftest import built_and_served, copy_project
from test_markdown import REPORT

HOSTILE = "<i>斜体</i>与{{ 7*7 }}的通报"
# A user's notice item: a class of their own, the title and the date; no `autoescape` block:
# the archive renders its parts with autoescaping on whatever the template says.
ITEM = (
    '{% macro notice_item(item, script) -%}'
    '<li class="notice-item my-item" data-year="{{ item.year }}" data-issuer="{{ item.issuer_key }}">'
    '<a class="notice-item__title" href="{{ item.link.href }}">{{ item.link.label }}</a>'
    ' <span class="my-date">{{ item.date | cn_date }}</span></li>'
    '{%- endmacro %}'
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    notices = tmp_path_factory.mktemp("templates") / "notices"
    notices.mkdir()
    (notices / "report.txt").write_text(REPORT + "\n", encoding="utf-8")
    (notices / "hostile.txt").write_text("关于表彰的通报\n经研究，决定予以表彰。\n示范市人民政府\n2024年5月6日\n",
                                         encoding="utf-8")
    (notices / "hostile.meta.yml").write_text(f"title: '{HOSTILE}'\n", encoding="utf-8")
    project = copy_project(notices.parent / "project", notices)
    (project / "overrides" / "partials" / "archive" / "notice-item.html").write_text(ITEM, encoding="utf-8")
    yield from built_and_served(project)


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_table_of_contents_nests_each_sub_section_under_its_section(browser, built, script):
    _, url = built
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/{script}/notices/report.html")
    toc = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
    top = toc.locator("> ul > li")
    assert top.count() == 2
    second = top.nth(1)
    assert second.locator("> a").inner_text().startswith("二、")
    subs = second.locator("> nav > ul > li > a")
    assert [s.inner_text()[:3] for s in subs.all()] == ["（一）", "（二）"]
    assert "不到位" in subs.first.inner_text()
    # Shown as the document has it: the sub-sections indented under their section, visible.
    parent_box = second.locator("> a .md-ellipsis").bounding_box()
    for sub in subs.all():
        assert sub.is_visible() and sub.locator(".md-ellipsis").bounding_box()["x"] > parent_box["x"] + 4
    # The page's own headings carry the same levels.
    assert page.locator(".notice-body h2").count() == 2 and page.locator(".notice-body h3").count() == 4
    context.close()


def test_an_overridden_template_restyles_every_list_and_escapes_the_notice_text(browser, built):
    site, url = built
    for path in ("hans/index.html", "hans/years/2024.html", "hant/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        assert html.count('class="notice-item my-item"') == 2, path
        assert "<i>" not in html and "&lt;i&gt;" in html and "{{ 7*7 }}" in html
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/hans/index.html")
    item = page.locator(".my-item", has_text="斜体")
    assert item.locator("a").inner_text() == HOSTILE and item.locator("i").count() == 0
    assert page.locator(".my-item .my-date").first.inner_text().endswith("日")
    # The archive's own templates still render the rest of the page (the filter counts items).
    assert page.locator("form.archive-filter output").inner_text() == "显示 2 / 2 件"
    context.close()


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_on_a_phone_the_drawer_holds_the_notice_and_its_nested_table_of_contents(browser, built, artifacts, script):
    # Material folds both sidebars into the drawer on a phone; a notice is in no nav section, so
    # its own item (overrides/partials/nav.html) is the way to its contents there.
    _, url = built
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{url}/{script}/notices/report.html")
    page.locator("label.md-header__button[for=__drawer]").click()
    label = page.locator(".md-nav--primary .archive-nav-page > label[for=__toc]")
    label.wait_for(state="visible")
    assert "2024" in label.inner_text() and label.inner_text().endswith(("通报", "通報"))
    page.wait_for_timeout(300)  # the drawer slides in
    label.click()
    toc = page.locator(".md-nav--primary .archive-nav-page nav.md-nav--secondary")
    second = toc.locator("> ul > li").nth(1)
    subs = second.locator("> nav > ul > li > a")
    subs.first.wait_for(state="visible")
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / f"notice-toc-{script}-phone.png"))
    assert second.locator("> a").inner_text().startswith("二、")
    assert [s.inner_text()[:3] for s in subs.all()] == ["（一）", "（二）"]
    text_x = subs.first.locator(".md-ellipsis").bounding_box()["x"]
    assert text_x > second.locator("> a .md-ellipsis").bounding_box()["x"] + 4
    subs.nth(1).click()
    page.wait_for_function("location.hash.length > 1")
    assert page.locator(".notice-body h3").nth(3).is_visible()
    context.close()
    # On a desktop the table of contents has its sidebar: the drawer's item is not shown.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/{script}/notices/report.html")
    assert page.locator(".md-nav--primary .archive-nav-page").is_hidden()
    assert page.locator(".md-sidebar--secondary nav.md-nav--secondary").is_visible()
    context.close()
