"""Hard-wrap repair: which wrapped lines go on and which end a paragraph."""

from converters.unwrap import cell_width, first_unit, unwrap

# Invented prose, wrapped at 28 characters (56 cells) as a 公文 page wraps it.
PARA_A = ("青山县各乡镇人民政府要按照春季农业生产的总体部署，切实做好灌溉用水调度工作，"
          "确保农田用水需求得到满足，同时加强水利设施的日常巡查和维护管理，及时消除安全隐患。")
PARA_B = ("各有关部门要加强协调配合，形成工作合力，确保各项措施落实到位，并将工作进展情况"
          "按月报送县水利局，以便及时汇总分析和研究解决工作中遇到的困难和问题。")


def _wrap(text: str, width: int, indent: int = 0) -> list[str]:
    lines, line, room = [], "", width - indent
    for ch in text:
        if line and cell_width(line + ch) > room and ch not in "，。、；":
            lines.append(line)
            line, room = "", width
        line += ch
    return [*lines, line]


def test_wrapped_paragraphs_are_joined_with_blank_lines_between_every_line():
    lines = _wrap(PARA_A, 56) + _wrap(PARA_B, 56)
    spaced = [y for x in lines for y in (x, "")]
    assert unwrap(spaced) == ([PARA_A, PARA_B], True)


def test_a_label_line_ending_with_a_colon_is_its_own_paragraph():
    lines = [*_wrap(PARA_A, 56), "资料说明：", *_wrap(PARA_B, 56)]
    assert unwrap(lines)[0] == [PARA_A, "资料说明：", PARA_B]


def test_a_full_line_ending_a_sentence_goes_on_when_the_next_line_is_no_paragraph_of_its_own():
    # PARA_A wrapped so that a line ends with "，" and "。" at the margin inside the paragraph.
    lines = _wrap(PARA_A, 56) + _wrap(PARA_B, 56)
    logical, _ = unwrap(lines)
    assert logical == [PARA_A, PARA_B]


def test_an_enumerated_line_opens_a_new_block():
    lines = [*_wrap(PARA_A, 56), "一、工作要求", *_wrap(PARA_B, 56)]
    assert unwrap(lines)[0] == [PARA_A, "一、工作要求", PARA_B]


def test_first_unit_keeps_a_number_with_its_closing_punctuation():
    assert first_unit("3.99%，增长") == cell_width("3.99%，")
    assert first_unit("市“12·21”事故") == cell_width("市“12·21”事")  # a quotation mark binds both neighbours


# Two full lines (28 characters) whose second ends the sentence, and so, perhaps, the paragraph.
ENDS_FULL = ("全县各级各部门要进一步提高思想认识，切实加强组织领导明确"
             "工作责任，确保春季农业生产各项工作任务落到实处见到成效。")


def test_a_full_line_at_a_sentence_end_before_a_full_line_is_named_as_a_guess_where_nothing_is_indented():
    from converters.unwrap import unwrap_report

    lines = [*_wrap(ENDS_FULL, 56), *_wrap(PARA_B, 56)]
    done = unwrap_report(lines)
    assert done.wrapped and done.weak == [lines[1]]
    assert unwrap(lines) == (done.lines, True)


def test_an_indented_text_shows_where_paragraphs_start_and_guesses_nothing():
    from converters.unwrap import unwrap_report

    paragraphs = [PARA_A, ENDS_FULL, PARA_B, PARA_A]
    lines = [line for p in paragraphs for line in _wrap("  " + p, 56)]  # normalize makes 　　 two spaces
    done = unwrap_report(lines)
    assert done.lines == paragraphs and done.weak == []
