"""Rebuilds for the preview: only changed files are parsed again, only changed pages are
rendered again, and only changed output files are written."""

from __future__ import annotations

from pathlib import Path

import pytest

import site_builder.content
from site_builder.build import BuildOptions, SiteBuilder
from site_builder.output import OutputSync
from site_builder.problems import SiteError

from conftest import Site, event_text


@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed, in order, by every build in the test."""
    parsed: list[str] = []
    real = site_builder.content.parse_event

    def counting(text, path, section, kinds):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(text, path, section, kinds)

    monkeypatch.setattr(site_builder.content, "parse_event", counting)
    return parsed


def three_events(site: Site) -> None:
    site.event("a", date="2023-01-01")
    site.event("b", date="2023-02-01")
    site.event("c", date="2023-03-01")


def test_only_the_edited_file_is_parsed_again(site: Site, parse_count: list[str]) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    assert len(parse_count) == 3
    site.write("content/meetings/b.md", event_text(date="2023-02-01", title="Edited"))
    builder.build()
    assert parse_count[3:] == ["content/meetings/b.md"]


def test_a_change_of_kinds_parses_everything_again(site: Site, parse_count: list[str]) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nkinds:\n  meeting: {label: Talks, in_person: true}\n",
    )
    builder.build()
    assert len(parse_count) == 6


def test_only_pages_whose_inputs_changed_are_rendered_again(site: Site) -> None:
    site.event("a", date="2023-01-01")
    site.event("b", date="2023-02-01")
    site.event("c", date="2023-03-01")
    site.event("d", date="2023-04-01")
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = {page.path: page for page in builder.build().pages}
    site.write("content/meetings/a.md", event_text(date="2023-01-01", title="Edited"))
    second = {page.path: page for page in builder.build().pages}
    same = sorted(path for path in first if second[path] is first[path] and path.endswith(".html"))
    # b links back to a, so it changes too; c and d do not mention a.
    assert same == ["meetings/c/index.html", "meetings/d/index.html"]


def test_a_template_change_renders_every_page_again(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    template = site.root / "templates/base.html"
    template.write_text(template.read_text().replace("</footer>", "<p>new footer</p></footer>"))
    pages = [page for page in builder.build().pages if page.path.endswith(".html")]
    assert pages and all("new footer" in page.text for page in pages)


def test_sync_writes_only_changed_files_and_removes_stale_ones(site: Site, tmp_path: Path) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    sync = OutputSync(tmp_path / "out")
    (tmp_path / "out").mkdir()
    built = builder.build()
    assert len(sync.apply(built.pages, built.static)) == len(built.pages) + len(built.static)
    stamps = {
        path: path.stat().st_mtime_ns for path in (tmp_path / "out").rglob("*") if path.is_file()
    }

    (site.root / "content/meetings/c.md").unlink()
    site.write("content/meetings/a.md", event_text(date="2023-01-01", summary="New summary"))
    built = builder.build()
    changed = sync.apply(built.pages, built.static)
    assert changed == [
        "calendar.ics",
        "events.csv",
        "feed.xml",
        "index.html",
        "kinds/meeting/index.html",
        "meetings/a/index.html",
        "meetings/b/index.html",
        "meetings/c/index.html",
        "search-index.json",
        "sitemap.xml",
        "timeline.json",
    ]
    assert not (tmp_path / "out/meetings/c/index.html").exists()
    untouched = [
        path for path, stamp in stamps.items() if path.exists() and path.stat().st_mtime_ns == stamp
    ]
    assert sorted(path.relative_to(tmp_path / "out").as_posix() for path in untouched) == [
        ".nojekyll",
        "404.html",
        "css/style.css",
        "favicon.svg",
        "js/timeline.js",
        "robots.txt",
        "topics/index.html",
    ]
    assert sync.apply(built.pages, built.static) == []


def test_a_change_in_static_keeps_the_pages_and_lists_the_files_again(
    site: Site, parse_count: list[str]
) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = builder.build()
    parse_count.clear()
    site.write("static/new.css", "p { color: red; }")
    again = builder.rebuild(["static/new.css"])
    assert parse_count == []
    assert again.pages is first.pages
    assert "new.css" in again.static


def test_a_change_in_static_after_a_failed_build_does_not_hide_the_problem(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    site.event("b", date="2023-02-30")
    with pytest.raises(SiteError):
        builder.rebuild(["content/meetings/b.md"])
    site.write("static/new.css", "p { color: red; }")
    with pytest.raises(SiteError):
        builder.rebuild(["static/new.css"])
