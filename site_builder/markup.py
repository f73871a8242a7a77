"""Markdown bodies to HTML, with one converter reused for every event."""

from __future__ import annotations

import markdown

EXTENSIONS = ("extra", "sane_lists", "smarty")


class MarkdownConverter:
    """Python-Markdown with tables, footnotes, attribute lists and typographic quotes.

    Raw HTML in a body is passed through, as most static site generators do: the body is
    written by the site's authors. Everything from front matter is escaped by the templates.
    """

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")

    def convert(self, text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(text)
