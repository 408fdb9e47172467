"""HTML notice pages → plain article text, one line per block.

Saved government web pages wrap a notice in navigation, share buttons, scripts and
"related links"; only the article body (plus its title and header facts) is the notice.

Method:
1. Never-text elements (script, style…) and invisible ones go first: the `hidden`
   attribute, aria-hidden, inline display:none, and classes the page's own stylesheet
   hides (plus AngularJS's ng-hide, whose rule angular injects at run time).
2. The visible page is walked once into lines; each line remembers the block element it
   came from. A <table> of several rows of cells is a data table and travels as table
   lines (converters.text.table_line); a table holding other tables, a single column or
   one long text is page layout and is walked like any other container.
3. The article container is chosen by evidence, as readability-style extractors do:
   prose lines (long, with sentence punctuation) score for their element, its parent and
   grandparent; the score is discounted by the element's share of link text; generic
   semantic names (article, content, main…) and markup (<article>, <main>, role=main)
   raise it, chrome names (nav, footer, share…) lower it.
4. The title is the visible line that the page's title metadata (ArticleTitle, og:title,
   <title> without its site suffix) names; between it and the container, sub-headlines and
   tables belong to the notice, and the info line (发布时间/来源) is rewritten as labelled
   lines for the furniture stage to read and remove. A TABLE_END line after the title marks
   where the markup says it ends (no stage joins across it; it makes no block).
5. A trailing list of links to other pages ("相关阅读") goes on as "· " link lines, which the
   furniture stage removes and records; links to documents (attachments) stay text.
Only the chrome around the container (menus, footers, hidden copies) is dropped unrecorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from converters.text import TABLE_END, table_line

# Never text.
_CODE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "canvas", "object", "embed", "head", "title"})
# Page chrome and widgets (kept only when they wrap the article, like an ASP.NET <form>).
_DROP_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "iframe", "button", "select", "textarea", "input"})
# Chrome and content names used across CMSs: evidence for or against a container, never a rule alone.
_NOISE = re.compile(r"nav|menu|share|breadcrumb|footer|header|sidebar|comment|related|print|toolbar|copyright|banner", re.I)
_CONTENT = re.compile(r"content|article|TRS_Editor|zoom|detail|main|text|body|entry|post|story", re.I)
# Structural tags: never dropped for a noisy class (e.g. <body class="nav-open">).
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "br", "hr"),
        *("table", "thead", "tbody", "tfoot", "caption", "tr", "td", "th"),
        *("section", "article", "main", "blockquote", "pre", "center", "address", "figure", "figcaption"),
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SENTENCE = 15  # CJK characters in one text run: prose, not a menu label
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SHOWN_STYLE = re.compile(r"display\s*:\s*(?!none)[a-z]", re.I)
# ".a, .b { … display:none … }" in the page's own stylesheet: those classes are invisible.
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_CLASS = re.compile(r"^\s*\.([\w-]+)\s*$")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PUNCT = re.compile(r"[，。；！？、,;]")
_WIDE = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A source line break between two CJK characters is not a space when rendered.
_CJK_BREAK = re.compile(rf"(?<={_WIDE})[ \t\r\f]*\n[ \t\r\n\f]*(?={_WIDE})")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\u00a0\u3000]+")
# How a site names itself at the end of a <title> part: "…门户网站", "…人民政府", "…官方网站".
_SITE_NAME = re.compile(r"(?:网站|網站|门户|門戶|官网|官網|人民政府|政府网|政府網|[^\u3400-\u9fff]网|信息网|信息網)$")
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|\s-\s|\s—\s|——|－{1,2})\s*")
_MAX_SPAN = 50
_LAYOUT_INSIDE = ["h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "form", "iframe"]
_CELL_BREAK = "\x00"  # a <br> inside a table cell, resolved when the cell is joined

# The info line under a title: "发布时间：2021-10-11 10:00 来源：某某网".
_DATE = (r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
         r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?::\d{2})?)?")
_DATE_LABEL = r"(?:发布|發佈|发表|發表|更新|发文|成文)?(?:时间|時間|日期)"
_SOURCE_LABEL = r"(?:信息|文章|稿件)?(?:来源|來源)|稿源"
_OTHER_LABEL = r"访问量|浏览次数|瀏覽次數|点击数|點擊數|阅读量|作者|责任编辑|責任編輯|编辑|編輯|字号|字體|字体|文章类型"
_LABELLED_DATE = re.compile(rf"(?<![\u3400-\u9fff])(?P<label>{_DATE_LABEL})\s*[:：]?\s*{_DATE}")
_BARE_DATE = re.compile(rf"^\s*{_DATE}")
# The source value runs up to the next label, a bracket or bar, a wide gap or a date.
_SOURCE_END = rf"(?:{_DATE_LABEL}|{_OTHER_LABEL})\s*[:：]|[【\[|｜]|\s{{2,}}|\s\d{{4}}\s*[年/.-]|$"
_SOURCE = re.compile(rf"(?:{_SOURCE_LABEL})\s*[:：]\s*(?P<value>.*?)\s*(?={_SOURCE_END})")
_INFO_MAX = 120
_FILE_LINK = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|wps|ofd|zip|rar|7z|txt|csv|et|dps)\s*$", re.I)
_LINK_BULLET = "· "  # how a trailing link list is handed on: the furniture stage removes such lines
_HIDDEN_GUARD = 200  # CJK characters: a page this long is not all invisible
_INFO_WINDOW = 4  # lines before the container (after the title) where the info line may stand


@dataclass
class _Line:
    text: str
    owner: Tag  # the block element (or data table) the line came from
    order: int  # preorder number of the owner
    links: int  # CJK characters inside <a>
    table: bool = False
    files: bool = False  # links to a document (an attachment), not to another page


def html_to_text(html: str) -> str:
    """The article text of a notice page: title first, then one line per block element."""
    soup = BeautifulSoup(html, "html.parser")
    page_title = _page_title(soup)
    titles = _title_candidates(soup, page_title)
    hidden = _hidden_classes(soup)
    tags = soup.find_all(True)
    _remove(el for el in tags if el.name in _CODE_TAGS)
    invisible = [el for el in tags if el.parent is not None and _is_hidden(el, hidden)]
    if invisible and (total := _cjk_count(soup)) > _HIDDEN_GUARD and sum(_cjk_count(el) for el in invisible) > 0.9 * total:
        # A page hidden until its script runs (or a stylesheet we misread): its text is still the notice.
        invisible = [el for el in invisible if el.has_attr("hidden") or _HIDDEN_STYLE.search(str(el.get("style", "")))]
    _remove(invisible)
    chrome = [el for el in tags if el.name in _DROP_TAGS and el.parent is not None]
    if chrome:
        total = _cjk_count(soup) if any(el.name == "form" for el in chrome) else 0
        _remove(el for el in chrome if not _article_part(el, total))

    root = soup.body or soup
    lines, spans = _walk(root)
    if not lines:
        return ""
    title_at = _find_title(lines, titles)
    # Scores also reach the parents of <body>; only what the walk numbered can be the article.
    chosen = [el for el in _pick_container(lines, title_at) if id(el) in spans] or [root]
    ranges = [spans[id(el)] for el in chosen]
    tops = {id(el) for el in chosen}
    body = [
        i
        for i, line in enumerate(lines)
        if any(first <= line.order <= last for first, last in ranges) and not _chrome_inside(line.owner, tops)
    ]
    title = _joined(lines, title_at) if title_at else (titles[0] if titles else "")

    # The info lines go first: the furniture stage reads a page's header before its title.
    out: list[str] = []
    start = body[0] if body else len(lines)
    after_title = title_at[-1] + 1 if title_at else start
    gap = list(range(after_title, start)) if after_title < start else []
    # The title at the head of the container: the notice starts after it (a body line
    # merely quoting the title further down is left alone).
    if title_at and title_at[0] >= start and title_at[0] in body[: _INFO_WINDOW + 1]:
        body = [i for i in body if i > title_at[-1]]
    info_zone = (gap if len(gap) <= 3 * _INFO_WINDOW else gap[:2 * _INFO_WINDOW] + gap[-_INFO_WINDOW:]) + body[:2]
    if title_at:  # some templates set the info line above the title
        info_zone += list(range(title_at[0] - 1, max(-1, title_at[0] - 3 * _INFO_WINDOW), -1))
    info, used = _info_lines(lines, info_zone, set(body[:2]))
    out += info
    # The markup says exactly where the title ends: a TABLE_END line (which no stage joins
    # across and which makes no block) keeps a sub-headline from being read as more title.
    out += [title, TABLE_END] if title else []
    out += [lines[i].text for i in gap if i not in used and _gap_content(lines[i])]
    kept = _mark_link_list([lines[i] for i in body if i not in used])
    out += _drop_title_repeats(kept, title)
    return "\n".join(out)


def _link_only(line: _Line) -> bool:
    cjk = len(_CJK.findall(line.text))
    return not line.table and not line.files and cjk > 0 and line.links >= 0.9 * cjk


def _mark_link_list(body: list[_Line]) -> list[str]:
    """Lines of the article, a trailing list of links to other pages ("相关阅读") marked as
    a link list, which the furniture stage removes and records (attachments stay)."""
    texts = [line.text for line in body]
    n = len(body)
    while n and _link_only(body[n - 1]):
        n -= 1
    if len(body) - n >= 2:
        texts[n:] = [_LINK_BULLET + t for t in texts[n:]]
    return texts


def _remove(elements: Iterable[Tag]) -> None:
    """Extract the outermost of the given elements (their descendants go with them)."""
    chosen = list(elements)
    ids = {id(el) for el in chosen}
    for el in chosen:
        if not any(id(parent) in ids for parent in el.parents):
            el.extract()


def _classes(el: Tag) -> list[str]:
    classes = el.get("class") or []
    return [classes] if isinstance(classes, str) else list(classes)


def _attr_text(el: Tag) -> str:
    return " ".join([*_classes(el), str(el.get("id") or "")])


def _hidden_classes(soup: BeautifulSoup) -> frozenset[str]:
    """Classes the page's stylesheet hides; ng-hide is AngularJS's own (its CSS is injected)."""
    found = {"ng-hide"}
    for style in soup.find_all("style"):
        for selectors, body in _CSS_RULE.findall(style.get_text()):
            if not re.search(r"display\s*:\s*none", body, re.I):
                continue
            for selector in selectors.split(","):
                if m := _CSS_CLASS.match(selector):
                    found.add(m.group(1))
    return frozenset(found)


def _is_hidden(el: Tag, hidden: frozenset[str]) -> bool:
    if el.name in ("html", "body") or el.attrs is None:
        return False
    if el.has_attr("hidden") or str(el.get("aria-hidden", "")).lower() == "true":
        return True
    style = str(el.get("style", ""))
    if _HIDDEN_STYLE.search(style):
        return True
    if _SHOWN_STYLE.search(style):  # an inline style overrides the stylesheet
        return False
    return any(c in hidden for c in _classes(el))


def _article_part(el: Tag, total: int) -> bool:
    """A <form> around the whole page, or the <header> of an <article> (its title and info line)."""
    if el.name == "form":
        return _holds_article(el, total)
    return el.name == "header" and el.find_parent(("article", "main")) is not None


def _holds_article(el: Tag, total: int) -> bool:
    """An ASP.NET <form> around the whole page holds a named article container, or most of
    the text in prose sentences."""
    if any(d.name in ("article", "main") or (_CONTENT.search(_attr_text(d)) and not _is_chrome(d)) for d in el.find_all(True)):
        return True
    if not total or _cjk_count(el) <= total / 2:
        return False
    return any(len(_CJK.findall(text)) >= _SENTENCE for text in el.strings)


def _cjk_count(el: Tag) -> int:
    return len(_CJK.findall(el.get_text()))


# ---------------------------------------------------------------- walking the page


def _clean(raw: str) -> str:
    return _ASCII_SPACE.sub(" ", _CJK_BREAK.sub("", raw)).strip(" ")


def _walk(root: Tag) -> tuple[list[_Line], dict[int, tuple[int, int]]]:
    """All visible lines in reading order, and each element's preorder span (first, last).

    Iterative: deeply nested junk HTML must not hit the recursion limit.
    """
    lines: list[_Line] = []
    spans: dict[int, tuple[int, int]] = {}
    owners: list[Tag] = [root]
    buf: list[str] = []
    links = 0
    counter = 0
    link_depth = 0
    files = False

    def flush() -> None:
        nonlocal links, files
        text = _clean("".join(buf))
        buf.clear()
        if text:
            owner = owners[-1]
            lines.append(_Line(text, owner, spans[id(owner)][0], links, files=files))
        links = 0
        files = False

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            assert isinstance(node, Tag)
            spans[id(node)] = (spans[id(node)][0], counter)
            if node.name == "a":
                link_depth -= 1
            elif node.name in _BLOCK_TAGS:
                flush()
                if owners[-1] is node:
                    owners.pop()
            continue
        if isinstance(node, Tag):
            counter += 1
            spans[id(node)] = (counter, counter)
            if node.name == "pre":
                flush()
                for text in node.get_text().splitlines():
                    if text.strip():
                        lines.append(_Line(text.rstrip(), owners[-1], counter, 0))
                continue
            if node.name == "table" and (rows := _data_rows(node)):
                flush()
                for caption in node.find_all("caption", recursive=False):
                    if text := _clean(caption.get_text()):
                        lines.append(_Line(text, node, counter, 0))
                for cells, cell_spans in rows:
                    lines.append(_Line(table_line(cells, cell_spans), node, counter, 0, table=True))
                lines.append(_Line(TABLE_END, node, counter, 0, table=True))
                # Number the table's elements so that spans stay consistent.
                inner = sum(1 for _ in node.find_all(True))
                counter += inner
                spans[id(node)] = (spans[id(node)][0], counter)
                continue
            stack.append((node, True))
            if node.name == "a":
                link_depth += 1
                files = files or bool(_FILE_LINK.search(str(node.get("href") or "")) or _FILE_LINK.search(node.get_text()))
            elif node.name in _BLOCK_TAGS:
                flush()
                owners.append(node)
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) is NavigableString:  # not Comment, Doctype, CData…
            text = str(node)
            buf.append(text)
            if link_depth:
                links += len(_CJK.findall(text))
    flush()
    return lines, spans


# ---------------------------------------------------------------- tables


def _rows_of(table: Tag) -> list[Tag]:
    """The table's own rows: its <tr> children and those of its thead/tbody/tfoot."""
    rows = []
    for child in table.children:
        if isinstance(child, Tag):
            if child.name == "tr":
                rows.append(child)
            elif child.name in ("thead", "tbody", "tfoot"):
                rows.extend(tr for tr in child.children if isinstance(tr, Tag) and tr.name == "tr")
    return rows


