"""Rendering the timeline into pages with the site's Jinja2 templates: pure, no files written."""

from __future__ import annotations

import functools
import operator
import pickle
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.exports.formats import shared_slugs
from site_builder.exports.registry import ExportFile, build_exports, parts_with_pages
from site_builder.incremental.cache import CACHE_FOLDER, Store, cache_key
from site_builder.incremental.compiled import compiled_templates
from site_builder.incremental.kept_events import KeptEvent, KeptEvents
from site_builder.incremental.memo import Mapped, PerEvent, replaced_positions, same_where_replaced
from site_builder.incremental.parallel import MIN_ITEMS, parallel_map
from site_builder.model.dates import When, atom_date
from site_builder.model.records import Event
from site_builder.model.slugs import slugify
from site_builder.model.timeline import Entry, Timeline
from site_builder.model.urls import Urls
from site_builder.page import Page
from site_builder.problems import Problem, SiteError
from site_builder.render import limits
from site_builder.render import pages as registry
from site_builder.render.languages import ONE_LANGUAGE, SiteLanguages
from site_builder.render.links import EventLinks
from site_builder.render.markup import (
    MarkdownConverter,
    convert_within_limits,
    nesting_problems,
    pack_html,
)
from site_builder.render.pages import PageInputs, PageKind, PlannedPage, publishing_files
from site_builder.render.share import mail_link, share_links
from site_builder.render.structured import event_json_ld, person_json_ld
from site_builder.render.templates import (
    Templates,
    endless_template_problem,
    template_environment,
    template_problem,
)
from site_builder.render.words import Words

LISTINGS_STORE = "listings"  # the store of the other pages that name their events
CARD_LEVELS = (3,)  # the heading levels the default theme's lists give cards
ROW_PART = "row"  # an event as one line of a topic's or kind's list (`_row.html`)
# An event as one line of the embed (`_embed_line.html`), kept in `.cache/` with its page: the
# embed lists every event, so an edit makes it again, from every event's line.
EMBED_LINE_PART = "embed-line"


def card_part(heading_level: int) -> str:
    """The name of an event's card among its per-event results."""
    return f"card-{heading_level}"


@dataclass(frozen=True)
class RenderedEvent:
    """What rendering one event gave: its page and its per-event parts."""

    page: Page
    parts: dict[str, object]


@dataclass
class KindStats:
    """What the last render did for one kind of page: the addresses of the pages it rendered
    and of those it took from `.cache/`, and how many it kept as the render before left them."""

    rendered: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    reused: int = 0


StoreRow = tuple[str, str, bytes]  # a page to keep in `.cache/`: its address, key and bytes


