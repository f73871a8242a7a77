"""Dates in news articles: the publication line, the dateline, and the day of the event.

Parsing is dateparser's, in English, Russian and Chinese; this module only finds where a date
is written (a short line near the headline, the start of the first paragraph, a phrase in
the lead) and settles a year the text leaves out: the last such day on or before the
publication. dateparser is imported on first use: `build` never needs it.
"""

# ruff: noqa: RUF001, RUF002, RUF003 (the patterns hold Chinese and Cyrillic text on purpose)

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from site_builder.importing.found import Found
from site_builder.importing.text import word_count

Moment = dt.date | dt.datetime
LANGUAGES = ["en", "ru", "zh"]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)|\d{1,2}\s*[ap]\.?m\b", re.I)
_CJK_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
)
_UTC_OFFSET = re.compile(
    r"\b(?:UTC|GMT)\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b"
)
# "08:34 +08:00, 2023-07-14": the time first, which dateparser reads only after the date.
_TIME_FIRST = re.compile(
    r"^(?P<time>\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[+-]\d{2}:\d{2}|\s+[A-Z]{2,5})?),?\s+"
    r"(?P<date>(?=.*\d{4})\S.*\d)$",
    re.I,
)
# Words a scraper glued together: "April 9, 20245:34 AM GMT+8Updated 2 hours ago".
_GLUED = re.compile(r"(?<=\b(?:19|20)\d{2})(?=\d{1,2}:\d{2})|(?<=[0-9])(?=[A-Z][a-z])")
_SLASHED = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
_BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")
# Where a line's next part starts: "2024-04-09 20:11 来源：新华网", "... Editor: X".
_NEXT_LABEL = re.compile(r"\s+(?=[^\s\d:：]{1,12}[:：])")
_DOTTED = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")
# A publication line's label: "Published:", "Updated", "发布时间：", "Обновлено:".
_PUBLISHED_LABEL = re.compile(r"publish|posted|release|发布|发表|опубликован", re.I)
_LABEL = re.compile(r"^[^\d|]{1,30}?[:：]\s*")
_SEGMENTS = re.compile(r"\s*[|丨│]\s*")
MAX_DATE_LINE_WORDS = 12

# Where a day is written inside a sentence: the phrase is located here, parsed by dateparser.
_EN_DAY = (
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?(?:,?\s+\d{4})?)"
)
_RU_DAY = r"\d{1,2}\s+[а-я]{3,9}\.?(?:\s+\d{4}(?:\s*г(?:ода|\.)?)?)?"
DAY_PHRASE = re.compile(
    rf"(?P<en>\b{_EN_DAY})(?!\d)|(?P<ru>\b{_RU_DAY})|(?P<zh>(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
)
# The day of the month alone, as Chinese news gives it: "王毅9日在北京...".
CJK_DAY_ONLY = re.compile(r"(?<![\d月年])(?P<day>\d{1,2})日(?!电)")
WEEKDAY_WORDS: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (number, re.compile(pattern, re.I))
    for number, pattern in enumerate(
        (
            r"\bMonday\b|\bв понедельник\b|(?:周|星期|礼拜)一",
            r"\bTuesday\b|\bво вторник\b|(?:周|星期|礼拜)二",
            r"\bWednesday\b|\bв среду\b|(?:周|星期|礼拜)三",
            r"\bThursday\b|\bв четверг\b|(?:周|星期|礼拜)四",
            r"\bFriday\b|\bв пятницу\b|(?:周|星期|礼拜)五",
            r"\bSaturday\b|\bв субботу\b|(?:周|星期|礼拜)六",
            r"\bSunday\b|\bв воскресенье\b|(?:周|星期|礼拜)[日天]",
        )
    )
)
TODAY = re.compile(r"\btoday\b|\bсегодня\b|今天|今日", re.I)
YESTERDAY = re.compile(r"\byesterday\b|\bвчера\b|昨天|昨日", re.I)


@cache
def _dateparser() -> Any:
    return importlib.import_module("dateparser")


def _normalised(text: str) -> str:
    """What dateparser reads best: Chinese dates as ISO, "UTC+8" as "+08:00"."""
    text = _UTC_OFFSET.sub(_offset_of_utc, _CJK_DATE.sub(_iso_of_cjk, text))
    return _TIME_FIRST.sub(r"\g<date> \g<time>", text)


def _iso_of_cjk(match: re.Match[str]) -> str:
    month, day = int(match["month"]), int(match["day"])
    if match["year"]:
        return f"{match['year']}-{month:02d}-{day:02d} "
    return f"{day} {_EN_MONTH[month]} "


