"""The timeline for other programs: TimelineJS JSON, an iCalendar feed and a CSV table.

Pure functions: each makes an event's part of a file, or joins the parts into the file's
bytes (`registry.py` pairs them); nothing is written here. Every field comes from untrusted
content and is escaped for the format it goes into. The words of the files' own (the links
of `timeline.json`) are the interface's, handed down by the renderer.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

from site_builder.config import SiteConfig
from site_builder.model.dates import When, day_of, written_year
from site_builder.model.records import Event, Participant, Picture
from site_builder.model.timeline import page_links
from site_builder.model.urls import Urls

# TimelineJS's id for the title slide: `_` is never in a slug, so no event can take it.
TITLE_SLIDE_ID = "_title"
# The languages TimelineJS 3 words its own interface in (its `language` option; English is
# its default), by their codes there, and the languages whose tags differ from those codes.
TIMELINEJS_LANGUAGES = frozenset(
    (
        "af", "ar", "be", "bg", "ca", "cz", "da", "de", "el", "en", "en-24hr", "en-gb",
        "en-week", "eo", "es", "et", "eu", "fa", "fi", "fo", "fr", "fy", "ga", "gl", "he", "hi",
        "hr", "hu", "hy", "id", "is", "it", "iw", "ja", "ka", "ko", "lb", "lt", "lv", "ms",
        "my", "nb", "ne", "nl", "nn", "no", "pl", "pt", "pt-br", "rm", "ro", "ru", "si", "sk",
        "sl", "sr", "sr-cy", "sv", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zh-cn",
        "zh-tw",
    )
)  # fmt: skip
TIMELINEJS_CODES = {
    "cs": "cz",
    "zh": "zh-cn",
    "zh-hans": "zh-cn",
    "zh-sg": "zh-cn",
    "zh-hant": "zh-tw",
    "zh-hk": "zh-tw",
    "zh-mo": "zh-tw",
    "sr-cyrl": "sr-cy",
}


class LinkWords(Protocol):
    """The texts of `timeline.json`'s links: `render.words.Words`' `event_link` and
    `site_link`."""

    def event_link(self) -> str: ...

    def site_link(self) -> str: ...


# TimelineJS ------------------------------------------------------------------------------


def timeline_json_of(
    slides: Sequence[bytes], config: SiteConfig, urls: Urls, words: LinkWords
) -> bytes:
    """The timeline in TimelineJS's JSON format: a title slide, then each event's `slide`,
    and, for a site in another language than English, the code of its language for
    TimelineJS's `language` option (`zh-cn`, `ru`), which TimelineJS takes from the page that
    embeds the timeline, not from the file: that page passes it on."""
    title = {
        "unique_id": TITLE_SLIDE_ID,
        "text": {
            "headline": _html_text(config.title),
            "text": _paragraphs(config.description, urls.absolute(), words.site_link()),
        },
    }
    # The same text as dumping {"title": ..., "events": [...]} whole, from kept slides.
    language = timelinejs_language(config.language)
    end = b"}\n" if language is None else b',"language":' + _json(language) + b"}\n"
    return b"".join((b'{"title":', _json(title), b',"events":[', b",".join(slides), b"]", end))


def timelinejs_language(language: str) -> str | None:
    """TimelineJS's code for a site's `language` (`zh-CN` -> `zh-cn`); None for English,
    TimelineJS's own, and for a language TimelineJS does not have."""
    tag = language.lower().replace("_", "-")
    if tag.split("-")[0] == "en":
        return None
    parts = tag.split("-")
    for length in range(len(parts), 0, -1):
        shorter = "-".join(parts[:length])
        code = TIMELINEJS_CODES.get(shorter, shorter)
        if code in TIMELINEJS_LANGUAGES:
            return code
    return None


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def shared_slugs(events: Iterable[Event]) -> frozenset[str]:
    """Slugs that more than one event has (in different sections, or they would share a URL)."""
    slugs = list(map(operator.attrgetter("slug"), events))
    if len(set(slugs)) == len(slugs):  # the usual case, found at once
        return frozenset()
    return frozenset(slug for slug, count in Counter(slugs).items() if count > 1)


def slide(event: Event, urls: Urls, shared: frozenset[str], words: LinkWords) -> bytes:
    """The event's TimelineJS slide as JSON, in UTF-8.

    Its `unique_id` is the slug, unless another event has the same slug (`shared`): then
    `section--slug` for each of them. Slugs and sections never hold `--`, so these cannot
    collide.
    """
    unique_id = f"{event.section}--{event.slug}" if event.slug in shared else event.slug
    return _json(_slide(event, unique_id, urls, words.event_link()))