class SiteRenderer:
    """Holds the template environment (templates compile once) and renders every page of
    every kind in `PAGE_KINDS` (pages.py).

    A page whose inputs equal those of the previous render is not rendered again, so a
    preview's rebuild after one edit renders only the pages that edit touches; `stats` says
    what the last render did. A renderer is for one set of templates: make a new one when
    they change.
    """

    def __init__(
        self,
        config: SiteConfig,
        urls: Urls,
        templates: Templates,
        drafts_shown: bool = False,
        languages: SiteLanguages = ONE_LANGUAGE,
    ) -> None:
        """`config` is the config of the language the pages are in (`SiteConfig.in_language`);
        `languages` says which pages the others have, for the links to their versions."""
        self.config = config
        self.templates = templates
        self.urls = urls
        self.drafts_shown = drafts_shown
        self.markdown = MarkdownConverter(config.root / CACHE_FOLDER, config.markdown_extensions)
        self._links = EventLinks(config, urls, self.markdown)  # between events, by file name
        # Another language's pages are kept apart from the site's own: they share addresses.
        kept_in = config.root / CACHE_FOLDER / (config.tree and f"languages/{config.tree}")
        self._listings = Store(kept_in, LISTINGS_STORE)
        self._fingerprint = cache_key(
            "rendered", repr(config), repr(drafts_shown), templates.fingerprint, languages.key
        )
        self._kept = KeptEvents(kept_in, self._fingerprint)
        # Event pages rendered by this render, with the keys of what each was made from: kept
        # in `.cache/` once the exports have computed their parts.
        self._unkept: list[tuple[Event, str, Page]] = []
        self.kinds: tuple[PageKind, ...] = registry.PAGE_KINDS  # read here: a test adds one
        (self._event_kind,) = [kind for kind in self.kinds if kind.each_event]
        self._templates = {kind.name: kind.template_in(templates.layers) for kind in self.kinds}
        compiled = compiled_templates(config.root / CACHE_FOLDER, "html")
        assets = Urls(config.root_url)  # the static files' and pictures' root
        words = Words.for_site(config.root, config.language)  # the site's catalogs first
        self.env = template_environment(templates.layers, html=True, words=words, compiled=compiled)
        self.words: Words = self.env.words  # the templates' own
        self.env.globals.update(
            site=config,
            url=urls.path,
            absolute_url=urls.absolute,
            # The static files and pictures: one copy at the site's root for every language.
            asset_url=assets.path,
            asset_absolute_url=assets.absolute,
            alternates=languages.alternates,
            versions=functools.partial(languages.versions, config.language),
            drafts_shown=drafts_shown,
            card=self._card,
            row=self._row,
            embed_lines=self._embed_lines,
            json_ld=lambda event: event_json_ld(event, urls),
            person_json_ld=lambda person: person_json_ld(person, urls),
            share_links=share_links,
            mail_link=mail_link,
            time_element=time_element,
        )
        self.env.filters.update(atom_date=atom_date, slug=slugify, script_language=script_language)
        self.stats: dict[str, KindStats] = {}  # the last render's, by kind
        # Each page and data file but the event pages, by address, with what it was made from.
        self._previous: dict[str, tuple[object, Page]] = {}
        self._current: dict[str, tuple[object, Page]] = {}
        # What a kind's `added` kept from each page's last rendering (the overview's layouts).
        self._added: dict[str, object] = {}
        # Event pages, apart: by address, with the entry each was rendered from; and the
        # entries and pages of the last render, in order.
        self._event_kept: dict[str, tuple[Entry, Page]] = {}
        self._last_event_pages: tuple[tuple[Entry, ...], list[Page]] = ((), [])
        self._per_event = PerEvent()
        self._page_paths: Mapped[Page, str] = Mapped()
        self._last_shared: tuple[Sequence[Event], frozenset[str]] = ((), frozenset())

    def render(
        self, timeline: Timeline, source_keys: Mapping[str, str] | None = None
    ) -> list[Page]:
        """Every page of the site, in a stable order: each kind's, in the order of the kinds.

        `source_keys` are the keys of what each event was read from (`Content.keys`): with
        them, event pages and the pages that name their events are kept in `.cache/` for the
        next build.
        """
        self._current = {}
        self._unkept = []
        self.stats = {kind.name: KindStats() for kind in self.kinds}
        # Event pages first: rendering them computes the cards that the lists show.
        # Not `source_keys or {}`: the truth of a mapping is its length, a pass over the site.
        keys: Mapping[str, str] = {} if source_keys is None else source_keys
        self._forget_relinked(timeline.events)
        made = {self._event_kind.name: self._event_pages(timeline.entries, keys)}
        self._links.check(timeline.events)  # every body's, kept pages' too
        # A renderer's first render takes the other pages from `.cache/`; later ones (a
        # preview's) have them in memory.
        from_cache = source_keys if not self._previous else None
        to_store: list[StoreRow] = []
        site = PageInputs(timeline, self.config)
        first = [kind for kind in self.kinds if not (kind.each_event or kind.lists_pages)]
        made |= self._pages_of(first, site, from_cache, to_store)
        in_sitemap = (made.get(kind.name, ()) for kind in self.kinds if kind.in_sitemap)
        paths = self._page_paths(tuple(chain(*in_sitemap)), operator.attrgetter("path"))
        site = PageInputs(
            timeline, self.config, [path.removesuffix("index.html") for path in paths]
        )
        last = [kind for kind in self.kinds if kind.lists_pages]
        made |= self._pages_of(last, site, from_cache, to_store)
        files = [
            self._plain(file.path, file.parts, file.joined) for file in self._data_files(timeline)
        ]
        if not self.config.tree:  # GitHub Pages reads them at the site's root alone
            files += publishing_files(self.config)
        unlisted = [page for kind in self.kinds if not kind.in_sitemap for page in made[kind.name]]
        addresses = [*paths, *(page.path for page in unlisted + files)]
        if len(set(addresses)) != len(addresses):  # else (the usual case) found at once
            taken = _taken_addresses(addresses, timeline)
            raise SiteError(taken or _shared_addresses({**made, "data file": files}))
        pages = [*chain(*(made[kind.name] for kind in self.kinds)), *files]
        self._previous = self._current
        self._per_event.keep_only(timeline.events)
        self._listings.put_many(to_store)
        self._keep_rendered(timeline.events)
        return pages

    def _pages_of(
        self,
        kinds: list[PageKind],
        site: PageInputs,
        source_keys: Mapping[str, str] | None,
        to_store: list[StoreRow],
    ) -> dict[str, list[Page]]:
        """The pages of `kinds`, by kind. Each is kept from the last render when given what
        it was given then; else, with `source_keys`, taken from `.cache/` when it names its
        events and was stored under the same key; else rendered, and added to `to_store`
        when it names its events."""
        planned = [(kind, page) for kind in kinds if kind.pages for page in kind.pages(site)]
        kept = [self._reuse(page.url, page.context) for _, page in planned]
        keys = {}
        if source_keys is not None:
            for (kind, page), found in zip(planned, kept, strict=True):
                key = None if found else self._page_key(kind, page, source_keys)
                if key is not None:
                    keys[page.url] = key
        stored = self._listings.get_many(keys, _unpickled_page) if keys else {}
        made: dict[str, list[Page]] = {kind.name: [] for kind in kinds}
        for (kind, page), found in zip(planned, kept, strict=True):
            stats = self.stats[kind.name]
            if found is not None:
                stats.reused += 1
            elif (found := stored.get(page.url)) is not None:
                stats.stored.append(page.url)
                self._current[page.url] = (page.context, found)
            else:
                found = self._rendered_page(kind, page)
                stats.rendered.append(page.url)
                if page.url in keys:
                    to_store.append((page.url, keys[page.url], pickle.dumps(found)))
            made[kind.name].append(found)
        return made

    def _page_key(
        self, kind: PageKind, page: PlannedPage, source_keys: Mapping[str, str]
    ) -> str | None:
        """The key a page is kept under in `.cache/`: its kind and address, its `names`, the
        templates, config and generator (the fingerprint), and the source keys of every
        event its entries hold, neighbours included: all that it is rendered from. None
        when the page does not name its events, or one has no key."""
        if page.entries is None:
            return None
        sources = _sources(page.entries, source_keys)
        if sources is None:
            return None
        # The sources as one part: a list page of 10,000 events has 30,000 of them.
        listed = "\n".join(sources)
        return cache_key(self._fingerprint, kind.name, page.url, *map(repr, page.names), listed)

    def _rendered_page(self, kind: PageKind, page: PlannedPage) -> Page:
        """A page rendered with its context and what its kind adds to it."""
        context = page.context
        if kind.added is not None:
            added, self._added[page.url] = kind.added(
                context, self.config, self._added.get(page.url), self.words
            )
            context = {**context, **added}
        rendered = self._render(page.url, self._templates[kind.name], context)
        self._current[page.url] = (page.context, rendered)
        return rendered

    def _card(self, event: Event, heading_level: int = 3) -> Markup:
        """An event as it appears in lists (`_card.html`), rendered once per event."""
        return self._per_event.get(
            card_part(heading_level), event, lambda e: self._render_card(e, heading_level)
        )

    def _row(self, event: Event) -> Markup:
        """An event as one line of a list (`_row.html`), rendered once per event."""
        return self._per_event.get(ROW_PART, event, self._render_row)

    def _embed_lines(self, entries: Sequence[Entry]) -> Markup:
        """The entries as lines of the embed (`_embed_line.html`), each rendered once per
        event: one call for the whole list, which costs less than a call from the template
        for each of 10,000 lines."""
        events = [entry.event for entry in entries]
        lines = self._per_event.get_all(EMBED_LINE_PART, events, self._render_embed_line)
        return Markup("\n".join(line.decode() for line in lines))

    def _render_card(self, event: Event, heading_level: int) -> Markup:
        return self._render_part("_card.html", event=event, heading_level=heading_level)

    def _render_row(self, event: Event) -> Markup:
        return self._render_part("_row.html", event=event)

    def _render_embed_line(self, event: Event) -> bytes:
        return self._render_part("_embed_line.html", event=event).encode()

    def _render_part(self, template_name: str, **context: object) -> Markup:
        """A piece of a page that is rendered once per event and shown in many lists."""
        template = self.env.get_template(template_name)
        return Markup(self._within_page_limits(template_name, lambda: template.render(context)))

    def _per_event_parts(self) -> dict[str, Callable[[Event], object]]:
        """What the lists, the search index and the exports take from each event, by name.

        Computed with the event's page, on every core, when many events changed.
        """
        parts: dict[str, Callable[[Event], object]] = {**self._kept_parts()}
        for level in CARD_LEVELS:
            parts[card_part(level)] = functools.partial(self._render_card, heading_level=level)
        parts[ROW_PART] = self._render_row
        return parts

    def _kept_parts(self) -> dict[str, Callable[[Event], bytes]]:
        """The per-event parts kept in `.cache/` with each event's page: the exports' parts
        and the embed's line, which are joined for every event whatever changed."""
        return {**parts_with_pages(self.urls, self.words), EMBED_LINE_PART: self._render_embed_line}

    def _forget_relinked(self, events: Sequence[Event]) -> None:
        """Event pages kept from the last render whose links to other events' files lead
        elsewhere now (links.py) are rendered again: every entry is looked at again."""
        relinked = self._links.update(events)
        if relinked:
            kept = self._event_kept.items()
            self._event_kept = {url: page for url, page in kept if url not in relinked}
            self._last_event_pages = ((), [])

    def _event_pages(
        self, entries: tuple[Entry, ...], source_keys: Mapping[str, str]
    ) -> list[Page]:
        """Event pages see their entry (event, neighbours, gap), not the whole timeline.

        A page is reused from the last render, else taken from the store in `.cache/`, else
        rendered; those to render are rendered together, with their bodies and per-event
        parts, on every core when there are many (a cold build). After a few edits, only
        the entries that are not the very ones of the last render are looked at.
        """
        last_entries, last_pages = self._last_event_pages
        if len(last_entries) == len(entries):
            positions: Sequence[int] = replaced_positions(last_entries, entries)
            pages: list[Page | None] = list(last_pages)
        else:
            positions, pages = range(len(entries)), [None] * len(entries)
            self._event_kept = {
                url: self._event_kept[url]
                for url in (entry.event.url_path for entry in entries)
                if url in self._event_kept
            }
        todo = []
        for at in positions:
            entry = entries[at]
            kept = self._event_kept.get(entry.event.url_path)
            if kept is not None and (kept[0] is entry or kept[0] == entry):
                pages[at] = kept[1]
            else:
                todo.append(at)
        self.stats[self._event_kind.name].reused = len(entries) - len(todo)
        results = self._rendered_events([entries[at] for at in todo], source_keys)
        for at in todo:
            entry = entries[at]
            result = results[entry.event.url_path]
            self._event_kept[entry.event.url_path] = (entry, result.page)
            pages[at] = result.page
            for name, value in result.parts.items():
                self._per_event.put(name, entry.event, value)
        done = [page for page in pages if page is not None]  # all of them: for the type
        self._last_event_pages = (entries, done)
        return done

    def _rendered_events(
        self, entries: list[Entry], source_keys: Mapping[str, str]
    ) -> dict[str, RenderedEvent]:
        """The entries' pages and parts, by address: kept from the last build (a kept page
        is read only if it must be written), else rendered."""
        keys = self._entry_keys(entries, source_keys)
        kept = self._kept.found(keys)
        results, todo = {}, []
        for entry in entries:
            found = kept.get(entry.event.url_path)
            if found is None:
                todo.append(entry)
                continue
            read = functools.partial(self._kept_page_bytes, entry, found.key)
            page = Page.kept(_page_path(entry.event.url_path), found.digest, read)
            results[entry.event.url_path] = RenderedEvent(page, dict(found.parts))
        stats = self.stats[self._event_kind.name]
        stats.stored += results
        stats.rendered += (entry.event.url_path for entry in todo)
        converted = []
        # Decoded once the workers are done, not as each result comes: decoded pages held while
        # the workers run put the peak of a cold build of 10,000 events at 450 MB, not 360.
        rendered = list(self._render_events(todo))
        for entry, (data, body) in zip(todo, rendered, strict=True):
            url = entry.event.url_path
            result = results[url] = _unpickled_rendering(data)
            if url in keys:
                self._unkept.append((entry.event, keys[url], result.page))
            if body is not None:
                converted.append((entry.event.body, body))
        self.markdown.store([text for text, _ in converted], [html for _, html in converted])
        return results

    def _kept_page_bytes(self, entry: Entry, key: str) -> bytes:
        """A kept event page's stored bytes: from `.cache/`, or rendered again when they are
        no longer there (a damaged row, a cache cleared since)."""
        stored = self._kept.page_bytes(entry.event.url_path, key)
        if stored is not None:
            return stored
        (known_body,) = self.markdown.cached([entry.event.body])
        return self._event_page(entry, known_body)[0].stored

    def _keep_rendered(self, events: Sequence[Event]) -> None:
        """Keep the event pages this render made, each with its kept parts (the data files'
        and the embed's line, computed by now), for the next build."""
        computers = self._kept_parts()
        rows = [
            (
                event.url_path,
                KeptEvent(key, page.digest, self._parts_of(event, computers)),
                page,
            )
            for event, key, page in self._unkept
        ]
        self._kept.keep(rows, (event.url_path for event in events))
        self._unkept = []

    def _parts_of(
        self, event: Event, computers: Mapping[str, Callable[[Event], bytes]]
    ) -> dict[str, bytes]:
        return {
            name: self._per_event.get(name, event, compute) for name, compute in computers.items()
        }

    def _entry_keys(self, entries: list[Entry], source_keys: Mapping[str, str]) -> dict[str, str]:
        """Keys for the stored pages: the templates, config and the three events' files."""
        keys = {}
        for entry in entries:
            sources = _sources((entry,), source_keys)
            if sources is not None:
                links = self._links.key_of(entry.event)
                keys[entry.event.url_path] = cache_key(self._fingerprint, *sources, *links)
        return keys

    def _render_events(self, entries: list[Entry]) -> Iterator[tuple[bytes, bytes | None]]:
        """Render the entries' pages, with their parts when many (on every core): each as
        its form for the store, pickled and compressed where it was rendered (all that
        travels back, and all that the parent holds until every page is rendered), with
        the HTML of its body, compressed, when it was converted (for the Markdown cache).
        Bodies nested too deep to convert are refused first, each at its line."""
        known_bodies = self.markdown.cached([entry.event.body for entry in entries])
        pairs = zip(entries, known_bodies, strict=True)
        too_deep = nesting_problems(
            [entry.event for entry, known in pairs if known is None], self.config.root
        )
        if too_deep:  # all of them, before any conversion starts
            raise SiteError(too_deep)
        parts = self._per_event_parts() if len(entries) >= MIN_ITEMS else {}
        if parts:  # the templates compiled here, once, not once in each worker
            self._compiled(
                self._templates[self._event_kind.name],
                "_card.html",
                "_row.html",
                "_embed_line.html",
            )
        return parallel_map(
            lambda job: self._render_event(job[0], job[1], parts),
            list(zip(entries, known_bodies, strict=True)),
        )

    def _render_event(
        self, entry: Entry, known_body: str | None, parts: dict[str, Callable[[Event], object]]
    ) -> tuple[bytes, bytes | None]:
        """One event's page and `parts`; the body is converted unless it was in the cache."""
        page, body = self._event_page(entry, known_body)
        computed = {name: compute(entry.event) for name, compute in parts.items()}
        stored = RenderedEvent(page, computed)  # the body is in the Markdown cache
        packed = pack_html(body) if known_body is None else None
        return zlib.compress(pickle.dumps(stored), 1), packed

    def _event_page(self, entry: Entry, known_body: str | None) -> tuple[Page, str]:
        """An event's page, and its body's HTML (converted unless it is `known_body`)."""
        body = self._converted(entry.event) if known_body is None else known_body
        context = {"entry": entry, "body": Markup(self._links.resolved(entry.event.path, body))}
        page = self._render(entry.event.url_path, self._templates[self._event_kind.name], context)
        return page, body

    def _converted(self, event: Event) -> str:
        """The body's HTML, converted within the limits of one conversion (limits.py)."""
        extensions = self.config.markdown_extensions
        return convert_within_limits(event.path, event.body, self.config.root, extensions)

    def _data_files(self, timeline: Timeline) -> list[ExportFile]:
        """The exports (`EXPORTS`), each with its inputs: the per-event parts it joins, kept
        per event, so that a file none of whose parts changed is found at once (by identity)
        and not made again."""
        shared = self._shared_slugs(timeline.events)
        return build_exports(
            timeline, self.config, self.urls, self.words, self._per_event.get_all, shared
        )

    def _shared_slugs(self, events: Sequence[Event]) -> frozenset[str]:
        """`shared_slugs`, worked out again only when an edit changed a slug."""
        last_events, shared = self._last_shared
        if not same_where_replaced(last_events, events, operator.attrgetter("slug")):
            shared = shared_slugs(events)
        self._last_shared = (events, shared)
        return shared

    def _plain(self, path: str, inputs: object, make: Callable[[], bytes]) -> Page:
        """A file made by code rather than a template, reused while its inputs are unchanged.
        Held as it is, not compressed: one of a few data files, made again whenever one of
        its events changes and written soon after (compressing them, and decompressing them
        to write, was a tenth of a preview's rebuild at 1,000 events)."""
        cached = self._reuse(path, inputs)
        if cached is None:
            cached = Page(path, make(), packed=False)
            self._current[path] = (inputs, cached)
        return cached

    def _reuse(self, page_url: str, inputs: object) -> Page | None:
        previous = self._previous.get(page_url)
        if previous is None or previous[0] != inputs:
            return None
        self._current[page_url] = previous
        return previous[1]

    def _compiled(self, *template_names: str) -> None:
        try:
            for name in template_names:
                self.env.get_template(name)
        except Exception as error:  # a user's template can raise anything
            raise SiteError([template_problem(error, self.templates)]) from None

    def _render(self, page_url: str, template_name: str, context: Mapping[str, Any]) -> Page:
        """Render one template; `page_url` is the page's address below the base."""
        path = _page_path(page_url)
        try:
            template = self.env.get_template(template_name)
            text = self._within_page_limits(
                template_name, lambda: template.render(context, page_url=page_url)
            )
        except SiteError:
            raise  # a card's, rendered in this page, named already
        except Exception as error:  # a user's template can raise anything
            problem = template_problem(error, self.templates)
            raise SiteError([problem]) from None
        return Page.of(path, text)

    def _within_page_limits(self, template_name: str, render: Callable[[], str]) -> str:
        """`render()`, stopped past PAGE_SECONDS or the memory one page may take, with a
        problem naming the line of the template it had reached."""
        try:
            with limits.within_limits(limits.PAGE_SECONDS):
                return render()
        except limits.LimitExceeded as error:
            problem = endless_template_problem(error, template_name, self.templates)
            raise SiteError([problem]) from None