_EN_MONTH = (
    *("", "January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def _offset_of_utc(match: re.Match[str]) -> str:
    return f"{match['sign']}{int(match['hours']):02d}:{match['minutes'] or '00'}"


def parse_moment(
    text: str, base: dt.date | None = None, year: bool = True, order: str | None = None
) -> Moment | None:
    """A date (with its time and zone when the text has them), or None. Without `year`, a
    day and month will do, and the year is the last before `base`."""
    parts = ["day", "month", "year"] if year else ["day", "month"]
    settings: dict[str, Any] = {"REQUIRE_PARTS": parts, "PREFER_DATES_FROM": "past"}
    if order or _DOTTED.search(text):
        settings["DATE_ORDER"] = order or "DMY"
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day, 23, 59)
    try:
        parsed = _dateparser().parse(_normalised(text), languages=LANGUAGES, settings=settings)
    except (ValueError, OverflowError):
        return None
    if not isinstance(parsed, dt.datetime):
        return None
    return parsed if _TIME.search(text) else parsed.date()


def day_of(moment: Moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def day_before(reference: dt.date, month: int, day: int) -> dt.date | None:
    """A month and day without a year: the last such day on or before `reference`."""
    for year in (reference.year, reference.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference + dt.timedelta(days=1):
            return candidate
    return None


def find_published(
    lines: Iterable[str], near: tuple[int, int] | None = None
) -> Found[Moment] | None:
    """The publication date: a short line that is a date once its labels are set aside
    ("Published: ...", "Source: X | Updated: ...", a bare date and time under the headline).
    A date labelled as the publication wins over others; else the first, or a later one
    giving the time of that day. `near` (a month and day the article gives, as in its
    dateline) settles "10/07/2025": day or month first."""
    found = [item for line in lines for item in _dates_in_line(line, near)]
    labelled = [item for item in found if _PUBLISHED_LABEL.search(item.text)]
    if labelled or not found:
        return labelled[0] if labelled else None
    timed = [item for item in found if isinstance(item.value, dt.datetime)]
    same_day = [item for item in timed if day_of(item.value) == day_of(found[0].value)]
    return same_day[0] if same_day else found[0]


def _dates_in_line(line: str, near: tuple[int, int] | None) -> list[Found[Moment]]:
    """The dates a short line holds: one, or each labelled part's when it has several
    ("Published: April 9, 2024 | Updated: April 10, 2024")."""
    line = _GLUED.sub(" ", _BRACKETED.sub(" ", line))
    if word_count(line) > MAX_DATE_LINE_WORDS or not re.search(r"\d", line):
        return []
    parts = [part for part in _parts(line) if re.search(r"\d{4}", part)]
    if len(parts) > 1:
        labelled = [(part, _date_segment(_LABEL.sub("", part), near)) for part in parts]
        return [Found(moment, "publication line", part) for part, moment in labelled if moment]
    whole = _LABEL.sub("", _SEGMENTS.sub(" ", line))
    for segment in (whole, *(_LABEL.sub("", part) for part in _parts(line))):
        moment = _date_segment(segment, near)
        if moment is not None:
            return [Found(moment, "publication line", line)]
    return []


def _parts(line: str) -> list[str]:
    """A line cut between bars and before each label ("Updated:", "来源：")."""
    return [part for segment in _SEGMENTS.split(line) for part in _NEXT_LABEL.split(segment)]


def _date_segment(segment: str, near: tuple[int, int] | None) -> Moment | None:
    """The segment as a date, allowing a few words of label before it ("Updated") and of
    other matter after it ("Updated 2 hours ago")."""
    words = segment.split()
    while words and re.fullmatch(r"\d{1,3}", words[-1]):  # a count of comments or views
        words.pop()
    for skip in range(min(4, len(words))):
        for keep in range(len(words), max(skip, len(words) - 5), -1):
            rest = " ".join(words[skip:keep])
            if not re.search(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}", rest):
                break
            moment = _ordered(rest, near)
            if moment is not None:
                return moment
    return None


def _ordered(text: str, near: tuple[int, int] | None) -> Moment | None:
    """A date; one written "10/07/2025" is read day first when that gives `near`."""
    moment = parse_moment(text)
    ambiguous = _SLASHED.search(text)
    if moment is None or near is None or ambiguous is None:
        return moment
    day_first = parse_moment(text, order="DMY")
    if day_first is not None and (day_of(day_first).month, day_of(day_first).day) == near:
        return day_first
    return moment


@dataclass(frozen=True)
class Dateline:
    """The opening of a wire story: the place, maybe a day, the agency."""

    text: str
    place: str
    extra: str | None  # a day ("April 9"), a country ("Russia"), or both ("Paraguay, Nov 3")
    agency: str | None

    @property
    def day_text(self) -> str | None:
        """The part of the dateline that gives a day, if any."""
        return next((p for p in self._parts() if re.search(r"\d", p)), None)

    @property
    def country(self) -> str | None:
        """The part that names a country, if any ("MOSCOW, Idaho (AP)" gives "Idaho")."""
        return next((p for p in self._parts() if not re.search(r"\d", p)), None)

    def _parts(self) -> list[str]:
        return [part.strip(" .") for part in (self.extra or "").split(",") if part.strip(" .")]


_EN_PLACE = r"(?P<place>(?:S[Tt]\. )?[A-ZА-ЯЁ][\w'’]*(?:[ -][\w'’]+){0,3}?)"
_EXTRA = r"(?:\s*[,.]\s*(?P<extra>[^()/\n—–]{1,30}?))?"
_MARK = (
    r"\s*[.,]?\s*(?:\((?P<agency>[^()\n]{2,40})\)|/(?P<slash>[^/\n]{2,30})/"
    r"|(?:(?<=[.,])|(?<=[.,]\s))(?P<caps>[A-ZА-ЯЁ][A-ZА-ЯЁ.]{2,}[A-ZА-ЯЁ])(?=\s*[-—–]))"
)
_DASH = r"\s*[.]?\s*(?:--|—|–|-)"
DATELINES: tuple[re.Pattern[str], ...] = (
    # "VIENTIANE, July 25 (Xinhua) --", "BEIJING, April 9. /TASS/.", "MOSCOW, Russia (AP) —",
    # "Москва. 9 апреля. INTERFAX.RU -"
    re.compile(rf"^{_EN_PLACE}{_EXTRA}{_MARK}(?:{_DASH})?"),
    # "МОСКВА, 9 апр — РИА Новости.", "MOSCOW, April 9 - RIA Novosti."
    re.compile(rf"^{_EN_PLACE}{_EXTRA}{_DASH}\s*(?P<after>[A-ZА-ЯЁ][\w]+(?: [A-ZА-ЯЁ]\w+)?)\.\s"),
    # "MOSCOW — ", "BEIJING, April 9 —" (a newspaper's own: a place in capitals, no agency)
    re.compile(
        r"^(?P<place>[A-ZА-ЯЁ]{3,}(?:[ -][A-ZА-ЯЁ]{2,}){0,2})" + _EXTRA + r"\s*(?:—|–|--|-(?=\s))"
    ),
    # "新华社北京4月9日电", "中新社莫斯科4月9日电", "本报北京4月9日电", "人民网北京4月9日电"
    re.compile(
        r"^(?P<agency>本报|[\u4e00-\u9fff]{1,5}?(?:社|网|报|台))"
        r"(?P<place>[\u4e00-\u9fff]{2,6}?)?(?P<extra>\d{1,2}月\d{1,2}日)电"
    ),
)


def join_split_datelines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """A dateline on a line of its own, or broken over two ("VIENTIANE, July 25" /
    "(Xinhua) -- ..."), joined to the paragraph it opens."""
    joined: list[str] = []
    for line in lines:
        if joined and (_is_whole_dateline(joined[-1]) or _completes_dateline(joined[-1], line)):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return tuple(joined)


def _is_whole_dateline(line: str) -> bool:
    """A short line that is a dateline with its agency and nothing more:
    "BEIJING, April 9 (Xinhua) --", "ПЕКИН, 9 апреля. /ТАСС/."."""
    if word_count(line) > 8:
        return False
    for pattern in DATELINES:
        match = pattern.match(line)
        if match and len(line) - match.end() <= 3 and _agency_of(match.groupdict()):
            return True
    return False


def _agency_of(parts: dict[str, str | None]) -> str | None:
    return parts.get("agency") or parts.get("slash") or parts.get("caps") or parts.get("after")


def _completes_dateline(before: str, line: str) -> bool:
    if word_count(before) > 6 or not line.startswith(("(", "/", "—", "–", "--", "-")):
        return False
    return any(pattern.match(f"{before} {line}") for pattern in DATELINES)


def find_dateline(paragraphs: Iterable[str]) -> Dateline | None:
    """The dateline opening one of the first paragraphs, if any."""
    for paragraph in list(paragraphs)[:3]:
        for pattern in DATELINES:
            match = pattern.match(paragraph)
            if match:
                parts = match.groupdict()
                agency = _agency_of(parts)
                place = (parts.get("place") or "").strip(" .,")
                return Dateline(match.group(0).strip(" -—–.:"), place, parts.get("extra"), agency)
    return None


def dateline_month_day(dateline: Dateline | None) -> tuple[int, int] | None:
    """The month and day a dateline gives, before its year is known."""
    if dateline is None or not dateline.day_text:
        return None
    moment = parse_moment(dateline.day_text, year=False)
    return (day_of(moment).month, day_of(moment).day) if moment else None


def dateline_day(dateline: Dateline, published: Moment | None) -> Found[dt.date] | None:
    """The dateline's day, its year taken from the publication date."""
    if not dateline.day_text or published is None:
        return None
    day = _day_in_year(dateline.day_text, day_of(published))
    return Found(day, "dateline", dateline.text) if day else None


def _day_in_year(phrase: str, reference: dt.date) -> dt.date | None:
    moment = parse_moment(phrase, base=reference, year=False)
    if moment is None:
        return None
    parsed = day_of(moment)
    if re.search(r"\d{4}", phrase):
        return parsed
    return day_before(reference, parsed.month, parsed.day)


def find_event_date(
    lead: str, dateline: Dateline | None, published: Found[Moment] | None
) -> tuple[Found[dt.date] | None, Found[int] | None, str]:
    """The day of the event, the weekday the lead names, and why no day when there is none.

    A weekday is counted back from the dateline's day, else the publication's; a date in the
    lead comes next, then the dateline's own day, then "today" on the publication's day."""
    on_dateline = (
        dateline_day(dateline, published.value if published else None) if dateline else None
    )
    reference = on_dateline or (
        Found(day_of(published.value), published.how, published.text) if published else None
    )
    weekday = find_weekday(lead)
    if weekday is not None and reference is not None:
        back = (reference.value.weekday() - weekday.value) % 7
        day = reference.value - dt.timedelta(days=back)
        how = f"'{weekday.text}' counted back from {reference.because()}"
        return Found(day, how), weekday, ""
    in_lead = _day_in_lead(lead, reference.value if reference else None, dateline)
    if in_lead is not None:
        return in_lead, weekday, ""
    if on_dateline is not None:
        return on_dateline, weekday, ""
    today = TODAY.search(lead)
    if today and reference is not None:
        return Found(reference.value, f"'{today.group(0)}' on {reference.because()}"), weekday, ""
    yesterday = YESTERDAY.search(lead)
    if yesterday and reference is not None:
        day = reference.value - dt.timedelta(days=1)
        return Found(day, f"'{yesterday.group(0)}' before {reference.because()}"), weekday, ""
    if weekday is not None:
        return None, weekday, f"'{weekday.text}' named, but no date to count back from"
    if published is None and (dateline is not None and dateline.day_text):
        return None, None, f"dateline '{dateline.text}' gives no year and the page no date"
    return None, None, "no dateline, date in the lead, or weekday with a publication date"


def find_weekday(lead: str) -> Found[int] | None:
    found = [
        (match.start(), number, match.group(0))
        for number, pattern in WEEKDAY_WORDS
        for match in [pattern.search(lead)]
        if match
    ]
    if not found:
        return None
    _, number, text = min(found)
    return Found(number, "weekday", text)


def _day_in_lead(
    lead: str, reference: dt.date | None, dateline: Dateline | None
) -> Found[dt.date] | None:
    """A day written in the lead: with its year, or without one when there is a reference."""
    for match in DAY_PHRASE.finditer(lead):
        phrase = match.group(0)
        if re.search(r"\d{4}", phrase):
            moment = parse_moment(phrase)
            if moment is not None:
                return Found(day_of(moment), "date in the text", phrase)
        elif reference is not None:
            day = _day_in_year(phrase, reference)
            if day is not None:
                return Found(day, "date in the text", phrase)
    only = CJK_DAY_ONLY.search(lead)
    if only and reference is not None:
        day = _day_of_month(int(only["day"]), reference)
        if day is not None:
            return Found(day, "day of the month in the text", only.group(0))
    return None


def _day_of_month(day: int, reference: dt.date) -> dt.date | None:
    """ "9日": the last 9th on or before the reference."""
    month, year = reference.month, reference.year
    for _ in range(2):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= reference:
            return candidate
        month, year = (month - 1, year) if month > 1 else (12, year - 1)
    return None
