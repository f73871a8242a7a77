"""The whole output of a small site, compared byte for byte with the copy kept in the repository.

After a deliberate change to the templates or the pages, regenerate the copy with
`SITE_BUILDER_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from site_builder.build import BuildOptions, build
from site_builder.write.output import MANIFEST

from conftest import PROJECT

GOLDEN = Path(__file__).resolve().parent / "golden"
STATIC_FILES = {
    path.relative_to(PROJECT / "static").as_posix()
    for path in (PROJECT / "static").rglob("*")
    if path.is_file()
}


def files_of(folder: Path) -> dict[str, bytes]:
    """The site's files; the manifest, which records when each was written, is left out."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def build_golden_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(GOLDEN / "site", root)
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    build(BuildOptions(root=root))
    return root / "build"


def test_the_output_matches_the_kept_copy(tmp_path: Path) -> None:
    output = build_golden_site(tmp_path)
    if os.environ.get("SITE_BUILDER_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN / "output", ignore_errors=True)
        shutil.copytree(output, GOLDEN / "output")
        for copied in STATIC_FILES:
            (GOLDEN / "output" / copied).unlink()  # copied as is from static/: not kept
    expected, actual = files_of(GOLDEN / "output"), files_of(output)
    pages = {name: data for name, data in actual.items() if name not in STATIC_FILES}
    assert sorted(pages) == sorted(expected)
    for name, data in expected.items():
        assert pages[name].decode() == data.decode(), name


def test_building_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = files_of(build_golden_site(tmp_path / "one"))
    assert files_of(build_golden_site(tmp_path / "two")) == first
