"""Long lists split into numbered pages: `topics/x/`, then `topics/x/page/2/`, and so on.

Items stay oldest first, so a page's address keeps its items as new ones are added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

Item = TypeVar("Item")
NEAR = 2  # the pager links this many page numbers on each side of the current one


@dataclass(frozen=True)
class Pager:
    """Where one page of a list stands among the list's pages, for its navigation."""

    base: str  # the first page's address below the site's base, e.g. `topics/ukraine/`
    number: int  # this page's number, from 1
    count: int  # how many pages the list has
    first: int  # the position in the whole list of this page's first item, from 1
    last: int  # ... and of its last item
    total: int  # how many items the whole list has

    def url_path(self, number: int) -> str:
        """The address of page `number` below the site's base."""
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def here(self) -> str:
        return self.url_path(self.number)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def numbers(self) -> tuple[int | None, ...]:
        """The page numbers to link: the first, the last and those near this one, with None
        for each run left out, so the pager stays short however long the list grows."""
        near = range(max(1, self.number - NEAR), min(self.count, self.number + NEAR) + 1)
        numbers: list[int | None] = []
        before = 0
        for number in sorted({1, self.count, *near}):
            if number - before == 2:
                numbers.append(before + 1)  # a link takes no more room than "…" would
            elif number - before > 2:
                numbers.append(None)
            numbers.append(number)
            before = number
        return tuple(numbers)


def paginate(
    items: Sequence[Item], page_size: int, base: str
) -> list[tuple[Sequence[Item], Pager]]:
    """`items` cut into pages of `page_size`, each with its pager; one page when empty."""
    count = max(1, -(-len(items) // page_size))
    pages = []
    for number in range(1, count + 1):
        start = (number - 1) * page_size
        chunk = items[start : start + page_size]
        pager = Pager(base, number, count, start + 1, start + len(chunk), len(items))
        pages.append((chunk, pager))
    return pages
