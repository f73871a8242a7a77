"""The exports, each read back by a real client: TimelineJS in Chromium for `timeline.json`,
the `icalendar` package for `calendar.ics` and the `csv` module for `events.csv`."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import http.server
import io
import json
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.content.loader import load_content
from site_builder.exports.registry import EXPORTS, PartOfEvent, build_exports, parts_with_pages
from site_builder.incremental.parallel import MIN_ITEMS
from site_builder.model.records import Event
from site_builder.model.timeline import build_timeline
from site_builder.model.urls import Urls
from site_builder.render.words import Words

from conftest import CHROMIUM, CHROMIUM_FLAGS, PROJECT, QuietHandler, Site, event_text, js_packages

if TYPE_CHECKING:  # playwright is imported by the browser test alone
    from playwright.sync_api import Request

BASE = "https://example.github.io/my-repo/"
# Markup, quotes, commas, semicolons, a backslash and a newline: it must come out as text.
HOSTILE = (
    'A <script>alert("x")</script> & <img src=x onerror="window.pwned=1"> \'quoted\', '
    "comma; semicolon \\ backslash\nsecond line"
)


def yaml_text(text: str) -> str:
    """A front matter value holding exactly `text` (a JSON string is a YAML one)."""
    return json.dumps(text)


def exports(site: Site, base_url: str = BASE) -> dict[str, str]:
    """The export files of the site as it is now, by path, made as a build makes them."""
    config = load_config(site.root).with_base_url(base_url)
    timeline = build_timeline(load_content(config).events, include_drafts=False)
    files = build_exports(timeline, config, Urls(base_url), Words())
    return {file.path: file.joined().decode("utf-8") for file in files}


@pytest.fixture
def events(site: Site) -> Site:
    """A meeting over two days with participants, a call, and an event of another section."""
    site.event(
        "jakarta",
        title="Talks in Jakarta",
        end_date="2023-07-14",
        summary="They talked about ASEAN.",
        topics="[ASEAN, Ukraine]",
        participants="[{name: Wang Yi, role: Foreign Minister, country: China}, {name: Sergei Lavrov}]",
        sources="\n  - {outlet: Xinhua, title: One, published: 2023-07-14}"
        "\n  - {outlet: TASS, title: Two, published: unknown}",
    )
    site.event("call", title="A phone call", kind="phone-call", location=None, date="2023-08-07")  # type: ignore[arg-type]
    site.write("content/visits/moscow.md", event_text(title="In Moscow", date="2023-09-18"))
    return site


def test_the_exports_are_at_the_root(events: Site) -> None:
    paths = ["search-index.json", "timeline.json", "calendar.ics", "events.csv"]
    assert list(exports(events)) == paths == [export.path for export in EXPORTS]


# timeline.json ---------------------------------------------------------------------------


def html_text(fragment: str) -> str:
    """What a browser shows for an HTML fragment."""
    return BeautifulSoup(fragment, "html.parser").get_text()


def test_timeline_json_has_a_title_slide_and_one_slide_per_event(events: Site) -> None:
    data = json.loads(exports(events)["timeline.json"])
    assert html_text(data["title"]["text"]["headline"]) == "Test timeline"
    assert html_text(data["title"]["text"]["text"]).startswith("Events for testing.")
    assert [slide["unique_id"] for slide in data["events"]] == ["jakarta", "call", "moscow"]
    jakarta, call, _ = data["events"]
    assert jakarta["start_date"] == {"year": 2023, "month": 7, "day": 13}
    assert jakarta["end_date"] == {"year": 2023, "month": 7, "day": 14}
    assert "end_date" not in call
    assert jakarta["text"]["headline"] == "Talks in Jakarta"
    assert [jakarta["group"], call["group"]] == ["Meeting", "Phone call"]
    text = BeautifulSoup(jakarta["text"]["text"], "html.parser")
    assert [p.get_text() for p in text.select("p")] == [
        "They talked about ASEAN.",
        "Full account and sources",
        "Jakarta, Indonesia",  # the place's page, as the people's and the forum's when known
    ]
    assert [a["href"] for a in text.select("a")] == [
        BASE + "meetings/jakarta/",
        BASE + "places/jakarta-indonesia/",
    ]


def test_slides_of_different_sections_with_one_slug_get_distinct_ids(site: Site) -> None:
    site.event("talks", title="Meeting talks")
    site.write("content/calls/talks.md", event_text(title="Call talks", date="2023-08-01"))
    site.event("alone", title="Alone", date="2023-09-01")
    data = json.loads(exports(site)["timeline.json"])
    ids = [slide["unique_id"] for slide in data["events"]]
    assert ids == ["meetings--talks", "calls--talks", "alone"]
    assert data["title"]["unique_id"] not in ids


def test_timeline_json_shows_markup_in_content_as_text(site: Site) -> None:
    site.event("x", title=yaml_text(HOSTILE), summary=yaml_text(HOSTILE))
    slide = json.loads(exports(site)["timeline.json"])["events"][0]
    for fragment in (slide["text"]["headline"], slide["text"]["text"]):
        parsed = BeautifulSoup(fragment, "html.parser")
        assert parsed.find(["script", "img"]) is None
    assert html_text(slide["text"]["headline"]) == HOSTILE
    paragraphs = BeautifulSoup(slide["text"]["text"], "html.parser").select("p")
    assert paragraphs[0].get_text() == HOSTILE


# calendar.ics ----------------------------------------------------------------------------


def calendar_events(text: str) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    return list(calendar.walk("VEVENT"))


def test_calendar_has_one_all_day_event_per_event(events: Site) -> None:
    text = exports(events)["calendar.ics"]
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "Test timeline"
    jakarta, call, moscow = calendar.walk("VEVENT")
    assert str(jakarta["SUMMARY"]) == "Talks in Jakarta"
    assert jakarta.decoded("DTSTART") == dt.date(2023, 7, 13)
    assert jakarta.decoded("DTEND") == dt.date(2023, 7, 15)  # the day after the last day
    assert call.decoded("DTSTART") == dt.date(2023, 8, 7)
    assert call.decoded("DTEND") == dt.date(2023, 8, 8)
    assert not isinstance(jakarta.decoded("DTSTART"), dt.datetime)
    assert str(jakarta["LOCATION"]) == "Jakarta, Indonesia"
    assert "LOCATION" not in call
    assert str(jakarta["URL"]) == BASE + "meetings/jakarta/"
    assert str(jakarta["DESCRIPTION"]).startswith("They talked about ASEAN.")
    assert BASE + "meetings/jakarta/" in str(jakarta["DESCRIPTION"])
    assert [str(uid) for uid in (jakarta["UID"], call["UID"], moscow["UID"])] == [
        "my-repo/meetings/jakarta@example.github.io",
        "my-repo/meetings/call@example.github.io",
        "my-repo/visits/moscow@example.github.io",
    ]
    assert jakarta.decoded("DTSTAMP") == dt.datetime(2023, 7, 13, tzinfo=dt.UTC)


def test_calendar_dates_of_early_years_have_four_digits(events: Site) -> None:
    events.event("early", title="Early", date="0101-02-03")
    (early,) = [
        e for e in calendar_events(exports(events)["calendar.ics"]) if e["SUMMARY"] == "Early"
    ]
    assert early.decoded("DTSTART") == dt.date(101, 2, 3)
    assert early.decoded("DTEND") == dt.date(101, 2, 4)


def test_calendar_is_the_same_in_every_build(events: Site) -> None:
    first = exports(events)["calendar.ics"]
    assert exports(events)["calendar.ics"] == first
    events.event("later", title="Later", date="2024-01-01")
    uids = [str(event["UID"]) for event in calendar_events(first)]
    later_uids = [str(event["UID"]) for event in calendar_events(exports(events)["calendar.ics"])]
    assert later_uids == [*uids, "my-repo/meetings/later@example.github.io"]


def test_calendar_escapes_text_and_folds_long_lines(site: Site) -> None:
    long_title = "Переговоры министров иностранных дел " * 4 + "外交部长会谈" * 10
    site.event("x", title=yaml_text(HOSTILE), summary=yaml_text(HOSTILE))
    site.event("long", title=yaml_text(long_title), location=yaml_text("Vientiane, Laos"))
    raw = exports(site)["calendar.ics"].encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)  # every line ends with CRLF
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    hostile, long = calendar_events(raw.decode("utf-8"))
    assert str(hostile["SUMMARY"]) == HOSTILE
    assert str(hostile["DESCRIPTION"]).startswith(HOSTILE + "\n")
    assert str(long["SUMMARY"]) == long_title
    assert str(long["LOCATION"]) == "Vientiane, Laos"


# events.csv ------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows as a spreadsheet program reads the file's bytes."""
    decoded = text.encode("utf-8").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(decoded, newline="")))


