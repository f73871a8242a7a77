"""Markdown bodies to HTML: one converter per process, a persistent cache, every core.

Raw HTML in a body is passed through, as most static site generators do: the body is
written by the site's authors. Everything from front matter is escaped by the templates.

Conversion is the costliest step of a cold build (about 2.5 ms for a body of 450 words),
so converted bodies are kept in `.cache/markdown.sqlite` at the site's root, keyed by a
hash of the body, the extensions and the versions of Python-Markdown and site_builder:
an unchanged body is never converted twice, and any of those changing invalidates it.
Many bodies to convert at once are shared out over the machine's cores.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import markdown

from site_builder import __version__

# No "smarty": typographic quotes doubled the cost of every conversion.
EXTENSIONS = ("extra", "sane_lists")
CACHE_FILE = "markdown.sqlite"
_BATCH = 500  # keys per query, well under SQLite's limit on parameters
POOL_THRESHOLD = 200  # below this, starting worker processes costs more than it saves
_VERSION_KEY = f"{__version__}|{markdown.__version__}|{','.join(EXTENSIONS)}|"
_converter: markdown.Markdown | None = None


def convert(text: str) -> str:
    """Markdown to HTML with this process's reused converter."""
    global _converter  # one per process: building a converter costs more than a conversion
    if _converter is None:
        _converter = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    _converter.reset()
    return _converter.convert(text)


def cache_key(text: str) -> str:
    return hashlib.sha256((_VERSION_KEY + text).encode("utf-8")).hexdigest()


class MarkdownConverter:
    """Converts many bodies at once, from the cache where it can, in parallel where it pays."""

    def __init__(self, cache_folder: Path | None = None) -> None:
        self._cache = _open_cache(cache_folder) if cache_folder is not None else None

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        keys = [cache_key(text) for text in texts]
        found = self._cached(set(keys))
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        if missing:
            converted = _convert_all(list(missing.values()))
            new = dict(zip(missing, converted, strict=True))
            self._store(new)
            found.update(new)
        return [found[key] for key in keys]

    def _cached(self, keys: set[str]) -> dict[str, str]:
        if self._cache is None:
            return {}
        found: dict[str, str] = {}
        wanted = sorted(keys)
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            query = f"SELECT key, html FROM bodies WHERE key IN ({marks})"
            found.update(self._cache.execute(query, batch).fetchall())
        return found

    def _store(self, entries: dict[str, str]) -> None:
        if self._cache is None:
            return
        with self._cache:
            self._cache.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", entries.items())


def _convert_all(texts: list[str]) -> list[str]:
    workers = os.cpu_count() or 1
    if len(texts) < POOL_THRESHOLD or workers == 1:
        return [convert(text) for text in texts]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(convert, texts, chunksize=max(1, len(texts) // (workers * 4))))


def _open_cache(folder: Path) -> sqlite3.Connection | None:
    """The cache database, or None when it cannot be used (a read-only site, say)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(folder / CACHE_FILE)
        connection.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT)")
    except (OSError, sqlite3.Error):
        return None
    return connection
