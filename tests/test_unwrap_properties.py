"""Property tests of line-wrap repair: clean paragraphs, typeset at any width from 20 to 45
columns the way printed notices are, come back from `unwrap` as the same paragraphs.

The typesetter here is the test's own (it shares no code with `converters.unwrap`): it
breaks lines between unbreakable units (a character with the closing marks that may not
open a line, an opening mark with what follows it, a run of Latin letters and digits such
as "3.99%"), counts ASCII as half width, and may let closing punctuation hang past the
column by one mark. Paragraphs and headings open with a two-character indent kept as
ideographic spaces, or with none; blank lines stand either nowhere or between every pair of
lines. (An indent that the extractor lost, leaving first lines only shorter, is measured by
`unwrap` but not asked of it here: with few paragraphs, a heading that fills an indented first
line exactly reads both ways.)

Only texts whose paragraph ends a careful reader could see are asked of `unwrap` (see
`observable`): a paragraph whose last line is exactly full, followed in a text without
indents by a one-line paragraph, is two paragraphs or one by nothing on the page.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from converters.unwrap import unwrap

PROFILE = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")), deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

HAN = ("国务院办公厅关于进一步加强和改进工作的通知各省自治区直辖市人民政府部门机构为了推动经济社会发展现经研究同意"
       "做好组织实施确保质量安全生产监督管理服务群众建设项目资金使用情况报告单位负责人员名单公示期间意见反映")
CLOSING = "，。、；：！？）》”"
OPENING = "（《“"
ENUMERATORS = ("一、", "二、", "（三）", "（四）", "5.", "6．", "（7）", "第八条")


def width(text: str) -> int:
    """Cells: ASCII is half as wide as a Chinese character or a full-width mark."""
    return sum(1 if c.isascii() else 2 for c in text)


_UNIT = re.compile(rf"[{OPENING}]*(?:[A-Za-z0-9][A-Za-z0-9.%]*|[^{OPENING}{CLOSING}])[{CLOSING}]*")


def units(text: str) -> list[str]:
    """Unbreakable units: what a line may not be broken inside."""
    found = _UNIT.findall(text)
    assert "".join(found) == text
    return found


def typeset(paragraph: str, column: int, first_width: int, hang: bool) -> list[str]:
    """Greedy line breaking of one paragraph, its first line `first_width` cells wide."""
    lines, line = [], ""
    limit = first_width
    for unit in units(paragraph):
        fits = width(line + unit) <= limit
        # Hanging punctuation: one closing mark may stand past the column.
        hangs = hang and bool(line) and unit[-1] in CLOSING and width(line + unit[:-1]) <= limit
        if line and not fits and not hangs:
            lines.append(line)
            line, limit = "", column
        line += unit
    lines.append(line)
    return lines


@st.composite
def clause(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["han", "han", "han", "number", "quote", "title"]))
        word = draw(st.text(st.sampled_from(HAN), min_size=2, max_size=9))
        if kind == "number":
            word += draw(st.sampled_from(["3.99%", "2023", "12", "PM2.5", "0.5", "1000"])) + draw(st.sampled_from(["", "元", "个"]))
        elif kind == "quote":
            word = f"“{word}”"
        elif kind == "title":
            word = f"《{word}》"
        parts.append(word)
    return "".join(parts)


@st.composite
def paragraph(draw) -> str:
    kind = draw(st.sampled_from(["prose", "prose", "prose", "heading", "item", "label"]))
    if kind == "heading":
        return draw(st.sampled_from(ENUMERATORS)) + draw(st.text(st.sampled_from(HAN), min_size=2, max_size=12))
    if kind == "label":
        return draw(st.text(st.sampled_from(HAN), min_size=2, max_size=6)) + "："
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        body = "，".join(draw(st.lists(clause(), min_size=1, max_size=3)))
        sentences.append(body + draw(st.sampled_from(["。", "。", "；"])))
    text = "".join(sentences)
    return draw(st.sampled_from(ENUMERATORS)) + text if kind == "item" else text


def _enumerated(paragraph: str) -> bool:
    return paragraph.startswith(ENUMERATORS)


def print_paragraphs(paragraphs: list[str], column: int, indent: str, hang: bool) -> list[list[str]]:
    """Each paragraph's printed lines; headings are indented like paragraphs (GB/T 9704)."""
    printed = []
    for p in paragraphs:
        indented = indent != "none"
        lines = typeset(p, column, column - 4 if indented else column, hang)
        if indent == "kept" and indented:
            lines[0] = "\u3000\u3000" + lines[0]
        printed.append(lines)
    return printed


def observable(paragraphs: list[str], printed: list[list[str]], column: int, indent: str) -> bool:
    """Could a careful reader see that the text is wrapped, and every paragraph end?

    Wrapping shows in two lines or more that end mid-sentence at the column, in a text of four
    lines or more.
    A paragraph end shows when the last line left room for the next paragraph's first unit
    (measured against the column as the reader sees it, the widest line), or when the next
    paragraph opens with a visible indent or, after a closing mark, with an enumerator.
    """
    broken = [line.lstrip("\u3000") for block in printed for line in block[:-1]]
    mid_sentence = [x for x in broken if column - 2 <= width(x) <= column and x[-1] not in "。；："]
    if sum(map(len, printed)) < 4 or len(mid_sentence) < 2:
        return False
    # The reader knows the column only as the widest line (less a mark that hangs past it).
    column = max(min(width(line), column) for block in printed for line in block)
    for b, lines_a in zip(paragraphs[1:], printed):  # noqa: B905
        room = column - width(lines_a[-1].lstrip("\u3000")) - width(units(b)[0])
        if room >= 4 or (_enumerated(b) and lines_a[-1][-1] in CLOSING) or indent == "kept":
            continue
        return False
    return True


def page(printed: list[list[str]], blanks: bool) -> list[str]:
    """The lines as unwrap receives them: normalize has made each ideographic space two spaces."""
    lines = [line.replace("\u3000", "  ") for block in printed for line in block]
    return [x for line in lines for x in (line, "")][:-1] if blanks else lines


cases = st.tuples(st.lists(paragraph(), min_size=1, max_size=10), st.integers(20, 45),
                  st.sampled_from(["kept", "none"]), st.booleans(), st.booleans())


@PROFILE
@given(cases)
@example((["一、总体要求", "各部门要做好组织实施工作，确保质量安全，推动经济社会发展。", "二、工作安排"],
          24, "kept", False, False))
def test_rewrapped_paragraphs_come_back_as_the_same_paragraphs(case):
    paragraphs, column, indent, hang, blanks = case
    printed = print_paragraphs(paragraphs, column, indent, hang)
    assume(observable(paragraphs, printed, column, indent))
    logical, wrapped = unwrap(page(printed, blanks))
    assert wrapped
    assert logical == paragraphs


@PROFILE
@given(st.lists(paragraph(), min_size=1, max_size=10))
def test_text_that_was_never_wrapped_keeps_its_lines(paragraphs):
    """One line per paragraph, as web pages give it: nothing is joined.

    Web text shows it is not wrapped in a line wider than any column asked of the wrapped
    texts above; a few short headings alone could be either."""
    assume(any(width(p) > 45 for p in paragraphs))
    logical, _ = unwrap(paragraphs)
    assert logical == paragraphs
