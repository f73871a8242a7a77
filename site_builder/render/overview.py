"""Geometry for the timeline page's overviews, drawn at build time as inline SVG:
a time axis with a mark per event, and a map of the places where events happened."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from site_builder.incremental.memo import same_where_replaced
from site_builder.model.gazetteer import locate_all, place_key
from site_builder.model.records import Event, Place
from site_builder.model.slugs import slugify
from site_builder.render.words import Words

# The axis is drawn in percent of its width, so that it stretches without distorting marks.
AXIS_WIDTH, AXIS_HEIGHT, AXIS_PAD = 100, 64, 1.5
CLUSTER_WIDTH = 0.8  # marks closer than this (percent) merge, so 1,000 events stay readable
MAX_TICKS = 12
TICK_STEPS = (1, 2, 5, 10, 20, 50, 100)
MAP_WIDTH, MAP_MARGIN_DEGREES, MIN_SPAN_DEGREES = 1000, 8.0, 30.0


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class Mark:
    """One event, or a cluster of events too close in time to draw apart."""

    x: float
    radius: float
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Axis:
    width: int
    height: int
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]


def time_axis(events: Sequence[Event]) -> Axis | None:
    """Whole years from the first event's to the last one's; events placed by date."""
    return _axis_from(events, _axis_layout_of(events))


AxisLayout = tuple[tuple[Tick, ...], tuple[tuple[float, float, int, int], ...]]


def _axis_layout_of(events: Sequence[Event]) -> AxisLayout | None:
    if not events:
        return None
    return _axis_layout(tuple(map(_DATE, events)), tuple(map(_END_DATE, events)))  # in C


def _axis_from(events: Sequence[Event], layout: AxisLayout | None) -> Axis | None:
    if layout is None:
        return None
    ticks, groups = layout
    marks = tuple(Mark(x, radius, tuple(events[start:end])) for x, radius, start, end in groups)
    return Axis(AXIS_WIDTH, AXIS_HEIGHT, ticks, marks)


_DATE, _END_DATE = operator.attrgetter("date"), operator.attrgetter("end_date")


def _axis_layout(dates: tuple[dt.date, ...], ends: tuple[dt.date | None, ...]) -> AxisLayout:
    """The axis's ticks, and its marks as (x, radius, first event, after the last event)."""
    first_year = dates[0].year
    last_year = max(max(dates), max((end for end in ends if end), default=dates[0])).year
    start = _new_year(first_year)
    span = _new_year(last_year + 1) - start

    def x_of(day: dt.date) -> float:
        return round(AXIS_PAD + (day.toordinal() - start) / span * (AXIS_WIDTH - 2 * AXIS_PAD), 2)

    years = last_year - first_year + 1
    step = next((s for s in TICK_STEPS if years / s <= MAX_TICKS), TICK_STEPS[-1])
    ticks = tuple(
        Tick(x_of(dt.date(year, 1, 1)), year)
        for year in range(first_year, last_year + 1)
        if (year - first_year) % step == 0
    )
    return ticks, _clusters([x_of(day) for day in dates])


def _new_year(year: int) -> int:
    """The day number of 1 January of `year`; for the year after 9999, which `date` cannot
    hold, the day after 31 December 9999: an event on that day still gets its axis."""
    if year > dt.MAXYEAR:
        return dt.date.max.toordinal() + 1
    return dt.date(year, 1, 1).toordinal()


def _clusters(xs: list[float]) -> tuple[tuple[float, float, int, int], ...]:
    """Runs of marks closer than CLUSTER_WIDTH to the run's first, as (x, radius, start, end)."""
    runs: list[tuple[float, float, int, int]] = []
    start = 0
    for end in range(1, len(xs) + 1):
        if end == len(xs) or xs[end] - xs[start] >= CLUSTER_WIDTH:
            count = end - start
            x = round(sum(xs[start:end]) / count, 2)
            runs.append((x, round(4 + min(6.0, 1.5 * math.log2(count)), 1), start, end))
            start = end
    return tuple(runs)


@dataclass(frozen=True)
class MapPlace:
    name: str
    slug: str
    x: float
    y: float
    events: tuple[Event, ...]


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass(frozen=True)
class PlaceMap:
    """Places drawn on a plain latitude/longitude grid; events without a spot listed aside."""

    width: int
    height: int
    places: tuple[MapPlace, ...]
    grid: tuple[GridLine, ...]
    unplaced: tuple[Event, ...]


def place_map(
    events: Sequence[Event],
    known: Mapping[str, tuple[float, float]],
    words: Words | None = None,
) -> PlaceMap | None:
    """An equirectangular map around the events' places, its grid labelled in `words`
    (English when None).

    Coordinates come from `known` (site.yaml's `places`, by "City, Country"), else from the
    `coordinates` of an event at that place, else from the gazetteer.
    """
    return _map_from(events, _map_layout_of(events, known), words)


Spot = tuple[str, str, float, float, tuple[int, ...]]  # name, slug, x, y, its events
# A line of the grid, unlabelled: x1, y1, x2, y2 and its degrees of latitude or longitude.
UnlabelledLine = tuple[float, float, float, float, int]
# The map's height, its places, its lines of latitude and of longitude, and the events it
# does not show. Geometry only: the grid is labelled when the map is made from it.
MapLayout = tuple[
    int, tuple[Spot, ...], tuple[UnlabelledLine, ...], tuple[UnlabelledLine, ...], tuple[int, ...]
]


