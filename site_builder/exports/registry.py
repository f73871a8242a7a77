"""Every data file the site publishes beside its pages, as one entry each in `EXPORTS`.

An export is joined from a part per event: the parts are computed with each event's page
(on every core in a cold build), kept with it in `.cache/`, and reused between preview
rebuilds while their event stays the same, so an edit costs the edited event's parts and
the joins. The renderer and the tests make the files with the same `build_exports`.

What the files word for readers (a result's date, a slide's link) is the interface's: the
renderer hands its words down (`ExportWords`), as exports sit below it and cannot import
them. A part is computed by the renderer that joins it, or kept in `.cache/` with its
event's page, under the page's key: it is always worded as the pages are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from site_builder.config import SiteConfig
from site_builder.exports.formats import (
    LinkWords,
    calendar_ics_of,
    csv_row,
    events_csv_of,
    shared_slugs,
    slide,
    timeline_json_of,
    vevent,
)
from site_builder.exports.search import SpanWords, search_index_of, search_record
from site_builder.model.records import Event
from site_builder.model.timeline import Timeline
from site_builder.model.urls import Urls

PartOfEvent = Callable[[Event], bytes]
# `PerEvent.get_all`'s shape: a part's name, the events, and how to compute one event's part.
PartsOf = Callable[[str, Sequence[Event], PartOfEvent], list[bytes]]


class ExportWords(SpanWords, LinkWords, Protocol):
    """The interface's words the data files show: `render.words.Words` has them all."""


@dataclass(frozen=True)
class Export:
    """One data file: `join` makes its bytes from `part_of_event` of each event, in order.

    `part_name` names the parts among an event's per-event results. Parts that depend on
    which slugs more than one event has (`by_shared_slugs`) are named with those slugs too,
    so that a part computed for other shared slugs is never taken for them. Both functions
    are given the interface's words, for what the file words itself.
    """

    path: str
    part_name: str
    part_of_event: Callable[[Event, Urls, frozenset[str], ExportWords], bytes]
    join: Callable[[Sequence[bytes], SiteConfig, Urls, ExportWords], bytes]
    by_shared_slugs: bool = False

    def part_name_for(self, shared: frozenset[str]) -> str:
        """The name of the parts computed for a timeline whose shared slugs are `shared`."""
        if not self.by_shared_slugs:
            return self.part_name
        return " ".join((self.part_name, *sorted(shared)))

    def part_computer(self, urls: Urls, shared: frozenset[str], words: ExportWords) -> PartOfEvent:
        """An event's part, for a timeline whose shared slugs are `shared`."""
        return lambda event: self.part_of_event(event, urls, shared, words)


# In the order of the files among the pages.
EXPORTS: tuple[Export, ...] = (
    Export(
        "search-index.json",
        "search",
        lambda event, urls, _shared, words: search_record(event, urls, words),
        lambda records, _config, _urls, _words: search_index_of(records),
    ),
    Export("timeline.json", "slide", slide, timeline_json_of, by_shared_slugs=True),
    Export(
        "calendar.ics",
        "vevent",
        lambda event, urls, _shared, _words: vevent(event, urls),
        lambda vevents, config, _urls, _words: calendar_ics_of(vevents, config),
    ),
    Export(
        "events.csv",
        "csv",
        lambda event, urls, _shared, _words: csv_row(event, urls),
        lambda rows, _config, _urls, _words: events_csv_of(rows),
    ),
)


def parts_with_pages(urls: Urls, words: ExportWords) -> dict[str, PartOfEvent]:
    """Each export's part of an event, by name, as computed with the event's page: before
    the timeline is looked at, so for the usual timeline, whose slugs are all its own."""
    return {
        export.part_name_for(frozenset()): export.part_computer(urls, frozenset(), words)
        for export in EXPORTS
    }


@dataclass(frozen=True)
class ExportFile:
    """An export with its parts, one per event in order; joined only when its file is made,
    so that a file whose parts are the very ones of the last build is not joined again."""

    export: Export
    parts: Sequence[bytes]
    config: SiteConfig
    urls: Urls
    words: ExportWords

    @property
    def path(self) -> str:
        return self.export.path

    def joined(self) -> bytes:
        """The file's bytes."""
        return self.export.join(self.parts, self.config, self.urls, self.words)


def _computed(name: str, events: Sequence[Event], compute: PartOfEvent) -> list[bytes]:
    """Each event's part, computed afresh."""
    return list(map(compute, events))


def build_exports(
    timeline: Timeline,
    config: SiteConfig,
    urls: Urls,
    words: ExportWords,
    parts_of: PartsOf = _computed,
    shared: frozenset[str] | None = None,
) -> list[ExportFile]:
    """Every export of the timeline, with its parts, worded in `words` (the renderer's).

    The renderer passes its store of per-event parts (`parts_of`) and the shared slugs it
    keeps between rebuilds, so that only the parts of edited events are computed again.
    """
    events = timeline.events
    shared = shared_slugs(events) if shared is None else shared
    return [
        ExportFile(
            export,
            parts_of(
                export.part_name_for(shared), events, export.part_computer(urls, shared, words)
            ),
            config,
            urls,
            words,
        )
        for export in EXPORTS
    ]
