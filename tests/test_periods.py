"""A timeline too long for one page (site.yaml's `page_size`): the overview at `/` links a page
per period (a decade, or a year of a busy decade), and topic and kind pages are numbered pages
of `page_size` events. Built for real and read as a browser's parser would."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from site_builder.build import BuildOptions, build
from site_builder.model.pagination import paginate

from conftest import (
    LONG_PAGE_SIZE,
    LONG_YEARS,
    SITE_YAML,
    PlannedEvent,
    Site,
    run_cli,
    site_at,
    write_long_site,
)

PERIODS = ["1990s", "2001", "2002", "2005", "2010s", "2021", "2022", "2023"]
PERIOD_YEARS = {
    "1990s": [1995, 1997],
    "2001": [2001],
    "2002": [2002],
    "2005": [2005],
    "2010s": [2011, 2014, 2019],
    "2021": [2021],
    "2022": [2022],
    "2023": [2023],
}


@pytest.fixture(scope="module")
def long_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[PlannedEvent]]:
    site = site_at(tmp_path_factory.mktemp("long") / "site")
    planned = write_long_site(site, LONG_YEARS, LONG_PAGE_SIZE)
    build(BuildOptions(root=site.root))
    return site, planned


@pytest.fixture
def long_site(long_build: tuple[Site, list[PlannedEvent]]) -> Site:
    return long_build[0]


@pytest.fixture
def planned(long_build: tuple[Site, list[PlannedEvent]]) -> list[PlannedEvent]:
    """The long site's events, oldest first."""
    return long_build[1]


def page(site: Site, url: str) -> BeautifulSoup:
    """The page at `url` (a path such as `/years/2021/`) of the built site."""
    return site.html(url.lstrip("/") + "index.html")


def cards(soup: BeautifulSoup) -> list[str]:
    """The addresses of the events a page lists, as cards or as lines, in order."""
    links = soup.select(".event-card .event-title a, .event-row > a")
    return [str(link["href"]) for link in links]


