"""Word documents are read through their paragraphs, numbering, styles and tables; every
document here is built at test time."""

from __future__ import annotations

import io
import time

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from office_files import (
    add_numbering,
    billion_laughs,
    declare_size,
    docx_bytes,
    member,
    numbered,
    replace_members,
    xml,
    zip_bomb_member,
)

from converters.docx_text import Paragraph, Table, read_docx
from converters.numbering import format_number


def _texts(read) -> list[str]:
    return [p.text for p in read.parts if isinstance(p, Paragraph)]


def _codes(read) -> set[str]:
    return {i.code for i in read.issues}


def test_numbering_is_rendered_as_word_shows_it_and_restarts_under_a_new_parent():
    def build(d):
        add_numbering(d, 90, 90, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
        for level, text in [(0, "总体要求"), (1, "工作目标"), (1, "主要任务"), (2, "加强领导"), (2, "压实责任"),
                            (0, "保障措施"), (1, "组织实施")]:
            numbered(d.add_paragraph(text), 90, level)
        d.add_paragraph("不编号的段落。")

    read = read_docx(docx_bytes(build), "n.docx")
    assert _texts(read) == ["一、总体要求", "（一）工作目标", "（二）主要任务", "1.加强领导", "2.压实责任",
                            "二、保障措施", "（一）组织实施", "不编号的段落。"]
    assert read.parts[0].label == "一、" and read.parts[-1].label == ""


def test_numbering_continues_across_lists_of_one_definition_and_a_start_override_restarts_it():
    def build(d):
        add_numbering(d, 91, 91, [("decimal", "%1.")])
        numbering = d.part.numbering_part.element
        numbering.append(xml('<w:num w:numId="92"><w:abstractNumId w:val="91"/></w:num>'))
        numbering.append(xml('<w:num w:numId="93"><w:abstractNumId w:val="91"/>'
                             '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'))
        for num in (91, 92, 93, 93):
            numbered(d.add_paragraph("条目"), num, 0)

    assert _texts(read_docx(docx_bytes(build), "n.docx")) == ["1.条目", "2.条目", "5.条目", "6.条目"]


@pytest.mark.parametrize(("n", "fmt", "shown"), [
    (10, "chineseCounting", "十"), (21, "chineseCounting", "二十一"), (105, "chineseCountingThousand", "一百零五"),
    (3, "ideographTraditional", "丙"), (12, "chineseLegalSimplified", "壹拾贰"), (4, "decimalEnclosedCircle", "④"),
    (27, "upperLetter", "AA"), (9, "lowerRoman", "ix"), (7, "decimalZero", "07"), (2024, "ideographDigital", "二〇二四"),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_heading_and_title_styles_bold_size_and_alignment_are_hints():
    def build(d):
        d.add_heading("关于开展安全检查的通知", level=0)
        d.add_heading("检查范围", level=1)
        p = d.add_paragraph()
        run = p.add_run("重点工作")
        run.bold = True
        run.font.size = Pt(16)
        d.add_paragraph("正文段落，两端对齐。").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        d.add_paragraph("某某市人民政府").alignment = WD_ALIGN_PARAGRAPH.RIGHT
        d.add_paragraph("2024年5月20日").alignment = WD_ALIGN_PARAGRAPH.RIGHT

    title, heading, bold, body, signature, date = read_docx(docx_bytes(build), "s.docx").parts
    assert title.title_style and title.outline is None
    assert heading.outline == 0 and not heading.title_style
    assert bold.bold and bold.size == 16 and bold.outline is None
    assert not body.bold and body.align == "justify"
    assert signature.align == date.align == "right"


def test_a_heading_style_bound_to_a_list_numbers_its_paragraphs():
    def build(d):
        add_numbering(d, 94, 94, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
        style = d.styles["Heading 2"].element
        style.get_or_add_pPr().append(xml('<w:numPr><w:ilvl w:val="1"/><w:numId w:val="94"/></w:numPr>'))
        d.add_heading("工作目标", level=2)
        d.add_heading("主要任务", level=2)

    assert _texts(read_docx(docx_bytes(build), "h.docx")) == ["（一）工作目标", "（二）主要任务"]


def test_merged_cells_become_spans_and_covered_cells_are_absent():
    def build(d):
        table = d.add_table(rows=4, cols=3)
        for r, row in enumerate([["类别", "", "金额"], ["办公", "纸张", "100"], ["", "墨盒", "200"], ["合计", "", "300"]]):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        table.cell(0, 0).merge(table.cell(0, 1))  # gridSpan
        table.cell(1, 0).merge(table.cell(2, 0))  # vMerge
        table.cell(3, 0).merge(table.cell(3, 1))

    (table,) = read_docx(docx_bytes(build), "t.docx").parts
    assert isinstance(table, Table)
    assert [list(r) for r in table.rows] == [["类别", "金额"], ["办公", "纸张", "100"], ["墨盒", "200"], ["合计", "300"]]
    assert set(table.spans) == {(0, 0, 1, 2), (1, 0, 2, 1), (3, 0, 1, 2)}


def test_a_single_column_table_is_layout_and_its_paragraphs_are_text():
    def build(d):
        table = d.add_table(rows=2, cols=1)
        table.cell(0, 0).text = "某某市人民政府文件"
        table.cell(1, 0).text = "某府发〔2024〕3号"

    read = read_docx(docx_bytes(build), "l.docx")
    assert _texts(read) == ["某某市人民政府文件", "某府发〔2024〕3号"]


def test_headers_and_footers_are_listed_as_removed_not_body():
    def build(d):
        d.sections[0].header.paragraphs[0].text = "某某市人民政府办公室"
        d.sections[0].footer.paragraphs[0].text = "— 1 —"
        d.add_paragraph("正文。")

    read = read_docx(docx_bytes(build), "hf.docx")
    assert _texts(read) == ["正文。"]
    assert "页眉：某某市人民政府办公室" in read.removed and "页脚：— 1 —" in read.removed


def test_tracked_changes_are_read_as_accepted_and_reported():
    def build(d):
        p = d.add_paragraph()
        p.add_run("会议定于")
        p._p.append(xml('<w:del w:id="1" w:author="a"><w:r><w:delText>三月</w:delText></w:r></w:del>'))
        p._p.append(xml('<w:ins w:id="2" w:author="a"><w:r><w:t>四月</w:t></w:r></w:ins>'))
        p.add_run("召开。")

    read = read_docx(docx_bytes(build), "r.docx")
    assert _texts(read) == ["会议定于四月召开。"]
    assert "tracked-changes" in _codes(read)


def test_a_document_without_revisions_has_no_revision_warning():
    read = read_docx(docx_bytes(lambda d: d.add_paragraph("没有修订。")), "plain.docx")
    assert _texts(read) == ["没有修订。"] and read.issues == []


def test_a_text_box_is_read_once_after_its_paragraph_not_its_fallback_copy():
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
           '<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
           '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
           '<v:textbox><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox>'
           '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')

    def build(d):
        p = d.add_paragraph("正文")
        p._p.append(xml(box))
        d.add_paragraph("下一段")

    assert _texts(read_docx(docx_bytes(build), "box.docx")) == ["正文", "框内文字", "下一段"]


def test_line_breaks_and_tabs_stay_in_the_text():
    def build(d):
        p = d.add_paragraph("联系人：张三")
        p.add_run().add_tab()
        p.add_run("电话：12345")
        p.add_run().add_break()
        p.add_run("地址：某路1号")

    assert _texts(read_docx(docx_bytes(build), "br.docx")) == ["联系人：张三\t电话：12345\n地址：某路1号"]


# ------------------------------------------------------------------------- bad files

def _plain() -> bytes:
    return docx_bytes(lambda d: d.add_paragraph("关于测试的通知"))


def test_a_zip_bomb_in_the_document_part_is_refused_before_it_is_inflated():
    doc = member(_plain(), "word/document.xml")
    bomb = doc.replace(b"<w:body>", b"<w:body>" + zip_bomb_member())
    start = time.monotonic()
    read = read_docx(replace_members(_plain(), {"word/document.xml": bomb}), "bomb.docx")
    assert time.monotonic() - start < 2
    assert _codes(read) == {"zip-bomb"} and read.parts == []
    assert "bomb.docx" in read.issues[0].message and read.issues[0].severity == "error"


def test_a_zip_declaring_gigabytes_is_refused_from_its_directory():
    data = declare_size(replace_members(_plain(), {"word/media/big.bin": b"x" * 1000}), "word/media/big.bin", 2**32 - 1)
    read = read_docx(data, "huge.docx")
    assert _codes(read) == {"zip-bomb"}


def test_media_that_compresses_well_is_never_inflated_and_does_not_stop_the_text():
    data = replace_members(_plain(), {"word/media/white.bmp": zip_bomb_member()})
    read = read_docx(data, "white.docx")
    assert _texts(read) == ["关于测试的通知"] and read.issues == []


def test_macros_are_never_run_and_reported():
    data = _plain()
    types = member(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    data = replace_members(data, {"[Content_Types].xml": types, "word/vbaProject.bin": b"Attribute VB_Name = \"x\"\n"})
    read = read_docx(data, "macro.docm")
    assert _texts(read) == ["关于测试的通知"]
    assert [i.severity for i in read.issues if i.code == "macros"] == ["warning"]


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.1])
def test_a_truncated_docx_is_reported_as_corrupt(cut):
    data = _plain()
    read = read_docx(data[: int(len(data) * cut)], "cut.docx")
    assert _codes(read) == {"corrupt"} and "cut.docx" in read.issues[0].message


def test_a_damaged_member_is_reported_as_corrupt():
    data = bytearray(_plain())
    at = data.find(b"word/document.xml") + 60  # inside the member's compressed bytes
    data[at:at + 40] = b"\xff" * 40
    read = read_docx(bytes(data), "damaged.docx")
    assert read.issues and read.issues[0].code == "corrupt" and read.issues[0].severity == "error"


def test_an_encrypted_docx_is_reported_not_read():
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(_plain())).encrypt("secret", encrypted)
    read = read_docx(encrypted.getvalue(), "locked.docx")
    assert _codes(read) == {"encrypted"} and "locked.docx" in read.issues[0].message


def test_entity_expansion_in_document_xml_is_refused_quickly():
    data = replace_members(_plain(), {"word/document.xml": billion_laughs()})
    start = time.monotonic()
    read = read_docx(data, "laughs.docx")
    assert time.monotonic() - start < 1
    assert _codes(read) == {"xml-entities"} and "laughs.docx" in read.issues[0].message


def test_an_external_entity_is_refused_and_nothing_is_fetched():
    doc = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           b'<w:t>&e;</w:t></w:r></w:p></w:body></w:document>')
    read = read_docx(replace_members(_plain(), {"word/document.xml": doc}), "xxe.docx")
    assert _codes(read) == {"xml-entities"}


def test_a_zip_that_is_not_a_word_document_is_reported():
    read = read_docx(replace_members(_plain(), {"word/document.xml": None}), "other.docx")
    assert _codes(read) == {"corrupt"}
