"""Fixtures that write small sites into a temporary folder, using the project's own theme."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from site_builder.write.output import MANIFEST

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from servers import Server

PROJECT = Path(__file__).resolve().parent.parent
JS_FOLDER = PROJECT / "tests" / "js"

# The browser tests' Chromium, for Playwright, which only the browser test modules import
# (tests/test_suite.py holds it): the quick run, `pytest -m "not browser"`, does without.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@functools.cache
def js_packages() -> Path:
    """tests/js/node_modules, installed from its lock file the first time a test needs it, so
    that the README's one test command is all a fresh machine needs (with Node.js and npm)."""
    modules = JS_FOLDER / "node_modules"
    installed = modules / ".package-lock.json"  # npm's record of what node_modules holds
    lock = JS_FOLDER / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        command = ["npm", "ci", "--prefix", str(JS_FOLDER), "--no-audit", "--no-fund"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"`{' '.join(command)}` failed:\n{done.stderr}")
    return modules


SITE_YAML = """\
title: Test timeline
description: Events for testing.
base_url: https://example.org/
"""


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`site-builder ARGS` in `cwd`, as a user runs it: a real process."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_python(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`script` run by a new Python process with `args` (its `sys.argv[1:]`), for what only a
    process of its own shows: what it imports, what happens at its exit."""
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
    )


def event_text(**fields: str) -> str:
    """A valid event file; keyword arguments replace or add front matter lines."""
    front = {
        "title": "A meeting",
        "date": "2023-07-13",
        "kind": "meeting",
        "location": "Jakarta, Indonesia",
        "sources": "\n  - outlet: Xinhua\n    title: A headline\n    published: 2023-07-14",
    }
    front.update(fields)
    lines = [f"{key}: {value}" for key, value in front.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\nThe body, in **Markdown**.\n"


class Site:
    """A site folder under a test's temporary path."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def event(self, name: str, **fields: str) -> Path:
        return self.write(f"content/meetings/{name}.md", event_text(**fields))

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.build_dir / relative).read_text(encoding="utf-8"), "html.parser")

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the output folder and its bytes, but the manifest of what was written
        (which records when)."""
        return {
            path.relative_to(self.build_dir).as_posix(): path.read_bytes()
            for path in sorted(self.build_dir.rglob("*"))
            if path.is_file() and path.name != MANIFEST
        }


def site_at(root: Path) -> Site:
    """A new site with the project's templates and static files, a config and no events."""
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    site = Site(root)
    site.write("site.yaml", SITE_YAML)
    (root / "content" / "meetings").mkdir(parents=True)
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[], Site]:
    """A new site with the project's templates and static files, a config and no events."""
    return lambda: site_at(tmp_path / "site")


@pytest.fixture
def site(make_site: Callable[[], Site]) -> Site:
    return make_site()


@pytest.fixture
def server(site: Site) -> Iterator[Server]:
    """A preview server (`site-builder serve`) of a site with one event, stopped after."""
    from servers import Server  # imported here: servers imports this module

    site.event("jakarta", title="Talks in Jakarta")
    running = Server(site)
    yield running
    running.stop()


# Events per year of a timeline too long for one page at LONG_PAGE_SIZE events: the sparse
# 1990s and 2010s make one period each; the busy 2000s and 2020s a period per year, the
# 2000s' few events of 2005 included.
LONG_PAGE_SIZE = 20
LONG_YEARS = {
    **{1995: 3, 1997: 4},
    **{2001: 30, 2002: 25, 2005: 3},
    **{2011: 6, 2014: 5, 2019: 4},
    **{2021: 80, 2022: 60, 2023: 75},
}
LONG_PLACES = {"Jakarta, Indonesia": (-6.21, 106.85), "Moscow, Russia": (55.76, 37.62)}


@dataclass(frozen=True)
class PlannedEvent:
    """An event written by `write_long_site`, with what its pages should show."""

    url: str
    title: str
    date: dt.date
    kind: str
    place: str | None
    topics: tuple[str, ...]


def write_long_site(site: Site, years: Mapping[int, int], page_size: int) -> list[PlannedEvent]:
    """`years[Y]` events in each year Y, spread over it, oldest first: meetings in Jakarta or
    Moscow and phone calls in turn, every second one about Trade, every third about Energy."""
    places = "".join(f"  {name}: [{lat}, {lon}]\n" for name, (lat, lon) in LONG_PLACES.items())
    site.write("site.yaml", SITE_YAML + f"page_size: {page_size}\nplaces:\n{places}")
    planned = []
    for year, count in sorted(years.items()):
        for number in range(1, count + 1):
            index = len(planned)
            day = dt.date(year, 1, 1) + dt.timedelta(days=(number - 1) * 360 // count)
            call = index % 3 == 2
            topics = tuple(
                name for name, every in (("Trade", 2), ("Energy", 3)) if index % every == 0
            )
            event = PlannedEvent(
                f"/meetings/{year}-{number:03d}/",
                f"Talks number {number} of {year}",
                day,
                "phone-call" if call else "meeting",
                None if call else list(LONG_PLACES)[index % 2],
                topics,
            )
            site.event(
                f"{year}-{number:03d}",
                title=event.title,
                date=day.isoformat(),
                kind=event.kind,
                location=event.place,  # type: ignore[arg-type]
                topics=f"[{', '.join(topics)}]",
            )
            planned.append(event)
    return planned


# Pages served as GitHub Pages would serve them, for the browser tests -------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder's files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static file server of `folder` on a loopback port of its own, and its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def served(root: Path, output: Path) -> Iterator[str]:
    """The site at `root`, built into `output` for, and served at, a loopback address."""
    from site_builder.build import BuildOptions, build

    server, url = serve_folder(output)  # its address first: the build links to it
    build(BuildOptions(root=root, output=output, base_url=url))
    yield url
    server.shutdown()
    server.server_close()


def launched_chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, which only the browser tests import."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
