"""Page furniture of extracted PDF text: page numbers and running lines go, pages rejoin."""

from converters.pages import strip_pages
from converters.pipeline import clean_lines

BODY_1 = "青山县水利局关于做好春季灌溉工作安排的事项已经研究决定，请各乡镇认真组织实施，确保"
BODY_2 = "各项措施落实到位。"


def test_page_number_between_pages_is_removed_and_the_paragraph_rejoins():
    text = f"{BODY_1}\n\n—1—\n\n\f{BODY_2}\n\n—2—\n\n\f"
    pages = strip_pages(text)
    assert pages.removed == ["—1—", "—2—"]
    assert pages.text.split("\n")[:2] == [BODY_1, BODY_2]


def test_a_line_repeated_at_the_edge_of_every_page_is_a_running_header_whatever_it_says():
    header = "青山县水利局 信息发布"
    text = "".join(f"{header}\n\n正文第{n}页的内容写在这里。\n\n第 {n} 页 共 3 页\n\n\f" for n in (1, 2, 3))
    pages = strip_pages(text)
    assert header not in pages.text and "第 1 页 共 3 页" not in pages.text
    assert pages.removed.count(header) == 3


def test_a_line_that_appears_on_one_page_only_is_kept():
    text = "甲乡工作安排如下。\n\f乙乡工作安排如下。\n附件：名单\n\f丙乡工作安排如下。\n"
    assert "附件：名单" in strip_pages(text).text


def test_page_number_glued_to_the_form_feed_does_not_stay_in_the_text():
    text = f"{BODY_1}\n第 1 页 共 2 页\f{BODY_2}\n第 2 页 共 2 页\f"
    lines = strip_pages(text).text.split("\n")
    assert lines[:2] == [BODY_1, BODY_2]


def test_web_text_without_pages_is_left_as_it_is():
    text = "第一段。\n\n第二段。\n"
    assert strip_pages(text).text == text and not strip_pages(text).removed


def test_removed_page_furniture_reaches_the_notice_list_of_removed_lines():
    cleaned = clean_lines(f"{BODY_1}\n\n- 1 -\n\n\f{BODY_2}\n\n- 2 -\n\f")
    assert cleaned.furniture.removed[:2] == ["- 1 -", "- 2 -"]
