"""Publishing: the files GitHub Pages and search engines read, feeds, metadata, the Pages
workflow, `deploy` to a real git remote, and `check` of the built links."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from site_builder.build import BuildOptions, build

from conftest import PROJECT, QuietHandler, Site, run_cli

SUB_PATH_BASE = "https://example.github.io/my-repo/"


def build_site(site: Site, **options: object) -> None:
    build(BuildOptions(root=site.root, **options))  # type: ignore[arg-type]


run = run_cli


@pytest.fixture
def two_events(site: Site) -> Site:
    site.event(
        "jakarta",
        title="Talks in Jakarta",
        summary="They talked.",
        topics="[ASEAN]",
        participants="[{name: Wang Yi, role: Foreign Minister, country: China}]",
    )
    site.event("call", title="A phone call", kind="phone-call", location=None, date="2023-08-07")  # type: ignore[arg-type]
    return site


def test_files_for_github_pages(two_events: Site) -> None:
    build_site(two_events)
    assert (two_events.build_dir / ".nojekyll").read_text() == ""
    assert (two_events.build_dir / "404.html").exists()
    assert not (two_events.build_dir / "CNAME").exists()
    two_events.write(
        "site.yaml",
        "title: T\nbase_url: https://timeline.example.org/\ncname: timeline.example.org\n",
    )
    build_site(two_events)
    assert (two_events.build_dir / "CNAME").read_text() == "timeline.example.org\n"


def test_a_bad_cname_is_a_problem(two_events: Site) -> None:
    two_events.write("site.yaml", "title: T\nbase_url: https://x.org/\ncname: https://x.org/\n")
    result = run(two_events.root, "build")
    assert result.returncode == 1
    assert result.stderr.startswith('site.yaml:3: cname: "https://x.org/" must be a domain name')


def test_sitemap_and_robots(two_events: Site) -> None:
    build_site(two_events, base_url=SUB_PATH_BASE)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(two_events.build_dir / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    assert locations == [
        SUB_PATH_BASE,
        SUB_PATH_BASE + "meetings/jakarta/",
        SUB_PATH_BASE + "meetings/call/",
        SUB_PATH_BASE + "topics/",
        SUB_PATH_BASE + "topics/asean/",
        SUB_PATH_BASE + "kinds/meeting/",
        SUB_PATH_BASE + "kinds/phone-call/",
        SUB_PATH_BASE + "places/",
        SUB_PATH_BASE + "places/jakarta-indonesia/",
    ]
    robots = (two_events.build_dir / "robots.txt").read_text()
    assert f"Sitemap: {SUB_PATH_BASE}sitemap.xml" in robots.splitlines()


def test_the_atom_feed_reads_in_a_feed_reader(two_events: Site) -> None:
    two_events.event(
        "escaped",
        title="'<script>alert(1)</script> & more'",
        date="2024-01-01",
        summary="'''quotes'' & \"more\"'",
    )
    build_site(two_events, base_url=SUB_PATH_BASE)
    feed = feedparser.parse((two_events.build_dir / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Test timeline"
    assert feed.feed.link == SUB_PATH_BASE
    titles = [entry.title for entry in feed.entries]
    assert titles == ["<script>alert(1)</script> & more", "A phone call", "Talks in Jakarta"]
    newest = feed.entries[0]
    assert newest.link == SUB_PATH_BASE + "meetings/escaped/"
    assert newest.summary == "'quotes' & \"more\""
    assert feed.entries[2].summary == "They talked."
    assert [tag.term for tag in feed.entries[2].tags] == ["asean"]
    page = two_events.html("index.html")
    assert (
        page.select_one('link[rel=alternate][type="application/atom+xml"]')["href"]
        == "/my-repo/feed.xml"
    )


def test_every_page_has_canonical_and_sharing_metadata(two_events: Site) -> None:
    build_site(two_events, base_url=SUB_PATH_BASE)
    for relative, url in (
        ("index.html", SUB_PATH_BASE),
        ("meetings/jakarta/index.html", SUB_PATH_BASE + "meetings/jakarta/"),
        ("topics/asean/index.html", SUB_PATH_BASE + "topics/asean/"),
    ):
        head = two_events.html(relative).head
        assert head.select_one("link[rel=canonical]")["href"] == url
        meta = {
            tag.get("property") or tag.get("name"): tag["content"]
            for tag in head.select("meta[content]")
        }
        assert meta["og:url"] == url
        assert meta["og:site_name"] == "Test timeline"
        assert meta["og:title"] and meta["og:description"]
        # A card takes its title and text from og: when it has no twitter: tags of its own.
        assert meta["twitter:card"] == "summary" and "twitter:title" not in meta
    event_meta = two_events.html("meetings/jakarta/index.html").head
    assert event_meta.select_one('meta[property="og:title"]')["content"] == "Talks in Jakarta"
    assert event_meta.select_one('meta[property="og:description"]')["content"] == "They talked."
    assert two_events.html("404.html").select_one("link[rel=canonical]") is None


def json_ld(site: Site, relative: str) -> dict[str, object]:
    script = site.html(relative).select_one('script[type="application/ld+json"]')
    return json.loads(script.string)  # type: ignore[no-any-return]


def test_event_pages_describe_the_event_for_search_engines(two_events: Site) -> None:
    build_site(two_events, base_url=SUB_PATH_BASE)
    meeting = json_ld(two_events, "meetings/jakarta/index.html")
    assert meeting["@type"] == "Event"
    assert meeting["name"] == "Talks in Jakarta"
    assert meeting["startDate"] == "2023-07-13"
    assert meeting["description"] == "They talked."
    assert meeting["location"] == {
        "@type": "Place",
        "name": "Jakarta, Indonesia",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Jakarta",
            "addressCountry": "Indonesia",
        },
    }
    assert meeting["attendee"] == [
        {
            "@type": "Person",
            "name": "Wang Yi",
            "jobTitle": "Foreign Minister",
            "nationality": {"@type": "Country", "name": "China"},
        }
    ]
    call = json_ld(two_events, "meetings/call/index.html")
    assert call["location"]["@type"] == "VirtualLocation"  # type: ignore[index]
    assert call["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_structured_data_cannot_close_its_script(site: Site) -> None:
    site.event("x", title="'</script><script>alert(1)</script>'")
    build_site(site)
    html = (site.build_dir / "meetings/x/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert json_ld(site, "meetings/x/index.html")["name"] == "</script><script>alert(1)</script>"


@pytest.fixture
def served_under_sub_path(two_events: Site, tmp_path: Path) -> Iterator[str]:
    """The site built for /my-repo/ and served there by a real HTTP server."""
    (tmp_path / "www").mkdir()
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/my-repo/"
    build_site(two_events, base_url=base_url, output=tmp_path / "www/my-repo")
    yield base_url
    server.shutdown()


def test_every_link_resolves_when_served_under_the_sub_path(served_under_sub_path: str) -> None:
    start = served_under_sub_path
    seen, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urlopen(url, timeout=10) as response:  # raises on 404
            if "html" not in response.headers["Content-Type"]:
                continue
            page = BeautifulSoup(response.read(), "html.parser")
        for tag in page.select("a[href], link[href], script[src], img[src]"):
            link = tag.get("href") or tag.get("src")
            if link.startswith(("https://", "mailto:")):
                continue  # links to other sites, and messages to write
            target = urljoin(url, link).split("#")[0]
            assert urlsplit(target).path.startswith("/my-repo/"), (url, link)
            queue.append(target)
    assert len([url for url in seen if url.endswith("/")]) >= 5


def test_check_reports_broken_links_with_their_page(two_events: Site) -> None:
    template = two_events.root / "templates/topics.html"
    template.write_text(
        template.read_text().replace(
            '<h1>{{ _("Topics") }}</h1>',
            '<h1>Topics</h1><a href="{{ url(\'nowhere/\') }}">x</a><a href="#missing">y</a>'
            '<a href="/outside/">z</a><img src="{{ url(\'img/none.png\') }}" alt="">',
        )
    )
    result = run(two_events.root, "check", "--base-url", SUB_PATH_BASE)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "topics/index.html: /my-repo/nowhere/: no such page or file",
        'topics/index.html: #missing: no element with id "missing" on topics/index.html',
        "topics/index.html: /outside/: leaves the site's base path /my-repo/",
        "topics/index.html: /my-repo/img/none.png: no such page or file",
        "4 broken links in 11 pages.",
    ]


def test_check_passes_the_shipped_site_under_a_sub_path() -> None:
    result = run(PROJECT, "check", "--base-url", SUB_PATH_BASE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked ")
    assert result.stdout.rstrip().endswith("all resolve.")


def test_check_reports_content_problems_like_build(two_events: Site) -> None:
    two_events.event("bad", date="2023-02-30")
    result = run(two_events.root, "check")
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0]
        == 'content/meetings/bad.md:3: date: "2023-02-30" is not a real date'
    )


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repository(two_events: Site, tmp_path: Path) -> tuple[Site, Path]:
    """The site as a git repository whose origin is a bare repository on disk."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "-q", str(remote))
    git(two_events.root, "init", "-q", "-b", "main")
    git(two_events.root, "config", "user.name", "Test Editor")
    git(two_events.root, "config", "user.email", "editor@example.org")
    git(two_events.root, "remote", "add", "origin", str(remote))
    two_events.event("unfinished", draft="true", date="2023-09-01")
    two_events.write(".gitignore", "/build/\n/.cache/\n")  # as `site-builder init` writes it
    git(two_events.root, "add", "-A")
    git(two_events.root, "commit", "-q", "-m", "Timeline")
    return two_events, remote


