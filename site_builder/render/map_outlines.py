"""The land and the borders between countries under the timeline's map, as SVG path data for
a frame of it: Natural Earth's 1:110m outlines, shipped in the package
(site_builder/data/world-110m.json, made by scripts/world_outlines.py).

Each is one path, whatever the number of countries, in whole units (a unit is about half a
pixel on a page), and holds only what the frame shows: a ring or line wholly outside it is
left out, and one across its edge is cut a little outside it (the SVG's own edge hides the
rest). The world is drawn again a turn east or west where a frame passes ±180.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from site_builder.render.map_projection import Frame

DATA_FILE = "world-110m.json"
CUT_OUTSIDE = 4.0  # units outside the frame where outlines are cut: their cut edge never shows
# A point nearer than this (units) to the line that leaves it out is left out: finer than the
# eye can tell (about half a pixel), and a tenth of a region's path data, two fifths of a
# map of the world's.
SIMPLIFIED_WITHIN = 1.0
TURNS = (-360.0, 0.0, 360.0)  # the world's copies a frame can reach: it spans 360° at most

Point = tuple[float, float]


@dataclass(frozen=True)
class Line:
    """A ring of the land or a border line, in degrees (longitude, latitude), with the box
    that holds it, so that most can be left out without looking at their points."""

    points: tuple[Point, ...]
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class World:
    land: tuple[Line, ...]
    borders: tuple[Line, ...]


@dataclass(frozen=True)
class Outlines:
    """SVG path data: the land, to fill (even-odd: the Caspian is a hole), and the borders."""

    land: str
    borders: str


@functools.cache
def world() -> World:
    """The outlines shipped with the package, read once."""
    text = resources.files("site_builder").joinpath("data").joinpath(DATA_FILE).read_text("utf-8")
    data = json.loads(text)
    step = float(data["step"])
    return World(
        tuple(_decoded(line, step) for line in data["land"]),
        tuple(_decoded(line, step) for line in data["borders"]),
    )


def _decoded(flat: Sequence[int], step: float) -> Line:
    """A line stored as its first point on a grid of `step` degrees, then differences."""
    x, y = flat[0], flat[1]
    points = [(x * step, y * step)]
    for at in range(2, len(flat), 2):
        x, y = x + flat[at], y + flat[at + 1]
        points.append((x * step, y * step))
    lons, lats = [lon for lon, _ in points], [lat for _, lat in points]
    return Line(tuple(points), min(lons), min(lats), max(lons), max(lats))


@functools.lru_cache(maxsize=64)  # a site's pages often share a frame: their places are alike
def outlines(frame: Frame) -> Outlines:
    """The land and the borders within `frame`."""
    shown = world()
    land = "".join(_ring_path(ring) for ring in _rings_in(shown.land, frame))
    borders = "".join(_line_path(run) for run in _runs_in(shown.borders, frame))
    return Outlines(land, borders)


Box = tuple[float, float, float, float]  # left, top, right, bottom, in the frame's units


def _cut_box(frame: Frame) -> Box:
    return -CUT_OUTSIDE, -CUT_OUTSIDE, frame.width + CUT_OUTSIDE, frame.height + CUT_OUTSIDE


def _projected(lines: Sequence[Line], frame: Frame) -> Iterator[tuple[list[Point], bool]]:
    """Each line, in each turn of the world, that may cross the cut box: its points in units,
    and whether it lies wholly within the box."""
    left, top, right, bottom = _cut_box(frame)
    for turn in TURNS:
        for line in lines:
            x0, x1 = frame.x(line.west + turn), frame.x(line.east + turn)
            y0, y1 = frame.y(line.north), frame.y(line.south)
            if x1 < left or x0 > right or y1 < top or y0 > bottom:
                continue
            inside = left <= x0 and x1 <= right and top <= y0 and y1 <= bottom
            points = [(frame.x(lon + turn), frame.y(lat)) for lon, lat in line.points]
            yield points, inside


def _rings_in(rings: Sequence[Line], frame: Frame) -> Iterator[list[tuple[int, int]]]:
    """The land's rings cut to the box, in whole units; none left flat by the cut."""
    box = _cut_box(frame)
    for points, inside in _projected(rings, frame):
        ring = _whole(_simplified(points if inside else _clipped(points, box)))
        if len(ring) >= 3 and _area(ring) >= 1:
            yield ring


