"""Signatures and date lines a notice states in other places than one closing block."""

from __future__ import annotations

from converters.structure import recover

PARA = "今天召开新闻发布会，向大家通报青山水库除险加固工程的最新进展情况。"
PARA2 = "工程已完成主体施工，预计年底前全面完工并投入使用。"


def test_a_statement_opening_with_date_and_speaker_is_dated_and_signed() -> None:
    s = recover(["青山水库工程新闻发布会", "2024年5月6日", "青山县水务局新闻发言人 李明", "女士们、先生们：", PARA, PARA2])
    assert s.date_line == "2024年5月6日"
    assert s.issuer == "青山县水务局新闻发言人"  # the office; the person speaks for it
    assert [b.kind for b in s.blocks] == ["date", "signature", "para", "para", "para"]


def test_a_date_inside_the_opening_prose_is_no_date_line() -> None:
    s = recover(["青山水库工程新闻发布会", "2024年5月6日上午，县水务局召开发布会。", PARA, PARA2])
    assert s.date_line is None and s.issuer is None


def test_a_closing_body_name_in_brackets_signs_the_notice() -> None:
    s = recover(["青山县2023年统计公报", PARA, PARA2, "（青山县统计局）"])
    assert s.issuer == "青山县统计局"
    assert s.blocks[-1].kind == "signature"


def test_a_closing_reporter_name_in_brackets_is_no_signature() -> None:
    s = recover(["青山水库工程进展", PARA, PARA2, "（李明）"])
    assert s.issuer is None


def test_a_title_naming_the_body_before_its_penalty_notice_gives_the_issuer() -> None:
    s = recover(["青山县市场监督管理局行政处罚信息公开表", PARA, PARA2])
    assert s.issuer == "青山县市场监督管理局"


def test_an_issuer_in_brackets_glued_to_the_last_sentence_signs_the_notice():
    from converters.structure import recover

    s = recover(["青山县2024年统计公报", "全县生产总值增长5.1%，工业增加值增长6.0%。", "居民收入稳步增加，消费平稳。（青山县统计局）"])
    assert s.issuer == "青山县统计局"
    assert [b.kind for b in s.blocks][-1] == "signature"
    assert s.blocks[-2].text == "居民收入稳步增加，消费平稳。"


def test_a_forwarding_notice_closes_at_its_own_signature_above_the_forwarded_documents_title():
    from converters.structure import recover

    s = recover(["青山县人民政府办公室转发县教育局关于校舍维修的请示的通知", "各乡镇人民政府：",
                 "县教育局《关于校舍维修的请示》已经县政府同意，现转发给你们，请认真贯彻执行。",
                 "青山县人民政府办公室", "2024年7月1日", "关于校舍", "维修的请示", "县人民政府：",
                 "今年汛期部分校舍受损，拟于暑期维修，所需经费请予安排。", "青山县教育局", "2024年6月20日"])
    assert s.issuer == "青山县人民政府办公室" and s.date_line == "2024年7月1日"
    assert any(b.kind == "heading" and b.text == "关于校舍维修的请示" for b in s.blocks)
