"""A timeline patched after an edit rather than built again: the preview's rebuild after
a save that changes an event's text, not its place in time, its kind or its topics. What
did not hold the edited event is shared with the last timeline, so that the renderer finds
most pages given what they were given before."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from site_builder.incremental.memo import replaced_positions
from site_builder.model.records import Event, Forum, Person
from site_builder.model.timeline import (
    EVENT_OF,
    Entry,
    ForumTimeline,
    KindTimeline,
    PersonTimeline,
    PlaceTimeline,
    Timeline,
    TopicTimeline,
    Year,
    build_timeline,
    chronological,
)

MAX_PATCHED_EDITS = 8  # more events edited at once than this: the timeline is built anew


class TimelineReuse:
    """`build_timeline` for builds that follow one another: the last timeline with the few
    events edited since replaced in it, when the edits leave everything in place."""

    def __init__(self, include_drafts: bool) -> None:
        self._include_drafts = include_drafts
        self._last: _Built | None = None
        self.patched = False  # whether the last timeline was patched, not built

    def timeline(
        self,
        events: tuple[Event, ...],
        page_size: int,
        people: tuple[Person, ...] = (),
        forums: tuple[Forum, ...] = (),
    ) -> Timeline:
        drafts = self._include_drafts
        last = self._last
        if last is not None and (last.timeline.person_files, last.timeline.forum_files) != (
            people,
            forums,
        ):
            last = None  # a person or forum file changed: every event may name it
        timeline = _patched(last, events, page_size, drafts)
        self.patched = timeline is not None
        if timeline is None:
            timeline = build_timeline(
                events, include_drafts=drafts, page_size=page_size, people=people, forums=forums
            )
        self._last = _Built(events, page_size, timeline)
        return timeline


@dataclass(frozen=True)
class _Built:
    """A timeline and what it was built from."""

    events: tuple[Event, ...]
    page_size: int
    timeline: Timeline


def _patched(
    last: _Built | None, events: Sequence[Event], page_size: int, drafts: bool
) -> Timeline | None:
    """The `last` timeline with the few events edited since replaced in it, or None."""
    if last is None or last.page_size != page_size or len(last.events) != len(events):
        return None
    edited = replaced_positions(last.events, events)
    if len(edited) > MAX_PATCHED_EDITS:  # each costs a pass over the timeline
        return None
    timeline: Timeline | None = last.timeline
    for at in edited:
        if timeline is not None:
            timeline = with_event_replaced(timeline, last.events[at], events[at], drafts)
    return timeline


def with_event_replaced(
    timeline: Timeline, old: Event, new: Event, include_drafts: bool
) -> Timeline | None:
    """The timeline after the event `old` was edited into `new`: the same timeline with
    `new` in `old`'s entries and its neighbours'. None when the edit moves the event, or
    changes its dates, kind, topics, place, forum, the people it names or whether it is
    shown: build the timeline again."""
    shown = include_drafts or not new.draft
    events = list(map(id, timeline.events))  # found by identity, in C
    if id(old) not in events:
        return None if shown else timeline
    entry = timeline.entries[events.index(id(old))]
    same_place = (
        shown
        and _groups_of(new) == _groups_of(old)
        and (entry.previous is None or chronological(entry.previous) < chronological(new))
        and (entry.next is None or chronological(new) < chronological(entry.next))
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
    years = _regrouped(timeline.years, old, new)
    result = Timeline(entries, years, periods, timeline.person_files, timeline.forum_files)
    # Groupings already made are patched too, rather than made again from every event.
    for name in ("topics", "kinds", "person_timelines", "place_timelines", "forum_timelines"):
        if name in timeline.__dict__:
            result.__dict__[name] = _regrouped(timeline.__dict__[name], old, new)
    return result


def _groups_of(event: Event) -> tuple[object, ...]:
    """What places an event in the timeline and in its groupings, and what a person's page
    says of those they met (their names)."""
    people = frozenset((participant.name, participant.person) for participant in event.participants)
    return (
        event.date,
        event.last_date,
        event.kind,
        event.topics,
        event.location,
        event.forum,
        people,
    )


Group = TypeVar(
    "Group", Year, TopicTimeline, KindTimeline, PersonTimeline, PlaceTimeline, ForumTimeline
)


def _regrouped(groups: tuple[Group, ...], old: Event, new: Event) -> tuple[Group, ...]:
    """Each group with `new` for `old` in its entries; a group without `old` as it is."""
    patched = []
    for group in groups:
        entries = _swapped(group.entries, old, new) if _may_list(group, old) else group.entries
        patched.append(
            group if entries is group.entries else dataclasses.replace(group, entries=entries)
        )
    return tuple(patched)


def _may_list(group: Group, old: Event) -> bool:
    """Whether `old` may be in the group: a topic's, kind's, person's, place's or forum's
    chain holds only its own events (a patch keeps what groups the event), so most are
    skipped at once."""
    if isinstance(group, TopicTimeline):
        return any(topic.slug == group.topic.slug for topic in old.topics)
    if isinstance(group, KindTimeline):
        return old.kind.slug == group.kind.slug
    if isinstance(group, PersonTimeline):
        return any(participant.person == group.person.slug for participant in old.participants)
    if isinstance(group, PlaceTimeline):
        return old.location == group.place
    if isinstance(group, ForumTimeline):
        return old.forum == group.forum.slug
    return True


def _swapped(entries: tuple[Entry, ...], old: Event, new: Event) -> tuple[Entry, ...]:
    """`entries` with `new` for `old` as event or neighbour; the same tuple when neither.

    Entries are a stretch of a chain, so `old` can be a neighbour only next to its own entry
    or at the stretch's ends. Found by identity, in C: a timeline holds 80,000 entries."""
    if not entries or not _may_hold(entries, old):
        return entries
    events = list(map(id, map(EVENT_OF, entries)))
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


def _may_hold(entries: tuple[Entry, ...], old: Event) -> bool:
    """Whether `old` can be in entries in time order, or a neighbour at their ends: a
    period's or a year's entries are skipped at once."""
    first, last = entries[0], entries[-1]
    return (
        first.previous is old or last.next is old or first.event.date <= old.date <= last.event.date
    )
