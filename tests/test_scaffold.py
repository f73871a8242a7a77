"""`site-builder init` makes a new site that builds at once; `new` starts an event page."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT, Site, run_cli

run = run_cli


def test_init_makes_a_site_that_builds_and_checks(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "my-timeline", "--title", "Ministers' Meetings")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "my-timeline"
    assert sorted(path.name for path in site.iterdir()) == [
        ".gitignore",
        "content",
        "site.yaml",
        "static",
        "templates",
    ]
    built = run(site, "build")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 1 event into ")
    assert "Ministers&#39; Meetings" in (site / "build/index.html").read_text()
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stderr


def test_init_gives_the_projects_own_theme(tmp_path: Path) -> None:
    run(tmp_path, "init", "site")
    for folder in ("templates", "static"):
        ours = sorted(
            p.relative_to(PROJECT / folder) for p in (PROJECT / folder).rglob("*") if p.is_file()
        )
        theirs = sorted(
            p.relative_to(tmp_path / "site" / folder)
            for p in (tmp_path / "site" / folder).rglob("*")
            if p.is_file()
        )
        assert ours == theirs


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine")
    result = run(tmp_path, "init", "busy")
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]


def test_init_works_from_an_installed_package(tmp_path: Path) -> None:
    """The theme ships inside the wheel, so init needs no source checkout."""
    source = tmp_path / "source"  # building writes build/ beside the sources: not in the checkout
    for name in ("site_builder", "templates", "static"):
        shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("*.whl")
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    assert (installed / "site_builder/theme/templates/base.html").is_file()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import site_builder.cli as cli; "
        "assert cli.__file__.startswith(sys.argv[1]), cli.__file__; "
        "sys.exit(cli.main(['init', sys.argv[2]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(installed), str(tmp_path / "fresh")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert run(tmp_path / "fresh", "build").returncode == 0


@pytest.fixture
def one_section(site: Site) -> Site:
    site.event("existing")
    return site


def test_new_writes_a_draft_with_every_field(one_section: Site) -> None:
    result = run(
        one_section.root,
        "new",
        "Talks in Geneva: round two",
        "--date",
        "2024-05-01",
        "--location",
        "Geneva, Switzerland",
    )
    assert result.returncode == 0, result.stderr
    path = one_section.root / "content/meetings/2024-05-01-talks-in-geneva-round-two.md"
    assert result.stdout.startswith(
        "Wrote content/meetings/2024-05-01-talks-in-geneva-round-two.md"
    )
    text = path.read_text()
    for field in (
        "title",
        "date",
        "end_date",
        "kind",
        "location",
        "occasion",
        "participants",
        "topics",
        "summary",
        "sources",
        "draft",
    ):
        assert f"{field}:" in text, field
    assert 'title: "Talks in Geneva: round two"' in text
    assert run(one_section.root, "build", "--drafts").returncode == 0
    assert run(one_section.root, "build").returncode == 0  # drafts need no sources yet


def test_new_never_overwrites(one_section: Site) -> None:
    args = ("new", "A call", "--date", "2024-05-02", "--kind", "phone-call")
    assert run(one_section.root, *args).returncode == 0
    path = one_section.root / "content/meetings/2024-05-02-a-call.md"
    path.write_text(path.read_text() + "\nMy notes.\n")
    again = run(one_section.root, *args)
    assert again.returncode == 1
    assert again.stderr.startswith("content/meetings/2024-05-02-a-call.md: exists already")
    assert path.read_text().endswith("My notes.\n")


def test_new_checks_its_arguments(one_section: Site) -> None:
    result = run(one_section.root, "new", "X", "--date", "10/01/2024", "--kind", "dinner")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        '--date: "10/01/2024" is not a date written as YYYY-MM-DD',
        '--kind: "dinner" is not one of meeting, phone-call, video-call, visit, summit',
    ]
    missing_place = run(one_section.root, "new", "X", "--date", "2024-01-01", "--kind", "meeting")
    assert missing_place.stderr.startswith('--location: is needed for a meeting: "City, Country"')


def test_new_asks_which_section_when_there_are_several(one_section: Site) -> None:
    (one_section.root / "content/calls").mkdir()
    result = run(one_section.root, "new", "X", "--date", "2024-01-01", "--kind", "phone-call")
    assert result.returncode == 1
    assert "several sections (calls, meetings): choose one with --section" in result.stderr
    chosen = run(
        one_section.root,
        "new",
        "X",
        "--date",
        "2024-01-01",
        "--kind",
        "phone-call",
        "--section",
        "calls",
    )
    assert chosen.returncode == 0, chosen.stderr
