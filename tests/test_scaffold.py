"""`site-builder init` makes a new site that builds at once; `new` starts an event page."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import jinja2
import pytest
import yaml

import site_builder
from site_builder.model.dates import WHEN_FORMS

from conftest import PROJECT, Site, run_cli

pytestmark = pytest.mark.slow  # each test runs the command line as a real process

run = run_cli


def test_init_makes_a_site_that_builds_and_checks(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "my-timeline", "--title", "Ministers' Meetings")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "my-timeline"
    assert sorted(path.name for path in site.iterdir()) == [
        ".github",
        ".gitignore",
        "content",
        "site.yaml",
    ]
    built = run(site, "build")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 1 event into ")
    assert "Ministers&#39; Meetings" in (site / "build/index.html").read_text()
    assert (site / "build/css/style.css").read_bytes() == (
        PROJECT / "static/css/style.css"
    ).read_bytes()
    checked = run(site, "check")
    assert checked.returncode == 0, checked.stderr
    new = run(
        site, "new", "Talks in Geneva", "--date", "2024-05-01", "--location", "Geneva, Switzerland"
    )
    assert new.returncode == 0, new.stderr  # from the theme's templates/new-event.md
    assert (
        'title: "Talks in Geneva"'
        in (site / "content/events/2024-05-01-talks-in-geneva.md").read_text()
    )


def test_init_with_templates_copies_the_projects_own_theme(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "site", "--templates")
    assert result.returncode == 0, result.stderr
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
    assert run(tmp_path / "site", "build").returncode == 0


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine")
    result = run(tmp_path, "init", "busy")
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]


def build_wheel(tmp_path: Path) -> Path:
    """The project's wheel, built from a copy of its sources, without reaching the network."""
    source = tmp_path / "source"  # building writes build/ beside the sources: not in the checkout
    for name in ("site_builder", "templates", "static"):
        shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    wheels = tmp_path / "wheels"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    built = subprocess.run(
        [*command, "-w", str(wheels), str(source)], capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("*.whl")
    return wheel


def test_init_works_from_an_installed_package(tmp_path: Path) -> None:
    """The theme ships inside the wheel, so init needs no source checkout."""
    wheel = build_wheel(tmp_path)
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    assert (installed / "site_builder/theme/templates/base.html").is_file()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import site_builder.cli as cli; "
        "assert cli.__file__.startswith(sys.argv[1]), cli.__file__; "
        "sys.exit(cli.main(sys.argv[2:]))"
    )

    def installed_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, str(installed), *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    fresh = tmp_path / "fresh"
    result = installed_cli("init", str(fresh))
    assert result.returncode == 0, result.stderr
    assert not (fresh / "templates").exists()  # the installed theme is used
    # The installed package's own theme builds the site, not this checkout's.
    (installed / "site_builder/theme/static/installed.txt").write_text("from the wheel\n")
    built = installed_cli("build", "-s", str(fresh))
    assert built.returncode == 0, built.stderr
    assert (fresh / "build/installed.txt").read_text() == "from the wheel\n"
    listed = installed_cli("theme", "list", "-s", str(fresh))
    assert "static/installed.txt" in listed.stdout.splitlines()


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
        f'--date: "10/01/2024" is not a date written as {WHEN_FORMS}',
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


def test_the_wheel_in_a_new_virtual_environment_makes_builds_and_serves_a_site(
    tmp_path: Path,
) -> None:
    """`pip install` of the wheel into a new virtual environment, then `init`, `build` and
    `serve` there, far from this checkout. The libraries come from the tests' own environment
    (the machine may have no network), the package only from the wheel."""
    wheel = build_wheel(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    libraries = {Path(module.__file__).parent.parent for module in (jinja2, yaml)}
    (Path(site_packages) / "libraries.pth").write_text("".join(f"{p}\n" for p in libraries))
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
    installed = subprocess.run(
        [*pip, "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    command = venv / "bin" / "site-builder"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run_installed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(command), *args], cwd=elsewhere, capture_output=True, text=True, timeout=120
        )

    assert run_installed("init", "timeline", "--title", "Mine").returncode == 0
    site = elsewhere / "timeline"
    assert sorted(path.name for path in site.iterdir()) == [
        ".github",
        ".gitignore",
        "content",
        "site.yaml",
    ]
    built = run_installed("build", "-s", "timeline")
    assert built.returncode == 0, built.stderr
    assert "Mine" in (site / "build/index.html").read_text()
    where = [str(python), "-c", "import site_builder; print(site_builder.__file__)"]
    package = subprocess.run(where, cwd=elsewhere, capture_output=True, text=True).stdout
    assert package.startswith(site_packages)
    server = subprocess.Popen(
        [str(command), "serve", "--port", "0", "-s", "timeline"],
        cwd=elsewhere,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = next(text for text in server.stdout if text.startswith("Serving on "))
        url = line.removeprefix("Serving on ").split()[0]
        with urllib.request.urlopen(url, timeout=30) as response:
            assert "Mine" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_init_writes_a_pages_workflow_that_installs_this_version(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "site").returncode == 0
    workflow = yaml.safe_load((tmp_path / "site/.github/workflows/pages.yml").read_text())
    assert workflow["env"]["SITE_BUILDER"] == f"site-builder=={site_builder.__version__}"
    build_steps = " ".join(str(step.get("run", "")) for step in workflow["jobs"]["build"]["steps"])
    assert 'pip install "$SITE_BUILDER"' in build_steps
    assert "site-builder build --base-url" in build_steps
    assert "steps.pages.outputs.base_url" in build_steps
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_the_pages_workflow_keeps_the_cache_between_builds(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "site").returncode == 0
    workflow = yaml.safe_load((tmp_path / "site/.github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("name") or step.get("uses", "").split("@")[0] for step in steps]
    cache = steps[names.index("actions/cache")]
    assert names.index("Install") < names.index("actions/cache") < names.index("Build")
    # The pages too: a build into the folder of the last one writes only what changed.
    assert cache["with"]["path"].split() == [".cache", "build"]
    # Keyed by the versions installed, so that another Python or library starts afresh, and
    # restored from the last build with the same versions.
    assert "steps.install.outputs.versions" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    assert "pip freeze" in steps[names.index("Install")]["run"]
