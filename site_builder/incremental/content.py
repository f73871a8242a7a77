"""Content read again after edits, reading only what changed: a file whose modification
time and size are as they were is not read; one whose bytes are in `.cache/` is not parsed;
the rest are parsed on every core. A new process knows an event file without reading it when
its status (see `FileStatus`) is the one `.cache/` kept with the key of its bytes. After a
preview's edit of a few files that leaves every URL and topic as it was, the last content is
patched instead of gathered again.

Person and forum files are few: each is read again when its modification time or size
changed, and a change to any of them resolves every event again (events are resolved
against them, see `content/directory.py`), without parsing any event file again."""

from __future__ import annotations

import functools
import os
import pickle
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple, TypeVar

from site_builder.config import SiteConfig
from site_builder.content.directory import Directory, Note, Resolution, resolve
from site_builder.content.lines import FieldLines
from site_builder.content.loader import (
    Content,
    EventFile,
    Gathered,
    Listing,
    ParsedFile,
    ParsedRecord,
    Records,
    event_file_status,
    gathered_from,
    gathered_in_full,
    list_event_files,
    list_record_files,
    parse_event_bytes,
    parse_record_bytes,
    read_event_bytes,
)
from site_builder.content.naming import name_facts, name_warnings
from site_builder.incremental.cache import Store, cache_key
from site_builder.incremental.changes import is_record_file
from site_builder.incremental.kept_parses import (
    KeptParses,
    Row,
    by_bucket,
    pickled_row,
    unpickled_row,
)
from site_builder.incremental.parallel import parallel_map
from site_builder.model.records import Event, Kind

PARSED_STORE = "parsed"  # the store of parsed files in .cache/
STATUS_STORE = "file-status"  # each event file's status when its bytes were read, with their key
RECORDS_KEY = "records"  # what the keys of person and forum files' bytes start from
# A file changed this recently may change again within the clock's step, its status the same:
# it is read again at the next build, as git does with a file as new as its index.
RECENT_NS = 2_000_000_000
# Where a file's change time is its creation time (Windows), a status says too little.
STATUS_TELLS = os.name != "nt"

FileStatus = tuple[int, int, int, int]
"""A file's modification time, change time, size and inode. The system sets the change time
at every write and no program can set it back, so a file written since has another status
even when its modification time was given its old value."""


def file_status(status: os.stat_result) -> FileStatus:
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def settled(status: FileStatus, now_ns: int) -> bool:
    """Whether a file of this status last changed more than RECENT_NS before `now_ns`: only
    then may its status stand for its bytes at a later build."""
    return max(status[:2]) < now_ns - RECENT_NS


def unpickled_statuses(value: bytes) -> dict[str, tuple[FileStatus, str]]:
    """Statuses kept in a store, each with the key of the bytes its file had then."""
    statuses = pickle.loads(value)
    if not isinstance(statuses, dict):
        raise TypeError("not the files' statuses")  # the store holds only what we put
    return statuses


@dataclass(frozen=True)
class KeptFile:
    """A file's outcome, kept while its modification time and size stay the same."""

    stamp: tuple[int, int]
    key: str  # the file's bytes and what it was parsed with, hashed: its key in the store
    parsed: ParsedFile


@dataclass(frozen=True)
class KeptRecord:
    """A person or forum file's outcome, kept while its modification time and size stay."""

    stamp: tuple[int, int]
    key: str  # the file's bytes, hashed
    parsed: ParsedRecord


@dataclass
class ContentStats:
    """What the last `ContentReuse.load` did: whether it listed `content/`, which files it
    parsed, and how many it took parsed from `.cache/`."""

    listed: bool = False
    parsed: list[str] = field(default_factory=list)  # as messages name the files
    from_store: int = 0


class _Read(NamedTuple):
    """A file to parse: what it is, when it last changed, what it holds (None: not read yet,
    its key known by its status), its key and its status."""

    file: EventFile
    stamp: tuple[int, int]
    data: bytes | None
    key: str
    status: FileStatus | None = None


