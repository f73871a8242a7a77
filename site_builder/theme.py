"""The default theme (templates/ and static/), and how a site's own files override it.

An installed package carries it as `site_builder/theme/`, packaged from this repository's
own `templates/` and `static/` (see pyproject.toml); a source checkout uses those folders.

A site's `templates/` and `static/` override the theme file by file, as MkDocs' `custom_dir`
and Hugo's lookup order do: a file the site has is used, and the theme's fills in the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATES, STATIC = "templates", "static"
THEME_FOLDERS = (TEMPLATES, STATIC)


def theme_folder(name: str) -> Path:
    """`templates` or `static` of the default theme."""
    packaged = PACKAGE / "theme" / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name


@dataclass(frozen=True)
class Layer:
    """One folder of templates or static files, and how messages name the files in it."""

    folder: Path
    shown: str  # `templates/x.html` for the site's, `theme templates/x.html` for the theme's
    of_site: bool

    def shown_file(self, relative: str) -> str:
        return f"{self.shown}/{relative}"


def layers(root: Path, name: str) -> tuple[Layer, ...]:
    """The site's `name` folder (`templates` or `static`), then the theme's, which fills in
    the files the site does not have; the site's alone when it is the theme's own folder (the
    site of this repository)."""
    site = Layer(root / name, name, of_site=True)
    theme = theme_folder(name)
    if site.folder.resolve() == theme.resolve():
        return (site,)
    return (site, Layer(theme, f"theme {name}", of_site=False))


def theme_files() -> dict[str, Path]:
    """Every file of the default theme by its path in a site (`templates/event.html`,
    `static/css/style.css`); names starting with a dot are left out, as a build leaves them."""
    files = {}
    for name in THEME_FOLDERS:
        folder = theme_folder(name)
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                files[f"{name}/{relative.as_posix()}"] = path
    return files
