"""Fixtures that write small sites into a temporary folder, using the project's own theme."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent

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
        """Every file of the output folder and its bytes."""
        return {
            path.relative_to(self.build_dir).as_posix(): path.read_bytes()
            for path in sorted(self.build_dir.rglob("*"))
            if path.is_file()
        }


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[], Site]:
    """A new site with the project's templates and static files, a config and no events."""

    def make() -> Site:
        root = tmp_path / "site"
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "static", root / "static")
        site = Site(root)
        site.write("site.yaml", SITE_YAML)
        (root / "content" / "meetings").mkdir(parents=True)
        return site

    return make


@pytest.fixture
def site(make_site: Callable[[], Site]) -> Site:
    return make_site()
