"""Finding and reading every event file under `content/`, all checked before any output,
with the person and forum files (`content/people/`, `content/forums/`) that the events'
participants and occasions are resolved against (`directory.py`).

Read here as if every build were the first; what a rebuild keeps from the last one is
`incremental/content.py`'s, which calls the same steps.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from site_builder.config import SiteConfig, site_file_status
from site_builder.content.directory import (
    NO_DIRECTORY,
    Directory,
    Resolution,
    Resolver,
    resolve_all,
)
from site_builder.content.events import parse_event
from site_builder.content.forums import FORUMS_FOLDER, parse_forum
from site_builder.content.lines import FieldLines
from site_builder.content.naming import NameWarnings, name_warnings
from site_builder.content.people import PEOPLE_FOLDER, parse_person
from site_builder.model.records import Event, Forum, Kind, Person
from site_builder.model.slugs import is_slug
from site_builder.problems import Problem, SiteError
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import one_line

EVENT_SUFFIX = ".md"
# Folders of `content/` that hold person and forum files, not events: never a section.
RECORD_FOLDERS = (PEOPLE_FOLDER, FORUMS_FOLDER)


@dataclass(frozen=True)
class Content:
    """Every event of the site, drafts included, its events' participants and occasions
    resolved against its people and forums (in the order of their files), and warnings
    worth showing."""

    events: tuple[Event, ...]
    warnings: tuple[str, ...]
    people: tuple[Person, ...] = ()
    forums: tuple[Forum, ...] = ()


@dataclass(frozen=True)
class ParsedFile:
    """What reading one event file gave: its event, or the problems that kept it out."""

    event: Event | None
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ParsedRecord:
    """What reading one person or forum file gave: its record, or the problems that kept it
    out."""

    record: Person | Forum | None
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]


class EventFile(NamedTuple):
    """An event file (or a person or forum file): where it is, how messages name it, and its
    section (`people` or `forums` for those)."""

    path: Path
    shown: str
    section: str


@dataclass(frozen=True)
class Listing:
    """The event files under `content/` (or the person and forum files), in a stable order,
    and what listing them found; `root` is the site's."""

    files: tuple[EventFile, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]
    root: Path
    # The other files beside the event files (their pictures), each as its path, modification
    # time and size: what the build is keyed by besides the events.
    side_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Records:
    """The person and forum files, listed and read (by how messages name them)."""

    listing: Listing
    parsed: Mapping[str, ParsedRecord]

    @functools.cached_property
    def directory(self) -> Directory:
        records = [result.record for result in self.parsed.values()]
        people = tuple(record for record in records if isinstance(record, Person))
        forums = tuple(record for record in records if isinstance(record, Forum))
        return Directory(people, forums)

    def problems(self) -> list[Problem]:
        """The listing's, each file's, and a name that two files claim."""
        problems = [*self.listing.problems]
        problems += [problem for result in self.parsed.values() for problem in result.problems]
        return problems + self.directory.problems(FieldLines(self.listing.root))

    @property
    def warnings(self) -> tuple[str, ...]:
        parsed = (warning for result in self.parsed.values() for warning in result.warnings)
        return self.listing.warnings + tuple(parsed)


@dataclass(frozen=True)
class Gathered:
    """The content, with what a rebuild patches it from: its events resolved (with what
    to warn of about their names), the warnings about names and the others."""

    content: Content
    resolution: Resolution
    names: NameWarnings
    other_warnings: tuple[str, ...]


def load_content(config: SiteConfig) -> Content:
    """Read and validate every event file; raises SiteError listing every problem."""
    listing = list_event_files(config)
    parsed = {file.shown: read_event_file(file, config) for file in listing.files}
    return gathered(listing, parsed, read_records(config))


def existing_events(config: SiteConfig) -> list[Event]:
    """The events of every file that reads without problems; the others are skipped."""
    parsed = (read_event_file(file, config) for file in list_event_files(config).files)
    return [result.event for result in parsed if result.event is not None]