class ContentReuse:
    """`load_content` for builds that follow one another, keeping what each read.

    What is kept holds for one set of kinds: validation depends on them.
    """

    def __init__(self, store: Store, statuses: Store) -> None:
        self._kept = KeptParses(store)  # parsed files by their bytes, for the next process
        self._statuses = statuses  # event files' statuses with their keys, for the next process
        self._known: dict[str, tuple[FileStatus, str]] | None = None  # as stored, once read
        self._known_key = ""  # what the statuses' keys were made with: the kinds
        self._kinds: Mapping[str, Kind] = {}
        self._files: dict[str, KeptFile] = {}  # by how messages name them, in listed order
        self._source_keys: dict[str, str] = {}  # the key of each file that has an event
        self._listing: Listing | None = None  # the last listing, when it had no problems
        self._listed: dict[str, EventFile] = {}  # its files, by how messages name them
        self._gathered: Gathered | None = None  # what the last load gave, when it passed
        self._records: dict[str, KeptRecord] = {}  # person and forum files, by shown path
        self._directory = Directory()  # the last content's people and forums
        self._records_key = ""  # their files' key ("" for none): events were resolved so
        self._keyed: tuple[Mapping[str, str], str, Mapping[str, str]] | None = None
        # By path, each event as parsed and as resolved against `_directory`, with its notes.
        self._resolved: dict[str, tuple[Event, Event, tuple[Note, ...]]] = {}
        self._positions: dict[str, int] | None = None  # each file's place in its events
        self._no_clashes = False  # no two of the last content's events share a URL or topic
        self.stats = ContentStats()

    @property
    def source_keys(self) -> Mapping[str, str]:
        """By event path, a key for the bytes the event was read from and, when the site has
        person or forum files, theirs: the event is resolved against them."""
        if not self._records_key:
            return self._source_keys
        keyed = self._keyed
        if keyed is None or keyed[0] is not self._source_keys or keyed[1] != self._records_key:
            suffix = f"+{self._records_key}"
            with_records = {path: key + suffix for path, key in self._source_keys.items()}
            keyed = self._keyed = (self._source_keys, self._records_key, with_records)
        return keyed[2]

    @property
    def parsed_events(self) -> tuple[Event, ...]:
        """The last load's events as their files hold them, before they were resolved against
        the people and forums: what translations are laid over (`content/translations.py`)."""
        return tuple(kept.parsed.event for kept in self._files.values() if kept.parsed.event)

    def scan(self, config: SiteConfig, edited: Collection[str] | None = None) -> Scan:
        """What the content is read from: the event files, each one's bytes read when its
        modification time or size changed. `load` reads the content from it.

        `edited` names the event files (as `content/...`) changed since the last load, when
        a watcher knows them: when they are all files it listed, only they are looked at.
        """
        self.stats = ContentStats()
        if self._kinds != config.kinds:
            self._kinds, self._files, self._listing, self._gathered = config.kinds, {}, None, None
        listing = self._listing
        # Person and forum files are read again at every scan, edited or not.
        edited = None if edited is None else [p for p in edited if not is_record_file(p)]
        if listing is not None and edited is not None and self._only_edits(edited):
            files, base = [self._listed[path] for path in edited], self._files
        else:
            listing = list_event_files(config)
            self.stats.listed = True
            files, base = list(listing.files), {}
        known, reads = self._read(files, config)
        return Scan(config, listing, files, base, known, reads, self._scan_records(config))

    def load(self, scan: Scan) -> Content:
        """The content, as `load_content` reads it; raises SiteError as it does."""
        fresh = self._parsed(scan)
        self._keep_statuses(scan)
        # The files' bytes let go once parsed (the scan's key needs only their keys): a plan
        # lives as long as its build, and 10,000 files' bytes would live with it.
        scan.reads[:] = [item._replace(data=b"") for item in scan.reads]
        records = self._records_of(scan.records)
        previous = self._files
        rechecked: dict[str, KeptFile] = {}
        if scan.base:  # the edited files only
            rechecked = fresh
            self._files = {**previous, **rechecked}  # in the listing's order still
            self._source_keys = {**self._source_keys, **_keys_of(rechecked)}
            for shown, kept in rechecked.items():
                if kept.parsed.event is None:
                    self._source_keys.pop(shown, None)
            content = self._with_edits(previous, rechecked, scan.records.key)
            if content is not None:
                return content
        else:
            self._files = fresh
            self._source_keys = _keys_of(fresh)
            listing = scan.listing
            self._listing = None if listing.problems else listing
            self._listed = {} if listing.problems else {file.shown: file for file in listing.files}
        last, self._gathered, self._positions = self._gathered, None, None
        same = bool(rechecked) and self._no_clashes and _same_names(previous, rechecked)
        parsed = {shown: kept.parsed for shown, kept in self._files.items()}
        self._no_clashes = False
        earlier = {} if last is None else {event.path: event for event in last.content.events}
        if scan.records.key != self._records_key:
            self._directory, self._resolved = records.directory, {}
            self._records_key = scan.records.key
        self._gathered = gathered_in_full(
            scan.listing,
            parsed,
            records,
            check_clashes=not same,
            kept=earlier,
            resolver=self._resolve,
        )
        self._no_clashes = True
        if len(self._resolved) > len(self._files):  # files removed or renamed: let them go
            self._resolved = {path: self._resolved[path] for path in self._files}
        return self._gathered.content

    def _resolve(self, event: Event) -> tuple[Event, tuple[Note, ...]]:
        """`resolve` against the last directory, kept by path while the parsed event is the
        very one: a load that gathers 10,000 events again resolves only those parsed anew."""
        kept = self._resolved.get(event.path)
        if kept is not None and kept[0] is event:
            return kept[1], kept[2]
        resolved, notes = resolve(event, self._directory)
        self._resolved[event.path] = (event, resolved, notes)
        return resolved, notes

    def damage_warnings(self) -> tuple[str, ...]:
        """The store's warning, if the last load found it damaged: for that build only."""
        return self._kept.damage_warnings()

    def _with_edits(
        self,
        previous: Mapping[str, KeptFile],
        rechecked: Mapping[str, KeptFile],
        records_key: str,
    ) -> Content | None:
        """The last content with the edited files' events put in place of their old ones,
        when each edited file read cleanly before and after, with the same warnings, URL and
        topics, and the person and forum files are as they were; else None. A preview's
        edit then costs no pass over the site's 10,000 files (but for the one over their
        names, see `content/naming.py`)."""
        last = self._gathered
        if last is None or not self._no_clashes or not _same_names(previous, rechecked):
            return None
        if records_key != self._records_key or self._listing is None:
            return None
        for shown, kept in rechecked.items():
            if kept.parsed.problems or kept.parsed.warnings != previous[shown].parsed.warnings:
                return None
        if self._positions is None:
            shown_events = (shown for shown, kept in previous.items() if kept.parsed.event)
            self._positions = {shown: at for at, shown in enumerate(shown_events)}
        events, notes = list(last.resolution.events), dict(last.resolution.notes)
        same_names = not last.names.cited & rechecked.keys()
        for shown, kept in rechecked.items():
            assert kept.parsed.event is not None  # as _same_names found
            at = self._positions[shown]
            event, event_notes = self._resolve(kept.parsed.event)
            before = name_facts(events[at], notes.pop(shown, ()))
            same_names = same_names and name_facts(event, event_notes) == before
            events[at] = event
            if event_notes:
                notes[shown] = event_notes
        resolution = Resolution(tuple(events), notes)
        names = last.names
        if not same_names:
            names = name_warnings(resolution, self._directory, FieldLines(self._listing.root))
        self._gathered = gathered_from(resolution, names, self._directory, last.other_warnings)
        return self._gathered.content

    def came_and_went(self, path: str) -> bool:
        """Whether `path` (relative to the site) is not there now and the last listing held
        nothing at or under it: a file made and renamed away since, as an editor that saves
        by way of a temporary file leaves one. It changes nothing a build reads. False when
        there was no clean listing to tell."""
        listing = self._listing
        if listing is None or os.path.lexists(listing.root / path):
            return False
        inside = path.rstrip("/") + "/"
        held = chain(
            self._listed,
            self._records,
            (side.split("\0", 1)[0] for side in listing.side_files),
        )
        return not any(shown == path or shown.startswith(inside) for shown in held)

    def _only_edits(self, edited: Collection[str]) -> bool:
        """Whether the last listing of event files still holds: every edited path is a file
        it listed that is still there (a file made, removed or renamed means listing again)."""
        listed = self._listed
        return all(path in listed and os.path.isfile(listed[path].path) for path in edited)

    def _read(
        self, files: list[EventFile], config: SiteConfig
    ) -> tuple[dict[str, KeptFile], list[_Read]]:
        """Each file's outcome when known already (from memory while its stamp is unchanged,
        or a failure to read it), and the bytes of the others, or their key alone where
        their status is the one kept with it."""
        return _stamped_or_read(
            files,
            config,
            self._files,
            lambda outcome: KeptFile((0, 0), "", outcome),
            _event_key_of(config),
            self._known_statuses(config),
        )

    def _known_statuses(self, config: SiteConfig) -> Mapping[str, tuple[FileStatus, str]]:
        """The statuses kept in `.cache/`, each with the key of the bytes the file had then,
        for the kinds the keys were made with; read once."""
        if not STATUS_TELLS:
            return {}
        key = cache_key(STATUS_STORE, _kinds_key(config))
        if self._known_key != key:
            found = self._statuses.get_many({STATUS_STORE: key}, unpickled_statuses)
            self._known, self._known_key = found.get(STATUS_STORE), key
        return self._known or {}

    def _keep_statuses(self, scan: Scan) -> None:
        """After a scan of every listed file, keep the status of each, with its key, when
        any changed; but not of a file changed within RECENT_NS of now. A scan of a
        preview's edited files keeps nothing: they are new, and the status kept for each no
        longer matches it."""
        if scan.base or not self._known_key:  # edited files only, or no statuses to keep
            return
        listed = {file.shown for file in scan.files}
        known = {shown: kept for shown, kept in (self._known or {}).items() if shown in listed}
        now = time.time_ns()
        for item in scan.reads:
            known.pop(item.file.shown, None)
            if item.status is not None and settled(item.status, now):
                known[item.file.shown] = (item.status, item.key)
        if known != self._known:  # None: no row was found, and one is stored
            self._statuses.put_many([(STATUS_STORE, self._known_key, pickle.dumps(known))])
        self._known = known

    def _scan_records(self, config: SiteConfig) -> RecordScan:
        """The person and forum files: each one's outcome when its stamp is as it was last
        time (or it cannot be read), and the bytes of the others."""
        listing = list_record_files(config)
        known, reads = _stamped_or_read(
            list(listing.files),
            config,
            self._records,
            _unread,
            lambda file, data: cache_key(RECORDS_KEY, file.shown, data),
        )
        return RecordScan(listing, known, reads)

    def _records_of(self, scan: RecordScan) -> Records:
        """The scanned person and forum files read, those read anew parsed (they are few)."""
        kept = dict(scan.known)
        for item in scan.reads:
            kept[item.file.shown] = KeptRecord(
                item.stamp, item.key, parse_record_bytes(item.file, _bytes_of(item))
            )
        scan.reads[:] = [item._replace(data=b"") for item in scan.reads]  # as `load` does
        self._records = {file.shown: kept[file.shown] for file in scan.listing.files}
        parsed = {shown: record.parsed for shown, record in self._records.items()}
        return Records(scan.listing, parsed)

    def _parsed(self, scan: Scan) -> dict[str, KeptFile]:
        """Each scanned file's outcome: known already, else from the store while its bytes
        are there, else parsed, on every core when there are many."""
        reads = scan.reads
        stored = self._kept.found({item.file.shown: item.key for item in reads})
        self.stats.from_store += len(stored)
        if any(item.data is None and item.file.shown not in stored for item in reads):
            # Known by their status, but what they parse to is no longer in the store.
            reads = scan.reads[:] = _with_bytes(reads, stored, _event_key_of(scan.config))
        to_parse = [item for item in reads if item.file.shown not in stored]
        self.stats.parsed += (item.file.shown for item in to_parse)
        groups = by_bucket((item.file.shown, item) for item in to_parse)
        kinds = scan.config.kinds
        # Each group parsed and pickled by a worker as one row of the store: the parent
        # unpickles it once and stores it as it came.
        fresh = parallel_map(
            lambda group: pickled_row(_parsed_row(group, kinds)), groups, len(to_parse)
        )
        for data in fresh:  # while the workers parse on
            row = unpickled_row(data)
            stored.update((shown, parsed) for shown, (_, parsed) in row.items())
            self._kept.add(row, data)
        self._kept.keep(None if scan.base else {file.shown for file in scan.files})
        outcomes = dict(scan.known)
        for item in reads:
            outcomes[item.file.shown] = KeptFile(item.stamp, item.key, stored[item.file.shown])
        return {file.shown: outcomes[file.shown] for file in scan.files}


