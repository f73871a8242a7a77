"""One build, start to finish: config -> content -> timeline -> pages -> output folder."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig, load_config
from site_builder.content import load_content
from site_builder.output import check_output_dir, static_files, write_site
from site_builder.problems import Problem, SiteError
from site_builder.render import Page, SiteRenderer
from site_builder.timeline import build_timeline
from site_builder.urls import Urls


@dataclass(frozen=True)
class BuildOptions:
    """What the command line can change about a build."""

    root: Path
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False


@dataclass(frozen=True)
class BuildResult:
    events: int
    pages: int
    files: int
    seconds: float
    output: Path
    warnings: tuple[str, ...]


def load_site_config(options: BuildOptions) -> SiteConfig:
    config = load_config(options.root)
    return config.with_base_url(options.base_url) if options.base_url else config


def build(options: BuildOptions) -> BuildResult:
    """Build the site; raises SiteError, with the output folder untouched, on any problem."""
    started = time.perf_counter()
    config = load_site_config(options)
    output = options.output or config.root / "build"
    check_output_dir(
        output, config.root, (config.content_dir, config.templates_dir, config.static_dir)
    )
    content = load_content(config)
    timeline = build_timeline(content.events, include_drafts=options.drafts)
    pages = SiteRenderer(config, Urls(config.base_url)).render(
        timeline, drafts_shown=options.drafts
    )
    static = static_files(config.static_dir, config.root)
    _refuse_overlaps(pages, static)
    files = write_site(pages, static, output)
    return BuildResult(
        events=len(timeline.entries),
        pages=len(pages),
        files=files,
        seconds=time.perf_counter() - started,
        output=output,
        warnings=config.warnings + content.warnings,
    )


def _refuse_overlaps(pages: list[Page], static: dict[str, Path]) -> None:
    """A file in static/ must not silently replace a generated page."""
    overlaps = sorted(set(static) & {page.path for page in pages})
    if overlaps:
        raise SiteError(
            [
                Problem(
                    f"static/{name}", None, None, "has the same path as a generated page; rename it"
                )
                for name in overlaps
            ]
        )
