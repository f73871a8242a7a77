"""Places found without coordinates typed by hand: the gazetteer, the map it fills, and a
warning for a place that the map cannot find."""

from __future__ import annotations

import pytest

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.model.gazetteer import Coordinates, locate_all, place_key

from conftest import Site

# Thirty cities as a site names them, none of them in the site's `places`.
CITIES = [
    ("Vientiane", "Laos"),
    ("Jakarta", "Indonesia"),
    ("Moscow", "Russia"),
    ("Beijing", "China"),
    ("Astana", "Kazakhstan"),
    ("Bishkek", "Kyrgyzstan"),
    ("Tashkent", "Uzbekistan"),
    ("Dushanbe", "Tajikistan"),
    ("New Delhi", "India"),
    ("Islamabad", "Pakistan"),
    ("Tehran", "Iran"),
    ("Ankara", "Turkey"),
    ("Cairo", "Egypt"),
    ("Addis Ababa", "Ethiopia"),
    ("Johannesburg", "South Africa"),
    ("Brasilia", "Brazil"),
    ("Rio de Janeiro", "Brazil"),
    ("Buenos Aires", "Argentina"),
    ("Mexico City", "Mexico"),
    ("New York City", "United States"),
    ("Geneva", "Switzerland"),
    ("Berlin", "Germany"),
    ("Paris", "France"),
    ("Minsk", "Belarus"),
    ("Ulaanbaatar", "Mongolia"),
    ("Pyongyang", "North Korea"),
    ("Hanoi", "Vietnam"),
    ("Kuala Lumpur", "Malaysia"),
    ("Kazan", "Russia"),
    ("Shanghai", "China"),
]


def locate(city: str, country: str) -> Coordinates | None:
    return locate_all([(city, country)])[place_key(city, country)]


def test_a_city_is_found_in_its_country_in_any_spelling_or_script() -> None:
    assert locate("Vientiane", "Laos") == pytest.approx((17.97, 102.6), abs=0.1)
    moscow = locate("Moscow", "Russia")
    assert moscow == pytest.approx((55.75, 37.62), abs=0.1)
    assert (
        locate("Москва", "Russia") == locate("莫斯科", "RU") == locate(" moscow ", "rus") == moscow
    )
    assert locate("Kiev", "Ukraine") == locate("Kyiv", "Ukraine") is not None


def test_of_several_cities_of_one_name_the_most_populous_is_taken() -> None:
    assert locate("Paris", "France") == pytest.approx((48.85, 2.35), abs=0.1)  # not a village


def test_a_place_the_gazetteer_does_not_know_is_not_guessed() -> None:
    assert locate("Atlantis", "Greece") is None
    assert locate("Paris", "Neverland") is None  # no such country
    assert locate("Paris", "Germany") is None  # no such city there


def test_thirty_cities_without_coordinates_are_all_on_the_map(site: Site) -> None:
    for number, (city, country) in enumerate(CITIES):
        day = f"2023-{number // 28 + 1:02d}-{number % 28 + 1:02d}"
        site.event(f"e{number:02d}", date=day, location=f"{city}, {country}")
    result = build(BuildOptions(root=site.root))
    assert result.warnings == ()
    markers = site.html("index.html").select(".map-marker title")
    assert sorted(marker.get_text() for marker in markers) == sorted(
        f"{city}, {country}" for city, country in CITIES
    )


def test_a_place_the_map_cannot_find_is_a_warning_at_its_line(site: Site) -> None:
    site.event("a", date="2023-01-01", location="Moscow, Russia")
    site.event("b", date="2023-02-01", location="Nowhereville, Russia")
    site.event("c", date="2023-03-01", location="Nowhereville, Russia", coordinates="[55, 40]")
    result = build(BuildOptions(root=site.root))
    assert result.warnings == (
        'content/meetings/b.md:5: location: "Nowhereville, Russia" is not a city the map knows; '
        "give its [latitude, longitude] in site.yaml's places",
    )
    markers = [marker.get_text() for marker in site.html("index.html").select(".map-marker title")]
    assert markers == ["Moscow, Russia", "Nowhereville, Russia"]  # c's coordinates place it


def test_a_rebuild_warns_of_a_place_an_edit_made_unknown_and_stops_when_it_is_fixed(
    site: Site,
) -> None:
    site.event("a", date="2023-01-01", location="Moscow, Russia")
    site.event("b", date="2023-02-01", location="Beijing, China")
    builder = SiteBuilder(BuildOptions(root=site.root))
    assert builder.build().warnings == ()
    site.event("b", date="2023-02-01", location="Beijing, China", title="Talks, retitled")
    assert builder.rebuild(["content/meetings/b.md"]).warnings == ()
    site.event("b", date="2023-02-01", location="Nowhereville, Russia")
    warned = builder.rebuild(["content/meetings/b.md"]).warnings
    assert [warning.split(": ")[0] for warning in warned] == ["content/meetings/b.md:5"]
    site.event("b", date="2023-02-01", location="Nowhereville, Russia", coordinates="[55, 40]")
    assert builder.rebuild(["content/meetings/b.md"]).warnings == ()
    site.event("b", date="2023-02-01", location="Kiev, Ukraine")
    site.event("a", date="2023-01-01", location="Kyiv, Ukraine")
    edited = ["content/meetings/a.md", "content/meetings/b.md"]
    assert [w.split(": ")[0] for w in builder.rebuild(edited).warnings] == [
        "content/meetings/b.md:5"
    ]


def test_site_yaml_places_come_before_the_gazetteer(site: Site) -> None:
    site.write(
        "site.yaml",
        (site.root / "site.yaml").read_text() + 'places:\n  "Nowhereville, Russia": [55, 40]\n',
    )
    site.event("b", date="2023-02-01", location="Nowhereville, Russia")
    assert build(BuildOptions(root=site.root)).warnings == ()


def test_one_city_written_two_ways_is_a_warning_naming_both_files(site: Site) -> None:
    site.event("a", date="2023-01-01", location="Kyiv, Ukraine")
    site.event("b", date="2023-02-01", location="Kiev, Ukraine")
    site.event("c", date="2023-03-01", location="Kiev, Ukraine")  # warned of once
    result = build(BuildOptions(root=site.root))
    assert result.warnings == (
        'content/meetings/b.md:5: location: "Kiev, Ukraine" is the city written '
        '"Kyiv, Ukraine" in content/meetings/a.md:5; write it one way, or the map shows it twice',
    )