@dataclass(frozen=True)
class RecordScan:
    """The person and forum files a load reads, with each one's outcome where known (its
    stamp as it was) and the bytes of the others."""

    listing: Listing
    known: Mapping[str, KeptRecord]
    reads: list[_Read]

    @functools.cached_property
    def key(self) -> str:
        """A key for the files by their bytes; "" when there are none."""
        if not self.listing.files and not self.listing.problems:
            return ""
        keys = {shown: kept.key for shown, kept in self.known.items()}
        keys.update((item.file.shown, item.key) for item in self.reads)
        listed = (f"{file.shown}\0{keys[file.shown]}" for file in self.listing.files)
        return cache_key(RECORDS_KEY, *listed, *map(str, self.listing.problems))


@dataclass(frozen=True)
class Scan:
    """The event files a load reads (`files`: every listed one, or the edited ones over
    `base`, the last load's), with each one's outcome where known and the bytes of others,
    and the person and forum files (`records`)."""

    config: SiteConfig
    listing: Listing
    files: list[EventFile]
    base: Mapping[str, KeptFile]
    known: Mapping[str, KeptFile]
    reads: list[_Read]
    records: RecordScan

    @functools.cached_property
    def key(self) -> str:
        """A key for every file the content is read from, each by its bytes: two scans with
        one key give one content."""
        keys = {shown: kept.key for shown, kept in self.base.items()}
        keys.update((shown, kept.key) for shown, kept in self.known.items())
        keys.update((item.file.shown, item.key) for item in self.reads)
        listed = (f"{shown}\0{key}" for shown, key in keys.items())
        return cache_key("content", *listed, self.records.key, *self.listing.side_files)


