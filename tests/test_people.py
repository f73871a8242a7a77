"""People: a file per person, which events' participants name by name, alias or slug; the
role of a participant taken from the person's roles on the event's date; warnings for names
that find no one; and the problems of a person file, each at its file and line."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.content.loader import Content, load_content
from site_builder.incremental.changes import ChangeKind, change_kind, is_record_file
from site_builder.model.records import Participant
from site_builder.page import Page
from site_builder.problems import SiteError

from conftest import PROJECT, Site

LAVROV = """\
---
name: Sergey Lavrov
aliases: [Sergei Lavrov, Сергей Лавров, 谢尔盖·拉夫罗夫]
country: Russia
roles:
  - {title: Foreign Minister, from: 2004-03-09}
---
Russia's foreign minister.
"""

WANG_YI = """\
---
name: Wang Yi
aliases: [王毅, Ван И]
country: China
roles:
  - title: Director of the Office of the Central Commission for Foreign Affairs
    to: 2023-07-24
  - title: Foreign Minister
    from: 2023-07-25
---
China's senior diplomat.
"""


def meeting(site: Site, name: str, date: str, *participants: str) -> None:
    """An event whose participants are the `- name: ...` lines given (line 7 onwards)."""
    listed = "".join(f"  - {participant}\n" for participant in participants)
    site.write(
        f"content/meetings/{name}.md",
        f"---\ntitle: Talks\ndate: {date}\nkind: meeting\nlocation: Moscow, Russia\n"
        f"participants:\n{listed}"
        "sources:\n  - {outlet: Xinhua, title: A headline, published: 2023-07-14}\n---\nBody.\n",
    )


@pytest.fixture
def people(site: Site) -> Site:
    site.write("content/people/sergey-lavrov.md", LAVROV)
    site.write("content/people/wang-yi.md", WANG_YI)
    return site


def content_of(site: Site) -> Content:
    return load_content(load_config(site.root))


def participants_of(site: Site) -> dict[str, tuple[Participant, ...]]:
    return {event.slug: event.participants for event in content_of(site).events}


def test_a_participant_is_found_by_name_alias_in_any_script_or_slug(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Sergey Lavrov")
    meeting(people, "b", "2023-09-18", "name: Сергей Лавров")
    meeting(people, "c", "2023-09-18", "name: sergey-lavrov")
    meeting(people, "d", "2023-09-18", "name: '  sérgei   LAVROV '")
    meeting(people, "e", "2023-09-18", "name: 王毅")
    found = participants_of(people)
    lavrov = Participant("Sergey Lavrov", "Foreign Minister", "Russia", "sergey-lavrov")
    assert [found[slug] for slug in "abcd"] == [(lavrov,)] * 4
    assert found["e"] == (Participant("Wang Yi", "Foreign Minister", "China", "wang-yi"),)


def test_the_role_is_the_one_held_on_the_day_of_the_event(people: Site) -> None:
    meeting(people, "before", "2023-07-13", "name: Wang Yi")
    meeting(people, "last-day", "2023-07-24", "name: Wang Yi")
    meeting(people, "first-day", "2023-07-25", "name: Wang Yi")
    found = participants_of(people)
    director = "Director of the Office of the Central Commission for Foreign Affairs"
    assert found["before"][0].role == found["last-day"][0].role == director
    assert found["first-day"][0].role == "Foreign Minister"


def test_what_the_event_gives_wins_over_the_person_file(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "{name: Wang Yi, role: State Councillor, country: PRC}")
    assert participants_of(people)["a"] == (
        Participant("Wang Yi", "State Councillor", "PRC", "wang-yi"),
    )


def test_no_role_on_the_date_is_a_warning_at_the_participant(people: Site) -> None:
    meeting(people, "a", "2001-05-01", "name: Sergey Lavrov")
    meeting(people, "b", "2002-05-01", "name: Sergei Lavrov")
    result = build(BuildOptions(root=people.root))
    assert content_of(people).events[0].participants[0].role is None
    assert result.warnings == (
        "content/meetings/a.md:7: participants[0]: Sergey Lavrov held no role on 2001-05-01 "
        "in content/people/sergey-lavrov.md (nor on the dates of 1 other event); give the "
        "participant a role, or add the role to the person file",
    )


def test_a_name_no_person_file_has_is_a_warning_suggesting_the_closest(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Wang Yi", "name: Sergei Lavrv")
    meeting(people, "b", "2023-09-19", "name: Sergei Lavrv")
    meeting(people, "c", "2023-09-20", "{name: Antony Blinken, role: Secretary of State}")
    result = build(BuildOptions(root=people.root))
    assert result.events == 3  # they build all the same
    lavrv, blinken = result.warnings
    assert lavrv.startswith("content/meetings/a.md:8: participants[1].name: ")
    assert '"Sergey Lavrov" (content/people/sergey-lavrov.md)' in lavrv
    assert lavrv.endswith("(and 1 other event)")
    assert blinken.startswith("content/meetings/c.md:7: participants[0].name: ")
    assert "content/people/" in blinken and "did you mean" not in blinken
    assert participants_of(people)["c"] == (
        Participant("Antony Blinken", "Secretary of State", None, None),
    )


def test_without_person_files_participants_are_as_written_and_unwarned(site: Site) -> None:
    meeting(site, "a", "2023-09-18", "{name: Antony Blinken, role: Secretary of State}")
    assert build(BuildOptions(root=site.root)).warnings == ()
    assert participants_of(site)["a"][0].person is None


def test_a_person_named_twice_in_one_event_is_a_warning(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Sergey Lavrov", "name: Sergei Lavrov")
    (warning,) = build(BuildOptions(root=people.root)).warnings
    assert warning == (
        'content/meetings/a.md:8: participants[1].name: "Sergei Lavrov" is Sergey Lavrov '
        "(content/people/sergey-lavrov.md) again, who is participants[0] already; name each "
        "person once"
    )


def test_person_files_are_not_events_and_content_carries_them(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Sergey Lavrov")
    content = content_of(people)
    assert [event.path for event in content.events] == ["content/meetings/a.md"]
    assert [person.slug for person in content.people] == ["sergey-lavrov", "wang-yi"]
    wang = content.people[1]
    assert wang.aliases == ("王毅", "Ван И")
    assert [(role.title, role.start, role.end) for role in wang.roles] == [
        (
            "Director of the Office of the Central Commission for Foreign Affairs",
            None,
            dt.date(2023, 7, 24),
        ),
        ("Foreign Minister", dt.date(2023, 7, 25), None),
    ]
    assert wang.bio == "China's senior diplomat.\n"
    assert build(BuildOptions(root=people.root)).events == 1


def test_unknown_fields_of_a_person_are_kept_and_misspelt_ones_warned_of(people: Site) -> None:
    people.write("content/people/x.md", "---\nname: X\nborn: 1950\ncountyr: Russia\n---\n")
    assert content_of(people).people[2].extra == {"born": 1950, "countyr": "Russia"}
    assert build(BuildOptions(root=people.root)).warnings == (
        "content/people/x.md:4: countyr: unknown field; did you mean country?",
    )


BROKEN = {
    "content/people/bad-id.md": "---\nname: Bad Id\nwikidata: q2048\n---\n",
    "content/people/backwards.md": (
        "---\nname: Backwards\nroles:\n"
        "  - {title: Minister, from: 2010-01-01, to: 2009-01-01}\n---\n"
    ),
    "content/people/overlapping.md": (
        "---\nname: Overlapping\nroles:\n"
        "  - {title: Minister, from: 2010-01-01}\n"
        "  - {title: Premier, from: 2012-01-01}\n---\n"
    ),
    "content/people/twice.md": "---\nname: Someone Else\naliases: [Sergei Lavrov]\n---\n",
    "content/people/no-name.md": "---\naliases: [Nobody]\n---\n",
}


def test_person_file_problems_stop_the_build_each_at_its_line(
    people: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    for path, text in BROKEN.items():
        people.write(path, text)
    assert main(["build", "-s", str(people.root)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "content/people/backwards.md:4: roles[0].to: 2009-01-01 is before the day the role "
        "began (2010-01-01)",
        'content/people/bad-id.md:3: wikidata: "q2048" is not a Wikidata id: a Q and digits, '
        "e.g. Q2048",
        "content/people/no-name.md:1: name: is required",
        'content/people/overlapping.md:5: roles[1].from: 2012-01-01 is while "Minister" was '
        "held (which has no end (to)); roles may not overlap: end the earlier one before this "
        "one begins",
        'content/people/twice.md:3: aliases[0]: "Sergei Lavrov" is also a name of the person '
        "in content/people/sergey-lavrov.md; a name may lead to one person only: remove it "
        "from one of the files",
        "5 problems; nothing was written.",
    ]
    assert not (people.root / "build").exists()


def test_only_the_earliest_role_may_leave_out_its_first_day(people: Site) -> None:
    people.write(
        "content/people/x.md",
        "---\nname: X\nroles:\n  - {title: A, to: 2000-01-01}\n  - {title: B}\n---\n",
    )
    with pytest.raises(SiteError) as raised:
        content_of(people)
    assert [str(problem) for problem in raised.value.problems] == [
        "content/people/x.md:5: roles[1].from: is required for every role but the earliest: "
        "the first day it was held"
    ]


def test_new_person_writes_a_file_named_in_latin_letters(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "person", "Сергей Лавров", "-s", str(site.root)]) == 0
    path = site.root / "content/people/sergei-lavrov.md"
    assert capsys.readouterr().out.startswith("Wrote content/people/sergei-lavrov.md")
    assert 'name: "Сергей Лавров"' in path.read_text()
    meeting(site, "a", "2023-09-18", "name: Сергей Лавров")
    assert participants_of(site)["a"][0].person == "sergei-lavrov"
    assert build(BuildOptions(root=site.root)).warnings == ()
    path.write_text(path.read_text() + "\nMy notes.\n")
    assert main(["new", "person", "Сергей Лавров", "-s", str(site.root)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert path.read_text().endswith("My notes.\n")


def test_a_person_or_forum_file_is_an_edit_of_content_for_the_preview() -> None:
    assert change_kind("content/people/wang-yi.md") is ChangeKind.EVENT
    assert change_kind("content/forums/asean.md") is ChangeKind.EVENT
    assert is_record_file("content/people/wang-yi.md")
    assert is_record_file("./content//forums/asean.md")
    assert not is_record_file("content/meetings/people.md")


def event_page(pages: list[Page], slug: str) -> str:
    (page,) = [page for page in pages if page.path == f"meetings/{slug}/index.html"]
    return page.text


def test_editing_a_person_file_changes_the_events_that_name_them(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Sergei Lavrov")
    meeting(people, "b", "2023-09-19", "{name: Antony Blinken, role: Secretary of State}")
    builder = SiteBuilder(BuildOptions(root=people.root))
    first = builder.build()
    assert "Foreign Minister" in event_page(first.pages, "a")
    lavrov = people.root / "content/people/sergey-lavrov.md"
    lavrov.write_text(LAVROV.replace("Foreign Minister", "Minister of Foreign Affairs"))
    again = builder.rebuild(["content/people/sergey-lavrov.md"])
    assert "Minister of Foreign Affairs" in event_page(again.pages, "a")
    content = builder.reuse.stats.content
    assert content.parsed == [] and not content.listed  # no event file read again
    unchanged = {page.path: page for page in first.pages}
    page_b = next(page for page in again.pages if page.path == "meetings/b/index.html")
    assert "Secretary of State" in page_b.text and page_b.text == unchanged[page_b.path].text
    # A new process, with what .cache/ kept, sees the person file as it is now.
    lavrov.write_text(LAVROV.replace("Foreign Minister", "Chief Diplomat"))
    later = SiteBuilder(BuildOptions(root=people.root)).build()
    assert "Chief Diplomat" in event_page(later.pages, "a")


def test_an_event_edit_is_resolved_in_the_preview(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Sergei Lavrov")
    meeting(people, "b", "2023-09-19", "name: Wang Yi")
    builder = SiteBuilder(BuildOptions(root=people.root))
    builder.build()
    meeting(people, "b", "2023-07-01", "name: Wang Yi")  # before he was minister again
    again = builder.rebuild(["content/meetings/b.md"])
    assert builder.reuse.stats.content.parsed == ["content/meetings/b.md"]
    assert "Director of the Office" in event_page(again.pages, "b")
    meeting(people, "b", "2023-07-01", "name: Wang Yii")  # a name that finds no one
    again = builder.rebuild(["content/meetings/b.md"])
    assert [warning.split(": ")[0] for warning in again.warnings] == ["content/meetings/b.md:7"]


def test_the_shipped_events_name_two_people_with_the_roles_they_always_had() -> None:
    content = load_content(load_config(PROJECT))
    roles = {
        (event.slug, participant.person): (participant.role, participant.country)
        for event in content.events
        for participant in event.participants
    }
    director = "Director of the Office of the Central Commission for Foreign Affairs"
    politburo = "Member of the Political Bureau of the CPC Central Committee and Foreign Minister"
    minister = ("Foreign Minister", "Russia")
    assert roles == {
        ("2023-07-13-jakarta", "wang-yi"): (director, "China"),
        ("2023-07-13-jakarta", "sergey-lavrov"): minister,
        ("2023-08-07-phone-call", "wang-yi"): ("Foreign Minister", "China"),
        ("2023-08-07-phone-call", "sergey-lavrov"): minister,
        ("2023-09-18-moscow", "wang-yi"): (politburo, "China"),
        ("2023-09-18-moscow", "sergey-lavrov"): minister,
        ("2024-07-25-vientiane", "wang-yi"): (politburo, "China"),
        ("2024-07-25-vientiane", "sergey-lavrov"): minister,
    }
    names = {participant.name for event in content.events for participant in event.participants}
    assert names == {"Wang Yi", "Sergey Lavrov"}
    assert content.warnings == ()


def test_a_person_file_made_or_removed_in_the_preview_counts_at_once(site: Site) -> None:
    meeting(site, "a", "2023-09-18", "name: Sergei Lavrov")
    builder = SiteBuilder(BuildOptions(root=site.root))
    assert "Sergei Lavrov" in event_page(builder.build().pages, "a")
    site.write("content/people/sergey-lavrov.md", LAVROV)
    made = builder.rebuild(["content/people/sergey-lavrov.md"])
    assert "Sergey Lavrov" in event_page(made.pages, "a")
    (site.root / "content/people/sergey-lavrov.md").unlink()
    removed = builder.rebuild(["content/people/sergey-lavrov.md"])
    assert "Sergei Lavrov" in event_page(removed.pages, "a")
    assert "Foreign Minister" not in event_page(removed.pages, "a")


def test_a_bio_edited_between_rebuilds_is_shown_and_an_event_edit_keeps_it(people: Site) -> None:
    meeting(people, "a", "2023-09-18", "name: Sergei Lavrov")
    builder = SiteBuilder(BuildOptions(root=people.root))
    bio_page = "people/sergey-lavrov/index.html"

    def bio(pages: list[Page]) -> str:
        (page,) = [page for page in pages if page.path == bio_page]
        return page.text

    assert "s foreign minister.</p>" in bio(builder.build().pages)
    lavrov = people.root / "content/people/sergey-lavrov.md"
    lavrov.write_text(LAVROV.replace("Russia's foreign minister.", "He leads *the ministry*."))
    again = builder.rebuild(["content/people/sergey-lavrov.md"])
    assert "He leads <em>the ministry</em>." in bio(again.pages)
    meeting(people, "a", "2023-09-19", "name: Sergei Lavrov")
    edited = builder.rebuild(["content/meetings/a.md"])
    assert "He leads <em>the ministry</em>." in bio(edited.pages)
    assert "19 September 2023" in bio(edited.pages)
