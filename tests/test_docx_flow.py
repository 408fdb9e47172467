"""A Word document's formatting gives its paragraphs their roles, and the notice comes out of
the same structure stage as a PDF's; OFD and Word files are told apart by their bytes."""

from __future__ import annotations

from conftest import fresh_python
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from office_files import OfdPage, Text, add_numbering, docx_bytes, numbered, ofd_bytes, replace_members, xml

from converters.build import RAW_SUFFIXES, build_archive
from converters.docx_flow import read_word
from converters.pipeline import convert_bytes, notice_id
from converters.readers import kind_of

BODY = "为切实做好安全生产工作，经市政府同意，现将有关事项通知如下。"


def _para(d, text: str, size: float | None = None, bold: bool = False, align=None):
    p = d.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def _notice(build, name: str = "notices/n.docx"):
    return convert_bytes(docx_bytes(build), name)


def _kinds(notice) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in notice.blocks]


def _roles(build) -> list[tuple[str, str]]:
    return [(p.role, p.text) for p in read_word(docx_bytes(build), "n.docx").paragraphs]


def test_the_title_is_the_large_centred_text_at_the_top():
    def build(d):
        _para(d, "关于开展安全生产", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, "大检查的通知", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, "各区人民政府：", 16)
        _para(d, BODY * 3, 16)

    notice = _notice(build)
    assert notice.title == "关于开展安全生产大检查的通知" and not notice.title_derived
    assert _kinds(notice)[0] == ("para", "各区人民政府：")


def test_under_a_letterhead_the_title_is_the_large_text_after_the_document_number():
    def build(d):
        _para(d, "某某市人民政府文件", 36, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, "某府发〔2024〕3号", 16, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, "某某市人民政府关于印发工作方案的通知", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, BODY * 3, 16)

    notice = _notice(build)
    assert notice.title == "某某市人民政府关于印发工作方案的通知"
    assert notice.doc_number == "某府发〔2024〕3号"


def test_a_title_style_is_the_title_whatever_its_size():
    def build(d):
        d.add_paragraph("关于召开年度总结会议的通知", style="Title")
        d.add_paragraph(BODY)

    assert _roles(build)[0] == ("title", "关于召开年度总结会议的通知")
    assert _notice(build).title == "关于召开年度总结会议的通知"


