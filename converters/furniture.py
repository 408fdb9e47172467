"""Web-page and PDF furniture: lines that are not the notice's text.

Header lines (a date/source stamp, a teaser "本文摘要:…") are looked for only before the
body starts; trailer lines (editor, source, share/print links, "相关专题 |") only after
it ends; page numbers of PDF extractions anywhere. What a furniture line says about the
notice (published time, source, editor) is kept as metadata; the line itself goes to the
notice's list of removed furniture, never silently away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEP = r"\s*[:：]\s*"
_STAMP = re.compile(
    r"^(?:(?P<label>(?:发布|發佈|发表|發表|更新)?(?:时间|時間|日期))" + _SEP + r")?"
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：]\d{2})?)?"
    r"(?:\s+|\s*[|｜]\s*)?(?:(?:来源|來源|稿源)" + _SEP + r"(?P<source>[^|｜]+?))?"
    r"(?:\s*[|｜]?\s*(?:作者|编辑|編輯|责任编辑|責任編輯)" + _SEP + r"(?P<editor>\S+))?\s*$"
)
_SOURCE_LINE = re.compile(r"^(?:来源|來源|稿源|文章来源|文章來源)" + _SEP + r"(?P<source>.+?)\s*$")
_TEASER = re.compile(r"^(?:本文摘要|内容摘要|內容摘要|摘要|导读|導讀)" + _SEP)
_EDITOR = re.compile(
    r"^[【\[（(]?\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編)" + _SEP + r"(?P<editor>[^】\]）)]+?)\s*[】\]）)]?$"
)
_SOURCE_SUFFIX = (r"(?:网站|網站|网|網|日报|日報|报|報|社|电视台|電視台|平台|客户端|客戶端|公众号|公眾號|"
                  r"杂志|雜誌|新闻|新聞|官网|官網|频道|頻道|中心)")
_PAREN_SOURCE = re.compile(r"^[（(]\s*(?:来源|來源)?[:：]?\s*(?P<source>[^（）()：:\s]{2,30}?" + _SOURCE_SUFFIX + r")\s*[）)]$")
# Page tools and counters: furniture wherever they stand at the top or the bottom.
_PAGE_TOOLS = re.compile(
    r"^(?:【\s*)?(?:打印|列印|关闭|關閉|打印本页|关闭窗口|关闭本页|返回顶部|返回頂部|收藏|分享到?|字号|字體|字体)"
    r"(?:\s*[】：:]?.{0,20})?$"
)
_COUNTER = re.compile(r"^(?:浏览次数|瀏覽次數|点击数|點擊數|阅读量|閱讀量)\s*[:：]?\s*\d*$")
_LINKS = [re.compile(p) for p in (
    r"^\S.{0,30}\s*[|｜]\s*$",  # "相关专题 |", "· 党建专题 |"
    r"^[·•]\s*\S.{0,40}$",
    r"扫一扫|掃一掃|二维码|二維碼",
    _PAGE_TOOLS.pattern,
    r"^(?:上一篇|下一篇|相关链接|相關鏈接|相关新闻|相關新聞|相关阅读|相關閱讀|相关专题|相關專題)\s*[:：|｜]?.{0,60}$",
    _COUNTER.pattern,
)]
_PAGE_NUMBER = re.compile(r"^(?:[-—－]\s*\d{1,4}\s*[-—－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4})$")
HEADER_ZONE = 4
TRAILER_SKIPS = 4


@dataclass
class Furniture:
    """What the furniture stage found: kept lines and the metadata furniture carried."""

    lines: list[str]
    removed: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    editor: str | None = None


def _is_body(line: str) -> bool:
    s = line.strip()
    return len(s) > 40 or (len(s) > 8 and s[-1] in "。！？；，")


def strip_furniture(lines: list[str]) -> Furniture:
    """Remove header, trailer and page furniture from a notice's lines."""
    out = Furniture(lines=[])
    header_done = False
    seen = 0
    kept: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            kept.append(line)
            continue
        if _PAGE_NUMBER.match(s):
            out.removed.append(s)
            continue
        if not header_done and seen < HEADER_ZONE:
            seen += 1
            if _header(s, out):
                continue
            if _is_body(s):
                header_done = True
        kept.append(line)
    out.lines = _strip_trailer(kept, out)
    return out


def _header(s: str, out: Furniture) -> bool:
    m = _STAMP.match(s)
    if m and (m["H"] or m["source"] or m["label"]):  # a labelled date stamps the page
        published = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        if m["H"]:
            published += f"T{int(m['H']):02d}:{m['M']}"
        out.published = out.published or published
        if m["source"]:
            out.source = out.source or m["source"].strip()
        if m["editor"]:
            out.editor = out.editor or m["editor"].strip()
        out.removed.append(s)
        return True
    m = _SOURCE_LINE.match(s)
    if m:
        out.source = out.source or m["source"]
        out.removed.append(s)
        return True
    if _TEASER.match(s) or _PAGE_TOOLS.match(s) or _COUNTER.match(s):
        out.removed.append(s)
        return True
    return False


def _strip_trailer(lines: list[str], out: Furniture) -> list[str]:
    """Walk back from the end over furniture, signature, date and byline lines."""
    keep = list(lines)
    skips = 0
    removed_tail: list[str] = []
    i = len(keep) - 1
    while i >= 0 and skips <= TRAILER_SKIPS:
        s = keep[i].strip()
        if not s:
            i -= 1
            continue
        if m := _EDITOR.match(s):
            out.editor = out.editor or m["editor"].strip()
        elif (m := _PAREN_SOURCE.match(s)) or (m := _SOURCE_LINE.match(s)):
            out.source = out.source or m["source"].strip()
        elif not any(p.search(s) for p in _LINKS):
            if _is_body(s):
                break
            skips += 1
            i -= 1
            continue
        removed_tail.append(s)
        del keep[i]
        i -= 1
    out.removed.extend(reversed(removed_tail))
    return keep