def gathered(
    listing: Listing,
    parsed: Mapping[str, ParsedFile],
    records: Records | None = None,
    *,
    check_clashes: bool = True,
) -> Content:
    """The content of the listed files, read into `parsed` (by how messages name them),
    resolved against `records`; raises SiteError with every problem, the listing's, each
    file's and the records', and two events at one URL or one topic spelt two ways, unless
    `check_clashes` is off (a rebuild that knows the names are as they were when last
    checked)."""
    return gathered_in_full(listing, parsed, records, check_clashes=check_clashes).content


def gathered_in_full(
    listing: Listing,
    parsed: Mapping[str, ParsedFile],
    records: Records | None = None,
    *,
    check_clashes: bool = True,
    kept: Mapping[str, Event] | None = None,
    resolver: Resolver | None = None,
) -> Gathered:
    """`gathered`, with what a rebuild patches the content from. An event resolved equal
    to the one of its file in `kept` (a last load's) is that very one, so that what was made
    from it is found again by identity (after a person file's edit, say); `resolver`, when
    given, resolves each event (see `directory.resolve_all`)."""
    events = [result.event for result in parsed.values() if result.event is not None]
    problems = [*listing.problems]
    problems += [problem for result in parsed.values() for problem in result.problems]
    if records is not None:
        problems += records.problems()
    if check_clashes:
        problems += _same_url_problems(events) + _topic_spelling_problems(events)
    if problems:
        raise SiteError(problems)
    warnings = [warning for result in parsed.values() for warning in result.warnings]
    other = (*listing.warnings, *(() if records is None else records.warnings), *warnings)
    directory = NO_DIRECTORY if records is None else records.directory
    resolution = resolve_all(events, directory, resolver)
    if kept and directory:
        as_kept = tuple(_as_kept(event, kept) for event in resolution.events)
        resolution = Resolution(as_kept, resolution.notes)
    names = name_warnings(resolution, directory, FieldLines(listing.root))
    return gathered_from(resolution, names, directory, other)


def _as_kept(event: Event, kept: Mapping[str, Event]) -> Event:
    before = kept.get(event.path)
    return event if before is None or before is event or before != event else before


def gathered_from(
    resolution: Resolution, names: NameWarnings, directory: Directory, other: tuple[str, ...]
) -> Gathered:
    """The content of the resolved events: the `other` warnings, then those about names."""
    warnings = other + names.warnings
    content = Content(resolution.events, warnings, directory.people, directory.forums)
    return Gathered(content, resolution, names, other)


def read_event_file(file: EventFile, config: SiteConfig) -> ParsedFile:
    """One event file read and checked: its event, or the problems with it."""
    status = event_file_status(file, config.root)
    if isinstance(status, ParsedFile):
        return status
    data = read_event_bytes(file)
    return data if isinstance(data, ParsedFile) else parse_event_bytes(file, data, config.kinds)


def event_file_status(file: EventFile, root: Path) -> os.stat_result | ParsedFile:
    """The file's status, or, when it cannot be read, the outcome of reading it."""
    status = site_file_status(file.path, file.shown, root)
    if status is None:  # renamed or removed since it was listed: not there
        return GONE
    if isinstance(status, Problem):
        return _failed(status)
    return status


def read_event_bytes(file: EventFile) -> bytes | ParsedFile:
    """What the file holds, or, when it cannot be read, the outcome of reading it."""
    try:
        return file.path.read_bytes()
    except FileNotFoundError:  # gone since it was listed: left out
        return GONE
    except OSError as error:
        return _failed(Problem(file.shown, None, None, f"cannot be read: {error.strerror}"))


def parse_event_bytes(file: EventFile, data: bytes, kinds: Mapping[str, Kind]) -> ParsedFile:
    """The event that an event file's bytes hold, or their problems."""
    try:
        text = decode_utf8(data, file.shown)
        event, warnings = parse_event(text, file.shown, file.section, kinds)
    except SiteError as error:
        return ParsedFile(None, tuple(error.problems), ())
    return ParsedFile(event, (), tuple(warnings))


def _failed(problem: Problem) -> ParsedFile:
    return ParsedFile(None, (problem,), ())


GONE = ParsedFile(None, (), ())  # a listed file no longer there: left out, as if not listed


def read_records(config: SiteConfig) -> Records:
    """Every person and forum file, read and checked (problems are the Records')."""
    listing = list_record_files(config)
    return Records(listing, {file.shown: read_record_file(file, config) for file in listing.files})


