"""decode(): raw notice bytes → text, using real paragraphs from notices/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converters.decode import Decoded, decode
from converters.html_text import html_to_text
from converters.text import TABLE_END

NOTICES = Path(__file__).resolve().parent.parent / "notices"
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def _line(notice: str, index: int) -> str:
    return (NOTICES / notice).read_text(encoding="utf-8").splitlines()[index]


# Simplified: opening paragraph of 002; Traditional: opening paragraph of 004, whose
# source carries pinyin readings like 國(guó) that plain Big5 cannot encode.
SIMPLIFIED = _line("002_f934f75b5d361e68.txt", 0)
TRADITIONAL_WITH_PINYIN = _line("004_af567c2eb27d93a5.txt", 0)
TRADITIONAL = _PINYIN.sub("", TRADITIONAL_WITH_PINYIN)
TITLE = "中共广东省港澳办党组关于巡视整改进展情况的通报"


def _codes(result: Decoded) -> list[str]:
    return [issue.code for issue in result.issues]


@pytest.mark.parametrize(
    ("text", "codec", "reported"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16"),  # BOM + native order
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb2312", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gb18030", "gb18030"),  # GBK can hold Traditional text too
        (TRADITIONAL, "utf-8-sig", "utf-8-sig"),
    ],
)
def test_real_paragraph_round_trips_and_encoding_is_reported(text: str, codec: str, reported: str) -> None:
    result = decode(text.encode(codec), "notice.txt")
    assert result.text == text
    assert result.encoding == reported
    assert result.issues == []


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom_in_either_byte_order(bom: bytes, codec: str) -> None:
    result = decode(bom + TRADITIONAL.encode(codec), "notice.txt")
    assert (result.text, result.encoding, result.issues) == (TRADITIONAL, "utf-16", [])


def test_big5_falls_back_to_hkscs_for_characters_plain_big5_lacks() -> None:
    data = TRADITIONAL_WITH_PINYIN.encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    result = decode(data, "notice.txt")
    assert (result.text, result.encoding) == (TRADITIONAL_WITH_PINYIN, "big5hkscs")


@pytest.mark.parametrize("length", [8, 12, 20])
def test_short_texts_are_not_misdetected(length: int) -> None:
    simplified, traditional = SIMPLIFIED[:length], TRADITIONAL[:length]
    assert decode(simplified.encode("gbk"), "a.txt").text == simplified
    assert decode(traditional.encode("big5"), "b.txt").text == traditional


def test_bom_less_utf16_is_decoded_but_flagged_as_a_guess() -> None:
    result = decode(SIMPLIFIED.encode("utf-16-le"), "notice.txt")
    assert (result.text, result.encoding) == (SIMPLIFIED, "utf-16-le")
    assert _codes(result) == ["encoding-guessed"]


def test_crlf_and_lone_cr_become_newlines() -> None:
    data = f"{TITLE}\r\n\r\n{SIMPLIFIED}\r二〇二二年\r\n".encode("gb18030")
    assert decode(data, "notice.txt").text == f"{TITLE}\n\n{SIMPLIFIED}\n二〇二二年\n"


def test_zero_width_characters_and_inner_bom_are_removed() -> None:
    dirty = "\ufeff中共广东省\u200b港澳办\u200c党组\u200d关于\u2060巡视\ufeff整改"
    result = decode(dirty.encode("utf-8"), "notice.txt")
    assert result.text == "中共广东省港澳办党组关于巡视整改"
    assert result.encoding == "utf-8-sig"


def test_other_characters_are_kept_as_they_are() -> None:
    text = "\u3000\u3000根据省委统一部署，２０２１年　（一）①\u00a0"
    assert decode(text.encode("gb18030"), "notice.txt").text == text


def test_damaged_gbk_keeps_every_readable_character_and_points_at_the_bad_byte() -> None:
    good = SIMPLIFIED.encode("gb18030")
    data = good[:40] + b"\xff" + good[40:]
    result = decode(data, "notice.txt")
    assert result.encoding == "gb18030"
    assert result.text.replace("\ufffd", "") == SIMPLIFIED
    (issue,) = result.issues
    assert (issue.code, issue.severity) == ("undecodable", "warning")
    assert "byte 40" in issue.message
    assert "\ufffd" in issue.excerpt


def test_mostly_undecodable_bytes_are_an_error() -> None:
    data = b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 50 + "通知".encode()
    result = decode(data, "notice.txt")
    (issue,) = result.issues
    assert (issue.code, issue.severity) == ("undecodable", "error")
    assert result.text.endswith("通知")


def test_replacement_characters_already_in_the_file_are_reported() -> None:
    result = decode("根据省委统一部署\ufffd\ufffd巡视".encode(), "notice.txt")
    assert _codes(result) == ["replacement-chars"]
    assert "2" in result.issues[0].message


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n\x00\x01\x02binary", bytes(range(1, 32)) * 10, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
)
def test_binary_files_are_an_error_with_no_text(data: bytes) -> None:
    result = decode(data, "notice.txt")
    assert result.text == ""
    assert [(i.code, i.severity) for i in result.issues] == [("binary", "error")]


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n", "\u3000\u3000\n".encode("gb18030"), b"\xef\xbb\xbf\n"])
def test_empty_or_whitespace_only_is_an_error(data: bytes) -> None:
    result = decode(data, "notice.txt")
    assert [(i.code, i.severity) for i in result.issues] == [("empty", "error")]


def test_too_large_files_are_refused_without_decoding() -> None:
    data = SIMPLIFIED.encode("utf-8")
    result = decode(data, "big.txt", max_bytes=100)
    assert result.text == ""
    (issue,) = result.issues
    assert (issue.code, issue.severity) == ("too-large", "error")
    assert str(len(data)) in issue.message
    assert "100 bytes" in issue.message
    assert decode(data, "big.txt", max_bytes=len(data)).text == SIMPLIFIED


PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}_通知公告_广东省人民政府港澳事务办公室</title>
<style>.share {{ color: red }}</style>
<script>alert(1)</script>
</head>
<body>
<header><h1 class="logo">广东省人民政府港澳事务办公室</h1></header>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 通知公告</div>
<div class="main-wrap has-sidebar">
  <div class="article-content TRS_Editor">
    <p>根据省委统一部署，2021 年 10 月 15 日至 12 月 18 日，省委第十巡视组对省港澳办党组进行了巡视。</p>
    <p>一、深入学习贯彻党的二十大精神<br>认真贯彻落实习近平总书记关于巡视工作重要论述</p>
    <table><tr><td>联系电话</td><td>020-12345678</td></tr></table>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
    <!-- 编辑注释 -->
  </div>
  <aside><h3>相关链接</h3><a href="#">省委巡视办</a></aside>
</div>
<div class="print-bar"><button>打印</button> <a href="#">关闭窗口</a></div>
<div id="related"><p>关于开展巡视工作的其他通知，请查看更多相关文件列表。</p></div>
<footer>版权所有 广东省人民政府港澳事务办公室</footer>
<script>document.write("统计代码")</script>
</body>
</html>
"""

