"""TimelineJS slides written as draft event pages, its title slide and eras into site.yaml.

A slide's group is the event's kind when the site has a kind of that name or label; else it
is a topic, and the kind is what the slide's words tell (a call or a meeting), as for
articles. An in-person event's place is the city its headline or text puts it in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from site_builder.config import CONFIG_FILE, SiteConfig
from site_builder.importing.articles import find_kind
from site_builder.importing.places import place_in_text
from site_builder.importing.timelinejs import (
    Era,
    PartialDate,
    Slide,
    Timeline,
    markdown_of,
    media_markdown,
    plain_text,
    read_timeline,
)
from site_builder.model.dates import When, file_day
from site_builder.model.records import Event, Kind, Place
from site_builder.model.slugs import is_slug, slugify
from site_builder.problems import Problem, SiteError
from site_builder.reading.yamldoc import one_line

TIMELINE_SUFFIXES = (".csv", ".json")


@dataclass(frozen=True)
class SlideEvent:
    """What a slide gives an event page, and how each part was decided."""

    slide: Slide
    day: When
    end: When | None
    kind: str
    kind_how: str
    topics: tuple[str, ...]
    place: Place | None
    summary: str | None
    body: str


def read_timeline_file(path: Path) -> Timeline:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
        raise SiteError([Problem(str(path), None, None, message)]) from None
    except OSError as error:
        message = f"cannot be read: {error.strerror or error}"
        raise SiteError([Problem(str(path), None, None, message)]) from None
    return read_timeline(text, str(path), path.suffix.lower() == ".json")


def import_timeline(
    name: str,
    timeline: Timeline,
    config: SiteConfig,
    folder: Path,
    known: Iterable[Event],
    dry_run: bool,
    out: TextIO,
) -> int:
    """Write a draft per dated slide; report the others one line each. `name` is the file's,
    on one line."""
    written = 0
    existing = {(event.date, event.title.casefold()) for event in known}
    taken: set[str] = set()
    for slide in timeline.slides:
        event = slide_event(slide, config.kinds, name, out)
        if event is None:
            continue
        if (event.day, slide.headline.casefold()) in existing:
            print(f"{name}: {slide.where} '{slide.headline}': already on the site", file=out)
            continue
        written += _write(folder, event, name, taken, config, dry_run, out)
    written += _update_site_yaml(config, timeline, name, dry_run, out)
    return written


def slide_event(
    slide: Slide, kinds: Mapping[str, Kind], name: str, out: TextIO
) -> SlideEvent | None:
    """The event a slide gives, or None (and a line saying why) when it has no real date."""
    start = slide.start.when() if slide.start else None
    if start is None:
        print(f"{name}: {slide.where} '{slide.headline}': {_no_date(slide.start)}", file=out)
        return None
    end = slide.end.when() if slide.end else None
    if slide.end is not None and end is None:
        print(f"{name}: {slide.where}: end date {slide.end} is not a real date; left out", file=out)
    plain = markdown_of(slide.text_html)
    kind, how, topics = _kind_and_topics(slide, plain, kinds)
    in_person = kinds[kind].in_person if kind in kinds else True
    found = place_in_text(f"{slide.headline}\n{plain}") if in_person else None
    body = "\n\n".join(part for part in (plain, _media(slide)) if part)
    return SlideEvent(
        slide=slide,
        day=start,
        end=end if end and start < end else None,
        kind=kind,
        kind_how=how,
        topics=topics,
        place=found.value if found else None,
        summary=_summary(slide.text_html),
        body=body,
    )


def _no_date(date: PartialDate | None) -> str:
    if date is None:
        return "no date; not imported"
    return f"dated {date}, which is not a real date; not imported"


def _kind_and_topics(
    slide: Slide, plain: str, kinds: Mapping[str, Kind]
) -> tuple[str, str, tuple[str, ...]]:
    """The group as the site's kind when it names one; else a topic, the kind from the words."""
    group = slide.group.casefold()
    for kind in kinds.values():
        if group and group in (kind.slug.casefold(), kind.label.casefold()):
            return kind.slug, f"kind from group '{slide.group}'", ()
    said, kind_slug, how = find_kind((slide.headline, plain), kinds, {})
    topics = (slide.group,) if slide.group else ()
    topic_note = f"; group '{slide.group}' as a topic" if slide.group else ""
    return kind_slug or said.kind.slug, f"kind from its words ({how}){topic_note}", topics


