"""The `table` block kind: rows of cells from the readers that recognise a table, carried
through the line-based stages, into the Notice, its JSON, its Markdown and the cache."""

from __future__ import annotations

from converters.build import notice_from_dict
from converters.decode import decode
from converters.markdown import render_markdown
from converters.pipeline import convert_text
from converters.text import TABLE_END, table_line

ROWS = [["序号", "姓名", "单位"], ["1", "张三", "市水利局"], ["2", "李四", "市林业局"]]
LEAD = "关于拟表彰人选的公示\n经研究，现将名单公示如下。\n"
TAIL = "\n公示期间如有异议，请向市委组织部反映。\n"


def _table_text(rows: list[list[str]], spans=None) -> str:
    return "\n".join(table_line(r, (spans or {}).get(i)) for i, r in enumerate(rows)) + "\n" + TABLE_END


def test_a_run_of_table_lines_becomes_one_table_block_between_paragraphs():
    notice = convert_text(LEAD + _table_text(ROWS) + TAIL, "x.txt")
    kinds = [b.kind for b in notice.blocks]
    assert kinds == ["para", "table", "para"]
    table = notice.blocks[1]
    assert [list(r) for r in table.rows] == ROWS
    assert table.text == "".join("".join(r) for r in ROWS)


def test_two_tables_one_after_the_other_stay_two_tables():
    notice = convert_text(LEAD + _table_text(ROWS[:2]) + "\n" + _table_text(ROWS[2:]) + TAIL, "x.txt")
    assert [b.kind for b in notice.blocks].count("table") == 2


def test_merged_cells_keep_their_spans_in_json_and_markdown():
    spans = {1: [(1, 1), (1, 1), (2, 1)]}
    notice = convert_text(LEAD + _table_text([ROWS[0], ROWS[1], ROWS[2][:2]], spans) + TAIL, "x.txt")
    table = notice.to_dict()["blocks"][1]
    assert table["spans"] == [[1, 2, 2, 1]]
    assert '<td rowspan="2">市水利局</td>' in render_markdown(notice, "hans")


def test_table_cells_are_escaped_and_converted_to_the_other_script():
    rows = [["项目", "说明"], ["<script>alert(1)</script>", "**粗体** | 竖线"]]
    notice = convert_text(LEAD + _table_text(rows) + TAIL, "x.txt")
    page = render_markdown(notice, "hant")
    assert "<script>" not in page and "&#60;script&#62;" in page
    assert "&#124;" in page and "**" not in page
    assert "<td>項目</td>" in page and "<td>說明</td>" in page


def test_a_table_survives_the_cache_round_trip():
    notice = convert_text(LEAD + _table_text(ROWS) + TAIL, "x.txt")
    again = notice_from_dict(notice.to_dict())
    assert again.blocks == notice.blocks


def test_raw_text_cannot_forge_a_table_with_the_private_marks():
    raw = LEAD + "\ue000甲\ue001乙\n\ue002" + TAIL
    notice = convert_text(decode(raw.encode(), "x.txt").text, "x.txt")
    assert "table" not in [b.kind for b in notice.blocks]
    assert any("甲乙" in b.text for b in notice.blocks)


def test_every_table_cell_is_in_the_search_text_of_the_page():
    from hooks.search_index import plain_text

    notice = convert_text(LEAD + _table_text(ROWS) + TAIL, "x.txt")
    lines = plain_text(render_markdown(notice, "hans")).splitlines()
    for row in ROWS:
        for cell in row:
            assert cell in lines