def _data_rows(table: Tag) -> list[tuple[list[str], list[tuple[int, int]]]]:
    """The rows of a data table, or [] for a layout table (walked as ordinary blocks).

    A data table has several rows of cells; a table that holds other tables, headings,
    lists or columns of links, has one column only, or keeps nearly all its text in one
    long cell lays out a page.
    """
    if table.find("table") is not None:
        return []
    if table.find(_LAYOUT_INSIDE) is not None or any(len(c.find_all("a")) >= 3 for c in table.find_all(["td", "th"])):
        return []  # headings, lists or a column of links: page parts, not cells of data
    rows = []
    for tr in _rows_of(table):
        cells = [c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")]
        if not cells:
            continue
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            rows.append((texts, [(_span(c, "rowspan"), _span(c, "colspan")) for c in cells]))
    if len(rows) < 2 or max(len(cells) for cells, _ in rows) < 2:
        return []
    sizes = [len(t) for cells, _ in rows for t in cells]
    total = sum(sizes)
    if max(sizes) > 500 and max(sizes) > 0.6 * total:
        return []
    return rows


def _span(cell: Tag, name: str) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip())
    except ValueError:
        return 1
    return value if 1 <= value <= _MAX_SPAN else 1


def _cell_text(cell: Tag) -> str:
    """A cell's paragraphs joined by a space; a <br> between CJK characters only wraps a label."""
    parts: list[str] = []
    for node in cell.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                parts.append(_CELL_BREAK)
            elif node.name in _BLOCK_TAGS:
                parts.append("\n")
        elif type(node) is NavigableString:
            parts.append(str(node))
    raw = "".join(parts)
    raw = re.sub(rf"(?<={_WIDE})\s*{_CELL_BREAK}\s*(?={_WIDE})", "", raw)
    raw = raw.replace(_CELL_BREAK, "\n")
    pieces = [_clean(p) for p in raw.split("\n")]
    return " ".join(p for p in pieces if p)


