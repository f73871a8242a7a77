"""The kinds of page, declared once each in `PAGE_KINDS` (site_builder/render/pages.py): every
page the site makes comes from one of them, and a kind added to the registry, with nothing else
changed, is built, kept in `.cache/`, reused while its events stay the same and made again
when one of them changes, listed in the sitemap, and guarded against events taking its
addresses. What each render did is read from the renderer's `stats`."""

from __future__ import annotations

import dataclasses
import shutil
from collections import Counter
from collections.abc import Callable, Mapping

import pytest

import site_builder.render.pages
from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.exports.registry import EXPORTS
from site_builder.model.timeline import Timeline
from site_builder.page import Page
from site_builder.problems import SiteError
from site_builder.render.pages import PAGE_KINDS, PageKind, numbered, publishing_files
from site_builder.render.site import KindStats, SiteRenderer

from conftest import Site, event_text, write_long_site

Stats = dict[str, KindStats]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[Stats]:
    """The renderer's `stats` after each render in the test, in order."""
    done: list[Stats] = []
    render = SiteRenderer.render

    def recorded(
        self: SiteRenderer, timeline: Timeline, source_keys: Mapping[str, str] | None = None
    ) -> list[Page]:
        pages = render(self, timeline, source_keys)
        done.append(self.stats)
        return pages

    monkeypatch.setattr(SiteRenderer, "render", recorded)
    return done


def page_path(url: str) -> str:
    return url + "index.html" if url.endswith("/") or not url else url


def test_every_page_comes_from_exactly_one_kind(site: Site, renders: list[Stats]) -> None:
    """A cold build renders every page: each kind's pages, the exports and the publishing
    files are all the site makes, each made once."""
    write_long_site(site, {2001: 6, 2002: 5, 2011: 3}, page_size=5)  # periods, numbered pages
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "cname: t.example.org\n")
    built = SiteBuilder(BuildOptions(root=site.root)).build()
    (stats,) = renders
    assert list(stats) == [kind.name for kind in PAGE_KINDS]
    assert all(kind.stored == [] and kind.reused == 0 for kind in stats.values())
    made = [page_path(url) for kind in stats.values() for url in kind.rendered]
    made += [export.path for export in EXPORTS]
    made += [page.path for page in publishing_files(built.config)]
    assert Counter(made) == Counter(page.path for page in built.pages)
    assert max(Counter(made).values()) == 1
    assert {"CNAME", "years/2001/index.html", "topics/trade/page/2/index.html"} <= set(made)
    events = sorted(page_path(url) for url in stats["event"].rendered)
    assert events == sorted(path for path in made if path.startswith("meetings/"))


def test_pages_that_name_their_events_are_kept_in_the_cache(
    site: Site, renders: list[Stats]
) -> None:
    write_long_site(site, {2001: 6, 2002: 5, 2011: 3}, page_size=5)
    build(BuildOptions(root=site.root))
    shutil.rmtree(site.build_dir)  # as on a fresh checkout, in a new process: from .cache/
    build(BuildOptions(root=site.root))
    first, second = renders
    for name in ("timeline", "period", "event", "topics", "topic", "kind", "404", "feed"):
        assert first[name].rendered and second[name].rendered == [], name
        assert sorted(second[name].stored) == sorted(first[name].rendered), name
    for name in ("sitemap", "robots"):  # made from the other pages' addresses, or from nothing
        assert second[name].rendered == first[name].rendered != [], name


EXTRA = PageKind(
    "extra",
    "extra.html",
    numbered(lambda timeline: timeline.topics, "topic", lambda t: f"extra/{t.topic.slug}/"),
)


@pytest.fixture
def extra_kind(site: Site, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """A page per topic at /extra/<slug>/, numbered, added to the registry in this process
    with a template of the site's own and no other change; gives the built extra pages."""
    monkeypatch.setattr(site_builder.render.pages, "PAGE_KINDS", (*PAGE_KINDS, EXTRA))
    site.write(
        "templates/extra.html",
        "{{ topic.topic.name }} {{ pager.number }}:"
        "{% for entry in topic.entries %} {{ entry.event.title }}.{% endfor %}",
    )
    site.event("a", date="2023-01-01", title="First", topics="[Trade]")
    site.event("b", date="2023-02-01", title="Second", topics="[Energy, Trade]")
    site.event("c", date="2023-03-01", title="Third", topics="[Trade]")
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "page_size: 2\n")
    return lambda: sorted(
        path.relative_to(site.build_dir).as_posix()
        for path in (site.build_dir / "extra").rglob("*")
        if path.is_file()
    )


