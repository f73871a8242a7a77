"""Geometry for the timeline page's overviews, drawn at build time as inline SVG:
a time axis with a mark per event (or a bar per month or year where events are many), and
a map of the places where events happened (its
projection, outlines and labels are in map_projection, map_outlines and map_labels)."""

from __future__ import annotations

import bisect
import datetime as dt
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from site_builder.config import Era
from site_builder.incremental.memo import same_where_replaced
from site_builder.model.dates import When, day_number, day_of
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
# Distances across it are worked out for its narrowest width, on a 320 px screen (less the
# page's margins, and a little to spare), where marks stand closest: wider, they only part.
AXIS_WIDTH, AXIS_PAD = 100, 3.0  # percent; the pad keeps the first and last marks within
NARROWEST = 272  # px
MARK_RADIUS = 6  # px: one event's circle
CLUSTER_RADIUS, CLUSTER_MAX_RADIUS = 8, 11  # px: a cluster's, growing with log2 of its events
MARK_ROOM = 3  # px between two circles beyond their radii: their strokes and a gap
MARKS_MAX = 40  # more events than this, over MIN_BARS months or years or more: bars
MIN_BARS = 6
MAX_MONTHS = 36  # a span of this many months or fewer is drawn by months; a longer one by years
MAX_BARS = 120  # years drawn a bar each at most; beyond, a bar per 2, 5, 10, ... years
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
MONTH_STEPS = (1, 2, 3, 6, 12)
LABEL_ROOM = 42  # px from a label to the next of its row: "2023", "сент.", and a gap
LABEL_WIDTH = 36  # px a month's name may take: none is written past the axis's end
BAR_HEIGHT, BAR_MIN_HEIGHT = 40, 2  # px: the busiest bar's, and one event's at least
ERA_ROW = 14  # px: the row of an era's name, above the marks

MAP_WIDTH = 1000  # the map's units across: its height follows from the places' box
# A marker's radius: one event's, and the least and most any gets (see _marker_radii).
MARKER_RADIUS, MARKER_MIN_RADIUS, MARKER_MAX_RADIUS = 16.0, 8.0, 40.0
GRID_STEPS = (10, 20, 30, 45, 60, 90)  # degrees between the grid's lines: the least that fits
GRID_LABEL_SIZE, GRID_LABEL_INSET = 22, 6  # the grid labels' font size, and their inset
GRID_LABEL_WIDTH = 80  # the room kept for one ("170°W" is about 70 wide)
GRID_LATITUDE_ROOM, GRID_LONGITUDE_ROOM = 40, 90  # the least room between lines, for labels


@dataclass(frozen=True)
class Tick:
    """A year on the axis: 1 January, or where an axis drawn by months begins."""

    x: float
    year: int


@dataclass(frozen=True)
class MonthTick:
    """The first day of a month, on an axis drawn by months; `labelled` where its name fits."""

    x: float
    month: int
    labelled: bool


@dataclass(frozen=True)
class Mark:
    """Events drawn as one, at `x` (percent): one event's circle (`shape` "event"), a cluster
    of events too close in time to draw apart ("cluster"), or, on a density axis, a bar of the
    events of a month or of some years ("bar", `width` percent wide, centred on `x`, from `y`
    down, `height` px). `radius` is a circle's, in px, or half a bar's height: its size."""

    x: float
    radius: float
    events: tuple[Event, ...]
    shape: str = "event"
    width: float = 0.0
    y: float = 0.0  # a circle's centre, or a bar's top
    height: float = 0.0

    @property
    def left(self) -> float:
        return _tidy(round(self.x - self.width / 2, 2))


@dataclass(frozen=True)
class EraBand:
    """An era behind the marks: a band from `x`, `width` percent wide, from `y` down,
    `height` px, its name in its top row. Cut at the axis's ends: one that began before
    the axis starts at its left edge, one still lasting or ending after it runs to its
    right."""

    name: str
    start: When
    end: When | None
    x: float
    width: float
    y: float
    height: float


@dataclass(frozen=True)
class Legend:
    """What the axis's legend explains: the kinds of mark it shows. A filled circle is an
    event in person (its kind's `in_person`), a hollow one a call, a larger one holding a
    number a cluster; a bar, the events of a month or of a year."""

    in_person: bool = False
    call: bool = False
    cluster: bool = False
    month_bars: bool = False
    year_bars: bool = False


