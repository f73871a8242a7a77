"""Writers' Markdown: the extensions site.yaml's `markdown_extensions` lists, with their
settings, and links between events written by an event's file name, as a writer sees them in
the pages, in the problems a build reports, and in the preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.config import MarkdownExtension, load_config
from site_builder.incremental.parallel import MIN_ITEMS
from site_builder.problems import Problem, SiteError
from site_builder.render.markup import MarkdownConverter

from conftest import SITE_YAML, Site, event_text, run_cli

BODY = "The body, in **Markdown**.\n"  # the body `event_text` writes
TOC_WITH_PERMALINKS = """\
markdown_extensions:
  - extra
  - toc
  - {toc: {permalink: true}}
  - admonition
"""


def write_event(site: Site, path: str, body: str, **fields: str) -> Path:
    """An event at `content/<path>.md` with its own body."""
    return site.write(f"content/{path}.md", event_text(**fields).replace(BODY, body))


def line_of(file: Path, text: str) -> int:
    """The line of `file` that holds `text`, as a problem names it."""
    lines = file.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def build_site(site: Site, **options: object) -> None:
    build(BuildOptions(root=site.root, **options))  # type: ignore[arg-type]


def problems_of(site: Site, **options: object) -> list[Problem]:
    with pytest.raises(SiteError) as raised:
        build_site(site, **options)
    return raised.value.problems


def body_of(site: Site, page: str) -> str:
    section = site.html(page).select_one("section.body")
    assert section is not None
    return str(section)


# The extensions, and their settings


def test_the_extensions_site_yaml_lists_show_their_effect_with_their_settings(
    site: Site,
) -> None:
    site.write("site.yaml", SITE_YAML + TOC_WITH_PERMALINKS)
    write_event(site, "meetings/a", "## The talks\n\n!!! note\n    Held behind closed doors.\n")
    build_site(site)
    page = site.html("meetings/a/index.html")
    heading = page.select_one("section.body h2#the-talks")
    assert heading is not None
    permalink = heading.select_one("a.headerlink")
    assert permalink is not None and permalink["href"] == "#the-talks"
    note = page.select_one("section.body div.admonition.note")
    assert note is not None and "Held behind closed doors." in note.get_text()


def test_without_the_setting_bodies_get_tables_and_footnotes_as_before(site: Site) -> None:
    body = "| Side | Minister |\n| --- | --- |\n| China | Wang Yi |\n\nThe talks.[^1]\n\n[^1]: A note.\n"
    write_event(site, "meetings/a", body)
    build_site(site)
    page = site.html("meetings/a/index.html")
    assert [cell.get_text() for cell in page.select("section.body td")] == ["China", "Wang Yi"]
    assert "A note." in page.select_one("section.body div.footnote").get_text()  # type: ignore[union-attr]
    assert page.select_one("section.body a.headerlink") is None  # no toc without asking


def test_an_extension_that_cannot_be_loaded_is_a_problem_at_its_line_in_site_yaml(
    tmp_path: Path,
) -> None:
    listing = """\
markdown_extensions:
  - extra
  - no_such_extension
  - {toc: {permalinkk: true}}
  - toc:
      toc_depth: deep
  - {admonition: [1]}
  - [toc]
