"""TimelineJS timelines, as its spreadsheet (CSV) or its JSON, read as slides.

A slide becomes an event dated as precisely as the slide: a year, a month or a day, before
the common era too (a negative year). The slide's HTML
text becomes Markdown (markdownify, imported on first use), its media an image or a link
with its credit and caption, its group the event's kind when the site has a kind of that
name or label, else a topic. The title slide and the eras are read for `site.yaml`.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.model.dates import DateError, When, parse_when
from site_builder.problems import Problem, SiteError

IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif)(?:[?#].*)?$", re.I)
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'\\]+$")
# The spreadsheet's columns, as TimelineJS's template names them.
DATE_COLUMNS = ("Year", "Month", "Day")
END_COLUMNS = ("End Year", "End Month", "End Day")


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the slide gives it: a year, a month, maybe a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def when(self) -> When | None:
        """The date as an event's, when it is real (not 30 February, nor the year 0)."""
        try:
            return parse_when(str(self))
        except DateError:
            return None

    def __str__(self) -> str:
        """As an event file writes it: `2024-04`, `-0044-03-15`."""
        year = f"-{-self.year:04d}" if self.year < 0 else f"{self.year:04d}"
        return "-".join([year, *(f"{p:02d}" for p in (self.month, self.day) if p)])


@dataclass(frozen=True)
class Media:
    url: str
    caption: str
    credit: str


@dataclass(frozen=True)
class Slide:
    """One slide of a timeline; `where` names it in messages ("row 4", "event 3")."""

    where: str
    unique_id: str
    start: PartialDate | None
    end: PartialDate | None
    headline: str  # plain text
    text_html: str
    media: Media | None
    group: str


@dataclass(frozen=True)
class Era:
    name: str
    start: PartialDate | None
    end: PartialDate | None


@dataclass(frozen=True)
class Timeline:
    title: Slide | None
    slides: tuple[Slide, ...]
    eras: tuple[Era, ...]


def read_timeline(text: str, path: str, is_json: bool) -> Timeline:
    """A TimelineJS JSON or CSV; every problem in the file at once."""
    return _read_json(text, path) if is_json else _read_csv(text, path)