# ---------------------------------------------------------------- the container


def _line_score(line: _Line) -> float:
    """Readability's paragraph score, in CJK terms: prose scores, labels and links do not."""
    if line.table:
        if line.text == TABLE_END:
            return 0.0
        cjk = len(_CJK.findall(line.text))
        return 1 + len(_PUNCT.findall(line.text)) + min(cjk / 20, 3)
    cjk = len(_CJK.findall(line.text))
    if cjk - line.links < 5 or line.links > cjk / 2:
        return 0.0
    return 1 + len(_PUNCT.findall(line.text)) + min(cjk / 40, 3)


def _pick_container(lines: list[_Line], title_at: list[int]) -> list[Tag]:
    """The element whose lines score best, discounted by its link share and by distance
    from the title: the article starts at its title, not after other content."""
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    memo: dict[int, bool] = {}
    for line in lines:
        s = _line_score(line)
        if not s:
            continue
        if _in_chrome(line.owner, memo):
            s *= 0.2
        # As in readability, a paragraph scores for the elements holding it, not for itself.
        el: Tag | None = line.owner.parent
        for share in (1.0, 0.25):
            if not isinstance(el, Tag):
                break
            scores[id(el)] = scores.get(id(el), 0.0) + s * share
            elements[id(el)] = el
            el = el.parent
    if not scores:
        return [_common_root(lines)]
    # First and last line, CJK and link characters, content score of every element holding a line.
    extent: dict[int, list[float]] = {}
    for i, line in enumerate(lines):
        cjk = 0 if line.table else len(_CJK.findall(line.text))
        value = _line_score(line)
        node: Tag | None = line.owner
        while isinstance(node, Tag):
            agg = extent.get(id(node))
            if agg is None:
                extent[id(node)] = [i, i, cjk, line.links, value]
            else:
                agg[1] = i
                agg[2] += cjk
                agg[3] += line.links
                agg[4] += value
            node = node.parent
    # Content lines before each line (for "is there other content between title and candidate").
    before = [0]
    for line in lines:
        before.append(before[-1] + (_line_score(line) >= 3 and not _in_chrome(line.owner, memo)))
    title_end = title_at[-1] if title_at else None

    def after_title(first: float, last: float) -> bool:
        return title_end is None or (last >= title_end and before[int(first)] - before[title_end + 1] <= 0)

    ranked = []
    for key, score in scores.items():
        el = elements[key]
        first, last, cjk, links, _ = extent[key]
        factor = (1 - links / (cjk or 1)) * _name_factor(el)
        if not after_title(first, last):
            factor *= 0.3
        ranked.append((score * factor, -first, el))
    best = max(ranked, key=lambda r: (r[0], r[1]))[2]
    return [best, *_content_siblings(best, extent, memo)]


