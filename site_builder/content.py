"""Finding and reading every event file under `content/`, all checked before any output."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.events import parse_event
from site_builder.model import Event, Kind
from site_builder.problems import Problem, SiteError
from site_builder.slugs import is_slug

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


def load_content(config: SiteConfig, cache: ParseCache | None = None) -> Content:
    """Read and validate every event file; raises SiteError listing every problem."""
    cache = cache if cache is not None else ParseCache()
    if cache.kinds != config.kinds:
        cache.kinds, cache.files = config.kinds, {}
    problems: list[Problem] = []
    parsed_files = {
        path: _parse_file(path, config, cache) for path in _event_files(config, problems)
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


def _parse_file(path: Path, config: SiteConfig, cache: ParseCache) -> ParsedFile:
    """The file's event or problems, from the cache when the file has not changed."""
    shown = _shown(path, config.root)
    try:
        status = path.stat()
    except OSError as error:
        return ParsedFile(
            (0, 0), None, (Problem(shown, None, None, f"cannot be read: {error.strerror}"),), ()
        )
    stamp = (status.st_mtime_ns, status.st_size)
    cached = cache.files.get(path)
    if cached is not None and cached.stamp == stamp:
        return cached
    section = path.relative_to(config.content_dir).parts[0]
    try:
        text = _read_text(path, config.root)
        event, warnings = parse_event(text, shown, section, config.kinds)
    except SiteError as error:
        return ParsedFile(stamp, None, tuple(error.problems), ())
    return ParsedFile(stamp, event, (), tuple(warnings))


def _event_files(config: SiteConfig, problems: list[Problem]) -> Iterator[Path]:
    """Event files in `content/<section>/`, in a stable order; hidden files are skipped."""
    content_dir = config.content_dir
    if not content_dir.is_dir():
        problems.append(
            Problem("content", None, None, "folder not found: events live in content/<section>/")
        )
        return
    for path in sorted(content_dir.rglob(f"*{EVENT_SUFFIX}")):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        shown = _shown(path, config.root)
        if len(relative.parts) == 1:
            message = "events belong in a section folder such as content/meetings/"
            problems.append(Problem(shown, None, None, message))
        elif not is_slug(relative.parts[0]):
            folder = relative.parts[0]
            message = f'the folder name "{folder}" is used in URLs: use letters, digits, hyphens'
            problems.append(Problem(shown, None, None, message))
        elif path.is_file():
            yield path


def _read_text(path: Path, root: Path) -> str:
    """The file's text; refuses files outside the site (through links) and non-UTF-8 bytes."""
    shown = _shown(path, root)
    if not path.resolve().is_relative_to(root.resolve()):
        message = "is a link to a file outside the site; copy the file in instead"
        raise SiteError([Problem(shown, None, None, message)])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SiteError([Problem(shown, None, None, f"cannot be read: {error.strerror}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        message = f"is not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        raise SiteError([Problem(shown, line, None, message)]) from None


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
                problems.append(Problem(event.path, None, "topics", message))
    return problems


def _shown(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the site root, with `/`."""
    return path.relative_to(root).as_posix()