def _runs_in(lines: Sequence[Line], frame: Frame) -> Iterator[list[tuple[int, int]]]:
    """The stretches of the border lines whose segments may cross the box, in whole units."""
    left, top, right, bottom = _cut_box(frame)
    for points, inside in _projected(lines, frame):
        if inside:
            runs = [points]
        else:
            runs, run = [], list[Point]()
            for a, b in itertools.pairwise(points):
                crosses = not (
                    max(a[0], b[0]) < left
                    or min(a[0], b[0]) > right
                    or max(a[1], b[1]) < top
                    or min(a[1], b[1]) > bottom
                )
                if crosses:
                    run = run or [a]
                    run.append(b)
                elif run:
                    runs.append(run)
                    run = []
            runs.append(run)
        for run in runs:
            whole = _whole(_simplified(run))
            if len(whole) >= 2:
                yield whole


def _clipped(ring: list[Point], box: Box) -> list[Point]:
    """The ring cut to the box (Sutherland-Hodgman): still one ring, whose parts outside run
    along the box's edge, where they do not show."""
    left, top, right, bottom = box
    for axis, bound, keep_above in ((0, left, True), (0, right, False), (1, top, True)):
        ring = _clipped_at(ring, axis, bound, keep_above)
    return _clipped_at(ring, 1, bottom, False)


def _clipped_at(ring: list[Point], axis: int, bound: float, keep_above: bool) -> list[Point]:
    """The ring cut by one edge: the side at or above `bound` on `axis` kept, or below it."""
    if not ring:
        return ring
    kept: list[Point] = []
    before = ring[-1]
    before_in = (before[axis] >= bound) == keep_above or before[axis] == bound
    for point in ring:
        point_in = (point[axis] >= bound) == keep_above or point[axis] == bound
        if point_in != before_in:
            kept.append(_crossing(before, point, axis, bound))
        if point_in:
            kept.append(point)
        before, before_in = point, point_in
    return kept


def _crossing(a: Point, b: Point, axis: int, bound: float) -> Point:
    """Where the segment from `a` to `b` meets the line `axis` = `bound` (they are on either
    side of it, so their coordinates on `axis` differ)."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return (bound, y) if axis == 0 else (x, bound)


def _simplified(points: list[Point]) -> list[Point]:
    """The line with the points it can do without (Douglas-Peucker): none of those left out
    is further than SIMPLIFIED_WITHIN from the line that remains."""
    if len(points) < 3:
        return points
    kept = [False] * len(points)
    kept[0] = kept[-1] = True
    parts = [(0, len(points) - 1)]
    while parts:
        first, last = parts.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        furthest, furthest_at = SIMPLIFIED_WITHIN**2, 0
        for at in range(first + 1, last):
            px, py = points[at]
            if length:
                cross = dx * (py - ay) - dy * (px - ax)
                distance = cross * cross / length
            else:  # a closed ring's ends are one point
                distance = (px - ax) ** 2 + (py - ay) ** 2
            if distance > furthest:
                furthest, furthest_at = distance, at
        if furthest_at:
            kept[furthest_at] = True
            parts += [(first, furthest_at), (furthest_at, last)]
    return [point for point, keep in zip(points, kept, strict=True) if keep]


def _whole(points: list[Point]) -> list[tuple[int, int]]:
    """The points rounded to whole units, each one that rounds to the one before left out."""
    whole: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x), round(y))
        if not whole or point != whole[-1]:
            whole.append(point)
    return whole


def _area(ring: list[tuple[int, int]]) -> float:
    """The ring's area (shoelace), to leave out one the cut left flat along the box's edge."""
    twice = sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)
    )
    return abs(twice) / 2


def _ring_path(ring: list[tuple[int, int]]) -> str:
    return _line_path(ring) + "z"


def _line_path(line: list[tuple[int, int]]) -> str:
    """`M x y l dx dy dx dy ...`: relative moves are short, and a minus sign needs no space."""
    (x, y), steps = line[0], list[int]()
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        steps += (x1 - x0, y1 - y0)
    path = "M" + _numbers((x, y))
    return path + ("l" + _numbers(steps) if steps else "")


def _numbers(values: Sequence[int]) -> str:
    """SVG's number list, shortest: `3-2 4 1`."""
    text = "".join(f"-{-value}" if value < 0 else f" {value}" for value in values)
    return text.removeprefix(" ")
