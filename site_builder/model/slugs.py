"""URL slugs: what a valid one looks like and how a name becomes one.

A slug is ASCII letters, digits and hyphens, in any script the name is written in: letters
that fold to Latin ones lose their accents (`São Paulo` -> `sao-paulo`), and the others are
written in Latin letters by Unidecode (`乌克兰` -> `wu-ke-lan`, `Москва` -> `moskva`,
`Łódź` -> `lodz`). So every slug is a path segment that every server, file system, archive
and tool takes as it is: no percent-encoding to get wrong between a file name, a link, the
sitemap and the address a reader copies, no two ways of writing one letter in Unicode (NFC,
NFD) to name two files, and `is_slug` stays the one check of what a file name or a config
key may hold. The cost: Chinese is written in pinyin without tones, so two names that sound
alike can share a slug; readers find pages by their links and titles, not their addresses.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SLUG = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def is_slug(text: str) -> bool:
    """Letters, digits and single hyphens between them: never a path separator or dot."""
    return _SLUG.fullmatch(text) is not None


def slugify(name: str) -> str:
    """`Middle East` -> `middle-east`; accents are folded (`São Paulo` -> `sao-paulo`), other
    scripts written in Latin letters (`莫斯科, 俄罗斯` -> `mo-si-ke-e-luo-si`)."""
    latin = name if name.isascii() else "".join(map(_latin, unicodedata.normalize("NFC", name)))
    return _NOT_WORD.sub("-", latin.lower()).strip("-")


def _latin(character: str) -> str:
    """A character in ASCII: its letters without accents (as slugs have always folded them),
    else, for a letter or digit, Unidecode's Latin spelling; nothing for the rest, such as
    punctuation, which separates words in any case. A Chinese character is a syllable of its
    own (Unidecode spells it with a space after), so it gets a space before too: `G20峰会`
    -> `g20-feng-hui`."""
    folded = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
    if folded or unicodedata.category(character)[0] not in "LN":
        return folded
    latin = unidecode(character)
    return f" {latin}" if latin.endswith(" ") else latin
