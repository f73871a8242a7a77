"""Rendering the timeline into pages with the site's Jinja2 templates: pure, no files written."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.dates import atom_date, human_date, human_published, human_span
from site_builder.exports import calendar_ics, events_csv, timeline_json
from site_builder.markup import MarkdownConverter
from site_builder.memo import PerEvent
from site_builder.model import Event
from site_builder.overview import place_map, time_axis
from site_builder.problems import Problem, SiteError
from site_builder.search import search_index
from site_builder.slugs import slugify
from site_builder.structured import event_json_ld
from site_builder.timeline import Entry, Timeline, TopicTimeline
from site_builder.urls import Urls

CACHE_FOLDER = ".cache"


@dataclass(frozen=True)
class Page:
    """One output file: its path below the output folder and its text."""

    path: str
    text: str


class SiteRenderer:
    """Holds the template environment (templates compile once) and renders every page.

    A page whose inputs equal those of the previous render is not rendered again, so a
    preview's rebuild after one edit renders only the pages that edit touches. A renderer
    is for one set of templates: make a new one when they change.
    """

    def __init__(self, config: SiteConfig, urls: Urls, drafts_shown: bool = False) -> None:
        self.config = config
        self.urls = urls
        self.drafts_shown = drafts_shown
        self.markdown = MarkdownConverter(config.root / CACHE_FOLDER)
        self.env = jinja2.Environment(
            loader=TemplateLoader(config.templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.globals.update(
            site=config,
            url=urls.path,
            absolute_url=urls.absolute,
            drafts_shown=drafts_shown,
            card=self._card,
            json_ld=lambda event: event_json_ld(event, urls),
        )
        self.env.filters.update(
            human_date=human_date,
            human_span=human_span,
            human_published=human_published,
            atom_date=atom_date,
            slug=slugify,
        )
        self._previous: dict[str, tuple[object, Page]] = {}
        self._current: dict[str, tuple[object, Page]] = {}
        self._cards: dict[tuple[str, int], tuple[Event, Markup]] = {}
        self._per_event = PerEvent()

    def render(self, timeline: Timeline) -> list[Page]:
        """Every page of the site, in a stable order."""
        self._current = {}
        pages = [
            self._page(
                "",
                "timeline.html",
                timeline,
                timeline=timeline,
                axis=time_axis(timeline.events),
                place_map=place_map(timeline.events, self.config.places),
            )
        ]
        pages += self._event_pages(timeline.entries)
        pages.append(self._page("topics/", "topics.html", timeline, timeline=timeline))
        pages += [self._topic_page(topic) for topic in timeline.topics]
        pages += [
            self._page(f"kinds/{kind.kind.slug}/", "kind.html", kind, kind=kind)
            for kind in timeline.kinds
        ]
        pages.append(self._page("404.html", "404.html", timeline, timeline=timeline))
        listed = [page.path.removesuffix("index.html") for page in pages if page.path != "404.html"]
        pages.append(self._page("sitemap.xml", "sitemap.xml", listed, pages=listed))
        pages.append(self._page("feed.xml", "feed.xml", timeline, timeline=timeline))
        pages.append(self._page("robots.txt", "robots.txt", None))
        pages += [
            self._plain(path, timeline, make) for path, make in self._data_files(timeline).items()
        ]
        pages += publishing_files(self.config)
        taken = _taken_addresses(pages, timeline)
        if taken:
            raise SiteError(taken)
        self._previous = self._current
        live = {entry.event.url_path for entry in timeline.entries}
        self._cards = {key: card for key, card in self._cards.items() if key[0] in live}
        self._per_event.keep_only(timeline.events)
        return pages

    def _card(self, event: Event, heading_level: int = 3) -> Markup:
        """An event as it appears in lists (`_card.html`), rendered once per event."""
        key = (event.url_path, heading_level)
        cached = self._cards.get(key)
        if cached is None or cached[0] != event:
            template = self.env.get_template("_card.html")
            cached = (event, Markup(template.render(event=event, heading_level=heading_level)))
            self._cards[key] = cached
        return cached[1]

    def _event_pages(self, entries: tuple[Entry, ...]) -> list[Page]:
        """Event pages see their entry (event, neighbours, gap), not the whole timeline.

        The bodies of the pages to render are converted together, which lets the converter
        use its cache and every core.
        """
        pages = {
            entry.event.url_path: self._reuse(entry.event.url_path, entry) for entry in entries
        }
        todo = [entry for entry in entries if pages[entry.event.url_path] is None]
        bodies = self.markdown.convert_many([entry.event.body for entry in todo])
        for entry, body in zip(todo, bodies, strict=True):
            context = {"entry": entry, "body": Markup(body)}
            pages[entry.event.url_path] = self._page(
                entry.event.url_path, "event.html", entry, **context
            )
        return [page for page in pages.values() if page is not None]

    def _topic_page(self, topic: TopicTimeline) -> Page:
        return self._page(f"topics/{topic.topic.slug}/", "topic.html", topic, topic=topic)

    def _data_files(self, timeline: Timeline) -> dict[str, Callable[[], str]]:
        """Files made by code from the whole timeline: the search index and the exports."""
        config, urls, memo = self.config, self.urls, self._per_event
        return {
            "search-index.json": lambda: search_index(timeline, urls, memo),
            "timeline.json": lambda: timeline_json(timeline, config, urls, memo),
            "calendar.ics": lambda: calendar_ics(timeline, config, urls, memo),
            "events.csv": lambda: events_csv(timeline, urls, memo),
        }

    def _plain(self, path: str, inputs: object, make: Callable[[], str]) -> Page:
        """A file made by code rather than a template, reused while its inputs are unchanged."""
        cached = self._reuse(path, inputs)
        if cached is None:
            cached = Page(path, make())
            self._current[path] = (inputs, cached)
        return cached

    def _reuse(self, page_url: str, inputs: object) -> Page | None:
        previous = self._previous.get(page_url)
        if previous is None or previous[0] != inputs:
            return None
        self._current[page_url] = previous
        return previous[1]

    def _page(self, page_url: str, template_name: str, inputs: object, **context: Any) -> Page:
        """Render one template, unless `inputs` are what the page was last rendered from.

        `page_url` is the page's address below the base.
        """
        cached = self._reuse(page_url, inputs)
        if cached is not None:
            return cached
        path = page_url + "index.html" if page_url.endswith("/") or not page_url else page_url
        try:
            template = self.env.get_template(template_name)
            text = template.render(context, page_url=page_url)
        except Exception as error:  # a user's template can raise anything
            problem = template_problem(error, self.config.templates_dir, self.config.root)
            raise SiteError([problem]) from None
        page = Page(path, text)
        self._current[page_url] = (inputs, page)
        return page


class TemplateEncodingError(Exception):
    """A template file that is not UTF-8 text."""

    def __init__(self, path: Path, error: UnicodeDecodeError) -> None:
        data = error.object
        self.path = path
        self.line = data[: error.start].count(b"\n") + 1
        super().__init__(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        )


class TemplateLoader(jinja2.FileSystemLoader):
    """Loads templates by their full path, so that messages can name the file whatever the
    working folder, and says which file is not UTF-8."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        super().__init__(self.folder)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:
            raise TemplateEncodingError(self.folder / template, error) from None


