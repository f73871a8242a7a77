"""`site-builder theme`: the default theme's files, and one copied into the site to change it.

A site's file overrides the theme's at the same path, so a site holds only the files it
changes: `theme copy` starts one from the theme's, and `theme list` shows which it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import load_config
from site_builder.problems import Problem, SiteError
from site_builder.theme import theme_files


@dataclass(frozen=True)
class ThemeFile:
    """A file of the default theme: its path in a site, and whether the site has its own."""

    name: str
    overridden: bool


def list_theme(root: Path) -> list[ThemeFile]:
    """Every file of the default theme, in order, each marked when the site overrides it."""
    load_config(root)  # a site's root: what the marks are about
    return [ThemeFile(name, (root / name).is_file()) for name in theme_files()]


def copy_theme_file(root: Path, name: str) -> str:
    """Copy the theme's file `name` into the site, at its path there; returns that path.
    Never overwrites: a file there is the site's own already."""
    load_config(root)
    files = theme_files()
    chosen = theme_file_named(name, list(files))
    target = root / chosen
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:
            file.write(files[chosen].read_bytes())
    except OSError as error:
        if target.exists() or target.is_symlink():
            message = "exists already: the site has its own copy; change that one"
        else:
            message = f"cannot be written: {(error.strerror or str(error)).lower()}"
        raise SiteError([Problem(chosen, None, None, message)]) from None
    return chosen


def theme_file_named(name: str, files: list[str]) -> str:
    """The one file of `files` that `name` names: by its path in a site
    (`templates/event.html`), its path in its folder (`css/style.css`), or its file name
    (`event.html`)."""
    wanted = name.strip().replace("\\", "/").removeprefix("./")
    ways: tuple[Callable[[str], str], ...] = (
        lambda file: file,
        lambda file: file.split("/", 1)[1],
        lambda file: file.rsplit("/", 1)[1],
    )
    for way in ways:
        found = [file for file in files if way(file) == wanted]
        if len(found) == 1:
            return found[0]
        if found:
            message = f"names several files of the default theme ({', '.join(found)}): give one"
            raise SiteError([Problem(name, None, None, message)])
    message = "is not a file of the default theme; site-builder theme list lists them"
    raise SiteError([Problem(name, None, None, message)])
