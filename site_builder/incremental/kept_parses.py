"""Parsed event files kept in `.cache/` for the next build, in `BUCKETS` rows by path.

Kept a row for each, 10,000 files took an edit build 0.41 s to read back: each value named its
ten classes again. Kept in rows, whose pickles name each class once and share the strings
their events repeat (a role, an outlet), they take 0.22 s. A row holds the files whose path
falls in its bucket, each with the key of the bytes it was parsed from, and a file is taken
only under that key; an edit writes its row again.
"""

from __future__ import annotations

import pickle
from collections.abc import Collection, Iterable, Mapping
from typing import TypeVar

from site_builder.content.loader import ParsedFile
from site_builder.incremental.cache import BUCKETS, Store, bucket_of

_ROW_KEY = "parsed files by bucket"  # each file in a row carries its own key

Row = dict[str, tuple[str, ParsedFile]]
"""Parsed files by how messages name them (`content/...`), each with the key of its bytes."""

Item = TypeVar("Item")


def by_bucket(items: Iterable[tuple[str, Item]]) -> list[list[tuple[str, Item]]]:
    """Items named by their files (`shown`, item), in groups that each fall in one row."""
    groups: dict[int, list[tuple[str, Item]]] = {}
    for shown, item in items:
        groups.setdefault(bucket_of(shown), []).append((shown, item))
    return list(groups.values())


def pickled_row(row: Row) -> bytes:
    """A row as the store keeps it (a group parsed by a worker, too)."""
    return pickle.dumps(row)


def unpickled_row(value: bytes) -> Row:
    row = pickle.loads(value)
    if not isinstance(row, dict):
        raise TypeError("not a row of parsed files")  # the store holds only what we put
    return row


class KeptParses:
    """The parsed files of the last build, from `.cache/`, and the rows to keep this build's.

    Rows are read when a file in them is looked for, once, and held: a preview's edit writes
    its row again without reading it."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._rows: dict[int, Row] = {}  # those read or made, by bucket
        # The rows to write, each with its pickle when the workers made it whole.
        self._changed: dict[int, bytes | None] = {}

    def damage_warnings(self) -> tuple[str, ...]:
        """The store's warning, if it was found damaged (see `Store.damage_warnings`)."""
        return self._store.damage_warnings()

    def found(self, keys: Mapping[str, str]) -> dict[str, ParsedFile]:
        """The files among `keys` (how messages name them, with the key of their bytes now)
        kept under that very key."""
        buckets = {shown: bucket_of(shown) for shown in keys}
        self._read(set(buckets.values()))
        found = {}
        for shown, key in keys.items():
            kept = self._rows[buckets[shown]].get(shown)
            if kept is not None and kept[0] == key:
                found[shown] = kept[1]
        return found

    def add(self, row: Row, pickled: bytes) -> None:
        """Files parsed this build, all in one row (see `by_bucket`), and that row's pickle."""
        bucket = bucket_of(next(iter(row)))
        self._read({bucket})
        held = self._rows[bucket]
        if held.keys() <= row.keys():  # the row is made of these files alone: as pickled
            self._rows[bucket] = row
            self._changed[bucket] = pickled
        else:
            held.update(row)
            self._changed[bucket] = None

    def keep(self, listed: Collection[str] | None) -> None:
        """Write the rows that changed; with `listed` (every file a full scan found), let go
        of the files no longer there, reading first the rows none of the scan's files is in
        (rows of removed files alone; the others are read already)."""
        if listed is not None:
            self._read(set(range(BUCKETS)))
            for bucket, row in self._rows.items():
                gone = [shown for shown in row if shown not in listed]
                for shown in gone:
                    del row[shown]
                if gone:
                    self._changed[bucket] = None
        if not self._changed:
            return
        rows = (
            (_row_name(bucket), _ROW_KEY, pickled or pickled_row(self._rows[bucket]))
            for bucket, pickled in sorted(self._changed.items())
        )
        self._store.put_many(rows)
        self._changed = {}

    def _read(self, buckets: set[int]) -> None:
        """The rows of `buckets` not read yet, from the store (empty when it has none)."""
        unread = {_row_name(bucket): _ROW_KEY for bucket in buckets if bucket not in self._rows}
        if not unread:
            return
        stored = self._store.get_many(unread, unpickled_row)
        for bucket in buckets:
            self._rows.setdefault(bucket, stored.get(_row_name(bucket), {}))


def _row_name(bucket: int) -> str:
    return f"row {bucket}"
