"""Names written two ways: one warning per pair, naming both spellings, files and lines, and
the fix; and no warning for names that are two different things, or one person already."""

from __future__ import annotations

import pytest

from site_builder.build import BuildOptions, build
from site_builder.content.variants import likely_same, variant_pairs

from conftest import Site


def warnings_of(site: Site) -> tuple[str, ...]:
    return build(BuildOptions(root=site.root)).warnings


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Kiev", "Kyiv"),
        ("Mohammed bin Salman", "Muhammad bin Salman"),
        ("Multipolarity", "Multipolarty"),  # a letter left out
        ("Wang Yi", "WANG  Yi"),
        ("Sergey Lavrov", "Сергей Лавров"),  # another script
        ("Lavrov", "Lavorv"),  # two letters swapped
    ],
)
def test_spellings_of_one_name_are_likely_the_same(first: str, second: str) -> None:
    assert likely_same(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Topic A", "Topic B"),
        ("Iran", "Iraq"),
        ("Russia", "Russian"),
        ("Austria", "Australia"),
        ("Niger", "Nigeria"),
        ("G7", "G20"),
        ("First Minister", "Second Minister"),
        ("Oman", "Amman"),
        ("Sergey Lavrov", "Sergey Ryabkov"),
        ("Wang Yi", "Wang Wenbin"),
    ],
)
def test_names_of_different_things_are_not(first: str, second: str) -> None:
    assert not likely_same(first, second)


def test_pairs_come_once_in_the_order_the_names_were_first_written() -> None:
    names = ["Sergey Lavrov", "Wang Yi", "Kyiv", "Sergei Lavrov", "Kiev", "sergey lavrov"]
    assert variant_pairs(names) == [
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Kyiv", "Kiev"),
        ("Sergey Lavrov", "sergey lavrov"),
    ]


def participants(*names: str) -> str:
    return "".join(f"\n  - name: {name}" for name in names)


def test_one_participant_written_two_ways_is_one_warning_naming_both(site: Site) -> None:
    site.event("a", date="2023-01-01", participants=participants("Wang Yi", "Sergei Lavrov"))
    site.event("b", date="2023-02-01", participants=participants("Wang Yi", "Sergey Lavrov"))
    site.event("c", date="2023-03-01", participants=participants("Sergey Lavrov"))
    assert warnings_of(site) == (
        'content/meetings/b.md:12: participants[1].name: "Sergey Lavrov" here and "Sergei '
        'Lavrov" in content/meetings/a.md:12 are likely one person written two ways, listed '
        "apart: write one spelling, or make a person file with one as its name and the other "
        'as an alias (site-builder new person "Sergei Lavrov")',
    )


def test_names_that_are_one_person_already_are_not_variants(site: Site) -> None:
    site.write(
        "content/people/sergey-lavrov.md",
        "---\nname: Sergey Lavrov\naliases: [Sergei Lavrov]\n---\n",
    )
    site.event("a", date="2023-01-01", participants=participants("Sergei Lavrov"))
    site.event("b", date="2023-02-01", participants=participants("Sergey Lavrov"))
    assert warnings_of(site) == ()


def test_two_topics_written_alike_are_one_warning(site: Site) -> None:
    site.event("a", date="2023-01-01", topics="[Kyiv, Trade]")
    site.event("b", date="2023-02-01", topics="[Trade, Kiev]")
    site.event("c", date="2023-03-01", topics="[Multipolarity, Kiev]")
    site.event("d", date="2023-04-01", topics="[Multipolarty]")
    assert warnings_of(site) == (
        'content/meetings/b.md:10: topics[1]: "Kiev" here and "Kyiv" in content/meetings/a.md:10 '
        "are likely one topic written two ways, which would get a page each: spell it one way",
        'content/meetings/d.md:10: topics[0]: "Multipolarty" here and "Multipolarity" in '
        "content/meetings/c.md:10 are likely one topic written two ways, which would get a page "
        "each: spell it one way",
    )


def test_different_names_alike_at_a_glance_are_no_warning(site: Site) -> None:
    site.event("a", date="2023-01-01", topics="[Iran, Topic A, G7]")
    site.event("b", date="2023-02-01", topics="[Iraq, Topic B, G20]")
    site.event("c", date="2023-03-01", participants=participants("First Minister"))
    site.event("d", date="2023-04-01", participants=participants("Second Minister"))
    assert warnings_of(site) == ()


def test_a_place_the_map_does_not_know_written_like_another_is_one_warning(site: Site) -> None:
    site.event("a", date="2023-01-01", location="Vientiane, Laos")
    site.event("b", date="2023-02-01", location="Vientianne, Laos")
    site.event("c", date="2023-03-01", location="Vientianne, Laos")
    site.event("d", date="2023-04-01", location="Vientianne, Thailand")  # another country
    assert warnings_of(site) == (
        'content/meetings/b.md:5: location: "Vientianne, Laos" is not a city the map knows, and '
        'is likely "Vientiane, Laos" (in content/meetings/a.md:5) written another way: write it '
        "one way, or give its [latitude, longitude] in site.yaml's places",
        'content/meetings/c.md:5: location: "Vientianne, Laos" is not a city the map knows; '
        "give its [latitude, longitude] in site.yaml's places",
        'content/meetings/d.md:5: location: "Vientianne, Thailand" is not a city the map knows; '
        "give its [latitude, longitude] in site.yaml's places",
    )


def test_a_city_the_gazetteer_knows_in_two_spellings_is_warned_of_once(site: Site) -> None:
    site.event("a", date="2023-01-01", location="Kyiv, Ukraine")
    site.event("b", date="2023-02-01", location="Kiev, Ukraine")
    (warning,) = warnings_of(site)
    assert warning.startswith('content/meetings/b.md:5: location: "Kiev, Ukraine" is the city')