def test_csv_has_a_header_and_one_row_per_event(events: Site) -> None:
    text = exports(events)["events.csv"]
    assert text.startswith("\ufeffdate,end_date,title,kind,city,country,participants,")
    jakarta, call, moscow = csv_rows(text)
    assert jakarta == {
        "date": "2023-07-13",
        "end_date": "2023-07-14",
        "title": "Talks in Jakarta",
        "kind": "Meeting",
        "city": "Jakarta",
        "country": "Indonesia",
        "participants": "Wang Yi (Foreign Minister, China); Sergei Lavrov",
        "topics": "ASEAN; Ukraine",
        "summary": "They talked about ASEAN.",
        "url": BASE + "meetings/jakarta/",
        "sources": "Xinhua; TASS",
        "pages": BASE + "places/jakarta-indonesia/",  # and its people's and forum's, if known
    }
    assert (call["kind"], call["city"], call["country"], call["end_date"]) == (
        "Phone call",
        "",
        "",
        "",
    )
    assert moscow["url"] == BASE + "visits/moscow/"


def test_csv_keeps_content_as_text_and_formulas_inert(site: Site) -> None:
    site.event("a", title=yaml_text(HOSTILE), summary=yaml_text('=HYPERLINK("http://x","y")'))
    site.event("b", title=yaml_text("+1 and more"), summary=yaml_text("-2"), date="2023-08-01")
    site.event("c", title=yaml_text("@SUM(A1)"), date="2023-09-01")
    a, b, c = csv_rows(exports(site)["events.csv"])
    assert a["title"] == HOSTILE
    assert a["summary"] == '\'=HYPERLINK("http://x","y")'
    assert (b["title"], b["summary"], c["title"]) == ("'+1 and more", "'-2", "'@SUM(A1)")


