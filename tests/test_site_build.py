"""The built site without a browser: reproducibility, links, feeds, search indexes, raw copies."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT, build_site
from mkdocs.utils.meta import get_data

from hooks.search_index import decode_payload

ATOM = "{http://www.w3.org/2005/Atom}"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def fronts(project: Path, script: str) -> dict[str, dict]:
    return {p.stem: get_data(p.read_text(encoding="utf-8"))[1]
            for p in sorted((project / "docs" / script / "notices").glob("*.md"))}


def test_two_builds_are_byte_identical(project, site):
    url = "https://example.org/archive/"
    build_site(project, project / "site-a", SITE_URL=url)
    build_site(project, project / "site-b", SITE_URL=url)
    a, b = tree(project / "site-a"), tree(project / "site-b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    # MkDocs' own date stamps come from the newest notice, not from the clock.
    newest = max(str(m.get("signed_date") or m.get("published") or "")[:10] for m in fronts(project, "hans").values())
    sitemap = a["sitemap.xml"].decode()
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {newest}
    assert gzip.decompress(a["sitemap.xml.gz"]).decode() == sitemap
    assert "https://example.org/archive/hans/notices/" in a["hans/feed.xml"].decode()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def test_every_link_and_asset_resolves_and_nothing_is_loaded_from_elsewhere(site):
    checked = 0
    for page in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attr, value in parser.links:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc:
                # No CDN: nothing the page loads may come from another host.
                assert tag == "a", f"{page.relative_to(site)} loads {value}"
                continue
            if not parts.path:
                continue
            if parts.path.startswith("/"):  # only 404.html, served at any depth, links from the root
                assert page.name == "404.html", f"{page.relative_to(site)}: absolute link {value}"
                target = site / unquote(parts.path).lstrip("/")
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)}: broken {attr}={value}"
            checked += 1
    assert checked > 500


def test_feeds_list_the_newest_notices_with_valid_links(project, site):
    for script in ("hans", "hant"):
        feed = ET.parse(site / script / "feed.xml").getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == ("zh-Hans" if script == "hans" else "zh-Hant")
        metas = fronts(project, script)
        dated = {k: m for k, m in metas.items() if m.get("signed_date") or m.get("published")}
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(dated)
        titles = [e.findtext(f"{ATOM}title") for e in entries]
        assert sorted(titles) == sorted(m["title"] for m in dated.values())
        updated = [e.findtext(f"{ATOM}updated") for e in entries]
        assert updated == sorted(updated, reverse=True)
        assert feed.findtext(f"{ATOM}updated") == updated[0]
        assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
        for entry in entries:
            href = entry.find(f"{ATOM}link").get("href")
            assert (site / script / href).is_file(), href


OTHER = {"hans": "hant", "hant": "hans"}


def read_payload(path: Path):
    """Decode one search index file (self.__archiveSearch("key","<base64 deflated JSON>"))."""
    return decode_payload(path.read_bytes())


def test_search_index_covers_every_notice_in_each_script_and_stays_smaller_than_the_text(site):
    index_dir = site / "search"
    key, meta = read_payload(index_dir / "meta.js")
    assert key == "meta" and meta["size"] == len(list((ROOT / "notices").glob("*.txt")))
    assert meta["fold"]["視"] == "视" and meta["fold"]["Ａ"] == "a"
    _, words = read_payload(index_dir / "words.js")  # loaded only when a query is relaxed
    assert "港澳办" in words  # curated (hooks/search_terms.txt)
    assert "中共广东省港澳办党组" not in words  # nothing of the archive's notices
    version = None
    for script in ("hans", "hant"):
        stub = json.loads((site / script / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert stub["docs"] == [] and stub["config"]["archive"]["script"] == script
        version = version or stub["config"]["archive"]["version"]
        assert stub["config"]["archive"]["version"] == version  # both scripts read the same index
        _, rows = read_payload(index_dir / script / "docs.js")
        assert sorted(row[0] for row in rows) == sorted(p.stem for p in (site / script / "notices").glob("*.html"))
        text_bytes = 0
        for notice_id, title, *_ in rows:
            _, text = read_payload(index_dir / script / "t" / f"{notice_id}.js")
            assert not re.search(r"</?(p|h[1-6]|a|mark)\b", text)  # the reader's text, not HTML
            text_bytes += len((title + text).encode("utf-8"))
        own = sum(p.stat().st_size for p in index_dir.rglob("*.js")
                  if not p.is_relative_to(index_dir / OTHER[script]) and p.name != "words.js")
        # Fixed costs (gram keys, fold table) weigh on five notices; at 1,000 the index is about
        # 0.6× the text (./archive bench prints it).
        assert own < 1.5 * text_bytes, (script, own, text_bytes)
    _, shard = read_payload(next(index_dir.glob("p/*.js")))
    counts = shard.pop("#tf")
    assert all(isinstance(v, list) and all(isinstance(n, int) and n >= 0 for n in v) for v in shard.values())
    assert all(len(v) == len(shard[gram]) and min(v) >= 1 for gram, v in counts.items())


def test_raw_originals_are_byte_exact_text_files(project, site):
    for path in sorted((ROOT / "notices").glob("*.txt")):
        assert (site / "raw" / path.name).read_bytes() == path.read_bytes()
        reading = (site / "raw" / "utf8" / path.name).read_bytes()
        assert reading.startswith(b"\xef\xbb\xbf")
        assert reading[3:].decode("utf-8") == path.read_bytes().decode("utf-8-sig")
    assert not list((site / "raw").rglob("*.html"))


def test_notice_pages_escape_and_show_metadata(project, site):
    html = (site / "hans" / "notices" / "000_cba325303ee0ceab.html").read_text(encoding="utf-8")
    assert "<title>中共国务院港澳事务办公室党组关于十九届中央第九轮巡视整改进展情况的通报 - 政府公告档案</title>" in html
    assert 'data-period-start="2023-03-25" data-period-end="2023-04-15"' in html
    assert 'href="../../hant/notices/000_cba325303ee0ceab.html"' in html  # the script switch
    assert '<html lang="zh"' in html
    hant = (site / "hant" / "notices" / "000_cba325303ee0ceab.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in hant and "政府公告檔案" in hant