# The title line is followed by the boundary line that keeps later stages from joining it with more text.
ARTICLE = (
    f"{TITLE}\n{TABLE_END}\n"
    "根据省委统一部署，2021 年 10 月 15 日至 12 月 18 日，省委第十巡视组对省港澳办党组进行了巡视。\n"
    "一、深入学习贯彻党的二十大精神\n"
    "认真贯彻落实习近平总书记关于巡视工作重要论述\n"
    "联系电话\n"
    "020-12345678"
)


def test_html_page_is_reduced_to_its_article_with_title_first() -> None:
    result = decode(PAGE.encode("gb18030"), "notice.html")
    assert result.text == ARTICLE
    assert result.encoding == "gb18030 (html)"
    assert result.issues == []
    for noise in ("alert", "首页", "当前位置", "分享", "打印", "版权", "统计", "相关", "编辑注释", "color"):
        assert noise not in result.text


def test_html_is_recognised_by_content_and_its_big5_meta_charset_honoured() -> None:
    page = (
        '<!doctype html><html><head><meta charset="big5">'
        "<title>全國地方政協秘書長工作交流座談會在北京召開</title></head>"
        f'<body><div class="menu">首頁</div><div id="zoom"><p>{TRADITIONAL}</p></div></body></html>'
    )
    result = decode(page.encode("big5"), "download")
    assert (result.text, result.encoding) == (
        f"全國地方政協秘書長工作交流座談會在北京召開\n{TABLE_END}\n{TRADITIONAL}",
        "big5 (html)",
    )


def test_html_utf8_page_ignores_a_wrong_meta_charset() -> None:
    result = decode(PAGE.encode("utf-8"), "notice.htm")
    assert (result.text, result.encoding) == (ARTICLE, "utf-8 (html)")


