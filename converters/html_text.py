"""HTML notice pages → plain article text, one line per block.

Saved government web pages wrap a notice in navigation, share buttons, scripts and
"related links"; only the article body (plus its title) is the notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag

# Never text.
_CODE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "canvas", "object", "embed"})
# Page chrome and widgets (kept only when they wrap the article, like an ASP.NET <form>).
_DROP_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "iframe", "button", "select", "textarea"})
# Page chrome recognised by its class or id.
_NOISE = re.compile(r"nav|menu|share|breadcrumb|footer|header|sidebar|comment|related|print|toolbar", re.I)
# Article containers used by common CMSs (TRS, UCAP, WordPress…).
_CONTENT = re.compile(r"content|article|TRS_Editor|zoom|detail|main-?text", re.I)
# Structural tags: never dropped for a noisy class (e.g. <body class="nav-open">).
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "br", "hr"),
        *("table", "thead", "tbody", "tfoot", "caption", "tr", "td", "th"),
        *("section", "article", "main", "blockquote", "pre", "center", "address", "figure", "figcaption"),
    }
)
_SENTENCE = 15  # CJK characters in one text run: prose, not a menu label
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WIDE = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A source line break between two CJK characters is not a space when rendered.
_CJK_BREAK = re.compile(rf"(?<={_WIDE})[ \t\r\f]*\n[ \t\r\n\f]*(?={_WIDE})")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|\s-\s|\s—\s|——|－{1,2})\s*")


def html_to_text(html: str) -> str:
    """The article text of a notice page: title first, then one line per block element."""
    soup = BeautifulSoup(html, "html.parser")
    page_title = _page_title(soup)
    _remove(el for el in soup.find_all(True) if el.name in _CODE_TAGS)
    total = _cjk_count(soup)
    _remove(
        el
        for el in soup.find_all(True)
        if (el.name in _DROP_TAGS or el.has_attr("hidden") or _HIDDEN_STYLE.search(el.get("style", "")))
        and not (el.name == "form" and _holds_article(el, total))
    )
    _remove(el for el in soup.find_all(True) if _is_noise(el) and not _holds_article(el, total))

    container = _pick_container(soup)
    lines = _block_lines(container)
    title = _title(soup, container, page_title)
    if title and not _has_title(lines, title):
        lines.insert(0, title)
    return "\n".join(lines)


def _remove(elements: Iterable[Tag]) -> None:
    """Extract the outermost of the given elements (their descendants go with them)."""
    chosen = list(elements)
    ids = {id(el) for el in chosen}
    for el in chosen:
        if not any(id(parent) in ids for parent in el.parents):
            el.extract()


def _attr_text(el: Tag) -> str:
    classes = el.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([*classes, str(el.get("id") or "")])


def _is_noise(el: Tag) -> bool:
    return el.name not in _KEEP_TAGS and bool(_NOISE.search(_attr_text(el)))


def _is_content(el: Tag) -> bool:
    names = _attr_text(el)
    return bool(_CONTENT.search(names)) and not _NOISE.search(names)


def _holds_article(el: Tag, total: int) -> bool:
    """Page chrome never holds the article: an ASP.NET <form> or a class="has-sidebar"
    wrapper around the whole page does (a named container, or most of the text in prose
    sentences, not link labels), and must stay."""
    if any(d.name == "article" or _is_content(d) for d in el.find_all(True)):
        return True
    if not total or _cjk_count(el) <= total / 2:
        return False
    return any(len(_CJK.findall(text)) >= _SENTENCE for text in el.strings)


def _cjk_count(el: Tag) -> int:
    return len(_CJK.findall(el.get_text()))


def _pick_container(soup: BeautifulSoup) -> Tag:
    articles = [a for a in soup.find_all("article") if _cjk_count(a)]
    if articles:
        return max(articles, key=_cjk_count)
    candidates = [(el, _cjk_count(el)) for el in soup.find_all(True) if _is_content(el)]
    candidates = [(el, n) for el, n in candidates if n]
    if candidates:
        best = max(n for _, n in candidates)
        # The tightest element holding (nearly) all the text: skips outer wrappers.
        close = [el for el, n in candidates if n >= 0.8 * best]
        return min(close, key=lambda el: len(el.get_text()))
    scores: dict[int, tuple[Tag, int]] = {}
    for p in soup.find_all("p"):
        parent = p.parent
        if isinstance(parent, Tag):
            _, n = scores.get(id(parent), (parent, 0))
            scores[id(parent)] = (parent, n + _cjk_count(p))
    if scores:
        parent, n = max(scores.values(), key=lambda item: item[1])
        if n:
            return parent
    return soup.body or soup


def _block_lines(root: Tag) -> list[str]:
    """Walk the tree iteratively (deeply nested junk HTML must not hit the recursion limit)."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        raw = "".join(buf)
        buf.clear()
        text = _ASCII_SPACE.sub(" ", _CJK_BREAK.sub("", raw)).strip(" ")
        if text.strip():
            lines.append(text)

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            continue
        if isinstance(node, Tag):
            if node.name == "pre":
                flush()
                lines.extend(line.rstrip() for line in node.get_text().splitlines() if line.strip())
                continue
            block = node.name in _BLOCK_TAGS
            if block:
                flush()
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) is NavigableString:  # not Comment, Doctype, CData…
            buf.append(str(node))
    flush()
    return lines


def _page_title(soup: BeautifulSoup) -> str:
    """The <title> without its site suffix ("通知标题_国务院文件_中国政府网" → "通知标题")."""
    if soup.title is None:
        return ""
    text = _ASCII_SPACE.sub(" ", soup.title.get_text()).strip()
    parts = [p for p in _TITLE_SEP.split(text) if p.strip()]
    return max(parts, key=len) if parts else ""


def _title(soup: BeautifulSoup, container: Tag, page_title: str) -> str:
    if container.find("h1") is not None:
        return ""
    h1s = [_ASCII_SPACE.sub(" ", h.get_text()).strip() for h in soup.find_all("h1")]
    h1s = [h for h in h1s if h]
    for h in h1s:  # An h1 repeated in <title> is the notice's title, not the site logo.
        if len(h) >= 4 and _squash(h) in _squash(page_title):
            return h
    return page_title or (h1s[0] if h1s else "")


def _has_title(lines: list[str], title: str) -> bool:
    """The title heads the article text (a body sentence merely quoting it does not count)."""
    wanted = _squash(title)
    return any(wanted in _squash(line) and len(line) <= 2 * len(title) for line in lines[:5])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