def text(site: Site, path: str) -> str:
    return (site.build_dir / path).read_text(encoding="utf-8")


def test_a_kind_added_to_the_registry_is_built_and_listed(
    site: Site, extra_kind: Callable[[], list[str]], renders: list[Stats]
) -> None:
    build(BuildOptions(root=site.root))
    assert extra_kind() == [
        "extra/energy/index.html",
        "extra/trade/index.html",
        "extra/trade/page/2/index.html",
    ]
    assert text(site, "extra/trade/index.html") == "Trade 1: First. Second."
    assert text(site, "extra/trade/page/2/index.html") == "Trade 2: Third."
    assert renders[-1]["extra"].rendered == ["extra/energy/", "extra/trade/", "extra/trade/page/2/"]
    assert "https://example.org/extra/trade/page/2/" in text(site, "sitemap.xml")


def test_a_kind_added_to_the_registry_is_kept_and_made_again_when_its_events_change(
    site: Site, extra_kind: Callable[[], list[str]], renders: list[Stats]
) -> None:
    build(BuildOptions(root=site.root))
    shutil.rmtree(site.build_dir)  # as on a fresh checkout, in a new process: from .cache/
    build(BuildOptions(root=site.root))
    assert renders[-1]["extra"].rendered == []
    assert renders[-1]["extra"].stored == ["extra/energy/", "extra/trade/", "extra/trade/page/2/"]
    site.event("c", date="2023-03-01", title="Third, renamed", topics="[Trade]")
    build(BuildOptions(root=site.root))
    # Page 2 shows c; page 1 shows b, whose link to its next event names c.
    assert renders[-1]["extra"].rendered == ["extra/trade/", "extra/trade/page/2/"]
    assert renders[-1]["extra"].stored == ["extra/energy/"]
    assert text(site, "extra/trade/page/2/index.html") == "Trade 2: Third, renamed."


def test_a_kind_added_to_the_registry_is_reused_by_the_preview(
    site: Site, extra_kind: Callable[[], list[str]], renders: list[Stats]
) -> None:
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = {page.path: page for page in builder.build().pages}
    builder.build()  # every event file looked at again, none changed
    assert renders[-1]["extra"].rendered == [] and renders[-1]["extra"].reused == 3
    site.event("a", date="2023-01-01", title="First, renamed", topics="[Trade]")
    again = {page.path: page for page in builder.rebuild(["content/meetings/a.md"]).pages}
    assert renders[-1]["extra"].rendered == ["extra/trade/"]
    assert renders[-1]["extra"].reused == 2
    assert again["extra/energy/index.html"] is first["extra/energy/index.html"]
    assert again["extra/trade/index.html"].text == "Trade 1: First, renamed. Second."


def test_an_event_cannot_take_the_address_of_a_kind_added_to_the_registry(
    site: Site, extra_kind: Callable[[], list[str]]
) -> None:
    site.write("content/extra/trade.md", event_text(date="2023-04-01", topics="[Energy]"))
    with pytest.raises(SiteError) as raised:
        build(BuildOptions(root=site.root))
    (problem,) = raised.value.problems
    assert problem.path == "content/extra/trade.md"
    assert "/extra/trade/ is also the address of a page the site makes" in str(problem)


def test_two_kinds_cannot_make_one_address(
    site: Site, extra_kind: Callable[[], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    again = dataclasses.replace(EXTRA, name="again")  # the extra pages, at the same addresses
    monkeypatch.setattr(site_builder.render.pages, "PAGE_KINDS", (*PAGE_KINDS, EXTRA, again))
    with pytest.raises(SiteError) as raised:
        build(BuildOptions(root=site.root))
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}: is made by more than one page (kinds: extra, again)"
        for path in (
            "extra/energy/index.html",
            "extra/trade/index.html",
            "extra/trade/page/2/index.html",
        )
    ]
