"""Results computed from one event, kept while the event stays the same.

A preview's rebuild after one edit then recomputes the per-event parts of the search
index and the exports for that event only.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from site_builder.model.records import Event

T = TypeVar("T")
R = TypeVar("R")


class PerEvent:
    """A store of per-event results, by the result's name and the event's address, each kept
    with the event it was computed from: an edited event (a different value) is computed
    again. An event that is the very object it was computed from is not compared at all."""

    def __init__(self) -> None:
        self._results: dict[str, dict[str, tuple[Event, Any]]] = {}
        # The last `get_all` of each name: a timeline asked for again with a few events
        # edited is compared with it by identity, in C.
        self._last_all: dict[str, Mapped[Event, Any]] = {}
        self._last_replaced: tuple[Sequence[Event], Sequence[Event], list[int]] | None = None
        self._live: Sequence[Event] = ()  # the events of the last `keep_only`

    def get(self, name: str, event: Event, compute: Callable[[Event], T]) -> T:
        kept = self._results.setdefault(name, {})
        pair = kept.get(event.url_path)
        if pair is None or (pair[0] is not event and pair[0] != event):
            pair = kept[event.url_path] = (event, compute(event))
        result: T = pair[1]
        return result

    def get_all(self, name: str, events: Sequence[Event], compute: Callable[[Event], T]) -> list[T]:
        """The result `name` of each event, in order: one pass for a whole timeline."""
        if name not in self._last_all:
            self._last_all[name] = Mapped(self._replaced)
        return self._last_all[name](events, lambda event: self.get(name, event, compute))

    def _replaced(self, before: Sequence[Event], after: Sequence[Event]) -> list[int]:
        """`replaced_positions`, found once for the several results asked of one timeline."""
        last = self._last_replaced
        if last is None or last[0] is not before or last[1] is not after:
            last = self._last_replaced = (before, after, replaced_positions(before, after))
        return last[2]

    def put(self, name: str, event: Event, result: object) -> None:
        """Keep a result computed elsewhere (by a worker process)."""
        self._results.setdefault(name, {})[event.url_path] = (event, result)

    def keep_only(self, events: Sequence[Event]) -> None:
        """Forget events that are gone, so that the store does not grow without bound."""
        if not same_where_replaced(self._live, events, _URL_PATH):  # else none is gone
            live = set(map(_URL_PATH, events))
            for name, kept in self._results.items():
                if not kept.keys() <= live:
                    self._results[name] = {url: pair for url, pair in kept.items() if url in live}
        self._live = events


_URL_PATH = operator.attrgetter("url_path")


class Mapped(Generic[T, R]):
    """A function over a sequence, with its results kept: the next sequence of the same
    length is looked at only where it holds other objects (a preview's few new pages)."""

    def __init__(
        self, replaced: Callable[[Sequence[T], Sequence[T]], list[int]] | None = None
    ) -> None:
        self._replaced = replaced or replaced_positions
        self._last: tuple[Sequence[T], list[R]] = ((), [])

    def __call__(self, items: Sequence[T], function: Callable[[T], R]) -> list[R]:
        """`function` of each item; `items` must not change afterwards (pass a tuple), and
        `function` must give what the last call's gave for the same object."""
        before, results = self._last
        if len(before) == len(items):
            results = list(results)
            for at in self._replaced(before, items):
                results[at] = function(items[at])
        else:
            results = list(map(function, items))
        self._last = (items, results)
        return results


def replaced_positions(before: Sequence[object], after: Sequence[object]) -> list[int]:
    """Where two sequences of one length hold different objects; found in C, since a
    timeline of 10,000 events is compared at every preview rebuild."""
    return list(itertools.compress(range(len(after)), map(operator.is_not, before, after)))


def same_where_replaced(
    before: Sequence[T], after: Sequence[T], key: Callable[[T], object]
) -> bool:
    """Whether two sequences have one length and, where they hold different objects, objects
    with equal `key`s: what is worked out from `key` alone then holds for both. Only the
    objects that are not the very same are looked at."""
    if len(before) != len(after):
        return False
    return all(key(before[at]) == key(after[at]) for at in replaced_positions(before, after))
