"""The site's model: events in time order, grouped by year and by topic, with the gaps between,
and, when they are too many for one page, split into periods (decades, or years)."""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple, TypeVar

from site_builder.model.records import Event, Kind, Topic

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
class Timeline:
    """Everything the pages are rendered from, in the order they are shown."""

    entries: tuple[Entry, ...]
    years: tuple[Year, ...]
    periods: tuple[Period, ...] = ()  # empty when every event fits on one page

    # Made when first asked for, once: a period's page that is not rendered again does not
    # need its own topics and kinds, and a preview rebuild renders a few of the periods.
    @functools.cached_property
    def events(self) -> tuple[Event, ...]:
        return tuple(map(_EVENT_OF, self.entries))  # in C: a patched timeline asks again

    @functools.cached_property
    def topics(self) -> tuple[TopicTimeline, ...]:
        """Each topic with its events, by name."""
        return _topic_timelines(list(self.events))

    @functools.cached_property
    def kinds(self) -> tuple[KindTimeline, ...]:
        """Each kind that has events, with them, by label."""
        return _kind_timelines(list(self.events))

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
    events: Iterable[Event], include_drafts: bool, *, page_size: int | None = None
) -> Timeline:
    """Sort the events oldest first and derive years, topics, neighbours and gaps; with more
    than `page_size` events (the config's, as given), split into periods as well; never
    split when it is None."""
    shown = sorted(
        (event for event in events if include_drafts or not event.draft), key=_chronological
    )
    timeline = _timeline_of(chain(shown))
    if page_size is None or len(shown) <= page_size:
        return timeline
    return dataclasses.replace(timeline, periods=_periods(timeline.years, page_size))


def with_event_replaced(
    timeline: Timeline, old: Event, new: Event, include_drafts: bool
) -> Timeline | None:
    """The timeline after the event `old` was edited into `new`: the same timeline with
    `new` in `old`'s entries and its neighbours'. None when the edit moves the event, or
    changes its dates, kind, topics or whether it is shown: build the timeline again."""
    shown = include_drafts or not new.draft
    events = list(map(id, timeline.events))  # found by identity, in C
    if id(old) not in events:
        return None if shown else timeline
    entry = timeline.entries[events.index(id(old))]
    same_place = (
        shown
        and (new.date, new.last_date, new.kind, new.topics)
        == (old.date, old.last_date, old.kind, old.topics)
        and (entry.previous is None or _chronological(entry.previous) < _chronological(new))
        and (entry.next is None or _chronological(new) < _chronological(entry.next))
    )
    return _replaced(timeline, old, new) if same_place else None


def _replaced(timeline: Timeline, old: Event, new: Event) -> Timeline:
    """`timeline` with `new` wherever `old` was; what did not hold `old` is shared."""
    entries = _swapped(timeline.entries, old, new)
    if entries is timeline.entries:  # neither `old` nor a neighbour of it: unchanged
        return timeline
    periods = tuple(
        period
        if (in_period := _replaced(period.timeline, old, new)) is period.timeline
        else dataclasses.replace(period, timeline=in_period)
        for period in timeline.periods
    )
    result = Timeline(entries, _regrouped(timeline.years, old, new), periods)
    # Groupings already made are patched too, rather than made again from every event.
    for name in ("topics", "kinds"):
        if name in timeline.__dict__:
            result.__dict__[name] = _regrouped(timeline.__dict__[name], old, new)
    return result


Group = TypeVar("Group", Year, TopicTimeline, KindTimeline)


def _regrouped(groups: tuple[Group, ...], old: Event, new: Event) -> tuple[Group, ...]:
    """Each group with `new` for `old` in its entries; a group without `old` as it is."""
    patched = []
    for group in groups:
        entries = _swapped(group.entries, old, new) if _may_list(group, old) else group.entries
        patched.append(
            group if entries is group.entries else dataclasses.replace(group, entries=entries)
        )
    return tuple(patched)


def _may_list(group: Year | TopicTimeline | KindTimeline, old: Event) -> bool:
    """Whether `old` may be in the group: a topic's or a kind's chain holds only its own
    events (a patch keeps the event's topics and kind), so most are skipped at once."""
    if isinstance(group, TopicTimeline):
        return any(topic.slug == group.topic.slug for topic in old.topics)
    if isinstance(group, KindTimeline):
        return old.kind.slug == group.kind.slug
    return True


def _swapped(entries: tuple[Entry, ...], old: Event, new: Event) -> tuple[Entry, ...]:
    """`entries` with `new` for `old` as event or neighbour; the same tuple when neither.

    Entries are a stretch of a chain, so `old` can be a neighbour only next to its own entry
    or at the stretch's ends. Found by identity, in C: a timeline holds 80,000 entries."""
    if not entries or not _may_hold(entries, old):
        return entries
    events = list(map(id, map(_EVENT_OF, entries)))
    near = {0, len(entries) - 1}
    if id(old) in events:
        at = events.index(id(old))
        near |= {at - 1, at, at + 1}
    hits = [
        at for at in sorted(near) if 0 <= at < len(entries) and any(p is old for p in entries[at])
    ]
    if not hits:
        return entries
    patched = list(entries)
    for at in hits:
        event, previous, following, gap = entries[at]
        patched[at] = Entry(
            new if event is old else event,
            new if previous is old else previous,
            new if following is old else following,
            gap,
        )
    return tuple(patched)


_EVENT_OF = operator.itemgetter(0)  # an entry's event


def _may_hold(entries: tuple[Entry, ...], old: Event) -> bool:
    """Whether `old` can be in entries in time order, or a neighbour at their ends: a
    period's or a year's entries are skipped at once."""
    first, last = entries[0], entries[-1]
    return (
        first.previous is old or last.next is old or first.event.date <= old.date <= last.event.date
    )


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
            periods.append(_period(f"{decade}s", decade, decade + 9, decade_years))
        else:
            periods += [_period(str(y.year), y.year, y.year, (y,)) for y in decade_years]
    return tuple(periods)


def _period(label: str, first_year: int, last_year: int, years: tuple[Year, ...]) -> Period:
    entries = tuple(entry for year in years for entry in year.entries)
    return Period(label, first_year, last_year, _timeline_of(entries))


def chain(events: list[Event]) -> tuple[Entry, ...]:
    """Link events already in time order to their neighbours and the gap before each."""
    entries = []
    for index, event in enumerate(events):
        previous = events[index - 1] if index > 0 else None
        following = events[index + 1] if index + 1 < len(events) else None
        gap = None if previous is None else _gap((event.date - previous.last_date).days)
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


def _chronological(event: Event) -> tuple[object, ...]:
    return (event.date, event.last_date, event.title.casefold(), event.url_path)
