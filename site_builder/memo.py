"""Results computed from one event, kept while the event stays the same.

A preview's rebuild after one edit then recomputes the per-event parts of the search
index and the exports for that event only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from site_builder.model import Event

T = TypeVar("T")


class PerEvent:
    """A store of per-event results, compared by value: an edited event is recomputed."""

    def __init__(self) -> None:
        self._results: dict[tuple[str, str], tuple[Event, Any]] = {}

    def get(self, name: str, event: Event, compute: Callable[[Event], T]) -> T:
        key = (name, event.url_path)
        kept = self._results.get(key)
        if kept is None or (kept[0] is not event and kept[0] != event):  # `is`: fast
            kept = (event, compute(event))
            self._results[key] = kept
        result: T = kept[1]
        return result

    def put(self, name: str, event: Event, result: object) -> None:
        """Keep a result computed elsewhere (by a worker process)."""
        self._results[name, event.url_path] = (event, result)

    def keep_only(self, events: Iterable[Event]) -> None:
        """Forget events that are gone, so that the store does not grow without bound."""
        live = {event.url_path for event in events}
        self._results = {key: value for key, value in self._results.items() if key[1] in live}


class NoMemo(PerEvent):
    """Computes every time: for one-off builds."""

    def get(self, name: str, event: Event, compute: Callable[[Event], T]) -> T:
        return compute(event)