def text(soup: BeautifulSoup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, selector
    return " ".join(found.get_text().split())


def test_the_overview_links_every_period_and_lists_no_event(
    long_site: Site, planned: list[PlannedEvent]
) -> None:
    overview = page(long_site, "/")
    assert cards(overview) == []
    assert overview.select_one("#timeline") is None
    assert overview.select("[data-filters], select") == []
    assert overview.select_one("#search-box") is not None  # the search covers every period
    links = overview.select(".period-list a")
    assert [link.get_text() for link in links] == PERIODS
    assert [link["href"] for link in links] == [f"/years/{label}/" for label in PERIODS]
    assert text(overview, ".overview").startswith(
        f"295 events from 1 January 1995 to {human(planned[-1])}."
    )
    rows = [" ".join(item.get_text().split()) for item in overview.select(".period-list > li")]
    nineties = [event for event in planned if event.date.year < 2000]
    # A decade's page with its extent; a decade's pages of a year each in one row, counted.
    assert rows == [
        f"1990s 7 events, 1 January 1995 to {human(nineties[-1])}",
        "2000s 2001 30 events 2002 25 events 2005 3 events",
        rows[2],
        "2020s 2021 80 events 2022 60 events 2023 75 events",
    ]
    assert rows[2].startswith("2010s 15 events, ")


def test_every_event_is_on_exactly_one_period_page_among_its_years(
    long_site: Site, planned: list[PlannedEvent]
) -> None:
    listed: Counter[str] = Counter()
    for label in PERIODS:
        period = page(long_site, f"/years/{label}/")
        on_page = cards(period)
        listed.update(on_page)
        years = [
            int(str(heading["id"]).removeprefix("year-"))
            for heading in period.select("h2[id^=year-]")
        ]
        assert years == PERIOD_YEARS[label]
        assert on_page == [event.url for event in planned if event.date.year in years]
    assert listed == Counter(event.url for event in planned)
    assert set(listed.values()) == {1}


def neighbour(nav: Tag, rel: str) -> str | None:
    link = nav.select_one(f"a[rel={rel}]")
    return None if link is None else str(link["href"])


def test_a_period_page_names_its_period_and_links_its_neighbours(long_site: Site) -> None:
    addresses = [None, *(f"/years/{label}/" for label in PERIODS), None]
    for index, label in enumerate(PERIODS):
        period = page(long_site, f"/years/{label}/")
        assert text(period, "title") == f"{label} · Test timeline"
        assert text(period, "h1") == label
        nav = period.select_one("nav.period-nav")
        assert nav is not None
        assert neighbour(nav, "prev") == addresses[index]
        assert neighbour(nav, "next") == addresses[index + 2]
        assert [str(a["href"]) for a in nav.find_all("a", string="All periods")] == ["/#periods"]
    decade = page(long_site, "/years/2010s/")
    assert [link.get_text() for link in decade.select(".year-nav a")] == ["2011", "2014", "2019"]
    assert text(decade, ".overview").startswith(
        "15 events from 1 January 2011 to 28 September 2019."
    )
    assert decade.select("#filter-kind option") != []  # its own filters


def test_the_overview_axis_and_map_lead_to_the_period_pages(
    long_site: Site, planned: list[PlannedEvent]
) -> None:
    overview = page(long_site, "/")
    clusters = [str(a["href"]) for a in overview.select(".axis a") if "/meetings/" not in a["href"]]
    assert clusters and all(re.fullmatch(r"/years/[0-9]{4}s?/#year-[0-9]{4}", c) for c in clusters)
    jakarta = overview.select_one("#place-jakarta-indonesia")
    assert jakarta is not None
    in_jakarta = sum(event.place == "Jakarta, Indonesia" for event in planned)
    assert " ".join(jakarta.get_text().split()).startswith(
        f"Jakarta, Indonesia: {in_jakarta} events"
    )
    assert jakarta.select("a")[0]["href"] == "/places/jakarta-indonesia/"
    assert jakarta.select(".place-periods a")[0]["href"] == (
        "/years/1990s/?place=jakarta-indonesia#timeline"
    )
    marker = overview.select_one(".places svg a")  # to the place's own page, with all its events
    assert marker is not None and marker["href"] == "/places/jakarta-indonesia/"
    # The overview's map lists no event, only how many: it stays small however many there are.
    assert overview.select(".places-list a[href^='/meetings/']") == []


def follow_pages(site: Site, first: str) -> list[BeautifulSoup]:
    """A list's pages, from its first, following each page's rel=next link."""
    pages, url = [], first
    while url:
        pages.append(page(site, url))
        following = pages[-1].select_one(".pager a[rel=next]")
        url = str(following["href"]) if following else ""
    return pages


@pytest.mark.parametrize(
    ("first", "belongs"),
    [
        ("/topics/trade/", lambda event: "Trade" in event.topics),
        ("/topics/energy/", lambda event: "Energy" in event.topics),
        ("/kinds/phone-call/", lambda event: event.kind == "phone-call"),
    ],
)
def test_topic_and_kind_pages_hold_page_size_events_each_oldest_first(
    long_site: Site,
    planned: list[PlannedEvent],
    first: str,
    belongs: Callable[[PlannedEvent], bool],
) -> None:
    expected = [event for event in planned if belongs(event)]
    pages = follow_pages(long_site, first)
    listed = [cards(soup) for soup in pages]
    assert [url for urls in listed for url in urls] == [event.url for event in expected]
    assert len(pages) == -(-len(expected) // LONG_PAGE_SIZE) > 1
    assert all(len(urls) == LONG_PAGE_SIZE for urls in listed[:-1])
    second = pages[1]
    held = expected[LONG_PAGE_SIZE : 2 * LONG_PAGE_SIZE]
    assert text(second, ".overview") == (
        f"Events 21\u201340 of {len(expected)}, {human(held[0])} to {human(held[-1])}."
    )
    assert text(second, ".pager [aria-current=page]") == "Page 2"
    assert second.select_one(".pager a[rel=prev]")["href"] == first  # type: ignore[index]
    assert text(second, "title").startswith(text(pages[0], "h1") + ", page 2 · ")
    # Each page's events stand under a heading per year, as on the timeline.
    batches = [expected[at : at + LONG_PAGE_SIZE] for at in range(0, len(expected), LONG_PAGE_SIZE)]
    for soup, events in zip(pages, batches, strict=True):
        years = [text(section, "h2") for section in soup.select("section.year")]
        assert years == sorted({str(event.date.year) for event in events})
        for section in soup.select("section.year"):
            listed = section.select(".event-card, .event-row")
            dates = [card.select_one("time")["datetime"] for card in listed]
            assert {str(day)[:4] for day in dates} == {text(section, "h2")}


def human(event: PlannedEvent) -> str:
    return f"{event.date.day} {event.date:%B %Y}"


def test_pager_links_resolve_and_name_the_first_last_and_nearby_pages(long_site: Site) -> None:
    meetings = follow_pages(long_site, "/kinds/meeting/")  # 197 meetings: 10 pages
    assert len(meetings) == 10
    for number, soup in enumerate(meetings, start=1):
        for link in soup.select(".pager a"):
            target = long_site.build_dir / str(link["href"]).lstrip("/") / "index.html"
            assert target.is_file(), link["href"]
        current = soup.select(".pager [aria-current=page]")
        assert [" ".join(link.get_text().split()) for link in current] == [f"Page {number}"]
    pager = [" ".join(item.get_text().split()) for item in meetings[5].select(".pager li")]
    assert pager == ["Previous page", "Page 1", "\u2026", "Page 4", "Page 5", "Page 6", "Page 7",
                     "Page 8", "Page 9", "Page 10", "Next page"]  # fmt: skip
    first = [" ".join(item.get_text().split()) for item in meetings[0].select(".pager li")]
    assert first == ["Page 1", "Page 2", "Page 3", "\u2026", "Page 10", "Next page"]
    assert not (long_site.build_dir / "kinds/meeting/page/11").exists()
    assert not (long_site.build_dir / "kinds/meeting/page/1").exists()


def test_a_pager_links_few_pages_however_many_there_are() -> None:
    pagers = [pager for _, pager in paginate(range(100_000), 10, "topics/x/")]
    assert max(len(pager.numbers) for pager in pagers) == 9
    assert pagers[5000].numbers == (1, None, 4999, 5000, 5001, 5002, 5003, None, 10_000)
    assert pagers[5000].url_path(10_000) == "topics/x/page/10000/"


def test_the_topics_index_and_the_sitemap_list_every_page(long_site: Site) -> None:
    topics = page(long_site, "/topics/")
    assert [a["href"] for a in topics.select(".topic-index a")] == [
        "/topics/energy/",
        "/topics/trade/",
    ]
    sitemap = (long_site.build_dir / "sitemap.xml").read_text()
    for url in ("years/2010s/", "topics/trade/page/8/", "kinds/meeting/page/2/"):
        assert f"<loc>https://example.org/{url}</loc>" in sitemap


@pytest.mark.slow
def test_check_finds_every_link_of_the_long_site_resolves(long_site: Site) -> None:
    result = run_cli(long_site.root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("all resolve.")


def test_a_site_that_fits_on_one_page_has_no_period_pages(tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    write_long_site(site, {2001: 15, 2014: 5}, page_size=20)
    build(BuildOptions(root=site.root))
    assert len(cards(page(site, "/"))) == 20
    assert not (site.build_dir / "years").exists()
    assert page(site, "/").select(".period-list, .pager") == []
    write_long_site(site, {2001: 15, 2014: 6}, page_size=20)  # one event more than a page
    build(BuildOptions(root=site.root))
    assert cards(page(site, "/")) == []
    assert sorted(path.name for path in (site.build_dir / "years").iterdir()) == [
        "2000s",
        "2010s",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "page_size: 0 must be 1 or more: the most events a page lists"),
        ("-1", "page_size: -1 must be 1 or more: the most events a page lists"),
        ('"ten"', 'page_size: must be a whole number such as 100, not "ten"'),
        ("ten", 'page_size: must be a whole number such as 100, not "ten"'),
        ("2.5", "page_size: must be a whole number such as 100, not 2.5"),
        ("true", "page_size: must be a whole number such as 100, not true/false"),
    ],
)
def test_a_wrong_page_size_is_reported_with_its_file_and_line(
    site: Site, value: str, message: str
) -> None:
    site.event("x")
    site.write("site.yaml", SITE_YAML + f"page_size: {value}\nauthor: Someone\n")
    result = run_cli(site.root, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"site.yaml:4: {message}",
        "1 problem; nothing was written.",
    ]
    assert not site.build_dir.exists()