@dataclass(frozen=True)
class Axis:
    """The time axis: its marks, year ticks, month ticks (when drawn by months), eras, and
    its legend. Sizes across are in percent, down in px: the axis line at `base`, the
    months' names at `month_y`, the years' at `year_y`. `unit`: "month" or "year", what the
    ticks count; `bars`: a density view, a bar per month or per year (or years)."""

    width: int
    height: int
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    months: tuple[MonthTick, ...] = ()
    eras: tuple[EraBand, ...] = ()
    unit: str = "year"
    bars: bool = False
    base: float = 0.0
    month_y: float = 0.0
    year_y: float = 0.0
    legend: Legend = Legend()


Eras = tuple[Era, ...]
PeriodYears = tuple[tuple[int, int], ...]  # the first and last year of each period


def time_axis(events: Sequence[Event], eras: Eras = (), periods: PeriodYears = ()) -> Axis | None:
    """Events placed by date, over whole months (a span of up to MAX_MONTHS) or years, as
    marks, or as bars of events per month or year when they are many; `eras` drawn behind.
    On a timeline split into `periods` (their years), no mark holds events of two periods:
    each leads to the one period page that lists its events."""
    return _axis_from(events, _axis_layout_of(events, eras, periods))


class Run(NamedTuple):
    """A mark without its events: those from `start` to before `end`, by index."""

    x: float
    radius: float
    start: int
    end: int
    shape: str
    width: float
    y: float
    height: float


@dataclass(frozen=True)
class AxisLayout:
    """The axis's geometry, without its events: kept from one overview to the next."""

    height: int
    ticks: tuple[Tick, ...]
    months: tuple[MonthTick, ...]
    eras: tuple[EraBand, ...]
    runs: tuple[Run, ...]
    unit: str
    bars: bool
    base: float
    month_y: float
    year_y: float


def _axis_layout_of(
    events: Sequence[Event], eras: Eras = (), periods: PeriodYears = ()
) -> AxisLayout | None:
    if not events:
        return None
    days = tuple(_Day(e.date.year, e.date.month or 1, e.date.first_day) for e in events)
    last = max(event.last_date.last_day for event in events)
    return _axis_layout(days, last, eras, periods)


def _axis_from(events: Sequence[Event], layout: AxisLayout | None) -> Axis | None:
    if layout is None:
        return None
    marks = tuple(
        Mark(run.x, run.radius, tuple(events[run.start : run.end]), *run[4:]) for run in layout.runs
    )
    return Axis(
        AXIS_WIDTH,
        layout.height,
        layout.ticks,
        marks,
        layout.months,
        layout.eras,
        layout.unit,
        layout.bars,
        layout.base,
        layout.month_y,
        layout.year_y,
        _legend(marks, layout),
    )


def _legend(marks: tuple[Mark, ...], layout: AxisLayout) -> Legend:
    """What the legend explains: the kinds of mark the axis shows."""
    if layout.bars:
        return Legend(month_bars=layout.unit == "month", year_bars=layout.unit == "year")
    alone = {mark.events[0].kind.in_person for mark in marks if mark.shape == "event"}
    clusters = any(mark.shape == "cluster" for mark in marks)
    return Legend(in_person=True in alone, call=False in alone, cluster=clusters)


class _Day(NamedTuple):
    """Where an event stands on the axis: its first day (a month's or a year's first for a
    month or a year), by its astronomical year, its month and its day number."""

    year: int
    month: int
    number: int


class _Scale(NamedTuple):
    """Days from `start` to before `stop` (day numbers) across the axis, less its pads."""

    start: int
    stop: int

    def x(self, day: int) -> float:
        share = (day - self.start) / (self.stop - self.start)
        return _tidy(round(AXIS_PAD + share * (AXIS_WIDTH - 2 * AXIS_PAD), 2))


