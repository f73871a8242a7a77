"""Names beside the map's markers, placed at build time so that none covers another name or
a marker: the places with the most events first, each tried right of its marker, then left,
above and below, then off its four corners; a name that fits nowhere is tried shortened,
then left out (the marker's tooltip and the list beside the map still name the place).

There are no font metrics at build time: a name's box is estimated from its letters, erring
wide and tall, so that a name in the reader's font fits in the room it was given.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

LABEL_SIZE = 32  # the names' font size in map units; the template sets it from here
GAP = 6  # between a marker and its name
# In ems: a bold Latin letter, at its widest in common fonts (DejaVu Sans Bold); a CJK one.
LETTER_WIDTH, WIDE_LETTER_WIDTH = 0.72, 1.0
ASCENT, DESCENT = 0.95, 0.3  # in ems, above and below the baseline: a browser's text box
SHORTENED_TO = 7  # letters kept of a name that fits nowhere whole, before an ellipsis
CELL = 100  # map units: the side of the squares that shapes are filed under, to find neighbours


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def within(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class Marker:
    """A circle at (x, y) and the name for it; those of greater `weight` are named first."""

    x: float
    y: float
    radius: float
    name: str
    weight: int

    @property
    def bounds(self) -> Box:
        """The square around the circle."""
        r = self.radius
        return Box(self.x - r, self.y - r, self.x + r, self.y + r)

    def overlaps(self, box: Box) -> bool:
        """Whether the circle and the box share a point: the box's nearest one is within it."""
        nearest_x = min(max(self.x, box.left), box.right)
        nearest_y = min(max(self.y, box.top), box.bottom)
        return (nearest_x - self.x) ** 2 + (nearest_y - self.y) ** 2 < self.radius**2


@dataclass(frozen=True)
class Label:
    """A name drawn with its baseline at (x, y), anchored there by `anchor` (SVG's
    text-anchor: `start`, `middle` or `end`), and the box it is given."""

    text: str
    x: float
    y: float
    anchor: str
    box: Box


# What is drawn where, filed under each square of CELL units it reaches into: the names'
# boxes, and the markers (circles, filed by the square around them).
Occupied = dict[tuple[int, int], list[Box | Marker]]


def placed_labels(
    markers: Sequence[Marker], width: float, height: float, taken: Sequence[Box] = ()
) -> tuple[Label | None, ...]:
    """A label for each of `markers`, in their order: None for one that fits nowhere within
    the map without covering a marker, a label placed before it, or a box in `taken`."""
    occupied: Occupied = {}
    for box in taken:
        _file(occupied, box, box)
    for marker in markers:
        _file(occupied, marker.bounds, marker)
    labels: dict[int, Label] = {}
    for at in sorted(range(len(markers)), key=lambda at: -markers[at].weight):
        label = _first_free(markers[at], width, height, occupied)
        if label is not None:
            labels[at] = label
            _file(occupied, label.box, label.box)
    return tuple(labels.get(at) for at in range(len(markers)))


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """The width of `text` at font `size`, estimated: wide for CJK letters, erring wide."""
    ems = sum(
        WIDE_LETTER_WIDTH if unicodedata.east_asian_width(letter) in "WF" else LETTER_WIDTH
        for letter in text
    )
    return ems * size


def _first_free(marker: Marker, width: float, height: float, occupied: Occupied) -> Label | None:
    for text in _versions(marker.name):
        for label in _candidates(marker, text):
            if label.box.within(width, height) and not _collides(occupied, label.box):
                return label
    return None


def _versions(name: str) -> Iterator[str]:
    """The name, then shortened with an ellipsis when that makes it shorter."""
    yield name
    if len(name) > SHORTENED_TO + 1:
        yield name[:SHORTENED_TO].rstrip() + "\u2026"


def _candidates(marker: Marker, text: str) -> Iterator[Label]:
    """The name right of the marker, left of it, above it, below it, then off its corners
    (upper right, lower right, upper left, lower left): GAP from the circle each time."""
    x, y = marker.x, marker.y
    reach = marker.radius + GAP
    corner = reach / math.sqrt(2)  # a box's corner this far along both axes is GAP off it
    ascent, descent = ASCENT * LABEL_SIZE, DESCENT * LABEL_SIZE
    middle = y + (ascent - descent) / 2  # the baseline that centres the name on the marker
    yield _label(text, x + reach, middle, "start")
    yield _label(text, x - reach, middle, "end")
    yield _label(text, x, y - reach - descent, "middle")
    yield _label(text, x, y + reach + ascent, "middle")
    for anchor, side in (("start", x + corner), ("end", x - corner)):
        yield _label(text, side, y - corner - descent, anchor)
        yield _label(text, side, y + corner + ascent, anchor)


def _label(text: str, x: float, baseline: float, anchor: str) -> Label:
    """The name with its baseline at `baseline`, starting, centred or ending at `x`."""
    wide = text_width(text)
    left = {"start": x, "middle": x - wide / 2, "end": x - wide}[anchor]
    top, bottom = baseline - ASCENT * LABEL_SIZE, baseline + DESCENT * LABEL_SIZE
    return Label(text, x, baseline, anchor, Box(left, top, left + wide, bottom))


def _cells(box: Box) -> Iterator[tuple[int, int]]:
    for column in range(int(box.left // CELL), int(box.right // CELL) + 1):
        for row in range(int(box.top // CELL), int(box.bottom // CELL) + 1):
            yield column, row


def _file(occupied: Occupied, bounds: Box, shape: Box | Marker) -> None:
    for cell in _cells(bounds):
        occupied.setdefault(cell, []).append(shape)


def _collides(occupied: Occupied, box: Box) -> bool:
    return any(shape.overlaps(box) for cell in _cells(box) for shape in occupied.get(cell, ()))
