"""The site's model: events in time order, grouped by year, topic, kind, person, place and
forum, with the gaps between, and, when they are too many for one page, split into periods
(decades, or years)."""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

from site_builder.model.records import Event, Forum, Kind, Person, Place, Role, Topic
from site_builder.model.slugs import slugify

# Upper bounds, in days, of the gap sizes the stylesheet draws (gap-0 ... gap-5).
_GAP_SIZES = (1, 7, 31, 92, 366)


@dataclass(frozen=True)
class Gap:
    """The time between an event and the one before it: the days from the last day of the
    one to the first of the other (0 for the same day), and the size the stylesheet draws it
    at (`gap-0` ... `gap-5`). Worded by the renderer (`render/words.py`)."""

    days: int
    size: int


class Entry(NamedTuple):
    """An event in a chronology, with its neighbours and the time since the previous one.

    A tuple: a timeline of 10,000 events makes some 100,000 entries at every rebuild.
    """

    event: Event
    previous: Event | None
    next: Event | None
    gap: Gap | None


EVENT_OF = operator.itemgetter(0)  # an entry's event, in C


@dataclass(frozen=True)
class Year:
    year: int
    entries: tuple[Entry, ...]


class _ByYear:
    """A chronology whose entries are also given by year, as the timeline's are."""

    entries: tuple[Entry, ...]

    @functools.cached_property
    def years(self) -> tuple[Year, ...]:
        return by_year(self.entries)


@dataclass(frozen=True)
class TopicTimeline(_ByYear):
    topic: Topic
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class KindTimeline(_ByYear):
    kind: Kind
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class PersonTimeline(_ByYear):
    """A person file and the events they took part in; `met_most` is who else took part in
    them most often (see `_met_most`), over all of them, also on a page that lists a few."""

    person: Person
    met_most: tuple[tuple[str, str | None, int], ...]
    entries: tuple[Entry, ...]

    @property
    def by_role(self) -> tuple[tuple[Role | None, tuple[Entry, ...]], ...]:
        """The entries in runs of the role the person held on their day: the roles never
        overlap, so each role's events are one run."""
        return tuple(
            (role, tuple(run))
            for role, run in groupby(self.entries, key=lambda e: _role_of(self.person, e.event))
        )


def _met_most(person: Person, events: list[Event]) -> tuple[tuple[str, str | None, int], ...]:
    """Who else took part in `events` most often: the name, the person file's slug (None for
    a name that matches none) and the number of events, most first, at most five."""
    met: Counter[tuple[str, str | None]] = Counter()
    for event in events:
        met.update({(p.name, p.person) for p in event.participants if p.person != person.slug})
    ranked = sorted(met.items(), key=lambda item: (-item[1], item[0][0].casefold()))
    return tuple((name, slug, count) for (name, slug), count in ranked[:5])


def _role_of(person: Person, event: Event) -> Role | None:
    return person.role_on(event.date.first_day)


