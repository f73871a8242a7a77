"""The persistent cache in `.cache/`: what a build keeps for the next one is never served
stale. Each build here is a new process's build (`build()`), as a user runs them one after
another; only `.cache/` and the output folder carry over."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

import site_builder
import site_builder.content.loader
import site_builder.incremental.cache
import site_builder.incremental.content
import site_builder.render.markup
import site_builder.render.site
from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.content.loader import EventFile, ParsedFile
from site_builder.incremental.content import STATUS_TELLS
from site_builder.incremental.parallel import MIN_ITEMS
from site_builder.model.records import Event
from site_builder.model.timeline import Timeline
from site_builder.page import Page
from site_builder.problems import SiteError
from site_builder.render.site import SiteRenderer

from conftest import Site

LISTS = ("timeline", "period", "topic", "kind")  # the kinds of page that list events


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What every build in the test parsed and converted, by path or text, and rendered: the
    addresses of event pages ("rendered") and of pages that list events ("listed"), and of
    event pages taken from .cache/ ("stored"), as the renderer's `stats` tell them."""
    done: dict[str, list[str]] = {
        "parsed": [],
        "converted": [],
        "rendered": [],
        "listed": [],
        "stored": [],  # event pages taken from .cache/
    }
    parse, convert = site_builder.content.loader.parse_event, site_builder.render.markup.convert
    render = SiteRenderer.render

    def parsing(text, path, section, kinds):  # type: ignore[no-untyped-def]
        done["parsed"].append(path)
        return parse(text, path, section, kinds)

    def converting(text: str) -> str:
        done["converted"].append(text)
        return convert(text)

    def rendering(
        self: SiteRenderer, timeline: Timeline, source_keys: Mapping[str, str] | None = None
    ) -> list[Page]:
        pages = render(self, timeline, source_keys)
        done["rendered"] += self.stats["event"].rendered
        done["stored"] += self.stats["event"].stored
        done["listed"] += (url for kind in LISTS for url in self.stats[kind].rendered)
        return pages

    monkeypatch.setattr(site_builder.content.loader, "parse_event", parsing)
    monkeypatch.setattr(site_builder.render.markup, "convert", converting)
    monkeypatch.setattr(SiteRenderer, "render", rendering)
    return done


def three_events(site: Site) -> None:
    site.event("a", date="2023-01-01", summary="First.")
    site.event("b", date="2023-02-01", summary="Second.")
    site.event("c", date="2023-03-01", summary="Third.")


def forget(work: dict[str, list[str]]) -> None:
    for done in work.values():
        done.clear()


def build_site(site: Site) -> None:
    build(BuildOptions(root=site.root))


def test_a_second_build_parses_converts_and_renders_nothing(
    site: Site, work: dict[str, list[str]]
) -> None:
    three_events(site)
    build_site(site)
    assert sorted(work["parsed"]) == [f"content/meetings/{name}.md" for name in "abc"]
    assert len(work["converted"]) == 3
    before = site.snapshot()
    forget(work)
    shutil.rmtree(site.build_dir)  # as on a fresh checkout with .cache/ restored
    build_site(site)
    assert work["stored"] == [f"meetings/{name}/" for name in "abc"]
    made = {name: done for name, done in work.items() if name != "stored"}
    assert made == {"parsed": [], "converted": [], "rendered": [], "listed": []}
    assert site.snapshot() == before
    assert {path.name for path in (site.root / ".cache").iterdir()} >= {
        "parsed.sqlite",
        "markdown.sqlite",
        "pages.sqlite",
    }


def test_a_build_whose_output_holds_it_as_written_makes_nothing_and_says_the_same(
    site: Site, work: dict[str, list[str]]
) -> None:
    three_events(site)
    (site.root / "content/meetings/notes.md").mkdir()  # worth a warning
    first = build(BuildOptions(root=site.root))
    forget(work)
    again = build(BuildOptions(root=site.root))
    assert work == {"parsed": [], "converted": [], "rendered": [], "listed": [], "stored": []}
    assert (again.events, again.pages, again.files, again.written) == (
        3,
        first.pages,
        first.files,
        0,
    )
    assert again.warnings == first.warnings != ()


def test_files_whose_times_changed_but_not_their_bytes_make_nothing_again(
    site: Site, work: dict[str, list[str]]
) -> None:
    """As after a fresh checkout of the site with its output and .cache/ kept."""
    three_events(site)
    build_site(site)
    forget(work)
    later = time.time() + 100
    for path in site.root.rglob("*"):
        if path.is_file() and "build" not in path.parts and ".cache" not in path.parts:
            os.utime(path, (later, later))
    result = build(BuildOptions(root=site.root))
    assert work == {"parsed": [], "converted": [], "rendered": [], "listed": [], "stored": []}
    assert result.written == 0