"""
    (tmp_path / "site.yaml").write_text(SITE_YAML + listing, encoding="utf-8")
    with pytest.raises(SiteError) as raised:
        load_config(tmp_path)
    first = SITE_YAML.count("\n") + 1  # the line of `markdown_extensions:`
    found = [(problem.path, problem.line, problem.field) for problem in raised.value.problems]
    assert found == [
        ("site.yaml", first + 2, "markdown_extensions[1]"),
        ("site.yaml", first + 3, "markdown_extensions[2]"),
        ("site.yaml", first + 4, "markdown_extensions[3]"),
        ("site.yaml", first + 6, "markdown_extensions[4]"),
        ("site.yaml", first + 7, "markdown_extensions[5]"),
    ]
    messages = [problem.message for problem in raised.value.problems]
    assert "no_such_extension" in messages[0]
    assert "permalinkk" in messages[1]


def test_an_extension_named_twice_is_loaded_once_with_both_settings(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(SITE_YAML + TOC_WITH_PERMALINKS, encoding="utf-8")
    assert load_config(tmp_path).markdown_extensions == (
        MarkdownExtension("extra"),
        MarkdownExtension("toc", {"permalink": True}),
        MarkdownExtension("admonition"),
    )


@pytest.mark.slow  # a real process
def test_a_bad_extension_exits_1_naming_site_yaml_and_writes_nothing(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + "markdown_extensions: [extra, no_such_extension]\n")
    site.event("a")
    result = run_cli(site.root, "build")
    assert result.returncode == 1
    line = SITE_YAML.count("\n") + 1
    assert f"site.yaml:{line}: markdown_extensions[1]: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.build_dir.exists()


def test_changed_settings_convert_the_bodies_again(site: Site) -> None:
    write_event(site, "meetings/a", "## The talks\n\nText.\n")
    build_site(site)
    assert "headerlink" not in body_of(site, "meetings/a/index.html")
    site.write("site.yaml", SITE_YAML + TOC_WITH_PERMALINKS)
    build_site(site)
    assert "headerlink" in body_of(site, "meetings/a/index.html")
    site.write("site.yaml", SITE_YAML)
    build_site(site)
    assert "headerlink" not in body_of(site, "meetings/a/index.html")


def test_bodies_converted_on_every_core_use_the_sites_extensions(tmp_path: Path) -> None:
    extensions = (MarkdownExtension("toc", {"permalink": True}),)
    bodies = [f"# Heading {n}\n" for n in range(MIN_ITEMS + 10)]
    converted = MarkdownConverter(tmp_path, extensions).convert_many(bodies)
    assert all('class="headerlink"' in html for html in converted)
    # kept apart from the same bodies converted with other extensions
    assert "headerlink" not in MarkdownConverter(tmp_path).convert_many(bodies[:1])[0]


# Links between events, by file name


def three_linked_events(site: Site, body: str) -> Path:
    """Events `meetings/a` (with `body`), `meetings/b` and `visits/c`; a's file."""
    write_event(site, "meetings/b", "## Outcome\n\nAgreed.\n", date="2023-02-01")
    write_event(site, "visits/c", "A visit.\n", date="2023-03-01", kind="visit")
    return write_event(site, "meetings/a", body, date="2023-01-01")


def test_links_to_event_files_lead_to_their_pages_under_the_base_path(site: Site) -> None:
    site.write("site.yaml", SITE_YAML.replace("https://example.org/", "https://example.org/sub/"))
    body = (
        "See [the talks](b.md#outcome), [the visit](../visits/c.md) and\n"
        "[the talks again](/meetings/b.md). Left alone: [a page](https://example.org/x.md),\n"
        "[mail](mailto:someone@example.org), [a report](report.pdf), ![a picture](b.md)\n"
        "and notes.md, mentioned in a sentence.\n"
    )
    three_linked_events(site, body)
    build_site(site)
    body_html = site.html("meetings/a/index.html").select_one("section.body")
    assert body_html is not None
    links = {link.get_text(): link["href"] for link in body_html.select("a")}
    assert links == {
        "the talks": "/sub/meetings/b/#outcome",
        "the visit": "/sub/visits/c/",
        "the talks again": "/sub/meetings/b/",
        "a page": "https://example.org/x.md",
        "mail": "mailto:someone@example.org",
        "a report": "report.pdf",
    }
    assert body_html.select_one("img")["src"] == "b.md"  # type: ignore[index]


