"""Rebuilds for the preview: only changed files are parsed again, only changed pages are
rendered again, and only changed output files are written."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.problems import SiteError
from site_builder.write.output import OutputSync, write_site

from conftest import Site, event_text, run_python, write_long_site


def three_events(site: Site) -> None:
    site.event("a", date="2023-01-01")
    site.event("b", date="2023-02-01")
    site.event("c", date="2023-03-01")


def test_only_the_edited_file_is_parsed_again(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    assert len(builder.reuse.stats.content.parsed) == 3
    site.write("content/meetings/b.md", event_text(date="2023-02-01", title="Edited"))
    builder.build()
    assert builder.reuse.stats.content.parsed == ["content/meetings/b.md"]


def test_a_change_of_kinds_parses_everything_again(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nkinds:\n  meeting: {label: Talks, in_person: true}\n",
    )
    builder.build()
    assert len(builder.reuse.stats.content.parsed) == 3


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
    # b links back to a, so it changes too; c and d do not mention a, nor does the index of
    # places, which counts each place's events.
    assert same == ["meetings/c/index.html", "meetings/d/index.html", "places/index.html"]


def test_a_template_change_renders_every_page_again(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    template = site.root / "templates/base.html"
    template.write_text(template.read_text().replace("</footer>", "<p>new footer</p></footer>"))
    pages = [page for page in builder.build().pages if page.path.endswith(".html")]
    framed = [page for page in pages if page.path.startswith("embed/")]  # no base.html of its own
    assert pages and all("new footer" in page.text for page in pages if page not in framed)


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
        "embed/index.html",
        "events.csv",
        "feed.xml",
        "index.html",
        "kinds/meeting/index.html",
        "meetings/a/index.html",
        "meetings/b/index.html",
        "meetings/c/index.html",
        "places/index.html",
        "places/jakarta-indonesia/index.html",
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
        "js/embed.js",
        "js/filters.js",
        "js/share.js",
        "js/timeline.js",
        "oembed.json",
        "robots.txt",
        "topics/index.html",
    ]
    assert sync.apply(built.pages, built.static) == []


def test_a_change_in_static_keeps_the_pages_and_lists_the_files_again(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = builder.build()
    site.write("static/new.css", "p { color: red; }")
    again = builder.rebuild(["static/new.css"])
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


# A rebuild after edits reported by the watcher patches the last build where it can (only the
# edited files are read, the timeline is patched rather than built again). Whatever it does,
# its output must be the output of a clean build of the same files.

SMALL_LONG_SITE = {2001: 6, 2002: 5, 2011: 3}  # with pages of 5: periods 2001, 2002, 2010s


def clean_build_pages(site: Site, tmp_path: Path) -> dict[str, bytes]:
    """The pages of a build of a copy of the site, with a new builder and no .cache/."""
    copy = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns(".cache", "build"))
    return {page.path: page.data for page in SiteBuilder(BuildOptions(root=copy)).build().pages}


def rebuilt_pages(builder: SiteBuilder, changed: list[str]) -> dict[str, bytes]:
    return {page.path: page.data for page in builder.rebuild(changed).pages}


def long_site(make_site: Callable[[], Site]) -> tuple[Site, SiteBuilder]:
    site = make_site()
    write_long_site(site, SMALL_LONG_SITE, page_size=5)
    site.event("2002-002", title="A draft", date="2002-03-15", draft="true")
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    return site, builder


EDITS = {
    "the body": lambda text: text.replace("The body", "The edited body"),
    "the title, in place": lambda text: text.replace("Talks number 3", "Meeting number 3"),
    "the title, out of order": lambda text: text.replace("Talks number 3", "Aardvark"),
    "the date": lambda text: text.replace("2001-05-", "2001-11-"),
    "the topics": lambda text: text.replace("topics: [Trade]", "topics: [Trade, Energy]"),
    "the draft flag": lambda text: text.replace("---\nThe body", "draft: true\n---\nThe body"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_rebuild_after_an_edit_makes_what_a_clean_build_makes(
    edit: str, make_site: Callable[[], Site], tmp_path: Path
) -> None:
    site, builder = long_site(make_site)
    edited = "content/meetings/2001-003.md"
    path = site.root / edited
    before = path.read_text()
    path.write_text(EDITS[edit](before))
    assert path.read_text() != before, "the edit must change the file"
    assert rebuilt_pages(builder, [edited]) == clean_build_pages(site, tmp_path)


def test_rebuilds_after_files_are_added_removed_broken_and_fixed_match_clean_builds(
    make_site: Callable[[], Site], tmp_path: Path
) -> None:
    site, builder = long_site(make_site)
    site.event("2011-004", title="Added", date="2011-12-01", topics="[Trade]")
    assert rebuilt_pages(builder, ["content/meetings/2011-004.md"]) == clean_build_pages(
        site, tmp_path
    )
    (site.root / "content/meetings/2001-002.md").unlink()
    assert rebuilt_pages(builder, ["content/meetings/2001-002.md"]) == clean_build_pages(
        site, tmp_path
    )
    draft = site.root / "content/meetings/2002-002.md"
    draft.write_text(draft.read_text().replace("The body", "A hidden body"))
    assert rebuilt_pages(builder, ["content/meetings/2002-002.md"]) == clean_build_pages(
        site, tmp_path
    )
    site.event("2002-003", title="Broken", date="2002-02-30")
    with pytest.raises(SiteError):
        builder.rebuild(["content/meetings/2002-003.md"])
    site.event("2002-003", title="Mended", date="2002-02-28")
    assert rebuilt_pages(builder, ["content/meetings/2002-003.md"]) == clean_build_pages(
        site, tmp_path
    )


def test_an_edit_that_moves_nothing_patches_the_timeline_without_listing_content(
    make_site: Callable[[], Site],
) -> None:
    site, builder = long_site(make_site)
    edited = site.root / "content/meetings/2001-003.md"
    edited.write_text(edited.read_text().replace("The body", "The edited body"))
    builder.rebuild(["content/meetings/2001-003.md"])
    stats = builder.reuse.stats
    assert (stats.content.listed, stats.content.parsed, stats.timeline_patched) == (
        False,
        ["content/meetings/2001-003.md"],
        True,
    )
    edited.write_text(edited.read_text().replace("2001-05-", "2001-11-"))  # moved in time
    builder.rebuild(["content/meetings/2001-003.md"])
    assert (builder.reuse.stats.content.listed, builder.reuse.stats.timeline_patched) == (
        False,
        False,
    )
    builder.rebuild(["templates/base.html"])  # content/ is listed again; no event changed
    stats = builder.reuse.stats
    assert (stats.content.listed, stats.content.parsed, stats.timeline_patched) == (True, [], True)


def test_a_save_by_way_of_a_temporary_file_reads_the_saved_file_alone(
    make_site: Callable[[], Site],
) -> None:
    """Editors that save by writing a temporary file and renaming it over the file (`sed -i`,
    "safe write") leave the watcher two paths, one already gone: the edit is still one file's."""
    site, builder = long_site(make_site)
    edited = site.root / "content/meetings/2001-003.md"
    temporary = edited.with_name("sedX1a2B3")  # no suffix: not an event file's path
    temporary.write_text(edited.read_text().replace("The body", "The edited body"))
    temporary.replace(edited)
    made = builder.rebuild(["content/meetings/sedX1a2B3", "content/meetings/2001-003.md"])
    stats = builder.reuse.stats
    assert (stats.content.listed, stats.content.parsed, stats.timeline_patched) == (
        False,
        ["content/meetings/2001-003.md"],
        True,
    )
    page = next(page for page in made.pages if page.path == "meetings/2001-003/index.html")
    assert "The edited body" in page.text


