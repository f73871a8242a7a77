"""The persistent cache in `.cache/` at a site's root: results kept between builds.

Each result is stored under a key that hashes everything it was made from, the generator
included: a fingerprint of site_builder's own source and of the libraries that shape its
output. A changed input or a new version of the code gives a new key, so a stale result is
never found; the folder can be deleted at any time, which costs only speed. A cache that
cannot be opened (a read-only site) is simply not used.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import platform
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_FOLDER = ".cache"
_TABLE = "results_v2"  # a new layout gets a new table: an old cache is left unread
_BATCH = 500  # keys per query, well under SQLite's limit on parameters
_LIBRARIES = ("jinja2", "markdown", "pyyaml")


@functools.cache
def generator_fingerprint() -> str:
    """Changes whenever site_builder's code or a library it renders with changes."""
    digest = hashlib.sha256(platform.python_version().encode())
    for library in _LIBRARIES:
        digest.update(f"|{library}={importlib.metadata.version(library)}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def cache_key(*parts: str | bytes) -> str:
    """A key for a result made from `parts` by this generator."""
    digest = hashlib.sha256(generator_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


class Store:
    """Results by name in `.cache/<name>.sqlite`, each with the key of what it was made from.

    A result is found only under the key it was stored with; storing a name again replaces
    its result, so a store holds one result per name (per page, per file) and stays as
    large as the site. It does nothing when it cannot be used.
    """

    def __init__(self, folder: Path | None, name: str) -> None:
        self._db = _open(folder / f"{name}.sqlite") if folder is not None else None

    def get_many(self, wanted: Mapping[str, str], load: Callable[[object], T]) -> dict[str, T]:
        """The results stored under each name with that very key, each read with `load` as it
        comes, so that the raw rows are never all in memory at once. A row that `load`
        cannot read (a damaged file) is left out: it costs only the time to make it again."""
        if self._db is None:
            return {}
        found: dict[str, T] = {}
        names = sorted(wanted)
        try:
            for start in range(0, len(names), _BATCH):
                batch = names[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                query = f"SELECT name, key, value FROM {_TABLE} WHERE name IN ({marks})"
                for name, key, value in self._db.execute(query, batch):
                    if wanted[name] == key:
                        with contextlib.suppress(Exception):
                            found[name] = load(value)
        except sqlite3.Error:  # damaged or locked: build without it
            return {}
        return found

    def put_many(self, rows: Iterable[tuple[str, str, object]]) -> None:
        """Store each (name, key, result); the rows are made one at a time as they are stored."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {_TABLE} VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # a full disk or a locked file costs the next build time, nothing else


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path)
        # A cache needs no durability: no waiting for the disk on every commit (a preview's
        # rebuild commits three times). A file damaged by a crash is read as empty.
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {_TABLE} (name TEXT PRIMARY KEY, key TEXT, value)"
        )
    except (OSError, sqlite3.Error):
        return None
    return connection