@dataclass(frozen=True)
class PlaceTimeline(_ByYear):
    """A place and the events held there; `slug` is its address (`places/<slug>/`)."""

    place: Place
    slug: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ForumTimeline(_ByYear):
    """A forum file and the events held at it."""

    forum: Forum
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Timeline:
    """Everything the pages are rendered from, in the order they are shown."""

    entries: tuple[Entry, ...]
    years: tuple[Year, ...]
    periods: tuple[Period, ...] = ()  # empty when every event fits on one page
    # The person and forum files the events were resolved against (content/people/, ...).
    person_files: tuple[Person, ...] = ()
    forum_files: tuple[Forum, ...] = ()

    # Made when first asked for, once: a period's page that is not rendered again does not
    # need its own topics and kinds, and a preview rebuild renders a few of the periods.
    @functools.cached_property
    def events(self) -> tuple[Event, ...]:
        return tuple(map(EVENT_OF, self.entries))  # in C: a patched timeline asks again

    @functools.cached_property
    def topics(self) -> tuple[TopicTimeline, ...]:
        """Each topic with its events, by name."""
        return _topic_timelines(list(self.events))

    @functools.cached_property
    def kinds(self) -> tuple[KindTimeline, ...]:
        """Each kind that has events, with them, by label."""
        return _kind_timelines(list(self.events))

    @functools.cached_property
    def person_timelines(self) -> tuple[PersonTimeline, ...]:
        """Each person file with the events that name them, by name."""
        by_slug: dict[str, list[Event]] = {person.slug: [] for person in self.person_files}
        for event in self.events:
            for slug in {p.person for p in event.participants if p.person in by_slug}:
                by_slug[str(slug)].append(event)
        people = sorted(self.person_files, key=lambda person: person.name.casefold())
        return tuple(
            PersonTimeline(
                person, _met_most(person, by_slug[person.slug]), chain(by_slug[person.slug])
            )
            for person in people
        )

    @functools.cached_property
    def place_timelines(self) -> tuple[PlaceTimeline, ...]:
        """Each place where events were held, with them, by name: a page each."""
        by_place: dict[Place, list[Event]] = {}
        for event in self.events:
            if event.location is not None:
                by_place.setdefault(event.location, []).append(event)
        ordered = sorted(by_place.items(), key=lambda pair: str(pair[0]).casefold())
        return tuple(
            PlaceTimeline(place, slug, chain(events))
            for place, events in ordered
            if (slug := place_slug(place))  # a name with nothing to make an address of: none
        )

    @functools.cached_property
    def forum_timelines(self) -> tuple[ForumTimeline, ...]:
        """Each forum file with the events held at it, by name."""
        by_slug: dict[str, list[Event]] = {forum.slug: [] for forum in self.forum_files}
        for event in self.events:
            if event.forum in by_slug:
                by_slug[str(event.forum)].append(event)
        forums = sorted(self.forum_files, key=lambda forum: forum.name.casefold())
        return tuple(ForumTimeline(forum, chain(by_slug[forum.slug])) for forum in forums)

    @functools.cached_property
    def people(self) -> tuple[str, ...]:
        """Everyone who took part in an event, by name."""
        names = {person.name for entry in self.entries for person in entry.event.participants}
        return tuple(sorted(names, key=str.casefold))

    @functools.cached_property
    def places(self) -> tuple[str, ...]:
        """Every place an event happened, as "City, Country"."""
        names = {str(entry.event.location) for entry in self.entries if entry.event.location}
        return tuple(sorted(names, key=str.casefold))

    @functools.cached_property
    def place_counts(self) -> Counter[str]:
        """How many events happened at each place, by "City, Country"."""
        return Counter(str(entry.event.location) for entry in self.entries if entry.event.location)

    def period_of(self, year: int) -> Period | None:
        """The period whose page lists the events of `year`; None when not split."""
        return next((p for p in self.periods if p.first_year <= year <= p.last_year), None)


@dataclass(frozen=True)
class PeriodSpan:
    """What names a period and links to it: all that a period's page is given of its
    neighbours, so that an edit in one period does not make its neighbours' pages again."""

    label: str  # "2000s" for a decade, "2023" for a year: its address (pages word it themselves)
    first_year: int
    last_year: int

    @property
    def url_path(self) -> str:
        return f"years/{self.label}/"

    @property
    def decade(self) -> int:
        """The first year of the decade the period is in (of its first year)."""
        return self.first_year // 10 * 10


@dataclass(frozen=True)
class Period(PeriodSpan):
    """A stretch of a timeline too long for one page, with a page of its own: a decade, or
    one year of a decade with more events than a page holds. Its `timeline` is the
    stretch's own, so its page is drawn by the same template as a timeline of one page."""

    timeline: Timeline

    @property
    def span(self) -> PeriodSpan:
        return PeriodSpan(self.label, self.first_year, self.last_year)


def build_timeline(
    events: Iterable[Event],
    include_drafts: bool,
    *,
    page_size: int | None = None,
    people: tuple[Person, ...] = (),
    forums: tuple[Forum, ...] = (),
) -> Timeline:
    """Sort the events oldest first and derive years, topics, neighbours and gaps; with more
    than `page_size` events (the config's, as given), split into periods as well; never
    split when it is None. `people` and `forums` are the files the events name."""
    shown = sorted(
        (event for event in events if include_drafts or not event.draft), key=chronological
    )
    entries = chain(shown)
    timeline = Timeline(entries, by_year(entries), person_files=people, forum_files=forums)
    if page_size is None or len(shown) <= page_size:
        return timeline
    return dataclasses.replace(timeline, periods=_periods(timeline.years, page_size))