def time_element(when: When, text: str) -> Markup:
    """`text`, the date `when` worded, marked as that date: a `<time>` whose `datetime` is
    the date as an event file writes it. HTML's dates begin at the year 1: a date before the
    common era is a `<span class="date">` with the same in `data-date`, which the timeline's
    script reads as it reads a `<time>`'s."""
    written = when.isoformat()
    if written.startswith("-"):
        return Markup('<span class="date" data-date="{}">{}</span>').format(written, text)
    return Markup('<time datetime="{}">{}</time>').format(written, text)


def script_language(text: str, latin: str | None = None) -> str | None:
    """The language a name is most likely in by its script, for its `lang` attribute (a
    screen reader reads "王毅" as Chinese, "Лавров" as Russian); `latin` for Latin letters (the
    language the site's files are written in, shown on a page in Chinese), else None."""
    for letter in text:
        if "\u4e00" <= letter <= "\u9fff" or "\u3400" <= letter <= "\u4dbf":
            return "zh"
        if "\u0400" <= letter <= "\u04ff":
            return "ru"
    return latin if any("a" <= letter.lower() <= "z" for letter in text) else None


def _page_path(page_url: str) -> str:
    """The file of the page at `page_url` (below the base): a folder's is its `index.html`."""
    return page_url + "index.html" if page_url.endswith("/") or not page_url else page_url