Kept = TypeVar("Kept", KeptFile, KeptRecord)


def _stamped_or_read(
    files: list[EventFile],
    config: SiteConfig,
    last: Mapping[str, Kept],
    unread: Callable[[ParsedFile], Kept],
    key_of: Callable[[EventFile, bytes], str],
    statuses: Mapping[str, tuple[FileStatus, str]] | None = None,
) -> tuple[dict[str, Kept], list[_Read]]:
    """Each file's outcome when known already (`last`'s, while its stamp is unchanged, or
    `unread` of a failure to read it), and the bytes of the others, each with its key; or the
    key alone where `statuses` holds the file's very status (with `statuses`, each read
    carries its status, to be kept)."""
    known: dict[str, Kept] = {}
    reads: list[_Read] = []
    for file in files:
        status = event_file_status(file, config.root)
        if isinstance(status, ParsedFile):
            known[file.shown] = unread(status)
            continue
        stamp = (status.st_mtime_ns, status.st_size)
        cached = last.get(file.shown)
        if cached is not None and cached.stamp == stamp:
            known[file.shown] = cached
            continue
        full = None
        if statuses is not None:
            full = file_status(status)
            kept = statuses.get(file.shown)
            if kept is not None and kept[0] == full:
                reads.append(_Read(file, stamp, None, kept[1], full))
                continue
        data = read_event_bytes(file)
        if isinstance(data, ParsedFile):
            known[file.shown] = unread(data)
        else:
            reads.append(_Read(file, stamp, data, key_of(file, data), full))
    return known, reads


