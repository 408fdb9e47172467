"""Year and issuer listings are split into pages of `extra.list_page_size` notices, so a page of
the archive stays the same size however many notices a year or an issuer has."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import build_site, copy_project


def _write(folder: Path, name: str, title: str, day: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n各有关单位：\n现将有关事项通知如下，请认真执行。\n某某市人民政府办公室\n{day}\n",
                               encoding="utf-8")


def _items(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a.get_text(strip=True) for a in soup.select("ol.notice-list li a.notice-title, ol.notice-list li > a")]


def test_a_long_listing_is_paged_with_every_notice_once_and_a_pager_on_each_page(tmp_path):
    notices = tmp_path / "in" / "notices"
    titles = [f"关于做好第{n}批项目申报工作的通知" for n in range(1, 6)]
    for n, title in enumerate(titles, 1):
        _write(notices, f"n{n}.txt", title, f"2024年3月{n}日")
    project = copy_project(tmp_path / "project", notices=notices)
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("list_page_size: 200", "list_page_size: 2"), encoding="utf-8")
    site = tmp_path / "site"
    build_site(project, site)
    for script, folder in (("hans", "years"), ("hant", "years")):
        pages = [site / script / folder / name for name in ("2024.html", "2024-2.html", "2024-3.html")]
        assert all(p.is_file() for p in pages) and not (site / script / folder / "2024-4.html").exists()
        seen = [_items(p) for p in pages]
        assert [len(s) for s in seen] == [2, 2, 1]
        assert len({t for s in seen for t in s}) == 5
        for k, page in enumerate(pages):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            pager = soup.select_one("nav.archive-pager")
            assert [a.get_text() for a in pager.select("a, span")].count(str(k + 1)) == 1
            assert pager.select_one("[aria-current=page]").get_text() == str(k + 1)
            assert (pager.select_one("a[rel=next]") is None) == (k == 2)
            assert soup.select_one("ol.notice-list")["start"] == str(5 - 2 * k)
    issuer_pages = sorted((site / "hans" / "issuers").glob("*.html"))
    assert len(issuer_pages) == 3  # one issuer, three pages
