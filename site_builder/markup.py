"""Markdown bodies to HTML: one converter per process, a persistent cache, every core.

Raw HTML in a body is passed through, as most static site generators do: the body is
written by the site's authors. Everything from front matter is escaped by the templates.

Conversion is the costliest step of a cold build (about 2.5 ms for a body of 450 words),
so converted bodies are kept in `.cache/markdown.sqlite` at the site's root (see cache.py),
keyed by a hash of the body and of the generator, extensions and Python-Markdown included:
an unchanged body is never converted twice, and any of those changing invalidates it.
Many bodies to convert at once are shared out over the machine's cores.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import markdown

from site_builder.cache import Store, cache_key
from site_builder.parallel import parallel_map

# No "smarty": typographic quotes doubled the cost of every conversion.
EXTENSIONS = ("extra", "sane_lists")
CACHE_NAME = "markdown"
_converter: markdown.Markdown | None = None


def convert(text: str) -> str:
    """Markdown to HTML with this process's reused converter."""
    global _converter  # one per process: building a converter costs more than a conversion
    if _converter is None:
        _converter = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    _converter.reset()
    return _converter.convert(text)


class MarkdownConverter:
    """Converts many bodies at once, from the cache where it can, in parallel where it pays."""

    def __init__(self, cache_folder: Path | None = None) -> None:
        self._cache = Store(cache_folder, CACHE_NAME)

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        known = self.cached(texts)
        missing = [text for text, html in zip(texts, known, strict=True) if html is None]
        converted = list(parallel_map(convert, missing))
        self.store(missing, [pack_html(html) for html in converted])
        fresh = iter(converted)
        return [next(fresh) if html is None else html for html in known]

    def cached(self, texts: Sequence[str]) -> list[str | None]:
        """Each text's HTML from the cache, or None where it has not been converted yet."""
        keys = [cache_key(CACHE_NAME, text) for text in texts]
        found = self._cache.get_many({key: key for key in keys}, _text)
        return [found.get(key) for key in keys]

    def store(self, texts: Sequence[str], packed: Sequence[bytes]) -> None:
        """Keep conversions made elsewhere (by a worker process, which packed each HTML
        with `pack_html`) for the next build."""
        pairs = zip(texts, packed, strict=True)
        keyed = ((cache_key(CACHE_NAME, text), html) for text, html in pairs)
        self._cache.put_many((key, key, html) for key, html in keyed)


def pack_html(html: str) -> bytes:
    """HTML as the cache keeps it, compressed: a body's HTML is a third of the size so."""
    return zlib.compress(html.encode("utf-8"), 1)


def _text(value: object) -> str:
    if not isinstance(value, bytes):
        raise TypeError("not HTML")  # the store holds only what store() put
    return zlib.decompress(value).decode("utf-8")
