"""Make site_builder/data/world-110m.json, the land and borders the timeline's map draws, from
`countries-110m.json` of the npm package world-atlas 2.0.2 (Natural Earth 1:110m, public
domain):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/world_outlines.py package/countries-110m.json

Standard library only. The output keeps what the map draws and nothing more:

- `land`: the rings of the merged land (outer rings and the holes in them, such as the
  Caspian Sea), filled with the even-odd rule;
- `borders`: the lines between two countries (each once; coasts are the land's edge);
- each line's points on a grid of STEP degrees: the first point whole, then differences from
  the point before, in one flat list `[x0, y0, dx1, dy1, ...]` (x east, y north).

Longitudes are unwrapped along each line (a line that crosses the antimeridian runs on past
180 instead of jumping back to -180), and a ring that goes round a pole (Antarctica) is
closed along that pole, so that each ring is a plain polygon on a flat map.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

STEP = 0.05  # degrees: about 5 km, finer than the 1:110m data's detail and any map's pixel
OUTPUT = Path(__file__).resolve().parent.parent / "site_builder/data/world-110m.json"

Point = tuple[float, float]  # longitude, latitude


def decoded_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The topology's arcs in degrees: its quantized, delta-encoded points made whole."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def joined(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """A line made of the arcs at `indexes`, a negative index (~i) being arc i reversed."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A Polygon's or MultiPolygon's polygons, each a list of rings of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def land_rings(topology: dict[str, Any], arcs: list[list[Point]]) -> list[list[Point]]:
    return [
        closed_round_pole(unwrapped(joined(arcs, ring)))
        for geometry in topology["objects"]["land"]["geometries"]
        for polygon in polygons_of(geometry)
        for ring in polygon
    ]


def border_lines(topology: dict[str, Any], arcs: list[list[Point]]) -> list[list[Point]]:
    """The arcs two countries share (topojson's mesh of the countries, `a !== b`), joined
    end to end where they meet, so that the map draws fewer, longer lines."""
    users: dict[int, set[int]] = {}
    for number, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, set()).add(number)
    shared = [arcs[index] for index in sorted(users) if len(users[index]) > 1]
    return [unwrapped(line) for line in chained(shared)]


def chained(lines: list[list[Point]]) -> list[list[Point]]:
    """The lines joined greedily wherever one ends where another starts or ends."""
    ends: dict[Point, list[int]] = {}
    for number, line in enumerate(lines):
        for end in (line[0], line[-1]):
            ends.setdefault(end, []).append(number)
    used: set[int] = set()

    def following(point: Point) -> list[Point] | None:
        """An unused line from `point`, turned to start there."""
        for number in ends[point]:
            if number not in used:
                used.add(number)
                line = lines[number]
                return line if line[0] == point else line[::-1]
        return None

    joined_lines = []
    for number, line in enumerate(lines):
        if number in used:
            continue
        used.add(number)
        chain = list(line)
        while (after := following(chain[-1])) is not None:
            chain += after[1:]
        while (before := following(chain[0])) is not None:
            chain = before[::-1] + chain[1:]
        joined_lines.append(chain)
    return joined_lines


def unwrapped(points: list[Point]) -> list[Point]:
    """The line with each longitude within 180 degrees of the one before."""
    if not points:
        return points
    line = [points[0]]
    for lon, lat in points[1:]:
        previous = line[-1][0]
        lon += 360 * round((previous - lon) / 360)
        line.append((lon, lat))
    return line


def closed_round_pole(ring: list[Point]) -> list[Point]:
    """A ring that ends 360 degrees east or west of where it starts goes round a pole: close
    it along the pole it encloses (the south for Antarctica)."""
    (first_lon, first_lat), (last_lon, _) = ring[0], ring[-1]
    if abs(last_lon - first_lon) < 180:
        return ring
    pole = -90.0 if min(lat for _, lat in ring) < 0 else 90.0
    return [*ring, (last_lon, pole), (first_lon, pole), (first_lon, first_lat)]


def encoded(line: list[Point]) -> list[int]:
    """The line on the grid of STEP degrees, repeated points dropped, as differences."""
    grid = [(round(lon / STEP), round(lat / STEP)) for lon, lat in line]
    kept = [grid[0], *(point for before, point in itertools.pairwise(grid) if point != before)]
    flat = [*kept[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(kept):
        flat += [x1 - x0, y1 - y0]
    return flat


def outlines(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decoded_arcs(topology)
    land = [encoded(ring) for ring in land_rings(topology, arcs)]
    borders = [encoded(line) for line in border_lines(topology, arcs)]
    return {
        "source": "Natural Earth 1:110m, public domain; world-atlas 2.0.2, countries-110m.json",
        "step": STEP,
        "land": [ring for ring in land if len(ring) >= 6],  # three points or more
        "borders": [line for line in borders if len(line) >= 4],  # two points or more
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("countries", type=Path, help="world-atlas's countries-110m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    topology = json.loads(options.countries.read_text("utf-8"))
    text = json.dumps(outlines(topology), separators=(",", ":")) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, "utf-8")
    print(f"{options.output}: {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
