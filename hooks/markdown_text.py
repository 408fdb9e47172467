"""Python-Markdown extension for the archive: character references are the only inline syntax.

Every page's Markdown is generated. Notice text comes from converters.markdown.escape, which
writes each character Markdown could read as syntax as a numeric character reference; the
hook's own pages are headings plus placeholders for their templates (hooks.site.Generated). The inline patterns
for emphasis, links, code spans… can therefore never match, yet trying each of them on every
text node was 40% of Markdown's time on a notice. Without them, hostile text is still text.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension

# Python-Markdown's inline patterns other than "entity" (character references).
UNUSED = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
          "short_image_ref", "autolink", "automail", "linebreak", "html", "not_strong", "em_strong",
          "em_strong2")


class TextInline(Extension):
    """Drops the inline patterns that generated Markdown never uses."""

    def extendMarkdown(self, md: Markdown) -> None:
        for name in UNUSED:
            md.inlinePatterns.deregister(name, strict=False)
