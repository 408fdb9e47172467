"""PDFs read with their layout: each rule of `layout_blocks` on a PDF made here, in more than
one measure (size, margins, leading, indent), so that no rule holds only for one layout."""

from __future__ import annotations

import pytest

from converters.pipeline import convert_bytes
from tests.pdfmaker import A4, Heading, Measure, Table, Text, canvas_pdf, typeset

# Sentences of our own, long enough to wrap over several lines in every measure below.
P1 = "为进一步做好档案整理工作，根据有关规定，经研究决定，现就有关事项通知如下，请各单位结合实际认真贯彻执行。"
P2 = "各单位要高度重视，明确责任分工，加强统筹协调，按时报送工作进展情况，确保各项任务按期完成，取得实效。"
P3 = "本通知自印发之日起施行，此前有关规定与本通知不一致的，以本通知为准，执行中遇到的问题请及时反馈。"
TITLE = ["某某市档案局关于做好", "二〇二四年度档案整理工作的通知"]
CLOSING = ["某某市档案局", "2024年5月20日"]

MEASURES = {
    "gongwen": Measure(size=16, title_size=22, left=80, right=515, top=105, bottom=740, leading=1.8),
    "dense": Measure(size=11, title_size=15, left=60, right=540, top=70, bottom=780, leading=1.55, footer="第 {n} 页 共 {total} 页"),
}


def convert(data: bytes, name: str = "notice.pdf"):
    notice = convert_bytes(data, name)
    assert not notice.errors, notice.errors
    return notice


def texts(notice, kind: str | None = None) -> list[str]:
    return [b.text for b in notice.blocks if kind is None or b.kind == kind]


@pytest.fixture(params=list(MEASURES), ids=list(MEASURES))
def measure(request) -> Measure:
    return MEASURES[request.param]


def test_title_is_the_larger_lines_at_the_top_joined_and_not_a_block(measure):
    notice = convert(typeset(TITLE, [P1, P2], CLOSING, measure))
    assert notice.title == "".join(TITLE)
    assert notice.read_by == "pdf-text"
    assert not any(TITLE[1] in t for t in texts(notice))


def test_letter_spaced_title_comes_out_without_its_spacing(measure):
    spaced = Measure(**{**vars(measure), "title_spacing": 1.0})
    notice = convert(typeset(["关于开展检查的通知"], [P1], CLOSING, spaced))
    assert notice.title == "关于开展检查的通知"


def test_indented_first_lines_open_paragraphs_and_wrapped_lines_join_again(measure):
    notice = convert(typeset(TITLE, ["各区县档案局：", P1, P2, P3], CLOSING, measure))
    assert texts(notice, "para") == ["各区县档案局：", P1, P2, P3]


def test_without_indents_a_line_short_of_the_edge_ends_its_paragraph(measure):
    flush = Measure(**{**vars(measure), "indent": 0})
    notice = convert(typeset(TITLE, [P1, P2, P3], CLOSING, flush))
    assert texts(notice, "para") == [P1, P2, P3]


def test_bold_unnumbered_line_is_a_heading_and_numbered_heads_keep_their_level(measure):
    notice = convert(typeset(TITLE, [P1, Heading("工作安排"), P2, Heading("一、总体要求"), P3], CLOSING, measure))
    heads = [(b.text, b.level) for b in notice.blocks if b.kind == "heading"]
    assert heads == [("工作安排", 2), ("一、总体要求", 2)]


def test_a_short_plain_line_is_a_paragraph_not_a_heading(measure):
    notice = convert(typeset(TITLE, [P1, "联系人张三", P2], CLOSING, measure))
    assert "联系人张三" in texts(notice, "para")


def test_right_aligned_signature_and_date_close_the_notice(measure):
    notice = convert(typeset(TITLE, [P1, P2], CLOSING, measure))
    assert [b.kind for b in notice.blocks[-2:]] == ["signature", "date"]
    assert notice.issuer == "某某市档案局"
    assert notice.signed_date == "2024-05-20"


def test_page_numbers_are_removed_listed_and_a_paragraph_cut_by_a_page_break_is_whole(measure):
    body = [P1, P2, P3] * 6 + [P1 + P2 + P3]
    notice = convert(typeset(TITLE, body, CLOSING, measure))
    assert notice.read_by == "pdf-text"
    pages = len([r for r in notice.removed if "—" in r or "页" in r])
    assert pages >= 2
    assert texts(notice, "para") == body
    assert not any("—" in t or "共" in t for t in texts(notice))


