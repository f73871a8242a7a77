"""The time axis of the timeline page, as a reader meets it: bars of events per year or month
on a long timeline, busy and quiet periods told apart; month ticks named in the site's
language on a short one; a legend; marks that never overlap on a 320 px screen; each range
link named by its title and leading to exactly its events; eras drawn as labelled bands, a bad
one a problem at its line; and the axis, the map, the years' buttons and the gaps between
events following the filters and the search.

The browser tests (marked `browser`) import Playwright inside them: the others run in the
quick run, which does without it (see tests/test_suite.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag
from test_timeline import event

from site_builder.build import BuildOptions, build
from site_builder.config import Era, load_config
from site_builder.model.dates import When
from site_builder.model.records import Kind
from site_builder.render.overview import NARROWEST, time_axis

from conftest import (
    LONG_PAGE_SIZE,
    LONG_YEARS,
    PROJECT,
    SITE_YAML,
    TIMEOUT_MS,
    PlannedEvent,
    Site,
    launched_chromium,
    run_cli,
    served,
    site_at,
    write_long_site,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@dataclass(frozen=True)
class Served:
    """A site built for and served at a loopback address: its address and output folder."""

    url: str
    output: Path

    def html(self, path: str) -> BeautifulSoup:
        """The page at `path` (below the root, with or without a file name), as parsed."""
        file = self.output / path.lstrip("/").split("#")[0].split("?")[0]
        if file.is_dir():
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def serve(root: Path, output: Path) -> Iterator[Served]:
    for url in served(root, output):
        yield Served(url, output)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The shipped site: four events over a year, one of them a call."""
    yield from serve(PROJECT, tmp_path_factory.mktemp("shipped") / "build")


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, list[PlannedEvent]]]:
    """A timeline too long for one page, split into periods (see conftest's LONG_YEARS)."""
    site = site_at(tmp_path_factory.mktemp("long") / "site")
    planned = write_long_site(site, LONG_YEARS, LONG_PAGE_SIZE)
    for site_served in serve(site.root, site.build_dir):
        yield site_served, planned


# A year of talks, five of them in one June week; two eras, one begun before the first event
# and lasting still.
DENSE_EVENTS = [
    ("2023-03-01", "meeting", "Jakarta, Indonesia"),
    ("2023-03-20", "phone-call", None),
    *((f"2023-06-{day:02d}", "meeting", "Moscow, Russia") for day in range(10, 15)),
    ("2023-09-01", "meeting", "Jakarta, Indonesia"),
    ("2023-12-15", "phone-call", None),
]
ERAS = """\
eras:
  - {name: War in Ukraine, from: 2022-02-24}
  - {name: Summer talks, from: 2023-06-01, to: 2023-08-31}
places:
  "Jakarta, Indonesia": [-6.21, 106.85]
  "Moscow, Russia": [55.76, 37.62]
"""


def write_dense_site(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + ERAS)
    for number, (day, kind, place) in enumerate(DENSE_EVENTS, 1):
        site.event(f"{day}-{number}", title=f"Talks {number}", date=day, kind=kind, location=place)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    site = site_at(tmp_path_factory.mktemp("dense") / "site")
    write_dense_site(site)
    yield from serve(site.root, site.build_dir)


def texts(soup: BeautifulSoup | Tag, selector: str) -> list[str]:
    return [" ".join(node.get_text().split()) for node in soup.select(selector)]


def title_of(link: Tag) -> str:
    title = link.find("title")
    assert isinstance(title, Tag)
    return title.get_text()


# The axis as the pages draw it --------------------------------------------------------------


