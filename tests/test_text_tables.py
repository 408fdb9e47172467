"""Tables recognised in extracted PDF text (converters.text_tables), on short invented examples."""

from __future__ import annotations

from converters.pipeline import convert_text
from converters.text import is_table_line, table_rows
from converters.text_tables import find_tables

INTRO = "经研究，现将有关人员名单公示如下，公示期间如有异议，请向市人社局反映。"


def _tables(text: str):
    return [b for b in convert_text(text, "x.txt").blocks if b.kind == "table"]


def _cells_per_paragraph(cells: list[str]) -> str:
    return "\n\n".join(cells)


def test_cells_one_per_paragraph_with_serial_numbers_become_rows_under_their_header():
    header = ["序号", "姓名", "单位", "得分"]
    rows = [["1", "周一鸣", "北川县农业农村局", "88.5"], ["2", "吴二丽", "北川县林业局", "86"],
            ["3", "郑三", "北川县水务局", "85.5"]]
    text = f"拟聘人员名单\n{INTRO}\n" + _cells_per_paragraph(header + [c for r in rows for c in r])
    (table,) = _tables(text)
    assert [list(r) for r in table.rows] == [header, *rows]


def test_a_cell_wrapped_inside_its_column_is_glued_back_into_one_cell():
    cells = ["序号", "岗位", "人数", "1", "综合管理\n岗", "2", "2", "财务会计\n岗", "1", "3", "信息技术\n岗", "3"]
    (table,) = _tables(f"招聘岗位\n{INTRO}\n" + _cells_per_paragraph(cells))
    assert [r[1] for r in table.rows] == ["岗位", "综合管理岗", "财务会计岗", "信息技术岗"]


def test_numeric_columns_under_a_header_make_a_table_without_serial_numbers():
    cells = ["产品", "单位", "产量", "饮料", "千升", "120", "水泥", "吨", "3400", "钢材", "吨", "560", "木材", "立方米", "78"]
    (table,) = _tables(f"主要产品产量\n{INTRO}\n" + _cells_per_paragraph(cells))
    assert list(table.rows[0]) == ["产品", "单位", "产量"]
    assert len(table.rows) == 5


def test_short_lines_without_row_evidence_stay_text():
    names = ["周一鸣", "吴二丽", "郑三", "王四海", "冯五", "陈六六", "褚七", "卫八", "蒋九"]
    lines = [INTRO, ""] + [x for n in names for x in (n, "")]
    assert find_tables(lines) == lines


def test_a_caption_printed_right_above_the_header_stays_outside_the_table():
    cells = ["附表一 二〇二五年度北川县重点项目完成情况表\n序号", "项目", "进度", "1", "道路改造", "90%",
             "2", "河道整治", "75%", "3", "校舍维修", "100%"]
    notice = convert_text(f"项目进展\n{INTRO}\n" + _cells_per_paragraph(cells), "x.txt")
    table = next(b for b in notice.blocks if b.kind == "table")
    assert list(table.rows[0]) == ["序号", "项目", "进度"]
    assert any("附表一" in b.text for b in notice.blocks if b.kind != "table")


def test_cells_of_a_row_the_extractor_merged_stay_in_one_spanning_cell_in_reading_order():
    cells = ["序号", "姓名", "性别", "单位", "1", "周一鸣", "男", "农业局", "2", "吴二丽 女", "林业局 水务局",
             "3", "郑三", "男", "水务局"]
    (table,) = _tables(f"名单\n{INTRO}\n" + _cells_per_paragraph(cells))
    merged = [r for r in table.rows if len(r) == 1]
    assert merged and "吴二丽" in merged[0][0] and "林业局 水务局" in merged[0][0]
    assert (2, 0, 1, 4) in table.spans


def test_rows_one_per_line_with_a_wrapped_last_piece_keep_their_columns():
    lines = ["序号 学校 专业 开始时间 截止", "时间", "1 北川师范学院 汉语言文学 2019年8月 2025年7", "月",
             "2 南山师范学院 数学 2020年9月 2026年8月", "3 东河大学 物理学 2021年9月 2027年8月"]
    out = find_tables(lines)
    rows, _ = table_rows([x for x in out if is_table_line(x) and len(x) > 1])
    assert rows[0] == ["序号", "学校", "专业", "开始时间", "截止时间"]
    assert rows[1] == ["1", "北川师范学院", "汉语言文学", "2019年8月", "2025年7月"]
    assert len(rows) == 4


def test_a_header_of_merged_cells_above_the_rows_becomes_one_spanning_row_of_the_table():
    lines = ["附：", "单位：人", "地区 去年", "人数 新增", "分年度任务", "2025年 2026年 2027年",
             "合计 120 30 40 50 60", "东区 60 10 20 25 30", "西区 60 20 20 25 30", "以上计划如需调整，另行通知。"]
    out = find_tables(lines)
    assert out[:2] == ["附：", "单位：人"]
    rows, spans = table_rows([x for x in out if is_table_line(x) and len(x) > 1])
    assert rows[0] == ["地区 去年 人数 新增 分年度任务"] and (0, 0, 1, 6) in spans
    assert rows[2] == ["合计", "120", "30", "40", "50", "60"]
    assert out[-1] == "以上计划如需调整，另行通知。"
