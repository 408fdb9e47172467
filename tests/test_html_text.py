"""The HTML reader: article container, tables, hidden elements, title and info line."""

from __future__ import annotations

from converters.html_text import html_to_text
from converters.pipeline import convert_bytes
from converters.text import TABLE_END, TABLE_MARKS

PROSE = "青山县水务局按照年度计划，对全县十二座小型水库开展了汛前安全检查，发现的问题已全部整改到位。"
PROSE2 = "检查组逐一查看了大坝、溢洪道和放水设施，并对管护人员进行了现场培训，确保汛期安全度汛。"
MENU = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(30))


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>青山县水库汛前检查情况通报_青山县人民政府</title>{head}</head><body>{body}</body></html>"


def convert(html: str):
    return convert_bytes(html.encode("utf-8"), "notice.html")


def tables(html: str) -> list:
    return [b for b in convert(html).blocks if b.kind == "table"]


def test_a_table_of_several_rows_is_one_table_block_with_its_cells() -> None:
    html = page(
        f"<div><p>{PROSE}</p><table><tr><th>水库</th><th>库容</th></tr>"
        "<tr><td>东湖</td><td>120万立方米</td></tr><tr><td>西岭</td><td>80万立方米</td></tr></table>"
        f"<p>{PROSE2}</p></div>"
    )
    (table,) = tables(html)
    assert [list(r) for r in table.rows] == [["水库", "库容"], ["东湖", "120万立方米"], ["西岭", "80万立方米"]]
    kinds = [b.kind for b in convert(html).blocks]
    assert kinds.count("para") == 2  # the paragraphs around the table stay paragraphs


def test_merged_cells_appear_once_with_their_spans() -> None:
    html = page(
        f"<div><p>{PROSE}</p><table><tr><td>序号</td><td>单位</td><td>结论</td></tr>"
        '<tr><td>1</td><td>东湖管理站</td><td rowspan="2">合格</td></tr>'
        '<tr><td>2</td><td>西岭管理站</td></tr><tr><td colspan="3">合计两处</td></tr></table></div>'
    )
    (table,) = tables(html)
    assert [list(r) for r in table.rows] == [["序号", "单位", "结论"], ["1", "东湖管理站", "合格"], ["2", "西岭管理站"], ["合计两处"]]
    assert set(table.spans) == {(1, 2, 2, 1), (3, 0, 1, 3)}


def test_nonsense_span_attributes_count_as_one() -> None:
    html = page(
        f'<div><p>{PROSE}</p><table><tr><td rowspan="x">甲</td><td colspan="999">乙</td></tr>'
        '<tr><td rowspan="-3">丙</td><td colspan="0">丁</td></tr></table></div>'
    )
    (table,) = tables(html)
    assert table.spans == ()


def test_a_layout_table_holding_the_article_is_not_a_data_table() -> None:
    html = page(
        '<table><tr><td><a href="/">首页</a></td></tr><tr><td>'
        f"<table><tr><td><p>{PROSE}</p><p>{PROSE2}</p></td></tr></table>"
        "</td></tr></table>"
    )
    blocks = convert(html).blocks
    assert [b.kind for b in blocks] == ["para", "para"]
    assert blocks[0].text == PROSE


def test_a_one_cell_table_is_text() -> None:
    html = page(f"<div><p>{PROSE}</p><table><tr><th>货物清单</th></tr></table><p>{PROSE2}</p></div>")
    assert not tables(html)
    assert "货物清单" in [b.text for b in convert(html).blocks]


def test_cell_paragraphs_are_joined_and_a_br_inside_a_cjk_label_is_dropped() -> None:
    html = page(
        f"<div><p>{PROSE}</p><table><tr><td>处理<br>意见</td><td><p>一、限期整改</p><p>二、通报批评</p></td></tr>"
        "<tr><td>日期</td><td>2024年5月6日</td></tr></table></div>"
    )
    (table,) = tables(html)
    assert table.rows[0] == ("处理意见", "一、限期整改 二、通报批评")


def test_markup_and_script_inside_cells_never_reach_the_text() -> None:
    html = page(
        f"<div><p>{PROSE}</p><table><tr><td>名称<script>alert('x')</script></td><td>&lt;b&gt;东湖&lt;/b&gt;</td></tr>"
        f"<tr><td>{TABLE_MARKS}备注</td><td><b>无</b></td></tr></table></div>"
    )
    (table,) = tables(html)
    assert table.rows == (("名称", "<b>东湖</b>"), ("备注", "无"))


def test_elements_the_page_hides_are_not_the_notice() -> None:
    html = page(
        f'<div><p>{PROSE}</p><p class="gone">隐藏的打印版正文第一段</p><p class="ng-hide">隐藏的规章版正文</p>'
        '<p hidden>隐藏属性的段落</p><p aria-hidden="true">读屏隐藏的段落</p><p style="display: none">内联隐藏的段落</p>'
        f"<p>{PROSE2}</p></div>",
        head="<style>.x, .gone { display:none }</style>",
    )
    text = html_to_text(html)
    assert PROSE in text and PROSE2 in text
    assert "隐藏" not in text


