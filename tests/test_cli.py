"""The command line as a user runs it: a real process, its output and its exit status."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import Site

pytestmark = pytest.mark.slow  # each test runs the command line as a real process


def run(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_build_prints_one_summary_line(site: Site) -> None:
    site.event("x")
    result = run(site, "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 event into 8 pages (23 files, 23 written) in ")
    assert result.stdout.rstrip().endswith(": build")
    assert (site.root / "build/meetings/x/index.html").exists()


def test_a_rebuild_writes_only_the_files_that_changed(site: Site) -> None:
    site.event("x")
    site.event("y", date="2023-05-01")
    assert run(site, "build").returncode == 0
    page = site.root / "build/meetings/x/index.html"
    written_at = page.stat().st_mtime_ns
    assert "(24 files, 0 written)" in run(site, "build").stdout
    site.event("y", date="2023-05-01", summary="A new summary.")
    rebuilt = run(site, "build")
    assert "(24 files, 0 written)" not in rebuilt.stdout
    assert "A new summary." in (site.root / "build/meetings/y/index.html").read_text()
    assert page.stat().st_mtime_ns == written_at


def test_a_file_changed_in_the_output_by_hand_is_put_right(site: Site) -> None:
    site.event("x")
    run(site, "build")
    page = site.root / "build/meetings/x/index.html"
    original = page.read_text()
    page.write_text("tampered")
    (site.root / "build/robots.txt").unlink()
    assert "2 written" in run(site, "build").stdout
    assert page.read_text() == original
    assert (site.root / "build/robots.txt").exists()


def test_problems_exit_1_with_one_line_each_and_no_traceback(site: Site) -> None:
    site.event("a", date="2023-02-30")
    site.write("content/meetings/b.md", "---\ntitle: [unclosed\n---\n")
    result = run(site, "build")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'content/meetings/a.md:3: date: "2023-02-30" is not a real date',
        "content/meetings/b.md:3: invalid YAML: did not find expected ',' or ']'"
        " (while parsing a flow sequence, line 2)",
        "2 problems; nothing was written.",
    ]
    assert not (site.root / "build").exists()


def test_wrong_usage_exits_2(site: Site) -> None:
    assert run(site, "build", "--no-such-option").returncode == 2
    assert run(site).returncode == 2


COMMANDS = ("build", "serve", "check", "deploy", "import", "new", "init", "theme")


def test_every_command_has_help(site: Site) -> None:
    commands = [[command] for command in COMMANDS] + [["theme", "list"], ["theme", "copy"]]
    for args in [[], *commands]:
        result = run(site, *args, "--help")
        assert result.returncode == 0, args
        assert "usage: site-builder" in result.stdout, args


def test_the_shared_options_are_taken_where_they_apply(site: Site) -> None:
    """-s, --base-url and --drafts, each written once, reach every command that takes them."""
    takes = {
        ("build",): ("--site", "--base-url", "--drafts"),
        ("check",): ("--site", "--base-url", "--drafts"),
        ("deploy",): ("--site", "--base-url"),
        ("serve",): ("--site",),
        ("import",): ("--site",),
        ("new",): ("--site",),
        ("theme", "list"): ("--site",),
        ("theme", "copy"): ("--site",),
    }
    for command, options in takes.items():
        shown = run(site, *command, "--help").stdout
        for option in ("--site", "--base-url", "--drafts"):
            assert (f"{option} " in shown) == (option in options), (command, option)


def test_output_folder_and_base_url_options(site: Site) -> None:
    site.event("x")
    result = run(site, "build", "-o", "public", "--base-url", "https://u.github.io/r/")
    assert result.returncode == 0, result.stderr
    html = (site.root / "public/index.html").read_text()
    assert 'href="/r/meetings/x/"' in html


def test_a_bad_base_url_option_is_a_problem_not_a_crash(site: Site) -> None:
    site.event("x")
    result = run(site, "build", "--base-url", "my-repo")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        '--base-url: "my-repo" must be a full address such as https://user.github.io/repo/'
    )


def test_misspelt_fields_are_warned_about(site: Site) -> None:
    site.event("x", sumary="typo")
    result = run(site, "build")
    assert result.returncode == 0
    assert (
        "warning: content/meetings/x.md:10: sumary: unknown field; did you mean summary?"
        in result.stderr
    )


def test_running_outside_a_site_says_where_to_run(tmp_path: object) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "build"],
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "site.yaml: not found: run site-builder in the folder that holds site.yaml"
    )
