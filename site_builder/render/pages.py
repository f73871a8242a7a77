"""Every kind of page the site makes, declared once each in `PAGE_KINDS`.

A kind says where its pages are, which template draws them, what each is given and which
events it shows. The renderer (`site.py`) does the rest alike for every kind: a page given
what it was given at the last render is kept as it was (a preview's rebuild); a page that
names the events it shows is kept in `.cache/` under a key made of those events' files
(their neighbours' too), so a build with nothing changed finds it there; the sitemap lists
the pages of every kind `in_sitemap`; and an event that takes the address of any page is
refused. A new kind of page is an entry here and a template.

The data files (`exports/registry.py`) and the files GitHub Pages reads (`publishing_files`)
are made beside the pages, not from templates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, ClassVar, Protocol, TypeVar

from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.model.pagination import paginate
from site_builder.model.timeline import Entry, Period, PeriodSpan, Timeline
from site_builder.page import Page
from site_builder.render.markup import convert_within_limits
from site_builder.render.overview import Overview, overview
from site_builder.render.words import Words
from site_builder.theme import Layer


@dataclass(frozen=True)
class PlannedPage:
    """One page of a kind, before it is rendered.

    `context` is what its template is given (with the globals every template sees), and all
    it is rendered from: a page whose context equals that of the last render is not rendered
    again. `entries`, when given, are the events it shows: the page is then kept in `.cache/`
    under a key made of their files (their neighbours' included) and of `names`, by `repr`,
    which must hold everything else its context shows (a topic, a pager). A page that cannot
    be keyed so (the sitemap, made from the other pages' addresses) leaves `entries` out: it
    is rendered at every build, and kept only from one preview rebuild to the next.
    """

    url: str  # the page's address below the base: "", "topics/trade/", "feed.xml"
    context: Mapping[str, Any]
    entries: Sequence[Entry] | None = None
    names: tuple[object, ...] = ()


@dataclass(frozen=True)
class PageInputs:
    """What a kind's pages are planned from."""

    timeline: Timeline
    config: SiteConfig
    listed: Sequence[str] = ()  # the sitemap's addresses: given to kinds that `lists_pages`


# What a kind adds to a page's context when the page is rendered (not when it is kept): from
# the page's context, the config, what the kind kept from the same page's last rendering
# (None at first), and the interface's words. Gives the additions, and what to keep for the
# next time.
Addition = Callable[
    [Mapping[str, Any], SiteConfig, object, Words], tuple[Mapping[str, Any], object]
]


@dataclass(frozen=True)
class PageKind:
    """One kind of page: its template and its pages.

    `pages` plans every page of the kind. The event pages alone have none (`each_event`):
    one per event at the event's address, given `entry` and `body`, each rendered with its
    body and per-event parts, on every core when there are many (the renderer's own path).
    """

    name: str
    template: str
    pages: Callable[[PageInputs], Iterable[PlannedPage]] | None = None
    each_event: bool = False
    in_sitemap: bool = True
    lists_pages: bool = False  # its pages list the others' (`PageInputs.listed`): made last
    added: Addition | None = None
    # A template of the site's own that draws these pages instead when the site has it: one
    # an earlier version drew them with.
    earlier_template: str | None = None

    def __post_init__(self) -> None:
        if (self.pages is None) != self.each_event:
            raise ValueError(f"page kind {self.name}: `pages` are planned for all but event pages")

    def template_in(self, layers: Sequence[Layer]) -> str:
        """The template that draws these pages, for a site whose templates are `layers`."""
        earlier = self.earlier_template
        if earlier and any((layer.folder / earlier).is_file() for layer in layers if layer.of_site):
            return earlier
        return self.template


def _root_page(site: PageInputs) -> list[PlannedPage]:
    """The timeline at `/`: every event on one page, or the overview of the periods."""
    return [_timeline_page("", site.timeline, None, None, None)]


def _period_pages(site: PageInputs) -> list[PlannedPage]:
    """A page per period of a timeline too long for one, each linked to its neighbours."""
    periods = site.timeline.periods
    neighbours: tuple[PeriodSpan | None, ...] = (None, *(p.span for p in periods), None)
    return [
        _timeline_page(period.url_path, period.timeline, period, neighbours[at], neighbours[at + 2])
        for at, period in enumerate(periods)
    ]


def _timeline_page(
    url: str,
    timeline: Timeline,
    period: Period | None,
    previous: PeriodSpan | None,
    following: PeriodSpan | None,
) -> PlannedPage:
    """A page drawn by `timeline.html`: the whole timeline, or one `period` of it. The
    neighbours are given without their timelines, so that an edit in one period makes that
    period's page again, not its neighbours'."""
    context = {
        "timeline": timeline,
        "period": period,
        "previous_period": previous,
        "next_period": following,
    }
    span = period.span if period else None
    return PlannedPage(url, context, timeline.entries, (span, previous, following))


def _axis_and_map(
    context: Mapping[str, Any], config: SiteConfig, last: object, words: Words
) -> tuple[Mapping[str, Any], object]:
    """A timeline page's time axis and map, drawn from the last ones' layouts when they hold.
    The axis draws site.yaml's eras, and on a timeline split into periods keeps each mark to
    one period, whose page its link leads to."""
    kept = last if isinstance(last, Overview) else None
    timeline = context["timeline"]
    periods = tuple((period.first_year, period.last_year) for period in timeline.periods)
    drawn = overview(timeline.events, config.places, kept, words, eras=config.eras, periods=periods)
    return {"axis": drawn.axis, "place_map": drawn.place_map}, drawn


def _place_map(
    context: Mapping[str, Any], config: SiteConfig, last: object, words: Words
) -> tuple[Mapping[str, Any], object]:
    """A place's page's map, with the events the page lists."""
    kept = last if isinstance(last, Overview) else None
    events = [entry.event for entry in context["place"].entries]
    drawn = overview(events, config.places, kept, words)
    return {"place_map": drawn.place_map}, drawn


def _converted(name: str, field: str) -> Addition:
    """The HTML of the Markdown in `field` of the record that a page's listing `name` holds
    (a person's bio, a forum's description), converted when the page is rendered, unless
    the page's last rendering converted the same text with the same extensions (a preview's
    edit of an event renders its people's pages again, not their bios)."""

    def added(
        context: Mapping[str, Any], config: SiteConfig, last: object, _words: Words
    ) -> tuple[Mapping[str, Any], object]:
        record = getattr(context[name], name)
        source = (getattr(record, field), config.markdown_extensions)
        if isinstance(last, tuple) and last[0] == source:
            return {field: last[1]}, last
        html = Markup(
            convert_within_limits(record.path, source[0], config.root, config.markdown_extensions)
        )
        return {field: html}, (source, html)

    return added


class Listing(Protocol):
    """A chronology that names what it lists (a topic, a kind): `TopicTimeline`, ..."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def entries(self) -> tuple[Entry, ...]: ...


L = TypeVar("L", bound=Listing)


def numbered(
    listings: Callable[[Timeline], Iterable[L]], name: str, base: Callable[[L], str]
) -> Callable[[PageInputs], Iterator[PlannedPage]]:
    """Pages for each listing, `page_size` events to a page, oldest first, the first at
    `base(listing)`: the template gets the listing with only the page's entries, as `name`,
    and the page's `pager` (see model/pagination.py)."""

    def pages(site: PageInputs) -> Iterator[PlannedPage]:
        for listing in listings(site.timeline):
            named = repr(dataclasses.replace(listing, entries=()))  # all but its events
            for entries, pager in paginate(listing.entries, site.config.page_size, base(listing)):
                part = dataclasses.replace(listing, entries=tuple(entries))
                yield PlannedPage(
                    pager.here, {name: part, "pager": pager}, part.entries, (named, pager)
                )

    return pages


def _people_index(site: PageInputs) -> list[PlannedPage]:
    """The index of people, given each person with their number of events: an edit that
    moves no event from one person to another leaves it as it was. None without people."""
    people = tuple((p.person, len(p.entries)) for p in site.timeline.person_timelines)
    return [PlannedPage("people/", {"people": people}, (), (people,))] if people else []


def _places_index(site: PageInputs) -> list[PlannedPage]:
    """The index of places, given each place's page and number of events, as the people's."""
    places = tuple(
        (place.place, place.slug, len(place.entries)) for place in site.timeline.place_timelines
    )
    return [PlannedPage("places/", {"places": places}, (), (places,))] if places else []


def _given_timeline(url: str) -> Callable[[PageInputs], list[PlannedPage]]:
    """One page, at `url`, given the whole `timeline`: made from every event."""
    return lambda site: [PlannedPage(url, {"timeline": site.timeline}, site.timeline.entries)]


# In the order of the files among the pages. The event pages are rendered first, wherever
# they stand: rendering them computes the cards that the lists show.
PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("timeline", "timeline.html", _root_page, added=_axis_and_map),
    PageKind("period", "timeline.html", _period_pages, added=_axis_and_map),
    PageKind("event", "event.html", each_event=True),
    PageKind("topics", "topics.html", _given_timeline("topics/")),
    PageKind(
        "topic",
        "topic.html",
        numbered(lambda t: t.topics, "topic", lambda t: f"topics/{t.topic.slug}/"),
    ),
    PageKind(  # the same listing as a topic's, given `kind`
        "kind",
        "topic.html",
        numbered(lambda t: t.kinds, "kind", lambda k: f"kinds/{k.kind.slug}/"),
        earlier_template="kind.html",  # a site's own, from before topic.html drew kinds too
    ),
    PageKind("people", "people.html", _people_index),
    PageKind(
        "person",
        "person.html",
        numbered(lambda t: t.person_timelines, "person", lambda p: f"people/{p.person.slug}/"),
        added=_converted("person", "bio"),
    ),
    PageKind("places", "places.html", _places_index),
    PageKind(
        "place",
        "place.html",
        numbered(lambda t: t.place_timelines, "place", lambda p: f"places/{p.slug}/"),
        added=_place_map,
    ),
    PageKind(
        "forum",
        "forum.html",
        numbered(lambda t: t.forum_timelines, "forum", lambda f: f"forums/{f.forum.slug}/"),
        added=_converted("forum", "description"),
    ),
    PageKind("404", "404.html", _given_timeline("404.html"), in_sitemap=False),
    # Every event, compact, for an iframe in another site's page; and its oEmbed description.
    PageKind("embed", "embed.html", _given_timeline("embed/"), in_sitemap=False),
    PageKind(
        "oembed", "oembed.json", lambda site: [PlannedPage("oembed.json", {})], in_sitemap=False
    ),
    PageKind(
        "sitemap",
        "sitemap.xml",
        lambda site: [PlannedPage("sitemap.xml", {"pages": site.listed})],
        in_sitemap=False,
        lists_pages=True,
    ),
    PageKind("feed", "feed.xml", _given_timeline("feed.xml"), in_sitemap=False),
    PageKind(
        "robots", "robots.txt", lambda site: [PlannedPage("robots.txt", {})], in_sitemap=False
    ),
)


def publishing_files(config: SiteConfig) -> list[Page]:
    """Files GitHub Pages reads: `.nojekyll` (serve files as they are) and `CNAME`."""
    files = [Page.of(".nojekyll", "")]
    if config.cname:
        files.append(Page.of("CNAME", config.cname + "\n"))
    return files


def page_addresses(timeline: Timeline, config: SiteConfig) -> frozenset[str]:
    """The address of every page the renderer makes of `timeline`, without rendering any:
    what the other languages' pages link to as this one's versions."""
    site = PageInputs(timeline, config)
    planned = (page.url for kind in PAGE_KINDS if kind.pages for page in kind.pages(site))
    return frozenset(chain((entry.event.url_path for entry in timeline.entries), planned))
