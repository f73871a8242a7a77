"""One build, start to finish: config -> content -> timeline -> pages -> output folder."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig, load_config
from site_builder.content.places import place_warnings
from site_builder.incremental.cache import CACHE_FOLDER, build_key
from site_builder.incremental.changes import ChangeKind, change_kind
from site_builder.incremental.content import Scan
from site_builder.incremental.reuse import Outcome, Reuse
from site_builder.model.urls import Urls
from site_builder.page import Page
from site_builder.problems import Problem, SiteError
from site_builder.render.site import SiteRenderer
from site_builder.render.templates import Templates, read_templates
from site_builder.theme import STATIC, layers
from site_builder.write.output import (
    check_output_dir,
    content_digest,
    holds_build,
    remove_leftovers,
    static_files,
    write_site,
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
class Plan:
    """What a build reads, each part with what it was read from: the config, the event
    files (read where they changed, not yet parsed), the templates and the static files.
    Its `key` names all of it, with the generator's own code: two plans with one key make
    one output."""

    config: SiteConfig
    scan: Scan
    templates: Templates
    static: dict[str, Path]
    drafts: bool

    @functools.cached_property
    def key(self) -> str:
        static = [f"{name}\0{content_digest(name, path)}" for name, path in self.static.items()]
        options = repr(self.drafts)
        parts = (repr(self.config), options, self.templates.fingerprint, self.scan.key, *static)
        return build_key(*parts)


@dataclass(frozen=True)
class Site:
    """A built site, before it is written: its pages, its static files and what to warn of
    (`warnings` of the site's files; `cache_warnings` of `.cache/`, for this build alone)."""

    config: SiteConfig
    events: int
    pages: list[Page]
    static: dict[str, Path]
    warnings: tuple[str, ...]
    cache_warnings: tuple[str, ...] = ()


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
        self.reuse = Reuse(options.root, options.drafts)
        self._renderer: SiteRenderer | None = None
        self._renderer_key: object = None
        self._last: Site | None = None  # the last successful build, while it is the latest

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
        return self.make(self.plan(edited))

    def plan(self, edited: Collection[str] | None = None) -> Plan:
        """What a build reads, before it reads the events themselves (see `Plan`)."""
        self._last = None
        self.reuse.changed(edited)
        config = load_config(self.options.root)
        if self.options.base_url:
            config = config.with_base_url(self.options.base_url)
        scan = self.reuse.scan(config)
        templates = read_templates(config.root)
        return Plan(config, scan, templates, _static_files(config), self.options.drafts)

    def make(self, plan: Plan) -> Site:
        """The site that `plan` reads."""
        config = plan.config
        content = self.reuse.content(plan.scan)
        timeline = self.reuse.timeline(
            content.events, config.page_size, content.people, content.forums
        )
        renderer = self._renderer_for(config, plan.templates)
        pages = renderer.render(timeline, self.reuse.source_keys)
        _refuse_overlaps(pages, plan.static)
        places = place_warnings(content.events, config)
        self.reuse.keep_places()
        warnings = config.warnings + content.warnings + tuple(places)
        self._last = Site(
            config,
            len(timeline.entries),
            pages,
            plan.static,
            warnings,
            self.reuse.damage_warnings(),
        )
        return self._last

    def _renderer_for(self, config: SiteConfig, templates: Templates) -> SiteRenderer:
        """The last renderer, while the config and every template (the site's and the theme's)
        are as they were; else a new one."""
        key = (config, templates)
        if self._renderer is None or key != self._renderer_key:
            urls = Urls(config.base_url)
            drafts = self.options.drafts
            self._renderer = SiteRenderer(config, urls, templates, drafts_shown=drafts)
            self._renderer_key = key
        return self._renderer


def build(options: BuildOptions) -> BuildResult:
    """Build the site once; raises SiteError, with the output folder untouched, on any problem.

    When the output folder holds, as written, what a build of the same key (see `Plan`)
    made, nothing is made again: the build says what that one said."""
    started = time.perf_counter()
    builder = SiteBuilder(options)
    plan = builder.plan()
    config = plan.config
    output = options.output or config.root / "build"
    protected = (config.content_dir, config.templates_dir, config.static_dir)
    check_output_dir(output, config.root, protected)
    keyed = options.recorded and not options.clean  # a key is kept only in a manifest
    outcome = builder.reuse.outcome_of(plan.key) if keyed else None
    if outcome is not None and holds_build(output, plan.key):
        remove_leftovers(output)
        return _result(outcome, 0, started, output, outcome.warnings)
    site = builder.make(plan)
    earlier = _earlier_manifest(config.root, output)
    written = write_site(
        site.pages,
        site.static,
        output,
        clean=options.clean,
        recorded=options.recorded,
        earlier=earlier,
        key=plan.key if keyed else "",
    )
    earlier.unlink(missing_ok=True)  # the output's own manifest has taken its place
    pages = sum(page.path.endswith(".html") for page in site.pages)
    outcome = Outcome(site.events, pages, len(site.pages) + len(site.static), site.warnings)
    if keyed:
        builder.reuse.remember_outcome(plan.key, outcome)
    return _result(outcome, written, started, output, site.warnings + site.cache_warnings)


def _result(
    outcome: Outcome, written: int, started: float, output: Path, warnings: tuple[str, ...]
) -> BuildResult:
    seconds = time.perf_counter() - started
    return BuildResult(
        outcome.events, outcome.pages, outcome.files, written, seconds, output, warnings
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