def test_a_long_timeline_shows_how_many_events_each_year_had(
    long: tuple[Served, list[PlannedEvent]],
) -> None:
    """The overview of a timeline split into periods: a bar per year with events, as tall as
    the year was busy, each leading to its year on its period's page."""
    served, planned = long
    home = served.html("")
    links = home.select(".axis svg a")
    assert len(links) == len(LONG_YEARS)
    heights = {
        int(str(link["href"]).rsplit("-", 1)[1]): float(str(link.select(".axis-bar")[0]["height"]))
        for link in links
    }
    by_count = sorted(LONG_YEARS, key=lambda year: (LONG_YEARS[year], year))
    assert [heights[year] for year in by_count] == sorted(heights[year] for year in by_count)
    assert heights[2021] > 5 * heights[1995]  # busy and quiet years read at a glance
    assert heights[2011] > heights[2019]  # 6 events against 4
    assert texts(home, ".axis-legend li") == ["Events per year"]
    assert home.select(".axis circle") == []
    for link in links:
        year = int(str(link["href"]).rsplit("-", 1)[1])
        count = sum(event.date.year == year for event in planned)
        assert title_of(link).startswith(f"{count} events from ")


def test_two_thousand_events_over_seventy_years_are_bars_that_tell_busy_years_apart() -> None:
    """The issue's case: 2,000 events from 1950 to 2026, some years far busier than others,
    were one solid band of overlapping circles; now a bar per year."""
    events = []
    for year in range(1950, 2027):
        count = 80 if year in (1962, 1991, 2022) else 2 if year % 10 == 5 else 27
        events += [
            event(f"y{year}n{n}", (dt.date(year, 1, 1) + dt.timedelta(days=n * 4)).isoformat())
            for n in range(count)
        ]
    assert 1950 <= len(events) <= 2050
    axis = time_axis(events)
    assert axis is not None and axis.bars and axis.legend.year_bars
    assert len(axis.marks) == 2026 - 1950 + 1
    assert all(mark.shape == "bar" for mark in axis.marks)
    height = {mark.events[0].date.year: mark.height for mark in axis.marks}
    assert height[1962] == height[1991] == height[2022] == max(height.values())
    assert height[1965] < height[1966] < height[1962]
    edges = [(mark.left, mark.left + mark.width) for mark in axis.marks]
    assert all(right < following for (_, right), (following, _) in itertools.pairwise(edges))
    assert len(axis.ticks) <= 7  # year labels thinned, room for each at 320 px


def test_a_busy_year_is_drawn_by_months(long: tuple[Served, list[PlannedEvent]]) -> None:
    served, planned = long
    page = served.html("years/2021/")
    assert texts(page, ".axis-label:not(.axis-year)") == ["Jan", "Mar", "May", "Jul", "Sep", "Nov"]
    assert texts(page, ".axis-year") == ["2021"]
    assert texts(page, ".axis-legend li") == ["Events per month"]
    links = page.select(".axis svg a")
    assert len(links) == 12
    for month, link in enumerate(links, 1):
        days = [e.date for e in planned if (e.date.year, e.date.month) == (2021, month)]
        assert (link["data-from"], link["data-to"]) == (days[0].isoformat(), days[-1].isoformat())


def test_a_short_timeline_has_month_ticks_and_a_mark_per_event(shipped: Served) -> None:
    """The shipped site: four events over thirteen months, two of them 25 days apart."""
    home = shipped.html("")
    assert texts(home, ".axis-label:not(.axis-year)") == ["Jul", "Oct", "Jan", "Apr"]
    assert texts(home, ".axis-year") == ["2023", "2024"]
    marks = home.select(".axis svg a > circle")
    assert len(marks) == 4
    hollow = [str(mark.parent["href"]) for mark in marks if "axis-call" in mark["class"]]
    assert hollow == ["/meetings/2023-08-07-phone-call/"]
    assert texts(home, ".axis-legend li") == ["In person", "Call"]
    assert texts(home, "#axis-title") == ["Time axis"]


def test_month_names_come_from_the_sites_language(tmp_path: Path) -> None:
    """A month's name on the axis is a message of the catalogs, as every word is: here the
    site's own Russian catalog names the months it shows."""
    site = site_at(tmp_path / "site")
    site.write("site.yaml", SITE_YAML + "language: ru\n")
    catalog = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    for short, name in (("Jul", "июль"), ("Oct", "окт."), ("Jan", "янв."), ("Apr", "апр.")):
        catalog += f'\nmsgctxt "a month, short, on the time axis"\nmsgid "{short}"\n'
        catalog += f'msgstr "{name}"\n'
    site.write("locale/ru/LC_MESSAGES/messages.po", catalog)
    site.event("a", date="2023-07-13")
    site.event("b", date="2024-07-25")
    build(BuildOptions(root=site.root))
    assert texts(site.html("index.html"), ".axis-label:not(.axis-year)") == [
        "июль",
        "окт.",
        "янв.",
        "апр.",
    ]


