"""`site.yaml`'s defaults and the checks it shares with the event files."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.config import DEFAULT_KINDS, DEFAULT_PAGE_SIZE, load_config
from site_builder.content.events import parse_event
from site_builder.model import timeline
from site_builder.problems import SiteError

from conftest import SITE_YAML, event_text

COORDINATES_MESSAGE = "must be [latitude, longitude], e.g. [17.97, 102.63]"


def config_problems(root: Path, text: str) -> list[str]:
    (root / "site.yaml").write_text(text, encoding="utf-8")
    try:
        load_config(root)
    except SiteError as error:
        return [str(problem) for problem in error.problems]
    return []


def test_the_page_size_default_is_the_configs_and_the_model_takes_it_as_given(
    tmp_path: Path,
) -> None:
    (tmp_path / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    assert load_config(tmp_path).page_size == DEFAULT_PAGE_SIZE == 100
    assert not hasattr(timeline, "DEFAULT_PAGE_SIZE")


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("[17.97, 102.63]", (17.97, 102.63)),
        ("[-90, 180]", (-90.0, 180.0)),
        ("[90, -180]", (90.0, -180.0)),
        ("[0, 0]", (0.0, 0.0)),
        ("[90.5, 0]", None),
        ("[0, -180.01]", None),
        ("[200, 0]", None),
        ("[.nan, 0]", None),
        ("[0, .inf]", None),
        ("[true, 0]", None),
        ('["17", "102"]', None),
        ("[17.97]", None),
        ("[1, 2, 3]", None),
        ("[]", None),
        ("17.97", None),
        ("{lat: 1, lon: 2}", None),
        ("Vientiane", None),
    ],
)
def test_a_place_in_site_yaml_and_an_events_coordinates_are_checked_alike(
    tmp_path: Path, value: str, accepted: tuple[float, float] | None
) -> None:
    """One check, with one message, for both: site.yaml's `places` and `coordinates`."""
    problems = config_problems(tmp_path, SITE_YAML + f'places:\n  "Vientiane, Laos": {value}\n')
    path = "content/meetings/x.md"
    try:
        event, _ = parse_event(event_text(coordinates=value), path, "meetings", DEFAULT_KINDS)
    except SiteError as error:
        event_problems = [str(problem) for problem in error.problems]
        got = None
    else:
        event_problems = []
        got = event.coordinates
    if accepted is None:
        assert problems == [f"site.yaml:5: places.Vientiane, Laos: {COORDINATES_MESSAGE}"]
        assert event_problems == [f"{path}:10: coordinates: {COORDINATES_MESSAGE}"]
    else:
        assert problems == [] and event_problems == []
        assert load_config(tmp_path).places == {"Vientiane, Laos": accepted}
        assert got == accepted


def test_a_place_without_coordinates_is_a_problem_but_an_event_may_have_none(
    tmp_path: Path,
) -> None:
    assert config_problems(tmp_path, SITE_YAML + "places:\n  Vientiane:\n") == [
        f"site.yaml:5: places.Vientiane: {COORDINATES_MESSAGE}"
    ]
    event, _ = parse_event(event_text(), "content/meetings/x.md", "meetings", DEFAULT_KINDS)
    assert event.coordinates is None


def test_a_kinds_phrases_are_read_for_import_and_checked(tmp_path: Path) -> None:
    kinds = "kinds:\n  meeting: {label: Talks, in_person: true, phrases: [held talks, 会谈]}\n"
    (tmp_path / "site.yaml").write_text(SITE_YAML + kinds, encoding="utf-8")
    assert load_config(tmp_path).kind_phrases == {"meeting": ("held talks", "会谈")}
    wrong = "kinds:\n  meeting: {label: Talks, in_person: true, phrases: held talks}\n"
    (message,) = config_problems(tmp_path, SITE_YAML + wrong)
    assert message.startswith("site.yaml:5: kinds.meeting.phrases: must be a list")