def _summary(text_html: str) -> str | None:
    """The first paragraph of the slide's text, unless it is only a link."""
    first = text_html.split("</p>")[0]
    if "<a " in first and not plain_text(first.split("<a ")[0]):
        return None
    summary = plain_text(first)
    return summary or None


def _media(slide: Slide) -> str:
    return media_markdown(slide.media) if slide.media else ""


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def event_page(event: SlideEvent, name: str) -> str:
    """The page for a slide's event, as a draft: TimelineJS names no sources."""
    slide = event.slide
    lines = ["---", f"# Imported from {name}, {slide.where}: add sources, then remove draft."]
    lines.append(f"title: {_quoted(slide.headline or 'FILL IN: the slide has no headline')}")
    lines.append(f"date: {event.day.isoformat()}")
    if event.end:
        lines.append(f"end_date: {event.end.isoformat()}")
    lines.append(f"kind: {event.kind}  # {one_line(event.kind_how)}")
    if event.place:
        lines.append(f"location: {_quoted(str(event.place))}")
    if event.topics:
        lines.append(f"topics: [{', '.join(_quoted(topic) for topic in event.topics)}]")
    if event.summary:
        lines.append(f"summary: {_quoted(event.summary)}")
    lines += ["sources: []", "draft: true", "---", event.body, ""]
    return "\n".join(lines)


def _write(
    folder: Path,
    event: SlideEvent,
    name: str,
    taken: set[str],
    config: SiteConfig,
    dry_run: bool,
    out: TextIO,
) -> int:
    slide = event.slide
    stem = slide.unique_id if is_slug(slide.unique_id) else ""
    stem = stem or f"{file_day(event.day)}-{_short_slug(slide.headline)}"
    path, number = folder / f"{stem}.md", 2
    while path.exists() or path.stem in taken:
        path, number = folder / f"{stem}-{number}.md", number + 1
    taken.add(path.stem)
    shown = _shown(path, config.root)
    where = f" in {event.place}" if event.place else ""
    missing = "" if event.place or not _in_person(event, config) else "; no place found: set it"
    kind = f"{event.kind} ({event.kind_how})"
    what = f"{slide.where} '{slide.headline}': {event.day}, {kind}{where}{missing}"
    if dry_run:
        print(f"{name}: {what}; would write {shown}", file=out)
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never replace a file
        file.write(event_page(event, name))
    print(f"{name}: {what}; wrote {shown}", file=out)
    return 1


def _short_slug(headline: str, most: int = 50) -> str:
    """The headline's slug, cut at a word's end."""
    slug = slugify(headline) or "event"
    return slug if len(slug) <= most else slug[:most].rsplit("-", 1)[0]


def _in_person(event: SlideEvent, config: SiteConfig) -> bool:
    kind = config.kinds.get(event.kind)
    return kind is None or kind.in_person


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _update_site_yaml(
    config: SiteConfig, timeline: Timeline, name: str, dry_run: bool, out: TextIO
) -> int:
    """Add to site.yaml what it lacks (a description, the eras); never change what it has."""
    site_yaml = config.root / CONFIG_FILE
    text = site_yaml.read_text(encoding="utf-8")
    added: list[str] = []
    title = timeline.title
    if title is not None and title.headline and title.headline != config.title:
        print(f"{name}: the title slide is '{title.headline}'; site.yaml's title is kept", file=out)
    description = _summary(title.text_html) if title else None
    if description and not config.description:
        added.append(f"description: {_quoted(description)}")
    if timeline.eras and "\neras:" not in f"\n{text}":
        added += ["eras:", *(_era_line(era) for era in timeline.eras)]
    if not added:
        return 0
    fields = ", ".join(line.split(":")[0] for line in added if not line.startswith(" "))
    if dry_run:
        print(f"{name}: would add {fields} to {CONFIG_FILE}", file=out)
        return 0
    joined = text if text.endswith("\n") else text + "\n"
    site_yaml.write_text(joined + "\n".join(added) + "\n", encoding="utf-8")
    print(f"{name}: added {fields} to {CONFIG_FILE}", file=out)
    return 1


def _era_line(era: Era) -> str:
    start = _quoted(str(era.start)) if era.start else "null"
    end = _quoted(str(era.end)) if era.end else "null"
    return f"  - {{name: {_quoted(era.name)}, start: {start}, end: {end}}}"
