"""A damaged cache never stops a build: whatever is wrong with what `.cache/` holds, the next
build that reads it makes again what it held, says so in one warning line at most, and writes the very
output of a build without a cache; the build after it is clean, and the cache whole again.

Each build here is the real command line's, in a process of its own, as a user runs them."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import site_builder.write.output
from site_builder.build import BuildOptions, SiteBuilder
from site_builder.incremental.cache import CACHE_FOLDER

from conftest import Site, site_at

pytestmark = pytest.mark.slow  # each test runs the command line's build several times

SEEDS = (1, 2, 3)
TABLE = "results_v2"  # where a store keeps its rows (as tests/test_cache.py reads them)
SQLITE_HEADER = b"SQLite format 3\0"
# Bodies converted to HTML are read and stored only when an event page is rendered, and an
# event page's bytes only when the page must be written: a build that took every page from
# the cache and found the output as it was does not look at them, nor find them damaged.
ONLY_WHEN_RENDERED = {"markdown.sqlite", "pages.sqlite"}
# The store whose damage the build's warnings carry (with the events' own warnings); the
# renderer's stores are made again without a word.
WARNED = "parsed.sqlite"
# What reading a damaged file raises: Python's sqlite3 raises the second when the message of an
# error is not UTF-8 (a damaged schema's).
UNREADABLE = (sqlite3.Error, UnicodeDecodeError)
BLOCKED = 60  # seconds: a build that takes this long is waiting on something


def build_at(root: Path) -> subprocess.CompletedProcess[str]:
    """`site-builder build` in `root`; a build that blocks (on a named pipe) fails the test."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "site_builder", "build"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=BLOCKED,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build did not end within {BLOCKED} s")


