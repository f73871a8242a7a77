"""Input the build once took without a word, or waited on forever, or refused without a line
number: site.yaml that is not a plain file of the site, base URLs that are not plain web
addresses, folders named like event files, missing fields, and articles whose control
characters an imported draft could not hold.

Each is driven through the real command line; the corpus rows of tests/test_hostile.py
under "site.yaml, folders and line numbers" cover the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_hostile import Attempt, assert_rejected_cleanly, attempt, copy_of

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.model.dates import WHEN_FORMS

from conftest import Site, run_cli, site_at


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with one event and a good build, for each test to spoil a copy of."""
    site = site_at(tmp_path_factory.mktemp("base") / "site")
    site.event("jakarta", title="Talks in Jakarta")
    build(BuildOptions(root=site.root))
    return site.root


@pytest.fixture
def built(base: Path, tmp_path: Path) -> Site:
    return copy_of(base, tmp_path)


# site.yaml that is not a plain file of the site -----------------------------------------------


def site_yaml_as_named_pipe(site: Site) -> None:
    (site.root / "site.yaml").unlink()
    os.mkfifo(site.root / "site.yaml")


def site_yaml_as_folder(site: Site) -> None:
    (site.root / "site.yaml").unlink()
    (site.root / "site.yaml").mkdir()
    (site.root / "site.yaml" / "title").write_text("Inside a folder\n")


def site_yaml_as_link_out_of_the_site(site: Site) -> None:
    outside = site.root.parent / "shared-site.yaml"
    (site.root / "site.yaml").rename(outside)
    (site.root / "site.yaml").symlink_to(outside)


def site_yaml_as_broken_link(site: Site) -> None:
    (site.root / "site.yaml").unlink()
    (site.root / "site.yaml").symlink_to(site.root / "config" / "site.yaml")


@pytest.mark.parametrize(
    ("spoil", "first_line"),
    [
        (site_yaml_as_named_pipe, "site.yaml: is not a regular file; replace it with one"),
        (site_yaml_as_folder, "site.yaml: is not a regular file; replace it with one"),
        (
            site_yaml_as_link_out_of_the_site,
            "site.yaml: is a link to a file outside the site; copy the file in instead",
        ),
        (
            site_yaml_as_broken_link,
            "site.yaml: is a link to a file that does not exist; remove the link",
        ),
    ],
    ids=lambda value: value.__name__ if callable(value) else "",
)
def test_a_site_yaml_that_is_not_a_file_of_the_site_is_refused(
    built: Site, spoil: Callable[[Site], None], first_line: str
) -> None:
    """A named pipe made the build wait forever; a link out of the site was read."""
    tried: Attempt = attempt(built, spoil)
    lines = assert_rejected_cleanly(tried)
    assert lines[0] == first_line
    assert tried.run.seconds < 10


# Base URLs --------------------------------------------------------------------------------------

NOT_AN_ADDRESS = "which an address cannot hold"
# Said without the address, which would show the password.
NO_PASSWORD = "must not hold a user name or password (the part before @); every page would show it"
BAD_BASE_URLS: list[tuple[str, str | None]] = [
    (
        'https://example.org/"><script>',
        f"""holds '"', {NOT_AN_ADDRESS}; write it as %22""",
    ),
    ("https://example.org/<repo>/", f"holds '<', {NOT_AN_ADDRESS}; write it as %3C"),
    ("https://example.org/my repo/", f"holds ' ', {NOT_AN_ADDRESS}; write it as %20"),
    ("https://example.org\\@evil.example/", f"holds '\\\\', {NOT_AN_ADDRESS}; write it as %5C"),
    ("https://example.org/it's/", f"""holds "'", {NOT_AN_ADDRESS}; write it as %27"""),
    ("https://example.org/\x7f/", f"holds '\\x7f', {NOT_AN_ADDRESS}; write it as %7F"),
    ("https://example.org/\u00a0/", f"holds '\\xa0', {NOT_AN_ADDRESS}; write it as %C2%A0"),
    ("https://user:secret@example.org/", None),
    ("https://example.org/repo?", "must not have a ?query or #fragment"),
    ("https://example.org/repo#", "must not have a ?query or #fragment"),
]


def shown(url: str) -> str:
    """The address as a message quotes it: control characters written as escapes."""
    return url.replace("\x7f", "\\x7f")


@pytest.mark.parametrize(("url", "reason"), BAD_BASE_URLS, ids=[url for url, _ in BAD_BASE_URLS])
def test_a_base_url_option_that_is_not_a_plain_web_address_is_refused(
    site: Site, url: str, reason: str
) -> None:
    site.event("x")
    result = run_cli(site.root, "build", "--base-url", url)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f'--base-url: "{shown(url)}" {reason}' if reason else f"--base-url: {NO_PASSWORD}",
        "1 problem; nothing was written.",
    ]
    assert not site.build_dir.exists()


def test_check_refuses_the_same_base_url_option(site: Site) -> None:
    site.event("x")
    result = run_cli(site.root, "check", "--base-url", "https://example.org/<b>/")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"--base-url: \"https://example.org/<b>/\" holds '<', {NOT_AN_ADDRESS}; write it as %3C"
    )


# In YAML, a control character is refused before base_url is read.
IN_SITE_YAML = [(url, reason) for url, reason in BAD_BASE_URLS if "\x7f" not in url]


