"""Each cleaning stage on short real examples taken from raw notices."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converters.dates import DateError, find_period, parse_date
from converters.furniture import strip_furniture
from converters.mojibake import find_spans
from converters.normalize import normalize_text
from converters.notice import Block
from converters.pinyin import strip_pinyin
from converters.punctuation import fix_punctuation
from converters.spacing import fix_spacing
from converters.structure import classify, derive_title, heading_level, recover, split_title
from converters.unwrap import unwrap

# --- normalisation -----------------------------------------------------------------

def test_fullwidth_digits_become_ascii_but_fullwidth_punctuation_stays():
    assert normalize_text("２０２３年３月，（一）") == "2023年3月，（一）"


def test_line_ends_zero_width_and_ideographic_spaces_are_unified():
    assert normalize_text("第一行\r\n第二\u200b行\r第三行\u3000结束") == "第一行\n第二行\n第三行 结束"


# --- pinyin ------------------------------------------------------------------------

def test_pinyin_reading_after_its_character_is_removed():
    text, removed = strip_pinyin("全國(guó)地方政協(xié)秘書長(zhǎng)工作交流座談會(huì)")
    assert text == "全國地方政協秘書長工作交流座談會"
    assert removed == ["(guó)", "(xié)", "(zhǎng)", "(huì)"]


def test_parentheses_that_are_not_a_reading_stay():
    for text in ("广州市(市)", "(記者 廉維亮 呂巍 李將輝)", "中央党校(国家行政学院)", "港(shì)"):
        assert strip_pinyin(text)[0] == text


# --- spacing -----------------------------------------------------------------------

def test_stray_spaces_between_characters_and_digits_are_removed():
    assert fix_spacing("2021 年 10 月 15 日至 12 月 18 日，省委") == "2021年10月15日至12月18日，省委"


def test_spaces_inside_words_from_pdf_extraction_are_removed():
    line = "处、机关 党委合署），邮政编 码：510031 ；电子邮 箱："
    assert fix_spacing(line) == "处、机关党委合署），邮政编码：510031；电子邮箱："


def test_letters_of_a_letter_spaced_title_are_joined():
    assert fix_spacing("关 于 做 好 春 耕 工 作 的 通 知") == "关于做好春耕工作的通知"
    assert fix_spacing("第 三 章 附则") == "第三章 附则"


def test_a_single_space_inside_a_sentence_is_removed_whatever_jieba_reads():
    assert fix_spacing("全县工业 和建筑业的营业 收入增长较快，效益提高。") == "全县工业和建筑业的营业收入增长较快，效益提高。"
    assert fix_spacing("会议提出“修好三门课 改革当先锋”的要求。") == "会议提出“修好三门课 改革当先锋”的要求。"


def test_a_wide_gap_between_two_fields_is_kept_and_stays_kept():
    assert fix_spacing("张三  李四") == "张三  李四"
    assert fix_spacing(fix_spacing("青山县林业局   青山县财政局")) == "青山县林业局  青山县财政局"


def test_intended_spaces_in_bylines_and_slogans_are_kept():
    assert fix_spacing("（記者 廉維亮 呂巍 李將輝）") == "（記者 廉維亮 呂巍 李將輝）"
    assert fix_spacing("“修好三门课 改革当先锋”") == "“修好三门课 改革当先锋”"
    assert fix_spacing("拟推荐人选：王小明 李华 张伟 赵六") == "拟推荐人选：王小明 李华 张伟 赵六"
    title = "制定《深入学习贯彻习近平总书记重要指示精神 以高质量机关党建促进高质量发展》"
    assert fix_spacing(title) == title


# --- punctuation -------------------------------------------------------------------

def test_ascii_punctuation_in_chinese_context_becomes_fullwidth():
    raw = "公开期限:2023年3月25日至4月15日。联系电话:010-68576785(工作日8:30—17:30);邮政信箱"
    assert fix_punctuation(raw) == "公开期限：2023年3月25日至4月15日。联系电话：010-68576785（工作日8:30—17:30）；邮政信箱"
    assert fix_punctuation("(一)坚持以身作则,率先垂范") == "（一）坚持以身作则，率先垂范"


def test_times_urls_emails_numbers_are_left_alone():
    for text in ("8:30", "http://www.gov.cn/a,b", "XSZG@hmo.gov.cn", "1,000.5", "010-68576785"):
        assert fix_punctuation(text) == text


@pytest.mark.parametrize("technical", [
    "&lt;", "&amp;", "&#60;", "&#x3C;", "&nbsp;",  # character references written out as text
    "http://example.gov.cn/a?a=1;b=2", "https://x.cn/q?id=3;p=中", "www.example.cn/list?x=1;y=2",
    '<span style="font-size:22pt;font-family:宋体">', "<p title='说明:注意!'>",  # markup written out
])
def test_character_references_urls_and_markup_keep_their_ascii_marks_next_to_chinese(technical: str):
    for text in (f"符号{technical}与", f"见{technical}", f"{technical}见附件"):
        assert fix_punctuation(text) == text, text
    # The prose around them is still repaired.
    assert fix_punctuation(f"注意:{technical}与其他,(一)") == f"注意：{technical}与其他，（一）"


def test_a_question_mark_inside_a_word_is_not_made_a_question():
    assert fix_punctuation("深入?yún)f商") == "深入?yún)f商"
    assert fix_punctuation("是吗?") == "是吗？"


# --- furniture ---------------------------------------------------------------------

def test_header_stamp_becomes_metadata_and_is_reported_removed():
    found = strip_furniture(["2025年02月05日16:44 来源:旗帜微平台", "中央和国家机关党的工作暨纪检工作会议1月26日在京召开。"])
    assert found.published == "2025-02-05T16:44"
    assert found.source == "旗帜微平台"
    assert found.removed == ["2025年02月05日16:44 来源:旗帜微平台"]
    assert found.lines == ["中央和国家机关党的工作暨纪检工作会议1月26日在京召开。"]


def test_teaser_editor_source_and_trailing_links_are_removed():
    lines = [
        "中共国务院港澳事务办公室党组关于十九届中央第九轮巡视整改进展情况的通报",
        "本文摘要:深入落实办党组履行全面从严治党责任与失职问责实施办法,严格执行",
        "根据中央统一部署,2022年4月8日至6月2日,中央第十五巡视组对国务院港澳办党组开展了常规巡视。",
        "  中共国务院港澳事务办公室党组",
        "  2023年3月25日",
        "  (中央纪委国家监委网站)",
        "【编辑:唐炜妮】",
        "相关专题 |",
        "· 党建专题 |",
        "微信“扫一扫”添加“学习大国”",
    ]
    found = strip_furniture(lines)
    assert found.editor == "唐炜妮"
    assert found.source == "中央纪委国家监委网站"
    assert "相关专题 |" in found.removed and "微信“扫一扫”添加“学习大国”" in found.removed
    assert [x.strip() for x in found.lines] == [lines[0], lines[2], "中共国务院港澳事务办公室党组", "2023年3月25日"]


def test_furniture_words_inside_the_body_are_not_removed():
    body = "会议强调，编辑:出版单位要落实责任，来源:可靠的数据才能支撑决策，这是本次会议达成的重要共识之一。"
    lines = ["标题", body, body, body, body, body]
    assert strip_furniture(lines).lines == lines


# --- mojibake ----------------------------------------------------------------------

def test_garbled_span_and_lost_characters_are_found():
    text = "落實好新時代黨的組織路線,堅持德才兼?zhèn)洹⒁缘聻橄龋瑯淞⒅貙?shí)干、重實績的鮮明用人導向"
    spans = find_spans(text)
    assert len(spans) == 1 and spans[0].kind == "mojibake"
    assert "洹⒁缘聻橄龋瑯淞⒅貙" in text[spans[0].start : spans[0].end]


def test_clean_official_prose_has_no_garbled_span():
    text = "中央和国家机关党的工作暨纪检工作会议1月26日在京召开。中共中央政治局常委、中央和国家机关工委书记蔡奇出席会议并讲话。"
    assert find_spans(text) == []


def test_replacement_characters_are_reported():
    assert find_spans("巡视整改\ufffd\ufffd进展")[0].kind == "lost-character"


# --- dates and periods -------------------------------------------------------------

def test_period_end_inherits_year_from_start():
    p = find_period("公开期限:2023年3月25日至4月15日。联系电话")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2023-03-25", "2023-04-15")


def test_period_in_chinese_numerals_and_across_new_year():
    p = find_period("公示时间为二〇二三年十二月二十日至一月五日")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2023-12-20", "2024-01-05")


def test_impossible_date_is_an_error_not_a_crash():
    with pytest.raises(DateError):
        parse_date("2023年2月30日")
    with pytest.raises(DateError):
        find_period("公示期：2023年2月30日至3月5日")


def test_signing_date_in_chinese_numerals():
    assert parse_date("二〇二三年三月二十五日").isoformat() == "2023-03-25"


# --- line-wrap repair --------------------------------------------------------------

PDF_TEXT = """根据省委统一部署，2021 年 10 月 15 日至 12 月 18 日，省委