def write_events(site: Site) -> None:
    """Enough events, over decades, for every kind of stored result: a timeline split into
    periods, topic and kind pages of several pages each, and Markdown bodies."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "page_size: 2\n")
    for number, year in enumerate((1995, 1998, 2004, 2007, 2016, 2023)):
        site.event(
            f"e{number}",
            title=f"Talks number {number}",
            date=f"{year}-0{number + 1}-1{number}",
            topics="[Trade, Energy]" if number % 2 else "[Trade]",
            summary=f"Summary {number}.",
        )


def snapshot(site: Site) -> dict[str, bytes]:
    """The output folder's files, less its record of what it holds (which holds the times at
    which files were written)."""
    own = getattr(site_builder.write.output, "MANIFEST", None)
    return {path: data for path, data in site.snapshot().items() if path != own}


def stored_names(cache: Path) -> dict[str, set[str]]:
    """The name of every row of each store in `cache`, by file name. (Not their keys: those
    change with the generator's code.)"""
    names = {}
    for path in sorted(cache.glob("*.sqlite")):
        with contextlib.closing(sqlite3.connect(path)) as db:
            names[path.name] = {name for (name,) in db.execute(f"SELECT name FROM {TABLE}")}
    return names


def readable(path: Path, names: set[str]) -> set[str]:
    """The names whose row in the store at `path` can be read, as a build reads it: by name.
    (Damage in a part of the file that no build reads may stay there unseen.)"""
    found = set()
    query = f"SELECT key, value FROM {TABLE} WHERE name = ?"
    with contextlib.suppress(*UNREADABLE), contextlib.closing(sqlite3.connect(path)) as db:
        for name in names:
            with contextlib.suppress(*UNREADABLE):
                if db.execute(query, (name,)).fetchall():
                    found.add(name)
    return found


@dataclass(frozen=True)
class Fresh:
    """A site built once from no cache, with what that build left, to start each case from."""

    site: Site
    output: dict[str, bytes]  # what every later build must write
    kept: Path  # a copy of the site's `.cache/` and output folder as that build left them
    names: dict[str, set[str]]  # of the rows of each store

    @property
    def cache(self) -> Path:
        return self.site.root / CACHE_FOLDER

    def cache_files(self) -> list[str]:
        """Every file in `.cache/`, the stores and the compiled templates, by its path there."""
        kept = self.kept / CACHE_FOLDER
        return sorted(str(path.relative_to(kept)) for path in kept.rglob("*") if path.is_file())

    def restore(self) -> None:
        """Put back `.cache/` and the output folder as the fresh build left them, but for the
        key of what made the folder, as if an earlier version had written it: the next build
        then reads the stores, rather than finding that the folder holds its output already."""
        for name in (CACHE_FOLDER, self.site.build_dir.name):
            remove(self.site.root / name)
            shutil.copytree(self.kept / name, self.site.root / name)
        manifest = self.site.build_dir / site_builder.write.output.MANIFEST
        recorded = json.loads(manifest.read_bytes())
        del recorded["key"]
        manifest.write_text(json.dumps(recorded), encoding="utf-8")


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@pytest.fixture
def fresh(tmp_path: Path) -> Fresh:
    site = site_at(tmp_path / "site")
    write_events(site)
    result = build_at(site.root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    kept = tmp_path / "kept"
    for name in (CACHE_FOLDER, site.build_dir.name):
        shutil.copytree(site.root / name, kept / name)
    names = stored_names(site.root / CACHE_FOLDER)
    assert len(names) >= 4 and all(names.values())
    return Fresh(site, snapshot(site), kept, names)


def assert_made_again(fresh: Fresh, damaged: str, warning_expected: bool = False) -> None:
    """The build after the damage passes, says so once at most and writes the output of a
    build without a cache; the build after it says nothing, and every store that a build
    reads can be read again and holds all that a fresh build stores."""
    result = build_at(fresh.site.root)
    assert result.returncode == 0, f"{damaged}: {result.stderr}"
    lines = result.stderr.splitlines()
    assert len(lines) <= 1, f"{damaged}: {result.stderr}"
    assert all(line.startswith("warning: ") and CACHE_FOLDER in line for line in lines), lines
    if warning_expected:
        assert len(lines) == 1, f"{damaged}: no warning"
    assert snapshot(fresh.site) == fresh.output, damaged
    again = build_at(fresh.site.root)
    assert again.returncode == 0 and again.stderr == "", f"{damaged}: {again.stderr}"
    assert snapshot(fresh.site) == fresh.output, damaged
    for store, names in fresh.names.items():
        if store not in ONLY_WHEN_RENDERED:
            found = readable(fresh.cache / store, names)
            assert found == names, f"{damaged}: {store} is not whole again"


def random_bytes(path: Path, rng: random.Random) -> None:
    """A few runs of random bytes written over the file at random places."""
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data))
        run = rng.randbytes(rng.randint(1, 32))
        data[at : at + len(run)] = run
    path.write_bytes(bytes(data))


def truncated(path: Path, rng: random.Random) -> None:
    """The file cut short, as by a crash or a full disk."""
    os.truncate(path, rng.randrange(path.stat().st_size))