def test_a_cluster_holds_its_number_and_leads_to_its_first_event(dense: Served) -> None:
    home = dense.html("")
    (cluster,) = home.select(".axis svg a:has(.axis-cluster)")
    assert texts(cluster, ".axis-count") == ["5"]
    assert cluster["href"] == "#meetings-2023-06-10-3"
    assert (cluster["data-from"], cluster["data-to"]) == ("2023-06-10", "2023-06-14")
    assert title_of(cluster) == "5 events from 10 June 2023 to 14 June 2023"
    assert texts(home, ".axis-legend li") == ["In person", "Call", "Several events close in time"]


def test_no_mark_joins_two_periods() -> None:
    """On a timeline split into periods, a cluster would lead to one period's page only: where
    marks close enough to join straddle a period's bound, the axis is drawn as bars, which
    never do. Marks far apart stay marks."""
    close = [event("a", "2009-12-30"), event("b", "2010-01-02"), event("c", "2013-05-01")]
    periods = ((2000, 2009), (2010, 2019))
    joined = time_axis(close)
    assert joined is not None and [len(mark.events) for mark in joined.marks] == [2, 1]
    apart = time_axis(close, periods=periods)
    assert apart is not None and apart.bars
    assert [[e.date.year for e in mark.events] for mark in apart.marks] == [[2009], [2010], [2013]]
    far = time_axis([close[0], close[2]], periods=periods)
    assert far is not None and not far.bars and len(far.marks) == 2


def test_eras_are_drawn_as_labelled_bands(dense: Served) -> None:
    home = dense.html("")
    eras = home.select(".axis-era")
    assert texts(home, ".axis-era text") == ["War in Ukraine", "Summer talks"]
    assert [title_of(era) for era in eras] == [
        "War in Ukraine (since 24 February 2022)",
        "Summer talks (1 June 2023 to 31 August 2023)",
    ]
    war, summer = (era.select_one("rect") for era in eras)
    assert war is not None and summer is not None
    assert (war["x"], war["width"]) == ("0%", "100%")  # began before the axis, lasts still
    assert 30 < float(str(summer["x"]).rstrip("%")) < 40  # June of a March-December axis
    assert str(home.select(".axis svg")[0]).index("axis-era") < str(
        home.select(".axis svg")[0]
    ).index("axis-mark")  # behind the marks


def test_eras_are_read_as_written_and_as_import_writes_them(tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    site.write(
        "site.yaml",
        SITE_YAML
        + "eras:\n"
        + "  - {name: War in Ukraine, from: 2022-02-24}\n"
        + '  - {name: Second half, start: "2024-07", end: "2024-12"}\n'
        + "  - {name: A year, from: 2019, to: 2019}\n",
    )
    config = load_config(site.root)
    assert config.eras == (
        Era("War in Ukraine", When(2022, 2, 24), None),
        Era("Second half", When(2024, 7), When(2024, 12)),
        Era("A year", When(2019), When(2019)),
    )
    # A month or a year runs from its first day to its last.
    second_half = config.eras[1]
    assert second_half.end is not None
    assert (second_half.start.first_day, second_half.end.last_day) == (
        dt.date(2024, 7, 1).toordinal(),
        dt.date(2024, 12, 31).toordinal(),
    )
    assert config.extra["eras"][0]["name"] == "War in Ukraine"  # as templates read it before


def test_a_bad_era_is_a_problem_at_its_line(site: Site) -> None:
    site.write(
        "site.yaml",
        SITE_YAML
        + "eras:\n"  # line 4
        + "  - {name: War in Ukraine, from: 2022-02-24}\n"
        + "  - name: A bad day\n"
        + "    from: 2022-02-30\n"  # line 7
        + "  - name: Backwards\n"
        + "    from: 2023-01-01\n"
        + "    to: 2022-01-01\n"  # line 10
        + "  - to: 2020-01-01\n"  # line 11
        + "  - {name: Colour, from: 2020, until: 2021}\n"  # line 12
        + "  - A name alone\n",  # line 13
    )
    site.event("a")
    run = run_cli(site.root, "build")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        'site.yaml:7: eras[1].from: "2022-02-30" is not a real date',
        "site.yaml:10: eras[2].to: 2022-01-01 is before the era's first day (2023-01-01)",
        "site.yaml:11: eras[3].from: is required: the era's first day, as YYYY-MM-DD",
        "site.yaml:11: eras[3].name: is required",
        "site.yaml:12: eras[4].until: is not a field of an era; an era has a name, from and to",
        "site.yaml:13: eras[5]: must be a mapping of fields, not text",
        "6 problems; nothing was written.",
    ]
    assert not site.build_dir.exists()


