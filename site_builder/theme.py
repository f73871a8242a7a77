"""Where the default theme (templates/ and static/) is, for `init` and `new`.

An installed package carries it as `site_builder/theme/`, packaged from this repository's
own `templates/` and `static/` (see pyproject.toml); a source checkout uses those folders.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
THEME_FOLDERS = ("templates", "static")


def theme_folder(name: str) -> Path:
    """`templates` or `static` of the default theme."""
    packaged = PACKAGE / "theme" / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name