def test_right_aligned_closing_lines_sign_and_date_the_notice():
    def build(d):
        _para(d, "关于召开会议的通知", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, BODY * 2, 16)
        _para(d, "联系人：张三", 16)
        _para(d, "某某市应急管理局", 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _para(d, "2024年5月20日", 16, align=WD_ALIGN_PARAGRAPH.RIGHT)

    roles = _roles(build)
    assert roles[-2:] == [("signature", "某某市应急管理局"), ("date", "2024年5月20日")]
    notice = _notice(build)
    assert _kinds(notice)[-2:] == [("signature", "某某市应急管理局"), ("date", "2024年5月20日")]
    assert notice.issuer == "某某市应急管理局" and notice.signed_date == "2024-05-20"


def test_a_signature_pushed_right_by_its_indent_or_by_spaces_is_on_the_right_side():
    def build(d):
        _para(d, BODY * 2, 16)
        p = _para(d, "某某市应急管理局", 16)
        p._p.get_or_add_pPr().append(xml('<w:ind w:left="5600"/>'))
        _para(d, "\u3000" * 16 + "2024年5月20日", 16)

    assert [r for r, _ in _roles(build)[-2:]] == ["signature", "date"]


def test_a_short_closing_line_set_like_the_body_is_left_to_the_text_rules():
    def build(d):
        _para(d, BODY * 2, 16)
        _para(d, "某某市应急管理局", 16)
        _para(d, "2024年5月20日", 16)

    assert [r for r, _ in _roles(build)[-2:]] == ["", ""]
    notice = _notice(build)
    assert notice.issuer == "某某市应急管理局" and notice.signed_date == "2024-05-20"


def test_a_bold_line_is_a_heading_and_a_plain_short_line_is_not():
    def build(d):
        _para(d, "关于评选结果的公示", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, BODY, 16)
        _para(d, "先进集体", 16, bold=True)
        _para(d, "北京市朝阳区教育局", 16)
        _para(d, "上海市浦东新区卫生局", 16)
        _para(d, "先进个人", 16, bold=True)
        _para(d, BODY, 16)

    kinds = _kinds(_notice(build))
    assert ("heading", "先进集体") in kinds and ("heading", "先进个人") in kinds
    assert ("para", "北京市朝阳区教育局") in kinds


def test_numbered_headings_keep_their_levels_from_the_rendered_numbering():
    def build(d):
        add_numbering(d, 90, 90, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
        _para(d, "关于开展检查的通知", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, BODY, 16)
        numbered(_para(d, "检查范围", 16), 90, 0)
        numbered(_para(d, "重点单位", 16), 90, 1)
        _para(d, BODY, 16)

    blocks = [(b.kind, b.level, b.text) for b in _notice(build).blocks if b.kind == "heading"]
    assert blocks == [("heading", 2, "一、检查范围"), ("heading", 3, "（一）重点单位")]


def test_a_word_table_becomes_a_table_block_with_its_spans():
    def build(d):
        _para(d, BODY, 16)
        table = d.add_table(rows=2, cols=3)
        table.cell(0, 0).text = "名单"
        table.cell(0, 0).merge(table.cell(0, 2))
        for c, text in enumerate(["1", "张三", "某某局"]):
            table.cell(1, c).text = text

    (table,) = [b for b in _notice(build).blocks if b.kind == "table"]
    assert table.rows == (("名单",), ("1", "张三", "某某局")) and table.spans == ((0, 0, 1, 3),)


def test_furniture_and_reader_warnings_reach_the_notice():
    def build(d):
        d.sections[0].footer.paragraphs[0].text = "— 1 —"
        p = _para(d, BODY)
        p._p.append(xml('<w:ins w:id="1" w:author="a"><w:r><w:t>补充内容。</w:t></w:r></w:ins>'))

    notice = _notice(build)
    assert "页脚：— 1 —" in notice.removed and notice.read_by == "docx"
    assert "tracked-changes" in {w.code for w in notice.warnings}
    assert notice.blocks[-1].text.endswith("补充内容。")


def test_a_bad_docx_is_an_unpublished_notice_with_its_error():
    data = docx_bytes(lambda d: d.add_paragraph(BODY))
    notice = convert_bytes(data[: len(data) // 2], "notices/cut.docx")
    assert notice.blocks == [] and [e.code for e in notice.errors] == ["corrupt"]
    assert "notices/cut.docx" in notice.errors[0].message


# ------------------------------------------------------------------ kinds and the build

def test_kinds_are_told_by_their_bytes_not_their_names():
    word = docx_bytes(lambda d: d.add_paragraph(BODY))
    ofd = ofd_bytes([OfdPage([Text(BODY, 25, 80)])])
    assert kind_of(word, "x.txt").name == "docx" and kind_of(ofd, "x.docx").name == "ofd"
    assert kind_of(ofd, "x.ofd").name == "ofd" and kind_of(word, "x.docm").name == "docx"
    sheet = ofd_bytes([])
    sheet = replace_members(sheet, {"OFD.xml": None, "xl/workbook.xml": b"<workbook/>"})
    assert kind_of(sheet, "x.zip") is None  # a zip of something else is no notice
    assert kind_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "x.bin").name == "word"


def test_office_files_are_raw_notices_with_ids_from_their_names():
    for suffix in (".docx", ".docm", ".doc", ".wps", ".ofd"):
        assert suffix in RAW_SUFFIXES
        assert notice_id(f"2024_notice{suffix}") == "2024_notice"


def test_the_build_publishes_word_and_ofd_notices_and_reports_bad_ones(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()

    def build(d):
        _para(d, "关于开展档案整理工作的通知", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(d, BODY * 2, 16)

    (notices / "word.docx").write_bytes(docx_bytes(build))
    texts = [Text("关于开展档案检查工作的通知", 44, 50, size=7.8), Text(BODY, 27, 70, size=5.0)]
    (notices / "fixed.ofd").write_bytes(ofd_bytes([OfdPage(texts)]))
    (notices / "bad.ofd").write_bytes(b"PK\x03\x04 truncated")
    report = build_archive(notices, tmp_path / "docs", cache_dir=None, jobs=1)
    published = {n.source_path: n for n in report.notices}
    assert published["notices/word.docx"].title == "关于开展档案整理工作的通知"
    assert published["notices/fixed.ofd"].title == "关于开展档案检查工作的通知"
    assert published["notices/fixed.ofd"].read_by == "ofd"
    assert (tmp_path / "docs" / "hans" / "notices" / "word.md").is_file()
    assert [(n, i.code) for n, i in report.errors] == [("bad.ofd", "corrupt")]


_MEMORY_PROBE = """
import random, sys
from office_files import docx_bytes, replace_members
import converters.docx_flow as docx_flow

rng = random.Random(3)
def document(n):
    body = "".join(f"<w:p><w:r><w:t>{''.join(map(chr, rng.choices(range(0x4E00, 0x9FA5), k=40)))}</w:t></w:r></w:p>"
                   for _ in range(n))
    doc = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + body + "</w:body></w:document>").encode()
    return replace_members(docx_bytes(lambda d: d.add_paragraph("x")), {"word/document.xml": doc})

docx_flow.MAX_MEMORY = 4 << 20  # the bound made small, so that a small document overruns it
for n in (3, 10_000):
    read = docx_flow.read_word(document(n), "notices/huge.docx")
    print(len(read.paragraphs or []), *[(i.code + " " + i.message) for i in read.issues], sep="|")
"""


def test_reading_runs_in_a_child_whose_memory_is_bounded_and_its_overrun_names_the_file():
    # A fresh interpreter: memory the test process freed earlier would count for the child.
    out = fresh_python(_MEMORY_PROBE)
    small, big = out.strip().splitlines()
    assert small == "3"
    count, issue = big.split("|")
    assert count == "0" and issue.startswith("too-large ") and "notices/huge.docx" in issue


_XML_MEMORY_PROBE = """
from converters import safe_xml
from converters.isolate import IsolationError, run_isolated

whole = ("<a>" + "".join(f"<p n='{i}'>{'档案' * 20}</p>" for i in range(50_000)) + "</a>").encode()
try:
    run_isolated(lambda data: safe_xml.parse(data, "word/styles.xml") is None, whole, timeout=60, memory=2 << 20)
    print("parsed")
except IsolationError as err:
    print(err.reason, err.detail)
"""


def test_xml_that_libxml2_cannot_allocate_is_reported_as_memory_not_as_a_broken_file():
    # Out of memory, libxml2 often says only "unknown error (line 0)": that is a limit, not corruption.
    # A fresh interpreter, as above: memory this process freed earlier would serve the child.
    out = fresh_python(_XML_MEMORY_PROBE)
    assert out.split()[0] == "memory", out
