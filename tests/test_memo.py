"""Per-event results kept between a preview's rebuilds: recomputed when, and only when,
their event changed; forgotten when their event is gone."""

from __future__ import annotations

import dataclasses

from test_timeline import event

from site_builder.incremental.memo import PerEvent, same_where_replaced
from site_builder.model.records import Event


def titles(store: PerEvent, events: list[Event], computed: list[str]) -> list[str]:
    def compute(e: Event) -> str:
        computed.append(e.slug)
        return e.title

    return store.get_all("title", events, compute)


def test_only_edited_events_are_computed_again() -> None:
    events = [event(f"e{n}", f"2023-01-1{n}") for n in range(5)]
    store, computed = PerEvent(), []
    assert titles(store, events, computed) == ["E0", "E1", "E2", "E3", "E4"]
    edited = [*events[:2], dataclasses.replace(events[2], title="New"), *events[3:]]
    computed.clear()
    assert titles(store, edited, computed) == ["E0", "E1", "New", "E3", "E4"]
    assert computed == ["e2"]
    computed.clear()
    assert titles(store, [*edited], computed) == ["E0", "E1", "New", "E3", "E4"]
    assert computed == []  # equal events, even in a new list, are not computed again


def test_results_of_events_that_are_gone_are_forgotten() -> None:
    events = [event(f"e{n}", f"2023-01-1{n}") for n in range(3)]
    store, computed = PerEvent(), []
    titles(store, events, computed)
    store.keep_only(events)
    renamed = [events[0], dataclasses.replace(events[1], slug="moved"), events[2]]
    store.keep_only(renamed)
    computed.clear()
    titles(store, [events[1]], computed)  # asked again after it was forgotten
    assert computed == ["e1"]


def test_same_where_replaced_looks_at_the_key_of_replaced_objects() -> None:
    events = [event(f"e{n}", f"2023-01-1{n}") for n in range(3)]
    retitled = [events[0], dataclasses.replace(events[1], title="New"), events[2]]
    redated = [events[0], dataclasses.replace(events[1], date=events[2].date), events[2]]
    slug_of = lambda e: e.slug  # noqa: E731
    date_of = lambda e: e.date  # noqa: E731
    assert same_where_replaced(events, retitled, slug_of)
    assert same_where_replaced(events, retitled, date_of)
    assert not same_where_replaced(events, redated, date_of)
    assert not same_where_replaced(events, events[:2], slug_of)
