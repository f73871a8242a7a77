"""Strict date parsing, and the formats of dates that programs read (feeds).

Dates are worded for readers by the renderer, in the site's language (`render/words.py`).
`human_date`, `human_span` and `human_published` below are the English wording kept only
for the two callers that still import it from here: `render/site.py` (which registers them
as filters over the ones `render/templates.py` gives every template) and
`exports/search.py` (the search index's dates). Remove them once those take theirs from
`render/words.py`; `tests/test_words.py` holds both wordings equal until then."""

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


def human_date(day: dt.date) -> str:
    """`13 July 2023`; in English only: see the module's note."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def human_span(start: dt.date, end: dt.date | None) -> str:
    """`13 July 2023`, or `13-14 July 2023` (with an en dash) for several days."""
    if end is None or end == start:
        return human_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{human_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} \u2013 {human_date(end)}"
    return f"{human_date(start)} \u2013 {human_date(end)}"


def human_published(value: dt.date | dt.datetime) -> str:
    """A source's publication as shown: `14 July 2023, 08:34 UTC+08:00`."""
    text = human_date(value)
    if isinstance(value, dt.datetime):
        text += f", {value:%H:%M}"
        if value.utcoffset() is not None:
            text += f" {value.tzname()}"
    return text


def atom_date(day: dt.date) -> str:
    """A day as an RFC 3339 timestamp for feeds: its start, in UTC."""
    return f"{day.isoformat()}T00:00:00Z"
