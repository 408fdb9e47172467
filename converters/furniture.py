"""Web-page and PDF furniture: lines that are not the notice's text.

Furniture is recognised by its form, not by the words of one site:

- field lines: `label: value` pairs whose labels are a page's metadata (发布时间, 来源, 浏览量,
  索引号, 发文机关 …), several to a line, values often empty;
- navigation: breadcrumbs (`首页 > 栏目 > 正文`, a continuation opening with `>`), lines made
  only of page widgets (放大 缩小 打印 收藏 上一版 下一版 …), short segments separated by `|`;
- banners and footers: a welcome or log-in line, copyright / licence / ICP lines and what
  follows them, related-link headings, lines with no letter or digit, mostly-Latin lines;
- after the closing date line, a run of contact or footer lines with no sentence in it.

Header furniture is looked for only before the body starts (the first long or sentence-ending
line), trailer furniture only after it ends; page numbers of PDF extractions anywhere. What a
furniture line says about the notice (published time, source, editor, the issuing body of a
disclosure table) is kept as metadata; the line itself goes to the notice's list of removed
furniture, never silently away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pages import is_page_number
from .text import CJK, is_table_line

# Traditional forms of the characters the furniture vocabulary uses: lines are matched in a
# simplified folding of the same length, so positions carry over to the original.
_TRAD = ("發時間來編輯責覽瀏點擊閱讀類機關稱號級別門題體數審終頁導載錄賬戶轉網權聯們"
         "熱薦聞專鍵詞圖視頻掃維碼備營執術辦單郵話電傳訪問歡縮認閉頂當現資於檔訊銷檢開")
_SIMP = ("发时间来编辑责览浏点击阅读类机关称号级别门题体数审终页导载录账户转网权联们"
         "热荐闻专键词图视频扫维码备营执术办单邮话电传访问欢缩认闭顶当现资于档讯销检开")
_FOLD = str.maketrans(_TRAD, _SIMP)

_SEP = r"\s*[:：]\s*"
# Metadata labels of a page (simplified; lines are folded first).
_LABELS = ("发布时间|发布日期|发表时间|发表日期|更新时间|更新日期|上传时间|时间|日期|来源|稿源|文章来源|信息来源|资料来源|"
           "作者|编辑|责任编辑|责编|审核|终审|排版|校对|浏览量|浏览次数|浏览|点击数|点击量|点击|阅读量|阅读数|阅读|访问量|"
           "字体|字号|索引号|分类|主题分类|发文机关|发文单位|发文部门|发布机构|发文日期|成文日期|名称|文号|发文字号|发布文号|"
           "政策级别|政策主题|关键词|关键字|有效性|生效日期|失效日期")
_FIELD = re.compile(rf"(?:^|(?<=[\s|｜【\[(（]))(?P<label>{_LABELS})\s*[:：]")
_PUBLISHED_LABELS = {"发布时间", "发布日期", "发表时间", "发表日期", "更新时间", "更新日期", "上传时间", "时间", "日期"}
_SOURCE_LABELS = {"来源", "稿源", "文章来源", "信息来源"}
_EDITOR_LABELS = {"编辑", "责任编辑", "责编"}
_ISSUER_LABELS = {"发文机关", "发文单位", "发文部门", "发布机构"}
_WHEN = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
                   r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：]\d{2})?)?")
_STAMP = re.compile(
    r"^(?:(?P<label>(?:发布|发表|更新)?(?:时间|日期))" + _SEP + r")?"
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：]\d{2})?)?"
    r"(?:\s+|\s*[|｜]\s*)?(?:(?:来源|稿源)" + _SEP + r"(?P<source>[^|｜]+?))?"
    r"(?:\s*[|｜]?\s*(?:作者|编辑|责任编辑)" + _SEP + r"(?P<editor>\S+))?\s*$"
)
_SOURCE_LINE = re.compile(r"^(?:来源|稿源|文章来源|资料来源于|资料来源)\s*[:：]?\s*(?P<source>.+?)\s*$")
_TEASER = re.compile(r"^(?:本文摘要|内容摘要|摘要|导读)" + _SEP)
_EDITOR = re.compile(
    r"^[【\[（(]?\s*(?:责任编辑|编辑|责编)" + _SEP + r"(?P<editor>[^】\]）)]+?)\s*[】\]）)]?$"
)
_SOURCE_SUFFIX = (r"(?:网站|網站|网|網|日报|日報|报|報|社|电视台|電視台|平台|客户端|客戶端|公众号|公眾號|"
                  r"杂志|雜誌|新闻|新聞|官网|官網|频道|頻道|中心)")
_PAREN_SOURCE = re.compile(r"^[（(]\s*(?:来源|來源)?[:：]?\s*(?P<source>[^（）()：:\s]{2,30}?" + _SOURCE_SUFFIX + r")\s*[）)]$")
# One page widget, navigation link or e-paper label (digits may stick to it: "上一版3").
_WIDGET = re.compile(
    r"\d*(?:打印本页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回\S{0,8}|收藏本页|取消收藏|收藏|分享到?|加大字体|缩小字体|"
    r"字体|字号|放大|缩小|默认|还原|大|中|小|上一[版篇页条]|下一[版篇页条]|\S{0,6}导航|首页|登录|注册|"
    r"第\s*\d+\s*版(?:[:：]\S{0,8})?|当前[:：]?\S{0,3}版|星期\S?|\d+)\d*"
)
_TOKENS = re.compile(r"[^\s|｜【】\[\]]+")
_EMPTY_BRACKETS = re.compile(r"[（(]\s*[)）]")
_LONE_WIDGET = re.compile(r"\S{0,6}导航|第\s*\d+\s*版(?:[:：]\S{0,8})?")
_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|现在位置|所在位置)\s*[:：]|^\s*(?:>|»|＞|→)")
_CRUMB_SEP = re.compile(r"\s*(?:>>?|»|＞|→)\s*")
# A portal's banner: a greeting, "<agency> 政府信息公开" (政府資訊公開 where Traditional is written), a log-in prompt.
_BANNER = re.compile(r"^欢迎(?:访问|光临|来到)\S{0,30}$|^\S{2,24}\s+政府(?:信息|资讯)公开$"
                     r"|^(?:登录|注册)\S{0,20}(?:账号|帐号|账户)$")
# Footer words: Chinese ones and ©, and Latin ones in any case. A case-blind search compares
# case-folded characters at every position of a line, so it runs only on lines with a letter
# that can open one of the Latin words (c, p, i, a in any case, İ and ı included).
_FOOTER_CJK = re.compile(r"版权所有|©|公网安备|技术支持|网站标识码|营业执照|联系我们|本站声明|免责声明")
_FOOTER_LATIN = re.compile(r"copyright|ICP[备证]|produced by|powered by|all rights reserved", re.IGNORECASE)
_LATIN_OPENER = re.compile("[cpiaCPIA\u0130\u0131]")


def _footer(s: str) -> bool:
    """Does the line hold a footer word (版权所有, Copyright, ICP备…)?"""
    return bool(_FOOTER_CJK.search(s) or (_LATIN_OPENER.search(s) and _FOOTER_LATIN.search(s)))
_SECTION_LINK = re.compile(r"^(?:相关[^\s\d]{0,4}|热[门点图][^\s\d]{0,4}|[^\s\d、.．()（）]{0,2}推荐|更多[^\s\d]{0,4}"
                           r"|猜你喜欢|延伸阅读)$")
_PLACEHOLDER = re.compile(r"^[（(]\s*(?:资料图|资料图片|图片|配图|摄影|视频)[^（）()]{0,10}[）)]$")
_CONTACT = re.compile(r"^\S{0,8}(?:电话|邮箱|信箱|地址|传真|邮编|网址)\S{0,4}[:：]")
# Page tools and counters: furniture wherever they stand at the top or the bottom.
_PAGE_TOOLS = re.compile(
    r"^(?:【\s*)?(?:打印|列印|关闭|打印本页|关闭窗口|关闭本页|返回顶部|收藏|分享到?|字号|字体)"
    r"(?:\s*[】：:]?.{0,20})?$"
)
_COUNTER = re.compile(r"^(?:浏览次数|点击数|阅读量|浏览量)\s*[:：]?\s*\d*$")
_LINKS = [re.compile(p) for p in (
    r"^\S.{0,30}\s*[|｜]\s*$",  # "相关专题 |", "· 党建专题 |"
    r"^[·•]\s*\S.{0,40}$",
    r"扫一扫|二维码",
    _PAGE_TOOLS.pattern,
    r"^(?:上一篇|下一篇|相关链接|相关新闻|相关阅读|相关专题)\s*[:：|｜]?.{0,60}$",
    _COUNTER.pattern,
)]
_PAGE_PREFIX = re.compile(r"^第\s*\d{1,4}\s*[页頁]\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁]\s*")
_ALNUM = re.compile(r"[^\W_]")
_CJK_CHAR = re.compile(f"[{CJK}]")
_CLOSING_DATE = re.compile(r"^(?:\d{4}|[〇○零Ｏ一二三四五六七八九]{4})\s*年.{1,6}月.{1,6}[日号]$|^(?:19|20)\d{6}$")
HEADER_LINES = 20
TRAILER_SKIPS = 4
MAX_FURNITURE = 120


@dataclass
class Furniture:
    """What the furniture stage found: kept lines and the metadata furniture carried."""

    lines: list[str]
    removed: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    editor: str | None = None
    issuer: str | None = None


def _is_body(line: str) -> bool:
    s = line.strip()
    # A long title is not a sentence: length alone makes body only well past a title's length.
    return len(s) > 90 or (len(s) > 8 and (s[-1] in "。！？；，" or "。" in s))


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
        if (m := _PAGE_PREFIX.match(s)) and m.end() < len(s):  # a page footer glued to the next page's first line
            out.removed.append(m.group(0).strip())
            s = line = s[m.end():].strip()
        if is_page_number(s) or (not _ALNUM.search(s) and not is_table_line(s)):
            out.removed.append(s)
            continue
        if is_table_line(s):
            header_done = True
        elif not header_done and seen < HEADER_LINES:
            seen += 1
            if _header(s, out, title_seen=any(x.strip() for x in kept)):
                continue
            if _is_body(s):
                header_done = True
        kept.append(line)
    out.lines = _strip_trailer(kept, out)
    return out


def _date_of(m: re.Match[str]) -> str:
    found = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
    return found + (f"T{int(m['H']):02d}:{m['M']}" if m["H"] else "")


def _fields(folded: str, original: str) -> list[tuple[str, str]]:
    """The (label, value) pairs of a field line, values as written (maybe empty)."""
    found = list(_FIELD.finditer(folded))
    pairs = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(original)
        value = original[m.end():end].strip(" |｜【】[]\u3000")
        pairs.append((m["label"], value))
    return pairs


def _field_line(s: str, folded: str, out: Furniture) -> bool:
    """A line of page metadata (`发布时间:… 来源:… 浏览量:`): its values become metadata."""
    found = _FIELD.search(folded)
    if not found or len(s) > MAX_FURNITURE or s.endswith("。"):
        return False
    lead = s[: found.start()].strip()
    if lead and (len(lead) > 40 or re.search(r"[，。；,;]", lead)):
        return False
    for label, value in _fields(folded, s):
        when = _WHEN.search(value)
        if label in _PUBLISHED_LABELS and when:
            out.published = out.published or _date_of(when)
        elif label in _SOURCE_LABELS and value:
            name = (value[: when.start()] if when else value).split("  ")[0].strip()
            out.source = out.source or name or None
            if when:
                out.published = out.published or _date_of(when)
        elif label in _EDITOR_LABELS and value:
            out.editor = out.editor or value.split()[0]
        elif label in _ISSUER_LABELS and value and _CJK_CHAR.search(value):
            out.issuer = out.issuer or value.split()[0]
    if lead and (when := _WHEN.search(lead)):
        out.published = out.published or _date_of(when)
    return True


def _widgets_only(s: str) -> bool:
    """A line made of page widgets and navigation links only (放大 缩小 默认, 上一版 下一版)."""
    tokens = _TOKENS.findall(_EMPTY_BRACKETS.sub("", _WHEN.sub("", s)))
    if len(tokens) == 1:
        return bool(_LONE_WIDGET.fullmatch(tokens[0]))
    return len(tokens) >= 2 and all(_WIDGET.fullmatch(t) for t in tokens)


def _breadcrumb(s: str) -> bool:
    if _BREADCRUMB.match(s):
        # A line of text may open with ">" too (the end of "<…>" wrapped onto it): a trail
        # of links holds no clause.
        return not re.search(r"[，。；！？,;!?]", s)
    parts = _CRUMB_SEP.split(s)
    return len(parts) >= 3 and all(0 < len(p) <= 12 for p in parts)


def _pipe_line(s: str) -> bool:
    """Short segments between `|` (a link bar, a disclosure table laid out as text)."""
    parts = re.split(r"\s*[|｜]\s*", s)
    return s.count("|") + s.count("｜") >= 3 and all(len(p) <= 24 for p in parts) and "。" not in s


def _latin_line(s: str, cjk_share: int = 3) -> bool:
    """A short line that is (mostly) Latin letters and digits: a spam contact above the title,
    an article id below the text. A labelled value ("电话：…") or an e-mail address is content,
    and so is a number alone (a table cell, a count): an id has letters in it."""
    alnum = len(_ALNUM.findall(s))
    return (len(s) <= 24 and alnum > 0 and re.search(r"[A-Za-z]", s) is not None and len(_CJK_CHAR.findall(s)) * cjk_share < alnum
            and not _WHEN.search(s) and not _CLOSING_DATE.match(s) and not re.search(r"[@:：]", s)
            and s[-1] not in "。；，,;")


def _navigation(s: str, folded: str) -> bool:
    return (_breadcrumb(folded) or _widgets_only(folded) or _pipe_line(s) or bool(_BANNER.match(folded))
            or bool(_PLACEHOLDER.match(folded)))


def _header(s: str, out: Furniture, title_seen: bool) -> bool:
    folded = s.translate(_FOLD)
    m = _STAMP.match(folded)
    if m and (m["H"] or m["source"] or m["label"]):  # a labelled date stamps the page
        out.published = out.published or _date_of(m)
        if m["source"]:
            out.source = out.source or s[m.start("source"):m.end("source")].strip()
        if m["editor"]:
            out.editor = out.editor or s[m.start("editor"):m.end("editor")].strip()
        out.removed.append(s)
        return True
    if (_field_line(s, folded, out) or _navigation(s, folded) or _TEASER.match(folded) or _PAGE_TOOLS.match(folded)
            or _COUNTER.match(folded) or (not title_seen and _latin_line(s))):
        if not _FIELD.search(folded) and (when := _WHEN.search(s)) and _navigation(s, folded):
            out.published = out.published or _date_of(when)
        out.removed.append(s)
        return True
    return False


# Below the text only a line with no Chinese at all is taken for an id.
_LATIN_ONLY = 10**6


def _trailer_line(s: str, out: Furniture) -> bool:
    """Is this line at the end of the page furniture? Its metadata is kept."""
    folded = s.translate(_FOLD)
    if m := _EDITOR.match(folded):
        out.editor = out.editor or s[m.start("editor"):m.end("editor")].strip()
    elif (m := _PAREN_SOURCE.match(s)) or (m := _SOURCE_LINE.match(folded)):
        out.source = out.source or s[m.start("source"):m.end("source")].strip()
    elif _navigation(s, folded):
        if (when := _WHEN.search(s)) and not out.published:
            out.published = _date_of(when)
    elif not (_footer(folded) or _SECTION_LINK.match(folded) or _latin_line(s, cjk_share=_LATIN_ONLY)
              or any(p.search(folded) for p in _LINKS) or _field_line(s, folded, out)):
        return False
    return True


def _after_closing_date(lines: list[str], out: Furniture) -> list[str]:
    """Contact and footer lines after the closing date line are the site's footer.

    A notice may go on after its date line (attachments, "（此件公开发布）"); a run of short
    lines with no sentence and no attachment in it, one of them a footer or contact line, does not.
    """
    idx = [i for i, x in enumerate(lines) if x.strip()]
    for pos in range(len(idx) - 1, max(-1, len(idx) - 9), -1):
        if not _CLOSING_DATE.match(lines[idx[pos]].strip()):
            continue
        after = [lines[i].strip() for i in idx[pos + 1:]]
        if not after or any(_is_body(x) or is_table_line(x) or x.startswith(("附件", "附：", "附:")) for x in after):
            return lines
        folded = [x.translate(_FOLD) for x in after]
        if any(_CONTACT.match(f) or _footer(f) or _SECTION_LINK.match(f) for f in folded):
            out.removed.extend(after)
            return lines[: idx[pos] + 1]
        return lines
    return lines


def _strip_trailer(lines: list[str], out: Furniture) -> list[str]:
    """Walk back from the end over furniture, signature, date and byline lines."""
    keep = _after_closing_date(list(lines), out)
    # Everything after a copyright or licence line, or a related-links heading, is the site's footer.
    tail = range(max(0, len(keep) - 12), len(keep))
    footer = next((i for i in tail if (_footer(s := keep[i].strip()) or _SECTION_LINK.match(s.translate(_FOLD)))
                   and len(s) <= MAX_FURNITURE and not s.endswith("。")), None)
    later = [x.strip() for x in keep[footer:] if x.strip()] if footer is not None else []
    if footer is not None:
        del keep[footer:]
    skips = 0
    removed_tail: list[str] = []
    i = len(keep) - 1
    while i >= 0 and skips <= TRAILER_SKIPS:
        s = keep[i].strip()
        if not s:
            i -= 1
            continue
        if is_table_line(s) or not _trailer_line(s, out):
            if is_table_line(s) or _is_body(s):
                break
            skips += 1
            i -= 1
            continue
        removed_tail.append(s)
        del keep[i]
        i -= 1
    out.removed.extend(reversed(removed_tail))
    out.removed.extend(later)  # in reading order
    return keep