第十巡视组对省港澳办党组进行了巡视。2022 年 2 月 24 日，省

委巡视组向省港澳办党组反馈了巡视意见。根据《中国共产党巡

视工作条例》和《中国共产党党内监督条例》有关规定，现将巡

视整改进展情况予以公布。

一、深入学习贯彻党的二十大精神，认真贯彻落实习近平总

书记关于巡视工作重要论述，增强抓好巡视整改的使命感和责任

感

（一）履行主体责任，以上率下带头整改

省港澳办党组深入学习贯彻党的二十大精神，贯彻落实习近

平总书记关于巡视工作重要论述，认真落实省委关于巡视整改工

作的部署要求，把巡视整改工作作为重要政治任务抓紧抓实抓到

位。省委巡视组反馈巡视意见后，办党组高度重视、迅速行动，
 当天下午立即召开办党组会议，成立办巡视整改工作领导小组，

专题研究部署整改工作，照单全收、照单全改。"""
PDF_LINES = PDF_TEXT.split("\n")


def test_hard_wrapped_pdf_text_is_joined_into_paragraphs_and_headings():
    lines, wrapped = unwrap(PDF_LINES)
    assert wrapped
    assert [x[:8] for x in lines] == ["根据省委统一部署", "一、深入学习贯彻", "（一）履行主体责", "省港澳办党组深入"]
    assert lines[1].endswith("增强抓好巡视整改的使命感和责任感")
    assert "抓紧抓实抓到位。省委巡视组" in lines[3] and "行动，当天下午" in lines[3]


def test_web_text_with_one_paragraph_per_line_is_left_as_is():
    raw = Path(__file__).parent.parent / "notices" / "002_f934f75b5d361e68.txt"
    lines = raw.read_text(encoding="utf-8").split("\n")[:12]
    assert unwrap(lines) == ([x.strip() for x in lines if x.strip()], False)


# A one-line title as wide as the column (58 cells against 52), then the body wrapped at that column.
WIDE_TITLE_PDF = """中共貴州省民政廳機關委員會關於巡視整改階段性進展情況的通報

