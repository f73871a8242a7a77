"""The model: order, years, neighbours, gaps and topics (worded in tests/test_words.py)."""

from __future__ import annotations

import dataclasses

from site_builder.config import DEFAULT_KINDS
from site_builder.model.dates import parse_when
from site_builder.model.records import Event, Topic
from site_builder.model.timeline import build_timeline


def event(slug: str, day: str, *topics: str, draft: bool = False) -> Event:
    return Event(
        path=f"content/meetings/{slug}.md",
        section="meetings",
        slug=slug,
        title=slug.title(),
        date=parse_when(day),
        end_date=None,
        kind=DEFAULT_KINDS["phone-call"],
        location=None,
        participants=(),
        occasion=None,
        topics=tuple(Topic(name, name.lower()) for name in topics),
        summary=None,
        sources=(),
        draft=draft,
        body="",
    )


def test_events_are_ordered_oldest_first_and_grouped_by_year() -> None:
    timeline = build_timeline(
        [event("c", "2024-07-25"), event("a", "2023-07-13"), event("b", "2023-09-18")],
        include_drafts=False,
    )
    assert [e.slug for e in timeline.events] == ["a", "b", "c"]
    assert [(year.year, len(year.entries)) for year in timeline.years] == [(2023, 2), (2024, 1)]


def test_neighbours_and_the_time_between_events() -> None:
    timeline = build_timeline(
        [event("a", "2023-07-13"), event("b", "2023-08-07"), event("c", "2024-07-25")],
        include_drafts=False,
    )
    first, second, third = timeline.entries
    assert first.previous is None and first.gap is None and first.next == second.event
    assert second.previous == first.event and second.gap is not None
    assert second.gap.days == 25  # "4 weeks later"
    assert third.gap is not None and third.gap.days == 353  # "12 months later"
    assert second.gap.size < third.gap.size


def test_the_gap_after_a_multi_day_event_counts_from_its_last_day() -> None:
    long_event = dataclasses.replace(event("a", "2023-07-10"), end_date=parse_when("2023-07-13"))
    timeline = build_timeline([long_event, event("b", "2023-07-13")], include_drafts=False)
    assert timeline.entries[1].gap is not None
    assert timeline.entries[1].gap.days == 0  # "the same day"


def test_drafts_are_left_out_unless_asked_for() -> None:
    events = [event("a", "2023-07-13"), event("b", "2023-08-07", draft=True)]
    assert [e.slug for e in build_timeline(events, include_drafts=False).events] == ["a"]
    assert [e.slug for e in build_timeline(events, include_drafts=True).events] == ["a", "b"]


def test_topics_are_sorted_by_name_each_with_its_own_chronology() -> None:
    timeline = build_timeline(
        [
            event("a", "2023-07-13", "Ukraine", "BRICS"),
            event("b", "2023-08-07", "BRICS"),
        ],
        include_drafts=False,
    )
    assert [(t.topic.name, [e.event.slug for e in t.entries]) for t in timeline.topics] == [
        ("BRICS", ["a", "b"]),
        ("Ukraine", ["a"]),
    ]
    brics_second = timeline.topics[0].entries[1]
    assert brics_second.gap is not None and brics_second.gap.days == 25