def place_slug(place: Place) -> str:
    """The address of a place's page: `places/<slug>/`."""
    return slugify(str(place))


def page_links(event: Event) -> list[tuple[str, str]]:
    """The pages of an event's people (those with a person file), place and forum, each
    with its name, in that order: what the data files link to beside the event's page."""
    links = [(p.name, f"people/{p.person}/") for p in event.participants if p.person]
    if event.location is not None and (slug := place_slug(event.location)):
        links.append((str(event.location), f"places/{slug}/"))
    if event.forum is not None and event.occasion:
        links.append((event.occasion, f"forums/{event.forum}/"))
    return links


def _timeline_of(entries: tuple[Entry, ...]) -> Timeline:
    """Entries already chained, grouped by year (and, when asked, by topic and kind)."""
    return Timeline(entries, by_year(entries))


def by_year(entries: tuple[Entry, ...]) -> tuple[Year, ...]:
    """Entries in time order, in a group per year."""
    return tuple(
        Year(year, tuple(group))
        for year, group in groupby(entries, key=lambda e: e.event.date.year)
    )


def _periods(years: tuple[Year, ...], page_size: int) -> tuple[Period, ...]:
    """A period per decade that has events; a decade with more than `page_size` events is
    split into its years instead. A period's entries keep their neighbours and gaps in the
    whole timeline."""
    periods: list[Period] = []
    for decade, group in groupby(years, key=lambda year: year.year // 10 * 10):
        decade_years = tuple(group)
        if sum(len(year.entries) for year in decade_years) <= page_size:
            periods.append(_period(_decade_label(decade), decade, decade + 9, decade_years))
        else:
            periods += [_period(_year_label(y.year), y.year, y.year, (y,)) for y in decade_years]
    return tuple(periods)


def _year_label(year: int) -> str:
    """A year's address: `2023`, or `44-bc` for the (astronomical) year -43."""
    return str(year) if year > 0 else f"{1 - year}-bc"


def _decade_label(decade: int) -> str:
    """A decade's address: `2000s`; before the common era, its years: `51-42-bc`."""
    return f"{decade}s" if decade >= 0 else f"{1 - decade}-{1 - (decade + 9)}-bc"


def _period(label: str, first_year: int, last_year: int, years: tuple[Year, ...]) -> Period:
    entries = tuple(entry for year in years for entry in year.entries)
    return Period(label, first_year, last_year, _timeline_of(entries))


def chain(events: list[Event]) -> tuple[Entry, ...]:
    """Link events already in time order to their neighbours and the gap before each."""
    entries = []
    for index, event in enumerate(events):
        previous = events[index - 1] if index > 0 else None
        following = events[index + 1] if index + 1 < len(events) else None
        gap = None if previous is None else _gap(event.date.first_day - previous.last_date.last_day)
        entries.append(Entry(event, previous, following, gap))
    return tuple(entries)


@functools.lru_cache(maxsize=4096)
def _gap(days: int) -> Gap:
    size = next((i for i, bound in enumerate(_GAP_SIZES) if days < bound), len(_GAP_SIZES))
    return Gap(days, size)


def _topic_timelines(events: list[Event]) -> tuple[TopicTimeline, ...]:
    by_slug: dict[str, tuple[Topic, list[Event]]] = {}
    for event in events:
        for topic in event.topics:
            by_slug.setdefault(topic.slug, (topic, []))[1].append(event)
    ordered = sorted(by_slug.values(), key=lambda pair: pair[0].name.casefold())
    return tuple(TopicTimeline(topic, chain(topic_events)) for topic, topic_events in ordered)


def _kind_timelines(events: list[Event]) -> tuple[KindTimeline, ...]:
    """Each kind that has events, by label."""
    by_slug: dict[str, tuple[Kind, list[Event]]] = {}
    for event in events:
        by_slug.setdefault(event.kind.slug, (event.kind, []))[1].append(event)
    ordered = sorted(by_slug.values(), key=lambda pair: pair[0].label.casefold())
    return tuple(KindTimeline(kind, chain(kind_events)) for kind, kind_events in ordered)


def chronological(event: Event) -> tuple[object, ...]:
    return (event.date.sort_key, event.last_date.sort_key, event.title.casefold(), event.url_path)
