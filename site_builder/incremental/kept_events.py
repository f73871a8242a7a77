"""Event pages and their export parts, kept in `.cache/` for the next build.

A site of 10,000 events edited in one place makes three event pages again; the other
9,997 it needs only to know: what each page holds (its digest, which the output's manifest
records) and its parts of the data files, which are joined again. So the two are kept
apart. Each page's bytes are a row of their own, read only when the page must be written;
the events' digests and parts are read at once, from `BUCKETS` rows that each hold the
events whose address falls in them, so that an edit writes one row of them again, not the
whole index (and a cold build never holds the whole index pickled). Each event in a row
carries the key of what it was made from, and is taken only under that key.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.incremental.cache import BUCKETS, Store, bucket_of
from site_builder.page import Page

PAGES_STORE = "pages"  # each event page's stored bytes, by its address, under its key
EVENTS_STORE = "event-parts"  # every event's key, page digest and parts, by address


@dataclass(frozen=True)
class KeptEvent:
    """What an event's last rendering left: its page's digest and its per-event parts."""

    key: str
    digest: str
    parts: Mapping[str, bytes]


class KeptEvents:
    """The event pages and parts of the last build, and the rows to keep this build's.

    The index row is found under `fingerprint` (the templates, config and generator): a
    change to any of them makes every page again, and leaves the old row unread.
    """

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self._pages = Store(folder, PAGES_STORE)
        self._events = Store(folder, EVENTS_STORE)
        self._fingerprint = fingerprint
        self._index: dict[str, KeptEvent] | None = None
        # The same events by the row they are kept in: a preview's edit pickles its row again
        # without a pass over the other 9,999 events to find who else is in it.
        self._rows: dict[int, dict[str, KeptEvent]] = {}

    def found(self, keys: Mapping[str, str]) -> dict[str, KeptEvent]:
        """The kept events among `keys` (addresses and the keys they are made from now)."""
        index = self._loaded()
        found = {}
        for url, key in keys.items():
            kept = index.get(url)
            if kept is not None and kept.key == key:
                found[url] = kept
        return found

    def page_bytes(self, url: str, key: str) -> bytes | None:
        """A kept page's stored bytes, if the store still holds them under `key`."""
        return self._pages.get_many({url: key}, _as_bytes).get(url)

    def keep(self, rendered: Iterable[tuple[str, KeptEvent, Page]], live: Iterable[str]) -> None:
        """Store the pages rendered this build (by address), and the rows of the index that
        changed: those of each rendered event and of each event no longer `live`."""
        index = self._loaded()
        pages, changed = [], set()
        for url, event, page in rendered:
            index[url] = event
            bucket = bucket_of(url)
            self._rows[bucket][url] = event
            pages.append((url, event.key, page.stored))
            changed.add(bucket)
        if not pages:
            return
        live = set(live)
        for url in [url for url in index if url not in live]:
            del index[url]
            bucket = bucket_of(url)
            self._rows[bucket].pop(url, None)
            changed.add(bucket)
        self._pages.put_many(pages)
        self._events.put_many(  # pickled one row at a time, as stored
            (_row_name(bucket), self._fingerprint, pickle.dumps(self._rows[bucket]))
            for bucket in sorted(changed)
        )

    def _loaded(self) -> dict[str, KeptEvent]:
        if self._index is None:
            names = {_row_name(bucket): self._fingerprint for bucket in range(BUCKETS)}
            stored = self._events.get_many(names, _as_index)
            self._rows = {bucket: stored.get(_row_name(bucket), {}) for bucket in range(BUCKETS)}
            self._index = {url: kept for row in self._rows.values() for url, kept in row.items()}
        return self._index


def _row_name(bucket: int) -> str:
    return f"index {bucket}"


def _as_bytes(value: bytes) -> bytes:
    return value


def _as_index(value: bytes) -> dict[str, KeptEvent]:
    index = pickle.loads(value)
    if not isinstance(index, dict):
        raise TypeError("not an index of kept events")  # the store holds only what keep put
    return index
