"""Names compared as a reader compares them, whatever their case, accents, spacing or script.

`Sergei Lavrov`, `sergei  lavrov`, `Sérgei Lavrov` and `Сергей Лавров` are one name to a
reader; Unidecode writes every script in Latin letters, so each gets the same key.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from unidecode import unidecode

Owner = TypeVar("Owner")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The name in lowercase Latin letters, its words one space apart: `Сергей  Лавров` ->
    `sergei lavrov`. A name Unidecode has no letters for (emoji) keeps its own."""
    key = " ".join(unidecode(name).casefold().split())
    return key or " ".join(name.casefold().split())


@dataclass(frozen=True)
class Claim(Generic[Owner]):
    """A name that two files claim: `first` claimed it first, `second` again."""

    name: str
    first: Owner
    second: Owner


class NameIndex(Generic[Owner]):
    """Owners (people, forums) found by any of their names; a name two owners claim is
    kept for the first and reported (`clashes`)."""

    def __init__(self) -> None:
        self._owners: dict[str, Owner] = {}
        self.clashes: list[Claim[Owner]] = []

    def add(self, owner: Owner, names: Iterable[str]) -> None:
        for name in names:
            first = self._owners.setdefault(name_key(name), owner)
            if first is not owner:
                self.clashes.append(Claim(name, first, owner))

    def find(self, name: str) -> Owner | None:
        return self._owners.get(name_key(name))

    def __bool__(self) -> bool:
        return bool(self._owners)