@pytest.mark.parametrize(("url", "reason"), IN_SITE_YAML, ids=[url for url, _ in IN_SITE_YAML])
def test_a_base_url_in_site_yaml_that_is_not_a_plain_web_address_is_refused(
    site: Site, url: str, reason: str
) -> None:
    site.event("x")
    quoted = url.replace("\\", "\\\\").replace('"', '\\"')
    site.write("site.yaml", f'title: T\nbase_url: "{quoted}"\n')
    result = run_cli(site.root, "build")
    assert result.returncode == 1, result.stderr
    expected = f'"{url}" {reason}' if reason else NO_PASSWORD
    assert result.stderr.splitlines()[0] == f"site.yaml:2: base_url: {expected}"


# Folders named like event files ----------------------------------------------------------------


def test_a_folder_named_like_an_event_file_is_warned_about(site: Site) -> None:
    site.event("x")
    (site.root / "content" / "meetings" / "y.md").mkdir()
    (site.root / "content" / "z.md").mkdir()
    result = run_cli(site.root, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: content/z.md: is a folder, so it is not an event;"
        " make it a file, or rename it without .md",
        "warning: content/meetings/y.md: is a folder, so it is not an event;"
        " make it a file, or rename it without .md",
    ]
    assert (site.build_dir / "meetings/x/index.html").is_file()


def test_the_warning_about_a_folder_stays_while_the_preview_rebuilds(site: Site) -> None:
    """A preview's rebuild reads again only the edited file, not the listing of content/."""
    site.event("x")
    (site.root / "content" / "meetings" / "y.md").mkdir()
    builder = SiteBuilder(BuildOptions(root=site.root))
    builder.build()
    site.event("x", sumary="A new warning makes the rebuild gather the warnings again")
    again = builder.rebuild(["content/meetings/x.md"])
    assert again.warnings == (
        "content/meetings/y.md: is a folder, so it is not an event;"
        " make it a file, or rename it without .md",
        "content/meetings/x.md:10: sumary: unknown field; did you mean summary?",
    )


# Line numbers of missing fields -----------------------------------------------------------------


def test_a_missing_field_is_reported_at_the_opening_fence(site: Site) -> None:
    """The opening `---`, line 1, even when comments and blank lines come before the fields."""
    site.write(
        "content/meetings/x.md",
        "---\n# Imported: check every field.\n\nkind: meeting\nlocation: Jakarta, Indonesia\n"
        "sources:\n  - title: A headline\n    published: 2023-07-14\n---\nBody.\n",
    )
    result = run_cli(site.root, "build")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"content/meetings/x.md:1: date: is required: when the event took place, as {WHEN_FORMS}",
        "content/meetings/x.md:1: title: is required",
        "content/meetings/x.md:7: sources[0].outlet: is required",
        "3 problems; nothing was written.",
    ]


def test_a_missing_field_of_site_yaml_is_reported_at_its_first_line(site: Site) -> None:
    site.write("site.yaml", "# The site's settings\nbase_url: https://example.org/\n")
    result = run_cli(site.root, "build")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == "site.yaml:1: title: is required"


# Imported articles with control characters -----------------------------------------------------

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")
ARTICLE = (
    "Top diplomats\x00 meet in the\x07 Russian capital\x7f\n"
    "The Associated Press\n"
    "\n"
    "Chinese Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in Moscow"
    " on July 3, 2024, both saying\x00 they wanted a multipolar world.\n"
    "The talks\x1b[0m also touched on\tthe war in Ukraine, officials said, and on trade.\n"
    "A line\x85with a next-line character\u2028and a line separator\ufffe in it.\r"
    "A line after a lone carriage return, with\x0c a form feed and\x0b a vertical tab.\n"
)


def test_an_imported_draft_holds_no_control_characters_and_builds(
    site: Site, tmp_path: Path
) -> None:
    article = tmp_path / "controls.txt"
    article.write_text(ARTICLE, encoding="utf-8", newline="")
    result = run_cli(site.root, "import", str(article))
    assert result.returncode == 0, result.stderr
    (draft,) = (site.root / "content" / "meetings").glob("*.md")
    text = draft.read_text(encoding="utf-8")
    assert CONTROL.findall(text) == []
    assert '    title: "Top diplomats meet in the Russian capital"' in text.splitlines()
    assert "also touched on the war in Ukraine" in text  # the tab, kept, is a space in a paragraph
    built = run_cli(site.root, "build", "--drafts")
    assert built.returncode == 0, built.stderr
    event_page = site.html(f"meetings/{draft.stem}/index.html")
    assert event_page.select_one(".sources cite").get_text() == (
        "Top diplomats meet in the Russian capital"
    )


SPLIT_DATELINE = (
    "Lavrov and Wang meet in Vientiane for talks\n"
    "Published: 2024-07-26 10:00\n"
    "VIENTIANE, July 25\n"
    "(Xinhua) -- Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov"
    " in Vientiane on Thursday.\n"
)


def test_a_line_break_in_an_article_s_file_name_does_not_break_the_draft(
    site: Site, tmp_path: Path
) -> None:
    """The name is quoted in the draft's comments, where a line break would end the comment."""
    article = tmp_path / "odd\nname: [.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli(site.root, "import", str(article))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("odd\\nname: [.txt: outlet 'The Associated Press' from ")
    built = run_cli(site.root, "build", "--drafts")
    assert built.returncode == 0, built.stderr


def test_a_dateline_over_two_lines_does_not_break_the_draft(site: Site, tmp_path: Path) -> None:
    """The dateline is quoted in the comment after `date:`; it is given on one line."""
    article = tmp_path / "split-dateline.txt"
    article.write_text(SPLIT_DATELINE, encoding="utf-8")
    result = run_cli(site.root, "import", str(article))
    assert result.returncode == 0, result.stderr
    assert (
        "date 2024-07-25 from 'Thursday' counted back from dateline 'VIENTIANE, July 25"
        in result.stdout
    )
    built = run_cli(site.root, "build", "--drafts")
    assert built.returncode == 0, built.stderr