def _kinds_key(config: SiteConfig) -> str:
    """The site's kinds, as the keys of its event files name them: validation depends on
    them."""
    return repr(sorted(config.kinds.items()))


def _event_key_of(config: SiteConfig) -> Callable[[EventFile, bytes], str]:
    """The key an event file's bytes are parsed under, for the site's kinds."""
    return functools.partial(_event_key, _kinds_key(config))


def _event_key(kinds: str, file: EventFile, data: bytes) -> str:
    return cache_key(PARSED_STORE, kinds, file.shown, data)


def _with_bytes(
    reads: list[_Read], stored: dict[str, ParsedFile], key_of: Callable[[EventFile, bytes], str]
) -> list[_Read]:
    """`reads`, each file known by its status alone and not in `stored` read now: bytes to
    parse, under the key of what it holds now. A file that cannot be read now has the outcome
    of that in `stored`."""
    done = []
    for item in reads:
        if item.data is None and item.file.shown not in stored:
            data = read_event_bytes(item.file)
            if isinstance(data, ParsedFile):
                stored[item.file.shown] = data
            else:
                item = item._replace(data=data, key=key_of(item.file, data), status=None)
        done.append(item)
    return done


def _bytes_of(item: _Read) -> bytes:
    assert item.data is not None, "a file known by its status alone is read before parsing"
    return item.data


def _unread(outcome: ParsedFile) -> KeptRecord:
    """A person or forum file that could not be read: its problems, kept for this load."""
    return KeptRecord((0, 0), "", ParsedRecord(None, outcome.problems, ()))


def _keys_of(kept: Mapping[str, KeptFile]) -> dict[str, str]:
    """By event path, the key of each file that has an event."""
    return {shown: file.key for shown, file in kept.items() if file.parsed.event is not None}


def _same_names(previous: Mapping[str, KeptFile], rechecked: Mapping[str, KeptFile]) -> bool:
    """Whether each file read again had an event and still has, at the same URL with the
    same topics: then the edits cannot make events clash, and the last check stands."""
    for shown, after in rechecked.items():
        before = previous.get(shown)
        old = before.parsed.event if before else None
        new = after.parsed.event
        if old is None or new is None or (old.url_path, old.topics) != (new.url_path, new.topics):
            return False
    return True


def _parsed_row(group: list[tuple[str, _Read]], kinds: Mapping[str, Kind]) -> Row:
    """A group of files in one row of the store (see `by_bucket`), parsed."""
    return {
        shown: (item.key, parse_event_bytes(item.file, _bytes_of(item), kinds))
        for shown, item in group
    }
