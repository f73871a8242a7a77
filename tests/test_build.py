"""Building small sites into a temporary folder and reading the HTML back."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.incremental.parallel import MIN_ITEMS
from site_builder.problems import SiteError

from conftest import Site, event_text, run_cli, write_long_site


def build_site(site: Site, **options: object) -> None:
    build(BuildOptions(root=site.root, **options))  # type: ignore[arg-type]


def problems(site: Site, **options: object) -> list[str]:
    with pytest.raises(SiteError) as caught:
        build_site(site, **options)
    return [str(problem) for problem in caught.value.problems]


def test_a_site_builds_every_page(site: Site) -> None:
    site.event("jakarta", topics="[ASEAN, Middle East]")
    site.event("call", kind="phone-call", location=None, date="2023-08-07")  # type: ignore[arg-type]
    build_site(site)
    assert sorted(site.snapshot()) == [
        ".nojekyll",
        "404.html",
        "calendar.ics",
        "css/style.css",
        "embed/index.html",
        "events.csv",
        "favicon.svg",
        "feed.xml",
        "index.html",
        "js/embed.js",
        "js/filters.js",
        "js/share.js",
        "js/timeline.js",
        "kinds/meeting/index.html",
        "kinds/phone-call/index.html",
        "meetings/call/index.html",
        "meetings/jakarta/index.html",
        "oembed.json",
        "places/index.html",
        "places/jakarta-indonesia/index.html",
        "robots.txt",
        "search-index.json",
        "sitemap.xml",
        "timeline.json",
        "topics/asean/index.html",
        "topics/index.html",
        "topics/middle-east/index.html",
    ]


def test_the_timeline_shows_each_event_as_an_article_with_its_date(site: Site) -> None:
    site.event("jakarta", title="Talks in Jakarta", summary="They talked.", topics="[ASEAN]")
    site.event("moscow", title="Talks in Moscow", date="2024-09-18", location="Moscow, Russia")
    build_site(site)
    page = site.html("index.html")
    years = [h2.get_text() for h2 in page.select("section.year h2")]
    assert years == ["2023", "2024"]
    articles = page.select("article")
    assert [a.select_one("time")["datetime"] for a in articles] == ["2023-07-13", "2024-09-18"]
    first = articles[0]
    assert first.select_one("h3 a")["href"] == "/meetings/jakarta/"
    assert first.select_one(".summary").get_text() == "They talked."
    assert first.select_one(".place").get_text() == "Jakarta, Indonesia"
    assert first.select_one(".kind").get_text() == "Meeting"
    assert [a["href"] for a in first.select(".topic-links a")] == ["/topics/asean/"]
    assert page.select_one(".gap").get_text() == "14 months later"


def test_an_event_page_has_its_facts_sources_and_neighbours(site: Site) -> None:
    site.event(
        "jakarta",
        occasion="ASEAN meetings",
        participants="[{name: Wang Yi, role: Director, country: China}]",
        sources="\n  - {outlet: Xinhua, title: Headline one, published: 2023-07-14, url: 'https://example.org/a'}"
        "\n  - {outlet: CGTN, title: Headline two, published: unknown}",
    )
    site.event("moscow", date="2023-09-18", location="Moscow, Russia", title="In Moscow")
    build_site(site)
    page = site.html("meetings/jakarta/index.html")
    assert page.h1.get_text() == "A meeting"
    meta = page.select_one(".event-page .event-meta").get_text(" ", strip=True)
    assert meta == "13 July 2023 Meeting Jakarta, Indonesia"
    facts = [dd.get_text(" ", strip=True) for dd in page.select(".facts dd")]
    assert facts == ["ASEAN meetings"]  # the date, kind and place are shown once, above
    assert (
        page.select_one(".participants li").get_text(" ", strip=True)
        == "Wang Yi , Director (China)"
    )
    assert page.select_one(".body strong").get_text() == "Markdown"
    sources = page.select(".sources li")
    assert sources[0].select_one("a")["href"] == "https://example.org/a"
    assert "14 July 2023" in sources[0].get_text()
    assert sources[1].select_one("a") is None
    assert "publication date not given" in sources[1].get_text()
    assert page.select_one("a[rel=next]")["href"] == "/meetings/moscow/"
    assert page.select_one("a[rel=prev]") is None


def test_content_is_escaped_everywhere(site: Site) -> None:
    site.event(
        "x",
        title='"<script>alert(1)</script>"',
        summary="'<img src=x onerror=alert(1)>'",
        topics="['<b>bold</b>']",
    )
    build_site(site)
    for relative in ("index.html", "meetings/x/index.html", "topics/b-bold-b/index.html"):
        html = (site.build_dir / relative).read_text()
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html
    assert site.html("meetings/x/index.html").h1.get_text() == "<script>alert(1)</script>"


def test_links_follow_the_path_of_the_base_url(site: Site) -> None:
    site.event("jakarta", topics="[ASEAN]")
    build_site(site, base_url="https://user.github.io/my-repo")
    page = site.html("meetings/jakarta/index.html")
    local = [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]
    local = [link for link in local if not link.startswith(("https://", "#", "mailto:"))]
    assert local and all(link.startswith("/my-repo/") for link in local)
    canonical = page.select_one("link[rel=canonical]")["href"]
    assert canonical == "https://user.github.io/my-repo/meetings/jakarta/"


def test_drafts_are_built_only_on_request(site: Site) -> None:
    site.event("final")
    site.event("unfinished", draft="true", date="2023-08-01")
    build_site(site)
    assert not (site.build_dir / "meetings/unfinished").exists()
    build_site(site, drafts=True)
    assert site.html("meetings/unfinished/index.html").select_one(".draft-badge")


def test_unknown_fields_reach_the_templates(site: Site) -> None:
    site.event("x", photographer="Jane Doe")
    template = site.root / "templates/event.html"
    template.write_text(
        template.read_text().replace(
            "{% block main %}",
            "{% block main %}<p id=credit>{{ entry.event.extra.photographer }}</p>",
            1,
        )
    )
    build_site(site)
    assert site.html("meetings/x/index.html").select_one("#credit").get_text() == "Jane Doe"


def test_all_files_problems_are_reported_and_the_old_site_is_kept(site: Site) -> None:
    site.event("good")
    build_site(site)
    before = site.snapshot()
    site.event("bad-date", date="2023-02-30")
    site.event("bad-kind", kind="dinner")
    (site.root / "content/meetings/latin1.md").write_bytes(
        event_text(title="Caf\xe9").encode("latin-1")
    )
    assert problems(site) == [
        'content/meetings/bad-date.md:3: date: "2023-02-30" is not a real date',
        'content/meetings/bad-kind.md:4: kind: "dinner" is not one of the kinds in site.yaml '
        "(meeting, phone-call, video-call, visit, summit)",
        "content/meetings/latin1.md:2: is not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ]
    assert site.snapshot() == before
    assert not [p for p in site.root.iterdir() if p.name.startswith(".build")]


def test_two_events_with_the_same_url_are_refused(site: Site) -> None:
    site.event("jakarta")
    site.event("other", slug="jakarta")
    assert problems(site) == [
        'content/meetings/other.md: slug: "jakarta" is also the URL of content/meetings/jakarta.md '
        "(/meetings/jakarta/); give one of them another slug"
    ]


def test_two_spellings_of_a_topic_are_refused(site: Site) -> None:
    site.event("a", topics="[Middle East]")
    site.event("b", topics="[middle east]")
    (message,) = problems(site)
    assert message.startswith('content/meetings/b.md: topics: "middle east" and "Middle East"')


def test_a_template_error_names_the_template_and_line(site: Site) -> None:
    site.event("x")
    build_site(site)
    before = site.snapshot()
    (site.root / "templates/topics.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}\n{{ nothing.here }}\n{% endblock %}\n"
    )
    assert problems(site) == ["templates/topics.html:3: undefined value: 'nothing' is undefined"]
    (site.root / "templates/topics.html").write_text("{% block main %\n")
    (message,) = problems(site)
    assert message.startswith("templates/topics.html:1: template syntax error:")
    assert site.snapshot() == before


@pytest.mark.parametrize("template", ["event.html", "_card.html"])
def test_a_template_error_is_named_when_many_events_are_rendered_on_every_core(
    site: Site, template: str
) -> None:
    """Many events are rendered in worker processes, from templates compiled before."""
    write_long_site(site, {2001: 120, 2002: 120}, page_size=100)
    (site.root / f"templates/{template}").write_text("<p>{% if %}</p>\n")
    (message,) = problems(site)
    assert message.startswith(f"templates/{template}:1: template syntax error:")
    assert not site.build_dir.exists()


def test_a_broken_site_yaml_is_reported_with_its_line(site: Site) -> None:
    site.write("site.yaml", "title: T\nbase_url: ftp://x\nkinds:\n  talk: {label: Talk}\n")
    assert problems(site) == [
        'site.yaml:2: base_url: "ftp://x" must be a full address such as https://user.github.io/repo/',
        "site.yaml:4: kinds.talk.in_person: is required (true for meetings in a place, false for calls)",
    ]
    site.write("site.yaml", "title: [unclosed\n")
    (message,) = problems(site)
    assert message.startswith("site.yaml:2: invalid YAML:")


def test_a_link_in_content_that_leads_out_of_the_site_is_refused(
    site: Site, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(event_text())
    os.symlink(outside, site.root / "content/meetings/leak.md")
    assert problems(site) == [
        "content/meetings/leak.md: is a link to a file outside the site; copy the file in instead"
    ]


def test_output_folder_that_holds_the_site_is_refused(site: Site) -> None:
    site.event("x")
    (message,) = problems(site, output=site.root)
    assert "it holds the site itself" in message
    assert (site.root / "site.yaml").exists()


def test_a_static_file_may_not_replace_a_page(site: Site) -> None:
    site.event("x")
    site.write("static/index.html", "mine")
    assert problems(site) == ["static/index.html: has the same path as a generated page; rename it"]


def test_a_first_build_that_fails_after_writing_event_pages_leaves_nothing(site: Site) -> None:
    """Many events, rendered on every core, then a template that fails: no output folder,
    and nothing left beside it."""
    for day in range(MIN_ITEMS + 10):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        site.event(f"e{day:03d}", date=date.isoformat(), topics="[Trade]")
    template = site.root / "templates/topic.html"
    template.write_text(
        template.read_text().replace("{% block main %}", "{% block main %}{{ nope }}")
    )
    result = run_cli(site.root, "build")
    assert result.returncode == 1
    assert "templates/topic.html" in result.stderr and "nope" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.build_dir.exists()
    assert [path.name for path in site.root.iterdir() if path.name.startswith(".build")] == []


def test_a_site_without_a_description_describes_its_pages_by_its_title(site: Site) -> None:
    """Search engines show a page's description: none at all is a blank under its link."""
    site.write("site.yaml", "title: Test timeline\nbase_url: https://example.org/\n")
    site.event("talks")
    build(BuildOptions(root=site.root))
    for page in ("index.html", "404.html"):
        meta = site.html(page).select_one('meta[name="description"]')
        assert meta is not None and meta["content"] == "Test timeline", page
    event = site.html("meetings/talks/index.html").select_one('meta[name="description"]')
    assert event is not None and event["content"] == "A meeting"  # its own: the title
