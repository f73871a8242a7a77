"""The timeline page in a real browser (Debian's Chromium through Playwright): filters kept in
the address, the search box, the time axis and map, accessibility (axe-core), small screens,
the dark scheme, no JavaScript, no errors and no request to any other origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from site_builder.config import DEFAULT_PAGE_SIZE

from conftest import (
    LONG_PAGE_SIZE,
    LONG_YEARS,
    PROJECT,
    TIMEOUT_MS,
    PlannedEvent,
    js_packages,
    launched_chromium,
    served,
    site_at,
    write_long_site,
)

pytestmark = pytest.mark.browser

ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped site, built for and served at a loopback address."""
    yield from served(PROJECT, tmp_path_factory.mktemp("site") / "build")


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[PlannedEvent]]]:
    """A site too long for one page, split into periods, served: its address and its events."""
    site = site_at(tmp_path_factory.mktemp("long") / "site")
    events = write_long_site(site, LONG_YEARS, LONG_PAGE_SIZE)
    for url in served(site.root, site.build_dir):
        yield url, events


# 2,000 events over seventy years, busy years and quiet ones, as the reader's timeline was
# reviewed on: with the default page size, a period's page per year.
THOUSANDS = {1956 + n: 8 + (n * 13) % 41 for n in range(70)}
THOUSANDS[2025] += 2000 - sum(THOUSANDS.values())


@pytest.fixture(scope="module")
def thousands_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of 2,000 events, served."""
    site = site_at(tmp_path_factory.mktemp("thousands") / "site")
    write_long_site(site, THOUSANDS, DEFAULT_PAGE_SIZE)
    yield from served(site.root, site.build_dir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched_chromium()


class Watched:
    """A page with its console errors and its requests to other origins recorded."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on(
            "request", lambda r: None if r.url.startswith(origin) else self.foreign.append(r.url)
        )


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    yield from watched_page(browser, site_url)


@pytest.fixture
def long_page(browser: Browser, long_site: tuple[str, list[PlannedEvent]]) -> Iterator[Page]:
    yield from watched_page(browser, long_site[0])


def watched_page(browser: Browser, origin: str) -> Iterator[Page]:
    """A new page; when done, no error and no request to another origin must have happened."""
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    watched = Watched(opened, origin)
    yield opened
    context.close()
    assert watched.errors == []
    assert watched.foreign == []


def shown_dates(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".chronology > li:not([hidden]) article time",
        "nodes => nodes.map(n => n.getAttribute('datetime'))",
    )


def test_a_filter_in_the_address_shows_only_matching_events(page: Page, site_url: str) -> None:
    page.goto(site_url + "?kind=phone-call")
    expect(page.locator("[data-count]")).to_have_text("1 of 4 events shown.")
    assert shown_dates(page) == ["2023-08-07"]
    page.goto(site_url + "?topic=ukraine")
    assert shown_dates(page) == ["2023-08-07", "2023-09-18"]
    page.goto(site_url + "?topic=ukraine&kind=meeting")
    assert shown_dates(page) == ["2023-09-18"]
    page.goto(site_url + "?participant=wang-yi")  # every event: one person, however written
    assert shown_dates(page) == ["2023-07-13", "2023-08-07", "2023-09-18", "2024-07-25"]
    page.goto(site_url + "?participant=sergey-lavrov")
    expect(page.locator("[data-count]")).to_have_text("4 of 4 events shown.")
    page.goto(site_url + "?place=nowhere")
    assert shown_dates(page) == []
    expect(page.locator("[data-no-match]")).to_be_visible()
    expect(page.locator("section.year").first).to_be_hidden()