def test_a_gone_folder_whose_events_were_listed_lists_content_again(
    make_site: Callable[[], Site],
) -> None:
    """A folder moved out of content/ in one move is one path, gone: it held events, so
    content/ is listed again and its events leave the site."""
    site, builder = long_site(make_site)
    (site.root / "content/moved").mkdir()
    shutil.move(site.root / "content/meetings/2001-003.md", site.root / "content/moved/a.md")
    builder.build()
    shutil.move(site.root / "content/moved", site.root / "elsewhere")
    made = builder.rebuild(["content/moved"])
    assert builder.reuse.stats.content.listed
    assert not any(page.path.startswith("moved/") for page in made.pages)


def test_an_edit_that_makes_two_events_clash_is_refused(site: Site) -> None:
    site.event("a", date="2023-01-01", topics="[Trade]")
    site.event("b", date="2023-02-01", topics="[Energy]")
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    site.event("b", date="2023-02-01", topics="[trade]")
    with pytest.raises(SiteError) as spelt:
        builder.rebuild(["content/meetings/b.md"])
    assert "spell the topic the same way" in str(spelt.value.problems[0])
    site.event("a", date="2023-01-01", topics="[Trade]", summary="Another file, edited.")
    with pytest.raises(SiteError) as still:
        builder.rebuild(["content/meetings/a.md"])
    assert "spell the topic the same way" in str(still.value.problems[0])
    site.event("b", date="2023-02-01", topics="[Trade]", slug="a")
    with pytest.raises(SiteError) as same_url:
        builder.rebuild(["content/meetings/b.md"])
    assert "is also the URL of content/meetings/a.md" in str(same_url.value.problems[0])
    site.event("b", date="2023-02-01", topics="[Trade]")
    assert len(builder.rebuild(["content/meetings/b.md"]).pages) > 2


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_folder_kept_up_to_date_after_edits_equals_a_fresh_build(
    make_site: Callable[[], Site], tmp_path: Path
) -> None:
    site, builder = long_site(make_site)
    site.write("static/extra.css", "p { color: red; }")
    synced = tmp_path / "synced"
    synced.mkdir()
    sync = OutputSync(synced)  # as the preview does: no manifest
    built = builder.rebuild(["static/extra.css"])
    sync.apply(built.pages, built.static)
    edited = site.root / "content/meetings/2001-003.md"
    for title in ("Renamed once", "Renamed twice"):
        edited.write_text(edited.read_text().replace("title: ", f"title: {title}, ", 1))
        built = builder.rebuild(["content/meetings/2001-003.md"])
        assert "meetings/2001-003/index.html" in sync.apply(built.pages, built.static)
    (site.root / "static/extra.css").unlink()
    built = builder.rebuild(["static/extra.css"])
    assert sync.apply(built.pages, built.static) == ["extra.css"]
    fresh = tmp_path / "fresh"
    write_site(built.pages, built.static, fresh, recorded=False)
    assert folder_files(synced) == folder_files(fresh)


