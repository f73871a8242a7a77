"""Dates a historian needs: a month or a year when no day is known, years before 1000 and
before the common era, and times with their zone; read, sorted, worded and exported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from test_timeline import event

from site_builder.build import BuildOptions, build
from site_builder.config import DEFAULT_KINDS
from site_builder.content.events import parse_event
from site_builder.model.dates import DateError, When, parse_when
from site_builder.model.timeline import build_timeline
from site_builder.problems import SiteError
from site_builder.reading.yamldoc import load_yaml
from site_builder.render.words import Words

from conftest import event_text, run_cli, site_at

UTC_PLUS_3 = dt.timezone(dt.timedelta(hours=3))


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("2024", When(2024)),
        ("2024-04", When(2024, 4)),
        ("2024-04-08", When(2024, 4, 8)),
        ("0602", When(602)),
        ("602", When(602)),
        ("-0044-03-15", When(-43, 3, 15)),  # 44 BC is the astronomical year -43
        ("-1", When(0)),  # 1 BC
        ("2024-04-08 10:00+03:00", When(2024, 4, 8, dt.time(10, tzinfo=UTC_PLUS_3))),
        ("2024-04-08T10:00:30Z", When(2024, 4, 8, dt.time(10, 0, 30, tzinfo=dt.UTC))),
        ("2024-04-08 10:00", When(2024, 4, 8, dt.time(10))),
    ],
)
def test_a_date_is_read_as_precisely_as_it_is_written(text: str, when: When) -> None:
    assert parse_when(text) == when


@pytest.mark.parametrize(
    "text", ["0000", "2023-02-29", "2024-13", "2024-04-31", "2024-4", "24-04-08 10:61", "9999"]
)
def test_a_date_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_when(text)


def test_dates_are_written_back_as_an_event_file_writes_them() -> None:
    written = ["2024", "2024-04", "-0044-03-15", "0602-05-01", "2024-04-08T10:00+03:00"]
    assert [parse_when(text).isoformat() for text in written] == written


def test_a_wider_date_sorts_before_the_narrower_ones_it_holds_and_times_by_utc() -> None:
    texts = [
        "2024-04-02",
        "2024-04-01 09:00+03:00",
        "2024-04",
        "2024",
        "-0044-03-15",
        "2024-04-01",
        "2024-04-01 07:30+03:00",
        "0602",
    ]
    ordered = sorted(texts, key=lambda text: parse_when(text))
    assert ordered == [
        "-0044-03-15",
        "0602",
        "2024",
        "2024-04",
        "2024-04-01",
        "2024-04-01 07:30+03:00",
        "2024-04-01 09:00+03:00",
        "2024-04-02",
    ]


def test_years_yaml_would_read_in_octal_stay_as_written() -> None:
    """YAML 1.1 reads `0602` as the number 386 and `-0044` as -36."""
    data = load_yaml("date: 0602\nend_date: -0044\ncount: 12\n", "x.md").data
    assert data == {"date": "0602", "end_date": "-0044", "count": 12}


def test_an_end_before_the_start_is_refused_to_the_minute() -> None:
    text = event_text(date="2024-04-08 10:00+03:00", end_date="2024-04-08 06:30Z")
    with pytest.raises(SiteError) as raised:
        parse_event(text, "content/meetings/x.md", "meetings", DEFAULT_KINDS)
    assert "end_date: 2024-04-08T06:30Z is before the date 2024-04-08T10:00+03:00" in str(
        raised.value.problems[0]
    )
    later = event_text(date="2024-04-08 10:00+03:00", end_date="2024-04-08 07:30Z")
    parse_event(later, "content/meetings/x.md", "meetings", DEFAULT_KINDS)  # 10:30+03:00


@pytest.mark.parametrize(
    ("language", "text", "worded"),
    [
        ("en", "2024", "2024"),
        ("en", "2024-04", "April 2024"),
        ("en", "-0044-03-15", "15 March 44 BC"),
        ("en", "0602", "602"),
        ("en", "2024-04-08 10:00+03:00", "8 April 2024, 10:00 UTC+03:00"),
    ],
)
def test_a_date_is_worded_as_precisely_as_it_is_known(
    language: str, text: str, worded: str
) -> None:
    assert Words.for_language(language).date(parse_when(text)) == worded


@pytest.mark.parametrize(
    ("language", "text", "parts"),
    [
        ("zh", "2024-04", ("2024", "4月")),
        ("zh", "-0044-03-15", ("公元前", "44", "3月15日")),
        ("ru", "2024-04", ("апрел", "2024")),
        ("ru", "-44", ("44", "до н")),
    ],
)
def test_other_languages_word_months_and_eras_as_cldr_does(
    language: str, text: str, parts: tuple[str, ...]
) -> None:
    """CLDR's forms (its spaces change between versions): each part, in order."""
    worded = Words.for_language(language).date(parse_when(text))
    at = [worded.find(part) for part in parts]
    assert -1 not in at and at == sorted(at), worded