def test_a_link_to_a_file_that_is_no_event_is_a_problem_at_its_line(site: Site) -> None:
    file = three_linked_events(site, "Before.\n\nSee [the talks](b.md).\n")
    build_site(site)
    before = site.snapshot()
    (site.root / "content/visits/c.md").unlink()
    added = "[Others](gone.md) too.\n\nAnd [a visit](../visits/c.md#day-two).\n"
    site.write("content/meetings/a.md", file.read_text(encoding="utf-8") + added)
    problems = problems_of(site)
    assert [(problem.path, problem.line, problem.field) for problem in problems] == [
        ("content/meetings/a.md", line_of(file, "[Others]"), "body"),
        ("content/meetings/a.md", line_of(file, "[a visit]"), "body"),
    ]
    assert '"gone.md"' in problems[0].message
    assert '"../visits/c.md#day-two"' in problems[1].message
    assert "content/visits/c.md" in problems[1].message
    assert site.snapshot() == before


@pytest.mark.slow  # a real process
def test_a_broken_link_exits_1_with_its_file_and_line_and_leaves_the_output(site: Site) -> None:
    file = three_linked_events(site, "See [the visit](../visits/c.md).\n")
    assert run_cli(site.root, "build").returncode == 0
    before = site.snapshot()
    (site.root / "content/visits/c.md").unlink()
    result = run_cli(site.root, "build")
    assert result.returncode == 1
    where = f"content/meetings/a.md:{line_of(file, '[the visit]')}: body: "
    assert where + 'link "../visits/c.md"' in result.stderr
    assert "Traceback" not in result.stderr
    assert site.snapshot() == before


def test_a_link_to_a_draft_needs_drafts_built(site: Site) -> None:
    write_event(site, "meetings/b", "A draft.\n", date="2023-02-01", draft="true")
    write_event(site, "meetings/a", "See [the draft](b.md).\n")
    (problem,) = problems_of(site)
    assert problem.path == "content/meetings/a.md"
    assert "--drafts" in problem.message
    build_site(site, drafts=True)
    assert 'href="/meetings/b/"' in body_of(site, "meetings/a/index.html")


def test_the_preview_turns_a_link_into_a_problem_when_its_file_goes(site: Site) -> None:
    file = three_linked_events(site, "See [the visit](../visits/c.md).\n")
    builder = SiteBuilder(BuildOptions(root=site.root, drafts=True))
    builder.build()
    target = site.root / "content/visits/c.md"
    kept = target.read_text(encoding="utf-8")
    target.unlink()
    with pytest.raises(SiteError) as raised:
        builder.rebuild(["content/visits/c.md"])
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == ("content/meetings/a.md", line_of(file, "[the visit]"))
    site.write("content/visits/c.md", kept)
    pages = {page.path: page for page in builder.rebuild(["content/visits/c.md"]).pages}
    assert 'href="/visits/c/"' in pages["meetings/a/index.html"].text


def test_a_link_follows_its_event_to_a_new_address(site: Site) -> None:
    """The linking page is unchanged, but where its link leads is not: in the preview, and
    in the next build of a new process, which keeps pages in .cache/."""
    three_linked_events(site, "See [the visit](../visits/c.md).\n")
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    write_event(site, "visits/c", "A visit.\n", date="2023-03-01", kind="visit", slug="moved")
    pages = {page.path: page for page in builder.rebuild(["content/visits/c.md"]).pages}
    assert 'href="/visits/moved/"' in pages["meetings/a/index.html"].text
    build_site(site)
    write_event(site, "visits/c", "A visit.\n", date="2023-03-01", kind="visit", slug="again")
    build_site(site)
    assert 'href="/visits/again/"' in body_of(site, "meetings/a/index.html")


def test_a_translation_links_its_languages_page_of_the_event(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + "languages:\n  zh: {title: 时间线}\n")
    write_event(site, "meetings/b", "The talks.\n", date="2023-02-01")
    write_event(site, "meetings/a", "See [the talks](b.md).\n")
    site.write("content/meetings/a.zh.md", "---\ntitle: 会见\n---\n见[会谈](b.md)。\n")
    build_site(site)
    assert 'href="/meetings/b/"' in body_of(site, "meetings/a/index.html")
    assert 'href="/zh/meetings/b/"' in body_of(site, "zh/meetings/a/index.html")