def test_the_controls_change_the_address_and_back_undoes_them(page: Page, site_url: str) -> None:
    page.goto(site_url)
    expect(page.locator("[data-count]")).to_have_text("4 events shown.")
    page.select_option("#filter-place", "moscow-russia")
    expect(page).to_have_url(site_url + "?place=moscow-russia")
    assert shown_dates(page) == ["2023-09-18"]
    page.select_option("#filter-kind", "phone-call")
    expect(page.locator("[data-no-match]")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(site_url + "?place=moscow-russia")
    assert shown_dates(page) == ["2023-09-18"]
    expect(page.locator("#filter-kind")).to_have_value("")
    page.click("button.clear")
    expect(page).to_have_url(site_url)
    assert len(shown_dates(page)) == 4


def test_the_filters_work_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.focus("#filter-kind")
    page.keyboard.press("ArrowDown")  # the first kind
    expect(page).to_have_url(site_url + "?kind=meeting")
    assert len(shown_dates(page)) == 3


def shown_titles(page: Page) -> list[str]:
    return page.locator(".chronology > li:not([hidden]) .event-title").all_inner_texts()


def test_search_narrows_the_timeline_by_title_place_participant_and_body(
    page: Page, site_url: str
) -> None:
    """The search and the filters narrow one list, the timeline itself: no list apart."""
    page.goto(site_url)
    box = page.locator("#search-box")
    for query, expected in (
        ("Vientiane", ["Wang Yi and Sergey Lavrov hold talks in Vientiane"]),
        ("Kazan", ["Wang Yi and Sergey Lavrov hold talks in Vientiane"]),  # only in the body
        ("phone lavrov", ["Wang Yi and Sergei Lavrov speak by phone"]),
        ("Central Commission", ["Wang Yi and Sergei Lavrov meet in Jakarta"]),  # a role
    ):
        box.fill(query)
        expect(page.locator(".chronology > li:not([hidden]) .event-title")).to_have_text(expected)
        expect(page.locator("[data-count]")).to_have_text("1 of 4 events shown.")
    expect(page.locator(".search-list")).to_have_count(0)
    box.fill("zzzz")
    expect(page.locator("[data-no-match]")).to_be_visible()
    expect(page.locator("[data-count]")).to_have_text("0 of 4 events shown.")
    box.fill("")
    expect(page.locator("[data-count]")).to_have_text("4 events shown.")


def test_the_query_is_kept_in_the_address_and_works_with_the_filters(
    page: Page, site_url: str
) -> None:
    page.goto(site_url)
    page.locator("#search-box").fill("Ukraine")
    expect(page).to_have_url(site_url + "?q=Ukraine")
    expect(page.locator("[data-count]")).to_have_text("2 of 4 events shown.")
    page.select_option("#filter-kind", "meeting")
    expect(page).to_have_url(site_url + "?q=Ukraine&kind=meeting")
    expect(page.locator("[data-count]")).to_have_text("1 of 4 events shown.")
    page.goto(site_url + "?q=ukraine&kind=phone-call")  # a shared address shows the same view
    expect(page.locator("#search-box")).to_have_value("ukraine")
    expect(page.locator(".chronology > li:not([hidden]) .event-title")).to_have_text(
        ["Wang Yi and Sergei Lavrov speak by phone"]
    )
    page.go_back()
    expect(page).to_have_url(site_url + "?q=Ukraine&kind=meeting")
    expect(page.locator("#filter-kind")).to_have_value("meeting")
    page.click("button.clear")
    expect(page).to_have_url(site_url)
    expect(page.locator("#search-box")).to_have_value("")
    assert len(shown_titles(page)) == 4


def test_the_language_switcher_leads_to_the_event_in_each_language_and_back(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "meetings/2023-07-13-jakarta/")
    page.locator("nav.languages a", has_text="中文").click()
    expect(page).to_have_url(site_url + "zh/meetings/2023-07-13-jakarta/")
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    page.locator("nav.languages a", has_text="Русский").click()
    expect(page).to_have_url(site_url + "ru/meetings/2023-07-13-jakarta/")
    expect(page.locator("h1")).to_contain_text("Джакарт")
    page.locator("nav.languages a", has_text="English").click()
    expect(page).to_have_url(site_url + "meetings/2023-07-13-jakarta/")


def test_the_copy_button_puts_the_events_address_on_the_clipboard(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "meetings/2023-09-18-moscow/")
    page.click("[data-share] button")
    expect(page.locator(".share-done")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_url + "meetings/2023-09-18-moscow/"
    context.close()


LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1000);
})"""


def titles_in_view(page: Page) -> int:
    """How many events' titles are wholly on the first screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.event-title')].filter(title => {
          const box = title.getBoundingClientRect();
          return box.height > 0 && box.bottom <= window.innerHeight;
        }).length"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("width", "height", "titles"), [(320, 640, 1), (768, 1024, 2), (1280, 900, 2)]
)
def test_events_are_on_the_first_screen_and_nothing_moves(
    browser: Browser, site_url: str, width: int, height: int, titles: int, scheme: str
) -> None:
    """The first screen of the shipped timeline, kept in test-artifacts/ for a look."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    page.goto(site_url)
    assert titles_in_view(page) >= titles
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"first-screen-{width}px-{scheme}.png"))
    page.goto(site_url + "meetings/2023-07-13-jakarta/")
    page.screenshot(path=str(ARTIFACTS / f"event-{width}px-{scheme}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("width", "height", "titles"), [(320, 640, 1), (768, 1024, 2), (1280, 900, 2)]
)
def test_a_timeline_of_two_thousand_events_keeps_the_first_screen_rules(
    browser: Browser, thousands_url: str, width: int, height: int, titles: int, scheme: str
) -> None:
    """Its overview, and a busy year's page, whose first events are on the first screen; both
    kept in test-artifacts/ for a look."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    page.goto(thousands_url)
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"thousands-{width}px-{scheme}.png"), full_page=True)
    busiest = max(THOUSANDS, key=THOUSANDS.__getitem__)
    page.goto(f"{thousands_url}years/{busiest}/")
    assert titles_in_view(page) >= titles
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    page.screenshot(path=str(ARTIFACTS / f"thousands-{busiest}-{width}px-{scheme}.png"))
    context.close()


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (320, 2), (1280, 1), (1280, 2)])
def test_the_browser_picks_a_picture_from_the_srcset_for_its_screen(
    browser: Browser, site_url: str, width: int, scale: int
) -> None:
    """An event page's picture: the browser takes a WebP of the srcset wide enough for the
    screen and its pixel density, and none much wider; its size is set before it loads, so
    nothing moves; it says what it shows."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=scale
    )
    page = context.new_page()
    page.goto(site_url + "meetings/2023-07-13-jakarta/")
    image = page.locator(".event-picture img")
    expect(image).to_have_attribute("alt", re.compile(r"\w"))
    page.wait_for_function("() => document.querySelector('.event-picture img').complete")
    chosen = image.evaluate("img => ({src: img.currentSrc, shown: img.clientWidth})")
    offered = page.locator(".event-picture source").get_attribute("srcset") or ""
    widths = sorted(int(width) for width in re.findall(r" (\d+)w", offered))
    taken = re.search(r"-(\d+)\.webp$", chosen["src"])
    assert taken is not None, chosen["src"]
    needed = chosen["shown"] * scale  # the picture's width in the screen's pixels
    # The two widths offered around what the screen needs, or the widest when none is enough.
    low = max((w for w in widths if w <= needed), default=widths[0])
    high = min((w for w in widths if w >= needed), default=widths[-1])
    assert low <= int(taken[1]) <= high, (needed, widths, chosen["src"])
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    context.close()


def test_the_tools_are_beside_the_timeline_or_in_a_panel_on_a_phone(
    browser: Browser, site_url: str
) -> None:
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto(site_url)
    tools, timeline = (
        page.locator(".tools").bounding_box(),
        page.locator("#timeline").bounding_box(),
    )
    assert tools is not None and timeline is not None
    assert tools["x"] > timeline["x"] + timeline["width"] - 1  # side by side
    expect(page.locator("#filter-kind")).to_be_visible()
    wide.close()
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    page = phone.new_page()
    page.goto(site_url)
    expect(page.locator("#filter-kind")).to_be_hidden()
    page.click(".tools > summary")
    expect(page.locator("#filter-kind")).to_be_visible()
    page.select_option("#filter-kind", "phone-call")
    assert len(shown_titles(page)) == 1
    phone.close()


def run_axe(page: Page) -> list[str]:
    page.add_script_tag(path=str(js_packages() / "axe-core/axe.min.js"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})).violations"
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        *("", "meetings/2024-07-25-vientiane/", "topics/ukraine/", "people/", "people/wang-yi/"),
        *("places/", "places/moscow-russia/", "forums/asean-foreign-ministers/"),
        *("topics/", "kinds/phone-call/", "404.html"),
        *("zh/", "zh/meetings/2023-07-13-jakarta/", "zh/people/wang-yi/"),
        *("ru/", "ru/meetings/2023-09-18-moscow/", "ru/places/"),
    ],
)
def test_axe_finds_no_violations(browser: Browser, site_url: str, path: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + path)
    assert run_axe(page) == []
    context.close()


@pytest.mark.parametrize("width", [320, 375])
def test_small_screens_scroll_only_down(browser: Browser, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ("", "meetings/2024-07-25-vientiane/", "topics/"):
        page.goto(site_url + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(site_url)
    page.screenshot(path=str(ARTIFACTS / f"timeline-{width}px.png"), full_page=True)
    context.close()


def test_the_dark_scheme_is_dark(browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 26)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline-dark.png"), full_page=True)
    context.close()


def test_without_javascript_every_event_and_the_topic_and_kind_pages_are_there(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "?kind=phone-call")
    assert len(shown_dates(page)) == 4
    expect(page.locator("#find")).to_be_hidden()
    expect(page.locator(".overview a")).to_have_text(
        ["topic", "meetings", "phone calls", "the people", "the places"]
    )
    page.click("text=phone calls")
    expect(page.locator("h1")).to_have_text("Phone call")
    context.close()


def test_the_timeline_page_is_light(site_url: str, tmp_path: Path) -> None:
    from urllib.request import urlopen

    total = sum(
        len(urlopen(site_url + path, timeout=10).read())
        for path in ("", "css/style.css", "js/timeline.js", "favicon.svg")
    )
    assert total < 100_000, total


def test_print_shows_a_clean_chronology_with_sources(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.emulate_media(media="print")
    expect(page.locator("#find")).to_be_hidden()
    expect(page.locator(".axis")).to_be_hidden()
    expect(page.locator(".card-sources").first).to_be_visible()
    expect(page.locator(".card-sources").first).to_contain_text(
        "Xinhua, republished by Shanghai Daily"
    )


def test_search_works_on_the_overview_of_a_timeline_split_into_periods(
    long_page: Page, long_site: tuple[str, list[PlannedEvent]]
) -> None:
    url, _ = long_site
    long_page.goto(url)
    expect(long_page.locator(".event-card")).to_have_count(0)
    expect(long_page.locator("#filter-kind")).to_have_count(0)  # nothing to filter here
    box = long_page.locator("#search-box")
    expect(box).to_be_visible()
    box.fill("Moscow 1995")  # events of the first period and of the last are found alike
    expect(long_page.locator(".search-list li > a")).to_have_text(["Talks number 2 of 1995"])
    expect(long_page).to_have_url(url + "?q=Moscow+1995")
    place = long_page.locator(".search-links a")  # a result leads to its place's page too
    expect(place).to_have_text(["Moscow, Russia"])
    assert place.get_attribute("href") == "/places/moscow-russia/"
    box.fill("talks")  # every match is listed, not the first twenty
    expect(long_page.locator(".search-list li > a")).to_have_count(len(long_site[1]))
    box.fill("talks number 75 of 2023")
    expect(long_page.locator(".search-list li > a")).to_have_text(["Talks number 75 of 2023"])
    long_page.click(".search-list li > a")
    expect(long_page).to_have_url(url + "meetings/2023-075/")


def test_filters_work_on_a_period_page(
    long_page: Page, long_site: tuple[str, list[PlannedEvent]]
) -> None:
    url, events = long_site
    in_2021 = [event for event in events if event.date.year == 2021]
    calls = [event for event in in_2021 if event.kind == "phone-call"]
    long_page.goto(url + "years/2021/?kind=phone-call")
    expect(long_page.locator("[data-count]")).to_have_text(f"{len(calls)} of 80 events shown.")
    assert shown_dates(long_page) == [event.date.isoformat() for event in calls]
    long_page.select_option("#filter-topic", "trade")
    expect(long_page).to_have_url(url + "years/2021/?kind=phone-call&topic=trade")
    trade_calls = [event for event in calls if "Trade" in event.topics]
    assert shown_dates(long_page) == [event.date.isoformat() for event in trade_calls]
    long_page.click("button.clear")
    long_page.select_option("#filter-place", "jakarta-indonesia")
    expect(long_page).to_have_url(url + "years/2021/?place=jakarta-indonesia")
    in_jakarta = [event for event in in_2021 if event.place == "Jakarta, Indonesia"]
    expect(long_page.locator("[data-count]")).to_have_text(f"{len(in_jakarta)} of 80 events shown.")
    assert shown_dates(long_page) == [event.date.isoformat() for event in in_jakarta]
    long_page.click("nav.period-nav a[rel=next]")
    expect(long_page.locator("h1")).to_have_text("2022")


def test_without_javascript_the_overview_links_each_period_page(
    browser: Browser, long_site: tuple[str, list[PlannedEvent]]
) -> None:
    url, _ = long_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("#find")).to_be_hidden()
    expect(page.locator(".period-list a")).to_have_count(8)
    page.click(".period-list a >> text=2021")
    expect(page.locator("h1")).to_have_text("2021")
    assert len(shown_dates(page)) == 80
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        *("", "years/2025/", "meetings/2025-001/", "topics/trade/", "topics/trade/page/3/"),
        *("kinds/meeting/", "places/", "places/moscow-russia/"),
    ],
)
def test_axe_finds_no_violations_on_the_pages_of_two_thousand_events(
    browser: Browser, thousands_url: str, path: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(thousands_url + path)
    assert page.locator("h1").count() == 1  # the page is there
    assert run_axe(page) == []
    context.close()


@pytest.mark.parametrize("path", ["", "years/2010s/", "topics/trade/page/2/"])
def test_axe_finds_no_violations_on_the_pages_of_a_long_timeline(
    browser: Browser, long_site: tuple[str, list[PlannedEvent]], path: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(long_site[0] + path)
    assert run_axe(page) == []
    context.close()