def _slide(event: Event, unique_id: str, urls: Urls, link_text: str) -> dict[str, Any]:
    """One event as a TimelineJS slide.

    TimelineJS reads `headline` and `text` as HTML, so both are escaped. `group` is parsed
    as HTML, reduced to its text, and that text is then set as HTML: escaped twice, a label
    shows as written and cannot become markup. `autolink` is off because TimelineJS turns
    addresses into links after its sanitizer has run; the slide carries its own link.
    """
    fields: dict[str, Any] = {
        "unique_id": unique_id,
        "start_date": _timelinejs_date(event.date),
    }
    if event.end_date is not None and event.end_date != event.date:
        fields["end_date"] = _timelinejs_date(event.end_date)
    fields["text"] = {
        "headline": _html_text(event.title),
        "text": _paragraphs(event.summary, urls.absolute(event.url_path), link_text)
        + _links(event, urls),
    }
    fields["group"] = _html_text(_html_text(event.kind.label))
    if event.pictures:
        fields["media"] = _media(event.pictures[0], urls)
    fields["autolink"] = False
    return fields


def _media(made: Picture, urls: Urls) -> dict[str, str]:
    """The event's first picture as the slide's media: TimelineJS reads the caption and the
    credit as HTML, so both are escaped; the alternative text is set as an attribute."""
    image = made.image
    media = {
        "url": urls.asset(made.fallback),
        "thumbnail": urls.asset(made.sources[0][0]),
        "alt": image.alt,
        "credit": _html_text(image.credit),
    }
    if image.caption:
        media["caption"] = _html_text(image.caption)
    return media


def _timelinejs_date(when: When) -> dict[str, int]:
    """TimelineJS's documented date object, as precise as the event's date; its numbers are
    read as such. Its years are as historians count them (-44 for 44 BC), and its times the
    local time of the place, as the event file wrote it (TimelineJS knows no zones)."""
    fields = {"year": written_year(when.year)}
    if when.month is not None:
        fields["month"] = when.month
    if when.day is not None:
        fields["day"] = when.day
    if when.time is not None:
        fields.update(hour=when.time.hour, minute=when.time.minute)
        if when.time.second:
            fields["second"] = when.time.second
    return fields


def _paragraphs(text: str | None, link: str, link_text: str) -> str:
    """Escaped text, then a link, as HTML paragraphs."""
    anchor = f'<p><a href="{html.escape(link, quote=True)}">{_html_text(link_text)}</a></p>'
    return (f"<p>{_html_text(text)}</p>" if text else "") + anchor


def _links(event: Event, urls: Urls) -> str:
    """A paragraph of links to the pages of the event's people, place and forum ("" for
    none), separated as the names are, with no word of their own."""
    anchors = [
        f'<a href="{html.escape(urls.absolute(path), quote=True)}">{_html_text(name)}</a>'
        for name, path in page_links(event)
    ]
    return f"<p>{' · '.join(anchors)}</p>" if anchors else ""


def _html_text(text: str) -> str:
    """Text for an HTML element's content: `&`, `<` and `>` escaped; quotes need not be."""
    return html.escape(text, quote=False)


# iCalendar -------------------------------------------------------------------------------

# RFC 5545 3.3.11: TEXT may hold no control character other than a tab.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_FOLD_AT = 75  # octets per line, CRLF excluded (RFC 5545 3.1)


def calendar_ics_of(vevents: Sequence[bytes], config: SiteConfig) -> bytes:
    """An RFC 5545 calendar with each event's `vevent`, an all-day event, in order.

    Nothing in it depends on when it is built, so rebuilding the same content gives the
    same bytes: DTSTAMP is the event's own date and each UID is the page's path at the
    site's host.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//site-builder//site-builder timeline//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{ics_text(config.title)}",
        f"X-WR-CALNAME:{ics_text(config.title)}",
    ]
    if config.description:
        lines.append(f"X-WR-CALDESC:{ics_text(config.description)}")
    return b"".join((_ics_lines(lines), *vevents, _ics_lines(["END:VCALENDAR"])))


def vevent(event: Event, urls: Urls) -> bytes:
    """The event's VEVENT in UTF-8, folded, each line ending in CRLF; nothing for an event
    before year 1, whose date iCalendar cannot hold."""
    times = _ics_times(event.date, event.end_date)
    return b"" if times is None else _ics_lines(_vevent_lines(event, urls, times))


def _ics_lines(lines: list[str]) -> bytes:
    return b"".join(_fold(line) + b"\r\n" for line in lines)


def _ics_times(start: When, end: When | None) -> list[str] | None:
    """DTSTAMP, DTSTART and DTEND: whole days from the first day to the day after the last
    (a month's or a year's for a month or a year); from a time to the end's time, or to the
    start of the day after the end's last day. A time with a zone is given in UTC; one
    without, as a "floating" time, the same wherever the calendar is. None before year 1 or
    after 9999, which iCalendar's four-digit years cannot hold."""
    last = end or start
    first_day, after = _ics_day(start.first_day), _ics_day(last.last_day + 1)
    if first_day is None or after is None:
        return None
    stamp = f"DTSTAMP:{first_day}T000000Z"
    if start.time is None:
        return [stamp, f"DTSTART;VALUE=DATE:{first_day}", f"DTEND;VALUE=DATE:{after}"]
    until = _ics_time(last) if end is not None and end.time is not None else None
    if until is None:
        midnight = dt.time(0, tzinfo=start.time.tzinfo)
        until = _ics_time(When(*_after(last), midnight))
    opening = _ics_time(start)
    if opening is None or until is None:
        return None
    return [stamp, f"DTSTART:{opening}", f"DTEND:{until}"]


