"""Finding and reading every event file under `content/`, all checked before any output.

Read here as if every build were the first; what a rebuild keeps from the last one is
`incremental/content.py`'s, which calls the same steps.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from site_builder.config import SiteConfig, site_file_status
from site_builder.content.events import parse_event
from site_builder.model.records import Event, Kind
from site_builder.model.slugs import is_slug
from site_builder.problems import Problem, SiteError
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import one_line

EVENT_SUFFIX = ".md"


@dataclass(frozen=True)
class Content:
    """Every event of the site, drafts included, and warnings worth showing."""

    events: tuple[Event, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ParsedFile:
    """What reading one event file gave: its event, or the problems that kept it out."""

    event: Event | None
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]


class EventFile(NamedTuple):
    """An event file: where it is, how messages name it, and its section."""

    path: Path
    shown: str
    section: str


@dataclass(frozen=True)
class Listing:
    """The event files under `content/`, in a stable order, and what listing them found."""

    files: tuple[EventFile, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]


def load_content(config: SiteConfig) -> Content:
    """Read and validate every event file; raises SiteError listing every problem."""
    listing = list_event_files(config)
    return gathered(listing, {file.shown: read_event_file(file, config) for file in listing.files})


def existing_events(config: SiteConfig) -> list[Event]:
    """The events of every file that reads without problems; the others are skipped."""
    parsed = (read_event_file(file, config) for file in list_event_files(config).files)
    return [result.event for result in parsed if result.event is not None]


def gathered(
    listing: Listing, parsed: Mapping[str, ParsedFile], *, check_clashes: bool = True
) -> Content:
    """The content of the listed files, read into `parsed` (by how messages name them);
    raises SiteError with every problem, the listing's and each file's, and two events at
    one URL or one topic spelt two ways, unless `check_clashes` is off (a rebuild that
    knows the names are as they were when last checked)."""
    events = [result.event for result in parsed.values() if result.event is not None]
    problems = [*listing.problems]
    problems += [problem for result in parsed.values() for problem in result.problems]
    if check_clashes:
        problems += _same_url_problems(events) + _topic_spelling_problems(events)
    if problems:
        raise SiteError(problems)
    warnings = [warning for result in parsed.values() for warning in result.warnings]
    return Content(tuple(events), listing.warnings + tuple(warnings))


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


def section_names(config: SiteConfig) -> list[str]:
    """The section folders of `content/`, by name (none when there is no `content/`)."""
    content = config.content_dir
    if not content.is_dir():
        return []
    return sorted(p.name for p in content.iterdir() if p.is_dir() and not p.name.startswith("."))


def list_event_files(config: SiteConfig) -> Listing:
    """Event files in `content/<section>/`, in a stable order; hidden files are skipped."""
    problems: list[Problem] = []
    warnings: list[str] = []
    files = _event_files(config, problems, warnings)
    return Listing(tuple(files), tuple(problems), tuple(warnings))


def _event_files(
    config: SiteConfig, problems: list[Problem], warnings: list[str]
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