# In a browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched_chromium()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page 320 px wide, the narrowest the pages are made for; no error may happen in it."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def open_tools(page: Page) -> None:
    """On a phone the axis is in the tools' panel: open it (it is open beside the timeline)."""
    summary = page.locator(".tools > summary")
    if summary.count() and summary.is_visible() and page.locator(".tools[open]").count() == 0:
        summary.click()


MARK_BOXES = """() => [...document.querySelectorAll('.axis svg a')]
  .filter(link => getComputedStyle(link).display !== 'none')
  .map(link => link.querySelector('circle, .axis-bar').getBoundingClientRect())
  .map(box => [box.left, box.top, box.right, box.bottom])"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("which", "path"),
    [
        ("shipped", ""),
        ("long", ""),
        ("long", "years/2010s/"),
        ("long", "years/2021/"),
        ("dense", ""),
    ],
)
def test_no_two_marks_overlap_on_a_320_px_screen(
    page: Page, request: pytest.FixtureRequest, which: str, path: str
) -> None:
    served = request.getfixturevalue(which)
    served = served[0] if isinstance(served, tuple) else served
    page.goto(served.url + path)
    open_tools(page)
    boxes = page.evaluate(MARK_BOXES)
    svg = page.locator(".axis-svg").bounding_box()
    assert svg is not None and 270 <= svg["width"] <= 290 and len(boxes) >= 3
    for at, (left, top, right, bottom) in enumerate(boxes):
        assert svg["x"] - 0.5 <= left and right <= svg["x"] + svg["width"] + 0.5
        for other in boxes[at + 1 :]:
            apart = right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
            assert apart, (path, (left, top, right, bottom), other)
    if which == "shipped":  # the two events 25 days apart are two marks, side by side
        assert len(boxes) == 4 and boxes[0][2] <= boxes[1][0]
    assert svg["width"] >= NARROWEST


def accessible_names(page: Page, selector: str) -> list[str]:
    """The names Chromium gives the elements `selector` finds, as screen readers get them
    (shown ones: the axis is in the tools' panel, to open on a phone)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    names = []
    for node in found:
        (ax,) = cdp.send(
            "Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False}
        )["nodes"][:1]
        names.append(ax["name"]["value"])
    cdp.detach()
    return names


RANGE = re.compile(r"([\d,]+) events? from (.+?)(?: to (.+))?")


def assert_leads_to_its_range(served: Served, here: str, link: Tag) -> None:
    """A range's link leads to the page that lists all its events, to the first of them: the
    cards from the link's target on are its events (as many as its title says, from its
    first day to its last), and the cards before and after are not."""
    href = str(link["href"])
    page_path, _, fragment = href.partition("#")
    page = served.html(page_path or here)
    target = page.find(id=fragment)
    assert isinstance(target, Tag), href
    found = RANGE.fullmatch(title_of(link).splitlines()[0])
    assert found is not None, title_of(link)
    count = int(found[1].replace(",", ""))
    cards = target.find_all_next("article", class_="event-card")
    if target.name == "article":
        cards = [target, *cards]
    days = [str(card.find("time")["datetime"]) for card in cards]  # type: ignore[index]
    shown = [card.find("time").get_text() for card in cards[:count]]  # type: ignore[union-attr]
    assert shown[0] == found[2] and shown[-1] == (found[3] or found[2]), href
    assert len(days) == count or days[count] > days[count - 1], href
    before = target.find_all_previous("article", class_="event-card")
    assert not before or str(before[0].find("time")["datetime"]) < days[0], href  # type: ignore[index]
    if link.has_attr("data-from"):
        assert (link["data-from"], link["data-to"]) == (days[0], days[count - 1])


@pytest.mark.browser
@pytest.mark.parametrize(
    ("which", "path"),
    [("long", ""), ("long", "years/2010s/"), ("long", "years/2021/"), ("dense", "")],
)
def test_each_range_link_is_named_by_its_title_and_leads_to_its_range(
    page: Page, request: pytest.FixtureRequest, which: str, path: str
) -> None:
    served = request.getfixturevalue(which)
    served = served[0] if isinstance(served, tuple) else served
    page.goto(served.url + path)
    open_tools(page)
    titles = page.eval_on_selector_all(
        ".axis svg a", "links => links.map(link => link.querySelector('title').textContent)"
    )
    assert accessible_names(page, ".axis svg a") == titles
    links = served.html(path).select(".axis svg a")
    ranges = [link for link in links if "/meetings/" not in str(link["href"])]
    assert ranges
    for link in ranges:
        assert_leads_to_its_range(served, path, link)


def visible(page: Page, selector: str) -> list[str]:
    """What the elements `selector` finds that are shown say (their text, or an SVG link's
    address)."""
    return page.eval_on_selector_all(
        selector,
        """nodes => nodes.filter(node => node.getClientRects().length > 0)
          .map(node => node.getAttribute('href') || node.textContent.trim())""",
    )


AXIS_MARKS, MAP_MARKERS = ".axis svg a", ".places svg a"


@pytest.mark.browser
def test_the_filters_and_the_search_hide_what_no_shown_event_backs(
    page: Page, shipped: Served
) -> None:
    """`?kind=phone-call` shows one event, a call: the axis shows its mark alone, the map no
    place, the years' buttons its year, and no "N weeks later" whose event before is hidden."""
    url = shipped.url
    page.goto(url)
    open_tools(page)
    assert len(visible(page, AXIS_MARKS)) == 4
    assert len(visible(page, MAP_MARKERS)) == 3
    assert visible(page, ".year-nav a") == ["#year-2023", "#year-2024"]
    assert len(visible(page, ".gap")) == 3
    page.goto(url + "?kind=phone-call")
    open_tools(page)
    assert visible(page, AXIS_MARKS) == ["/meetings/2023-08-07-phone-call/"]
    assert visible(page, MAP_MARKERS) == []
    assert visible(page, ".year-nav a") == ["#year-2023"]
    assert visible(page, ".gap") == []
    page.goto(url + "?topic=ukraine")  # two events one after the other: the gap between holds
    open_tools(page)
    assert visible(page, ".gap") == ["6 weeks later"]
    assert visible(page, MAP_MARKERS) == ["/places/moscow-russia/"]
    page.goto(url + "?q=Vientiane")
    open_tools(page)
    page.wait_for_function("document.querySelector('[data-count]').textContent.includes(' of ')")
    assert visible(page, AXIS_MARKS) == ["/meetings/2024-07-25-vientiane/"]
    assert visible(page, MAP_MARKERS) == ["/places/vientiane-laos/"]
    assert visible(page, ".year-nav a") == ["#year-2024"]
    open_tools(page)
    page.locator("button.clear").click()
    assert len(visible(page, AXIS_MARKS)) == 4 and len(visible(page, ".gap")) == 3


@pytest.mark.browser
def test_clusters_and_bars_are_counted_again_as_filters_narrow_them(
    page: Page, long: tuple[Served, list[PlannedEvent]], dense: Served
) -> None:
    served, planned = long
    page.goto(served.url + "years/2021/")
    full = page.eval_on_selector_all(
        ".axis-bar", "bars => bars.map(bar => +bar.getAttribute('height'))"
    )
    page.goto(served.url + "years/2021/?kind=phone-call")
    open_tools(page)
    calls = [e for e in planned if e.date.year == 2021 and e.kind == "phone-call"]
    heights = page.eval_on_selector_all(
        ".axis-bar", "bars => bars.map(bar => +bar.getAttribute('height'))"
    )
    assert all(0 < narrowed < whole for narrowed, whole in zip(heights, full, strict=True))
    titles = page.eval_on_selector_all(
        ".axis svg a title", "nodes => nodes.map(n => n.textContent)"
    )
    january = sum(event.date.month == 1 for event in calls)
    assert titles[0].splitlines()[1] == f"{january} of 7 events shown."
    # The name follows the title (a screen reader reads the tooltip's line break as a space).
    assert accessible_names(page, ".axis svg a") == [" ".join(t.split()) for t in titles]
    page.goto(served.url + "years/2021/?place=nowhere")
    assert visible(page, AXIS_MARKS) == []

    page.goto(dense.url + "?kind=meeting")
    open_tools(page)
    assert visible(page, ".axis-count") == ["5"]
    page.goto(dense.url + "?q=11+June")
    open_tools(page)
    page.wait_for_function("document.querySelector('[data-count]').textContent.includes(' of ')")
    assert visible(page, ".axis-count") == ["1"]
    cluster = page.locator(".axis svg a:has(.axis-cluster)")
    assert cluster.get_attribute("href") == "#meetings-2023-06-11-4"  # the first one shown
    assert accessible_names(page, ".axis svg a:has(.axis-cluster)") == [
        "5 events from 10 June 2023 to 14 June 2023 1 of 5 events shown."
    ]


# Talks over a new year before the common era: four of them in one cluster of the axis.
NEW_YEAR_BC = [
    ("-0101-03-01", "meeting"),
    ("-0101-12-30", "meeting"),
    ("-0101-12-31", "phone-call"),
    ("-0100-01-01", "meeting"),
    ("-0100-01-02", "phone-call"),
    ("-0100-09-01", "meeting"),
]


@pytest.mark.browser
def test_a_cluster_before_the_common_era_is_counted_again_as_filters_narrow_it(
    page: Page, tmp_path: Path
) -> None:
    """A date before the year 1 is no HTML date: a card gives it in `data-date`, and the
    script compares years as numbers (as text, 100 BC would come before 101 BC)."""
    site = site_at(tmp_path / "site")
    for number, (day, kind) in enumerate(NEW_YEAR_BC, 1):
        place = None if kind == "phone-call" else "Rome, Italy"
        site.event(f"e{number}", title=f"Talks {number}", date=day, kind=kind, location=place)  # type: ignore[arg-type]
    for url in served(site.root, site.build_dir):
        page.goto(url + "?kind=meeting")
        open_tools(page)
        assert visible(page, ".axis-count") == ["2"]
        assert accessible_names(page, ".axis svg a:has(.axis-cluster)") == [
            "4 events from 30 December 101 BC to 2 January 100 BC 2 of 4 events shown."
        ]
        assert visible(page, AXIS_MARKS) == ["/meetings/e1/", "#meetings-e2", "/meetings/e6/"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("which", "path"),
    [
        ("shipped", ""),
        ("shipped", "?kind=phone-call"),
        ("long", ""),
        ("long", "years/2021/"),
        ("dense", ""),
    ],
)
def test_axe_finds_no_violations(
    browser: Browser, request: pytest.FixtureRequest, which: str, path: str, scheme: str
) -> None:
    from test_timeline_page import run_axe

    served = request.getfixturevalue(which)
    served = served[0] if isinstance(served, tuple) else served
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(served.url + path)
    assert run_axe(page) == []
    context.close()


def test_kinds_in_person_and_calls_are_told_apart_by_the_kind_not_its_name() -> None:
    """A site's own kinds: whether a mark is filled comes from the kind's `in_person`."""
    talks = Kind("talks", "Talks", in_person=True)
    wire = Kind("wire", "Telegram", in_person=False)
    events = [
        dataclasses.replace(event("a", "2023-01-10"), kind=talks),
        dataclasses.replace(event("b", "2023-05-10"), kind=wire),
    ]
    axis = time_axis(events)
    assert axis is not None
    assert (axis.legend.in_person, axis.legend.call, axis.legend.cluster) == (True, True, False)