@pytest.mark.parametrize("change", ["edited", "removed"])
def test_an_output_file_changed_by_hand_is_made_again(
    site: Site, work: dict[str, list[str]], change: str
) -> None:
    three_events(site)
    build_site(site)
    before = site.snapshot()
    page = site.build_dir / "meetings/b/index.html"
    if change == "edited":
        page.write_text("changed by hand", encoding="utf-8")
    else:
        page.unlink()
    forget(work)
    assert build(BuildOptions(root=site.root)).written == 1
    assert site.snapshot() == before
    assert work["rendered"] == []  # from .cache/


def test_drafts_and_a_static_file_each_make_another_build(site: Site) -> None:
    three_events(site)
    site.event("d", date="2023-04-01", title="Unfinished", draft="true")
    build_site(site)
    assert not (site.build_dir / "meetings/d/index.html").exists()
    build(BuildOptions(root=site.root, drafts=True))
    assert (site.build_dir / "meetings/d/index.html").exists()
    build_site(site)
    assert not (site.build_dir / "meetings/d/index.html").exists()
    site.write("static/css/extra.css", "p { color: red; }")
    build_site(site)
    assert (site.build_dir / "css/extra.css").read_text() == "p { color: red; }"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The event files each build read, by how messages name them; files count as changed
    long ago however new they are (no file is too recent for its status to be trusted)."""
    read: list[str] = []
    read_bytes = site_builder.incremental.content.read_event_bytes

    def reading(file: EventFile) -> bytes | ParsedFile:
        read.append(file.shown)
        return read_bytes(file)

    monkeypatch.setattr(site_builder.incremental.content, "read_event_bytes", reading)
    monkeypatch.setattr(site_builder.incremental.content, "RECENT_NS", -(10**12))
    return read


@pytest.mark.skipif(not STATUS_TELLS, reason="a file's status says too little here")
def test_a_build_reads_no_event_file_whose_status_is_as_it_was(
    site: Site, reads: list[str]
) -> None:
    three_events(site)
    build_site(site)
    assert sorted(reads) == [f"content/meetings/{name}.md" for name in "abc"]
    reads.clear()
    build_site(site)
    assert reads == []
    reads.clear()
    site.event("b", date="2023-02-01", title="A renamed meeting", summary="Second.")
    build_site(site)
    assert reads == ["content/meetings/b.md"]
    assert "A renamed meeting" in site.html("meetings/b/index.html").get_text()


@pytest.mark.skipif(not STATUS_TELLS, reason="a file's status says too little here")
def test_a_file_rewritten_with_its_old_size_and_time_is_read_again(
    site: Site, reads: list[str]
) -> None:
    """The change time, which no program can set back, tells the edit apart."""
    three_events(site)
    path = site.event("b", date="2023-02-01", title="Meeting one", summary="Second.")
    build_site(site)
    before = path.stat()
    time.sleep(0.05)  # past the clock's step
    path.write_text(path.read_text().replace("Meeting one", "Meeting two"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    reads.clear()
    build_site(site)
    assert reads == ["content/meetings/b.md"]
    assert "Meeting two" in site.html("meetings/b/index.html").get_text()


@pytest.mark.skipif(not STATUS_TELLS, reason="a file's status says too little here")
def test_a_file_known_by_its_status_but_no_longer_parsed_in_the_cache_is_read(
    site: Site, reads: list[str]
) -> None:
    three_events(site)
    build_site(site)
    before = site.snapshot()
    with sqlite3.connect(site.root / ".cache/parsed.sqlite") as db:
        db.execute("DELETE FROM results_v2")
    db.close()
    shutil.rmtree(site.build_dir)
    reads.clear()
    build_site(site)
    assert sorted(reads) == [f"content/meetings/{name}.md" for name in "abc"]
    assert site.snapshot() == before


def test_a_removed_file_is_let_go_from_the_cache(site: Site, work: dict[str, list[str]]) -> None:
    """The parsed files are kept a row for many: a file removed from the site leaves its
    row, so that the cache stays as large as the site. Put back, it is parsed again."""
    three_events(site)
    build_site(site)
    removed = site.root / "content/meetings/c.md"
    text = removed.read_bytes()
    removed.unlink()
    build_site(site)
    removed.write_bytes(text)
    forget(work)
    build_site(site)
    assert work["parsed"] == ["content/meetings/c.md"]


def test_many_files_parsed_on_every_core_are_kept_for_the_next_build(site: Site) -> None:
    """A cold build of many files parses them in worker processes, in groups that are each
    one row of `.cache/`: a new process finds every one of them there."""
    for day in range(MIN_ITEMS + 10):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        site.event(f"e{day:03d}", date=date.isoformat(), topics="[Trade]")
    first = SiteBuilder(BuildOptions(root=site.root))
    first.build()
    assert len(first.reuse.stats.content.parsed) == MIN_ITEMS + 10
    for path in (site.root / "content/meetings").iterdir():  # as a fresh checkout leaves them
        os.utime(path)
    second = SiteBuilder(BuildOptions(root=site.root))
    second.build()
    assert second.reuse.stats.content.parsed == []
    assert second.reuse.stats.content.from_store == MIN_ITEMS + 10


def test_the_parsed_files_store_of_an_earlier_layout_is_removed(site: Site) -> None:
    three_events(site)
    earlier = site.root / ".cache/events.sqlite"
    earlier.parent.mkdir()
    earlier.write_bytes(b"SQLite format 3\0")
    build_site(site)
    assert not earlier.exists()
    assert (site.root / ".cache/parsed.sqlite").exists()


def test_an_edited_event_is_read_again_with_its_neighbours_pages(
    site: Site, work: dict[str, list[str]]
) -> None:
    three_events(site)
    build_site(site)
    forget(work)
    site.event("b", date="2023-02-01", title="A renamed meeting", summary="Second.")
    build_site(site)
    assert work["parsed"] == ["content/meetings/b.md"]
    assert work["converted"] == []  # the body is the same
    # a and c show b's title in their links to it.
    assert sorted(work["rendered"]) == [f"meetings/{name}/" for name in "abc"]
    assert "A renamed meeting" in site.html("meetings/a/index.html").get_text()


def test_an_edited_event_renders_again_only_the_lists_that_show_it(
    site: Site, work: dict[str, list[str]]
) -> None:
    site.event("a", date="2023-01-01", topics="[Trade]")
    site.event("b", date="2023-02-01", topics="[Energy]")
    site.event("c", date="2023-03-01", topics="[Trade]")
    build_site(site)
    assert sorted(work["listed"]) == ["", "kinds/meeting/", "topics/energy/", "topics/trade/"]
    forget(work)
    site.event("b", date="2023-02-01", title="A renamed meeting", topics="[Energy]")
    build_site(site)
    assert sorted(work["listed"]) == ["", "kinds/meeting/", "topics/energy/"]
    for page in ("index.html", "kinds/meeting/index.html", "topics/energy/index.html"):
        assert "A renamed meeting" in site.html(page).get_text()


def test_an_edit_reaches_the_embed_whose_other_lines_are_kept(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The embed lists every event: each event's line is kept with its page, so that an edit
    renders again the lines of the events whose pages it renders again (the edited one and
    its neighbours), and the embed shows the edit."""
    for month, name in enumerate("abcde", start=1):
        site.event(name, date=f"2023-0{month}-01", title=f"Meeting {name}")
    build_site(site)
    lines: list[str] = []
    render_line = SiteRenderer._render_embed_line

    def rendering_line(self: SiteRenderer, event: Event) -> bytes:
        lines.append(event.slug)
        return render_line(self, event)

    monkeypatch.setattr(SiteRenderer, "_render_embed_line", rendering_line)
    site.event("c", date="2023-03-01", title="A renamed meeting")
    build_site(site)
    assert sorted(lines) == ["b", "c", "d"]
    shown = [item.a.get_text() for item in site.html("embed/index.html").select("li.embed-event")]
    assert shown == ["Meeting a", "Meeting b", "A renamed meeting", "Meeting d", "Meeting e"]