根據中央統一部署，2014 年 7 月 20 日至 9 月 12 日，

中央第一巡視組對中共貴州省民政廳機關委員會進行了巡視。

2014 年 11 月 15 日，中央巡視組向中共貴州省民政廳機

關委員會反饋了巡 視意見。按照巡視工作有關要求，現將

巡視整改進展情況予以公佈。

一、堅持以釘釘子精神和持之以恆的韌勁，紮實推進長期整

改任務走深走實

（一）樹立實幹擔當的鮮明導向

辦黨組全面履行巡視整改主體責任，成立巡視整改工作領導

小組，專設辦公室，由分管辦領導擔任辦公室主任，相關部

門作爲成員，負責協調督促落實；成立對應的巡視整改專項

 工作小組，分別由分管黨組成員牽頭，相關部門參與，認領

落實整改任務。駐辦紀檢監察組加強對巡視整改工作的全過

程監督。"""


def test_pdf_title_as_wide_as_the_column_ends_at_the_kind_of_document_it_names():
    lines, wrapped = unwrap(normalize_text(WIDE_TITLE_PDF).split("\n"))
    assert wrapped
    assert lines[0] == "中共貴州省民政廳機關委員會關於巡視整改階段性進展情況的通報"
    assert lines[1].startswith("根據中央統一部署") and lines[1].endswith("予以公佈。")
    assert recover(lines).title == lines[0]


def test_pdf_title_a_few_cells_short_of_the_column_is_not_an_indented_first_line():
    # 46 cells against a column of 52: as short as an indented first line, but a title.
    text = WIDE_TITLE_PDF.replace("中共貴州省民政廳機關委員會關於巡視整改階段性進展情況的通報",
                                  "天津市農業農村廳關於黨風廉政建設工作情況的通報")
    lines, wrapped = unwrap(normalize_text(text).split("\n"))
    assert wrapped
    assert lines[0] == "天津市農業農村廳關於黨風廉政建設工作情況的通報"
    assert lines[1].startswith("根據中央統一部署")


def test_pdf_title_that_names_no_kind_of_document_ends_before_a_salutation():
    text = WIDE_TITLE_PDF.replace("中共貴州省民政廳機關委員會關於巡視整改階段性進展情況的通報",
                                  "中共貴州省民政廳機關委員會關於巡視整改階段性進展情況\n\n各處室、各直屬單位：")
    lines, wrapped = unwrap(normalize_text(text).split("\n"))
    assert wrapped
    assert lines[0] == "中共貴州省民政廳機關委員會關於巡視整改階段性進展情況"
    assert lines[1].startswith("各處室、各直屬單位：")


# --- structure ---------------------------------------------------------------------

def test_heading_levels_follow_official_numbering():
    assert [heading_level(t) for t in ("一、总体要求", "（一）工作目标", "1.关于学习", "（1）具体", "正文")] == [2, 3, 4, 5, 0]


def test_enumerated_line_that_goes_on_as_text_is_a_paragraph():
    block = classify("（一）坚持以身作则、率先垂范，确保第一责任人责任落实到位。巡视意见反馈后，党组书记代表国务院港澳办党组表态。")
    assert block.kind == "para"
    assert classify("1.关于学习贯彻习近平新时代中国特色社会主义思想方面的整改情况").kind == "heading"


def test_unnumbered_news_subhead_is_a_heading_but_a_short_sentence_is_not():
    assert classify("堅持黨的全面領導，著力建設政治機關").kind == "heading"
    assert classify("改革扬帆风正劲，击鼓催征再出发。").kind == "para"


def test_two_line_title_is_joined():
    title, rest = split_title(["中共广东省港澳办党组", "关于巡视整改进展情况的通报", "根据省委统一部署，省委第十巡视组进行了巡视。"])
    assert title == "中共广东省港澳办党组关于巡视整改进展情况的通报"
    assert len(rest) == 1


def test_notice_without_title_has_none():
    assert split_title(["根据省委统一部署，2023年4月23日至7月31日，省委第十巡视组开展了专项巡视。", "一、情况"])[0] is None


def test_signature_date_and_byline_close_the_notice():
    s = recover(["正文第一段，内容很长很长。", "中共广东省委横琴工委", "2024年9月26日"])
    assert [b.kind for b in s.blocks] == ["para", "signature", "date"]
    assert s.issuer == "中共广东省委横琴工委"
    s = recover(["今年是新中國成立75周年。", "（記者 廉維亮 呂巍 李將輝）"])
    assert s.byline == "記者 廉維亮 呂巍 李將輝", "metadata holds the names, not the brackets around them"
    assert s.blocks[-1] == Block("byline", "（記者 廉維亮 呂巍 李將輝）"), "the page shows the line as printed"


def test_derived_title_names_what_an_official_notice_announces():
    blocks = [Block("para", "根据省委统一部署，省委第十巡视组开展了专项巡视。按照有关要求，现将巡视整改进展情况予以公布。")]
    assert derive_title(blocks, "中共广东省委横琴工委") == "中共广东省委横琴工委关于巡视整改进展情况的通报"


def test_derived_title_of_a_news_report_is_its_first_sentence():
    blocks = [Block("para", "中央和国家机关党的工作暨纪检工作会议1月26日在京召开。中共中央政治局常委出席会议并讲话。")]
    assert derive_title(blocks) == "中央和国家机关党的工作暨纪检工作会议1月26日在京召开"


def test_short_unnumbered_line_in_a_numbered_notice_is_not_a_heading():
    s = recover(["一、拟推荐人选名单", "张三（市发展改革委）、李四（市财政局）", "二、公示时间", "2023年5月8日至5月12日（5个工作日）。"])
    assert [b.kind for b in s.blocks] == ["heading", "para", "heading", "para"]


def test_cell_width_agrees_with_unicode_east_asian_width_everywhere():
    import unicodedata

    from converters.unwrap import cell_width

    for code in [*range(0x20, 0x3100, 7), *range(0x4DB0, 0x4E10), *range(0xFF00, 0xFFF0), *range(0x2000, 0x2070),
                 0xB7, 0xE9]:
        text = f"a{chr(code)}中"
        assert cell_width(text) == sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text.strip())


def test_shipped_common_characters_match_jiebas_dictionary():
    from converters.mojibake import COMMON_PATH, RARE_RANK, rank_characters

    assert COMMON_PATH.read_text(encoding="utf-8").strip() == "".join(rank_characters()[: RARE_RANK + 1])


INDENTED_PDF = """XX省人民政府办公厅
关于进一步规范行政审批行为的通知

