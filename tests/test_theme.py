"""The default theme, which a site overrides one file at a time: its templates through the
site's `templates/` first, its static files under the site's own, and caches and the preview
that notice a change on either side."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import site_builder.theme
from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.problems import SiteError
from site_builder.write.output import MANIFEST

from conftest import PROJECT, SITE_YAML, Site, run_cli, site_at
from servers import Browser, Server, save

MARKER = '<p id="site-override">the site\'s own</p>'


def bare_site(root: Path) -> Site:
    """A site with a config and two events, and no templates/ nor static/ at all."""
    site = Site(root)
    site.write("site.yaml", SITE_YAML)
    site.event("jakarta", title="Talks in Jakarta", topics="[Trade]")
    site.event("call", date="2023-08-07", kind="phone-call", location=None)  # type: ignore[arg-type]
    return site


def output_of(site: Site) -> dict[str, bytes]:
    """Every file the site's build wrote, but the manifest (which holds times)."""
    return {name: data for name, data in site.snapshot().items() if name != MANIFEST}


def with_marker(template: str) -> str:
    """The theme's `template` with MARKER at the start of its main block."""
    text = (PROJECT / "templates" / template).read_text(encoding="utf-8")
    assert "{% block main %}" in text
    return text.replace("{% block main %}", "{% block main %}" + MARKER, 1)


