"""Rendering the timeline into pages with the site's Jinja2 templates: pure, no files written."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.dates import human_date, human_published, human_span
from site_builder.markup import MarkdownConverter
from site_builder.problems import Problem, SiteError
from site_builder.timeline import Entry, Timeline, TopicTimeline
from site_builder.urls import Urls


@dataclass(frozen=True)
class Page:
    """One output file: its path below the output folder and its text."""

    path: str
    text: str


class SiteRenderer:
    """Holds the template environment (templates compile once) and renders every page."""

    def __init__(self, config: SiteConfig, urls: Urls) -> None:
        self.config = config
        self.markdown = MarkdownConverter()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(config.templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(site=config, url=urls.path, absolute_url=urls.absolute)
        self.env.filters.update(
            human_date=human_date, human_span=human_span, human_published=human_published
        )

    def render(self, timeline: Timeline, drafts_shown: bool = False) -> list[Page]:
        """Every page of the site, in a stable order."""
        common = {"timeline": timeline, "drafts_shown": drafts_shown}
        pages = [self._page("", "timeline.html", common)]
        pages += [self._event_page(entry, common) for entry in timeline.entries]
        pages.append(self._page("topics/", "topics.html", common))
        pages += [self._topic_page(topic, common) for topic in timeline.topics]
        pages.append(self._page("404.html", "404.html", common))
        return pages

    def _event_page(self, entry: Entry, common: dict[str, Any]) -> Page:
        body = Markup(self.markdown.convert(entry.event.body))
        return self._page(
            entry.event.url_path, "event.html", {**common, "entry": entry, "body": body}
        )

    def _topic_page(self, topic: TopicTimeline, common: dict[str, Any]) -> Page:
        return self._page(f"topics/{topic.topic.slug}/", "topic.html", {**common, "topic": topic})

    def _page(self, page_url: str, template_name: str, context: dict[str, Any]) -> Page:
        """Render one template; `page_url` is the page's address below the base."""
        path = page_url + "index.html" if page_url.endswith("/") or not page_url else page_url
        try:
            template = self.env.get_template(template_name)
            text = template.render(context, page_url=page_url)
        except Exception as error:  # a user's template can raise anything
            raise SiteError(
                [template_problem(error, self.config.templates_dir, self.config.root)]
            ) from None
        return Page(path, text)


def template_problem(error: Exception, templates_dir: Path, root: Path) -> Problem:
    """Name the template file and line where rendering failed."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        shown = _shown_template(error.filename or error.name or "", templates_dir, root)
        return Problem(shown, error.lineno, None, f"template syntax error: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        shown = _shown_template(str(error.name or ""), templates_dir, root)
        return Problem(shown, None, None, "template not found")
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(templates_dir.resolve())
    ]
    if not frames:
        return Problem(_shown_template("", templates_dir, root), None, None, f"{error}")
    frame = frames[-1]
    shown = _shown_template(frame.filename, templates_dir, root)
    kind = "undefined value" if isinstance(error, jinja2.UndefinedError) else type(error).__name__
    return Problem(shown, frame.lineno, None, f"{kind}: {error}")


def _shown_template(name: str, templates_dir: Path, root: Path) -> str:
    path = Path(name) if Path(name).is_absolute() else templates_dir / name
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