def overwritten_pages(path: Path, rng: random.Random) -> None:
    """One or two whole pages of the file (SQLite's, or of 4 KiB) replaced by random bytes."""
    data = bytearray(path.read_bytes())
    size = 4096
    if data.startswith(SQLITE_HEADER):
        size = int.from_bytes(data[16:18], "big") or 65536  # 1 stands for 65536
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(max(1, len(data) // size)) * size
        data[at : at + size] = rng.randbytes(len(data[at : at + size]))
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path, random.Random], None]] = {
    "random bytes": random_bytes,
    "truncated": truncated,
    "overwritten pages": overwritten_pages,
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_random_damage_to_any_cache_file_costs_only_time(
    fresh: Fresh, damage: str, seed: int
) -> None:
    rng = random.Random(seed)
    for name in fresh.cache_files():
        fresh.restore()
        DAMAGE[damage](fresh.cache / name, rng)
        assert_made_again(fresh, f"{name}, {damage}, seed {seed}")


def with_a_byte_changed_in_every_value(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        for name, value in list(db.execute(f"SELECT name, value FROM {TABLE}")):
            middle = len(value) // 2
            changed = value[:middle] + bytes([value[middle] ^ 0x20]) + value[middle + 1 :]
            db.execute(f"UPDATE {TABLE} SET value = ? WHERE name = ?", (changed, name))


def test_a_stored_value_damaged_inside_is_never_decoded(fresh: Fresh) -> None:
    """One byte changed in the middle of every stored value, in one store, then in all at
    once (so that pages are rendered again with the stored bodies): inside a page's
    compressed bytes, which are decoded only when the page is written, or inside a parsed
    event's text, which would be shown as it reads."""
    stores = sorted(fresh.cache.glob("*.sqlite"))
    for damaged in [*([path] for path in stores), stores]:
        fresh.restore()
        for path in damaged:
            with_a_byte_changed_in_every_value(path)
        names = [path.name for path in damaged]
        assert_made_again(fresh, ", ".join(names), warning_expected=WARNED in names)


@pytest.mark.parametrize("value", [42, 1.5, "text", None], ids=repr)
def test_a_stored_value_of_another_type_is_made_again(fresh: Fresh, value: object) -> None:
    fresh.restore()
    with contextlib.closing(sqlite3.connect(fresh.cache / WARNED)) as db, db:
        db.execute(f"UPDATE {TABLE} SET value = ?", (value,))
    assert_made_again(fresh, f"a value of {value!r}", warning_expected=True)


def test_a_cache_file_that_is_not_a_database_is_made_again(fresh: Fresh) -> None:
    for name in fresh.cache_files():
        fresh.restore()
        (fresh.cache / name).write_bytes(random.Random(name).randbytes(5000))
        assert_made_again(fresh, name, warning_expected=name == WARNED)


def test_a_cache_file_with_a_table_of_other_columns_is_made_again(fresh: Fresh) -> None:
    for path in sorted(fresh.cache.glob("*.sqlite")):
        fresh.restore()
        with contextlib.closing(sqlite3.connect(path)) as db, db:
            db.execute(f"DROP TABLE {TABLE}")
            db.execute(f"CREATE TABLE {TABLE} (name TEXT PRIMARY KEY, other TEXT)")
        assert_made_again(fresh, path.name, warning_expected=path.name == WARNED)


@pytest.mark.parametrize("kind", ["folder", "named pipe"])
def test_a_cache_file_replaced_by_something_else_is_made_again(fresh: Fresh, kind: str) -> None:
    """A folder, or a named pipe (which would block a reader that opened it)."""
    for name in fresh.cache_files():
        fresh.restore()
        path = fresh.cache / name
        path.unlink()
        if kind == "folder":
            path.mkdir()
            (path / "inside").write_text("something")
        else:
            os.mkfifo(path)
        assert_made_again(fresh, f"{name} as a {kind}", warning_expected=name == WARNED)


def test_a_cache_folder_that_is_a_file_is_made_again(fresh: Fresh) -> None:
    fresh.restore()
    remove(fresh.cache)
    fresh.cache.write_text("not a folder")
    assert_made_again(fresh, "the cache folder as a file", warning_expected=True)


def test_a_preview_says_so_once(fresh: Fresh) -> None:
    """The warning is for the build that found the damage, not for every rebuild after it."""
    fresh.restore()
    (fresh.cache / WARNED).write_bytes(b"damaged")
    builder = SiteBuilder(BuildOptions(root=fresh.site.root))
    first = builder.build()
    assert first.warnings == ()  # those of the site's own files
    assert len(first.cache_warnings) == 1 and f"{CACHE_FOLDER}/{WARNED}" in first.cache_warnings[0]
    assert builder.build().cache_warnings == ()
    assert builder.rebuild(["content/meetings/e0.md"]).cache_warnings == ()