def _axis_layout(
    dates: tuple[_Day, ...],
    last_day: int,
    eras: Eras,
    periods: PeriodYears,
) -> AxisLayout:
    """Over whole months or years from the first event's to the last one's last day: marks,
    or bars where the events are many (over MARKS_MAX) over MIN_BARS months or years or more,
    or where marks close enough to join would join events of two periods."""
    first = dates[0]
    last = _Day(*day_of(last_day)[:2], last_day)
    span_months = (last.year - first.year) * 12 + last.month - first.month + 1
    unit = "month" if span_months <= MAX_MONTHS else "year"
    if unit == "month":
        years_per_bar, units = 0, span_months
        scale = _Scale(
            _month_start(first.year, first.month), _month_start(last.year, last.month + 1)
        )
    else:
        units = last.year - first.year + 1
        years_per_bar = next(
            (k for k in YEAR_STEPS if last.year // k - first.year // k < MAX_BARS), YEAR_STEPS[-1]
        )
        scale = _Scale(_new_year(first.year), _new_year(last.year + 1))
    runs = None
    if len(dates) <= MARKS_MAX or units < MIN_BARS:
        runs = _marks([scale.x(day.number) for day in dates], dates, periods)
    bars = runs is None
    if bars and unit == "year" and years_per_bar > 1:  # whole buckets of years: round bounds
        bucket_start = first.year // years_per_bar * years_per_bar
        bucket_stop = (last.year // years_per_bar + 1) * years_per_bar
        scale = _Scale(_new_year(bucket_start), _new_year(bucket_stop))
    shown_eras = [era for era in eras if _overlaps(era, scale)]
    lanes = _lanes(shown_eras)
    top = ERA_ROW * (max(lanes) + 1 if lanes else 0)
    base = top + (4 + BAR_HEIGHT if bars else 4 + CLUSTER_MAX_RADIUS + 1)
    if runs is None:
        runs = _bars(dates, scale, unit, years_per_bar, periods, base)
    else:
        runs = tuple(run._replace(y=base) for run in runs)
    month_y = base + 22
    year_y = month_y + 14 if unit == "month" else month_y
    band_bottom = base if bars else base + CLUSTER_MAX_RADIUS + 1
    bands = tuple(
        _band(era, scale, ERA_ROW * lane, band_bottom)
        for era, lane in zip(shown_eras, lanes, strict=True)
    )
    if unit == "month":
        ticks, months = _month_ticks(scale)
    else:
        ticks, months = _year_ticks(scale, first.year, last.year), ()
    return AxisLayout(year_y + 6, ticks, months, bands, runs, unit, bars, base, month_y, year_y)


def _month_start(year: int, month: int) -> int:
    """The day number of the first of a month (`month` 13: the next year's January)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return day_number(year, month, 1)


def _new_year(year: int) -> int:
    """The day number of 1 January of `year` (the year after 9999's too: a timeline's last
    event, on 30 December 9999, still gets its axis)."""
    return day_number(year, 1, 1)


def _px(x: float) -> float:
    """A distance in percent of the axis, in px at its narrowest."""
    return x * NARROWEST / AXIS_WIDTH


def _cluster_radius(count: int) -> float:
    """A mark's radius in px: one event's, or a cluster's, which grows with its events and
    holds their number. static/js/timeline.js sizes a cluster again as filters narrow it."""
    if count == 1:
        return MARK_RADIUS
    return min(CLUSTER_MAX_RADIUS, CLUSTER_RADIUS + math.log2(count) - 1)


def _marks(
    xs: list[float], dates: tuple[_Day, ...], periods: PeriodYears
) -> tuple[Run, ...] | None:
    """A circle per event, from the left, each joined with the mark before it (into a cluster
    at their mean place, larger) while their circles would overlap at the axis's narrowest,
    so that none does. None when a cluster would hold events of two periods: the axis is
    then drawn as bars, whose months and years never cross a period's bounds."""
    period_of = _period_index(periods)
    # Each run: the sum of its events' places, and its first event and the one after its last.
    runs: list[list[float]] = []
    for at, x in enumerate(xs):
        runs.append([x, at, at + 1])
        while len(runs) > 1 and _overlap(runs[-2], runs[-1]):
            right = runs.pop()
            left = runs[-1]
            if period_of(dates[int(left[2]) - 1].year) != period_of(dates[int(right[1])].year):
                return None
            left[0] += right[0]
            left[2] = right[2]
    return tuple(
        Run(
            _mean(run),
            _tidy(round(_cluster_radius(_count(run)), 1)),
            int(run[1]),
            int(run[2]),
            "event" if _count(run) == 1 else "cluster",
            0.0,
            0.0,
            0.0,
        )
        for run in runs
    )


def _count(run: list[float]) -> int:
    return int(run[2] - run[1])


def _mean(run: list[float]) -> float:
    return _tidy(round(run[0] / _count(run), 2))


def _overlap(left: list[float], right: list[float]) -> bool:
    room = _cluster_radius(_count(left)) + _cluster_radius(_count(right)) + MARK_ROOM
    return _px(_mean(right) - _mean(left)) < room


def _period_index(periods: PeriodYears) -> Callable[[int], int]:
    """The index of the period a year's events are listed in (-1 when not split)."""
    if not periods:
        return lambda year: -1
    firsts = [first for first, _ in periods]
    return lambda year: bisect.bisect_right(firsts, year) - 1


def _bars(
    dates: tuple[_Day, ...],
    scale: _Scale,
    unit: str,
    years_per_bar: int,
    periods: PeriodYears,
    base: float,
) -> tuple[Run, ...]:
    """A bar per month, or per `years_per_bar` years (cut at a period's bounds, so that each
    leads to one period's page), its height growing with its events a month or a year from
    BAR_MIN_HEIGHT, the busiest's BAR_HEIGHT."""
    period_of = _period_index(periods)
    pieces: list[tuple[int, int, int, int, float]] = []  # from, to (days), start, end, rate
    start = 0
    for end in range(1, len(dates) + 1):
        day = dates[start]
        if end < len(dates) and _bucket(dates[end], unit, years_per_bar, period_of) == _bucket(
            day, unit, years_per_bar, period_of
        ):
            continue
        if unit == "month":
            begin, stop, units = (
                _month_start(day.year, day.month),
                _month_start(day.year, day.month + 1),
                1,
            )
        else:
            first_year = max(day.year // years_per_bar * years_per_bar, day_of(scale.start)[0])
            last_year = first_year + years_per_bar - 1
            first_of, last_of = periods[period_of(day.year)] if periods else (0, 0)
            if first_of <= day.year <= last_of:  # its period's years alone
                first_year, last_year = max(first_year, first_of), min(last_year, last_of)
            begin, stop, units = (
                _new_year(first_year),
                _new_year(last_year + 1),
                last_year - first_year + 1,
            )
        pieces.append((begin, stop, start, end, (end - start) / units))
        start = end
    busiest = max(rate for *_, rate in pieces)
    runs = []
    for begin, stop, first, end, rate in pieces:
        left, right = scale.x(begin), scale.x(stop)
        gap = min(0.4, (right - left) / 4)
        width = _tidy(round(right - left - gap, 2))
        height = _tidy(round(BAR_MIN_HEIGHT + (BAR_HEIGHT - BAR_MIN_HEIGHT) * rate / busiest, 1))
        x = _tidy(round(left + gap / 2 + width / 2, 2))
        top = _tidy(round(base - height, 1))
        runs.append(Run(x, height / 2, first, end, "bar", width, top, height))
    return tuple(runs)


def _bucket(
    day: _Day, unit: str, years_per_bar: int, period_of: Callable[[int], int]
) -> tuple[int, int]:
    if unit == "month":
        return day.year, day.month
    return day.year // years_per_bar, period_of(day.year)


def _overlaps(era: Era, scale: _Scale) -> bool:
    return era.start.first_day < scale.stop and (era.end is None or era.end.last_day >= scale.start)


def _lanes(eras: list[Era]) -> list[int]:
    """The row of each era's name: from the earliest era, the first row whose eras so far end
    before it begins."""
    ends: list[int] = []  # the day after the last era of each lane
    lanes = [0] * len(eras)
    for at in sorted(range(len(eras)), key=lambda n: eras[n].start):
        era = eras[at]
        lane = next((n for n, end in enumerate(ends) if end <= era.start.first_day), len(ends))
        after = dt.date.max.toordinal() + 1 if era.end is None else era.end.last_day + 1
        if lane == len(ends):
            ends.append(after)
        else:
            ends[lane] = after
        lanes[at] = lane
    return lanes


def _band(era: Era, scale: _Scale, y: float, bottom: float) -> EraBand:
    left = 0 if era.start.first_day <= scale.start else scale.x(era.start.first_day)
    after = None if era.end is None else era.end.last_day + 1
    right = AXIS_WIDTH if after is None or after >= scale.stop else scale.x(after)
    width = _tidy(round(right - left, 2))
    return EraBand(era.name, era.start, era.end, left, width, y, bottom - y)


def _month_ticks(scale: _Scale) -> tuple[tuple[Tick, ...], tuple[MonthTick, ...]]:
    """A tick per month, its name every few months (as often as names fit), and the years:
    each January's, and the first month's where it leaves room for the next."""
    year, month, _ = day_of(scale.start)
    starts = []
    while (start := _month_start(year, month)) < scale.stop:
        starts.append((year, month, scale.x(start)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    month_px = _px(AXIS_WIDTH - 2 * AXIS_PAD) / len(starts)
    step = next((s for s in MONTH_STEPS if s * month_px >= LABEL_ROOM), MONTH_STEPS[-1])
    months = tuple(
        MonthTick(x, month, (month - 1) % step == 0 and _px(x) + LABEL_WIDTH <= NARROWEST)
        for _, month, x in starts
    )
    januaries = [Tick(x, year) for year, month, x in starts if month == 1]
    opening = Tick(starts[0][2], starts[0][0])
    if starts[0][1] != 1 and (not januaries or _px(januaries[0].x - opening.x) >= LABEL_ROOM):
        januaries.insert(0, opening)
    return tuple(tick for tick in januaries if _fits(tick)), months


def _year_ticks(scale: _Scale, first_year: int, last_year: int) -> tuple[Tick, ...]:
    """A tick every few years (as often as their labels fit): every year from the first
    event's, or each whole multiple of the step (1950, 1960...)."""
    year_px = _px(scale.x(_new_year(first_year + 1)) - scale.x(_new_year(first_year)))
    step = next((s for s in YEAR_STEPS if s * year_px >= LABEL_ROOM), YEAR_STEPS[-1])
    start = first_year if step == 1 else -(-first_year // step) * step  # round years
    years = (year or 1 for year in range(start, last_year + 1, step))  # no year 0: AD 1
    ticks = (Tick(scale.x(_new_year(year)), year) for year in years)
    return tuple(tick for tick in ticks if _fits(tick))


def _fits(tick: Tick) -> bool:
    """Whether a year's label, begun at its tick, ends within the axis."""
    characters = len(str(tick.year)) if tick.year > 0 else len(str(1 - tick.year)) + 3  # " BC"
    return _px(tick.x) + 7 * characters + 2 <= NARROWEST


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
    return int(value) if isinstance(value, int) or value.is_integer() else value


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
    eras: Eras = ()
    periods: PeriodYears = ()


def overview(
    events: Sequence[Event],
    known: Mapping[str, tuple[float, float]],
    last: Overview | None,
    words: Words | None = None,
    *,
    eras: Eras = (),
    periods: PeriodYears = (),
) -> Overview:
    """The axis and the map of `events`, drawn from the layouts of the `last` overview of the
    same page when its events are dated and placed alike (and its eras and periods are the
    same): after a preview's edit that moves no event, the overview of 10,000 events is found
    without reading every event again. `eras` and `periods` are the axis's (see `time_axis`).

    The map's grid is labelled in `words` (English when None) every time: the layouts kept
    from the last overview hold no words, so no label worded otherwise is ever reused."""
    if (
        last is not None
        and last.known == known
        and (last.eras, last.periods) == (eras, periods)
        and same_where_replaced(last.events, events, _placement)
    ):
        axis_layout, map_layout = last.axis_layout, last.map_layout
    else:
        axis_layout = _axis_layout_of(events, eras, periods)
        map_layout = _map_layout_of(events, known)
    return Overview(
        events,
        known,
        _axis_from(events, axis_layout),
        _map_from(events, map_layout, words),
        axis_layout,
        map_layout,
        eras,
        periods,
    )


_placement = operator.attrgetter("date", "end_date", "location", "coordinates")  # all it uses