def _map_layout_of(
    events: Sequence[Event], known: Mapping[str, tuple[float, float]]
) -> MapLayout | None:
    locations = tuple(map(_LOCATION, events))
    return _map_layout(locations, tuple(map(_COORDINATES, events)), tuple(known.items()))


def _map_from(
    events: Sequence[Event], layout: MapLayout | None, words: Words | None
) -> PlaceMap | None:
    if layout is None:
        return None
    height, spots, latitudes, longitudes, unplaced = layout
    places = tuple(
        MapPlace(name, slug, x, y, tuple(map(events.__getitem__, found)))
        for name, slug, x, y, found in spots
    )
    grid = _labelled(latitudes, longitudes, words if words is not None else Words())
    return PlaceMap(MAP_WIDTH, height, places, grid, tuple(map(events.__getitem__, unplaced)))


def _labelled(
    latitudes: tuple[UnlabelledLine, ...], longitudes: tuple[UnlabelledLine, ...], words: Words
) -> tuple[GridLine, ...]:
    """The grid's lines with their labels, in the interface's language: `10°N`, `20°E`."""
    return (
        *(GridLine(x1, y1, x2, y2, words.latitude(lat)) for x1, y1, x2, y2, lat in latitudes),
        *(GridLine(x1, y1, x2, y2, words.longitude(lon)) for x1, y1, x2, y2, lon in longitudes),
    )


def _map_layout(
    locations: tuple[Place | None, ...],
    event_coordinates: tuple[tuple[float, float] | None, ...],
    known: tuple[tuple[str, tuple[float, float]], ...],
) -> MapLayout | None:
    """The map's height, its places with their events' positions, its lines of latitude and
    of longitude, and the positions of the events it does not show."""
    coordinates = dict(known)
    names = [str(location) if location else None for location in locations]
    for name, spot in zip(names, event_coordinates, strict=True):
        if name is not None and spot:
            coordinates.setdefault(name, spot)
    unlisted = {
        name: location
        for name, location in zip(names, locations, strict=True)
        if name is not None and location is not None and name not in coordinates
    }
    found = locate_all((place.city, place.country) for place in unlisted.values())
    for name, place in unlisted.items():
        spot = found[place_key(place.city, place.country)]
        if spot is not None:
            coordinates[name] = spot
    spots: dict[str, list[int]] = {}
    unplaced = []
    for at, name in enumerate(names):
        if name is not None and name in coordinates:
            spots.setdefault(name, []).append(at)
        else:
            unplaced.append(at)
    if not spots:
        return None
    lats = [coordinates[name][0] for name in spots]
    lons = [coordinates[name][1] for name in spots]
    south, north = _padded(min(lats), max(lats))
    west, east = _padded(min(lons), max(lons))
    stretch = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * stretch)
    height = round((north - south) * scale)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * stretch * scale, 1), round((north - lat) * scale, 1)

    places = tuple(
        (name, slugify(name), *project(*coordinates[name]), tuple(found))
        for name, found in sorted(spots.items())
    )
    latitudes, longitudes = _grid(south, north, west, east, project)
    return height, places, latitudes, longitudes, tuple(unplaced)


_LOCATION, _COORDINATES = operator.attrgetter("location"), operator.attrgetter("coordinates")


def _padded(low: float, high: float) -> tuple[float, float]:
    middle, half = (low + high) / 2, max(high - low, MIN_SPAN_DEGREES) / 2 + MAP_MARGIN_DEGREES
    return middle - half, middle + half


Projection = Callable[[float, float], tuple[float, float]]


def _grid(
    south: float, north: float, west: float, east: float, project: Projection
) -> tuple[tuple[UnlabelledLine, ...], tuple[UnlabelledLine, ...]]:
    """A line every 10 degrees of latitude, and one every 10 of longitude."""
    latitudes = []
    for lat in range(math.ceil(south / 10) * 10, math.floor(north / 10) * 10 + 1, 10):
        (x1, y), (x2, _) = project(lat, west), project(lat, east)
        latitudes.append((x1, y, x2, y, lat))
    longitudes = []
    for lon in range(math.ceil(west / 10) * 10, math.floor(east / 10) * 10 + 1, 10):
        (x, y1), (_, y2) = project(north, lon), project(south, lon)
        longitudes.append((x, y1, x, y2, lon))
    return tuple(latitudes), tuple(longitudes)


@dataclass(frozen=True)
class Overview:
    """A timeline's axis and map, with what they were drawn from."""

    events: Sequence[Event]
    known: Mapping[str, tuple[float, float]]
    axis: Axis | None
    place_map: PlaceMap | None
    axis_layout: AxisLayout | None
    map_layout: MapLayout | None


def overview(
    events: Sequence[Event],
    known: Mapping[str, tuple[float, float]],
    last: Overview | None,
    words: Words | None = None,
) -> Overview:
    """The axis and the map of `events`, drawn from the layouts of the `last` overview of the
    same page when its events are dated and placed alike: after a preview's edit that moves
    no event, the overview of 10,000 events is found without reading every event again.

    The map's grid is labelled in `words` (English when None) every time: the layouts kept
    from the last overview hold no words, so no label worded otherwise is ever reused."""
    if (
        last is not None
        and last.known == known
        and same_where_replaced(last.events, events, _placement)
    ):
        axis_layout, map_layout = last.axis_layout, last.map_layout
    else:
        axis_layout, map_layout = _axis_layout_of(events), _map_layout_of(events, known)
    return Overview(
        events,
        known,
        _axis_from(events, axis_layout),
        _map_from(events, map_layout, words),
        axis_layout,
        map_layout,
    )


_placement = operator.attrgetter("date", "end_date", "location", "coordinates")  # all it uses
