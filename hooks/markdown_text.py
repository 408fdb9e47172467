"""Python-Markdown extensions for the archive: character references are the only inline syntax,
and every body paragraph has a stable anchor.

Every page's Markdown is generated. Notice text comes from converters.markdown.escape, which
writes each character Markdown could read as syntax as a numeric character reference; the
hook's own pages are headings plus placeholders for their templates (hooks.site.Generated). The inline patterns
for emphasis, links, code spans… can therefore never match, yet trying each of them on every
text node was 40% of Markdown's time on a notice. Without them, hostile text is still text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

# Python-Markdown's inline patterns other than "entity" (character references).
UNUSED = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
          "short_image_ref", "autolink", "automail", "linebreak", "html", "not_strong", "em_strong",
          "em_strong2")
STASH = re.compile(f"(?:{HTML_PLACEHOLDER_RE.pattern})+")


class TextInline(Extension):
    """Drops the inline patterns that generated Markdown never uses."""

    def extendMarkdown(self, md: Markdown) -> None:
        for name in UNUSED:
            md.inlinePatterns.deregister(name, strict=False)


class ParagraphAnchors(Extension):
    """Every paragraph of a page's body gets an id, p-1, p-2 … in document order, and a ¶ link
    to it after its text, like the permalink toc gives each heading (same class, same title;
    hooks/archive.py gives both the page's script).

    Numbers rather than a hash of the text: the same paragraph has the same id in both scripts
    (a link carries over when the reader switches script, where a hash of each script's text
    would not), ids are short enough to quote (第3段 is #p-3), and two paragraphs of the same
    words need no disambiguation. A rebuild gives the same ids as long as the notice's text is
    the same; a corrected text that adds a paragraph renumbers those after it, which is what a
    citation by paragraph number means anyway. Only the paragraphs Markdown itself writes are
    numbered: the signature, date and byline lines (raw HTML with their own classes) and tables
    are not body paragraphs. Runs before toc, whose ids then avoid ours."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Anchors(md, self.title), "archive_paragraph_anchors", 6)


class _Anchors(Treeprocessor):
    def __init__(self, md: Markdown, title: str) -> None:
        super().__init__(md)
        self.title = title

    def run(self, root: etree.Element) -> None:
        n = 0
        for el in root:
            if el.tag != "p" or len(el) or "id" in el.attrib or not (el.text or "").strip():
                continue
            if STASH.fullmatch(el.text.strip()):  # a raw HTML block held back by Markdown
                continue
            n += 1
            el.set("id", f"p-{n}")
            link = etree.SubElement(el, "a", {"class": "headerlink", "href": f"#p-{n}", "title": self.title})
            link.text = "¶"