def test_an_inline_display_overrides_a_hiding_class() -> None:
    html = page(f'<div class="box" style="display: block"><p>{PROSE}</p></div>', head="<style>.box{display:none}</style>")
    assert PROSE in html_to_text(html)


def test_the_article_is_the_prose_after_the_title_not_menus_or_a_later_disclaimer() -> None:
    disclaimer = "本网站所载文字、图片等内容，版权均属本站所有，未经书面许可，任何单位和个人不得转载、摘编或以其他方式使用，违者必究。"
    html = page(
        f'<div class="top"><ul>{MENU}</ul></div><div class="wrap"><div class="t">青山县水库汛前检查情况通报</div>'
        f'<div class="article-content"><p>{PROSE}</p></div></div><div class="qr">手机扫一扫</div>'
        f'<div class="notice"><div>{disclaimer}</div><div>{disclaimer}</div></div>'
    )
    text = html_to_text(html)
    assert text.split("\n") == ["青山县水库汛前检查情况通报", TABLE_END, PROSE]


def test_a_share_bar_inside_the_article_is_dropped() -> None:
    html = page(f'<article><p>{PROSE}</p><div class="share-bar">分享到：<a>微信</a><a>微博</a></div></article>')
    assert "分享" not in html_to_text(html)


def test_title_is_the_visible_line_the_metadata_names_joined_over_its_br() -> None:
    html = (
        '<html><head><title>青山县人民政府</title><meta name="SiteName" content="青山县人民政府">'
        '<meta name="ArticleTitle" content="青山县水务局关于水库汛前检查情况的通报（青水〔2024〕3号）"></head><body>'
        '<ul><li><a href="/a">青山县水务局关于水库汛前检查情况的通报（青水〔2024〕3号）</a></li></ul>'
        "<div>青山县水务局关于水库汛前检查情况的通报<br>（青水〔2024〕3号）</div>"
        f"<div><p>{PROSE}</p><p>{PROSE2}</p></div></body></html>"
    )
    notice = convert(html)
    assert notice.title == "青山县水务局关于水库汛前检查情况的通报（青水〔2024〕3号）"
    assert [b.text for b in notice.blocks] == [PROSE, PROSE2]


def test_the_site_suffix_of_the_title_tag_is_not_the_title() -> None:
    html = page(f"<div><p>{PROSE}</p><p>{PROSE2}</p></div>")
    assert convert(html).title == "青山县水库汛前检查情况通报"


def test_info_line_gives_published_time_and_source_and_is_not_a_block() -> None:
    html = page(
        '<h2>青山县水库汛前检查情况通报</h2><p>发布时间：2024-05-06 09:30 来源：青山县水务局 【打印】</p>'
        f"<div><p>{PROSE}</p><p>{PROSE2}</p></div>"
    )
    notice = convert(html)
    assert (notice.published, notice.source) == ("2024-05-06T09:30", "青山县水务局")
    assert all("发布时间" not in b.text for b in notice.blocks)


def test_an_empty_source_label_gives_no_source_and_a_date_only_stamp_is_read() -> None:
    html = page(
        '<h2>青山县水库汛前检查情况通报</h2><p>来源： 浏览次数：12 发布日期：2024-05-06</p>'
        f"<div><p>{PROSE}</p><p>{PROSE2}</p></div>"
    )
    notice = convert(html)
    assert (notice.published, notice.source) == ("2024-05-06", None)


def test_a_sub_headline_between_title_and_article_is_kept() -> None:
    html = page(
        "<h2>青山县水库汛前检查情况通报</h2><h3>十二座小型水库全部达到安全度汛要求</h3>"
        '<div class="tools">打印 字号 关闭</div>'
        f"<div><p>{PROSE}</p><p>{PROSE2}</p></div>"
    )
    text = html_to_text(html)
    assert "十二座小型水库全部达到安全度汛要求" in text
    assert "打印" not in text


def test_a_sub_headline_is_not_joined_to_the_title() -> None:
    html = page(
        "<h2>青山县水库汛前检查情况通报</h2><h3>十二座小型水库全部达到安全度汛要求</h3>"
        f"<div><p>{PROSE}</p><p>{PROSE2}</p></div>"
    )
    notice = convert(html)
    assert notice.title == "青山县水库汛前检查情况通报"
    assert notice.blocks[0].text == "十二座小型水库全部达到安全度汛要求"


def test_a_page_whose_stylesheet_hides_everything_still_gives_its_text() -> None:
    html = page(f'<div class="wrap"><p>{PROSE * 3}</p><p>{PROSE2 * 3}</p></div>', head="<style>.wrap{display:none}</style>")
    assert PROSE in html_to_text(html)


def test_an_article_header_keeps_its_title_and_info_line() -> None:
    html = page(
        "<header><a href='/'>青山县人民政府</a></header><article><header><h1>青山县水库汛前检查情况通报</h1>"
        f"<p>发布日期：2024-05-06</p></header><p>{PROSE}</p><p>{PROSE2}</p></article>"
    )
    notice = convert(html)
    assert (notice.title, notice.published) == ("青山县水库汛前检查情况通报", "2024-05-06")
    assert "青山县人民政府" not in [b.text for b in notice.blocks]


