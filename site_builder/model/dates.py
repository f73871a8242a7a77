"""Strict date parsing, and the formats of dates that programs read (feeds).

Dates are worded for readers by the renderer, in the site's language (`render/words.py`);
the exports are handed its words."""

from __future__ import annotations

import datetime as dt
import re

# The last day an event may have: a calendar entry ends on the day after (9999-12-31 has none).
LAST_DAY = dt.date(9999, 12, 30)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?")
UNKNOWN = "unknown"

# The months' English names, for reading dates in English articles (`importing/`): not the
# pages' wording, which is render/words.py's.
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class DateError(ValueError):
    """A date that is not written as YYYY-MM-DD or does not exist."""


def parse_day(text: str) -> dt.date:
    """`2023-07-13` -> the day of an event; anything else (10/01/2024, 2023-02-30) is refused,
    as is 9999-12-31, which has no next day to end a calendar entry on."""
    day = _real_day(text)
    if day > LAST_DAY:
        raise DateError(f'"{text}" is after {LAST_DAY}, the last day a timeline can hold')
    return day


def _real_day(text: str) -> dt.date:
    if not _DAY.fullmatch(text):
        raise DateError(f'"{text}" is not a date written as YYYY-MM-DD')
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(f'"{text}" is not a real date') from None


def parse_published(text: str) -> dt.date | dt.datetime | None:
    """A source's publication: a day, a day and time, or `unknown` (None)."""
    if text == UNKNOWN:
        return None
    if _DAY.fullmatch(text):
        return _real_day(text)
    if not _TIMESTAMP.fullmatch(text):
        message = f'"{text}" is not YYYY-MM-DD, YYYY-MM-DD HH:MM (optionally +08:00), or unknown'
        raise DateError(message)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise DateError(f'"{text}" is not a real date and time') from None


def atom_date(day: dt.date) -> str:
    """A day as an RFC 3339 timestamp for feeds: its start, in UTC."""
    return f"{day.isoformat()}T00:00:00Z"