def _content_siblings(best: Tag, extent: dict[int, list[float]], memo: dict[int, bool]) -> list[Tag]:
    """Siblings after the container that carry content of their own (readability's sibling
    step): a summary box before the body text, or the body split over two elements."""
    own = extent[id(best)][4]
    found = []
    for sibling in best.next_siblings:
        if not isinstance(sibling, Tag) or id(sibling) not in extent or _in_chrome(sibling, memo):
            continue
        if extent[id(sibling)][4] >= max(3.0, 0.2 * own):
            found.append(sibling)
    return found


def _common_root(lines: list[_Line]) -> Tag:
    owner = lines[0].owner
    while owner.parent is not None and isinstance(owner.parent, Tag):
        owner = owner.parent
    return owner


def _name_factor(el: Tag) -> float:
    if el.name in ("article", "main") or el.get("role") == "main":
        return 1.5
    if _is_chrome(el):
        return 0.5
    return 1.5 if _CONTENT.search(_attr_text(el)) else 1.0


def _is_chrome(el: Tag) -> bool:
    """Named as chrome (nav, footer, share…) and not also as content ("detail-printer")."""
    if el.name in _KEEP_TAGS:
        return False
    names = _attr_text(el)
    return bool(_NOISE.search(names)) and not _CONTENT.search(names)


