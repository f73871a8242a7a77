"""`site-builder serve` under load and faults, on a loopback port, each test bounded in time and
count: many clients while files are edited, and the site's folders and files disappearing and
coming back. The server must keep answering, show the right banner, and drop it once fixed.
"""

from __future__ import annotations

import collections
import http.client
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import websocket
from bs4 import BeautifulSoup

from conftest import Site, event_text
from servers import WAIT, Browser, Server, save

pytestmark = pytest.mark.slow  # a real preview server under load and faults

CLIENTS, REQUESTS = 50, 100
EVENTS = 30
PATHS = (
    "/",
    "/meetings/e0/",
    "/meetings/e7/",
    "/topics/",
    "/topics/asean/",
    "/kinds/meeting/",
    "/css/style.css",
    "/js/timeline.js",
    "/feed.xml",
    "/search-index.json",
    "/no-such-page/",
)


def event(index: int, title: str | None = None) -> str:
    return event_text(
        title=title or f"Event {index}", date=f"2023-07-{index % 28 + 1:02d}", topics="[ASEAN]"
    )


@pytest.fixture
def server(site: Site) -> Iterator[Server]:
    for index in range(EVENTS):
        site.write(f"content/meetings/e{index}.md", event(index))
    running = Server(site)
    yield running
    assert running.process.poll() is None, "the server stopped by itself"
    code, stderr = running.stop()
    assert code == 0
    assert "Traceback" not in stderr, stderr
    assert not [line for line in running.output if "internal error" in line]


def rss_mib(server: Server) -> float:
    """The server process's resident memory, from /proc."""
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    (line,) = [line for line in status.splitlines() if line.startswith("VmRSS:")]
    return int(line.split()[1]) / 1024


def banner(page: BeautifulSoup) -> list[str]:
    return [item.get_text() for item in page.select("#site-builder-problems li")]


def until(
    server: Server, browser: Browser, check: Callable[[BeautifulSoup], bool], path: str = ""
) -> BeautifulSoup:
    """The page once `check` holds, looked at again after each reload the server sends."""
    deadline = time.monotonic() + WAIT
    while True:
        status, text = server.get(path)
        assert status in (200, 404), status
        page = BeautifulSoup(text, "html.parser")
        if check(page):
            return page
        remaining = deadline - time.monotonic()
        try:
            assert remaining > 0
            browser.next_reload(timeout=remaining)
        except (AssertionError, websocket.WebSocketTimeoutException):
            pytest.fail(f"the page never showed it: {banner(page)}; printed {server.output[-4:]}")


