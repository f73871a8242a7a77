"""Turning one event file's front matter and body into a validated Event."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import urlsplit

from site_builder.content.images import read_images
from site_builder.model.dates import WHEN_FORMS, DateError, When, parse_published, parse_when
from site_builder.model.records import Event, Kind, Participant, Place, Source, Topic
from site_builder.model.slugs import is_slug, slugify
from site_builder.problems import Problem, SiteError
from site_builder.reading.fields import FieldReader, unsafe_in_address
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.yamldoc import load_yaml

KNOWN_FIELDS = (
    "title",
    "date",
    "end_date",
    "kind",
    "location",
    "participants",
    "occasion",
    "topics",
    "summary",
    "sources",
    "draft",
    "slug",
    "coordinates",
    "images",
    "image",
)
IMAGE_FIELDS = ("src", "alt", "credit", "caption", "license")
URL_SCHEMES = ("http", "https")


def parse_event(
    text: str, path: str, section: str, kinds: Mapping[str, Kind]
) -> tuple[Event, list[str]]:
    """Parse one event file's text; returns the event and any warnings.

    `path` is the file as shown to the user, e.g. `content/meetings/jakarta.md`; its
    stem is the default slug. Raises SiteError listing every problem in the file.
    """
    split = split_front_matter(text, path)
    doc = load_yaml(split.front, path, split.front_line)
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else "not a mapping of fields"
        message = f"front matter is {what}: write one 'field: value' per line"
        raise SiteError([Problem(path, split.front_line, None, message)])
    problems: list[Problem] = []
    reader = FieldReader(doc, path, problems, start_line=split.fence_line)
    kind = _read_kind(reader, kinds)
    date = _read_date(reader, "date", required=True)
    end_date = _read_date(reader, "end_date")
    _check_end(reader, date, end_date)
    draft = bool(reader.boolean("draft"))
    if not draft:
        _refuse_imported_text(text, split.body, path, problems)
    event = Event(
        path=path,
        section=section,
        slug=_read_slug(reader, path),
        title=reader.text("title", required=True) or "",
        date=date or When(1),
        end_date=end_date,
        kind=kind or Kind("", "", in_person=False),
        location=_read_location(reader, kind),
        participants=tuple(_read_participants(reader)),
        occasion=reader.text("occasion"),
        topics=tuple(_read_topics(reader)),
        summary=reader.text("summary"),
        sources=tuple(_read_sources(reader, required=not draft)),
        draft=draft,
        body=split.body,
        extra=reader.extra(KNOWN_FIELDS),
        coordinates=reader.coordinates("coordinates"),
        images=read_images(reader),
    )
    if problems:
        raise SiteError(problems)
    return event, reader.suggest_known(KNOWN_FIELDS)


def translate_event(
    text: str, path: str, original: Event, kinds: Mapping[str, Kind]
) -> tuple[Event, list[str]]:
    """An event file's translation (`NAME.<language>.md`) over its original, as parsed: each
    field it gives, checked as the original's are, in place of the original's; its body.
    It keeps the original's address: a `slug` is a problem. `kinds` are the language's.

    Raises SiteError listing every problem in the translation."""
    split = split_front_matter(text, path)
    doc = load_yaml(split.front, path, split.front_line)
    if doc.data is None:  # the body alone is translated
        doc.data = {}
    if not isinstance(doc.data, dict):
        message = "front matter is not a mapping of fields: write one 'field: value' per line"
        raise SiteError([Problem(path, split.front_line, None, message)])
    problems: list[Problem] = []
    reader = FieldReader(doc, path, problems, start_line=split.fence_line)
    if reader.has("slug"):
        message = "a translation keeps its event's address: set the slug in the original"
        reader.problem(message, "slug")
    given = reader.has
    kind = _read_kind(reader, kinds) if given("kind") else kinds.get(original.kind.slug)
    date = _read_date(reader, "date") if given("date") else original.date
    end_date = _read_date(reader, "end_date") if given("end_date") else original.end_date
    _check_end(reader, date, end_date)
    draft = bool(reader.boolean("draft")) if given("draft") else original.draft
    if not draft:
        _refuse_imported_text(text, split.body, path, problems)
    moved = given("location") or given("kind")
    event = dataclasses.replace(
        original,
        path=path,
        title=reader.text("title") or original.title,
        date=date or original.date,
        end_date=end_date,
        kind=kind or original.kind,
        location=_read_location(reader, kind) if moved else original.location,
        participants=(
            tuple(_read_participants(reader)) if given("participants") else original.participants
        ),
        occasion=reader.text("occasion") if given("occasion") else original.occasion,
        topics=tuple(_read_topics(reader)) if given("topics") else original.topics,
        summary=reader.text("summary") if given("summary") else original.summary,
        sources=(
            tuple(_read_sources(reader, required=not draft))
            if given("sources")
            else original.sources
        ),
        draft=draft,
        body=split.body,
        extra={**original.extra, **reader.extra(KNOWN_FIELDS)},
        images=read_images(reader) if given("images") or given("image") else original.images,
        coordinates=(
            reader.coordinates("coordinates")
            if given("coordinates")
            else (None if moved else original.coordinates)
        ),
    )
    if problems:
        raise SiteError(problems)
    return event, reader.suggest_known(KNOWN_FIELDS)


# What `import` wraps an article's own text in: the text belongs to its outlet, so a page
# holding it is built only as a draft.
IMPORTED_TEXT_START = '<div class="imported-article" markdown="1">'


def _refuse_imported_text(text: str, body: str, path: str, problems: list[Problem]) -> None:
    """A published page may not carry an imported article's text: it is the outlet's."""
    if IMPORTED_TEXT_START in body:
        line = text.count("\n", 0, text.rindex(IMPORTED_TEXT_START)) + 1
        message = (
            "the body still holds an imported article's text (the imported-article block): "
            "it belongs to its outlet; write the page in your own words and remove the block, "
            "or keep draft: true"
        )
        problems.append(Problem(path, line, None, message))


def _read_slug(reader: FieldReader, path: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    slug = reader.text("slug")
    if slug is not None:
        if not is_slug(slug):
            message = f'"{slug}" may hold only letters, digits and single hyphens'
            reader.problem(message, "slug")
        return slug
    if not is_slug(stem):
        message = (
            f'the file name "{stem}" cannot be a URL: rename the file using letters, '
            "digits and hyphens, or set 'slug'"
        )
        reader.problem(message, "slug")
    return stem


def _read_date(reader: FieldReader, key: str, required: bool = False) -> When | None:
    if required and reader.raw(key) is None:
        reader.problem(f"is required: when the event took place, as {WHEN_FORMS}", key)
        return None
    text = reader.date_text(key)
    if text is None:
        return None
    try:
        return parse_when(text)
    except DateError as error:
        reader.problem(str(error), key)
        return None


def _check_end(reader: FieldReader, date: When | None, end_date: When | None) -> None:
    if date and end_date and end_date.ends_before(date):
        reader.problem(f"{end_date} is before the date {date}", "end_date")


def _read_kind(reader: FieldReader, kinds: Mapping[str, Kind]) -> Kind | None:
    slug = reader.text("kind", required=True)
    if slug is None:
        return None
    if slug not in kinds:
        known = ", ".join(kinds)
        reader.problem(f'"{slug}" is not one of the kinds in site.yaml ({known})', "kind")
        return None
    return kinds[slug]


def _read_location(reader: FieldReader, kind: Kind | None) -> Place | None:
    text = reader.text("location")
    if kind is not None and not kind.in_person:
        if reader.has("location"):
            reader.problem(f"a {kind.label.lower()} has no place; remove the field", "location")
        return None
    if text is None:
        if kind is not None and not reader.has("location"):
            message = f'is required for a {kind.label.lower()}: write "City, Country"'
            reader.problem(message, "location")
        return None
    city, comma, country = text.rpartition(",")
    if not comma or not city.strip() or not country.strip():
        reader.problem(f'"{text}" must be written as "City, Country"', "location")
        return None
    return Place(city.strip(), country.strip())


def _read_participants(reader: FieldReader) -> list[Participant]:
    participants = []
    for person in reader.children("participants"):
        name = person.text("name", required=True)
        if name is not None:
            participants.append(Participant(name, person.text("role"), person.text("country")))
    return participants


def _read_topics(reader: FieldReader) -> list[Topic]:
    topics: dict[str, Topic] = {}
    for index, name in enumerate(reader.texts("topics")):
        slug = slugify(name)
        if not slug:
            reader.problem(f'"{name}" has no letters or digits to make a URL from', "topics", index)
        elif slug in topics:
            reader.problem(f'"{name}" is listed twice', "topics", index)
        else:
            topics[slug] = Topic(name, slug)
    return list(topics.values())


def _read_sources(reader: FieldReader, required: bool) -> list[Source]:
    """A published event needs at least one source; a draft may not have found one yet."""
    sources = (_read_source(source) for source in reader.children("sources", required=required))
    return [source for source in sources if source is not None]


def _read_source(source: FieldReader) -> Source | None:
    outlet = source.text("outlet", required=True)
    title = source.text("title", required=True)
    url = _read_url(source)
    value = source.raw("published")
    if not isinstance(value, str):
        hint = "YYYY-MM-DD, or 'unknown' when the source gives no date"
        source.problem(f"is required: {hint}" if value is None else f"must be {hint}", "published")
        return None
    try:
        published = parse_published(value.strip())
    except DateError as error:
        source.problem(str(error), "published")
        return None
    if outlet is None or title is None:
        return None
    return Source(outlet, title, published, url)


def _read_url(source: FieldReader) -> str | None:
    url = source.text("url")
    if url is None:
        return None
    unsafe = unsafe_in_address(url)
    if unsafe is not None:
        source.problem(unsafe, "url")
        return None
    if not _is_web_address(url):
        source.problem(f'"{url}" must be a full http:// or https:// address', "url")
        return None
    return url


def _is_web_address(url: str) -> bool:
    """An http(s) address with a host name and, if any, a port number."""
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # "https://[::1" or "https://host:port"
        return False
    return parts.scheme.lower() in URL_SCHEMES and bool(parts.hostname) and port_ok