def _taken_addresses(paths: list[str], timeline: Timeline) -> list[Problem]:
    """Events whose page has the address of a page the site makes (`content/topics/asean.md`),
    among the `paths` of every page and file."""
    counts = Counter(paths)
    message = (
        "is also the address of a page the site makes (a topic, kind or period page); "
        "move the file to another section folder or give it another slug"
    )
    return [
        Problem(entry.event.path, None, "slug", f"/{entry.event.url_path} {message}")
        for entry in timeline.entries
        if counts[entry.event.url_path + "index.html"] > 1
    ]


def _shared_addresses(made: Mapping[str, list[Page]]) -> list[Problem]:
    """Addresses that more than one page takes, by the kinds that make them (pages.py): a
    kind whose pages do not each have an address of their own."""
    kinds_at: dict[str, list[str]] = {}
    for name, pages in made.items():
        for page in pages:
            kinds_at.setdefault(page.path, []).append(name)
    return [
        Problem(path, None, None, f"is made by more than one page (kinds: {', '.join(names)})")
        for path, names in kinds_at.items()
        if len(names) > 1
    ]


def _sources(entries: Sequence[Entry], source_keys: Mapping[str, str]) -> list[str] | None:
    """The source keys of the events the entries hold, neighbours included ("" for none);
    None when one has no key (then what is made from them is not stored)."""
    sources = []
    for entry in entries:
        for event in (entry.event, entry.previous, entry.next):
            key = source_keys.get(event.path) if event else ""
            if key is None:
                return None
            sources.append(key)
    return sources


def _unpickled_page(value: object) -> Page:
    return _unpickled(value, Page, compressed=False)


def _unpickled_rendering(value: object) -> RenderedEvent:
    return _unpickled(value, RenderedEvent, compressed=True)


Stored = TypeVar("Stored")


def _unpickled(value: object, kind: type[Stored], compressed: bool) -> Stored:
    if isinstance(value, bytes):
        result = pickle.loads(zlib.decompress(value) if compressed else value)
        if isinstance(result, kind):
            return result
    raise TypeError(f"not a {kind.__name__}")  # the store holds only what render put
