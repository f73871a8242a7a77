"""Draws the shipped timeline's pictures: for each event, a map of the region around where it
took place (for a call, the two capitals it joined), from the Natural Earth outlines the
package ships, as a PNG beside the event file. The pictures are the site's own work.

    python scripts/event_pictures.py          # writes content/meetings/<event>.png

Run it again after changing a place; the build resizes the pictures for the pages.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.render.map_outlines import world  # noqa: E402

WIDTH, HEIGHT = 1200, 630  # the shape link previews show
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without an antialiasing pass
SEA, LAND, BORDER = (214, 228, 238), (238, 233, 220), (255, 255, 255)
MARKER, RING, ROUTE = (190, 40, 40), (255, 255, 255), (60, 60, 60)

Spot = tuple[float, float]  # latitude, longitude

# Each picture: the file it is written beside, the places marked, and the degrees of
# longitude the picture spans.
PICTURES: dict[str, tuple[tuple[Spot, ...], float]] = {
    "2023-07-13-jakarta": (((-6.21, 106.85),), 40.0),
    "2023-08-07-phone-call": (((39.90, 116.40), (55.76, 37.62)), 110.0),
    "2023-09-18-moscow": (((55.76, 37.62),), 40.0),
    "2024-07-25-vientiane": (((17.97, 102.63),), 40.0),
}


class View:
    """An equirectangular view of `span` degrees of longitude around a centre, in pixels of
    the drawn (scaled) image; latitude is stretched by 1/cos of the centre's, as a map at
    that latitude looks right."""

    def __init__(self, centre: Spot, span: float) -> None:
        self.latitude, self.longitude = centre
        self.per_degree = WIDTH * SCALE / span
        self.stretch = 1 / math.cos(math.radians(min(abs(self.latitude), 60)))

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = WIDTH * SCALE / 2 + (longitude - self.longitude) * self.per_degree
        y = HEIGHT * SCALE / 2 - (latitude - self.latitude) * self.per_degree * self.stretch
        return x, y


def centre_of(spots: Sequence[Spot]) -> Spot:
    return (
        sum(spot[0] for spot in spots) / len(spots),
        sum(spot[1] for spot in spots) / len(spots),
    )


def drawn(spots: Sequence[Spot], span: float) -> Image.Image:
    view = View(centre_of(spots), span)
    size = (WIDTH * SCALE, HEIGHT * SCALE)
    outlines = world()
    # The land's rings filled even-odd, as the page's map fills them: a lake is a ring within.
    land = Image.new("1", size, 0)
    for ring in outlines.land:
        one = Image.new("1", size, 0)
        ImageDraw.Draw(one).polygon([view.point(*point) for point in ring.points], fill=1)
        land = ImageChops.logical_xor(land, one)
    image = Image.new("RGB", size, SEA)
    image.paste(LAND, mask=land)
    draw = ImageDraw.Draw(image)
    for line in outlines.borders:
        draw.line([view.point(*point) for point in line.points], fill=BORDER, width=3 * SCALE)
    points = [view.point(longitude, latitude) for latitude, longitude in spots]
    if len(points) > 1:
        dashed(draw, points[0], points[1])
    for x, y in points:
        outer, inner = 17 * SCALE, 11 * SCALE
        draw.ellipse((x - outer, y - outer, x + outer, y + outer), fill=RING)
        draw.ellipse((x - inner, y - inner, x + inner, y + inner), fill=MARKER)
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def dashed(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A dashed line between two markers: the call that joined them."""
    length = math.dist(start, end)
    dash = 22 * SCALE
    steps = int(length // dash)
    for step in range(0, steps, 2):
        a, b = step / steps, min(1.0, (step + 1) / steps)
        draw.line(
            [
                (start[0] + (end[0] - start[0]) * a, start[1] + (end[1] - start[1]) * a),
                (start[0] + (end[0] - start[0]) * b, start[1] + (end[1] - start[1]) * b),
            ],
            fill=ROUTE,
            width=5 * SCALE,
        )


def main() -> None:
    for name, (spots, span) in PICTURES.items():
        path = ROOT / "content" / "meetings" / f"{name}.png"
        drawn(spots, span).save(path, optimize=True)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