def read_record_file(file: EventFile, config: SiteConfig) -> ParsedRecord:
    """One person or forum file read and checked: its record, or the problems with it."""
    status = event_file_status(file, config.root)
    data = status if isinstance(status, ParsedFile) else read_event_bytes(file)
    if isinstance(data, ParsedFile):
        return ParsedRecord(None, data.problems, ())
    return parse_record_bytes(file, data)


def parse_record_bytes(file: EventFile, data: bytes) -> ParsedRecord:
    """The person or forum (as its folder says) that a file's bytes hold, or their problems."""
    parse = parse_person if file.section == PEOPLE_FOLDER else parse_forum
    try:
        record, warnings = parse(decode_utf8(data, file.shown), file.shown)
    except SiteError as error:
        return ParsedRecord(None, tuple(error.problems), ())
    return ParsedRecord(record, (), tuple(warnings))


def list_record_files(config: SiteConfig) -> Listing:
    """The `.md` files in `content/people/` and `content/forums/`, in a stable order; hidden
    files are skipped, and a folder within either is a problem (its files would be lost)."""
    files: list[EventFile] = []
    problems: list[Problem] = []
    for name in RECORD_FOLDERS:
        folder = config.content_dir / name
        shown = f"content/{name}"
        if folder.is_symlink():
            message = "is a link to a folder; links are not followed: copy the files in"
            problems.append(Problem(shown, None, None, message))
        elif folder.is_dir():
            files += _record_files(folder, shown, name, problems, config.translation_endings)
    return Listing(tuple(files), tuple(problems), (), config.root)


def _record_files(
    folder: Path, shown: str, kind: str, problems: list[Problem], translations: tuple[str, ...]
) -> list[EventFile]:
    """The folder's files, translations aside (see `content/translations.py`)."""
    files = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            message = f"is a folder; the files of content/{kind}/ go straight in it"
            problems.append(Problem(f"{shown}/{entry.name}", None, None, message))
        elif entry.name.endswith(EVENT_SUFFIX) and not entry.name.lower().endswith(translations):
            files.append(EventFile(Path(entry.path), f"{shown}/{entry.name}", kind))
    return files


def section_names(config: SiteConfig) -> list[str]:
    """The section folders of `content/`, by name (none when there is no `content/`); the
    folders of person and forum files are none."""
    content = config.content_dir
    if not content.is_dir():
        return []
    return sorted(
        p.name
        for p in content.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in RECORD_FOLDERS
    )


def list_event_files(config: SiteConfig) -> Listing:
    """Event files in `content/<section>/`, in a stable order; hidden files are skipped."""
    problems: list[Problem] = []
    warnings: list[str] = []
    side_files: list[str] = []
    files = _event_files(config, problems, warnings, side_files)
    return Listing(tuple(files), tuple(problems), tuple(warnings), config.root, tuple(side_files))


def _event_files(
    config: SiteConfig, problems: list[Problem], warnings: list[str], side_files: list[str]
) -> list[EventFile]:
    content_dir = config.content_dir
    if not content_dir.is_dir():
        message = "folder not found: events live in content/<section>/"
        problems.append(Problem("content", None, None, message))
        return []
    files = []
    for folder, subfolders, names in os.walk(content_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = Path(folder).relative_to(content_dir).as_posix()
        if relative == ".":  # person and forum files are listed apart
            subfolders[:] = [name for name in subfolders if name not in RECORD_FOLDERS]
        section = relative.split("/", 1)[0]
        problems += _linked_folder_problems(Path(folder), subfolders, config.root)
        warnings += _folder_named_like_an_event_warnings(Path(folder), subfolders, config.root)
        for name in sorted(names):
            if name.startswith("."):
                continue
            if not name.endswith(EVENT_SUFFIX):
                side_files.append(_stamped(Path(folder, name), config.root))
                continue
            if name.lower().endswith(config.translation_endings):  # see translations.py
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


def _stamped(path: Path, root: Path) -> str:
    """A file as its path, modification time and size, or its path alone if it is gone."""
    shown = path.relative_to(root).as_posix()
    try:
        status = path.stat()
    except OSError:
        return shown
    return f"{shown}\0{status.st_mtime_ns}\0{status.st_size}"


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
