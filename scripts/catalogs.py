"""Make the interface's message catalogs again after a word of the templates or the code
changed, with Babel, as `pybabel` would from the repository's root:

    python scripts/catalogs.py            # extract, update every language, compile
    python scripts/catalogs.py --check    # fail when a catalog is not up to date

It extracts every marked message (`babel.cfg` says from where) into
`site_builder/locale/messages.pot`, brings each language's `messages.po` up to date with it
(new messages untranslated, or fuzzy when close to an old one, removed ones dropped), and
compiles each to the `messages.mo` that builds read. Translate what is new or fuzzy in the
`.po` files (an editor such as Poedit, or by hand), then run it again to compile.

A new language: `pybabel init -D messages -i site_builder/locale/messages.pot
-d site_builder/locale -l LANG`, translate, then run this script.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "site_builder" / "locale"
TEMPLATE = LOCALE / "messages.pot"
# pgettext's keyword is Babel's by default; `_kind_label` marks the default kinds' labels
# in config.py, with their context first, as pgettext does.
KEYWORDS = ["-k", "_kind_label:1c,2"]
OPTIONS = ["--add-location=file", "--width=100", "-c", "Translators:"]
VERSION = re.search(
    r'__version__ = "([^"]+)"', (ROOT / "site_builder" / "__init__.py").read_text("utf-8")
)
PROJECT = [
    "--project=site-builder",
    f"--version={VERSION[1] if VERSION else ''}",
    "--copyright-holder=site-builder's authors",
]


def pybabel(*arguments: str) -> None:
    """Run one of Babel's commands as `pybabel` does, stopping at its first failure (a
    translation that would not take its message's values, a catalog that does not parse)."""
    status = CommandLineInterface().run(["pybabel", *arguments])
    if status:
        sys.exit(f"pybabel {arguments[0]} failed")


def extract(output: Path) -> None:
    mapping = ["-F", str(ROOT / "babel.cfg")]
    pybabel("extract", *mapping, *KEYWORDS, *OPTIONS, *PROJECT, "-o", str(output), ".")


def languages() -> list[str]:
    return sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/messages.po"))


def check() -> int:
    """Whether the template holds every message the code and templates mark, and each
    language's compiled catalog is its `.po` compiled: 0 when so, else 1, saying what to run."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "messages.pot"
        extract(fresh)
        if _messages(fresh) != _messages(TEMPLATE):
            print("the catalogs are out of date: run python scripts/catalogs.py", file=sys.stderr)
            return 1
    return 0


def _messages(path: Path) -> set[tuple[object, object, object]]:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        catalog = read_po(file)
    return {(m.id, m.context, tuple(m.auto_comments)) for m in catalog if m.id}


def main() -> int:
    os.chdir(ROOT)  # the messages' locations are named from the repository's root
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    if parser.parse_args().check:
        return check()
    extract(TEMPLATE)
    for language in languages():
        pybabel(
            "update", "-D", "messages", "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", language,
            "--ignore-obsolete", "--width=100",
        )  # fmt: skip
    pybabel("compile", "-D", "messages", "-d", str(LOCALE), "--statistics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
