"""OCR of scanned pages: image-only PDFs drawn at test time with a CJK font (Debian's
fonts-noto-cjk, which `./archive test` installs), read back through `converters.ocr`."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

from converters import ocr
from converters.layout import Page, Rule
from converters.notice import Issue

Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
ImageFont = pytest.importorskip("PIL.ImageFont")
pdfium = pytest.importorskip("pypdfium2")

FONT_FILES = [Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
              Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")]
DPI = 200
PT = DPI / 72  # pixels per point


def cjk_font(points: float, region: str = "SC"):
    """The Noto CJK face for a region (SC Simplified, TC Traditional) at a size in points."""
    for path in FONT_FILES:
        if not path.exists():
            continue
        for index in range(10):
            try:
                font = ImageFont.truetype(str(path), round(points * PT), index=index)
            except OSError:
                break
            if font.getname()[0].endswith(f" {region}"):
                return font
    pytest.skip("no Noto CJK font (apt-get install fonts-noto-cjk)")


def scan(width_pt: float, height_pt: float, draw, rotate: float = 0.0) -> bytes:
    """An image-only PDF of one page: `draw(ImageDraw)` paints it in pixels at `DPI`."""
    image = Image.new("L", (round(width_pt * PT), round(height_pt * PT)), 255)
    draw(ImageDraw.Draw(image))
    if rotate:
        image = image.rotate(rotate, resample=Image.BICUBIC, fillcolor=255)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=DPI)
    return out.getvalue()


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def find(page: Page, text: str):
    best = max(page.lines, key=lambda ln: similar(ln.text, text))
    assert similar(best.text, text) >= 0.85, (text, [ln.text for ln in page.lines])
    return best


W, H = 420.0, 595.0  # A5 in points
MARGIN = 50.0
BODY = 14.0
TITLE = "关于做好节日期间安全工作的通知"
FIRST = "各单位要切实加强值班工作，确保安全。"
SECOND = "遇有重大突发事件要及时报告并处置。"
LAST = "请各单位认真贯彻执行。"
SIGNATURE = "示范市人民政府办公室"
DATE = "2024年3月5日"


def notice_page(d) -> None:
    title, body = cjk_font(20), cjk_font(BODY)
    tw = d.textlength(TITLE, font=title)
    d.text(((W * PT - tw) / 2, 60 * PT), TITLE, font=title, fill=0)
    d.text(((MARGIN + 2 * BODY) * PT, 120 * PT), FIRST, font=body, fill=0)
    d.text((MARGIN * PT, 145 * PT), SECOND, font=body, fill=0)
    d.text((MARGIN * PT, 420 * PT), LAST, font=body, fill=0)
    for text, y in ((SIGNATURE, 460), (DATE, 485)):
        d.text(((W - MARGIN) * PT - d.textlength(text, font=body), y * PT), text, font=body, fill=0)
    number = "- 1 -"
    d.text(((W * PT - d.textlength(number, font=body)) / 2, 555 * PT), number, font=body, fill=0)


@pytest.fixture(scope="module")
def notice() -> Page:
    issues: list[Issue] = []
    pages = ocr.ocr_pdf_pages(scan(W, H, notice_page), [0], issues)
    assert issues == []
    return pages[0]


@pytest.fixture(scope="module")
def skewed() -> Page:
    return ocr.ocr_pdf_pages(scan(W, H, notice_page, rotate=0.6), [0])[0]


def test_ocr_reads_a_scanned_page_line_by_line(notice: Page):
    assert find(notice, TITLE).text == TITLE
    for text in (FIRST, SECOND, LAST, SIGNATURE, DATE):
        find(notice, text)
    assert [ln.text for ln in notice.lines].index(find(notice, FIRST).text) < [ln.text for ln in notice.lines].index(
        find(notice, SIGNATURE).text), "lines come top to bottom"


def test_ocr_page_is_in_points_with_the_origin_at_the_top_left(notice: Page):
    assert notice.width == pytest.approx(W, abs=1) and notice.height == pytest.approx(H, abs=1)
    title, number = find(notice, TITLE), find(notice, "-1-")
    assert title.y0 < find(notice, FIRST).y0 < number.y0
    assert number.y0 > 0.9 * H, "the page number stays at the bottom"


def test_ocr_keeps_what_layout_reads_indent_centre_right_alignment_size(notice: Page):
    title, first, second, last = (find(notice, t) for t in (TITLE, FIRST, SECOND, LAST))
    assert (title.x0 + title.x1) / 2 == pytest.approx(W / 2, abs=6), "a centred title stays centred"
    assert second.x0 == pytest.approx(last.x0, abs=2), "body lines share the left margin"
    assert first.x0 - second.x0 == pytest.approx(2 * BODY, abs=5), "a two-character first-line indent"
    signature, date = find(notice, SIGNATURE), find(notice, DATE)
    assert signature.x1 == pytest.approx(date.x1, abs=4) and signature.x1 == pytest.approx(W - MARGIN, abs=6)
    assert title.size > 1.2 * second.size, "a larger title has a taller line box"
    assert abs(first.size - second.size) < 0.2 * second.size


def test_a_slightly_rotated_scan_is_deskewed_so_the_left_margin_is_one_line(skewed: Page):
    # 0.6° over the 275 pt between these lines moves the margin by about 3 pt on the image.
    second, last = find(skewed, SECOND), find(skewed, LAST)
    assert abs(second.x0 - last.x0) < 1.2
    signature, date = find(skewed, SIGNATURE), find(skewed, DATE)
    assert abs(signature.x1 - date.x1) < 3
    assert find(skewed, TITLE).text == TITLE


TRADITIONAL = ["臺灣證券交易所關於調整營業時間的公告", "為維護市場秩序，請各會員單位遵照辦理。"]


def test_traditional_text_stays_traditional():
    def draw(d):
        font = cjk_font(BODY, "TC")
        for i, text in enumerate(TRADITIONAL):
            d.text((MARGIN * PT, (60 + 30 * i) * PT), text, font=font, fill=0)

    page = ocr.ocr_pdf_pages(scan(W, 200, draw), [0])[0]
    read = "".join(ln.text for ln in page.lines)
    for text in TRADITIONAL:
        assert similar(find(page, text).text, text) >= 0.9
    for traditional in "臺灣證關於調營業時間會員單遵辦":
        assert traditional in read
    for simplified in "台湾证关于调营业时间会员单遵办":
        assert simplified not in read or simplified in "".join(TRADITIONAL)


CELLS = [["序号", "姓名", "单位"], ["1", "张三", "财政局"], ["2", "李四", "教育局"]]
COLS = [50.0, 110.0, 210.0, 370.0]
ROWS = [60.0, 90.0, 120.0, 150.0]


def test_table_borders_become_rules_and_cells_stay_apart():
    def draw(d):
        font = cjk_font(12)
        for y in ROWS:
            d.line([(COLS[0] * PT, y * PT), (COLS[-1] * PT, y * PT)], fill=0, width=3)
        for x in COLS:
            d.line([(x * PT, ROWS[0] * PT), (x * PT, ROWS[-1] * PT)], fill=0, width=3)
        for r, row in enumerate(CELLS):
            for c, text in enumerate(row):
                d.text(((COLS[c] + 6) * PT, (ROWS[r] + 8) * PT), text, font=font, fill=0)

    page = ocr.ocr_pdf_pages(scan(W, 200, draw), [0])[0]
    horizontal = [r for r in page.rules if r.y0 == r.y1]
    vertical = [r for r in page.rules if r.x0 == r.x1]
    for y in ROWS:
        assert any(abs(r.y0 - y) < 2 and r.x0 < COLS[0] + 3 and r.x1 > COLS[-1] - 3 for r in horizontal), y
    for x in COLS:
        assert any(abs(r.x0 - x) < 2 and r.y0 < ROWS[0] + 3 and r.y1 > ROWS[-1] - 3 for r in vertical), x
    texts = [ln.text for ln in page.lines]
    for row in CELLS:
        for text in row:
            assert text in texts, (text, texts)  # each cell its own line, never glued to its neighbour


def test_boxes_of_one_printed_line_are_joined_left_to_right_whatever_their_order():
    pieces = [ocr.Piece("第二段", 300, 101, 420, 139), ocr.Piece("第一段", 100, 100, 280, 140),
              ocr.Piece("下一行", 100, 160, 250, 200)]
    lines = ocr.group_lines(pieces)
    assert [ln.text for ln in lines] == ["第一段第二段", "下一行"]
    assert (lines[0].x0, lines[0].x1) == (100, 420)


def test_a_wide_gap_space_or_vertical_rule_parts_or_spaces_boxes():
    near = [ocr.Piece("姓名", 100, 100, 180, 140), ocr.Piece("张三", 220, 100, 300, 140)]
    assert [ln.text for ln in ocr.group_lines(near)] == ["姓名 张三"]  # a gap of one line height reads as a space
    far = [ocr.Piece("左栏", 100, 100, 180, 140), ocr.Piece("右栏", 400, 100, 480, 140)]
    assert len(ocr.group_lines(far)) == 2  # a column gap
    wall = [Rule(200, 80, 200, 160)]
    assert len(ocr.group_lines(near, wall)) == 2  # a cell border


def test_skew_is_read_from_the_long_boxes_and_ignores_short_ones():
    import math

    import numpy as np

    def quad(x, y, w, h, deg):
        a = math.radians(deg)
        d, n = np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])
        p0 = np.array([x, y])
        return np.array([p0, p0 + w * d, p0 + w * d + h * n, p0 + h * n])

    boxes = [quad(100, 100 + 50 * i, 1200, 40, 0.5) for i in range(5)] + [quad(100, 600, 60, 40, 20)]
    assert math.degrees(ocr.skew_angle(boxes)) == pytest.approx(0.5, abs=0.02)
    assert ocr.skew_angle([quad(100, 100, 1200, 40, 30)]) == 0.0  # no scanner turns a page by 30°


def test_a_document_number_in_square_brackets_gets_its_own_brackets():
    assert ocr.fix_confusions("国办发[2018]15号") == "国办发〔2018〕15号"
    assert ocr.fix_confusions("见附件[2018]") == "见附件〔2018〕"
    assert ocr.fix_confusions("[2018] and x[2018]") == "[2018] and x[2018]"  # no Chinese before it


def test_a_corrupt_pdf_is_reported_not_raised():
    issues: list[Issue] = []
    pages = ocr.ocr_pdf_pages(b"%PDF-1.7\n garbage", [0, 1], issues)
    assert len(pages) == 2 and all(not p.lines for p in pages)
    assert [i.code for i in issues] == ["ocr-unreadable"] and issues[0].severity == "error"


def test_a_page_of_absurd_size_or_a_missing_page_is_reported_and_the_rest_read():
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)  # 200 × 200 inches: the largest page PDF allows
    out = io.BytesIO()
    pdf.save(out)
    issues: list[Issue] = []
    pages = ocr.ocr_pdf_pages(out.getvalue(), [0, 5], issues)
    assert [p.lines for p in pages] == [[], []]
    assert [i.code for i in issues] == ["ocr-page-size", "ocr-page-error"]
    assert "第 1 页" in issues[0].message and "第 6 页" in issues[1].message


def test_render_size_is_capped_for_large_pages():
    assert ocr.render_scale(595, 842) == pytest.approx(ocr.DPI / 72)
    a0 = ocr.render_scale(2384, 3370)  # A0: rendered, but within the pixel cap
    assert a0 is not None and 2384 * a0 * 3370 * a0 <= ocr.MAX_PIXELS * 1.001 and 3370 * a0 <= ocr.MAX_SIDE_PX
    assert ocr.render_scale(14400, 14400) is None
    assert ocr.render_scale(float("nan"), 842) is None and ocr.render_scale(0, 842) is None


def test_type_size_is_read_from_the_character_pitch_not_the_box_height(notice: Page):
    title, first, second, last = (find(notice, t) for t in (TITLE, FIRST, SECOND, LAST))
    assert title.size == pytest.approx(20, rel=0.06)
    for line in (first, second, last):
        assert line.size == pytest.approx(BODY, rel=0.06)


def _line(text: str, x0: float, width: float, height: float) -> ocr._Line:
    return ocr._Line([ocr.Piece(text, x0, 100, x0 + width, 100 + height)], x0, 100, x0 + width, 100 + height)


def test_a_paragraphs_short_last_line_takes_its_neighbours_size_and_a_short_title_keeps_its_own():
    # Boxes of 16-point lines whose heights vary as a detector's do (brackets, padding), each box
    # half an em wider than its ink, as on a speckled scan.
    pad = 0.5
    body = "各单位要切实加强值班工作，确保节日期间安全稳定，遇有重大"
    lines = [_line("通知", 200, 22 * 2.5, 30),  # a title of two characters set at 22 points
             _line(body, 80, 16 * (len(body) + pad), 20),
             _line("事件要及时报告并妥善处置，确保人民群众祥和平安度过节日假", 80, 16 * 28.5, 24),
             _line("期。", 80, 16 * (1.5 + pad) + 1.5, 26)]  # its stop's ink fills half an em
    title, long1, long2, short = ocr.type_sizes(lines)
    assert title == pytest.approx(22, rel=0.03)
    assert long1 == pytest.approx(16, rel=0.03) and long2 == pytest.approx(16, rel=0.03)
    assert short == long2


def test_a_line_is_placed_by_its_em_boxes_not_its_ink():
    # An opening bracket's ink sits in the right half of its em, a stop's in the left half.
    assert ocr.em_box("（星期日）上班。", 100, 300, 16) == (92, 308)
    assert ocr.em_box("上班", 100, 300, 16) == (100, 300)