@pytest.mark.slow
def test_deploy_pushes_a_production_build_to_the_branch(repository: tuple[Site, Path]) -> None:
    site, remote = repository
    result = run(site.root, "deploy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Published 2 events")
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {
        ".nojekyll",
        "404.html",
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "meetings/jakarta/index.html",
    } <= set(files)
    assert not [name for name in files if "unfinished" in name]
    head = git(site.root, "rev-parse", "--short", "HEAD").strip()
    assert (
        git(remote, "log", "-1", "--format=%s", "gh-pages").strip()
        == f"Publish the site built from {head}"
    )
    assert git(site.root, "status", "--porcelain") == ""  # the working tree is untouched

    site.event("jakarta", title="Talks in Jakarta, revised")
    result = run(site.root, "deploy", "-m", "Second edition")
    assert result.returncode == 0, result.stderr
    log = git(remote, "log", "--format=%s", "gh-pages").splitlines()
    assert log == ["Second edition", f"Publish the site built from {head}"]
    page = git(remote, "show", "gh-pages:meetings/jakarta/index.html")
    assert "Talks in Jakarta, revised" in page


def test_deploy_to_a_missing_remote_fails_clearly(repository: tuple[Site, Path]) -> None:
    site, _remote = repository
    result = run(site.root, "deploy", "--remote", "nowhere")
    assert result.returncode == 1
    assert "git push to nowhere failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_outside_a_git_repository_fails_clearly(two_events: Site) -> None:
    result = run(two_events.root, "deploy")
    assert result.returncode == 1
    assert result.stderr.startswith("git: not a git repository")


