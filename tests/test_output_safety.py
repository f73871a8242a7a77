"""The output folder is the user's: a build removes only files that a build of ours wrote there,
updates it all or nothing (a full disk or a read-only file system leaves it as it was), writes
files a web server running as another user can read, and cleans up after a build that was
killed."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from site_builder.write.output import MANIFEST

from conftest import Site, event_text, run_cli, site_at

pytestmark = pytest.mark.slow  # builds killed, disks filled, each a real process


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def two_events(site: Site) -> None:
    site.event("jakarta", title="Talks in Jakarta", topics="[ASEAN]")
    site.event("moscow", title="Talks in Moscow", date="2023-09-18", location="Moscow, Russia")


def test_a_folder_of_other_files_is_refused_and_kept(site: Site) -> None:
    two_events(site)
    out = site.root / "out"
    out.mkdir()
    (out / "precious.txt").write_text("precious")
    out.chmod(0o755)
    done = run_cli(site.root, "build", "-o", "out")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "out/: holds files that site-builder did not write; build into a new or empty folder, "
        "or add --clean to remove what it holds"
    )
    assert "Traceback" not in done.stderr
    assert files_of(out) == {"precious.txt": b"precious"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_clean_replaces_what_a_folder_of_other_files_holds(site: Site) -> None:
    two_events(site)
    out = site.root / "out"
    (out / "old").mkdir(parents=True)
    (out / "old" / "precious.txt").write_text("precious")
    done = run_cli(site.root, "build", "-o", "out", "--clean")
    assert done.returncode == 0, done.stderr
    assert not (out / "old").exists()
    assert (out / "meetings/jakarta/index.html").is_file()


def test_a_build_link_to_another_folder_does_not_empty_it(site: Site, tmp_path: Path) -> None:
    two_events(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine")
    (site.root / "build").symlink_to(elsewhere, target_is_directory=True)
    done = run_cli(site.root, "build")
    assert done.returncode == 1
    assert "holds files that site-builder did not write" in done.stderr
    assert files_of(elsewhere) == {"notes.txt": b"mine"}


def test_an_empty_folder_is_built_into_and_keeps_its_place(site: Site, tmp_path: Path) -> None:
    two_events(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site.root / "build").symlink_to(elsewhere, target_is_directory=True)
    done = run_cli(site.root, "build")
    assert done.returncode == 0, done.stderr
    assert (site.root / "build").is_symlink()
    assert (elsewhere / "meetings/jakarta/index.html").is_file()


def test_files_a_build_did_not_write_are_kept_and_its_own_stale_ones_removed(site: Site) -> None:
    two_events(site)
    assert run_cli(site.root, "build").returncode == 0
    (site.build_dir / "keep.txt").write_text("added by hand")
    (site.build_dir / "meetings/jakarta/notes.txt").write_text("also by hand")
    (site.root / "content/meetings/moscow.md").unlink()
    done = run_cli(site.root, "build")
    assert done.returncode == 0, done.stderr
    assert (site.build_dir / "keep.txt").read_text() == "added by hand"
    assert (site.build_dir / "meetings/jakarta/notes.txt").exists()
    assert not (site.build_dir / "meetings/moscow").exists()  # its page, and its folder


def test_a_build_by_an_earlier_version_is_still_known_as_ours(site: Site) -> None:
    """Earlier versions kept the manifest in .cache/: their output is updated, not refused."""
    two_events(site)
    assert run_cli(site.root, "build").returncode == 0
    manifest = site.build_dir / MANIFEST
    records = json.loads(manifest.read_text())["files"]
    manifest.unlink()
    name = hashlib.sha256(str(site.build_dir.resolve()).encode()).hexdigest()[:16]
    (site.root / ".cache" / f"output-{name}.json").write_text(json.dumps(records))
    (site.root / "content/meetings/moscow.md").unlink()
    done = run_cli(site.root, "build")
    assert done.returncode == 0, done.stderr
    assert not (site.build_dir / "meetings/moscow").exists()
    assert manifest.is_file()
    assert not (site.root / ".cache" / f"output-{name}.json").exists()


def modes(folder: Path) -> set[tuple[str, int]]:
    """('file' or 'folder', permission bits) of everything in `folder`, itself included."""
    found = {("folder", stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        kind = "folder" if path.is_dir() else "file"
        found.add((kind, stat.S_IMODE(path.stat().st_mode)))
    return found


@pytest.mark.parametrize(
    ("umask", "file", "folder"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)]
)
def test_output_files_can_be_read_as_the_umask_allows(
    site: Site, umask: int, file: int, folder: int
) -> None:
    two_events(site)

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "site_builder", "build"],
            cwd=site.root,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=lambda: os.umask(umask),
        )

    assert build().returncode == 0
    assert modes(site.build_dir) == {("file", file), ("folder", folder)}
    site.event("jakarta", title="Talks in Jakarta, renamed", topics="[ASEAN, Trade]")
    assert build().returncode == 0  # in place: new files and a new folder (topics/trade/)
    assert (site.build_dir / "topics/trade/index.html").is_file()
    assert modes(site.build_dir) == {("file", file), ("folder", folder)}


def test_leftovers_of_a_killed_build_are_removed(site: Site) -> None:
    two_events(site)
    assert run_cli(site.root, "build").returncode == 0
    gone_pid = 2**22 + 12345  # above the kernel's highest process id: no such process
    beside = [f".build.new-{gone_pid}-ab12cd34", ".build.new-x3k9q_2a", ".build.old-7fh2k1zz"]
    for name in beside:
        (site.root / name / "meetings").mkdir(parents=True)
        (site.root / name / "index.html").write_text("half a site")
    inside = site.build_dir / f".site-builder.new-{gone_pid}-0badf00d"
    inside.mkdir()
    (inside / "0").write_text("half a page")
    running = site.root / f".build.new-{os.getpid()}-12345678"  # a build that still runs
    running.mkdir()
    done = run_cli(site.root, "build")
    assert done.returncode == 0, done.stderr
    assert not any((site.root / name).exists() for name in beside)
    assert not inside.exists()
    assert running.exists()


def test_a_build_killed_at_any_moment_leaves_a_site_the_next_build_puts_right(
    site: Site, tmp_path: Path
) -> None:
    for number in range(200):
        site.event(f"e{number:03d}", title=f"Talks number {number}", topics="[ASEAN, Trade]")
    assert run_cli(site.root, "build").returncode == 0
    fresh = tmp_path / "fresh"
    for delay in (0.4, 1.0):
        for number in range(0, 200, 7):
            site.event(f"e{number:03d}", title=f"Talks number {number} at {delay}")
        process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "build"],
            cwd=site.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        done = run_cli(site.root, "build")
        assert done.returncode == 0, done.stderr
        assert not [path for path in site.root.iterdir() if path.name.startswith(".build")]
        shutil.rmtree(fresh, ignore_errors=True)
        assert run_cli(site.root, "build", "-o", str(fresh)).returncode == 0
        assert files_of(site.build_dir).keys() - {MANIFEST} == files_of(fresh).keys() - {MANIFEST}
        for name, data in files_of(fresh).items():
            if name != MANIFEST:
                assert files_of(site.build_dir)[name] == data, name


# A tmpfs of 5 MB, mounted in a mount namespace of the test's own: a real full disk and a real
# read-only file system, without touching the machine's.
IN_A_SMALL_DISK = textwrap.dedent(
    """\
    import json, os, shutil, subprocess, sys
    site, disk, big, small = sys.argv[1:]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", disk], check=True)

    def build():
        done = subprocess.run([sys.executable, "-m", "site_builder", "build", "-o", disk + "/site"],
                              cwd=site, capture_output=True, text=True)
        return {"returncode": done.returncode, "stderr": done.stderr}

    def files():
        found = {}
        for folder, _, names in os.walk(disk + "/site"):
            for name in names:
                with open(os.path.join(folder, name), "rb") as file:
                    found[os.path.relpath(os.path.join(folder, name), disk)] = file.read().hex()
        return found

    steps = {"first": build(), "before": files()}
    shutil.copyfile(big, site + "/content/meetings/big.md")
    steps["full"] = build()
    steps["after_full"] = files()
    shutil.copyfile(small, site + "/content/meetings/big.md")
    subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
    steps["read_only"] = build()
    steps["after_read_only"] = files()
    print(json.dumps(steps))
    """
)


@pytest.fixture(scope="module")
def small_disk_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Two events built into a 5 MB file system, then a 5 MB event added (the disk is full),
    then that event made small and the file system made read-only: how each build ended and
    what the output held."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a small file system of its own")
    tmp_path = tmp_path_factory.mktemp("small-disk")
    site = site_at(tmp_path / "site")
    two_events(site)
    lines = "".join(f"line {number} of a long record\n" for number in range(200_000))
    body = f"```\n{lines}```\n"  # 5 MB that Python-Markdown converts in a moment
    big, small = tmp_path / "big.md", tmp_path / "small.md"
    big.write_text(event_text(title="A long account") + body)
    small.write_text(event_text(title="A short account"))
    disk = tmp_path / "disk"
    disk.mkdir()
    script = tmp_path / "scenario.py"
    script.write_text(IN_A_SMALL_DISK)
    command = ["unshare", "--mount", "--map-root-user", sys.executable, str(script)]
    done = subprocess.run(
        [*command, str(site.root), str(disk), str(big), str(small)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and not done.stdout:
        pytest.skip(f"cannot mount a file system in a namespace here: {done.stderr[-300:]}")
    result: dict[str, dict[str, object]] = json.loads(done.stdout)
    assert result["first"]["returncode"] == 0, result["first"]
    return result


def test_a_full_disk_leaves_the_previous_site_byte_for_byte(
    small_disk_run: dict[str, dict[str, object]],
) -> None:
    full = small_disk_run["full"]
    assert full["returncode"] == 1
    first_line = str(full["stderr"]).splitlines()[0]
    match = re.fullmatch(
        r".*disk/site/: no space left on device \(needs about (\d+) MB\)", first_line
    )
    assert match is not None, first_line
    assert 5 <= int(match.group(1)) < 50  # the new event's page alone holds 5 MB
    assert "Traceback" not in str(full["stderr"])
    assert small_disk_run["after_full"] == small_disk_run["before"]


def test_a_read_only_output_leaves_the_previous_site_byte_for_byte(
    small_disk_run: dict[str, dict[str, object]],
) -> None:
    read_only = small_disk_run["read_only"]
    assert read_only["returncode"] == 1
    first_line = str(read_only["stderr"]).splitlines()[0]
    assert first_line.endswith("disk/site/: cannot be written: the file system is read-only")
    assert "Traceback" not in str(read_only["stderr"])
    assert small_disk_run["after_read_only"] == small_disk_run["before"]


def unprivileged(site: Site) -> list[str]:
    """A command prefix that runs without root's right to read and write anything: as root,
    the site is given to `nobody` and the command runs as `nobody`; else as is."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to run the build as another user than root")
    folder = site.root
    while folder != folder.parent:  # every folder above the site must be passable
        folder.chmod(folder.stat().st_mode | 0o005)
        folder = folder.parent
    subprocess.run(["chown", "-R", "nobody", str(site.root)], check=True)
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def test_an_unreadable_template_is_named_in_one_line(site: Site) -> None:
    two_events(site)
    command = [*unprivileged(site), sys.executable, "-m", "site_builder", "build"]
    assert subprocess.run(command, cwd=site.root, capture_output=True).returncode == 0
    before = files_of(site.build_dir)
    (site.root / "templates/event.html").chmod(0)
    site.event("jakarta", title="Talks in Jakarta, edited")
    done = subprocess.run(command, cwd=site.root, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "templates/event.html: cannot be read: permission denied",
        "1 problem; nothing was written.",
    ]
    assert files_of(site.build_dir) == before


def test_a_read_only_output_folder_is_named_in_one_line(site: Site) -> None:
    two_events(site)
    command = [*unprivileged(site), sys.executable, "-m", "site_builder", "build"]
    assert subprocess.run(command, cwd=site.root, capture_output=True).returncode == 0
    before = files_of(site.build_dir)
    site.build_dir.chmod(0o555)
    site.event("jakarta", title="Talks in Jakarta, edited")
    done = subprocess.run(command, cwd=site.root, capture_output=True, text=True)
    site.build_dir.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "build/: cannot be written: permission denied"
    assert "Traceback" not in done.stderr
    assert files_of(site.build_dir) == before