@pytest.fixture
def theme_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the default theme that the build uses in its place, for the test to change."""
    theme = tmp_path / "theme"
    for name in ("templates", "static"):
        shutil.copytree(PROJECT / name, theme / name)
    monkeypatch.setattr(site_builder.theme, "theme_folder", lambda name: theme / name)
    return theme


def test_a_site_without_templates_or_static_builds_the_full_site(tmp_path: Path) -> None:
    bare = bare_site(tmp_path / "bare")
    build(BuildOptions(root=bare.root))
    full = site_at(tmp_path / "full")  # with copies of the theme's templates and static files
    for name in ("jakarta", "call"):
        shutil.copy(bare.root / f"content/meetings/{name}.md", full.root / "content/meetings")
    build(BuildOptions(root=full.root))
    assert output_of(bare) == output_of(full)
    assert {"css/style.css", "js/timeline.js", "favicon.svg", "404.html"} <= set(output_of(bare))


def test_one_template_overridden_is_used_and_the_theme_gives_the_others(tmp_path: Path) -> None:
    site = bare_site(tmp_path / "site")
    site.write("templates/event.html", with_marker("event.html"))
    build(BuildOptions(root=site.root))
    assert site.html("meetings/jakarta/index.html").select_one("#site-override") is not None
    assert site.html("meetings/call/index.html").select_one("#site-override") is not None
    for page in ("index.html", "topics/trade/index.html", "404.html"):
        html = site.html(page)
        assert html.select_one("#site-override") is None, page
        assert html.select_one("main") is not None, page  # the theme's base.html and pages


def test_a_site_made_by_an_earlier_version_keeps_its_own_kind_pages(tmp_path: Path) -> None:
    """Earlier versions drew kind pages with `kind.html` and gave `topic.html` only `topic`;
    a site carrying its own copies of both still builds, with its kind pages as they were."""
    site = bare_site(tmp_path / "site")
    topic_only = (
        '{% extends "base.html" %}{% block main %}Topic {{ topic.topic.name }}{% endblock %}'
    )
    site.write("templates/topic.html", topic_only)
    kind_only = '{% extends "base.html" %}{% block main %}Kind {{ kind.kind.label }}{% endblock %}'
    site.write("templates/kind.html", kind_only)
    build(BuildOptions(root=site.root))
    assert "Kind Phone call" in site.html("kinds/phone-call/index.html").get_text()
    assert "Topic Trade" in site.html("topics/trade/index.html").get_text()


def test_a_site_made_by_an_earlier_version_keeps_its_words_of_gaps_and_periods(
    tmp_path: Path,
) -> None:
    """Earlier models held `entry.gap.text` and `period.name`; a site's own templates that
    read them still build, with the same words."""
    site = bare_site(tmp_path / "site")
    site.write("site.yaml", SITE_YAML + "page_size: 1\n")
    site.event("later", title="Later talks", date="2023-09-10")
    site.event("early", title="Early talks", date="2011-05-01")
    gap = '{% block main %}[{{ entry.gap.text if entry.gap else "first" }}]{% endblock %}'
    site.write("templates/event.html", '{% extends "base.html" %}' + gap)
    names = "{% for period in timeline.periods %}[{{ period.name }}]{% endfor %}"
    site.write(
        "templates/timeline.html",
        '{% extends "base.html" %}{% block main %}' + names + "{% endblock %}",
    )
    build(BuildOptions(root=site.root))
    assert "[5 weeks later]" in site.html("meetings/later/index.html").get_text()
    assert "[the 2010s][2023]" in site.html("index.html").get_text()


def test_static_files_are_the_themes_with_the_sites_over_them(tmp_path: Path) -> None:
    site = bare_site(tmp_path / "site")
    site.write("static/css/style.css", "body { color: teal; }\n")
    site.write("static/images/map.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    build(BuildOptions(root=site.root))
    output = output_of(site)
    assert output["css/style.css"] == b"body { color: teal; }\n"
    assert output["images/map.svg"] == (site.root / "static/images/map.svg").read_bytes()
    for name in ("js/timeline.js", "favicon.svg"):
        assert output[name] == (PROJECT / "static" / name).read_bytes(), name


def test_the_sites_own_static_files_are_still_checked(tmp_path: Path) -> None:
    site = bare_site(tmp_path / "site")
    outside = tmp_path / "secret.txt"
    outside.write_text("not for publishing")
    (site.root / "static").mkdir()
    (site.root / "static/leak.txt").symlink_to(outside)
    os.mkfifo(site.root / "static/pipe")
    with pytest.raises(SiteError) as error:
        build(BuildOptions(root=site.root))
    assert [problem.path for problem in error.value.problems] == [
        "static/leak.txt",
        "static/pipe",
    ]


def test_theme_list_marks_what_the_site_overrides_and_copy_copies_one(tmp_path: Path) -> None:
    site = bare_site(tmp_path / "site")
    listed = run_cli(site.root, "theme", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "templates/event.html" in lines and "static/css/style.css" in lines
    assert not any("overridden" in line for line in lines)

    copied = run_cli(site.root, "theme", "copy", "event.html")
    assert copied.returncode == 0, copied.stderr
    assert "templates/event.html" in copied.stdout
    template = site.root / "templates/event.html"
    assert template.read_bytes() == (PROJECT / "templates/event.html").read_bytes()
    stylesheet = run_cli(site.root, "theme", "copy", "static/css/style.css")
    assert stylesheet.returncode == 0, stylesheet.stderr
    assert (site.root / "static/css/style.css").read_bytes() == (
        PROJECT / "static/css/style.css"
    ).read_bytes()

    marked = run_cli(site.root, "theme", "list").stdout.splitlines()
    assert [line for line in marked if "overridden" in line] == [
        "templates/event.html  (overridden by the site)",
        "static/css/style.css  (overridden by the site)",
    ]
    assert len(marked) == len(lines)
    assert run_cli(site.root, "build").returncode == 0


def test_theme_copy_never_overwrites_and_names_what_it_cannot_find(tmp_path: Path) -> None:
    site = bare_site(tmp_path / "site")
    site.write("templates/event.html", "mine")
    again = run_cli(site.root, "theme", "copy", "templates/event.html")
    assert again.returncode == 1
    assert again.stderr.startswith("templates/event.html: exists already")
    assert (site.root / "templates/event.html").read_text() == "mine"
    missing = run_cli(site.root, "theme", "copy", "no-such.html")
    assert missing.returncode == 1
    assert missing.stderr.startswith("no-such.html: is not a file of the default theme")
    assert sorted(p.name for p in (site.root / "templates").iterdir()) == ["event.html"]
    outside = run_cli(tmp_path, "theme", "list")
    assert outside.returncode == 1
    assert outside.stderr.startswith("site.yaml: not found")


def test_a_changed_theme_file_gives_new_pages_not_cached_ones(
    tmp_path: Path, theme_copy: Path
) -> None:
    site = bare_site(tmp_path / "site")
    build(BuildOptions(root=site.root))
    assert site.html("meetings/jakarta/index.html").select_one("#site-override") is None
    for template in ("event.html", "topic.html"):
        (theme_copy / "templates" / template).write_text(with_marker(template), encoding="utf-8")
    (theme_copy / "static/css/style.css").write_text("body { color: teal; }\n")
    build(BuildOptions(root=site.root))  # a new process's build: only .cache/ carries over
    assert site.html("meetings/jakarta/index.html").select_one("#site-override") is not None
    assert site.html("topics/trade/index.html").select_one("#site-override") is not None
    assert site.html("index.html").select_one("#site-override") is None
    assert (site.build_dir / "css/style.css").read_text() == "body { color: teal; }\n"


def test_a_preview_notices_a_changed_theme_file(tmp_path: Path, theme_copy: Path) -> None:
    site = bare_site(tmp_path / "site")
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    (theme_copy / "templates/event.html").write_text(with_marker("event.html"), encoding="utf-8")
    rebuilt = builder.rebuild(["content/meetings/jakarta.md"])
    page = next(page for page in rebuilt.pages if page.path == "meetings/jakarta/index.html")
    assert MARKER.encode() in page.data


def test_an_error_in_a_theme_template_names_the_theme_file(
    tmp_path: Path, theme_copy: Path
) -> None:
    site = bare_site(tmp_path / "site")
    event = theme_copy / "templates/event.html"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("{% block main %}", "{% block main %}{{ nothing }}", 1))
    line = text[: text.index("{% block main %}")].count("\n") + 1
    with pytest.raises(SiteError) as error:
        build(BuildOptions(root=site.root))
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == ("theme templates/event.html", line)
    assert "nothing" in problem.message


def test_an_error_in_a_sites_template_names_the_sites_file(tmp_path: Path) -> None:
    site = bare_site(tmp_path / "site")
    site.write("templates/_card.html", "{{ nothing }}\n")
    with pytest.raises(SiteError) as error:
        build(BuildOptions(root=site.root))
    assert {(problem.path, problem.line) for problem in error.value.problems} == {
        ("templates/_card.html", 1)
    }


@pytest.fixture
def bare_server(tmp_path: Path) -> Iterator[Server]:
    site = bare_site(tmp_path / "site")
    (site.root / "templates").mkdir()  # empty: the theme gives every template
    running = Server(site)
    yield running
    running.stop()


def test_the_preview_picks_up_a_new_override_file(bare_server: Server) -> None:
    assert bare_server.html("meetings/jakarta/").h1.get_text() == "Talks in Jakarta"
    browser = Browser(bare_server)
    save(bare_server.site.root / "templates/event.html", with_marker("event.html"))
    browser.next_reload()
    assert bare_server.html("meetings/jakarta/").select_one("#site-override") is not None
    assert bare_server.html("").select_one("#site-override") is None
    (bare_server.site.root / "templates/event.html").unlink()
    browser.next_reload()
    assert bare_server.html("meetings/jakarta/").select_one("#site-override") is None
    assert bare_server.html("meetings/jakarta/").h1.get_text() == "Talks in Jakarta"
