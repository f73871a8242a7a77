"""The interface's message catalogs, one per language, and how a site's own come first.

The package's catalogs are in `site_builder/locale/`: `<language>/LC_MESSAGES/messages.po`,
the sources, which translators edit, and `messages.mo` beside each, compiled with Babel's
`pybabel compile` (see `scripts/catalogs.py`). A site may have its own, `locale/<language>/
LC_MESSAGES/messages.po` at its root, compiled by Babel as the site is built: it changes or
adds words, or adds a language, without touching the package. Each message is looked up in
the site's catalog first, then in the package's (gettext's fallback chain), then left as the
English text, which is the message id: English needs no catalog.

A language is looked up under its tag and each shorter form of it, most specific first
(`zh-Hans-CN`: `zh_Hans_CN`, `zh_Hans`, `zh`), as gettext names catalog folders.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.problems import Problem, SiteError
from site_builder.reading.textfiles import decode_utf8

DOMAIN = "messages"
PACKAGE_FOLDER = Path(__file__).resolve().parent.parent / "locale"
SITE_FOLDER = "locale"  # a site's own catalogs, at its root
# A value in a message: `%(num)s`. Any other `%` but `%%` is a mistake in a translation.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_OTHER_PERCENT = re.compile(r"%(?!\(\w+\)s|%)")


@dataclass(frozen=True)
class Catalogs:
    """A language's catalogs, chained (`translations`), whether any was found (`found`: a
    language without one is worded in English), and `key`, a digest of the language and of
    every catalog's bytes: what is made from the words is kept under it."""

    translations: gettext.NullTranslations
    found: bool
    key: str


def is_english(language: str) -> bool:
    """Whether `language` (`en`, `en-GB`) is English: the messages' own language."""
    return language.replace("_", "-").split("-")[0].lower() == "en"


def catalog_names(language: str) -> list[str]:
    """The names a language's catalogs are looked up under, most specific first."""
    parts = language.replace("-", "_").split("_")
    return ["_".join(parts[:count]) for count in range(len(parts), 0, -1)]


def read_catalogs(language: str, root: Path | None = None) -> Catalogs:
    """`language`'s catalogs: the site's at `root` (when given) before the package's.

    Raises SiteError, naming the file and line, when a site's catalog cannot be read or a
    translation in it would not take the message's values."""
    digest = hashlib.sha256(language.encode())
    compiled: list[bytes] = []
    problems: list[Problem] = []
    for path, shown in site_catalogs(language, root):
        data = _read(path, shown, problems)
        if data is not None:
            digest.update(len(data).to_bytes(8, "little") + data)
            compiled.append(compile_catalog(data, shown, language, problems))
    if problems:
        raise SiteError(problems)
    chain = [gettext.GNUTranslations(io.BytesIO(data)) for data in compiled]
    for name in catalog_names(language):
        path = PACKAGE_FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            data = path.read_bytes()
            digest.update(len(data).to_bytes(8, "little") + data)
            chain.append(gettext.GNUTranslations(io.BytesIO(data)))
    if not chain:
        return Catalogs(gettext.NullTranslations(), False, digest.hexdigest())
    for catalog, fallback in itertools.pairwise(chain):
        catalog.add_fallback(fallback)
    return Catalogs(chain[0], True, digest.hexdigest())


def site_catalogs(language: str, root: Path | None) -> list[tuple[Path, str]]:
    """The site's catalogs of `language` that exist, with the names messages give them."""
    if root is None:
        return []
    found = []
    for name in catalog_names(language):
        shown = f"{SITE_FOLDER}/{name}/LC_MESSAGES/{DOMAIN}.po"
        path = root / shown
        if path.exists() or path.is_symlink():
            found.append((path, shown))
    return found


def has_catalog(language: str, root: Path | None = None) -> bool:
    """Whether the site at `root` or the package has a catalog of `language`."""
    packaged = (
        PACKAGE_FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.mo" for name in catalog_names(language)
    )
    return bool(site_catalogs(language, root)) or any(path.is_file() for path in packaged)


def _read(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    """A site's catalog file's bytes; a problem when it is no regular file or cannot be read."""
    if not path.is_file():
        problems.append(Problem(shown, None, None, "is not a file; make it a .po catalog"))
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        message = f"cannot be read: {(error.strerror or str(error)).lower()}"
        problems.append(Problem(shown, None, None, message))
        return None


def compile_catalog(data: bytes, shown: str, language: str, problems: list[Problem]) -> bytes:
    """A `.po` catalog's bytes compiled, as `pybabel compile` does, into a `.mo` catalog's.

    Untranslated and fuzzy messages are left out, as `msgfmt` leaves them, so that the next
    catalog in the chain words them. A catalog whose header names no language takes the
    plural rules of `language` (CLDR's, through Babel). Each mistake is added to `problems`,
    at its line."""
    from babel.core import Locale, UnknownLocaleError
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        text = decode_utf8(data, shown).removeprefix("\ufeff")
    except SiteError as error:
        problems.extend(error.problems)
        return b""
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", None)
        said = "is not a line of a gettext catalog (msgid, msgstr, msgctxt, a quoted text or #)"
        problems.append(Problem(shown, line + 1 if isinstance(line, int) else None, None, said))
        return b""
    if catalog.locale is None:
        # Else the header's plural rules, or gettext's default (English's).
        with contextlib.suppress(UnknownLocaleError, ValueError):
            catalog.locale = Locale.parse(language, sep="-" if "-" in language else "_")
    for message in list(catalog)[1:]:
        if message.string and not message.fuzzy:
            problem = translation_problem(message.id, message.string)
            if problem is not None:
                problems.append(Problem(shown, message.lineno, None, problem))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def translation_problem(original: Any, translated: Any) -> str | None:
    """What is wrong with a translation, or None: every value it puts in must be one that its
    message has (`%(num)s`), and a percent sign of its own is written `%%`. `original` and
    `translated` are texts, or for a counted message, tuples of them."""
    originals: Iterable[str] = (original,) if isinstance(original, str) else original
    texts: Iterable[str] = (translated,) if isinstance(translated, str) else translated
    names = {name for text in originals for name in _PLACEHOLDER.findall(text)}
    shown = next(iter(originals))
    for text in texts:
        unknown = sorted(set(_PLACEHOLDER.findall(text)) - names)
        if unknown:
            given = ", ".join(f"%({name})s" for name in sorted(names)) or "no values"
            return (
                f'the translation of "{shown}" puts in %({unknown[0]})s, which the message '
                f"does not have (it has {given})"
            )
        if _OTHER_PERCENT.search(text):
            return (
                f'the translation of "{shown}" has a % that is not a value such as %(num)s; '
                "write %% for a percent sign"
            )
    return None
