"""Notice text can never become markup: rendered through Python-Markdown with the
site's extensions, it comes out as exactly the characters of the notice."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import markdown
import pytest
import yaml

from converters.markdown import dump_front_matter, escape, render_markdown
from converters.pipeline import convert_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**加粗** 与 _斜体_ 与 `代码`",
    "# 不是标题",
    "1. 不是列表",
    "- 不是列表",
    "> 不是引用",
    "[链接](javascript:alert(1))",
    "![图](x.png)",
    "{{ 7*7 }} {% raw %}",
    "| a | b |",
    "---",
    "&amp; &lt; 实体",
    "==标记== ~~删除~~ ^^上标^^ :smile:",
    "公开期限：2023年3月25日至4月15日（工作日8:30—17:30）",
]


@functools.cache
def _site_markdown_config() -> tuple[list, dict]:
    """The Markdown extensions and their settings exactly as the site's mkdocs.yml has them."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return config["markdown_extensions"], config["mdx_configs"]


def _render(text: str) -> str:
    extensions, configs = _site_markdown_config()
    return markdown.markdown(escape(text), extensions=extensions, extension_configs=configs)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_one_paragraph_of_exactly_that_text(text):
    out = _render(text)
    m = re.fullmatch(r"<p>(.*)</p>", out, re.S)
    assert m, out
    assert "<" not in m.group(1)
    assert html.unescape(m.group(1)) == text


def test_front_matter_survives_hostile_titles():
    notice = convert_text('标题: "引号" --- {{ x }} <b>粗</b> #井号\n正文第一段，内容很长很长很长很长很长很长很长很长很长很长。', "t.txt")
    page = render_markdown(notice, "hans")
    _, meta, body = page.split("---\n", 2)
    assert yaml.safe_load(meta)["title"] == notice.title
    assert "<b>" not in body


def test_both_scripts_are_rendered_with_links_to_each_other():
    notice = convert_text("关于巡视整改进展情况的通报\n根据中央统一部署，现将巡视整改进展情况予以公布。", "x.txt")
    hans, hant = render_markdown(notice, "hans"), render_markdown(notice, "hant")
    assert "巡视整改" in hans and "巡視整改" in hant
    assert yaml.safe_load(hans.split("---\n")[1])["alternate"] == "../../hant/notices/x.md"
    assert yaml.safe_load(hant.split("---\n")[1])["alternate"] == "../../hans/notices/x.md"


@pytest.mark.parametrize("value", [
    "行一\u2028行二\u2029段\x85尾", "删除\x7f与\x9f控制", "引号\"与\\反斜杠\n换行\t制表", "---\n...\n", "键: 值 # 注释",
    "😀 表情与𠀀扩展B", "\ufeff开头的BOM", "\ud800孤立代理", "true", "2024-01-02", "null", "~", "@at `code` *星*",
])
def test_front_matter_reads_the_same_as_json_and_as_yaml(value):
    """JSON front matter (converters.markdown.dump_front_matter) is read by the site with a
    JSON parser and by any other tool as YAML: both give the same values, whatever they hold."""
    import json

    meta = {"title": value, "period": {"text": value, "days": 7}, "warnings": [{"excerpt": value}], "empty": None}
    text = dump_front_matter(meta)
    text.encode("utf-8")  # a lone surrogate is written as an escape, not as itself
    assert json.loads(text) == yaml.safe_load(text) == meta


def test_a_notice_page_is_read_by_the_site_as_mkdocs_reads_it(tmp_path):
    from mkdocs.utils.meta import get_data

    from hooks.site import read_page

    notice = convert_text('关于"引号"与\u2028分隔的通知\n各单位：\n正文第一段，内容很长很长很长很长很长很长很长。\n某某局\n2024年1月2日', "t.txt")
    page = tmp_path / "t.md"
    page.write_text(render_markdown(notice, "hant"), encoding="utf-8")
    assert read_page(page) == get_data(page.read_text(encoding="utf-8"))


# A 通报 with sections 一、 and sub-sections （一） in each (and so two of each （一）（二）).
REPORT = "\n".join([
    "关于2024年安全生产检查情况的通报",
    "各区县、各部门：",
    "市安委会办公室于2024年3月组织开展了安全生产大检查，现将有关情况通报如下。",
    "一、检查基本情况",
    "（一）组织领导",
    "各单位成立了检查工作领导小组，制定了工作方案。",
    "（二）检查范围",
    "本次检查覆盖全市各类生产经营单位共计三百余家。",
    "二、存在的主要问题",
    "（一）责任落实不到位",
    "部分单位安全生产主体责任落实不到位，制度不健全。",
    "（二）隐患排查不彻底",
    "部分单位隐患排查流于形式，整改不及时。",
    "市安全生产委员会办公室",
    "2024年4月10日",
])


def _outline(text: str) -> list:
    """The table of contents of a converted notice as the site's Markdown builds it: (title,
    children) from the headings under the page title."""
    extensions, configs = _site_markdown_config()
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    md.convert(render_markdown(convert_text(text, "t.txt"), "hans").split("---\n", 2)[2])

    def walk(tokens: list[dict]) -> list:
        return [(html.unescape(t["name"]), walk(t["children"])) for t in tokens]

    (title,) = md.toc_tokens
    return walk(title["children"])


def test_the_table_of_contents_nests_sub_sections_under_their_section():
    assert _outline(REPORT) == [
        ("一、检查基本情况", [("（一）组织领导", []), ("（二）检查范围", [])]),
        ("二、存在的主要问题", [("（一）责任落实不到位", []), ("（二）隐患排查不彻底", [])]),
    ]


def test_a_part_heading_opens_a_level_above_the_sections_though_both_are_level_two():
    # 第一部分 and 一、 both give level 2 (converters.text.LEVELS); the document nests 一、 under it.
    text = REPORT.replace("一、检查基本情况", "第一部分 检查情况\n一、检查基本情况").replace(
        "二、存在的主要问题", "第二部分 存在问题\n一、存在的主要问题")
    outline = _outline(text)
    assert [title for title, _ in outline] == ["第一部分 检查情况", "第二部分 存在问题"]
    (section, subsections), = outline[1][1]
    assert section == "一、存在的主要问题" and [t for t, _ in subsections] == ["（一）责任落实不到位", "（二）隐患排查不彻底"]


def test_the_outermost_numbering_a_notice_uses_is_its_top_level():
    # No 一、 sections: the （一） heads are the notice's sections (h2), 1. under them (h3).
    text = "\n".join(line for line in REPORT.splitlines() if not re.match("[一二]、", line))
    text = text.replace("（二）检查范围", "（二）检查范围\n1.市区\n市区共有一百余家。\n2.郊县\n郊县共有两百余家。")
    page = render_markdown(convert_text(text, "t.txt"), "hans")
    heads = re.findall(r"^(#+) (.*)$", page, re.M)
    assert [(len(h), t) for h, t in heads if "检查范围" in t or "市区" in t or "郊县" in t] == [
        (2, "（二）检查范围"), (3, "1&#46;市区"), (3, "2&#46;郊县")]
    assert {len(h) for h, t in heads if t.startswith("（")} == {2}
