"""The original stays with the notice: PDF, Word and OFD originals are published byte-exact under
their own suffix and linked from the notice page, which says how its text was read (and warns
when it was OCR'd) and shows its document number, in both scripts. Notices are made at test
time (tests/pdfmaker.py, tests/office_files.py, tests/test_ocr.py's scans), built with the real
`mkdocs build`, and the PDF link is followed in the real Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import build_site, copy_project, serve
from mkdocs.utils.meta import get_data
from office_files import docx_bytes
from pdfmaker import typeset

from hooks.site import RawCopy, raw_copies

PDF_NUMBER = ("示府发〔2024〕12号", "示府發〔2024〕12號")
DOCX_NUMBER = ("示档发〔2023〕7号", "示檔發〔2023〕7號")


def text_pdf(title: str, number: str) -> bytes:
    return typeset([title], [number, "各区县人民政府：", "为做好档案检查工作，现将有关事项通知如下，请认真贯彻执行。"],
                   ["示范市人民政府", "2024年5月20日"])


def word_file() -> bytes:
    def build(document) -> None:
        for text in ("示范市档案局关于报送统计数据的通知", DOCX_NUMBER[0], "各区县档案局：",
                     "请于月底前报送本年度档案统计数据。", "示范市档案局", "2023年6月1日"):
            document.add_paragraph(text)

    return docx_bytes(build)


def scanned_pdf() -> bytes | None:
    """An image-only PDF (test_ocr's scanned notice), or None without PIL or a CJK font."""
    try:
        from test_ocr import H, W, notice_page, scan

        return scan(W, H, notice_page)
    except (ImportError, pytest.skip.Exception):
        return None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    notices = tmp_path_factory.mktemp("originals") / "notices"
    notices.mkdir()
    files = {
        "检查 通知.pdf": text_pdf("示范市人民政府关于开展档案检查的通知", PDF_NUMBER[0]),
        "stats.docx": word_file(),
        # PDF bytes under a text name: the bytes say what it is, so it is published as a PDF.
        "misnamed.txt": text_pdf("示范市人民政府关于做好防汛工作的通知", "示府发〔2024〕13号"),
        "plain.txt": "示范市人民政府关于停水的通知\n因管道检修，本周六停水一天。\n示范市人民政府\n2024年7月1日\n".encode(),
    }
    scan = scanned_pdf()
    if scan is not None:
        files["scan.pdf"] = scan
    for name, data in files.items():
        (notices / name).write_bytes(data)
    project = copy_project(tmp_path_factory.mktemp("originals-project"), notices=notices)
    build_site(project, project / "site")
    yield project, files


def page_of(project: Path, raw_name: str, script: str = "hans") -> tuple[str, dict]:
    """The built notice page of raw file `raw_name` in `script`, and its front matter."""
    for path in sorted((project / "docs" / script / "notices").glob("*.md")):
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        if meta.get("raw") == f"notices/{raw_name}":
            html = (project / "site" / script / "notices" / f"{path.stem}.html").read_text(encoding="utf-8")
            return html, meta
    raise AssertionError(f"no page for {raw_name}")


class RawLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "raw-link" in (attrs.get("class") or "").split():
            self.links.append(attrs)


def raw_links(html: str) -> list[dict]:
    parser = RawLinks()
    parser.feed(html)
    return parser.links


@pytest.mark.parametrize("raw_name, suffix", [("检查 通知.pdf", ".pdf"), ("stats.docx", ".docx"),
                                              ("misnamed.txt", ".pdf")])
def test_binary_originals_are_published_byte_exact_under_their_own_suffix_and_linked(built, raw_name, suffix):
    project, files = built
    for script in ("hans", "hant"):
        html, _ = page_of(project, raw_name, script)
        links = raw_links(html)
        assert len(links) == 1, links  # the original itself; no "UTF-8 copy" of a binary file
        href = unquote(links[0]["href"])
        assert href.endswith(suffix)
        target = (project / "site" / script / "notices" / href).resolve()
        assert target.is_relative_to((project / "site" / "raw").resolve())
        assert target.read_bytes() == files[raw_name]
        assert links[0]["type"].startswith("application/")
    assert not list((project / "site" / "raw" / "utf8").glob("*.pdf*"))


def test_text_notices_keep_their_txt_copy_and_utf8_reading(built):
    project, files = built
    html, _ = page_of(project, "plain.txt")
    hrefs = [unquote(a["href"]) for a in raw_links(html)]
    assert hrefs == ["../../raw/utf8/plain.txt", "../../raw/plain.txt"]
    assert (project / "site" / "raw" / "plain.txt").read_bytes() == files["plain.txt"]
    assert "纯文本" in html


def labels(html: str) -> dict[str, str]:
    """The metadata list of a notice page: <dt> text → <dd> text."""
    block = re.search(r'<dl class="notice-meta">(.*?)</dl>', html, re.S)[1]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block, re.S)
    return {k.strip(): re.sub(r"<[^>]+>", "", v).strip() for k, v in pairs}