def test_a_table_caption_is_kept_before_the_table() -> None:
    html = page(
        f"<div><p>{PROSE}</p><table><caption>各水库检查结果</caption><tr><td>东湖</td><td>合格</td></tr>"
        "<tr><td>西岭</td><td>合格</td></tr></table></div>"
    )
    kinds = [(b.kind, b.text) for b in convert(html).blocks]
    assert ("table", "东湖合格西岭合格") in kinds
    assert kinds.index(("table", "东湖合格西岭合格")) == kinds.index(next(k for k in kinds if k[1] == "各水库检查结果")) + 1


def test_a_body_line_quoting_the_title_further_down_does_not_cut_the_article() -> None:
    lead = [f"<p>{PROSE}</p>", f"<p>{PROSE2}</p>"] * 4
    html = (
        "<html><head><title>青山县水库汛前检查情况通报</title></head><body><div class='content'>"
        + "".join(lead) + "<p>青山县水库汛前检查情况通报</p></div></body></html>"
    )
    assert html_to_text(html).count(PROSE) == 4


def test_a_dated_line_of_the_notice_itself_is_not_taken_for_its_info_line() -> None:
    html = page(f"<h2>青山县水库汛前检查情况通报</h2><div><p>{PROSE}</p><p>日期：2024年5月6日</p><p>{PROSE2}</p></div>")
    notice = convert(html)
    assert notice.published is None
    assert "日期：2024年5月6日" in [b.text for b in notice.blocks]


def test_an_impossible_info_date_is_not_a_published_time() -> None:
    html = page(f"<h2>青山县水库汛前检查情况通报</h2><p>发布时间：2024-13-45</p><div><p>{PROSE}</p><p>{PROSE2}</p></div>")
    assert convert(html).published is None


def test_a_trailing_list_of_links_to_other_pages_is_furniture_and_recorded() -> None:
    html = page(
        f"<article><p>{PROSE}</p><p>{PROSE2}</p><h3>相关阅读</h3><ul><li><a href='/a'>青山县部署汛前检查工作</a></li>"
        "<li><a href='/b'>青山县开展防汛应急演练</a></li></ul></article>"
    )
    notice = convert(html)
    assert [b.text for b in notice.blocks] == [PROSE, PROSE2]
    assert any("青山县部署汛前检查工作" in r for r in notice.removed)


def test_attachment_links_closing_the_notice_stay() -> None:
    html = page(
        f"<article><p>{PROSE}</p><p>{PROSE2}</p><p>附件：</p><p><a href='/f/1.docx'>水库责任人名单</a></p>"
        "<p><a href='/f/2.pdf'>检查问题清单</a></p></article>"
    )
    texts = [b.text for b in convert(html).blocks]
    assert "水库责任人名单" in texts and "检查问题清单" in texts


def test_a_one_level_layout_table_with_a_link_column_is_not_a_data_table() -> None:
    html = page(
        '<table><tr><td colspan="2">青山县人民政府</td></tr><tr><td><a href="/1">首页</a><br><a href="/2">政务公开</a><br>'
        f'<a href="/3">办事服务</a></td><td><h2>青山县水库汛前检查情况通报</h2><p>{PROSE}</p><p>{PROSE2}</p></td></tr></table>'
    )
    notice = convert(html)
    assert not [b for b in notice.blocks if b.kind == "table"]
    assert [b.text for b in notice.blocks] == [PROSE, PROSE2]


def test_broken_markup_never_crashes_or_leaks_table_marks() -> None:
    pieces = ['<table>', '<tr>', '<td rowspan="99999999999">', '<td colspan="x">', "</table>", "<title>", "<caption>",
              "<html>", "<body>", "发布时间：2024-05-06", f"\ue000\ue002{PROSE}", "</tr>", "<th>", "<header>", "</td>"]
    for n in range(len(pieces)):
        html = "".join(pieces[n:] + pieces[:n])
        notice = convert(html)
        for block in notice.blocks:
            assert not any(mark in block.text for mark in TABLE_MARKS)
            assert not any(mark in cell for row in block.rows for cell in row for mark in TABLE_MARKS)


def test_a_short_title_is_not_lost_to_a_longer_site_name() -> None:
    html = "<html><head><title>放假通知_青山县人民政府门户网站</title></head><body>" + f"<div><p>{PROSE}</p><p>{PROSE2}</p></div></body></html>"
    assert convert(html).title == "放假通知"


def test_the_source_value_ends_where_the_next_fact_begins() -> None:
    html = page(
        '<h2>青山县水库汛前检查情况通报</h2><p>发布时间：2024-05-06 来源：青山县水务局  作者：李明</p>'
        f"<div><p>{PROSE}</p><p>{PROSE2}</p></div>"
    )
    assert convert(html).source == "青山县水务局"
