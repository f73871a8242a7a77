"""Finding and reading every event file under `content/`, all checked before any output."""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from site_builder.config import SiteConfig, site_file_status
from site_builder.content.events import parse_event
from site_builder.incremental.cache import Store, cache_key
from site_builder.incremental.parallel import parallel_map
from site_builder.model.records import Event, Kind
from site_builder.model.slugs import is_slug
from site_builder.problems import Problem, SiteError
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import one_line

EVENT_SUFFIX = ".md"
PARSED_STORE = "events"  # the store of parsed files in .cache/


@dataclass(frozen=True)
class Content:
    """Every event of the site, drafts included, and warnings worth showing."""

    events: tuple[Event, ...]
    warnings: tuple[str, ...]
    keys: Mapping[str, str]  # by event path, a key for what each event was read from


@dataclass(frozen=True)
class ParsedFile:
    """What reading one file gave, kept while its modification time and size stay the same."""

    stamp: tuple[int, int]
    event: Event | None
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]
    key: str = ""  # the file's bytes and what it was parsed with, hashed


@dataclass
class ParseCache:
    """Parsed files by path, for rebuilds that read only the files that changed, and the
    list of event files they were found in.

    Entries hold for one set of kinds: validation depends on them.
    """

    kinds: Mapping[str, Kind] = field(default_factory=dict)
    files: dict[str, ParsedFile] = field(default_factory=dict)  # by how messages name them
    listing: dict[str, EventFile] = field(default_factory=dict)  # by shown path, in order
    listing_warnings: tuple[str, ...] = ()  # what listing them found worth a warning
    content: Content | None = None  # what the last load gave, when it passed
    positions: dict[str, int] | None = None  # each file's event's place in `content.events`
    no_clashes: bool = False  # no two of the files' events had one URL or spelt a topic two ways