def test_a_template_change_reaches_every_page(site: Site, work: dict[str, list[str]]) -> None:
    three_events(site)
    build_site(site)
    forget(work)
    template = site.root / "templates/event.html"
    template.write_text(template.read_text().replace("</article>", "<p>New line.</p></article>"))
    build_site(site)
    assert work["parsed"] == [] and work["converted"] == []
    for name in "abc":
        assert "New line." in site.html(f"meetings/{name}/index.html").get_text()


def test_a_config_change_reaches_every_page(site: Site, work: dict[str, list[str]]) -> None:
    three_events(site)
    build_site(site)
    config = site.root / "site.yaml"
    config.write_text(config.read_text().replace("Test timeline", "Renamed timeline"))
    build_site(site)
    for name in "abc":
        assert site.html(f"meetings/{name}/index.html").title.string.endswith("Renamed timeline")


def test_kinds_changed_in_the_config_check_every_file_again(site: Site) -> None:
    three_events(site)
    build_site(site)
    config = site.root / "site.yaml"
    config.write_text(config.read_text() + "kinds:\n  summit: {label: Summit, in_person: true}\n")
    with pytest.raises(SiteError) as raised:
        build_site(site)
    assert len(raised.value.problems) == 3
    assert all(problem.field == "kind" for problem in raised.value.problems)