def test_spans_of_months_years_and_hours() -> None:
    words = Words.for_language("en")
    assert words.span(parse_when("2024"), parse_when("2025")) == "2024 \u2013 2025"
    assert words.span(parse_when("2024-04"), parse_when("2024-06")) == "April 2024 \u2013 June 2024"
    assert (
        words.span(parse_when("2024-04-08 10:00+03:00"), parse_when("2024-04-08 11:30+03:00"))
        == "8 April 2024, 10:00\u201311:30 UTC+03:00"
    )


def test_years_before_the_common_era_have_pages_of_their_own() -> None:
    events = [event(f"e{n}", "-0044-03-15") for n in range(3)] + [event("x", "2024-01-01")]
    timeline = build_timeline(events, include_drafts=False, page_size=2)
    labels = [
        (period.label, Words.for_language("en").period(period)) for period in timeline.periods
    ]
    assert labels == [("44-bc", "44 BC"), ("2020s", "2020s")]
    assert [year.year for year in timeline.years] == [-43, 2024]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of dates of every precision, built."""
    site = site_at(tmp_path_factory.mktemp("dates") / "site")
    dates = {
        "ides": ("-0044-03-15", None),
        "crowned": ("0610-10-05", None),
        "years": ("2024", "2025"),
        "april": ("2024-04", None),
        "timed": ("2024-04-08 10:00+03:00", "2024-04-08 11:30+03:00"),
    }
    for name, (date, end) in dates.items():
        site.event(name, title=name.title(), date=date, end_date=end)  # type: ignore[arg-type]
    build(BuildOptions(root=site.root))
    return site.build_dir


def test_the_timeline_orders_and_words_every_precision(built: Path) -> None:
    page = (built / "index.html").read_text("utf-8")
    order = [page.index(f">{title}<") for title in ("Ides", "Crowned", "Years", "April", "Timed")]
    assert order == sorted(order)
    for shown in (
        '<span class="date" data-date="-0044-03-15">15 March 44 BC</span>',  # no HTML date
        '<time datetime="0610-10-05">5 October 610</time>',
        '<time datetime="2024">2024 \u2013 2025</time>',
        '<time datetime="2024-04">April 2024</time>',
        '<time datetime="2024-04-08T10:00+03:00">8 April 2024, 10:00\u201311:30 UTC+03:00</time>',
        '<h2 id="year--43">44 BC</h2>',
    ):
        assert shown in page
    event_page = (built / "meetings" / "april" / "index.html").read_text("utf-8")
    assert "April 2024" in event_page and '"startDate": "2024-04"' in event_page


def test_the_calendar_holds_what_it_can_in_its_form(built: Path) -> None:
    calendar = icalendar.Calendar.from_ical((built / "calendar.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert "Ides" not in events  # iCalendar's years start at 1
    assert events["Crowned"].decoded("DTSTART") == dt.date(610, 10, 5)
    assert events["April"].decoded("DTSTART") == dt.date(2024, 4, 1)
    assert events["April"].decoded("DTEND") == dt.date(2024, 5, 1)
    assert events["Years"].decoded("DTEND") == dt.date(2026, 1, 1)
    assert events["Timed"].decoded("DTSTART") == dt.datetime(2024, 4, 8, 7, tzinfo=dt.UTC)
    assert events["Timed"].decoded("DTEND") == dt.datetime(2024, 4, 8, 8, 30, tzinfo=dt.UTC)


def test_timelinejs_and_the_table_keep_each_date_as_precise_as_written(built: Path) -> None:
    slides = json.loads((built / "timeline.json").read_text("utf-8"))["events"]
    starts = {slide["unique_id"]: slide["start_date"] for slide in slides}
    assert starts["ides"] == {"year": -44, "month": 3, "day": 15}
    assert starts["years"] == {"year": 2024}
    assert starts["april"] == {"year": 2024, "month": 4}
    assert starts["timed"] == {"year": 2024, "month": 4, "day": 8, "hour": 10, "minute": 0}
    table = (built / "events.csv").read_text("utf-8-sig").splitlines()
    assert [row.split(",")[:2] for row in table[3:]] == [
        ["2024", "2025"],
        ["2024-04", ""],
        ["2024-04-08T10:00+03:00", "2024-04-08T11:30+03:00"],
    ]


def test_new_takes_a_month(tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    result = run_cli(
        site.root, "new", "Talks in spring", "--date", "2024-04", "--kind", "phone-call"
    )
    assert result.returncode == 0, result.stderr
    [made] = (site.root / "content" / "meetings").glob("*.md")
    assert made.name == "2024-04-talks-in-spring.md"
    assert "date: 2024-04 " in made.read_text("utf-8")
