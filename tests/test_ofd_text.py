"""OFD documents are read through their text objects into placed lines in reading order;
every file here is written at test time."""

from __future__ import annotations

import random
import time

import pytest
from office_files import OfdPage, Text, billion_laughs, declare_size, ofd_bytes, replace_members, zip_bomb_member

from converters.ofd_text import MM, is_ofd, read_ofd


def _lines(data: bytes) -> list[list[str]]:
    pages, issues = read_ofd(data, "t.ofd")
    assert not [i for i in issues if i.severity == "error"], issues
    return [[line.text for line in page.lines] for page in pages]


def _shuffled(objects: list) -> list:
    out = list(objects)
    random.Random(7).shuffle(out)
    return out


NOTICE = [
    Text("关于开展安全检查的通知", 50, 60, size=7.8),
    Text("各区人民政府：", 25, 80),
    Text("为做好安全生产工作，现就有关事项通知如下。", 36, 90),
    Text("某某市应急管理局", 120, 140),
    Text("2024年5月20日", 125, 150),
]


def test_text_objects_come_out_in_reading_order_whatever_order_they_were_written_in():
    assert _lines(ofd_bytes([OfdPage(NOTICE)], order=_shuffled)) == [[t.text for t in NOTICE]]


def test_positions_are_points_from_the_top_left_and_sizes_are_points():
    pages, _ = read_ofd(ofd_bytes([OfdPage(NOTICE)]), "t.ofd")
    page = pages[0]
    assert page.width == pytest.approx(210 * MM) and page.height == pytest.approx(297 * MM)
    title, salutation = page.lines[0], page.lines[1]
    assert title.x0 == pytest.approx(50 * MM, abs=0.1) and title.size == pytest.approx(7.8 * MM, abs=0.1)
    assert salutation.size == pytest.approx(5.6 * MM, abs=0.1)
    assert title.y1 <= 61 * MM < salutation.y0  # y grows downwards
    assert title.x1 == pytest.approx((50 + 7.8 * 11) * MM, abs=0.5)


def test_one_object_per_character_makes_one_line():
    chars = [Text(ch, 25 + 5.6 * i, 80) for i, ch in enumerate("各区人民政府：")]
    assert _lines(ofd_bytes([OfdPage(chars)], order=_shuffled)) == [["各区人民政府："]]


def test_a_wide_gap_ends_a_line_and_a_letter_spaced_title_keeps_its_spaces():
    page = OfdPage([Text("通知", 90, 50, size=7.8, step=7.8 * 2), Text("姓名", 25, 80), Text("职务", 100, 80)])
    assert _lines(ofd_bytes([page])) == [["通 知", "姓名", "职务"]]


def test_a_vertical_rule_between_two_cells_splits_them_and_rules_are_kept():
    page = OfdPage([Text("序号", 25, 80), Text("单位", 37, 80)], lines=[(35.5, 70, 35.5, 85), (20, 70, 190, 70)])
    data = ofd_bytes([page])
    assert _lines(data) == [["序号", "单位"]]
    pages, _ = read_ofd(data, "t.ofd")
    rules = pages[0].rules
    assert any(abs(r.x0 - r.x1) < 0.5 and r.x0 == pytest.approx(35.5 * MM, abs=0.5) for r in rules)
    assert any(abs(r.y0 - r.y1) < 0.5 and r.x1 - r.x0 == pytest.approx(170 * MM, abs=0.5) for r in rules)


def test_weight_and_a_bold_face_make_a_line_bold():
    page = OfdPage([Text("一、总体要求", 25, 80, weight=700), Text("二、工作任务", 25, 95, font="2"),
                    Text("正文内容。", 25, 110)])
    pages, _ = read_ofd(ofd_bytes([page], fonts={"1": "仿宋", "2": "SimHei-Bold"}), "t.ofd")
    assert [line.bold for line in pages[0].lines] == [True, True, False]
    assert pages[0].lines[2].font == "仿宋"


def test_a_character_printed_twice_over_itself_is_read_once():
    page = OfdPage([Text("重要提示", 25, 80), Text("重要提示", 25.1, 80)])
    assert _lines(ofd_bytes([page])) == [["重要提示"]]


def test_a_ctm_scales_and_moves_the_text():
    def content(n: int, text: str) -> str:
        return text.replace('Weight="400">', 'Weight="400" CTM="0.5 0 0 0.5 10 0">', 1)

    pages, _ = read_ofd(ofd_bytes([OfdPage([Text("缩放文字", 20, 80, size=10)])], content=content), "t.ofd")
    line = pages[0].lines[0]
    assert line.text == "缩放文字"
    assert line.size == pytest.approx(5 * MM, abs=0.1) and line.x0 == pytest.approx(30 * MM, abs=0.1)