def _chrome_inside(el: Tag, tops: set[int]) -> bool:
    """A share bar or print link inside the article container (up to the container itself)."""
    node: Tag | None = el
    while isinstance(node, Tag) and id(node) not in tops:
        if _is_chrome(node):
            return True
        node = node.parent
    return False


def _in_chrome(el: Tag, memo: dict[int, bool]) -> bool:
    """Inside an element named as chrome (memoised: lines share their ancestors)."""
    path: list[Tag] = []
    node: Tag | None = el
    result = False
    while isinstance(node, Tag):
        if id(node) in memo:
            result = memo[id(node)]
            break
        path.append(node)
        if _is_chrome(node):
            result = True
            break
        node = node.parent
    for visited in path:
        memo[id(visited)] = result
    return result


# ---------------------------------------------------------------- title and header facts


def _page_title(soup: BeautifulSoup) -> str:
    """The <title> without its site name ("通知标题_国务院文件_中国政府网" → "通知标题"): parts
    that name the site (its SiteName, or a site-like ending) go, the longest other part stays."""
    if soup.title is None:
        return ""
    text = _ASCII_SPACE.sub(" ", soup.title.get_text()).strip()
    parts = [p for p in _TITLE_SEP.split(text) if p.strip()]
    sites = _site_names(soup)
    named = [p for p in parts if p not in sites and not _SITE_NAME.search(p)]
    parts = named or parts
    return max(parts, key=len) if parts else ""


