"""URL slugs: what a valid one looks like and how a name becomes one."""

from __future__ import annotations

import re
import unicodedata

_SLUG = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def is_slug(text: str) -> bool:
    """Letters, digits and single hyphens between them: never a path separator or dot."""
    return _SLUG.fullmatch(text) is not None


def slugify(name: str) -> str:
    """`Middle East` -> `middle-east`; accents are folded (`São Paulo` -> `sao-paulo`)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub("-", ascii_name.lower()).strip("-")