def test_a_new_version_of_the_generator_starts_afresh(
    site: Site, work: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    three_events(site)
    build_site(site)
    before = site.snapshot()
    forget(work)
    monkeypatch.setattr(
        site_builder.incremental.cache, "generator_fingerprint", lambda: "another version"
    )
    build_site(site)
    assert len(work["parsed"]) == len(work["converted"]) == len(work["rendered"]) == 3
    assert site.snapshot() == before


def test_the_generator_fingerprint_covers_the_message_catalogs() -> None:
    """A language's words are part of every page: a catalog changed is pages made again."""
    fingerprint = site_builder.incremental.cache.generator_fingerprint
    fingerprint.cache_clear()
    first = fingerprint()
    folder = Path(site_builder.__file__).parent / "locale/xx-test/LC_MESSAGES"
    folder.mkdir(parents=True)
    try:
        (folder / "messages.mo").write_bytes(b"a catalog")
        fingerprint.cache_clear()
        assert fingerprint() != first
    finally:
        shutil.rmtree(folder.parent)
        if not any(folder.parent.parent.iterdir()):
            folder.parent.parent.rmdir()
        fingerprint.cache_clear()
    assert fingerprint() == first


@pytest.mark.parametrize("module", ["model/slugs.py", "build.py", "render/site.py"])
def test_the_generator_fingerprint_covers_its_own_code(module: str) -> None:
    """Every module of every subpackage, not only those beside the cache's own."""
    fingerprint = site_builder.incremental.cache.generator_fingerprint
    fingerprint.cache_clear()
    first = fingerprint()
    path = Path(site_builder.__file__).parent / module
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n# changed\n")
        fingerprint.cache_clear()
        assert fingerprint() != first
    finally:
        path.write_bytes(original)
        fingerprint.cache_clear()
    assert fingerprint() == first


def test_a_damaged_or_deleted_cache_costs_only_time(site: Site) -> None:
    three_events(site)
    build_site(site)
    before = site.snapshot()
    for database in (site.root / ".cache").glob("*.sqlite"):
        database.write_bytes(b"not a database at all")
    compiled = list((site.root / ".cache").glob("templates/*/*"))
    assert compiled  # the templates, compiled
    for template in compiled:
        template.write_bytes(b"not a compiled template")
    build_site(site)
    assert site.snapshot() == before
    shutil.rmtree(site.root / ".cache")
    build_site(site)
    assert site.snapshot() == before


def test_a_stored_page_under_another_key_is_not_served(site: Site) -> None:
    """A row left by an earlier version of an event is replaced, not reused."""
    three_events(site)
    build_site(site)
    site.event("b", date="2023-02-01", summary="Changed again.")
    build_site(site)
    with sqlite3.connect(site.root / ".cache/pages.sqlite") as db:
        names = [name for (name,) in db.execute("SELECT name FROM results_v2")]
    assert sorted(names) == ["meetings/a/", "meetings/b/", "meetings/c/"]
    assert "Changed again." in site.html("meetings/b/index.html").get_text()


def test_a_damaged_row_is_made_again(site: Site, work: dict[str, list[str]]) -> None:
    three_events(site)
    build_site(site)
    before = site.snapshot()
    for name in ("parsed", "pages", "event-parts"):
        with sqlite3.connect(site.root / f".cache/{name}.sqlite") as db:
            db.execute("UPDATE results_v2 SET value = ?", (b"\x80\x04 not a pickle",))
    forget(work)
    shutil.rmtree(site.build_dir)  # as on a fresh checkout: what is in .cache/ is read
    build_site(site)
    assert site.snapshot() == before
    assert len(work["parsed"]) == len(work["rendered"]) == 3


def test_a_kept_page_whose_row_is_damaged_is_made_again_when_written(
    site: Site, work: dict[str, list[str]]
) -> None:
    """A build knows the kept event pages by their digests, and reads a page's row only when
    the page must be written: a row found damaged then is rendered again, not written."""
    three_events(site)
    build_site(site)
    before = site.snapshot()
    with sqlite3.connect(site.root / ".cache/pages.sqlite") as db:
        db.execute("UPDATE results_v2 SET value = ?", (b"damaged",))
    forget(work)
    shutil.rmtree(site.build_dir)
    build_site(site)
    assert site.snapshot() == before
    assert len(work["stored"]) == 3 and work["rendered"] == []
