"""One build, start to finish: config -> content -> timeline -> pages -> output folder."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import posixpath
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import CONFIG_FILE, SiteConfig, load_config
from site_builder.content.loader import EVENT_SUFFIX, PARSED_STORE, ParseCache, load_content
from site_builder.incremental.cache import CACHE_FOLDER, Store
from site_builder.incremental.memo import replaced_positions
from site_builder.model.records import Event
from site_builder.model.timeline import Timeline, build_timeline, with_event_replaced
from site_builder.model.urls import Urls
from site_builder.page import Page
from site_builder.problems import Problem, SiteError
from site_builder.render.site import SiteRenderer
from site_builder.render.templates import read_templates
from site_builder.theme import STATIC, TEMPLATES, layers
from site_builder.write.output import check_output_dir, static_files, write_site

MAX_PATCHED_EDITS = 8  # more events edited at once than this: the timeline is built anew


class ChangeKind(enum.Enum):
    """What a changed path of a site is to a build, as Zola's `ChangeKind`: it says what a
    rebuild must do again. See `change_kind`."""

    CONFIG = "config"  # site.yaml: everything
    EVENT = "event"  # a .md file in content/: read again that file alone, when it was listed
    CONTENT = "content"  # anything else in content/ (a folder, another file): list it again
    TEMPLATES = "templates"  # templates/ or anything in it: the pages again
    STATIC = "static"  # static/ or anything in it: the static files again, not the pages
    IGNORED = "ignored"  # an editor's swap, backup or lock file: no build reads it
    OTHER = "other"  # not a source of the site: build/, .cache/, a file beside site.yaml

    @property
    def is_source(self) -> bool:
        """Whether a change of this kind can change what a build makes."""
        return self not in (ChangeKind.IGNORED, ChangeKind.OTHER)


# The folders of a site that a build reads, and what a change in each is.
SOURCE_FOLDERS = {
    "content": ChangeKind.CONTENT,
    TEMPLATES: ChangeKind.TEMPLATES,
    STATIC: ChangeKind.STATIC,
}


def change_kind(path: str) -> ChangeKind:
    """What a change to `path`, relative to the site's root as a watcher reports it (`/`
    between names), is to a build. A path ending in `/` is a folder: `content/x.md/` is no
    event file. `..` is followed (`static/../site.yaml` is the config); a path leading out of
    the site, or absolute, is OTHER."""
    normal = posixpath.normpath(path)
    if path.startswith("/") or normal == "." or normal.split("/", 1)[0] == "..":
        return ChangeKind.OTHER
    parts = normal.split("/")
    if is_editor_litter(parts[-1]):
        return ChangeKind.IGNORED
    if normal == CONFIG_FILE:
        return ChangeKind.CONFIG
    kind = SOURCE_FOLDERS.get(parts[0], ChangeKind.OTHER)
    if kind is ChangeKind.CONTENT and len(parts) > 1 and not path.endswith("/"):
        return ChangeKind.EVENT if normal.endswith(EVENT_SUFFIX) else kind
    return kind


def is_editor_litter(name: str) -> bool:
    """Swap, backup and lock files that editors write beside the file being edited."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"
    )


@dataclass(frozen=True)
class BuildOptions:
    """What the command line can change about a build."""

    root: Path
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    # Keep a manifest of what was written in the output folder, so that the next build
    # updates it in place; off for one-off builds into a temporary folder.
    recorded: bool = True
    # Remove what the output folder holds that this build does not make, even files that
    # a build of ours did not write.
    clean: bool = False


@dataclass(frozen=True)
class Site:
    """A built site, before it is written: its pages, its static files and what to warn of."""

    config: SiteConfig
    events: int
    pages: list[Page]
    static: dict[str, Path]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class BuildResult:
    events: int
    pages: int
    files: int
    written: int
    seconds: float
    output: Path
    warnings: tuple[str, ...]