def test_running_header_is_removed_on_every_page(measure):
    header = Measure(**{**vars(measure), "header": "某某市档案局 公开信息"})
    body = [P1, P2, P3] * 12
    notice = convert(typeset(TITLE, body, CLOSING, header))
    assert texts(notice, "para") == body
    assert notice.removed.count("某某市档案局 公开信息") >= 2


def test_a_running_header_on_a_one_page_notice_goes_by_its_place_and_size(measure):
    header = Measure(**{**vars(measure), "header": "某某市档案局 公开信息"})
    notice = convert(typeset(TITLE, [P1], CLOSING, header))
    assert texts(notice, "para") == [P1]
    assert "某某市档案局 公开信息" in notice.removed


def test_table_from_ruling_lines_keeps_rows_and_merged_cells(measure):
    table = Table([["序号", "单位", "人数"], ["1", "第一档案馆", "3"], ["2", "第二档案馆", "4"], ["合计", "7"]],
                  [50, 200, 80], merged={(3, 0): (1, 2)})
    notice = convert(typeset(TITLE, [P1, table, P2], CLOSING, measure))
    tables = [b for b in notice.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert [list(r) for r in tables[0].rows] == table.rows
    assert tables[0].spans == ((3, 0, 1, 2),)
    assert texts(notice, "para") == [P1, P2]


def test_a_table_cut_by_a_page_break_is_one_table(measure):
    rows = [["序号", "单位"]] + [[str(i), f"第{i}档案馆"] for i in range(1, 80)]
    notice = convert(typeset(TITLE, [P1, Table(rows, [60, 200]), P2], CLOSING, measure))
    tables = [b for b in notice.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert [list(r) for r in tables[0].rows] == rows


def test_document_number_under_the_title_is_metadata_and_stays_a_paragraph(measure):
    notice = convert(typeset(TITLE, ["某档发〔2024〕7号", P1], CLOSING, measure))
    assert notice.doc_number == "某档发〔2024〕7号"
    assert notice.blocks[0] == notice.blocks[0].__class__("para", "某档发〔2024〕7号")


def test_attachment_title_further_down_is_a_heading():
    m = MEASURES["gongwen"]
    pages = [[Text("关于印发名单的通知", 150, 100, 22, bold=True), Text(P1[:20], 112, 160, 16), Text(P1[20:40], 80, 190, 16),
              Text("附件", 80, 240, 16), Text("获奖单位名单", 220, 290, 22, bold=True), Text("第一档案馆、第二档案馆。", 112, 350, 16)]]
    notice = convert(canvas_pdf(pages))
    assert notice.title == "关于印发名单的通知"
    assert ("heading", "获奖单位名单") in [(b.kind, b.text) for b in notice.blocks]
    del m


def test_a_pdf_named_txt_is_read_as_a_pdf():
    notice = convert(typeset(TITLE, [P1], CLOSING), "renamed.txt")
    assert notice.read_by == "pdf-text" and notice.title == "".join(TITLE)


def test_kangxi_radicals_in_a_text_layer_become_ideographs():
    notice = convert(canvas_pdf([[Text("关于开展检查的通知", 150, 100, 22), Text("⼀⼈⼀档，建⽴台账，现予通知。", 100, 160, 14)]],
                                A4))
    assert "一人一档，建立台账" in "".join(texts(notice))


def _page(lines: list[str], top: float, size: float = 14, x: float = 80) -> list[Text]:
    return [Text(line, x, top + k * size * 1.8, size) for k, line in enumerate(lines)]


def test_a_line_at_the_edges_of_two_pages_but_not_at_one_place_is_text():
    first = [Text("关于开展检查的通知", 150, 80, 20), *_page(["为做好检查工作，现将有关事项通知如下：", "一、检查范围"], 140),
             Text("全市", 80, 700, 14)]
    second = [Text("全市", 80, 90, 14), *_page(["二、检查时间", "请各单位按时完成检查工作。"], 140)]
    notice = convert(canvas_pdf([first, second]))
    assert texts(notice).count("全市") == 2
    assert "全市" not in notice.removed


def test_a_small_line_at_the_foot_of_a_page_of_a_longer_document_is_kept():
    # Only a one-page notice has no repetition to show its footer: here the small line is a note.
    first = [Text("关于开展检查的通知", 150, 80, 20), *_page(["为做好检查工作，现将有关事项通知如下：", "一、检查范围"], 140),
             Text("注：范围以本通知为准。", 80, 790, 10)]
    second = _page(["二、检查时间", "请各单位按时完成检查工作。"], 140)
    notice = convert(canvas_pdf([first, second]))
    assert "注：范围以本通知为准。" in texts(notice)
