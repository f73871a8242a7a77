"""The timeline page's map: countries' outlines under markers at their places' projected
positions, markers sized by their events, names that do not overlap, maps across the
antimeridian and at the poles, in both colour schemes, with its outlines shipped in the wheel."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from test_timeline import event

from site_builder.build import BuildOptions, build
from site_builder.model.records import Event, Place
from site_builder.render.overview import MapPlace, PlaceMap, place_map

from conftest import CHROMIUM, CHROMIUM_FLAGS, PROJECT, Site

MOSCOW, JAKARTA, VIENTIANE = (55.76, 37.62), (-6.21, 106.85), (17.97, 102.63)
SHIPPED = {"Moscow, Russia": MOSCOW, "Jakarta, Indonesia": JAKARTA, "Vientiane, Laos": VIENTIANE}
# Twenty capitals and cities of central Europe, a few hundred kilometres apart: too close
# for every name to stand beside its marker on one map.
CROWDED = {
    "Paris, France": (48.86, 2.35),
    "Brussels, Belgium": (50.85, 4.35),
    "Amsterdam, Netherlands": (52.37, 4.9),
    "Luxembourg, Luxembourg": (49.61, 6.13),
    "Berlin, Germany": (52.52, 13.4),
    "Prague, Czechia": (50.08, 14.44),
    "Vienna, Austria": (48.21, 16.37),
    "Bratislava, Slovakia": (48.15, 17.11),
    "Budapest, Hungary": (47.5, 19.04),
    "Warsaw, Poland": (52.23, 21.01),
    "Bern, Switzerland": (46.95, 7.45),
    "Geneva, Switzerland": (46.2, 6.15),
    "Zurich, Switzerland": (47.37, 8.54),
    "Munich, Germany": (48.14, 11.58),
    "Ljubljana, Slovenia": (46.06, 14.51),
    "Zagreb, Croatia": (45.81, 15.98),
    "Rome, Italy": (41.9, 12.5),
    "London, United Kingdom": (51.51, -0.13),
    "Copenhagen, Denmark": (55.68, 12.57),
    "Minsk, Belarus": (53.9, 27.57),
}


def at(name: str, count: int = 1) -> list[Event]:
    """`count` events at the place `name` ("City, Country")."""
    city, country = (part.strip() for part in name.split(","))
    first = dt.date(2023, 1, 1)
    return [
        dataclasses.replace(
            event(f"{city.lower()}-{n}", (first + dt.timedelta(days=n)).isoformat()),
            location=Place(city, country),
        )
        for n in range(count)
    ]


def drawn(known: dict[str, tuple[float, float]], counts: dict[str, int] | None = None) -> PlaceMap:
    events = [e for name in known for e in at(name, (counts or {}).get(name, 1))]
    found = place_map(events, known)
    assert found is not None
    return found


def by_name(found: PlaceMap) -> dict[str, MapPlace]:
    return {place.name: place for place in found.places}


# Path data as the map writes it: `M x y`, then `l dx dy ...` steps, `z` to close a ring.
PATH_TOKEN = re.compile(r"[MlzLHV]|-?[0-9]+(?:\.[0-9]+)?")


def rings(path: str) -> list[list[tuple[float, float]]]:
    """The lines of an SVG path of M, l and z commands, in absolute coordinates."""
    lines: list[list[tuple[float, float]]] = []
    command, numbers = "", list[float]()
    for token in [*PATH_TOKEN.findall(path), "M"]:
        if token in "MlzLHV":
            if command == "M":
                lines.append([(numbers[0], numbers[1])])
            elif command == "l":
                x, y = lines[-1][-1]
                for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
                    x, y = x + dx, y + dy
                    lines[-1].append((x, y))
            command, numbers = token, []
        else:
            numbers.append(float(token))
    return lines


def on_land(found: PlaceMap, x: float, y: float) -> bool:
    """Whether (x, y) is filled by the land path (even-odd, as drawn)."""
    crossings = 0
    for ring in rings(found.land):
        for (x0, y0), (x1, y1) in itertools.pairwise([*ring, ring[0]]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


Projected = tuple[float, float]
Projection = Callable[[float, float], Projected]


def projection_through(
    found: PlaceMap, first: str, first_at: Projected, second: str, second_at: Projected
) -> tuple[float, float, Projection]:
    """The map's units per degree of latitude and of longitude, measured between two of its
    places, and where any (latitude, longitude) would be drawn on that scale: the test's
    own equirectangular projection, its standard parallel halfway between the two."""
    a, b = by_name(found)[first], by_name(found)[second]
    per_degree = (b.y - a.y) / (first_at[0] - second_at[0])
    across = per_degree * math.cos(math.radians((first_at[0] + second_at[0]) / 2))

    def spot(lat: float, lon: float) -> Projected:
        east = (lon - first_at[1] + 180) % 360 - 180  # the short way round from `first`
        return a.x + east * across, a.y + (first_at[0] - lat) * per_degree

    return per_degree, across, spot


def test_markers_stand_where_an_equirectangular_projection_puts_them() -> None:
    """Moscow, Jakarta and Vientiane: one scale for a degree of latitude everywhere, a degree
    of longitude cos(middle latitude) as wide, Moscow up and left, and the 8-degree margin
    round the places inside the map."""
    found = drawn(SHIPPED)
    moscow, jakarta, vientiane = (by_name(found)[name] for name in SHIPPED)
    per_degree, across, spot = projection_through(
        found, "Moscow, Russia", MOSCOW, "Jakarta, Indonesia", JAKARTA
    )
    assert per_degree > 0
    assert jakarta.x - moscow.x == pytest.approx((JAKARTA[1] - MOSCOW[1]) * across, abs=0.2)
    assert (vientiane.x, vientiane.y) == pytest.approx(spot(*VIENTIANE), abs=0.2)
    margin = 8 * per_degree
    assert moscow.y >= margin - 0.2 and found.height - jakarta.y >= margin - 0.2
    assert moscow.x >= 8 * across - 0.2 and found.width - jakarta.x >= 8 * across - 0.2


def test_a_single_place_on_the_equator_is_in_the_middle_of_a_square_map() -> None:
    found = drawn({"Libreville, Gabon": (0.0, 0.0)})
    (place,) = found.places
    assert (found.width, found.height) == (1000, 1000)
    assert (place.x, place.y) == (500, 500)


def test_the_land_is_drawn_under_the_places_and_the_sea_and_caspian_are_not() -> None:
    found = drawn(SHIPPED)
    assert found.land and found.borders
    points = [point for ring in rings(found.land) for point in ring]
    assert len(points) > 100
    assert all(-5 <= x <= found.width + 5 and -5 <= y <= found.height + 5 for x, y in points)
    *_, spot = projection_through(found, "Moscow, Russia", MOSCOW, "Jakarta, Indonesia", JAKARTA)
    assert on_land(found, *spot(*MOSCOW))
    assert on_land(found, *spot(45.0, 65.0))  # Kazakhstan
    assert not on_land(found, *spot(-5.0, 75.0))  # the Indian Ocean
    assert not on_land(found, *spot(42.0, 50.5))  # the Caspian Sea, a hole in the land


def test_the_outlines_are_one_path_for_land_and_one_for_borders_and_stay_light(
    tmp_path: Path,
) -> None:
    """The shipped timeline's map, as built: its outlines hidden from screen readers, its
    markers linked, named and captioned, and the whole SVG within 12 kB."""
    output = tmp_path / "build"
    build(BuildOptions(root=PROJECT, output=output))
    html = (output / "index.html").read_text("utf-8")
    svg = re.search(r"<svg [^>]*class=\"map-svg\".*?</svg>", html, re.DOTALL)
    assert svg is not None
    text = svg.group(0)
    assert len(text.encode()) < 12_000
    assert text.count('class="map-land"') == 1 and text.count('class="map-borders"') == 1
    assert re.search(r'<path class="map-land" aria-hidden="true" d="M[^"]{500,}"', text)
    assert re.search(r'<path class="map-borders" aria-hidden="true" d="M[^"]{500,}"', text)
    assert 'aria-labelledby="places-title"' in text and 'id="places-title"' in html
    assert not re.search(r"nan|inf", text, re.IGNORECASE)
    assert re.findall(r'<a href="([^"]+)"', text) == [
        f"/places/{slug}/" for slug in ("jakarta-indonesia", "moscow-russia", "vientiane-laos")
    ]
    assert re.findall(r"<title>([^<]+)</title>", text) == sorted(SHIPPED)


def test_a_marker_grows_in_area_with_its_events_up_to_a_cap() -> None:
    counts = {"Jakarta, Indonesia": 1, "Moscow, Russia": 4, "Vientiane, Laos": 9}
    radii = {name: place.radius for name, place in by_name(drawn(SHIPPED, counts)).items()}
    assert radii["Jakarta, Indonesia"] < radii["Moscow, Russia"] < radii["Vientiane, Laos"]
    one = radii["Jakarta, Indonesia"] ** 2
    assert radii["Moscow, Russia"] ** 2 / one == pytest.approx(4, rel=0.02)
    assert radii["Vientiane, Laos"] ** 2 / one == pytest.approx(9, rel=0.02)
    busy = {
        name: place.radius
        for name, place in by_name(drawn(SHIPPED, {"Moscow, Russia": 900})).items()
    }
    busier = by_name(drawn(SHIPPED, {"Moscow, Russia": 2000}))["Moscow, Russia"].radius
    assert busy["Moscow, Russia"] == busier < 0.05 * 1000  # capped: it covers no region
    assert busy["Jakarta, Indonesia"] >= 6  # one event stays visible beside 900


@dataclasses.dataclass(frozen=True)
class Rect:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Rect) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def touches_circle(self, x: float, y: float, radius: float) -> bool:
        nearest_x, nearest_y = (
            min(max(x, self.left), self.right),
            min(max(y, self.top), self.bottom),
        )
        return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < radius**2


def label_rect(found: PlaceMap, place: MapPlace) -> Rect:
    """The room a label takes, from its text, anchor and the font size the map sets: Latin
    letters of a bold sans-serif about 0.55 em wide, from 0.75 em above the baseline to 0.2
    below it."""
    label = place.label
    assert label is not None
    width, size = 0.55 * found.label_size * len(label.text), found.label_size
    left = {None: label.x, "end": label.x - width, "middle": label.x - width / 2}[label.anchor]
    return Rect(left, label.y - 0.75 * size, left + width, label.y + 0.2 * size)


def test_names_cover_no_other_name_or_marker_and_stay_inside_the_map() -> None:
    found = drawn(CROWDED, {"Berlin, Germany": 6, "Paris, France": 3})
    named = [place for place in found.places if place.label is not None]
    rects = {place.name: label_rect(found, place) for place in named}
    assert 5 <= len(named) < len(CROWDED)  # crowded: some names give way
    for (a, first), (b, second) in itertools.combinations(rects.items(), 2):
        assert not first.overlaps(second), (a, b)
    for name, rect in rects.items():
        assert rect.left >= 0 and rect.right <= found.width, name
        assert rect.top >= 0 and rect.bottom <= found.height, name
        for place in found.places:
            assert not rect.touches_circle(place.x, place.y, place.radius), (name, place.name)
    labelled = {place.name: place.label.text for place in named if place.label}
    assert labelled["Berlin, Germany"] == "Berlin"  # the busiest is named first
    assert all(
        text == name.split(",")[0] or (text.endswith("\u2026") and name.startswith(text[:-1]))
        for name, text in labelled.items()
    )
    assert sorted(place.name for place in found.places) == sorted(CROWDED)  # all still drawn


def finite_numbers(found: PlaceMap) -> Iterator[float]:
    yield from (found.width, found.height)
    for place in found.places:
        yield from (place.x, place.y, place.radius)
    for line in found.grid:
        yield from (line.x1, line.y1, line.x2, line.y2)
    for ring in rings(found.land) + rings(found.borders):
        for point in ring:
            yield from point


def fully_inside(found: PlaceMap) -> bool:
    return all(
        place.radius <= place.x <= found.width - place.radius
        and place.radius <= place.y <= found.height - place.radius
        for place in found.places
    )


def test_places_across_the_antimeridian_get_a_narrow_map_over_the_pacific() -> None:
    suva_at, apia_at = (-18.14, 178.44), (-13.83, -171.76)
    found = drawn({"Suva, Fiji": suva_at, "Apia, Samoa": apia_at})
    suva, apia = by_name(found)["Suva, Fiji"], by_name(found)["Apia, Samoa"]
    assert suva.x < apia.x < suva.x + 0.4 * found.width  # Apia is 10 degrees east, not 350 west
    assert all(math.isfinite(number) for number in finite_numbers(found))
    assert fully_inside(found)
    *_, spot = projection_through(found, "Suva, Fiji", suva_at, "Apia, Samoa", apia_at)
    assert on_land(found, *spot(-17.8, 178.0))  # Viti Levu
    assert on_land(found, *spot(-16.6, 179.3))  # Vanua Levu, whose outline crosses 180
    assert not on_land(found, *spot(-16.0, -175.0))  # the open Pacific
    assert all(  # no island drawn as a band from one side of the world to the other
        max(x for x, _ in ring) - min(x for x, _ in ring) < found.width / 4
        for ring in rings(found.land)
    )
    labels = [line.label for line in found.grid]
    assert "170\u00b0W" in labels and "180\u00b0E" in labels and "190\u00b0E" not in labels


@pytest.mark.parametrize(
    "known",
    [
        {"North Pole, Arctic": (90.0, 0.0)},
        {"South Pole, Antarctica": (-90.0, 135.0)},
        {"Longyearbyen, Svalbard": (78.22, 15.65), "McMurdo, Antarctica": (-77.85, 166.67)},
        {"Alert, Canada": (82.5, -62.35), "Nord, Greenland": (81.6, -16.67)},
    ],
    ids=["north-pole", "south-pole", "pole-to-pole", "high-arctic"],
)
def test_places_at_the_poles_get_a_map_of_sensible_shape(
    known: dict[str, tuple[float, float]],
) -> None:
    found = drawn(known)
    assert all(math.isfinite(number) for number in finite_numbers(found))
    assert 0.5 <= found.height / found.width <= 1.0
    assert fully_inside(found)
    assert found.land  # the Arctic's islands or Antarctica


@pytest.mark.slow  # builds the wheel
def test_the_outlines_ship_in_the_wheel(tmp_path: Path) -> None:
    from test_scaffold import build_wheel

    wheel = zipfile.ZipFile(build_wheel(tmp_path))
    data = PROJECT / "site_builder/data"
    assert (
        wheel.read("site_builder/data/world-110m.json") == (data / "world-110m.json").read_bytes()
    )
    assert "Natural Earth" in wheel.read("site_builder/data/README.md").decode()


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two CSS colours, `rgb(r, g, b)` or `#rrggbb`."""

    def luminance(colour: str) -> float:
        colour = colour.strip()
        if colour.startswith("#"):
            channels: Sequence[float] = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        else:
            channels = [float(n) for n in re.findall(r"[0-9.]+", colour)[:3]]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in (channel / 255 for channel in channels)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def crowded_site(site: Site) -> Site:
    places = "".join(f'  "{name}": [{lat}, {lon}]\n' for name, (lat, lon) in CROWDED.items())
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "places:\n" + places)
    for number, name in enumerate(CROWDED):
        site.event(f"e{number:02d}", date=f"2023-01-{number + 1:02d}", location=f'"{name}"')
    return site


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_a_browser_names_do_not_overlap_and_read_clearly(
    crowded_site: Site, scheme: str
) -> None:
    """In Chromium, with its own fonts: each name's box is clear of the others and of the
    other markers; names and markers stand out from land and sea (4.5:1 and 3:1)."""
    from playwright.sync_api import sync_playwright
    from test_timeline_page import served

    server = served(crowded_site.root, crowded_site.build_dir)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(color_scheme=scheme)  # type: ignore[arg-type]
        page.goto(next(server))
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.map-svg a')].map(a => {
                const c = a.querySelector('circle'), t = a.querySelector('text');
                const b = t && t.getBBox();
                return {circle: [c.cx.baseVal.value, c.cy.baseVal.value, c.r.baseVal.value],
                        label: b && [b.x, b.y, b.x + b.width, b.y + b.height]};
            })"""
        )
        colours = page.evaluate(
            """() => {
                const svg = document.querySelector('.map-svg'), style = getComputedStyle(svg);
                const of = selector => getComputedStyle(document.querySelector(selector));
                return {sea: style.backgroundColor, land: of('.map-land').fill,
                        name: of('.map-label').fill, marker: of('.map-marker').fill,
                        grid: of('.map-grid-labels').fill};
            }"""
        )
        browser.close()
    next(server, None)  # stops the server
    labels = {at: Rect(*box["label"]) for at, box in enumerate(boxes) if box["label"]}
    assert len(labels) >= 5
    for first, second in itertools.combinations(labels.values(), 2):
        assert not first.overlaps(second)
    for at, label in labels.items():
        for other, box in enumerate(boxes):
            assert other == at or not label.touches_circle(*box["circle"]), (label, box)
    for ground in (colours["sea"], colours["land"]):
        assert contrast(colours["name"], ground) >= 4.5
        assert contrast(colours["grid"], ground) >= 4.5
        assert contrast(colours["marker"], ground) >= 3