def test_the_pages_workflow_uses_githubs_actions_and_the_readme_build() -> None:
    workflow = yaml.safe_load((PROJECT / ".github/workflows/pages.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    steps = workflow["jobs"]["build"]["steps"] + workflow["jobs"]["deploy"]["steps"]
    actions = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert actions == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/cache",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    install_step = next(step["run"] for step in steps if step.get("name") == "Install")
    build_step = next(step["run"] for step in steps if step.get("name") == "Build")
    readme = (PROJECT / "README.md").read_text()
    readme_install = "python3 -m venv .venv && . .venv/bin/activate && pip install -e ."
    assert readme_install + " && site-builder build" in readme
    # The README's command in two steps, with the cache restored between them.
    assert install_step.startswith(readme_install + "\n")
    assert build_step.startswith(". .venv/bin/activate && site-builder build --base-url")
    assert "steps.pages.outputs.base_url" in build_step
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"].split() == [".cache", "build"]


def test_the_feed_carries_the_newest_fifty_events(site: Site) -> None:
    for day in range(1, 61):
        site.event(f"e{day:02d}", date=f"2023-{(day - 1) // 28 + 1:02d}-{(day - 1) % 28 + 1:02d}")
    build_site(site)
    feed = feedparser.parse((site.build_dir / "feed.xml").read_bytes())
    assert len(feed.entries) == 50
    assert feed.entries[0].link.endswith("/meetings/e60/")
    assert feed.entries[-1].link.endswith("/meetings/e11/")
