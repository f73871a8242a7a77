"""The preview in a real browser: Debian's Chromium, driven by Playwright.

livereload.js in the page connects by itself; an edit reloads the page, a stylesheet edit
swaps the CSS without a reload, and a broken edit shows the banner.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import CHROMIUM, CHROMIUM_FLAGS, TIMEOUT_MS, event_text
from servers import Server, save

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    opened = browser.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    opened.goto(server.url + "meetings/jakarta/")
    opened.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol")
    yield opened
    opened.close()
    assert errors == []


def test_saving_an_event_reloads_the_open_page(page: Page, server: Server) -> None:
    expect(page.locator("h1")).to_have_text("Talks in Jakarta")
    save(server.site.root / "content/meetings/jakarta.md", event_text(title="Talks, rewritten"))
    expect(page.locator("h1")).to_have_text("Talks, rewritten")


def test_a_stylesheet_edit_is_applied_without_reloading(page: Page, server: Server) -> None:
    page.evaluate("() => { window.notReloaded = true }")
    stylesheet = server.site.root / "static/css/style.css"
    save(stylesheet, stylesheet.read_text() + "\nh1 { color: rgb(1, 2, 3); }\n")
    expect(page.locator("h1")).to_have_css("color", "rgb(1, 2, 3)")
    assert page.evaluate("() => window.notReloaded") is True


def test_a_broken_edit_shows_the_banner_and_a_fix_removes_it(page: Page, server: Server) -> None:
    event_file = server.site.root / "content/meetings/jakarta.md"
    save(event_file, event_text(date="2023-02-30"))
    banner = page.locator("#site-builder-problems")
    expect(banner).to_contain_text(
        'content/meetings/jakarta.md:3: date: "2023-02-30" is not a real date'
    )
    expect(page.locator("h1")).to_have_text("Talks in Jakarta")
    save(event_file, event_text(title="Fixed"))
    expect(page.locator("h1")).to_have_text("Fixed")
    expect(banner).to_have_count(0)
