"""Two names that are likely one name written two ways: `Sergei Lavrov` and `Sergey Lavrov`,
`Kiev` and `Kyiv`, `Wang Yi` and `WANG Yi`. Each would get an entry of its own in a filter
or a page of its own, splitting the events of one person, topic or place.

Names are compared in Latin letters (`name_key`), word by word: the same number of words,
and each word that differs begins with the same letter, has four letters or more and no
digit, and either has the same consonants (vowels, `y` and `j` aside, and doubled letters
once: what transliterations change) within two edits and a letter more or less, or is a
typo of the other (one letter changed, or two swapped, in a word of six or more). `Topic A`
and `Topic B`, `Iran` and `Iraq`, `Russia` and `Russian`, `Niger` and `Nigeria` are told
apart.

Runs at every preview rebuild: distinct names are compared, not events, and only within
groups of names that could pass the rule (the same consonants word by word, or the same
first letter and length: 10,000 distinct names take a few tens of milliseconds), and the
pairs of a set of names are kept while it stays the same. A pair that needs both halves of
the rule, a word transliterated and another mistyped, is not found.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA, Levenshtein

from site_builder.content.names import name_key

MIN_WORD = 4  # shorter words (`Yi`, `A`, `USA`) differ too often between two real names
MIN_TYPO_WORD = 6
MAX_TRANSLITERATION_EDITS = 2
_WORD = re.compile(r"[^\W_]+")
_NO_VOWELS = str.maketrans("", "", "aeiouyj")


def variant_pairs(names: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of distinct names, as written, that are likely one name: each pair once, the
    name that comes first in `names` first, in the order of `names`."""
    order = {name: at for at, name in enumerate(names)}
    pairs = (sorted(pair, key=order.__getitem__) for pair in _pairs(frozenset(names)))
    return sorted(((a, b) for a, b in pairs), key=lambda pair: (order[pair[1]], order[pair[0]]))


def likely_same(first: str, second: str) -> bool:
    """Whether two names are likely one name written two ways (see the module's rule)."""
    a, b = name_key(first), name_key(second)
    return a == b or _likely_same_key(a, b)


@functools.lru_cache(maxsize=16)
def _pairs(names: frozenset[str]) -> tuple[tuple[str, str], ...]:
    spellings: dict[str, list[str]] = {}
    for name in sorted(names):
        spellings.setdefault(name_key(name), []).append(name)
    pairs = [(same[0], other) for same in spellings.values() for other in same[1:]]
    words = {key: tuple(_WORD.findall(key)) for key in spellings}
    candidates: set[tuple[str, str]] = set()
    for sketch in (_consonant_sketch, _typo_sketch):
        groups: dict[tuple[str, ...], list[str]] = {}
        for key, key_words in words.items():
            groups.setdefault(tuple(map(sketch, key_words)), []).append(key)
        for group in groups.values():
            candidates.update(itertools.combinations(group, 2))
    for a, b in sorted(candidates):
        if _likely_same_words(words[a], words[b]):
            pairs.append((spellings[a][0], spellings[b][0]))
    return tuple(pairs)


@functools.lru_cache(maxsize=65536)
def _consonant_sketch(word: str) -> str:
    """What a word shares with its transliterations: its consonants (a short word or one
    with digits must be the same word)."""
    return _consonants(word) if len(word) >= MIN_WORD and word.isalpha() else word


def _typo_sketch(word: str) -> str:
    """What a word shares with its one-letter typos: its first letter and length."""
    return f"{word[0]}{len(word)}" if len(word) >= MIN_TYPO_WORD and word.isalpha() else word


def _likely_same_key(a: str, b: str) -> bool:
    return _likely_same_words(tuple(_WORD.findall(a)), tuple(_WORD.findall(b)))


def _likely_same_words(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> bool:
    if len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return bool(differing) and all(_likely_same_word(x, y) for x, y in differing)


def _likely_same_word(x: str, y: str) -> bool:
    if x[0] != y[0] or min(len(x), len(y)) < MIN_WORD or not (x + y).isalpha():
        return False
    if len(x) == len(y) >= MIN_TYPO_WORD and OSA.distance(x, y) == 1:
        return True  # a letter changed, or two swapped
    if abs(len(x) - len(y)) > 1 or _consonants(x) != _consonants(y):
        return False  # `Niger` and `Nigeria` share their consonants, not their length
    return Levenshtein.distance(x, y) <= MAX_TRANSLITERATION_EDITS


def _consonants(word: str) -> str:
    """`kiev` and `kyiv` -> `kv`; `sergei` and `sergey` -> `srg`: the first letter, then the
    consonants, each doubled one once."""
    return word[0] + "".join(
        letter for letter, _ in itertools.groupby(word[1:].translate(_NO_VOWELS))
    )