def test_pages_stay_in_document_order():
    data = ofd_bytes([OfdPage([Text("第一页正文", 25, 80)]), OfdPage([Text("第二页正文", 25, 80)])])
    assert _lines(data) == [["第一页正文"], ["第二页正文"]]


def test_a_template_page_is_drawn_under_the_page():
    data = ofd_bytes([OfdPage([Text("正文", 25, 80)])])
    tpl = ('<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="9">'
           '<ofd:TextObject ID="10" Boundary="90 280 30 8" Font="1" Size="4"><ofd:TextCode X="0" Y="4" '
           'DeltaX="g 4 4">- 1 -</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    from office_files import member

    doc = member(data, "Doc_0/Document.xml").replace(
        b"</ofd:PublicRes>", b'</ofd:PublicRes><ofd:TemplatePage ID="8" BaseLoc="Tpls/Tpl_0/Content.xml"/>')
    page = member(data, "Doc_0/Pages/Page_0/Content.xml").replace(b"<ofd:Content>", b'<ofd:Template TemplateID="8"/><ofd:Content>')
    data = replace_members(data, {"Doc_0/Document.xml": doc, "Doc_0/Pages/Page_0/Content.xml": page,
                                  "Doc_0/Tpls/Tpl_0/Content.xml": tpl.encode()})
    assert _lines(data) == [["正文", "- 1 -"]]


def test_an_ofd_is_told_from_another_zip():
    assert is_ofd(ofd_bytes([OfdPage(NOTICE)]))
    assert not is_ofd(replace_members(ofd_bytes([OfdPage(NOTICE)]), {"OFD.xml": None}))
    assert not is_ofd(b"PK\x03\x04 not a zip")


# ------------------------------------------------------------------------- bad files

def _codes(data: bytes, name: str = "bad.ofd") -> set[str]:
    _pages, issues = read_ofd(data, name)
    assert all(name in i.message for i in issues)
    return {i.code for i in issues if i.severity == "error"}


def test_a_zip_bomb_in_a_page_is_refused_before_it_is_inflated():
    bomb = b'<?xml version="1.0"?><ofd:Page xmlns:ofd="x">' + zip_bomb_member() + b"</ofd:Page>"
    data = replace_members(ofd_bytes([OfdPage(NOTICE)]), {"Doc_0/Pages/Page_0/Content.xml": bomb})
    start = time.monotonic()
    assert _codes(data) == {"zip-bomb"}
    assert time.monotonic() - start < 2


def test_a_zip_declaring_gigabytes_is_refused():
    data = declare_size(ofd_bytes([OfdPage(NOTICE)]), "Doc_0/Pages/Page_0/Content.xml", 2**32 - 1)
    assert _codes(data) == {"zip-bomb"}


def test_entity_expansion_in_a_page_is_refused():
    data = replace_members(ofd_bytes([OfdPage(NOTICE)]), {"Doc_0/Pages/Page_0/Content.xml": billion_laughs("ofd:Page")})
    assert _codes(data) == {"xml-entities"}


@pytest.mark.parametrize("cut", [0.3, 0.8])
def test_a_truncated_ofd_is_corrupt(cut):
    data = ofd_bytes([OfdPage(NOTICE)])
    assert _codes(data[: int(len(data) * cut)]) == {"corrupt"}


def test_an_ofd_without_its_document_is_corrupt():
    assert _codes(replace_members(ofd_bytes([OfdPage(NOTICE)]), {"Doc_0/Document.xml": None})) == {"corrupt"}


def test_a_page_of_absurd_size_is_skipped_and_reported():
    pages, issues = read_ofd(ofd_bytes([OfdPage(NOTICE, box=(90000, 90000)), OfdPage(NOTICE)]), "big.ofd")
    assert len(pages) == 1 and [i.code for i in issues] == ["absurd-page"]


def test_too_many_pages_are_refused():
    assert _codes(ofd_bytes([OfdPage([Text("页", 25, 80)]) for _ in range(201)])) == {"too-many-pages"}


def test_garbage_numbers_in_attributes_do_not_break_the_reader():
    def content(n: int, text: str) -> str:
        return text.replace('Size="5.6"', 'Size="nan"').replace('X="0"', 'X="inf"', 1).replace("DeltaX=", "DeltaX=\"g x\" Bad=")

    pages, issues = read_ofd(ofd_bytes([OfdPage(NOTICE)], content=content), "odd.ofd")
    assert not [i for i in issues if i.severity == "error"]
    assert sum(len(p.lines) for p in pages) >= 1