def _site_names(soup: BeautifulSoup) -> set[str]:
    return {str(m.get("content") or "").strip() for m in soup.find_all("meta") if str(m.get("name")).lower() == "sitename"}


def _title_candidates(soup: BeautifulSoup, page_title: str) -> list[str]:
    """What the page's metadata calls its title, most specific first."""
    found = []
    for meta in soup.find_all("meta"):
        key = str(meta.get("name") or meta.get("property") or "").lower()
        if key in ("articletitle", "og:title", "twitter:title", "dc.title"):
            found.append(_ASCII_SPACE.sub(" ", str(meta.get("content") or "")).strip())
    site = _site_names(soup)
    if page_title and page_title not in site:
        found.append(page_title)
    for h in soup.find_all("h1"):
        text = _ASCII_SPACE.sub(" ", h.get_text()).strip()
        if text and text not in site:
            found.append(text)
    return [t for t in dict.fromkeys(found) if t]


def _find_title(lines: list[_Line], titles: list[str]) -> list[int]:
    """Line numbers of the visible title: the longest line (or <br>-split run of lines of one
    element) that a title candidate contains; the earliest of equals; never a link to it."""
    wanted = [_squash(t) for t in titles]
    best: list[int] = []
    best_len = 0
    for i, line in enumerate(lines):
        if line.table or line.links * 2 > len(line.text):
            continue
        run = [i]
        text = _squash(line.text)
        for j in range(i + 1, min(i + 3, len(lines))):
            if lines[j].owner is not line.owner or lines[j].table:
                break
            longer = text + _squash(lines[j].text)
            if not any(longer in w for w in wanted):
                break
            run.append(j)
            text = longer
        if len(text) >= 4 and len(text) > best_len and any(text in w and len(text) >= 0.5 * len(w) for w in wanted):
            best, best_len = run, len(text)
    return best


def _joined(lines: list[_Line], at: list[int]) -> str:
    return "".join(lines[i].text for i in at)


def _info_lines(lines: list[_Line], zone: list[int], inside: set[int]) -> tuple[list[str], set[int]]:
    """Published time and source from the info line, rewritten as labelled lines.

    Inside the article (`inside`) a line counts only as a full info line (a 发布 label, or a
    date with its source): "日期：5月6日" there is the notice's own text."""
    published = source = None
    used: set[int] = set()
    for i in zone:
        text = lines[i].text
        if lines[i].table or len(text) > _INFO_MAX:
            continue
        m = _LABELLED_DATE.search(text) or _BARE_DATE.match(text)
        s = _SOURCE.search(text)
        if m and not _valid_date(m):
            m = None
        if m and i in inside and not (s or re.match(r"发|發|更", m.groupdict().get("label") or "")):
            m = s = None
        if m and (m.groupdict().get("label") or m["H"] or s):
            if published is None:
                published = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
                if m["H"]:
                    published += f" {int(m['H']):02d}:{m['M']}"
            used.add(i)
        if s and (text.lstrip().startswith(tuple("信文稿来來")) or i in used):
            value = s["value"].strip(" ：:")
            if value and source is None:
                source = value
            used.add(i)
    out = []
    if published:
        out.append(f"发布时间：{published}")
    if source:
        out.append(f"来源：{source}")
    return out, used


def _valid_date(m: re.Match[str]) -> bool:
    hour, minute = int(m["H"] or 0), int(m["M"] or 0)
    return 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31 and hour < 24 and minute < 60


def _gap_content(line: _Line) -> bool:
    """Between the title and the article: sub-headlines, tables and prose belong to the notice."""
    if line.table:
        return True
    if line.links * 2 > len(_CJK.findall(line.text)) or _in_chrome(line.owner, {}):
        return False
    return line.owner.name in _HEADING_TAGS or _line_score(line) >= 3


def _drop_title_repeats(lines: list[str], title: str) -> list[str]:
    """The title repeated at the head of the article (often set on two lines) is not a block."""
    if not title:
        return lines
    wanted = _squash(title)
    for n in (1, 2, 3):
        if len(lines) >= n and _squash("".join(lines[:n])) == wanted:
            return lines[n:]
    return lines


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
