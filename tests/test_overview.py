"""The time axis, the map and the search index of the timeline page, from the model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from test_timeline import event

from site_builder.config import SiteConfig
from site_builder.exports.registry import build_exports
from site_builder.exports.search import body_words
from site_builder.model.records import Participant, Place
from site_builder.model.timeline import build_timeline
from site_builder.model.urls import Urls
from site_builder.render.overview import overview, place_map, time_axis
from site_builder.render.words import Words


def test_marks_are_placed_by_date_with_year_ticks() -> None:
    axis = time_axis([event("a", "2023-07-13"), event("b", "2023-08-07"), event("c", "2024-07-25")])
    assert axis is not None
    assert [tick.year for tick in axis.ticks] == [2023, 2024]
    xs = [mark.x for mark in axis.marks]
    assert xs == sorted(xs) and len(xs) == 3
    # the gap of a year shows: the last mark is much further from the second than the second from the first
    assert xs[2] - xs[1] > 5 * (xs[1] - xs[0])
    assert axis.ticks[0].x < xs[0] < axis.ticks[1].x < xs[2]


def test_a_thousand_events_cluster_and_ticks_thin_out() -> None:
    start = dt.date(1990, 1, 1)
    events = [event(f"e{n}", (start + dt.timedelta(days=n * 12)).isoformat()) for n in range(1000)]
    axis = time_axis(events)
    assert axis is not None
    assert len(axis.ticks) <= 12
    assert len(axis.marks) < 150
    assert sum(len(mark.events) for mark in axis.marks) == 1000
    assert max(mark.radius for mark in axis.marks) > min(mark.radius for mark in axis.marks)


def test_the_map_places_events_by_their_coordinates_and_lists_calls_aside() -> None:
    jakarta = dataclasses.replace(event("j", "2023-07-13"), location=Place("Jakarta", "Indonesia"))
    moscow = dataclasses.replace(event("m", "2023-09-18"), location=Place("Moscow", "Russia"))
    call = event("c", "2023-08-07")
    drawn = place_map(
        [jakarta, call, moscow],
        {"Jakarta, Indonesia": (-6.21, 106.85), "Moscow, Russia": (55.76, 37.62)},
    )
    assert drawn is not None
    by_name = {place.name: place for place in drawn.places}
    assert by_name["Moscow, Russia"].x < by_name["Jakarta, Indonesia"].x  # west of it
    assert by_name["Moscow, Russia"].y < by_name["Jakarta, Indonesia"].y  # north of it
    assert all(
        0 <= place.x <= drawn.width and 0 <= place.y <= drawn.height for place in drawn.places
    )
    assert drawn.unplaced == (call,)
    assert by_name["Jakarta, Indonesia"].slug == "jakarta-indonesia"


def test_the_map_grid_is_labelled_every_ten_degrees() -> None:
    jakarta = dataclasses.replace(event("j", "2023-07-13"), location=Place("Jakarta", "Indonesia"))
    moscow = dataclasses.replace(event("m", "2023-09-18"), location=Place("Moscow", "Russia"))
    known = {"Jakarta, Indonesia": (-6.21, 106.85), "Moscow, Russia": (55.76, 37.62)}
    drawn = place_map([jakarta, moscow], known, Words())
    assert drawn is not None
    latitudes = ["10\u00b0S", *(f"{n}\u00b0N" for n in range(0, 70, 10))]
    longitudes = [f"{n}\u00b0E" for n in range(30, 120, 10)]
    assert [line.label for line in drawn.grid] == latitudes + longitudes
    assert all(line.y1 == line.y2 for line in drawn.grid[: len(latitudes)])
    assert all(line.x1 == line.x2 for line in drawn.grid[len(latitudes) :])


def test_an_overview_drawn_after_an_edit_equals_one_drawn_afresh() -> None:
    known = {"Jakarta, Indonesia": (-6.21, 106.85), "Moscow, Russia": (55.76, 37.62)}
    places = [Place("Jakarta", "Indonesia"), Place("Moscow", "Russia"), None]
    events = [
        dataclasses.replace(event(f"e{n}", f"2023-0{n % 9 + 1}-1{n % 7}"), location=places[n % 3])
        for n in range(12)
    ]
    last = overview(events, known, None)
    retitled = [*events[:4], dataclasses.replace(events[4], title="A new title"), *events[5:]]
    moved = [*events[:4], dataclasses.replace(events[4], location=places[2]), *events[5:]]
    for edited in (retitled, moved):
        drawn = overview(edited, known, last)
        assert (drawn.axis, drawn.place_map) == (time_axis(edited), place_map(edited, known))
    marked = [e for mark in overview(retitled, known, last).axis.marks for e in mark.events]  # type: ignore[union-attr]
    assert "A new title" in [e.title for e in marked]
    assert overview(moved, known, last).place_map != last.place_map


def test_the_search_index_holds_what_is_searched() -> None:
    meeting = dataclasses.replace(
        event("j", "2023-07-13"),
        location=Place("Jakarta", "Indonesia"),
        participants=(Participant("Wang Yi", None, "China", person="wang-yi"),),
        summary="They met.",
        body="They spoke of **Kazan** and [the summit](https://example.org).",
    )
    urls = Urls("https://x.org/r/")
    config = SiteConfig(Path("."), "Test", urls.base_url)
    files = build_exports(build_timeline([meeting], False), config, urls, Words())
    records = json.loads(next(file.joined() for file in files if file.path == "search-index.json"))
    assert records == [
        {
            "url": "/r/meetings/j/",
            "title": "J",
            "date": "13 July 2023",
            "kind": "Phone call",
            "place": "Jakarta, Indonesia",
            "summary": "They met.",
            "text": "wang yi china they spoke of kazan and the summit",
            "links": [
                ["Wang Yi", "/r/people/wang-yi/"],
                ["Jakarta, Indonesia", "/r/places/jakarta-indonesia/"],
            ],
        }
    ]
    alone = dataclasses.replace(meeting, location=None, participants=())
    files = build_exports(build_timeline([alone], False), config, urls, Words())
    records = json.loads(next(file.joined() for file in files if file.path == "search-index.json"))
    assert "links" not in records[0]  # a record without pages to lead to carries no empty list


def test_body_words_drop_markup() -> None:
    assert body_words("# Head\n\nA *b* <em>c</em> ![alt](x.png)") == ["head", "a", "b", "c", "alt"]


def test_coordinates_in_front_matter_place_an_event_not_in_site_yaml() -> None:
    geneva = dataclasses.replace(
        event("g", "2023-07-13"), location=Place("Geneva", "Switzerland"), coordinates=(46.2, 6.15)
    )
    drawn = place_map([geneva], {})
    assert drawn is not None
    assert [place.name for place in drawn.places] == ["Geneva, Switzerland"]
