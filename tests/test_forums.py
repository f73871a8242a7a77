"""Forums: a file per recurring meeting, which an event's `occasion` names by name, alias or
slug; other occasions work as before."""

from __future__ import annotations

import pytest

from site_builder.build import BuildOptions, build
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.content.loader import load_content
from site_builder.model.records import Event

from conftest import PROJECT, Site

ASEAN = """\
---
name: ASEAN foreign ministers' meetings
aliases: [ASEAN Foreign Ministers' Meeting, AMM]
---
Held each year in the country that chairs ASEAN.
"""


@pytest.fixture
def asean(site: Site) -> Site:
    site.write("content/forums/asean-foreign-ministers.md", ASEAN)
    return site


def events_of(site: Site) -> dict[str, Event]:
    return {event.slug: event for event in load_content(load_config(site.root)).events}


def test_an_occasion_names_a_forum_by_name_alias_or_slug(asean: Site) -> None:
    asean.event("a", occasion="ASEAN foreign ministers' meetings")
    asean.event("b", date="2023-07-14", occasion="amm")
    asean.event("c", date="2023-07-15", occasion="asean-foreign-ministers")
    asean.event("d", date="2023-07-16", occasion="A state visit")
    events = events_of(asean)
    assert [(events[slug].occasion, events[slug].forum) for slug in "abcd"] == [
        ("ASEAN foreign ministers' meetings", "asean-foreign-ministers"),
        ("ASEAN foreign ministers' meetings", "asean-foreign-ministers"),
        ("ASEAN foreign ministers' meetings", "asean-foreign-ministers"),
        ("A state visit", None),
    ]
    assert build(BuildOptions(root=asean.root)).warnings == ()
    (forum,) = load_content(load_config(asean.root)).forums
    assert (forum.slug, forum.aliases) == (
        "asean-foreign-ministers",
        ("ASEAN Foreign Ministers' Meeting", "AMM"),
    )
    assert forum.description == "Held each year in the country that chairs ASEAN.\n"


def test_an_occasion_close_to_a_forums_name_is_a_warning(asean: Site) -> None:
    asean.event("a", occasion="ASEAN foreign minister meetings")
    assert build(BuildOptions(root=asean.root)).warnings == (
        'content/meetings/a.md:10: occasion: "ASEAN foreign minister meetings" is no forum\'s '
        'name; did you mean "ASEAN foreign ministers\' meetings" '
        "(content/forums/asean-foreign-ministers.md)? Write that name, or add this one to its "
        "aliases",
    )


def test_forum_file_problems_stop_the_build(
    asean: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    asean.write("content/forums/summits.md", "---\nname: Summits\naliases: [amm]\n---\n")
    asean.write("content/forums/bad-id.md", "---\nname: Bad\nwikidata: Q12x\n---\n")
    asean.event("a")
    assert main(["build", "-s", str(asean.root)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'content/forums/bad-id.md:3: wikidata: "Q12x" is not a Wikidata id: a Q and digits, '
        "e.g. Q2048",
        'content/forums/summits.md:3: aliases[0]: "amm" is also a name of the forum in '
        "content/forums/asean-foreign-ministers.md; a name may lead to one forum only: remove "
        "it from one of the files",
        "2 problems; nothing was written.",
    ]


def test_new_forum_writes_a_file_the_occasions_can_name(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "forum", "ASEAN Regional Forum", "-s", str(site.root)]) == 0
    assert capsys.readouterr().out.startswith("Wrote content/forums/asean-regional-forum.md")
    site.event("a", occasion="ASEAN Regional Forum")
    assert events_of(site)["a"].forum == "asean-regional-forum"


def test_the_shipped_asean_meetings_point_at_their_forum() -> None:
    events = load_content(load_config(PROJECT)).events
    forums = {event.slug: event.forum for event in events}
    assert forums == {
        "2023-07-13-jakarta": "asean-foreign-ministers",
        "2023-08-07-phone-call": None,
        "2023-09-18-moscow": None,
        "2024-07-25-vientiane": "asean-foreign-ministers",
    }
