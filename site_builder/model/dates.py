"""Strict date parsing, and the formats of dates that programs read (feeds).

Dates are worded for readers by the renderer, in the site's language (`render/words.py`);
the exports are handed its words."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

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


# An event's date: a year (`2024`, `602`, `-44` for 44 BC), a month, a day, or a day and
# time with or without its zone.
_WHEN = re.compile(
    r"(?P<year>-?\d{1,4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[ T](?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<zone>Z|[+-]\d{2}:?\d{2})?)?)?)?"
)
WHEN_FORMS = (
    "YYYY-MM-DD, a month (YYYY-MM), a year (YYYY; -44 for 44 BC), "
    "or a day and time (YYYY-MM-DD HH:MM, +03:00 for its zone)"
)
_DAYS_BEFORE_MONTH = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
_CYCLE_DAYS = 146097  # the days of 400 Gregorian years: the calendar repeats after them


@functools.total_ordering
@dataclass(frozen=True)
class When:
    """When an event took place, as precisely as its sources say: a year, a month of it, a
    day, or a day and a time (`time`, with its zone when one was given).

    `year` is astronomical, as arithmetic needs: 0 is 1 BC, -43 is 44 BC. Files and exports
    write years as historians and TimelineJS do, -44 for 44 BC, with no year 0: `parse_when`
    and `written_year` turn one into the other. Whens sort by their first day, a wider one
    (a year) before the narrower ones it holds, then by time. Its days are worked out once:
    a timeline's chronologies ask for them some 100,000 times at 10,000 events."""

    year: int
    month: int | None = None
    day: int | None = None
    time: dt.time | None = None

    @classmethod
    def of_day(cls, day: dt.date) -> When:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> str:
        """ "year", "month", "day" or "time"."""
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day" if self.time is None else "time"

    @functools.cached_property
    def first_day(self) -> int:
        """The day number (`date.toordinal()`'s, carried on before year 1) of its first day."""
        return day_number(self.year, self.month or 1, self.day or 1)

    @functools.cached_property
    def last_day(self) -> int:
        """The day number of its last day: the month's or the year's for a month or a year."""
        if self.day is not None:
            return self.first_day
        if self.month is None:
            return day_number(self.year + 1, 1, 1) - 1
        return day_number(self.year + self.month // 12, self.month % 12 + 1, 1) - 1

    @functools.cached_property
    def sort_key(self) -> tuple[int, int, float]:
        rank = ("year", "month", "day", "time").index(self.precision)
        return (self.first_day, rank, _minutes(self.time))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key < other.sort_key

    def ends_before(self, start: When) -> bool:
        """Whether this, as an end, is before `start`: its last day before the other's
        first, or its time before the other's on their one day."""
        if self.last_day != start.first_day or self.time is None or start.time is None:
            return self.last_day < start.first_day
        return _minutes(self.time) < _minutes(start.time)

    def as_date(self) -> dt.date | None:
        """Its day as a `date`, for a day (or time) in the years 1 to 9999; else None."""
        if self.day is None or self.month is None or not dt.MINYEAR <= self.year <= dt.MAXYEAR:
            return None
        return dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """As an event file writes it: `2024`, `2024-04`, `-0044-03-15`, or with a time
        `2024-04-08T10:00+03:00`."""
        year = written_year(self.year)
        text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.time is not None:
            text += "T" + self.time.isoformat("seconds" if self.time.second else "minutes")
            text = text.replace("+00:00", "Z") if self.time.tzinfo else text
        return text

    def __str__(self) -> str:
        return self.isoformat()


def file_day(when: When) -> str:
    """The date a file's name begins with: without its time, which a name cannot hold, and
    with `bc` for the minus of a year before the common era (`bc0044-03-15`), which would
    read as an option on a command line."""
    text = dataclasses.replace(when, time=None).isoformat()
    return f"bc{text[1:]}" if text.startswith("-") else text


def written_year(year: int) -> int:
    """An astronomical year as historians write it: 0 -> -1 (1 BC), -43 -> -44."""
    return year if year > 0 else year - 1


def day_number(year: int, month: int, day: int) -> int:
    """`date(year, month, day).toordinal()`, for any astronomical year (before year 1 too)."""
    before = year - 1
    leap = month > 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days_before_year = before * 365 + before // 4 - before // 100 + before // 400
    return days_before_year + _DAYS_BEFORE_MONTH[month] + leap + day


def day_of(number: int) -> tuple[int, int, int]:
    """The astronomical year, month and day of a day number: `day_number` undone."""
    cycles = max(0, -((number - 1) // _CYCLE_DAYS))  # 400-year cycles to bring it to year 1
    day = dt.date.fromordinal(number + cycles * _CYCLE_DAYS)
    return day.year - 400 * cycles, day.month, day.day


def parse_when(text: str) -> When:
    """An event's date as its file writes it (see `_WHEN`); a date that does not exist (a
    30 February, year 0) or is after LAST_DAY is refused."""
    match = _WHEN.fullmatch(text)
    if match is None:
        raise DateError(f'"{text}" is not a date written as {WHEN_FORMS}')
    written = int(match["year"])
    if written == 0:
        raise DateError(f'"{text}" has the year 0, which there is not: 1 BC is -1, then 1')
    year = written if written > 0 else written + 1
    month = None if match["month"] is None else int(match["month"])
    day = None if match["day"] is None else int(match["day"])
    if month is not None and not 1 <= month <= 12:
        raise DateError(f'"{text}" is not a real date: there is no month {month}')
    if day is not None and month is not None and not 1 <= day <= _month_days(year, month):
        raise DateError(f'"{text}" is not a real date')
    when = When(year, month, day, _time(text, match["time"], match["zone"]))
    if when.last_day > LAST_DAY.toordinal():
        raise DateError(f'"{text}" is after {LAST_DAY}, the last day a timeline can hold')
    return when


def _month_days(year: int, month: int) -> int:
    return day_number(year + month // 12, month % 12 + 1, 1) - day_number(year, month, 1)


def _time(text: str, time: str | None, zone: str | None) -> dt.time | None:
    if time is None:
        return None
    try:
        value = dt.time.fromisoformat(time)
        if zone is not None:
            value = value.replace(tzinfo=dt.time.fromisoformat(f"00:00{_zone(zone)}").tzinfo)
    except ValueError:
        raise DateError(f'"{text}" is not a real time of day, or its zone is not') from None
    return value


def _zone(zone: str) -> str:
    if zone == "Z":
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def _minutes(time: dt.time | None) -> float:
    """A time's minutes into its day, in UTC where it has a zone, for sorting; -1 for none."""
    if time is None:
        return -1.0
    minutes = time.hour * 60 + time.minute + time.second / 60
    offset = time.utcoffset()
    return minutes - (offset.total_seconds() / 60 if offset is not None else 0.0)


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


def atom_date(when: When) -> str:
    """When an event began, as an RFC 3339 timestamp for feeds: its day's start in UTC, or
    its time (in UTC where it has a zone; as written where not). A day before year 1 is
    given as the first day RFC 3339 can hold."""
    year, month, day = day_of(max(when.first_day, 1))
    moment = dt.datetime(year, month, day)
    if when.time is not None and when.first_day >= 1:
        moment = dt.datetime.combine(moment, when.time)
        if when.time.tzinfo is not None:
            with contextlib.suppress(OverflowError):
                moment = moment.astimezone(dt.UTC)
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"