def _after(when: When) -> tuple[int, int, int]:
    return day_of(when.last_day + 1)


def _ics_day(number: int) -> str | None:
    year, month, day = day_of(number)
    return f"{year:04d}{month:02d}{day:02d}" if 1 <= year <= 9999 else None


def _ics_time(when: When) -> str | None:
    """A day and time as iCalendar writes it: in UTC (`...Z`) where it has a zone."""
    day, time = when.as_date(), when.time
    if day is None or time is None:
        return None
    moment = dt.datetime.combine(day, time)
    if time.tzinfo is None:
        return f"{moment.year:04d}{moment:%m%dT%H%M%S}"
    try:
        moment = moment.astimezone(dt.UTC)
    except OverflowError:
        return None
    return f"{moment.year:04d}{moment:%m%dT%H%M%S}Z"


def _vevent_lines(event: Event, urls: Urls, times: list[str]) -> list[str]:
    page = urls.absolute(event.url_path)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{ics_text(event_uid(event, urls))}",
        *times,
        f"SUMMARY:{ics_text(event.title)}",
    ]
    if event.location is not None:
        lines.append(f"LOCATION:{ics_text(str(event.location))}")
    # Many calendar programs show DESCRIPTION but not URL, so the address is in both.
    description = f"{event.summary}\n\n{page}" if event.summary else page
    lines.append(f"DESCRIPTION:{ics_text(description)}")
    categories = [event.kind.label, *(topic.name for topic in event.topics)]
    lines.append("CATEGORIES:" + ",".join(ics_text(category) for category in categories))
    lines += [f"URL:{page}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def event_uid(event: Event, urls: Urls) -> str:
    """`meetings/jakarta@example.org`: the page's path and the site's host, stable."""
    host = urlsplit(urls.base_url).hostname or "localhost"
    return f"{urls.path(event.url_path).strip('/')}@{host}"


def ics_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _NEWLINE.sub("\\\\n", escaped))


def _fold(line: str) -> bytes:
    """Split a content line into lines of at most 75 octets, never inside a character."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = _FOLD_AT
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its start
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = _FOLD_AT - 1  # a continuation line starts with a space
    parts.append(data)
    return b"\r\n ".join(parts)


# CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    *("date", "end_date", "title", "kind", "city", "country"),
    *("participants", "topics", "summary", "url", "sources", "pages"),
)
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"


def events_csv_of(rows: Sequence[bytes]) -> bytes:
    """A table for spreadsheets: a header row, then each event's `csv_row`, in order.

    Starts with a UTF-8 byte order mark, without which Excel reads the file in the
    machine's legacy encoding. Lists within a cell are separated by `; `.
    """
    return b"".join(((_BOM + _csv_line(CSV_COLUMNS)).encode("utf-8"), *rows))


def csv_row(event: Event, urls: Urls) -> bytes:
    """The event's row of the table, as a line of CSV in UTF-8."""
    return _csv_line([_safe_cell(cell) for cell in _csv_cells(event, urls)]).encode("utf-8")


def _csv_line(cells: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _csv_cells(event: Event, urls: Urls) -> list[str]:
    return [
        event.date.isoformat(),
        event.end_date.isoformat() if event.end_date else "",
        event.title,
        event.kind.label,
        event.location.city if event.location else "",
        event.location.country if event.location else "",
        "; ".join(_participant(person) for person in event.participants),
        "; ".join(topic.name for topic in event.topics),
        event.summary or "",
        urls.absolute(event.url_path),
        "; ".join(dict.fromkeys(source.outlet for source in event.sources)),
        "; ".join(urls.absolute(path) for _, path in page_links(event)),
    ]


def _participant(person: Participant) -> str:
    """`Wang Yi (Foreign Minister, China)`, with whatever of role and country is known."""
    details = ", ".join(part for part in (person.role, person.country) if part)
    return f"{person.name} ({details})" if details else person.name


def _safe_cell(value: str) -> str:
    """A leading apostrophe keeps a spreadsheet from running a cell as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value