def load(port: int, clients: int, requests: int) -> tuple[collections.Counter[int], list[str]]:
    """`clients` connections each sending `requests` GETs, all at once: statuses and failures."""
    statuses: collections.Counter[int] = collections.Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        for index in range(requests):
            path = PATHS[(number + index) % len(PATHS)]
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                expected = 404 if path == "/no-such-page/" else 200
                with lock:
                    statuses[response.status] += 1
                    if response.status != expected:
                        failures.append(f"{path}: {response.status}")
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    failures.append(f"{path}: {error!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [thread for thread in threads if thread.is_alive()], "a client never finished"
    return statuses, failures


def test_many_clients_while_files_are_edited(server: Server, site: Site) -> None:
    """50 clients x 100 requests, while an event and the stylesheet are saved every 20 ms."""
    browsers = [Browser(server) for _ in range(10)]
    load(server.port, 10, 50)  # warm up: imports, caches, the first pages read
    before = rss_mib(server)
    stop = threading.Event()
    saves = 0

    def edit() -> None:
        nonlocal saves
        stylesheet = site.root / "static/css/style.css"
        original = stylesheet.read_text()
        while not stop.is_set():
            saves += 1
            save(site.root / "content/meetings/e0.md", event(0, f"Event 0, edit {saves}"))
            save(stylesheet, original + f"\n/* edit {saves} */\n")
            stop.wait(0.02)

    editor = threading.Thread(target=edit)
    editor.start()
    started = time.monotonic()
    try:
        statuses, failures = load(server.port, CLIENTS, REQUESTS)
    finally:
        stop.set()
        editor.join()
    seconds = time.monotonic() - started
    after = rss_mib(server)
    print(
        f"\n{sum(statuses.values())} requests in {seconds:.1f} s during {saves} saves: "
        f"{dict(statuses)}, {len(failures)} failed; server RSS {before:.1f} -> {after:.1f} MiB"
    )
    assert failures == []
    assert sum(statuses.values()) == CLIENTS * REQUESTS
    assert not [status for status in statuses if status >= 500]
    assert after - before < 5, f"the server's memory grew from {before:.1f} to {after:.1f} MiB"
    assert saves > 10
    for browser in browsers:
        assert browser.next_reload()["command"] == "reload"
    final = until(
        server,
        browsers[0],
        lambda page: page.h1.get_text() == f"Event 0, edit {saves}",
        "meetings/e0/",
    )
    assert banner(final) == []


def test_deleting_and_recreating_content_keeps_serving(server: Server, site: Site) -> None:
    browser = Browser(server)
    content = site.root / "content"
    shutil.rmtree(content)
    missing = "content: folder not found: events live in content/<section>/"
    page = until(server, browser, lambda page: banner(page) == [missing])
    assert len(page.select("article")) == EVENTS, "the last good pages stay up"
    assert server.get("meetings/e3/")[0] == 200

    site.write("content/meetings/back.md", event(1, "Back again"))

    def back(page: BeautifulSoup) -> bool:
        return [h3.get_text() for h3 in page.select("article h3")] == ["Back again"]

    page = until(server, browser, back)
    assert banner(page) == []
    assert server.get("meetings/e3/")[0] == 404

    save(content / "meetings/back.md", event(1, "Edited in the new folder"))  # still watched
    until(
        server,
        browser,
        lambda page: page.h1.get_text() == "Edited in the new folder",
        "meetings/back/",
    )


def test_files_renamed_during_builds(server: Server, site: Site) -> None:
    """Renames every 20-80 ms, about as long as a rebuild takes: many land during one."""
    browser = Browser(server)
    renames = [  # an odd count leaves the file renamed, an even one puts it back
        (site.root / "content/meetings/e1.md", site.root / "content/meetings/renamed.md", 41),
        (site.root / "static/css/style.css", site.root / "static/css/renamed.css", 40),
    ]
    for first, second, count in renames:
        for index in range(count):
            if first.exists():
                os.replace(first, second)
            else:
                os.replace(second, first)
            time.sleep((20 + 15 * (index % 5)) / 1000)
    # The state the last rename left, whatever the builds in between showed.
    final = {
        "meetings/e1/": 404,
        "meetings/renamed/": 200,
        "css/style.css": 200,
        "css/renamed.css": 404,
    }

    def settled(page: BeautifulSoup) -> bool:
        served = {path: server.get(path)[0] for path in final}
        return banner(page) == [] and served == final

    page = until(server, browser, settled)
    assert len(page.select("article")) == EVENTS
    assert server.process.poll() is None


def test_a_template_deleted_and_restored(server: Server, site: Site) -> None:
    """A template only the site has, deleted: the banner names it and the last good pages stay;
    restored: all is well again. A site's copy of a theme template, deleted: the theme's own
    takes its place, with no problem."""
    browser = Browser(server)
    base = site.root / "templates/base.html"
    base.write_text(base.read_text().replace("</footer>", '{% include "_note.html" %}</footer>'))
    note = site.root / "templates/_note.html"
    note.write_text('<p class="note">A note of the site</p>')
    until(server, browser, lambda page: page.select_one(".note") is not None)

    note.unlink()
    page = until(
        server, browser, lambda page: any('"_note.html" not found' in line for line in banner(page))
    )
    assert len(banner(page)) == 1
    assert banner(page)[0].startswith("templates/base.html:")
    assert len(page.select("article")) == EVENTS
    assert server.html("meetings/e2/").h1.get_text() == "Event 2"

    note.write_text('<p class="note">A note of the site</p>')
    until(server, browser, lambda page: banner(page) == [] and page.select_one(".note") is not None)
    (site.root / "templates/event.html").unlink()
    save(site.root / "content/meetings/e2.md", event(2, "Event 2, after the fix"))
    page = until(
        server, browser, lambda page: page.h1.get_text() == "Event 2, after the fix", "meetings/e2/"
    )
    assert banner(page) == []