def _read_json(text: str, path: str) -> Timeline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SiteError([Problem(path, error.lineno, None, f"is not JSON: {error.msg}")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        message = 'is not a TimelineJS timeline: it needs an "events" list'
        raise SiteError([Problem(path, None, None, message)])
    problems: list[Problem] = []
    slides = tuple(
        _json_slide(item, f"event {number}", path, problems)
        for number, item in enumerate(data["events"], start=1)
    )
    title = data.get("title")
    listed = data.get("eras")
    eras: list[object] = listed if isinstance(listed, list) else []
    timeline = Timeline(
        _json_slide(title, "title", path, problems) if isinstance(title, dict) else None,
        tuple(slide for slide in slides if slide is not None),
        tuple(_json_era(era, f"era {n}", path, problems) for n, era in enumerate(eras, 1)),
    )
    if problems:
        raise SiteError(problems)
    return timeline


def _json_slide(item: object, where: str, path: str, problems: list[Problem]) -> Slide:
    fields = item if isinstance(item, dict) else {}
    if not isinstance(item, dict):
        problems.append(Problem(path, None, None, f"{where}: is not a slide (an object)"))
    text = _mapping(fields.get("text"))
    media = _mapping(fields.get("media"))
    return Slide(
        where=where,
        unique_id=str(fields.get("unique_id") or ""),
        start=_json_date(fields.get("start_date"), f"{where}: start_date", path, problems),
        end=_json_date(fields.get("end_date"), f"{where}: end_date", path, problems),
        headline=plain_text(str(text.get("headline") or "")),
        text_html=str(text.get("text") or ""),
        media=_media(media.get("url"), media.get("caption"), media.get("credit")),
        group=plain_text(str(fields.get("group") or "")),
    )


def _json_era(item: object, where: str, path: str, problems: list[Problem]) -> Era:
    fields = _mapping(item)
    return Era(
        plain_text(str(_mapping(fields.get("text")).get("headline") or "")),
        _json_date(fields.get("start_date"), f"{where}: start_date", path, problems),
        _json_date(fields.get("end_date"), f"{where}: end_date", path, problems),
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _json_date(value: object, where: str, path: str, problems: list[Problem]) -> PartialDate | None:
    if value is None:
        return None
    fields = _mapping(value)
    parts = [fields.get(name) for name in ("year", "month", "day")]
    return _date(parts, where, path, None, problems)


def _read_csv(text: str, path: str) -> Timeline:
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = {name.strip() for row in rows[:1] for name in row if name}
    if not rows or not {"Year", "Headline"} <= columns:
        message = "is not a TimelineJS spreadsheet: it needs the columns Year and Headline"
        raise SiteError([Problem(path, 1, None, message)])
    problems: list[Problem] = []
    title: Slide | None = None
    slides: list[Slide] = []
    eras: list[Era] = []
    for line, row in _rows(rows):
        cells = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
        kind = cells.get("Type", "").lower()
        if kind == "era":
            eras.append(_csv_era(cells, line, path, problems))
        elif kind == "title":
            title = _csv_slide(cells, line, path, problems)
        elif any(cells.get(column) for column in ("Year", "Headline", "Text")):
            slides.append(_csv_slide(cells, line, path, problems))
    if problems:
        raise SiteError(problems)
    return Timeline(title, tuple(slides), tuple(eras))


def _rows(rows: list[dict[str, str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row with its line in the file (the header is line 1)."""
    yield from enumerate(rows, start=2)


def _csv_slide(cells: dict[str, str], line: int, path: str, problems: list[Problem]) -> Slide:
    where = f"row {line}"
    return Slide(
        where=where,
        unique_id="",
        start=_date([cells.get(c) for c in DATE_COLUMNS], "Year", path, line, problems),
        end=_date([cells.get(c) for c in END_COLUMNS], "End Year", path, line, problems),
        headline=plain_text(cells.get("Headline", "")),
        text_html=cells.get("Text", ""),
        media=_media(cells.get("Media"), cells.get("Media Caption"), cells.get("Media Credit")),
        group=plain_text(cells.get("Group", "")),
    )


def _csv_era(cells: dict[str, str], line: int, path: str, problems: list[Problem]) -> Era:
    return Era(
        plain_text(cells.get("Headline", "")),
        _date([cells.get(c) for c in DATE_COLUMNS], "Year", path, line, problems),
        _date([cells.get(c) for c in END_COLUMNS], "End Year", path, line, problems),
    )


def _date(
    parts: list[object], where: str, path: str, line: int | None, problems: list[Problem]
) -> PartialDate | None:
    """Year, month and day as given; a part that is not a whole number is a problem."""
    numbers: list[int | None] = []
    for part in parts:
        text = str(part).strip() if part is not None else ""
        if not text:
            numbers.append(None)
        elif re.fullmatch(r"-?\d{1,4}", text):
            numbers.append(int(text))
        else:
            problems.append(Problem(path, line, where, f'"{text}" is not a whole number'))
            return None
    year, month, day = [*numbers, None, None, None][:3]
    if year is None:
        return None
    if (month is not None and not 1 <= month <= 12) or (day is not None and month is None):
        problems.append(Problem(path, line, where, "has a month or day out of place"))
        return None
    return PartialDate(year, month, day)


def _media(url: object, caption: object, credit: object) -> Media | None:
    address = str(url or "").strip()
    if not WEB_ADDRESS.match(address):
        return None
    return Media(address, plain_text(str(caption or "")), plain_text(str(credit or "")))


def plain_text(text: str) -> str:
    """HTML as one line of text: tags dropped, entities read."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def markdown_of(text_html: str) -> str:
    """A slide's HTML text as Markdown, with no HTML of its own: a `<` the text spells out
    stays a character, since the build passes a body's HTML through."""
    from markdownify import markdownify

    markdown = str(markdownify(text_html, heading_style="ATX", strip=["script", "style"]))
    return html.escape(markdown.strip(), quote=False).replace("&amp;", "&")


def media_markdown(media: Media) -> str:
    """An image, or a link for any other media, with its caption and credit."""
    label = media.caption or media.url
    link = f"[{_escaped(label)}]({media.url})"
    shown = f"!{link}" if IMAGE.search(media.url) else link
    credit = f"\n\n*{_escaped(media.credit)}*" if media.credit else ""
    return shown + credit


def _escaped(text: str) -> str:
    return re.sub(r"([\[\]*_`\\])", r"\\\1", text)