# The whole build -------------------------------------------------------------------------


def test_a_build_writes_the_three_exports(events: Site) -> None:
    build(BuildOptions(root=events.root, base_url=BASE))
    data = json.loads((events.build_dir / "timeline.json").read_text(encoding="utf-8"))
    assert [slide["unique_id"] for slide in data["events"]] == ["jakarta", "call", "moscow"]
    calendar = icalendar.Calendar.from_ical((events.build_dir / "calendar.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 3
    with (events.build_dir / "events.csv").open(encoding="utf-8-sig", newline="") as file:
        assert [row["title"] for row in csv.DictReader(file)] == [
            "Talks in Jakarta",
            "A phone call",
            "In Moscow",
        ]


def test_a_build_writes_what_build_exports_makes(site: Site) -> None:
    """Enough events for a cold build to compute their parts in its workers, two of them with
    one slug (whose slides are computed again), then one event edited."""
    for number in range(MIN_ITEMS):
        site.event(f"e{number}", title=f"Event {number}", date=f"2023-01-{number % 28 + 1:02}")
    site.write("content/calls/e7.md", event_text(title="A call with a slug of a meeting's"))
    build(BuildOptions(root=site.root, base_url=BASE))
    assert built_exports(site) == exports(site)
    site.event("e3", title="Event 3, edited", date="2023-01-04")
    build(BuildOptions(root=site.root, base_url=BASE))
    assert built_exports(site) == exports(site)
    assert "Event 3, edited" in built_exports(site)["events.csv"]


def test_the_exports_join_the_parts_computed_with_the_pages(events: Site) -> None:
    """A cold build computes each event's parts with its page (on every core, kept with it in
    `.cache/`): the exports must ask for them by those names, or compute them all again."""
    config = load_config(events.root).with_base_url(BASE)
    timeline = build_timeline(load_content(config).events, include_drafts=False)
    with_pages, asked = parts_with_pages(Urls(BASE), Words()), []

    def parts_of(name: str, events: Sequence[Event], compute: PartOfEvent) -> list[bytes]:
        asked.append(name)
        return [with_pages[name](event) for event in events]

    files = build_exports(timeline, config, Urls(BASE), Words(), parts_of)
    assert asked == list(with_pages)
    assert {file.path: file.joined().decode("utf-8") for file in files} == exports(events)


def built_exports(site: Site) -> dict[str, str]:
    """The export files of the last build, by path, their line ends as written."""
    return {path: (site.build_dir / path).read_bytes().decode("utf-8") for path in exports(site)}


# TimelineJS itself -----------------------------------------------------------------------


@pytest.fixture
def served_timeline(events: Site, tmp_path: Path) -> Iterator[str]:
    """timeline.json, TimelineJS and a page that loads one in the other, on a loopback server."""
    events.write(
        "site.yaml",
        "title: Test timeline\ndescription: Events for testing.\nbase_url: https://example.org/\n"
        "kinds:\n"
        '  meeting: {label: "Talks & <b>dinners</b>", in_person: true}\n'
        "  phone-call: {label: Phone call, in_person: false}\n",
    )
    events.event("hostile", title=yaml_text(HOSTILE), summary=yaml_text(HOSTILE), date="2023-10-01")
    www = tmp_path / "www"
    www.mkdir()
    for path, text in exports(events).items():
        (www / path).write_text(text, encoding="utf-8")
    timelinejs = js_packages() / "@knight-lab/timelinejs/dist"
    (www / "timelinejs").symlink_to(timelinejs, target_is_directory=True)
    shutil.copy(PROJECT / "tests/js/timelinejs.html", www / "index.html")
    handler = functools.partial(QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_timelinejs_loads_timeline_json(served_timeline: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 700})
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda request: requests.append(_origin(request)))
        page.goto(served_timeline)
        page.wait_for_function("() => window.timelineState === 'loaded'")
        headlines = page.locator(".tl-slide .tl-headline").all_inner_texts()
        markers = page.locator(".tl-timemarker .tl-headline").all_inner_texts()
        groups = page.locator(".tl-timegroup-message").all_inner_texts()
        slide_ids = page.evaluate("() => timeline.config.events.map(e => e.unique_id)")
        pwned = page.evaluate("() => window.pwned")
        page.screenshot(path=tmp_path / "timelinejs.png")
        browser.close()
    titles = ["Talks in Jakarta", "A phone call", "In Moscow"]
    flat_hostile = " ".join(HOSTILE.split())  # a browser shows the newline as a space
    assert headlines[0] == "Test timeline"
    assert [" ".join(h.split()) for h in headlines[1:]] == [*titles, flat_hostile]
    assert [" ".join(m.split()) for m in markers] == [*titles, flat_hostile]
    assert sorted(groups) == ["Phone call", "Talks & <b>dinners</b>"]
    assert slide_ids == ["jakarta", "call", "moscow", "hostile"]
    assert pwned is None
    assert errors == []
    assert set(requests) == {served_timeline.rstrip("/")}


def _origin(request: Request) -> str:
    parts = urlsplit(request.url)
    return f"{parts.scheme}://{parts.netloc}"