def test_warnings_follow_edits_as_in_a_clean_build(
    make_site: Callable[[], Site], tmp_path: Path
) -> None:
    site, builder = long_site(make_site)
    edited = site.root / "content/meetings/2001-003.md"
    original = edited.read_text()

    def clean_warnings() -> tuple[str, ...]:
        copy = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns(".cache", "build"))
        return SiteBuilder(BuildOptions(root=copy)).build().warnings

    for text in (
        original.replace("---\nThe body", "summery: A typo\n---\nThe body"),
        original.replace("---\nThe body", "summery: A typo\n---\nThe edited body"),
        original,
    ):
        edited.write_text(text)
        warnings = builder.rebuild(["content/meetings/2001-003.md"]).warnings
        assert warnings == clean_warnings()
        assert any("summery" in warning for warning in warnings) == ("summery" in text)


def test_a_build_leaves_the_cycle_collector_as_it_found_it(site: Site) -> None:
    """A build pauses Python's cycle collector (incremental/collector.py): a program that
    builds, as the tests do, finds it on again after, even when the build failed."""
    three_events(site)
    build(BuildOptions(root=site.root))
    assert gc.isenabled()
    site.write("content/meetings/b.md", event_text(date="2023-02-30"))
    with pytest.raises(SiteError):
        build(BuildOptions(root=site.root))
    assert gc.isenabled()
    gc.disable()
    try:
        site.write("content/meetings/b.md", event_text(date="2023-02-01"))
        build(BuildOptions(root=site.root))
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_the_program_leaves_no_cycle_collection_to_its_exit(site: Site) -> None:
    """`python -m site_builder` keeps the collector off to its end and freezes what is left,
    so that the interpreter's last collection walks nothing; the build is whole all the same."""
    three_events(site)
    script = (
        "import atexit, gc, runpy, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 1000,"
        " 'enabled', gc.isenabled()))\n"
        "sys.argv = ['site_builder', 'build', '-s', sys.argv[1]]\n"
        "runpy.run_module('site_builder', run_name='__main__')\n"
    )
    done = run_python(script, str(site.root))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "frozen True enabled False"
    assert (site.build_dir / "meetings" / "b" / "index.html").is_file()


def test_an_event_edit_after_a_broken_site_yaml_still_reports_it(site: Site) -> None:
    three_events(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    good = (site.root / "site.yaml").read_text()
    site.write("site.yaml", good + "page_size: many\n")
    with pytest.raises(SiteError) as broken:
        builder.rebuild(["site.yaml"])
    site.event("b", date="2023-02-01", title="Edited")
    with pytest.raises(SiteError) as again:
        builder.rebuild(["content/meetings/b.md"])
    assert [p.path for p in again.value.problems] == [p.path for p in broken.value.problems]
    site.write("site.yaml", good)
    assert builder.rebuild(["site.yaml"]).events == 3
