"""Which reader a raw file gets, and what every reader's notice carries (doc number, read_by)."""

from __future__ import annotations

import json

from converters.build import RAW_SUFFIXES
from converters.layout import Paragraph
from converters.pipeline import convert_read, convert_text, notice_id
from converters.readers import Read, kind_of
from converters.structure import doc_number


def test_a_file_is_known_by_its_bytes_before_its_name():
    assert kind_of(b"%PDF-1.7\n...", "notice.txt").name == "pdf"
    assert kind_of(b"%PDF-1.4\n", "NOTICE.PDF").name == "pdf"


def test_a_pdf_suffix_without_pdf_bytes_still_goes_to_the_pdf_reader_which_reports_it():
    assert kind_of("关于开展检查的通知".encode(), "notice.pdf").name == "pdf"


def test_text_and_pages_go_to_the_text_path():
    assert kind_of("关于开展检查的通知".encode(), "notice.txt") is None
    assert kind_of(b"<!doctype html><html></html>", "page.html") is None


def test_the_build_takes_pdfs_and_their_ids_drop_the_suffix():
    assert ".pdf" in RAW_SUFFIXES
    assert notice_id("2024-05-20.PDF") == "2024-05-20"


def test_doc_number_is_read_from_plain_text_too_and_stays_a_paragraph():
    text = "某某市人民政府关于开展检查的通知\n某府发〔2024〕12号\n各区县人民政府：\n为做好检查工作，现将有关事项通知如下。\n"
    notice = convert_text(text, "n.txt")
    assert notice.doc_number == "某府发〔2024〕12号"
    assert ("para", "某府发〔2024〕12号") in [(b.kind, b.text) for b in notice.blocks]
    assert notice.read_by == "text"


def test_doc_number_with_its_signer_on_the_line_and_not_a_reference_inside_a_sentence():
    assert doc_number(["标题", "某政发〔2023〕5号    签发人：张三"]) == "某政发〔2023〕5号"
    assert doc_number(["标题", "根据《某某办法》（某政发〔2023〕5号）规定，现通知如下。"]) is None


def test_a_flow_reader_hands_on_paragraphs_with_roles_and_tables():
    read = Read("docx", paragraphs=[
        Paragraph("关于开展检查的通知", "title"),
        Paragraph("为做好检查工作，现将有关事项通知如下。", "para"),
        Paragraph("", rows=(("序号", "单位"), ("1", "某某局"))),
        Paragraph("检查安排", "heading"),
        Paragraph("请各单位按时报送材料。", "para"),
        Paragraph("某某局", "signature"),
        Paragraph("2024年5月20日", "date"),
    ], encoding="docx")
    notice = convert_read(read, "n.docx")
    assert notice.title == "关于开展检查的通知" and notice.read_by == "docx"
    assert [b.kind for b in notice.blocks] == ["para", "table", "heading", "para", "signature", "date"]
    assert notice.blocks[1].rows == (("序号", "单位"), ("1", "某某局"))
    assert notice.issuer == "某某局" and notice.signed_date == "2024-05-20"


def test_the_json_form_carries_doc_number_and_read_by():
    data = convert_text("关于开展检查的通知\n某府发〔2024〕12号\n为做好检查工作，现将有关事项通知如下。\n", "n.txt").to_dict()
    assert json.loads(json.dumps(data))["doc_number"] == "某府发〔2024〕12号"
    assert data["read_by"] == "text"
