"""Parsing and validating one event file, without touching the disk."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.config import DEFAULT_KINDS
from site_builder.content.events import parse_event
from site_builder.model.dates import When
from site_builder.model.records import Event, Participant, Place, Topic
from site_builder.problems import SiteError

from conftest import event_text

PATH = "content/meetings/jakarta.md"


def parse(text: str) -> Event:
    event, _warnings = parse_event(text, PATH, "meetings", DEFAULT_KINDS)
    return event


def problems(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        parse(text)
    return [str(problem) for problem in caught.value.problems]


FULL = """\
---
title: Wang Yi and Sergei Lavrov meet in Jakarta
date: 2023-07-13
end_date: 2023-07-14
kind: meeting
location: Jakarta, Indonesia
occasion: ASEAN foreign ministers' meetings
participants:
  - name: Wang Yi
    role: Director of the Office of the Central Commission for Foreign Affairs
    country: China
  - name: Sergei Lavrov
topics: [ASEAN, Middle East]
summary: They met.
sources:
  - outlet: Xinhua
    title: A headline
    published: 2023-07-14 08:34+08:00
    url: https://example.org/a
  - outlet: CGTN
    title: Another
    published: unknown
photographer: Someone
---
Body **text**.
"""


def test_a_complete_event_is_read_into_typed_fields() -> None:
    event = parse(FULL)
    assert event.title == "Wang Yi and Sergei Lavrov meet in Jakarta"
    assert event.date == When(2023, 7, 13)
    assert event.end_date == When(2023, 7, 14)
    assert event.kind.label == "Meeting"
    assert event.location == Place("Jakarta", "Indonesia")
    assert event.participants[1] == Participant("Sergei Lavrov", None, None)
    assert event.topics == (Topic("ASEAN", "asean"), Topic("Middle East", "middle-east"))
    assert event.sources[0].published == dt.datetime.fromisoformat("2023-07-14T08:34+08:00")
    assert event.sources[1].published is None
    assert event.slug == "jakarta"
    assert event.url_path == "meetings/jakarta/"
    assert event.body == "Body **text**.\n"


def test_unknown_fields_are_kept_for_templates() -> None:
    assert parse(FULL).extra == {"photographer": "Someone"}


def test_a_misspelt_field_gets_a_warning_not_an_error() -> None:
    _event, warnings = parse_event(event_text(sumary="x"), PATH, "meetings", DEFAULT_KINDS)
    assert warnings == [f"{PATH}:10: sumary: unknown field; did you mean summary?"]


def test_byte_order_mark_and_windows_line_endings_are_accepted() -> None:
    text = "\ufeff" + event_text().replace("\n", "\r\n")
    assert parse(text).title == "A meeting"


@pytest.mark.parametrize("field", ["title", "date", "kind", "sources"])
def test_each_required_field_missing_is_named(field: str) -> None:
    (message,) = problems(event_text(**{field: None}))  # type: ignore[arg-type]
    assert message.startswith(f"{PATH}:1: {field}: is required")


def test_missing_location_for_an_in_person_kind() -> None:
    assert problems(event_text(location=None)) == [  # type: ignore[arg-type]
        f'{PATH}:1: location: is required for a meeting: write "City, Country"'
    ]


def test_a_call_has_no_place() -> None:
    assert problems(event_text(kind="phone-call")) == [
        f"{PATH}:5: location: a phone call has no place; remove the field"
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2023-02-30", 'date: "2023-02-30" is not a real date'),
        ("10/01/2024", 'date: "10/01/2024" is not a date written as YYYY-MM-DD'),
        ("next Thursday", 'date: "next Thursday" is not a date written as YYYY-MM-DD'),
        ("2023-7-13", 'date: "2023-7-13" is not a date written as YYYY-MM-DD'),
        ("2023-13", 'date: "2023-13" is not a real date: there is no month 13'),
        ("0000-05-01", 'date: "0000-05-01" has the year 0, which there is not'),
        ("2024-04-08 25:00", 'date: "2024-04-08 25:00" is not a real time of day'),
        ("[2023]", "date: must be a date written as YYYY-MM-DD, not a list"),
    ],
)
def test_bad_dates_name_the_line_and_the_value(value: str, problem: str) -> None:
    [found] = problems(event_text(date=value))
    assert found.startswith(f"{PATH}:3: {problem}")


def test_end_date_before_date() -> None:
    assert problems(event_text(end_date="2023-07-01")) == [
        f"{PATH}:10: end_date: 2023-07-01 is before the date 2023-07-13"
    ]


def test_unknown_kind_lists_the_known_ones() -> None:
    (message,) = problems(event_text(kind="dinner"))
    assert message == (
        f'{PATH}:4: kind: "dinner" is not one of the kinds in site.yaml '
        "(meeting, phone-call, video-call, visit, summit)"
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"title": "[a, b]"}, "2: title: must be text, not a list"),
        ({"topics": "Ukraine"}, "10: topics: must be a list (one '- item' per line), not text"),
        ({"draft": "yes please"}, "10: draft: must be true or false, not text"),
        ({"location": "Jakarta"}, '5: location: "Jakarta" must be written as "City, Country"'),
        (
            {"slug": "../../etc"},
            '10: slug: "../../etc" may hold only letters, digits and single hyphens',
        ),
        ({"slug": "a/b"}, '10: slug: "a/b" may hold only letters, digits and single hyphens'),
        ({"participants": "[{role: x}]"}, "10: participants[0].name: is required"),
        ({"topics": "['!!!']"}, '10: topics[0]: "!!!" has no letters or digits to make a URL from'),
    ],
)
def test_wrong_values_are_named_with_their_line(fields: dict[str, str], problem: str) -> None:
    assert problems(event_text(**fields)) == [f"{PATH}:{problem}"]


@pytest.mark.parametrize(
    ("sources", "problem"),
    [
        ("[]", "6: sources: is required and needs at least one entry"),
        ("\n  - title: T\n    published: 2023-07-14", "7: sources[0].outlet: is required"),
        (
            "\n  - {outlet: O, title: T, published: 2023-07-14, url: 'javascript:alert(1)'}",
            '7: sources[0].url: "javascript:alert(1)" must be a full http:// or https:// address',
        ),
        (
            "\n  - {outlet: O, title: T, published: 2023-07-14, url: 'data:text/html,x'}",
            '7: sources[0].url: "data:text/html,x" must be a full http:// or https:// address',
        ),
        (
            "\n  - {outlet: O, title: T}",
            "7: sources[0].published: is required: YYYY-MM-DD, or 'unknown' when the source gives no date",
        ),
        (
            "\n  - {outlet: O, title: T, published: 14 July}",
            '7: sources[0].published: "14 July" is not YYYY-MM-DD, YYYY-MM-DD HH:MM'
            " (optionally +08:00), or unknown",
        ),
    ],
)
def test_source_problems(sources: str, problem: str) -> None:
    assert problems(event_text(sources=sources)) == [f"{PATH}:{problem}"]


def test_all_problems_of_a_file_are_reported_together() -> None:
    messages = problems(event_text(title="[x]", date="2023-13-01", kind="dinner"))
    assert [message.split(": ")[1] for message in messages] == ["title", "date", "kind"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "title: x\n",
            "1: no front matter: the file must start with a line '---', then the fields",
        ),
        ("", "1: no front matter: the file must start with a line '---', then the fields"),
        ("---\ntitle: x\n", "1: front matter is not closed: add a line '---' after the last field"),
        (
            "---\n- a\n- b\n---\n",
            "2: front matter is not a mapping of fields: write one 'field: value' per line",
        ),
        (
            "---\njust text\n---\n",
            "2: front matter is not a mapping of fields: write one 'field: value' per line",
        ),
        ("---\n---\nbody\n", "2: front matter is empty: write one 'field: value' per line"),
    ],
)
def test_broken_front_matter_blocks(text: str, problem: str) -> None:
    assert problems(text) == [f"{PATH}:{problem}"]


def test_file_names_that_cannot_be_urls_need_a_slug() -> None:
    with pytest.raises(SiteError) as caught:
        parse_event(event_text(), "content/meetings/my event.md", "meetings", DEFAULT_KINDS)
    (problem,) = caught.value.problems
    assert problem.field == "slug"
    assert "rename the file" in problem.message


def test_coordinates_are_latitude_and_longitude() -> None:
    assert parse(event_text(coordinates="[17.97, 102.63]")).coordinates == (17.97, 102.63)
    assert problems(event_text(coordinates="[200, 0]")) == [
        f"{PATH}:10: coordinates: must be [latitude, longitude], e.g. [17.97, 102.63]"
    ]
