"""What a changed path is to a build (`change_kind`), the one classification that both the
preview's watcher and `SiteBuilder.rebuild` use."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from site_builder.build import BuildOptions, SiteBuilder
from site_builder.incremental.changes import ChangeKind, change_kind
from site_builder.serve.watch import SiteWatcher, changed_since

from conftest import SITE_YAML, Site

CONFIG, EVENT, CONTENT = ChangeKind.CONFIG, ChangeKind.EVENT, ChangeKind.CONTENT
TEMPLATES, STATIC = ChangeKind.TEMPLATES, ChangeKind.STATIC
IGNORED, OTHER = ChangeKind.IGNORED, ChangeKind.OTHER


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("site.yaml", CONFIG),
        ("./site.yaml", CONFIG),
        ("static/../site.yaml", CONFIG),  # no static file: the config
        ("content/meetings/../../site.yaml", CONFIG),
        ("site.yml", OTHER),
        ("content/meetings/jakarta.md", EVENT),
        ("content/meetings/2024/jakarta.md", EVENT),
        ("content/jakarta.md", EVENT),  # outside a section: the build reports it
        ("content//meetings/./jakarta.md", EVENT),
        ("static/../content/meetings/jakarta.md", EVENT),
        ("content/x.md/", CONTENT),  # a folder named like an event file
        ("content/meetings/x.md/", CONTENT),
        ("content/meetings/jakarta.MD", CONTENT),  # the loader reads `.md` only
        ("content/meetings/notes.txt", CONTENT),
        ("content/meetings", CONTENT),  # a section made, removed or renamed
        ("content", CONTENT),
        ("content/", CONTENT),
        ("content/meetings/.#jakarta.md", IGNORED),  # Emacs' lock file
        ("content/meetings/#jakarta.md#", IGNORED),  # Emacs' autosave
        ("content/meetings/jakarta.md~", IGNORED),  # a backup
        ("content/meetings/.jakarta.md.swp", IGNORED),  # Vim's swap file
        ("content/meetings/4913", IGNORED),  # Vim's test of the folder
        ("content/meetings/jakarta.md.tmp", IGNORED),
        ("templates/.#base.html", IGNORED),
        ("static/css/.style.css.swx", IGNORED),
        (".site.yaml.swp", IGNORED),
        ("templates/event.html", TEMPLATES),
        ("templates/partials/_card.html", TEMPLATES),
        ("templates", TEMPLATES),
        ("locale/ru/LC_MESSAGES/messages.po", TEMPLATES),  # the templates' words
        ("static/css/style.css", STATIC),
        ("static/favicon.svg", STATIC),
        ("static", STATIC),
        ("staticfiles/style.css", OTHER),
        ("contents/meetings/jakarta.md", OTHER),
        ("theme/templates/event.html", OTHER),  # the theme is the package's, not the site's
        ("site_builder/theme/static/css/style.css", OTHER),
        ("build/index.html", OTHER),
        (".cache/parsed.sqlite", OTHER),
        ("README.md", OTHER),
        ("../site.yaml", OTHER),  # out of the site
        ("static/../../elsewhere/site.yaml", OTHER),
        ("/etc/passwd", OTHER),
        ("", OTHER),
        (".", OTHER),
    ],
)
def test_each_path_has_its_kind(path: str, kind: ChangeKind) -> None:
    assert change_kind(path) is kind


def test_only_sources_are_watched() -> None:
    sources = {kind for kind in ChangeKind if kind.is_source}
    assert sources == {CONFIG, EVENT, CONTENT, TEMPLATES, STATIC}


@pytest.fixture
def watcher(site: Site) -> Iterator[SiteWatcher]:
    """A running watcher of the site, stopped after the test: its threads end with it."""
    running = SiteWatcher(site.root, lambda path: None)
    running.start()
    yield running
    running.stop()


def test_the_watcher_passes_on_the_sources_only(watcher: SiteWatcher) -> None:
    root = watcher.root
    seen = {
        name: watcher._relative(str(root / name))
        for name in (
            "site.yaml",
            "content/meetings/jakarta.md",
            "content/meetings/.#jakarta.md",
            "content/meetings/jakarta.md~",
            "templates/event.html",
            "static/css/style.css",
            "build/index.html",
            "notes.txt",
        )
    }
    assert seen == {
        "site.yaml": "site.yaml",
        "content/meetings/jakarta.md": "content/meetings/jakarta.md",
        "content/meetings/.#jakarta.md": None,
        "content/meetings/jakarta.md~": None,
        "templates/event.html": "templates/event.html",
        "static/css/style.css": "static/css/style.css",
        "build/index.html": None,
        "notes.txt": None,
    }
    assert watcher._relative(str(root)) is None
    assert watcher._relative(str(root.parent / "elsewhere.md")) is None
    assert watcher._relative(os.fsencode(root / "content/meetings/jakarta.md")) == (
        "content/meetings/jakarta.md"
    )


def test_a_change_missed_before_the_watcher_started_is_found_but_not_editor_litter(
    site: Site,
) -> None:
    site.event("jakarta")
    started = time.time_ns() + 10**9  # everything written so far is older
    assert changed_since(site.root, started) is None
    future = (started + 10**9, started + 10**9)
    for name in ("content/meetings/.#jakarta.md", "content/meetings/jakarta.md~", "notes.txt"):
        os.utime(site.write(name, "litter\n"), ns=future)
    assert changed_since(site.root, started) is None
    os.utime(site.root / "content/meetings/jakarta.md", ns=future)
    assert changed_since(site.root, started) == "content/meetings/jakarta.md"


def test_a_path_that_only_starts_in_static_is_not_taken_for_a_static_file(site: Site) -> None:
    """`static/../site.yaml` is the config: a rebuild reads it, and keeps no page of the last
    build, as a rebuild after a change in static/ alone does."""
    site.event("jakarta")
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = builder.build()
    assert builder.rebuild(["static/css/style.css"]).pages is first.pages
    site.write("site.yaml", SITE_YAML.replace("Test timeline", "Renamed timeline"))
    rebuilt = builder.rebuild(["static/../site.yaml"])
    assert rebuilt.config.title == "Renamed timeline"
    assert rebuilt.pages is not first.pages


def test_a_folder_named_like_an_event_file_lists_content_again(site: Site) -> None:
    site.event("jakarta")
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    (site.root / "content/meetings/moscow.md").mkdir()
    rebuilt = builder.rebuild(["content/meetings/moscow.md"])
    assert rebuilt.events == 1
    assert any("moscow.md: is a folder" in warning for warning in rebuilt.warnings)
