"""The site's model: events in time order, grouped by year and by topic, with the gaps between."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from site_builder.dates import human_gap
from site_builder.model import Event, Kind, Topic

# Upper bounds, in days, of the gap sizes the stylesheet draws (gap-0 ... gap-5).
_GAP_SIZES = (1, 7, 31, 92, 366)


@dataclass(frozen=True)
class Gap:
    """The time between an event and the one before it."""

    days: int
    text: str
    size: int


@dataclass(frozen=True)
class Entry:
    """An event in a chronology, with its neighbours and the time since the previous one."""

    event: Event
    previous: Event | None
    next: Event | None
    gap: Gap | None


@dataclass(frozen=True)
class Year:
    year: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class TopicTimeline:
    topic: Topic
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class KindTimeline:
    kind: Kind
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Timeline:
    """Everything the pages are rendered from, in the order they are shown."""

    entries: tuple[Entry, ...]
    years: tuple[Year, ...]
    topics: tuple[TopicTimeline, ...]
    kinds: tuple[KindTimeline, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(entry.event for entry in self.entries)

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


def build_timeline(events: Iterable[Event], include_drafts: bool) -> Timeline:
    """Sort the events oldest first and derive years, topics, neighbours and gaps."""
    shown = sorted(
        (event for event in events if include_drafts or not event.draft), key=_chronological
    )
    entries = chain(shown)
    years = tuple(
        Year(year, tuple(group))
        for year, group in groupby(entries, key=lambda e: e.event.date.year)
    )
    return Timeline(entries, years, _topic_timelines(shown), _kind_timelines(shown))


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
    text = "the same day" if days <= 0 else f"{human_gap(days)} later"
    return Gap(days, text, size)


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
