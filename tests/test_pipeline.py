"""The wired pipeline: sidecar corrections, metadata warnings, ids."""

from __future__ import annotations

from pathlib import Path

from converters.pipeline import convert_file, convert_text, notice_id

ROOT = Path(__file__).resolve().parent.parent
NEWS = "7月26日，全國地方政協秘書長工作交流座談會在北京召開，全國政協副主席兼秘書長王東峰出席會議並講話。\n會議全面總結了工作成果和經驗做法。"


def test_sidecar_year_completes_a_news_dateline_without_year():
    notice = convert_text(NEWS, "n.txt", sidecar={"year": 2024})
    assert notice.signed_date == "2024-07-26"
    assert convert_text(NEWS, "n.txt").signed_date is None


def test_sidecar_title_replaces_a_derived_title():
    notice = convert_text(NEWS, "n.txt", sidecar={"title": "全国地方政协秘书长工作交流座谈会"})
    assert notice.title == "全国地方政协秘书长工作交流座谈会" and notice.title_derived is False
    assert convert_text(NEWS, "n.txt").title_derived is True


def test_sample_sidecar_in_notices_is_applied(tmp_path):
    notice = convert_file(ROOT / "notices" / "004_af567c2eb27d93a5.txt", ROOT / "notices")
    assert notice.signed_date == "2024-07-26"


def test_impossible_signing_date_is_a_warning_and_the_text_is_kept():
    notice = convert_text("关于巡视整改进展情况的通报\n现将巡视整改进展情况予以公布，内容较长较长较长。\n中共某某党组\n2023年2月30日", "d.txt")
    assert notice.signed_date is None
    assert any(w.code == "impossible-date" for w in notice.warnings)
    assert notice.blocks[-1].kind == "date" and notice.blocks[-1].text == "2023年2月30日"


def test_ids_are_safe_and_distinct_for_awkward_names():
    assert notice_id("000_cba325303ee0ceab.txt") == "000_cba325303ee0ceab"
    ids = {notice_id(n) for n in ("a b.txt", "a-b.txt", "公告.txt", "通知.txt", "A-B.txt")}
    assert len(ids) == 5
    assert all(i.replace("-", "").replace("_", "").isalnum() and i.isascii() for i in ids)


def test_to_dict_is_the_dataclass_as_plain_data_with_cells_only_on_tables():
    from dataclasses import asdict

    for path in sorted((Path(__file__).resolve().parent.parent / "notices").glob("00[0-4]_*.txt")):
        notice = convert_file(path)
        expected = asdict(notice)
        for block in expected["blocks"]:
            if block["kind"] != "table":
                del block["rows"], block["spans"]
        assert notice.to_dict() == expected


def test_a_line_break_the_text_gives_no_evidence_for_is_a_warning_that_names_the_line():
    from converters.pipeline import MAX_WEAK_BREAKS

    # Invented lines of 28 characters; the second ends a sentence at the end of a full line and
    # nothing (indent, blank line, short next line) says whether its paragraph ends there.
    ends = "工作责任，确保春季农业生产各项工作任务落到实处见到成效。"
    lines = ["全县各级各部门要进一步提高思想认识，切实加强组织领导明确", ends,
             "各有关部门要加强协调配合，形成工作合力，确保各项措施落实", "到位，并按月报送县水利局。"]
    weak = [w for w in convert_text("\n".join(lines), "n.txt").warnings if w.code == "weak-line-break"]
    assert [w.excerpt for w in weak] == [ends]
    many = convert_text("\n".join(lines[:2] * (MAX_WEAK_BREAKS + 3) + lines[2:]), "n.txt")
    weak = [w for w in many.warnings if w.code == "weak-line-break"]
    assert len(weak) == MAX_WEAK_BREAKS and "另有 3 处" in weak[-1].message


BODY = "为进一步加强和改进机关作风建设，切实提高服务群众的能力和水平，现就有关事项通知如下。\n市志愿服务中心\n2023年3月24日\n"


def test_a_title_line_holding_markup_is_the_title_as_written_and_not_derived():
    for title in ("<b>关于做好某某工作的通知</b>", "关于<script>alert(1);</script>的通知",
                  '<span style="font-size:22pt;font-family:方正小标宋简体">关于做好春季防火工作的通知</span>',
                  "关于&lt;某某&gt;工作的通知"):
        notice = convert_text(f"{title}\n{BODY}", "n.txt")
        assert (notice.title, notice.title_derived) == (title, False), title
        assert [b.text for b in notice.blocks][:1] == [BODY.split("\n")[0]], title  # not in the body twice


def test_an_issuer_named_by_a_title_in_markup_is_read_without_the_markup():
    notice = convert_text(f"<b>某某市人民政府关于做好某某工作的通知</b>\n{BODY.split(chr(10))[0]}\n", "n.txt")
    assert notice.issuer == "某某市人民政府"


def test_character_references_in_a_text_notice_survive_as_written():
    line = "符号&lt;与&amp;、&#60;和&#x3C;照原样写出，网址http://example.gov.cn/a?a=1;b=2见附件。"
    notice = convert_text(f"关于字符写法的通知\n{line}\n{BODY}", "n.txt")
    assert line in [b.text for b in notice.blocks]