　　为深入贯彻落实党中央、国务院关于优化营商环境的决策部
署，进一步规范行政审批行为，提高审批效率，经研究，现将有
关事项通知如下。
　　一、总体要求
　　坚持以人民为中心的发展思想，以企业和群众办事便利为导
向，全面推进审批服务标准化、规范化、便利化建设，不断提升
政务服务水平，让企业和群众办事更方便、更快捷、更满意。
　　二、主要任务
　　（一）精简审批事项。全面梳理现有审批事项，对没有法律
法规依据的一律取消，对能够通过事中事后监管解决的一律不再
审批，切实减少审批环节和申请材料。

XX省人民政府办公厅
2024年6月3日"""


def test_pdf_text_whose_paragraphs_open_with_an_indent_is_joined_at_the_indents():
    lines, wrapped = unwrap(normalize_text(INDENTED_PDF).split("\n"))
    assert wrapped
    assert [x[:6] for x in lines] == ["XX省人民政", "关于进一步规", "为深入贯彻落", "一、总体要求", "坚持以人民为", "二、主要任务",
                                      "（一）精简审", "XX省人民政", "2024年6"]
    assert lines[2].endswith("现将有关事项通知如下。")


def test_period_stated_with_the_range_before_the_verb():
    p = find_period("现将有关情况于2024年3月1日至3月7日在本单位网站予以公示，如有异议请反映。")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2024-03-01", "2024-03-07")
    assert find_period("2022年4月8日至6月2日，中央第十五巡视组开展了常规巡视。") is None


def test_page_tools_above_the_title_are_furniture():
    found = strip_furniture(["【字体：大 中 小】", "关于开展安全检查的通知", "发布时间：2024-03-05 10:20 来源：XX市应急管理局",
                             "为切实做好春季安全生产工作，现就开展安全检查有关事项通知如下，请认真贯彻执行。"])
    assert found.removed[0] == "【字体：大 中 小】"
    assert found.published == "2024-03-05T10:20" and found.source == "XX市应急管理局"
    assert found.lines[0] == "关于开展安全检查的通知"


def test_dated_note_under_a_title_is_neither_title_nor_heading():
    s = recover(["中共XX市委办公室", "关于印发《XX市社区工作者管理办法》的通知", "（2024年5月20日）", "各区委、区政府，市委各部委：",
                 "现将《XX市社区工作者管理办法（试行）》印发给你们，请结合实际认真贯彻执行。"])
    assert s.title == "中共XX市委办公室关于印发《XX市社区工作者管理办法》的通知"
    assert s.blocks[0] == Block("para", "（2024年5月20日）")


def test_a_short_web_notice_is_not_mistaken_for_hard_wrapped_text():
    lines = ["中共XX市委办公室", "关于印发《XX市社区工作者管理办法》的通知", "（2024年5月20日）", "各区委、区政府，市委各部委：",
             "现将《XX市社区工作者管理办法（试行）》印发给你们，请结合实际认真贯彻执行。", "中共XX市委办公室", "2024年5月20日"]
    assert unwrap(lines) == (lines, False)


def test_rare_character_class_agrees_with_judging_each_character():
    import re

    from converters.mojibake import _RUN_CHARS, _common, _rare_chars
    from converters.scripts import to_script

    common = _common()
    for ch in re.findall(f"[{_RUN_CHARS}]", "".join(map(chr, range(0x10000)))):
        rare = ch not in common and to_script(ch, "hans") not in common
        assert bool(_rare_chars().match(ch)) == rare, ch


@given(st.text(alphabet=st.sampled_from("，（）；：？！…。a1é\u0301⒁㎏_ 中國\u3000"), max_size=30))
def test_skeleton_is_the_alphanumerics_of_nfkc(text):
    import unicodedata

    from converters.text import skeleton

    assert skeleton(text) == "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


@given(st.text(alphabet=st.sampled_from("第一二十章节条（）()1234567890.．、，。 部分篇"), max_size=12))
def test_heading_level_is_the_first_matching_numbering(text):
    from converters.text import LEVELS, heading_level

    assert heading_level(text) == next((level for pattern, level in LEVELS if pattern.match(text)), 0)


@given(st.lists(st.text(alphabet=st.sampled_from("中文國?\ufffd①\ue000(ǎ)a鬱龘齉爨\n"), max_size=15), max_size=5))
def test_a_notice_without_suspect_spans_has_none_in_any_block(blocks):
    from converters.mojibake import may_have_spans

    blocks = [b.replace("\n", "") for b in blocks]
    if not may_have_spans("\n".join(blocks)):
        assert all(find_spans(b) == [] for b in blocks)


def _original_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Patterns rewritten to open with the character they look for, next to the plain
    form they replace: both must find the same matches."""
    from converters import mojibake, pinyin, punctuation, spacing
    from converters.text import CJK, CJK_OR_PUNCT, PINYIN_LETTERS

    c = f"[{CJK_OR_PUNCT}]"
    odd = r"\u2460-\u24ff\ue000-\uf8ff"
    return [
        (punctuation._COMMA, rf"(?<={c}),|,(?={c})|(?<=[{CJK}\w”’）]),(?=[{CJK}“‘（])"),
        (punctuation._SEMI, rf"(?<={c});|;(?={c})"),
        (punctuation._COLON, rf"(?<=[{CJK_OR_PUNCT}]):(?!//)"),
        (punctuation._BANG, rf"(?<={c})!"),
        (punctuation._QUESTION, rf"(?<={c})\?(?![{CJK}{PINYIN_LETTERS}])"),
        (spacing._CJK_CJK, rf"([{CJK}]+) ([{CJK}]+)"),
        (mojibake._LOST, rf"(?<=[{CJK}])\?(?:{mojibake._PINYIN_REMNANT})?(?=[{CJK}{PINYIN_LETTERS}])|\ufffd+"),
        (mojibake._ENCLOSED, rf"(?<=[{CJK}])[{odd}]|[{odd}](?=[{CJK}])"),
        (pinyin._ANNOTATION, rf"(?<=[{CJK}])[(（]([{PINYIN_LETTERS}]{{1,7}})[)）]"),
    ]


@given(st.text(alphabet=st.sampled_from("中文\u3400 ,;:!?()（）/，。”“a1ǎ\ufffd①\ue000guó"), max_size=20))
def test_rewritten_patterns_match_like_their_plain_forms(text):
    for pattern, original in _original_patterns():
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in re.finditer(original, text)], original
