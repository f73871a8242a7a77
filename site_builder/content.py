"""Finding and reading every event file under `content/`, all checked before any output."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from site_builder.config import SiteConfig
from site_builder.events import parse_event
from site_builder.model import Event, Kind
from site_builder.problems import Problem, SiteError
from site_builder.slugs import is_slug
from site_builder.textfiles import decode_utf8
from site_builder.yamldoc import one_line

EVENT_SUFFIX = ".md"


@dataclass(frozen=True)
class Content:
    """Every event of the site, drafts included, and warnings worth showing."""

    events: tuple[Event, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ParsedFile:
    """What reading one file gave, kept while its modification time and size stay the same."""

    stamp: tuple[int, int]
    event: Event | None
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]


@dataclass
class ParseCache:
    """Parsed files by path, for rebuilds that read only the files that changed.

    Entries hold for one set of kinds: validation depends on them.
    """

    kinds: Mapping[str, Kind] = field(default_factory=dict)
    files: dict[Path, ParsedFile] = field(default_factory=dict)


class EventFile(NamedTuple):
    """An event file: where it is, how messages name it, and its section."""

    path: Path
    shown: str
    section: str


def load_content(config: SiteConfig, cache: ParseCache | None = None) -> Content:
    """Read and validate every event file; raises SiteError listing every problem."""
    cache = cache if cache is not None else ParseCache()
    if cache.kinds != config.kinds:
        cache.kinds, cache.files = config.kinds, {}
    problems: list[Problem] = []
    parsed_files = {
        file.path: _parse_file(file, config, cache) for file in _event_files(config, problems)
    }
    cache.files = parsed_files
    events = [parsed.event for parsed in parsed_files.values() if parsed.event is not None]
    problems += [problem for parsed in parsed_files.values() for problem in parsed.problems]
    problems += _same_url_problems(events)
    problems += _topic_spelling_problems(events)
    if problems:
        raise SiteError(problems)
    warnings = tuple(warning for parsed in parsed_files.values() for warning in parsed.warnings)
    return Content(tuple(events), warnings)


def existing_events(config: SiteConfig) -> list[Event]:
    """The events of every file that reads without problems; the others are skipped."""
    cache = ParseCache(config.kinds)
    files = _event_files(config, [])
    parsed = (_parse_file(file, config, cache) for file in files)
    return [result.event for result in parsed if result.event is not None]


def _parse_file(file: EventFile, config: SiteConfig, cache: ParseCache) -> ParsedFile:
    """The file's event or problems, from the cache when the file has not changed."""
    try:
        status = file.path.stat()
    except FileNotFoundError:
        if not file.path.is_symlink():  # renamed or removed since it was listed: not there
            return ParsedFile((0, 0), None, (), ())
        problem = Problem(
            file.shown, None, None, "is a link to a file that does not exist; remove the link"
        )
        return ParsedFile((0, 0), None, (problem,), ())
    except OSError as error:
        problem = Problem(file.shown, None, None, f"cannot be read: {error.strerror}")
        return ParsedFile((0, 0), None, (problem,), ())
    if not stat.S_ISREG(status.st_mode):  # reading a named pipe would wait forever
        problem = Problem(file.shown, None, None, "is not a regular file; replace it with one")
        return ParsedFile((0, 0), None, (problem,), ())
    stamp = (status.st_mtime_ns, status.st_size)
    cached = cache.files.get(file.path)
    if cached is not None and cached.stamp == stamp:
        return cached
    try:
        text = _read_text(file.path, file.shown, config.root)
        event, warnings = parse_event(text, file.shown, file.section, config.kinds)
    except SiteError as error:
        return ParsedFile(stamp, None, tuple(error.problems), ())
    except FileNotFoundError:  # renamed or removed while being read
        return ParsedFile((0, 0), None, (), ())
    return ParsedFile(stamp, event, (), tuple(warnings))


def _event_files(config: SiteConfig, problems: list[Problem]) -> list[EventFile]:
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


def _read_text(path: Path, shown: str, root: Path) -> str:
    """The file's text; refuses files outside the site (through links) and non-UTF-8 bytes."""
    if not path.resolve().is_relative_to(root.resolve()):
        message = "is a link to a file outside the site; copy the file in instead"
        raise SiteError([Problem(shown, None, None, message)])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise  # gone since it was listed: the caller leaves it out
    except OSError as error:
        raise SiteError([Problem(shown, None, None, f"cannot be read: {error.strerror}")]) from None
    return decode_utf8(data, shown)


def _same_url_problems(events: list[Event]) -> list[Problem]:
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
    first_by_slug: dict[str, tuple[str, Event]] = {}
    problems = []
    for event in events:
        for topic in event.topics:
            name, first = first_by_slug.setdefault(topic.slug, (topic.name, event))
            if name != topic.name:
                message = (
                    f'"{topic.name}" and "{name}" (in {first.path}) share the page '
                    f"/topics/{topic.slug}/; spell the topic the same way in both"
                )
                problems.append(Problem(event.path, None, "topics", one_line(message)))
    return problems