def test_html_without_a_named_container_uses_the_paragraph_richest_element() -> None:
    html = (
        "<html><head><title>关于巡视整改进展情况的通报 - 中国政府网</title></head><body>"
        "<div><p>首页</p></div>"
        "<div><p>现将巡视整改进展情况予以公布。</p>\n<p>省港澳办党组深入学习贯彻党的二十大精\n神。</p></div>"
        "</body></html>"
    )
    assert html_to_text(html) == (
        f"关于巡视整改进展情况的通报\n{TABLE_END}\n现将巡视整改进展情况予以公布。\n省港澳办党组深入学习贯彻党的二十大精神。"
    )


def test_html_page_with_only_chrome_has_no_text() -> None:
    html = "<html><body><nav>首页 政务公开</nav><script>alert(1)</script></body></html>"
    assert _codes(decode(html.encode(), "empty.html")) == ["empty"]


def test_html_form_wrapping_the_whole_page_is_not_dropped() -> None:
    """ASP.NET sites put every page inside <form id="form1">."""
    html = (
        '<html><body><form id="form1" method="post"><input type="hidden" name="__VIEWSTATE">'
        '<nav>首页</nav><div class="pages_content"><p>现将巡视整改进展情况予以公布。</p></div>'
        '<form class="search"><button>搜索</button></form></form></body></html>'
    )
    assert html_to_text(html) == "现将巡视整改进展情况予以公布。"


def test_html_wrapper_with_a_noisy_class_around_the_article_is_kept() -> None:
    html = (
        '<html><body><div class="layout with-sidebar"><div class="menu"><a>首页</a><a>政务公开</a></div>'
        f"<div><p>{SIMPLIFIED}</p><p>二、整改落实情况</p></div></div></body></html>"
    )
    assert html_to_text(html) == f"{SIMPLIFIED}\n二、整改落实情况"


GBK_PAGE = (
    "<html><head>{meta}<title>关于做好春季防火工作的通知</title></head><body>"
    "<p>各区县人民政府，市政府各部门：</p>"
    "<p>为切实做好今年春季森林防火工作，现将有关事项通知如下。</p>"
    "<p>一、加强组织领导。各地要高度重视防火工作。</p>"
    "<p>某某市人民政府办公室</p><p>2024年3月1日</p></body></html>"
)
GBK_PARAGRAPHS = ["各区县人民政府，市政府各部门：", "为切实做好今年春季森林防火工作，现将有关事项通知如下。",
                  "一、加强组织领导。各地要高度重视防火工作。", "某某市人民政府办公室", "2024年3月1日"]


@pytest.mark.parametrize("meta", ["", '<meta charset="gbk">', '<meta charset="utf-8">', '<meta charset="big5">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'],
                         ids=["none", "true", "utf-8-lie", "big5-lie", "latin1-lie"])
def test_a_gbk_page_keeps_its_title_and_paragraphs_whatever_its_meta_charset_says(meta: str) -> None:
    from converters.pipeline import convert_bytes

    notice = convert_bytes(GBK_PAGE.format(meta=meta).encode("gbk"), "notice.html")
    assert notice.encoding == "gb18030 (html)"
    assert (notice.title, notice.title_derived) == ("关于做好春季防火工作的通知", False)
    assert [b.text for b in notice.blocks] == GBK_PARAGRAPHS


def test_a_big5_page_that_declares_gb2312_is_read_as_big5_with_a_warning() -> None:
    page = ('<html><head><meta charset="gb2312"><title>關於做好春季防火工作的通知</title></head><body>'
            f"<p>{TRADITIONAL}</p></body></html>")
    result = decode(page.encode("big5"), "notice.html")
    assert result.encoding == "big5 (html)"
    assert result.text.endswith(TRADITIONAL)
    assert "encoding-guessed" in _codes(result)


@pytest.mark.parametrize("codec", ["gbk", "utf-8"])
def test_plain_text_named_html_keeps_its_lines(codec: str) -> None:
    from converters.pipeline import convert_bytes

    text = ("关于做好春季防火工作的通知\n\n各区县人民政府：\n    为切实做好今年春季森林防火工作，现将有关事项通知如下。\n"
            "    一、加强组织领导。各地要高度重视。\n\n某某市人民政府办公室\n2024年3月1日\n")
    result = decode(text.encode(codec), "notice.html")
    assert result.text == text and "html" not in result.encoding
    notice = convert_bytes(text.encode(codec), "notice.html")
    assert (notice.title, notice.title_derived, notice.read_by) == ("关于做好春季防火工作的通知", False, "text")
    assert [b.text for b in notice.blocks][:3] == ["各区县人民政府：", "为切实做好今年春季森林防火工作，现将有关事项通知如下。",
                                                "一、加强组织领导。各地要高度重视。"]
