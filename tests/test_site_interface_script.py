"""Every interface string of the built site is in the page's own script.

Each page of each script is read as a reader meets it: its text and the attributes a reader is
shown (title, aria-label, placeholder, alt) and the strings Material's search shows (its
translations in the page's config). Notice text is set apart: any string that is part of a
notice's own text (its title, body, metadata values, as its notice page shows them) may hold
whatever the document holds. The script switch names the other script in that script's own
letters (繁體 on a Simplified page, 简体 on a Traditional one), as language switches do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from converters.scripts import one_script_characters

ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
ENDONYMS = {"hans": ("繁體",), "hant": ("简体",)}  # the other script's name, in its own letters
PIECES = re.compile(r"…|\s+-\s+|\n")  # truncated titles, "title - site" and lines of a notice's text


def notice_text(site: Path, script: str) -> str:
    """What the notices themselves say, as their pages show it."""
    parts = []
    for page in (site / script / "notices").glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for el in soup.select("article h1, .notice-body, .notice-header dd"):
            parts.append(el.get_text("\n"))
    return "\n".join(parts)


def shown_strings(soup: BeautifulSoup) -> list[str]:
    strings = []
    config = soup.find("script", id="__config")
    if config and config.string:
        strings += json.loads(config.string).get("translations", {}).values()
    for el in soup(["script", "style"]):
        el.decompose()
    strings += [s for s in soup.find_all(string=True)]
    strings += [el[a] for el in soup.find_all(True) for a in ATTRIBUTES if el.get(a)]
    return [s.strip() for s in strings if s.strip()]


def foreign(text: str, wrong: re.Pattern[str], script: str, notices: str) -> bool:
    """Does an interface string hold a letter of the other script?"""
    for endonym in ENDONYMS[script]:
        text = text.replace(endonym, "")
    return any(wrong.search(piece) and piece.strip() not in notices for piece in PIECES.split(text) if piece.strip())


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_every_page_speaks_its_own_script_apart_from_notice_text(site, script):
    traditional, simplified = one_script_characters()
    wrong = simplified if script == "hant" else traditional
    notices = notice_text(site, script)
    found: dict[str, str] = {}
    pages = sorted((site / script).rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for text in shown_strings(soup):
            if foreign(text, wrong, script, notices):
                found.setdefault(text[:80], page.relative_to(site).as_posix())
    assert not found, "\n".join(f"{page}: {text}" for text, page in found.items())


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_footer_says_what_the_text_is_and_links_the_about_page_in_each_script(site, script):
    from hooks.text import t

    for page in (site / script / "index.html", site / script / "years.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one("footer.md-footer")
        assert footer is not None and t(script, "footer_note") in footer.get_text(), page
        about = footer.find("a", string=t(script, "about"))
        assert about is not None and (page.parent / about["href"]).resolve() == (site / script / "about.html").resolve()


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_about_page_has_no_stray_spaces_between_chinese_characters(site, script):
    # A line break inside a Chinese paragraph of the page's source shows as a space.
    soup = BeautifulSoup((site / script / "about.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.select_one("article").get_text()
    stray = re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] +[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text)
    assert stray == []
    assert "分词检索" not in text and "分詞檢索" not in text  # the search describes itself as it works
