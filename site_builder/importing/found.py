"""A value read from an article together with the text it was read from, for the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

QUOTE_LENGTH = 60


@dataclass(frozen=True)
class Found(Generic[T]):
    """What was found, where (`how`: "dateline", "publication line", ...) and from what text."""

    value: T
    how: str
    text: str = ""

    def because(self) -> str:
        """`dateline 'BEIJING, April 9'`: how it was found, quoting the text it came from."""
        return f"{self.how} '{quoted(self.text)}'" if self.text else self.how


def quoted(text: str) -> str:
    """One line of at most QUOTE_LENGTH characters, to quote in the terminal and drafts."""
    line = " ".join(text.split())
    return line if len(line) <= QUOTE_LENGTH else line[: QUOTE_LENGTH - 1] + "…"