def _taken_addresses(pages: list[Page], timeline: Timeline) -> list[Problem]:
    """Events whose page has the address of a page the site makes (`content/topics/asean.md`)."""
    counts = Counter(page.path for page in pages)
    message = (
        "is also the address of a page the site makes (a topic or kind page); "
        "move the file to another section folder or give it another slug"
    )
    return [
        Problem(entry.event.path, None, "slug", f"/{entry.event.url_path} {message}")
        for entry in timeline.entries
        if counts[entry.event.url_path + "index.html"] > 1
    ]


def publishing_files(config: SiteConfig) -> list[Page]:
    """Files GitHub Pages reads: `.nojekyll` (serve files as they are) and `CNAME`."""
    files = [Page(".nojekyll", "")]
    if config.cname:
        files.append(Page("CNAME", config.cname + "\n"))
    return files


def template_problem(error: Exception, templates_dir: Path, root: Path) -> Problem:
    """Name the template file and line where rendering failed."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        shown = _shown_template(error.filename or error.name or "", templates_dir, root)
        return Problem(shown, error.lineno, None, f"template syntax error: {error.message}")
    if isinstance(error, TemplateEncodingError):
        shown = _shown_template(str(error.path), templates_dir, root)
        return Problem(shown, error.line, None, str(error))
    frame = _last_template_frame(error, templates_dir)
    if isinstance(error, jinja2.TemplateNotFound):
        if frame is None:  # a page's own template
            shown = _shown_template(str(error.name or ""), templates_dir, root)
            return Problem(shown, None, None, "template not found")
        shown = _shown_template(frame.filename, templates_dir, root)
        return Problem(shown, frame.lineno, None, f'template "{error.name}" not found')
    if frame is None:
        return Problem(_shown_template("", templates_dir, root), None, None, f"{error}")
    shown = _shown_template(frame.filename, templates_dir, root)
    kind = "undefined value" if isinstance(error, jinja2.UndefinedError) else type(error).__name__
    return Problem(shown, frame.lineno, None, f"{kind}: {error}")


def _last_template_frame(error: Exception, templates_dir: Path) -> traceback.FrameSummary | None:
    """The innermost line of a template that the error passed through."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(templates_dir.resolve())
    ]
    return frames[-1] if frames else None


def _shown_template(name: str, templates_dir: Path, root: Path) -> str:
    path = Path(name) if Path(name).is_absolute() else templates_dir / name
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
