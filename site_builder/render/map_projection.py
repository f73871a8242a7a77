"""Where the timeline's map looks and how it flattens the globe: a box of latitude and
longitude around the places shown, and the projection from degrees to the map's units.

The projection is equirectangular, with its standard parallel at the middle latitude of the
places' box: a degree of longitude is drawn cos(that latitude) as wide as a degree of
latitude. Not Mercator: Mercator grows without end towards the poles (a place at 89°N would
need a map taller than any page), while this is defined everywhere and linear, so a map
around Svalbard or the South Pole is as easy as one around Jakarta; and over the region a
timeline's places usually cover, shapes near the middle of the map stay true enough to
recognise. Its straight, evenly spaced meridians and parallels also keep the grid trivial.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

MARGIN_DEGREES = 8.0  # around the places, so that no marker sits on the map's edge
MIN_SPAN_DEGREES = 30.0  # the least the places' box spans, before the margin: one place too
# The map's height over its width, kept within these: neither a strip nor a tower.
MIN_ASPECT, MAX_ASPECT = 0.5, 1.0
# How far past a pole the box may reach: as far as the margin, so that a place at the pole
# is not drawn on the map's edge; what lies past the pole is left empty.
POLE = 90.0 + MARGIN_DEGREES
# Nearer the poles than this, a degree of longitude is drawn no narrower than here, so that a
# map of the polar regions does not become a thin strip many times wider than it is high.
MAX_STANDARD_PARALLEL = 75.0

Spot = tuple[float, float]  # latitude, longitude


@dataclass(frozen=True)
class Frame:
    """A box of the globe, `west` to `east` (east of west; either may pass ±180, so that a box
    may cross the antimeridian) and `south` to `north`, drawn `width` by `height` units."""

    west: float
    east: float
    south: float
    north: float
    stretch: float  # the width of a degree of longitude over that of a degree of latitude
    width: int
    height: int

    @property
    def scale(self) -> float:
        """Units per degree of latitude."""
        return self.width / ((self.east - self.west) * self.stretch)

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Where a spot is drawn, to a tenth of a unit: its longitude taken round the globe
        to the turn of it east of `west` (170°W is 190°E on a map from 150°E)."""
        turned = self.west + (longitude - self.west) % 360.0
        return round(self.x(turned), 1), round(self.y(latitude), 1)

    def x(self, longitude: float) -> float:
        """Units east of the map's west edge: negative west of it, past `width` east of it."""
        return (longitude - self.west) * self.stretch * self.scale

    def y(self, latitude: float) -> float:
        return (self.north - latitude) * self.scale


def framed(spots: Sequence[Spot], width: int) -> Frame:
    """The box around `spots` (at least one), with a margin, `width` units wide."""
    latitudes = [min(90.0, max(-90.0, lat)) for lat, _ in spots]
    west, east = _padded(*_longitude_extent([lon for _, lon in spots]), limit=360.0)
    south, north = _within_poles(*_padded(min(latitudes), max(latitudes), limit=2 * POLE))
    middle = min(MAX_STANDARD_PARALLEL, abs(south + north) / 2)
    stretch = math.cos(math.radians(middle))
    west, east, south, north = _shaped(west, east, south, north, stretch)
    height = max(1, round((north - south) * width / ((east - west) * stretch)))
    return Frame(west, east, south, north, stretch, width, height)


def _longitude_extent(longitudes: Sequence[float]) -> tuple[float, float]:
    """The shortest stretch of longitude that holds every one, west to east: it leaves out
    the widest gap between them, which is the one across the antimeridian only when that is
    the widest (Fiji and Samoa: 178°E to 172°W, which is 188 here)."""
    around = sorted(((lon + 180.0) % 360.0) - 180.0 for lon in longitudes)
    west, widest = around[0], around[0] + 360.0 - around[-1]  # the gap across ±180
    for before, after in itertools.pairwise(around):
        if after - before > widest:
            west, widest = after, after - before
    return west, west + 360.0 - widest


def _padded(low: float, high: float, limit: float) -> tuple[float, float]:
    """A span around `low`..`high` of at least MIN_SPAN_DEGREES, a margin each side, and at
    most `limit` (the globe's 360 degrees of longitude; pole to pole and a margin past each)."""
    middle = (low + high) / 2
    half = min(limit, max(high - low, MIN_SPAN_DEGREES) + 2 * MARGIN_DEGREES) / 2
    return middle - half, middle + half


def _within_poles(south: float, north: float) -> tuple[float, float]:
    """The span moved back from beyond a pole (past POLE), keeping its size: a place at 85°N
    gets a map from just past the pole down, not a shorter one."""
    if north > POLE:
        return max(-POLE, south - (north - POLE)), POLE
    if south < -POLE:
        return -POLE, min(POLE, north + (-POLE - south))
    return south, north


def _shaped(
    west: float, east: float, south: float, north: float, stretch: float
) -> tuple[float, float, float, float]:
    """The box widened, in longitude or latitude, until its height over its width is within
    MIN_ASPECT..MAX_ASPECT, or it holds the whole globe that way."""
    wide = (east - west) * stretch
    tall = north - south
    if tall > MAX_ASPECT * wide:
        west, east = _padded_to(west, east, tall / (MAX_ASPECT * stretch), 360.0)
    elif tall < MIN_ASPECT * wide:
        south, north = _within_poles(*_padded_to(south, north, MIN_ASPECT * wide, 2 * POLE))
    return west, east, south, north


def _padded_to(low: float, high: float, span: float, limit: float) -> tuple[float, float]:
    middle, half = (low + high) / 2, min(span, limit) / 2
    return middle - half, middle + half
