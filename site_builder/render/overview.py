"""Geometry for the timeline page's overviews, drawn at build time as inline SVG:
a time axis with a mark per event, and a map of the places where events happened (its
projection, outlines and labels are in map_projection, map_outlines and map_labels)."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from site_builder.incremental.memo import same_where_replaced
from site_builder.model.gazetteer import locate_all, place_key
from site_builder.model.records import Event, Place
from site_builder.model.slugs import slugify
from site_builder.render.map_labels import (
    ASCENT,
    DESCENT,
    LABEL_SIZE,
    Box,
    Label,
    Marker,
    placed_labels,
)
from site_builder.render.map_outlines import Outlines, outlines
from site_builder.render.map_projection import Frame, framed
from site_builder.render.words import Words

# The axis is drawn in percent of its width, so that it stretches without distorting marks.
AXIS_WIDTH, AXIS_HEIGHT, AXIS_PAD = 100, 64, 1.5
CLUSTER_WIDTH = 0.8  # marks closer than this (percent) merge, so 1,000 events stay readable
MAX_TICKS = 12
TICK_STEPS = (1, 2, 5, 10, 20, 50, 100)
MAP_WIDTH = 1000  # the map's units across: its height follows from the places' box
# A marker's radius: one event's, and the least and most any gets (see _marker_radii).
MARKER_RADIUS, MARKER_MIN_RADIUS, MARKER_MAX_RADIUS = 16.0, 8.0, 40.0
GRID_STEPS = (10, 20, 30, 45, 60, 90)  # degrees between the grid's lines: the least that fits
GRID_LABEL_SIZE, GRID_LABEL_INSET = 22, 6  # the grid labels' font size, and their inset
GRID_LABEL_WIDTH = 80  # the room kept for one ("170°W" is about 70 wide)
GRID_LATITUDE_ROOM, GRID_LONGITUDE_ROOM = 40, 90  # the least room between lines, for labels


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
class MapLabel:
    """A place's name beside its marker: its baseline at (x, y), and SVG's `text-anchor`
    (None for SVG's default, `start`: the name begins at x)."""

    text: str
    x: float
    y: float
    anchor: str | None


@dataclass(frozen=True)
class MapPlace:
    name: str
    slug: str
    x: float
    y: float
    radius: float
    label: MapLabel | None  # None where it fits nowhere beside the marker
    events: tuple[Event, ...]


@dataclass(frozen=True)
class GridLine:
    """A line of latitude or longitude, and where its label stands (None: where it would not
    fit, or run into another)."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_at: tuple[float, float] | None


@dataclass(frozen=True)
class PlaceMap:
    """Places drawn over the land and borders, on a faint grid; events without a spot listed
    aside. `land` and `borders` are SVG path data; sizes are in the map's units."""

    width: int
    height: int
    land: str
    borders: str
    places: tuple[MapPlace, ...]
    grid: tuple[GridLine, ...]
    grid_path: str  # the grid's lines, as one path
    unplaced: tuple[Event, ...]
    label_size: int = LABEL_SIZE
    grid_label_size: int = GRID_LABEL_SIZE


def place_map(
    events: Sequence[Event],
    known: Mapping[str, tuple[float, float]],
    words: Words | None = None,
) -> PlaceMap | None:
    """A map around the events' places (see map_projection), its grid labelled in `words`
    (English when None).

    Coordinates come from `known` (site.yaml's `places`, by "City, Country"), else from the
    `coordinates` of an event at that place, else from the gazetteer.
    """
    return _map_from(events, _map_layout_of(events, known), words)


@dataclass(frozen=True)
class Spot:
    """A place on the map, with its events by their index in the page's events."""

    name: str
    slug: str
    x: float
    y: float
    radius: float
    label: MapLabel | None
    found: tuple[int, ...]


# A line of the grid, unlabelled: x1, y1, x2, y2, its degrees of latitude or longitude, and
# where its label goes.
UnlabelledLine = tuple[float, float, float, float, int, tuple[float, float] | None]


@dataclass(frozen=True)
class MapLayout:
    """The map's geometry, without words: the grid is labelled when the map is made from it,
    so that a preview's next overview may reuse it in any language."""

    width: int
    height: int
    outlines: Outlines
    spots: tuple[Spot, ...]
    latitudes: tuple[UnlabelledLine, ...]
    longitudes: tuple[UnlabelledLine, ...]
    grid_path: str
    unplaced: tuple[int, ...]  # the events it does not show


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
    places = tuple(
        MapPlace(
            spot.name,
            spot.slug,
            spot.x,
            spot.y,
            spot.radius,
            spot.label,
            tuple(map(events.__getitem__, spot.found)),
        )
        for spot in layout.spots
    )
    grid = _labelled(layout.latitudes, layout.longitudes, words if words is not None else Words())
    return PlaceMap(
        layout.width,
        layout.height,
        layout.outlines.land,
        layout.outlines.borders,
        places,
        grid,
        layout.grid_path,
        tuple(map(events.__getitem__, layout.unplaced)),
    )


def _labelled(
    latitudes: tuple[UnlabelledLine, ...], longitudes: tuple[UnlabelledLine, ...], words: Words
) -> tuple[GridLine, ...]:
    """The grid's lines with their labels, in the interface's language: `10°N`, `20°E`."""
    return (
        *(
            GridLine(x1, y1, x2, y2, words.latitude(lat), at)
            for x1, y1, x2, y2, lat, at in latitudes
        ),
        *(
            GridLine(x1, y1, x2, y2, words.longitude(lon), at)
            for x1, y1, x2, y2, lon, at in longitudes
        ),
    )


def _map_layout(
    locations: tuple[Place | None, ...],
    event_coordinates: tuple[tuple[float, float] | None, ...],
    known: tuple[tuple[str, tuple[float, float]], ...],
) -> MapLayout | None:
    """The map around the events' places: its frame, outlines, grid, and its places with their
    markers, names and events; and the events it does not show."""
    coordinates = _coordinates_of(locations, event_coordinates, known)
    spots: dict[str, list[int]] = {}
    unplaced = []
    for at, location in enumerate(locations):
        name = str(location) if location else None
        if name is not None and name in coordinates:
            spots.setdefault(name, []).append(at)
        else:
            unplaced.append(at)
    if not spots:
        return None
    names = sorted(spots)
    frame = framed([coordinates[name] for name in names], MAP_WIDTH)
    latitudes, longitudes = _grid(frame)
    radii = _marker_radii([len(spots[name]) for name in names])
    markers = [
        Marker(*frame.point(*coordinates[name]), radius, _short_name(name), len(spots[name]))
        for name, radius in zip(names, radii, strict=True)
    ]
    labels = placed_labels(
        markers, frame.width, frame.height, _grid_label_boxes((*latitudes, *longitudes))
    )
    placed = tuple(
        Spot(
            name,
            slugify(name),
            _tidy(marker.x),
            _tidy(marker.y),
            _tidy(marker.radius),
            _map_label(label),
            tuple(spots[name]),
        )
        for name, marker, label in zip(names, markers, labels, strict=True)
    )
    return MapLayout(
        frame.width,
        frame.height,
        outlines(frame),
        placed,
        latitudes,
        longitudes,
        _grid_path(latitudes, longitudes),
        tuple(unplaced),
    )


def _coordinates_of(
    locations: tuple[Place | None, ...],
    event_coordinates: tuple[tuple[float, float] | None, ...],
    known: tuple[tuple[str, tuple[float, float]], ...],
) -> dict[str, tuple[float, float]]:
    """Where each place is: from `known`, else from an event's coordinates, else from the
    gazetteer; a place found nowhere is left out."""
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
    return coordinates


_LOCATION, _COORDINATES = operator.attrgetter("location"), operator.attrgetter("coordinates")


def _short_name(name: str) -> str:
    """What a marker is labelled with: the city of "City, Country"."""
    return name.split(",")[0].strip() or name


def _marker_radii(counts: Sequence[int]) -> list[float]:
    """A marker's area grows with its place's events: one event's is MARKER_RADIUS, until the
    busiest place would pass MARKER_MAX_RADIUS; then all shrink alike so that it does not,
    none below MARKER_MIN_RADIUS (which stays easy to see and to click)."""
    per_root = min(MARKER_RADIUS, MARKER_MAX_RADIUS / math.sqrt(max(counts)))
    return [round(max(MARKER_MIN_RADIUS, per_root * math.sqrt(count)), 1) for count in counts]


def _map_label(label: Label | None) -> MapLabel | None:
    if label is None:
        return None
    anchor = None if label.anchor == "start" else label.anchor
    return MapLabel(label.text, round(label.x), round(label.y), anchor)


def _tidy(value: float) -> float:
    """A whole number written as one: `16`, not `16.0`, in the page."""
    return int(value) if value.is_integer() else value


def _grid(frame: Frame) -> tuple[tuple[UnlabelledLine, ...], tuple[UnlabelledLine, ...]]:
    """Lines of latitude and of longitude at a round step that leaves room for their labels:
    latitudes labelled down the map's left edge, longitudes along its foot, clear of each
    other. Longitudes past ±180 are named as the meridians they are (190 is 170°W)."""
    latitudes = []
    step = _grid_step(frame.scale, GRID_LATITUDE_ROOM)
    for lat in range(
        math.ceil(max(frame.south, -90.0) / step) * step,
        math.floor(min(frame.north, 90.0)) + 1,
        step,
    ):
        y = round(frame.y(lat))
        baseline = y - GRID_LABEL_INSET
        fits = GRID_LABEL_SIZE <= baseline <= frame.height - 2 * GRID_LABEL_SIZE
        latitudes.append(
            (0, y, frame.width, y, lat, (GRID_LABEL_INSET, baseline) if fits else None)
        )
    longitudes = []
    step = _grid_step(frame.scale * frame.stretch, GRID_LONGITUDE_ROOM)
    for lon in range(math.ceil(frame.west / step) * step, math.floor(frame.east) + 1, step):
        x = round(frame.x(lon))
        left = x + GRID_LABEL_INSET
        fits = GRID_LONGITUDE_ROOM <= left <= frame.width - GRID_LONGITUDE_ROOM
        at = (left, frame.height - GRID_LABEL_INSET) if fits else None
        longitudes.append((x, 0, x, frame.height, _meridian(lon), at))
    return tuple(latitudes), tuple(longitudes)


def _grid_path(
    latitudes: tuple[UnlabelledLine, ...], longitudes: tuple[UnlabelledLine, ...]
) -> str:
    """The grid's lines as one path: `M0 128H1000` across, `M116 0V1000` down."""
    across = (f"M{x1:g} {y1:g}H{x2:g}" for x1, y1, x2, *_ in latitudes)
    down = (f"M{x1:g} {y1:g}V{y2:g}" for x1, y1, _, y2, *_ in longitudes)
    return "".join((*across, *down))


def _grid_step(units_per_degree: float, room: float) -> int:
    """The least of GRID_STEPS whose lines are `room` units apart or more."""
    return next((step for step in GRID_STEPS if step * units_per_degree >= room), GRID_STEPS[-1])


def _meridian(longitude: int) -> int:
    """The longitude within -180 (left out: it is 180) to 180."""
    turned = (longitude + 180) % 360 - 180
    return 180 if turned == -180 else turned


def _grid_label_boxes(lines: Sequence[UnlabelledLine]) -> list[Box]:
    """The room the grid's labels take, whatever their language, kept clear of names."""
    ascent, descent = ASCENT * GRID_LABEL_SIZE, DESCENT * GRID_LABEL_SIZE
    spots = [line[5] for line in lines if line[5] is not None]
    return [Box(x, y - ascent, x + GRID_LABEL_WIDTH, y + descent) for x, y in spots]


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