class SiteBuilder:
    """Builds a site again and again, reusing what has not changed since the last time.

    Event files are parsed again only when their modification time or size changed;
    pages are rendered again only when their inputs changed; templates are compiled
    again only when a file in templates/ or the config changed.
    """

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self._parse_cache = ParseCache()
        self._parsed_store = Store(options.root / CACHE_FOLDER, PARSED_STORE)  # opened once
        self._renderer: SiteRenderer | None = None
        self._renderer_key: object = None
        self._last: Site | None = None  # the last successful build, while it is the latest
        self._content_read = False  # whether the last build read content/ (and so saw edits)
        self._timeline: tuple[tuple[Event, ...], int, Timeline] | None = None  # and its input

    def rebuild(self, changed: Collection[str]) -> Site:
        """`build()` again after the site-relative paths `changed` changed, every change since
        the last build, as a watcher reports them. When they are all in static/ (see
        `change_kind`), the pages of the last build stand and only the static files are
        listed; when they are all event files, only those are read again."""
        last = self._last
        kinds = {change_kind(path) for path in changed}
        if last is not None and kinds == {ChangeKind.STATIC}:
            static = _static_files(last.config)
            _refuse_overlaps(last.pages, static)
            return dataclasses.replace(last, static=static)
        if kinds == {ChangeKind.EVENT}:
            return self.build(edited=changed)
        return self.build()

    def build(self, edited: Collection[str] | None = None) -> Site:
        """Everything the output folder will hold; raises SiteError on any problem.

        `edited`: the only files changed since the last build (see `rebuild`)."""
        self._last = None
        if not self._content_read:  # a build that stopped earlier did not see the edits
            edited = None
        self._content_read = False
        config = load_config(self.options.root)
        if self.options.base_url:
            config = config.with_base_url(self.options.base_url)
        try:
            content = load_content(config, self._parse_cache, self._parsed_store, edited)
        finally:
            self._content_read = True
        timeline = self._timeline_of(content.events, config.page_size)
        pages = self._renderer_for(config).render(timeline, content.keys)
        static = _static_files(config)
        _refuse_overlaps(pages, static)
        self._last = Site(
            config, len(timeline.entries), pages, static, config.warnings + content.warnings
        )
        return self._last

    def _timeline_of(self, events: tuple[Event, ...], page_size: int) -> Timeline:
        """The last build's timeline with the events edited since replaced in it, when the
        edits leave everything in place; else the timeline built anew."""
        drafts = self.options.drafts
        timeline = _patched(self._timeline, events, page_size, drafts)
        if timeline is None:
            timeline = build_timeline(events, include_drafts=drafts, page_size=page_size)
        self._timeline = (events, page_size, timeline)
        return timeline

    def _renderer_for(self, config: SiteConfig) -> SiteRenderer:
        """The last renderer, while the config and every template (the site's and the theme's)
        are as they were; else a new one."""
        templates = read_templates(config.root)
        key = (config, templates)
        if self._renderer is None or key != self._renderer_key:
            urls = Urls(config.base_url)
            drafts = self.options.drafts
            self._renderer = SiteRenderer(config, urls, templates, drafts_shown=drafts)
            self._renderer_key = key
        return self._renderer


def _patched(
    last: tuple[tuple[Event, ...], int, Timeline] | None,
    events: Sequence[Event],
    page_size: int,
    drafts: bool,
) -> Timeline | None:
    """The `last` timeline with the few events edited since replaced in it, or None."""
    if last is None or last[1] != page_size or len(last[0]) != len(events):
        return None
    edited = replaced_positions(last[0], events)
    if len(edited) > MAX_PATCHED_EDITS:  # each costs a pass over the timeline
        return None
    edits = [(last[0][at], events[at]) for at in edited]
    timeline: Timeline | None = last[2]
    for old, new in edits:
        if timeline is not None:
            timeline = with_event_replaced(timeline, old, new, drafts)
    return timeline


def build(options: BuildOptions) -> BuildResult:
    """Build the site once; raises SiteError, with the output folder untouched, on any problem."""
    started = time.perf_counter()
    site = SiteBuilder(options).build()
    config = site.config
    output = options.output or config.root / "build"
    protected = (config.content_dir, config.templates_dir, config.static_dir)
    check_output_dir(output, config.root, protected)
    earlier = _earlier_manifest(config.root, output)
    written = write_site(
        site.pages,
        site.static,
        output,
        clean=options.clean,
        recorded=options.recorded,
        earlier=earlier,
    )
    earlier.unlink(missing_ok=True)  # the output's own manifest has taken its place
    return BuildResult(
        events=site.events,
        pages=sum(page.path.endswith(".html") for page in site.pages),
        files=len(site.pages) + len(site.static),
        written=written,
        seconds=time.perf_counter() - started,
        output=output,
        warnings=site.warnings,
    )


def _earlier_manifest(root: Path, output: Path) -> Path:
    """Where earlier versions recorded what a build wrote in `output`: read once, so that
    their output folders are still known as ours."""
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return root / CACHE_FOLDER / f"output-{name}.json"


def _static_files(config: SiteConfig) -> dict[str, Path]:
    """The theme's static files with the site's over them, file by file."""
    return static_files(layers(config.root, STATIC), config.root)


def _refuse_overlaps(pages: list[Page], static: dict[str, Path]) -> None:
    """A file in static/ must not silently replace a generated page."""
    overlaps = sorted(set(static) & {page.path for page in pages})
    if overlaps:
        message = "has the same path as a generated page; rename it"
        raise SiteError([Problem(f"static/{name}", None, None, message) for name in overlaps])