class SourceKeys(Mapping[str, str]):
    """By event path, the key of what the event was read from: a view of the parsed files,
    not a copy, since a preview's rebuild reads one file of 10,000."""

    def __init__(self, parsed: Mapping[str, ParsedFile]) -> None:
        self._parsed = parsed  # by how messages name the file: the event's path

    def __getitem__(self, path: str) -> str:
        parsed = self._parsed[path]
        if parsed.event is None:
            raise KeyError(path)
        return parsed.key

    def __iter__(self) -> Iterator[str]:
        return (path for path, parsed in self._parsed.items() if parsed.event is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class EventFile(NamedTuple):
    """An event file: where it is, how messages name it, and its section."""

    path: Path
    shown: str
    section: str


def load_content(
    config: SiteConfig,
    cache: ParseCache | None = None,
    store: Store | None = None,
    edited: Collection[str] | None = None,
) -> Content:
    """Read and validate every event file; raises SiteError listing every problem.

    `cache` keeps parsed files in memory between builds (the preview); `store` keeps them
    on disk (`.cache/`), by each file's bytes, for the next process. `edited` names the
    event files (as `content/...`) that a watcher saw change since the last build with
    `cache`: when they are all files that build read, only they are looked at again.
    """
    cache = cache if cache is not None else ParseCache()
    if cache.kinds != config.kinds:
        cache.kinds, cache.files, cache.listing, cache.content = config.kinds, {}, {}, None
    store = store or Store(None, PARSED_STORE)
    problems: list[Problem] = []
    previous = cache.files
    rechecked: dict[str, ParsedFile] | None = None
    if edited is not None and _only_edits(cache, edited):
        rechecked = _parse_files([cache.listing[path] for path in edited], config, cache, store)
        cache.files = {**previous, **rechecked}  # in the listing's order still
        content = _with_edits(cache, previous, rechecked)
        if content is not None:
            return _with_store_warnings(content, store)
    else:
        listing_warnings: list[str] = []
        files = _event_files(config, problems, listing_warnings)
        cache.files = _parse_files(files, config, cache, store)
        cache.listing = {} if problems else {file.shown: file for file in files}
        cache.listing_warnings = tuple(listing_warnings)
    cache.content, cache.positions = None, None
    parsed_files = cache.files
    events = [parsed.event for parsed in parsed_files.values() if parsed.event is not None]
    problems += [problem for parsed in parsed_files.values() for problem in parsed.problems]
    if not (rechecked and cache.no_clashes and _same_names(previous, rechecked)):
        clashes = _same_url_problems(events) + _topic_spelling_problems(events)
        cache.no_clashes = not clashes
        problems += clashes
    if problems:
        raise SiteError(problems)
    warnings = cache.listing_warnings + tuple(
        warning for parsed in parsed_files.values() for warning in parsed.warnings
    )
    cache.content = Content(tuple(events), warnings, SourceKeys(parsed_files))
    return _with_store_warnings(cache.content, store)


def _with_store_warnings(content: Content, store: Store) -> Content:
    """The content with the store's warning, if it was found damaged: for this build only,
    so not kept in the parse cache, whose warnings a preview's next rebuild shows again."""
    damage = store.damage_warnings()
    return dataclasses.replace(content, warnings=content.warnings + damage) if damage else content


def _with_edits(
    cache: ParseCache, previous: Mapping[str, ParsedFile], rechecked: Mapping[str, ParsedFile]
) -> Content | None:
    """The last content with the edited files' events put in place of their old ones, when
    each edited file read cleanly before and after, with the same warnings, URL and topics;
    else None. A preview's edit then costs no pass over the site's 10,000 files."""
    last = cache.content
    if last is None or not cache.no_clashes or not _same_names(previous, rechecked):
        return None
    for shown, parsed in rechecked.items():
        if parsed.problems or parsed.warnings != previous[shown].warnings:
            return None
    if cache.positions is None:
        shown_events = (shown for shown, parsed in previous.items() if parsed.event is not None)
        cache.positions = {shown: at for at, shown in enumerate(shown_events)}
    events = list(last.events)
    for shown, parsed in rechecked.items():
        assert parsed.event is not None  # as _same_names found
        events[cache.positions[shown]] = parsed.event
    cache.content = Content(tuple(events), last.warnings, SourceKeys(cache.files))
    return cache.content


def existing_events(config: SiteConfig) -> list[Event]:
    """The events of every file that reads without problems; the others are skipped."""
    cache = ParseCache(config.kinds)
    parsed = _parse_files(_event_files(config, [], []), config, cache, Store(None, PARSED_STORE))
    return [result.event for result in parsed.values() if result.event is not None]


class _FileBytes(NamedTuple):
    """A file to parse: what it is, when it last changed, and what it holds."""

    file: EventFile
    stamp: tuple[int, int]
    data: bytes
    key: str


def _only_edits(cache: ParseCache, edited: Collection[str]) -> bool:
    """Whether the last listing of event files still holds: every edited path is a file
    it listed that is still there (a file made, removed or renamed means listing again)."""
    listed = cache.listing
    return bool(listed) and all(
        path in listed and os.path.isfile(listed[path].path) for path in edited
    )


def _same_names(previous: Mapping[str, ParsedFile], rechecked: Mapping[str, ParsedFile]) -> bool:
    """Whether each file read again had an event and still has, at the same URL with the
    same topics: then the edits cannot make events clash, and the last check stands."""
    for shown, after in rechecked.items():
        before = previous.get(shown)
        old = before.event if before else None
        new = after.event if after else None
        if old is None or new is None or (old.url_path, old.topics) != (new.url_path, new.topics):
            return False
    return True


def _parse_files(
    files: list[EventFile],
    config: SiteConfig,
    cache: ParseCache,
    store: Store,
) -> dict[str, ParsedFile]:
    """Each file's event or problems: from memory while its stamp is unchanged, else from
    the store while its bytes are, else parsed, on every core when there are many."""
    parsed: dict[str, ParsedFile] = {}
    to_read: list[tuple[EventFile, tuple[int, int]]] = []
    for file in files:
        result = _check_file(file, config.root)
        if isinstance(result, ParsedFile):
            parsed[file.shown] = result
            continue
        cached = cache.files.get(file.shown)
        if cached is not None and cached.stamp == result:
            parsed[file.shown] = cached
        else:
            to_read.append((file, result))
    kinds = repr(sorted(config.kinds.items()))
    read = [_read_bytes(file, stamp, kinds) for file, stamp in to_read]
    contents = [item for item in read if isinstance(item, _FileBytes)]
    stored = store.get_many({item.file.shown: item.key for item in contents}, _unpickled)
    to_parse = [item for item in contents if item.file.shown not in stored]
    # Pickled by the worker, as the store keeps it: the parent does not pickle it again.
    fresh = parallel_map(lambda item: pickle.dumps(_parse_bytes(item, config.kinds)), to_parse)
    rows = []
    for source, data in zip(to_parse, fresh, strict=True):  # while the workers parse on
        parsed[source.file.shown] = _unpickled(data)
        rows.append((source.file.shown, source.key, data))
    store.put_many(rows)
    for (file, _), item in zip(to_read, read, strict=True):
        if isinstance(item, ParsedFile):
            parsed[file.shown] = item
        elif file.shown not in parsed:
            parsed[file.shown] = _with_stamp(stored[file.shown], item.stamp)
    return {file.shown: parsed[file.shown] for file in files}


def _check_file(file: EventFile, root: Path) -> tuple[int, int] | ParsedFile:
    """The file's stamp (modification time, size) or, when it cannot be read, its outcome."""
    status = site_file_status(file.path, file.shown, root)
    if status is None:  # renamed or removed since it was listed: not there
        return _GONE
    if isinstance(status, Problem):
        return _failed(status)
    return (status.st_mtime_ns, status.st_size)


def _read_bytes(file: EventFile, stamp: tuple[int, int], kinds: str) -> _FileBytes | ParsedFile:
    try:
        data = file.path.read_bytes()
    except FileNotFoundError:  # gone since it was listed: left out
        return _GONE
    except OSError as error:
        return _failed(Problem(file.shown, None, None, f"cannot be read: {error.strerror}"))
    return _FileBytes(file, stamp, data, cache_key(PARSED_STORE, kinds, file.shown, data))


def _parse_bytes(item: _FileBytes, kinds: Mapping[str, Kind]) -> ParsedFile:
    file = item.file
    try:
        text = decode_utf8(item.data, file.shown)
        event, warnings = parse_event(text, file.shown, file.section, kinds)
    except SiteError as error:
        return ParsedFile(item.stamp, None, tuple(error.problems), (), item.key)
    return ParsedFile(item.stamp, event, (), tuple(warnings), item.key)


def _unpickled(value: object) -> ParsedFile:
    result = pickle.loads(value) if isinstance(value, bytes) else None
    if not isinstance(result, ParsedFile):
        raise TypeError("not a parsed file")  # the store holds only what _parse_files put
    return result


def _with_stamp(parsed: ParsedFile, stamp: tuple[int, int]) -> ParsedFile:
    return dataclasses.replace(parsed, stamp=stamp)


def _failed(problem: Problem) -> ParsedFile:
    return ParsedFile((0, 0), None, (problem,), ())


_GONE = ParsedFile((0, 0), None, (), ())


def _event_files(
    config: SiteConfig, problems: list[Problem], warnings: list[str]
) -> list[EventFile]:
    """Event files in `content/<section>/`, in a stable order; hidden files are skipped."""
    content_dir = config.content_dir
    if not content_dir.is_dir():
        message = "folder not found: events live in content/<section>/"
        problems.append(Problem("content", None, None, message))
        return []
    files = []
    for folder, subfolders, names in os.walk(content_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = Path(folder).relative_to(content_dir).as_posix()
        section = relative.split("/", 1)[0]
        problems += _linked_folder_problems(Path(folder), subfolders, config.root)
        warnings += _folder_named_like_an_event_warnings(Path(folder), subfolders, config.root)
        for name in sorted(names):
            if name.startswith(".") or not name.endswith(EVENT_SUFFIX):
                continue
            shown = f"content/{name}" if relative == "." else f"content/{relative}/{name}"
            if relative == ".":
                message = "events belong in a section folder such as content/meetings/"
                problems.append(Problem(shown, None, None, message))
            elif not is_slug(section):
                message = (
                    f'the folder name "{section}" is used in URLs: use letters, digits, hyphens'
                )
                problems.append(Problem(shown, None, None, message))
            else:
                files.append(EventFile(Path(folder, name), shown, section))
    return sorted(files, key=lambda file: file.shown)


def _linked_folder_problems(folder: Path, subfolders: list[str], root: Path) -> list[Problem]:
    """Links to folders are not followed: their events would be silently left out."""
    problems = []
    for name in subfolders:
        path = folder / name
        if path.is_symlink():
            shown = path.relative_to(root).as_posix()
            where = "" if path.resolve().is_relative_to(root.resolve()) else " outside the site"
            message = f"is a link to a folder{where}; links are not followed: copy the files in"
            problems.append(Problem(shown, None, None, message))
    return problems


def _folder_named_like_an_event_warnings(
    folder: Path, subfolders: list[str], root: Path
) -> list[str]:
    """A folder named `x.md` is almost surely meant to be an event file; it is not one. The
    build can go on without it, so it is a warning. (A link is a problem of its own.)"""
    warnings = []
    for name in subfolders:
        path = folder / name
        if name.endswith(EVENT_SUFFIX) and not path.is_symlink():
            shown = path.relative_to(root).as_posix()
            message = "is a folder, so it is not an event; make it a file, or rename it without .md"
            warnings.append(f"{shown}: {message}")
    return warnings


def _same_url_problems(events: list[Event]) -> list[Problem]:
    if len({event.url_path for event in events}) == len(events):  # the usual case, at once
        return []
    first_by_url: dict[str, Event] = {}
    problems = []
    for event in events:
        first = first_by_url.setdefault(event.url_path, event)
        if first is not event:
            message = (
                f'"{event.slug}" is also the URL of {first.path} (/{event.url_path}); '
                "give one of them another slug"
            )
            problems.append(Problem(event.path, None, "slug", message))
    return problems


def _topic_spelling_problems(events: list[Event]) -> list[Problem]:
    """Two spellings of one topic (`Middle East`, `middle east`) would share one page."""
    spellings = {(topic.slug, topic.name) for event in events for topic in event.topics}
    if len({slug for slug, _ in spellings}) == len(spellings):  # the usual case, at once
        return []
    first_by_slug: dict[str, tuple[str, Event]] = {}
    problems = []
    for event in events:
        for topic in event.topics:
            seen = first_by_slug.get(topic.slug)
            if seen is None:
                first_by_slug[topic.slug] = (topic.name, event)
                continue
            name, first = seen
            if name != topic.name:
                message = (
                    f'"{topic.name}" and "{name}" (in {first.path}) share the page '
                    f"/topics/{topic.slug}/; spell the topic the same way in both"
                )
                problems.append(Problem(event.path, None, "topics", one_line(message)))
    return problems
