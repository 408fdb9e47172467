"""Bad PDFs never crash the converter and are bounded: each is an error naming the file and
the reason. Every file is made here, at test time."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from conftest import fresh_python
from PIL import Image
from reportlab.pdfgen import canvas

from converters.build import build_archive
from converters.isolate import IsolationError, run_isolated
from converters.pdf_text import MAX_PAGES, _Char, _needs_ocr
from converters.pipeline import convert_bytes
from tests.pdfmaker import A4, Text, canvas_pdf, typeset

GOOD = typeset(["关于开展检查的通知"], ["为做好检查工作，现将有关事项通知如下，请认真执行。"], ["某某局", "2024年5月20日"])


def refused(data: bytes, name: str = "bad.pdf") -> set[str]:
    """Codes of the errors a notice was refused with; it must have no blocks and name the file."""
    notice = convert_bytes(data, name)
    assert notice.errors, notice
    assert not notice.blocks
    assert all(name in e.message for e in notice.errors), notice.errors
    return {e.code for e in notice.errors}


def test_encrypted_pdf_is_reported_as_encrypted():
    data = canvas_pdf([[Text("机密文件", 100, 100)]], encrypt="secret")
    assert refused(data) == {"pdf-encrypted"}


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_pdf_is_reported_as_corrupt(keep):
    assert refused(GOOD[: int(len(GOOD) * keep)]) == {"pdf-corrupt"}


def test_garbage_after_a_pdf_header_is_reported_as_corrupt():
    assert refused(b"%PDF-1.7\n" + os.urandom(4096)) == {"pdf-corrupt"}


def test_a_500_page_pdf_is_refused_quickly():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(500):
        c.drawString(100, 700, "page")
        c.showPage()
    c.save()
    started = time.monotonic()
    assert refused(buf.getvalue(), "long.pdf") == {"pdf-too-long"}
    assert time.monotonic() - started < 10
    assert MAX_PAGES < 500


@pytest.mark.parametrize("size", [(20000.0, 20000.0), (10.0, 10.0)], ids=["huge", "tiny"])
def test_a_page_of_absurd_size_is_reported(size):
    assert refused(canvas_pdf([[Text("文字", 1, 1, 4)]], pagesize=size)) == {"pdf-page-size"}


_WITHOUT_OCR = """
import sys
sys.modules["rapidocr"] = None  # as on a machine where the OCR engine is not installed
from tests.test_pdf_bad import refused
print(sorted(refused(sys.stdin.buffer.read(), "scan.pdf")))
"""


def test_a_scan_without_ocr_is_reported_as_such():
    # A fresh interpreter in which the OCR engine cannot be imported.
    image = Image.new("L", (400, 560), 255)
    for x in range(60, 340):
        image.putpixel((x, 100), 0)
    png = io.BytesIO()
    image.save(png, "PNG")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, *A4)
    c.showPage()
    c.save()
    assert fresh_python(_WITHOUT_OCR, buf.getvalue()).strip() == "['ocr-unavailable']"


def _chars(text: str) -> list[_Char]:
    return [_Char(ch, i * 10.0, i * 10.0 + 10, 0, 10, 9, 10, "F", False) for i, ch in enumerate(text)]


def test_a_text_layer_of_private_use_or_replacement_characters_needs_ocr():
    assert _needs_ocr(_chars("\ue010\ue011\ue012\ue013关于\ue014\ue015\ue016\ufffd\ufffd通知"), images=0)
    assert _needs_ocr(_chars("(cid:12)(cid:13)(cid:14)关于通知"), images=0)
    assert _needs_ocr(_chars("⼀⼆⼈⼊⼋⼏⼑⼒⼘⼚⼜"), images=0)


def test_a_real_text_layer_with_a_few_odd_characters_does_not():
    assert not _needs_ocr(_chars("关于开展检查工作的通知，现将有关事项通知如下⼀"), images=1)
    assert not _needs_ocr(_chars(""), images=0)  # a blank page is no scan


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)  # evaluated in the child: it kills only itself


def test_a_hanging_or_crashing_reader_is_stopped_and_reported():
    with pytest.raises(IsolationError) as slow:
        run_isolated(time.sleep, 30, timeout=0.5, memory=1 << 28)
    assert slow.value.reason == "timeout"
    with pytest.raises(IsolationError) as crash:
        run_isolated(_segfault, timeout=5, memory=1 << 28)
    assert crash.value.reason == "crashed"
    with pytest.raises(IsolationError) as hog:
        run_isolated(bytearray, 1 << 31, timeout=5, memory=1 << 28)
    assert hog.value.reason == "memory"


def test_the_build_publishes_good_pdfs_and_reports_bad_ones_by_name(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "good.pdf").write_bytes(GOOD)
    (notices / "bad.pdf").write_bytes(GOOD[:200])
    report = build_archive(notices, tmp_path / "docs", cache_dir=None, jobs=1)
    assert [n.id for n in report.notices] == ["good"]
    assert report.notices[0].read_by == "pdf-text"
    assert [(name, issue.code) for name, issue in report.errors] == [("bad.pdf", "pdf-corrupt")]
    assert (tmp_path / "docs" / "hans" / "notices" / "good.md").exists()
