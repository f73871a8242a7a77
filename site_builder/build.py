"""One build, start to finish: config -> content -> timeline -> pages -> output folder."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig, load_config
from site_builder.incremental.cache import CACHE_FOLDER
from site_builder.incremental.changes import ChangeKind, change_kind
from site_builder.incremental.reuse import Reuse
from site_builder.model.urls import Urls
from site_builder.page import Page
from site_builder.problems import Problem, SiteError
from site_builder.render.site import SiteRenderer
from site_builder.render.templates import read_templates
from site_builder.theme import STATIC, layers
from site_builder.write.output import check_output_dir, static_files, write_site


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
        self._last = None
        self.reuse.changed(edited)
        config = load_config(self.options.root)
        if self.options.base_url:
            config = config.with_base_url(self.options.base_url)
        content = self.reuse.content(config)
        timeline = self.reuse.timeline(content.events, config.page_size)
        pages = self._renderer_for(config).render(timeline, self.reuse.source_keys)
        static = _static_files(config)
        _refuse_overlaps(pages, static)
        self._last = Site(
            config, len(timeline.entries), pages, static, config.warnings + content.warnings
        )
        return self._last

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