def test_the_page_says_how_the_text_was_read_and_shows_the_document_number_in_both_scripts(built):
    project, _ = built
    hans, meta = page_of(project, "检查 通知.pdf", "hans")
    hant, _ = page_of(project, "检查 通知.pdf", "hant")
    assert meta["read_by"] == "pdf-text"
    assert "文字层" in labels(hans)["读取方式"] and "文字層" in labels(hant)["讀取方式"]
    assert labels(hans)["发文字号"] == PDF_NUMBER[0] and labels(hant)["發文字號"] == PDF_NUMBER[1]
    assert "notice-ocr" not in hans  # a text layer is not machine-read
    hans, _ = page_of(project, "stats.docx", "hans")
    hant, _ = page_of(project, "stats.docx", "hant")
    assert "Word" in labels(hans)["读取方式"] and "文档" in labels(hans)["读取方式"]
    assert "Word" in labels(hant)["讀取方式"] and "文件" in labels(hant)["讀取方式"]
    assert labels(hans)["发文字号"] == DOCX_NUMBER[0] and labels(hant)["發文字號"] == DOCX_NUMBER[1]
    plain, _ = page_of(project, "plain.txt")
    assert "发文字号" not in labels(plain)  # no number, no row


def test_an_ocr_notice_says_so_and_links_its_scan(built):
    project, files = built
    if "scan.pdf" not in files:
        pytest.skip("no PIL or CJK font to draw a scan")
    for script, words in (("hans", ("光学字符识别", "可能有错字")), ("hant", ("光學字元辨識", "可能有錯字"))):
        html, meta = page_of(project, "scan.pdf", script)
        assert meta["read_by"] == "ocr"
        assert words[0] in labels(html)["读取方式" if script == "hans" else "讀取方式"]
        note = re.search(r'<div class="admonition [a-z]+ notice-ocr"[^>]*>(.*?)</div>', html, re.S)[1]
        assert words[1] in note
        href = re.search(r'class="notice-ocr__original" href="([^"]+)"', note)[1]
        assert (project / "site" / script / "notices" / unquote(href)).resolve().read_bytes() == files["scan.pdf"]


def test_markup_in_a_document_number_is_shown_as_text(tmp_path):
    """The document number comes from the notice (here its sidecar): the template escapes it."""
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "n.pdf").write_bytes(text_pdf("示范市人民政府关于开展档案检查的通知", "各单位："))
    (notices / "n.meta.yml").write_text('doc_number: "<img src=x onerror=alert(1)>"\n', encoding="utf-8")
    project = copy_project(tmp_path / "project", notices=notices)
    build_site(project, project / "site")
    html, meta = page_of(project, "n.pdf")
    assert meta["doc_number"] == "<img src=x onerror=alert(1)>"
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_raw_site_paths_never_collide():
    copies = raw_copies([("notices/a.html", "html"), ("notices/a.html.txt", "text"), ("notices/b.txt", "text"),
                         ("notices/utf8/b.txt", "text"), ("notices/c.txt", "pdf-text"), ("notices/c.txt.pdf", "ocr"),
                         ("notices/d.DOCX", "docx"), ("notices/e.wps", "word"), ("notices/f.ofd", "ofd")])
    paths = [p for c in copies.values() for p in (c.original, c.reading) if p]
    assert len(paths) == len(set(paths))
    # Files published under their own name keep it; the others in a clash are told apart.
    assert copies["notices/a.html.txt"] == RawCopy("raw/a.html.txt", "raw/utf8/a.html.txt")
    assert copies["notices/a.html"].original.startswith("raw/a.html~")
    assert copies["notices/utf8/b.txt"].original == "raw/utf8/b.txt"
    assert copies["notices/c.txt.pdf"] == RawCopy("raw/c.txt.pdf", None, ".pdf")
    assert copies["notices/d.DOCX"].original == "raw/d.DOCX" and copies["notices/e.wps"].suffix == ".wps"
    assert all(c.original.endswith(".txt") and c.reading.endswith(".txt")
               for raw, c in copies.items() if raw in ("notices/a.html", "notices/b.txt"))
    assert copies["notices/c.txt"].original.endswith(".pdf")


def test_following_the_link_opens_the_pdf_in_the_browser_served_and_offline(browser, built, tmp_path):
    project, files = built
    _, meta = page_of(project, "检查 通知.pdf")
    page_url = f"hans/notices/{meta['notice_id']}.html"
    server, url = serve(project / "site")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/{page_url}")
        link = page.locator("a.raw-link--original")
        assert link.inner_text().startswith("PDF")
        with page.expect_response(lambda r: unquote(r.url).endswith("/raw/检查 通知.pdf")) as answer:
            link.click()
        response = answer.value
        assert response.ok and response.headers["content-type"] == "application/pdf"
        page.wait_for_load_state()
        assert unquote(page.url).endswith("/raw/检查 通知.pdf")  # the browser opened it, no download
        # Shown, not downloaded: the document in the tab is the PDF (Chromium's viewer).
        assert page.evaluate("document.contentType") == "application/pdf"
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    # The offline bundle: the same relative link, opened from file://.
    zip_path = tmp_path / "offline.zip"
    subprocess.run([sys.executable, "-m", "hooks.offline", "-o", str(zip_path)], cwd=project, check=True,
                   capture_output=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(tmp_path / "unzipped")
    root = tmp_path / "unzipped" / "archive-offline"
    assert (root / "raw" / "检查 通知.pdf").read_bytes() == files["检查 通知.pdf"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((root / page_url).as_uri())
        page.locator("a.raw-link--original").click()
        page.wait_for_url("**/raw/*.pdf")
        page.wait_for_load_state()
        assert unquote(page.url) == unquote((root / "raw" / "检查 通知.pdf").as_uri())
        assert page.evaluate("document.contentType") == "application/pdf"
    finally:
        context.close()
