"""The embed (`/embed/`, `templates/embed.html`, `static/js/embed.js`): the timeline as a compact
list made to sit in an iframe in a news story, in every language of the site; the HTML to
paste; the height it tells the page around it, which that page's listener gives the frame;
and `oembed.json`, its oEmbed description, found from the timeline page.

The browser tests (marked `browser`) import Playwright inside them: the others run in the
quick run, which does without it (see tests/test_suite.py)."""

# ruff: noqa: RUF001 (the tests hold Chinese, Russian and the site's dashes on purpose)

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from site_builder.build import BuildOptions, build

from conftest import (
    PROJECT,
    TIMEOUT_MS,
    Site,
    launched_chromium,
    serve_folder,
    served,
    site_at,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BASE = "https://example.github.io/my-repo/"  # a site published under a sub-path
LANGUAGES = ("", "zh/", "ru/")  # the shipped site's folders: English at the root
HEIGHT_MESSAGE = "site-builder:height"
HOSTILE_TITLE = "\"<script>alert('site')</script>\" & 'quotes'"
HOSTILE_EVENT = "\"<script>alert('event')</script>\" <b>bold</b> & 'quotes'"


def read(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def built_file(output: Path, address: str) -> Path:
    """The file a link within the site leads to, for a site built for BASE."""
    path = urlsplit(address).path
    base = urlsplit(BASE).path
    assert path.startswith(base), address
    relative = path.removeprefix(base)
    return output / (
        relative + "index.html" if relative.endswith("/") or not relative else relative
    )


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site (in English, Chinese and Russian), built for a sub-path."""
    output = tmp_path_factory.mktemp("shipped") / "build"
    build(BuildOptions(root=PROJECT, output=output, base_url=BASE))
    return output


@pytest.mark.parametrize("folder", LANGUAGES)
def test_the_embed_lists_every_event_with_working_links_and_no_site_furniture(
    shipped: Path, folder: str
) -> None:
    page = read(shipped, f"{folder}embed/index.html")
    events = sorted(shipped.glob(f"{folder}meetings/*/index.html"))
    assert len(events) == 4
    rows = page.select("ol.embed-list > li.embed-event")
    assert len(rows) == len(events)
    dates = [row.select_one("time")["datetime"] for row in rows]
    assert dates == ["2023-07-13", "2023-08-07", "2023-09-18", "2024-07-25"]
    timeline = read(shipped, f"{folder}index.html")
    assert [row.select_one("a").get_text() for row in rows] == [
        card.select_one(".event-title a").get_text() for card in timeline.select("article")
    ]
    for row in rows:
        link = row.select_one("a")
        assert link["target"] == "_blank" and link["rel"] == ["noopener"]
        assert link["href"].startswith(urlsplit(BASE).path + folder + "meetings/")
        assert built_file(shipped, link["href"]).is_file(), link["href"]
        assert row.select_one(".kind").get_text().strip()
    # The filters match what the timeline page's cards carry.
    for row, card in zip(rows, timeline.select("article.event-card"), strict=True):
        for name in ("data-kind", "data-topics", "data-people", "data-place"):
            assert row[name] == card[name], name
    # No header, navigation or footer of the site's; a credit line to the full timeline.
    assert page.select("header, nav, .site-header, .site-footer, .skip-link") == []
    credit = page.select_one("footer.embed-credit a")
    assert credit["href"] == urlsplit(BASE).path + folder
    assert credit["target"] == "_blank" and credit["rel"] == ["noopener"]
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.html["lang"] == {"": "en", "zh/": "zh", "ru/": "ru"}[folder]
    assert page.select_one("[data-embed-code]")["data-src"] == BASE + folder + "embed/"
    assert page.select_one("[data-embed-code]").has_attr("hidden")  # until the script shows it


def test_the_embed_is_in_the_sites_language(shipped: Path) -> None:
    chinese = read(shipped, "zh/embed/index.html")
    assert chinese.select_one("time").get_text() == "2023年7月13日"
    assert chinese.select_one(".kind").get_text() == "会晤"
    assert chinese.select_one("h1").get_text() == "中俄外长"
    russian = read(shipped, "ru/embed/index.html")
    assert russian.select_one("time").get_text() == "13 июля 2023\u202fг."
    assert russian.select_one(".kind").get_text() == "Встреча"


def test_the_embed_and_oembed_are_not_in_the_sitemaps(shipped: Path) -> None:
    for folder in LANGUAGES:
        sitemap = (shipped / folder / "sitemap.xml").read_text("utf-8")
        assert "embed" not in sitemap
        assert (shipped / folder / "embed/index.html").is_file()
        assert (shipped / folder / "oembed.json").is_file()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_oembed_json_describes_the_frame_and_the_timeline_links_it(
    shipped: Path, folder: str
) -> None:
    response = json.loads((shipped / folder / "oembed.json").read_text("utf-8"))
    title = read(shipped, f"{folder}index.html").select_one("h1").get_text()
    assert response["version"] == "1.0"
    assert response["type"] == "rich"
    assert response["title"] == response["provider_name"] == title
    assert response["provider_url"] == BASE + folder
    assert isinstance(response["width"], int) and isinstance(response["height"], int)
    frame = BeautifulSoup(response["html"], "html.parser")
    (iframe,) = frame.find_all(True)
    assert iframe.name == "iframe"
    assert iframe["src"] == BASE + folder + "embed/"
    assert title in iframe["title"]
    assert iframe["loading"] == "lazy"
    assert (int(iframe["width"]), int(iframe["height"])) == (response["width"], response["height"])
    # Discovery, on the timeline page of the same language.
    link = read(shipped, f"{folder}index.html").select_one(
        'link[rel="alternate"][type="application/json+oembed"]'
    )
    assert link["href"] == BASE + folder + "oembed.json"
    assert link["title"] == title


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site whose title and event carry markup and quotes, built."""
    site = site_at(tmp_path_factory.mktemp("hostile") / "site")
    site.write(
        "site.yaml",
        f"title: {json.dumps(HOSTILE_TITLE)}\nbase_url: {BASE}\nauthor: {json.dumps(HOSTILE_TITLE)}\n",
    )
    site.event("talks", title=json.dumps(HOSTILE_EVENT), topics="['<i>x</i>']")
    build(BuildOptions(root=site.root))
    return site


def test_content_with_markup_is_escaped_in_the_embed(hostile: Site) -> None:
    text = (hostile.build_dir / "embed/index.html").read_text("utf-8")
    assert "<script>alert" not in text and "<b>" not in text and "<i>" not in text
    page = hostile.html("embed/index.html")
    assert page.select_one("h1").get_text() == HOSTILE_TITLE
    assert page.select_one(".embed-event a").get_text() == HOSTILE_EVENT
    assert page.select_one(".embed-event")["data-topics"] == "i-x-i"
    assert page.select_one("[data-embed-code]")["data-title"] == f"Timeline: {HOSTILE_TITLE}"
    assert HOSTILE_TITLE in page.select_one("footer").get_text()
    assert [script.get("src") for script in page.select("script")] == [
        "/my-repo/js/filters.js",
        "/my-repo/js/embed.js",
        None,
    ]


def test_content_with_markup_is_escaped_in_oembed_json(hostile: Site) -> None:
    text = (hostile.build_dir / "oembed.json").read_text("utf-8")
    assert "<" not in text and ">" not in text  # JSON's escapes, safe in any context
    response = json.loads(text)
    assert response["title"] == response["provider_name"] == HOSTILE_TITLE
    assert response["author_name"] == HOSTILE_TITLE
    frame = BeautifulSoup(response["html"], "html.parser")
    assert [tag.name for tag in frame.find_all(True)] == ["iframe"]
    iframe = frame.find("iframe")
    assert isinstance(iframe, Tag)
    assert iframe["title"] == f"Timeline: {HOSTILE_TITLE}"
    assert iframe["src"] == BASE + "embed/"
    timeline = hostile.html("index.html")
    link = timeline.select_one('link[type="application/json+oembed"]')
    assert link["title"] == HOSTILE_TITLE


# In a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped site, served at the root of a loopback address."""
    yield from served(PROJECT, tmp_path_factory.mktemp("served") / "build")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched_chromium()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new page; when done, no script error must have happened on it."""
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert errors == []


def shown_rows(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".embed-event:not([hidden]) time", "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )


def snippet_of(page: Page, address: str) -> str:
    """The HTML the embed page at `address`, not framed, gives to paste."""
    from playwright.sync_api import expect

    page.goto(address)
    box = page.locator("[data-snippet]")
    expect(box).to_be_visible()
    return box.input_value()


@pytest.mark.browser
def test_a_filter_in_the_address_narrows_the_embed(page: Page, site_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(site_url + "embed/")
    assert shown_rows(page) == ["2023-07-13", "2023-08-07", "2023-09-18", "2024-07-25"]
    expect(page.locator("[data-count]")).to_be_hidden()
    page.goto(site_url + "embed/?kind=phone-call")
    assert shown_rows(page) == ["2023-08-07"]
    expect(page.locator("[data-count]")).to_have_text("1 of 4 events shown.")
    expect(page.locator("[data-no-match]")).to_be_hidden()
    # The credit line leads to the full timeline, filtered alike.
    expect(page.locator("footer a")).to_have_attribute("href", "/?kind=phone-call")
    page.goto(site_url + "embed/?topic=ukraine&place=moscow-russia")
    assert shown_rows(page) == ["2023-09-18"]
    page.goto(site_url + "embed/?participant=wang-yi")
    assert len(shown_rows(page)) == 4
    page.goto(site_url + "embed/?place=nowhere")
    assert shown_rows(page) == []
    expect(page.locator("[data-no-match]")).to_be_visible()
    page.goto(site_url + "zh/embed/?kind=phone-call")
    assert shown_rows(page) == ["2023-08-07"]
    expect(page.locator("[data-count]")).to_have_text("显示1个事件，共4个。")


@pytest.mark.browser
def test_without_javascript_every_event_is_listed(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "embed/?kind=phone-call")
    assert page.locator(".embed-event").count() == 4
    assert all(page.locator(".embed-event").nth(n).is_visible() for n in range(4))
    assert not page.locator("[data-embed-code]").is_visible()
    context.close()


@pytest.mark.browser
def test_the_page_gives_the_html_to_paste(page: Page, site_url: str) -> None:
    pasted = BeautifulSoup(snippet_of(page, site_url + "embed/"), "html.parser")
    iframe = pasted.find("iframe")
    assert isinstance(iframe, Tag)
    assert iframe["src"] == site_url + "embed/"
    assert iframe["title"] == "Timeline: China–Russia Foreign Ministers"
    assert iframe["loading"] == "lazy"
    script = pasted.find("script")
    assert isinstance(script, Tag) and HEIGHT_MESSAGE in script.get_text()
    # The same frame as oembed.json's.
    response = page.request.get(site_url + "oembed.json").json()
    assert BeautifulSoup(response["html"], "html.parser").find("iframe") == iframe
    # For a filtered view, the frame shows that view.
    filtered = BeautifulSoup(snippet_of(page, site_url + "embed/?kind=phone-call"), "html.parser")
    iframe = filtered.find("iframe")
    assert isinstance(iframe, Tag) and iframe["src"] == site_url + "embed/?kind=phone-call"


@pytest.mark.browser
def test_markup_in_the_content_is_escaped_in_the_html_to_paste(page: Page, tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    site.write("site.yaml", f"title: {json.dumps(HOSTILE_TITLE)}\nbase_url: {BASE}\n")
    site.event("talks", title=json.dumps(HOSTILE_EVENT))
    for url in served(site.root, site.build_dir):
        pasted = BeautifulSoup(snippet_of(page, url + 'embed/?kind="><b>'), "html.parser")
        assert [tag.name for tag in pasted.find_all(True)] == ["iframe", "script"]
        iframe = pasted.find("iframe")
        assert isinstance(iframe, Tag)
        assert iframe["title"] == f"Timeline: {HOSTILE_TITLE}"
        assert iframe["src"] == url + "embed/?kind=%22%3E%3Cb%3E"


HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A story</title><link rel="icon" href="data:,"></head>
<body>
<h1>A story</h1>
<p>The story's first paragraph.</p>
{snippet}
<p>The story's last paragraph.</p>
<script>
window.heights = [];
window.addEventListener("message", function (event) {{
  if (event.data && event.data.type === "{message}") window.heights.push(event.data.height);
}});
</script>
</body>
</html>
"""


@pytest.mark.browser
def test_a_story_that_frames_the_embed_gives_it_the_height_of_its_list(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    """A page of another origin, holding the snippet the embed page gives, receives the
    height and sets its frame's; the height follows a filter and a narrower frame."""
    snippet = snippet_of(page, site_url + "embed/")
    (tmp_path / "story.html").write_text(
        HOST_PAGE.format(snippet=snippet, message=HEIGHT_MESSAGE), "utf-8"
    )
    server, host_url = serve_folder(tmp_path)
    try:
        page.set_viewport_size({"width": 1000, "height": 800})
        page.goto(host_url + "story.html")
        frame_height = "() => parseFloat(document.querySelector('iframe').style.height) || 0"
        page.wait_for_function(f"({frame_height})() > 0 && window.heights.length > 0")
        full = page.evaluate(frame_height)
        assert page.evaluate("window.heights")[-1] == full
        embedded = page.frame_locator("iframe")
        assert embedded.locator(".embed-event:visible").count() == 4
        assert not embedded.locator("[data-embed-code]").is_visible()  # framed: no snippet
        # The frame is as tall as its page: nothing to scroll, nothing left over.
        inner = next(frame for frame in page.frames if frame.url.startswith(site_url))
        assert inner.evaluate("document.documentElement.scrollHeight") == full
        assert inner.evaluate("window.innerHeight") == full

        page.evaluate(
            "url => { document.querySelector('iframe').src = url; }",
            site_url + "embed/?kind=phone-call",
        )
        page.wait_for_function(f"({frame_height})() < {full}")
        narrowed = page.evaluate(frame_height)
        assert embedded.locator(".embed-event:visible").count() == 1
        assert page.evaluate("window.heights")[-1] == narrowed

        page.set_viewport_size({"width": 340, "height": 800})  # each line wraps: taller
        page.wait_for_function(f"({frame_height})() > {narrowed}")
        inner = next(frame for frame in page.frames if frame.url.startswith(site_url))
        assert inner.evaluate("document.documentElement.scrollHeight") == page.evaluate(
            frame_height
        )
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["embed/", "embed/?kind=phone-call", "zh/embed/", "ru/embed/"])
def test_axe_finds_no_violations(browser: Browser, site_url: str, path: str, scheme: str) -> None:
    from test_timeline_page import run_axe

    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + path)
    page.locator("[data-snippet]").wait_for()  # shown, not framed: audited too
    assert run_axe(page) == []
    context.close()
