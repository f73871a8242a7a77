"""`site-builder init` (a new site) and `site-builder new` (a new event page)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from site_builder.config import CONFIG_FILE, load_config
from site_builder.model.dates import DateError, parse_day
from site_builder.model.slugs import slugify
from site_builder.problems import Problem, SiteError
from site_builder.theme import THEME_FOLDERS, theme_folder

NEW_EVENT_TEMPLATE = "new-event.md"
INIT_SECTION = "events"
MAX_SLUG_LENGTH = 60

SITE_YAML = """\
# The site's settings: see the README of site_builder for every field.
title: {title}
description: A timeline of events.
# The address the site is published at; `site-builder build --base-url URL` overrides it.
base_url: http://localhost:8000/
language: en
# author: Your name
# Kinds of event, each with its label and whether it happens in a place.
kinds:
  meeting: {{label: Meeting, in_person: true}}
  phone-call: {{label: Phone call, in_person: false}}
  video-call: {{label: Video call, in_person: false}}
  visit: {{label: Visit, in_person: true}}
  summit: {{label: Summit, in_person: true}}
# Topics and the phrases that signal them in news articles, for `site-builder import`.
# topics:
#   Trade: [trade, tariffs]
# The most events a page lists: a longer timeline gets a page per decade (or per year of a
# busy decade), and topic and kind pages are numbered pages of this many events.
# page_size: 100
"""

EXAMPLE_EVENT = """\
---
title: An example event
date: {date}
kind: meeting
location: Geneva, Switzerland
topics: [Example]
summary: This is an example; replace it with your first event, or delete it.
sources:
  - outlet: The example source
    title: A headline, cited as published
    published: {date}
---
The body of an event page is Markdown: write what happened, in your own words.
"""


@dataclass(frozen=True)
class NewEvent:
    title: str
    date: str
    kind: str | None = None
    location: str | None = None
    section: str | None = None


def init_site(folder: Path, title: str, today: dt.date) -> list[Path]:
    """Create a working site in `folder`, which must be empty or new; returns what was made."""
    if folder.exists() and any(not path.name.startswith(".") for path in folder.iterdir()):
        message = "is not empty; init makes a site in a new or empty folder"
        raise SiteError([Problem(str(folder), None, None, message)])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_FILE).write_text(SITE_YAML.format(title=json.dumps(title)), encoding="utf-8")
    example = folder / "content" / INIT_SECTION / f"{today.isoformat()}-example.md"
    example.parent.mkdir(parents=True)
    example.write_text(EXAMPLE_EVENT.format(date=today.isoformat()), encoding="utf-8")
    for name in THEME_FOLDERS:
        shutil.copytree(theme_folder(name), folder / name)
    (folder / ".gitignore").write_text("/build/\n/.cache/\n", encoding="utf-8")
    return [folder / CONFIG_FILE, example, *(folder / name for name in THEME_FOLDERS)]


def new_event(root: Path, event: NewEvent) -> Path:
    """Write a draft event page from the site's `new-event.md` template; never overwrites."""
    config = load_config(root)
    problems: list[Problem] = []
    kind = event.kind or next(iter(config.kinds))
    try:
        day = parse_day(event.date)
    except DateError as error:
        problems.append(Problem("--date", None, None, str(error)))
    if kind not in config.kinds:
        problems.append(
            Problem("--kind", None, None, f'"{kind}" is not one of {", ".join(config.kinds)}')
        )
    elif config.kinds[kind].in_person and not event.location:
        problems.append(
            Problem("--location", None, None, f'is needed for a {kind}: "City, Country"')
        )
    elif not config.kinds[kind].in_person and event.location:
        problems.append(Problem("--location", None, None, f"a {kind} has no place; leave it out"))
    slug = slugify(event.title)[:MAX_SLUG_LENGTH].rstrip("-")
    if not slug:
        problems.append(Problem("TITLE", None, None, "needs letters or digits to name the file"))
    section = event.section or _section(root)
    if problems:
        raise SiteError(problems)
    path = root / "content" / section / f"{day.isoformat()}-{slug}.md"
    text = _new_event_template(root).render(
        title=event.title,
        date=day.isoformat(),
        kind=kind,
        location=event.location,
        kinds=list(config.kinds),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        shown = path.relative_to(root).as_posix()
        raise SiteError(
            [Problem(shown, None, None, "exists already; choose another title")]
        ) from None
    return path


def _section(root: Path) -> str:
    """The only section of the site, or `events` for a site with none yet."""
    content = root / "content"
    sections = (
        sorted(p.name for p in content.iterdir() if p.is_dir() and not p.name.startswith("."))
        if content.is_dir()
        else []
    )
    if len(sections) > 1:
        message = (
            f"the site has several sections ({', '.join(sections)}): choose one with --section"
        )
        raise SiteError([Problem("--section", None, None, message)])
    return sections[0] if sections else INIT_SECTION


def _new_event_template(root: Path) -> jinja2.Template:
    """The site's own `templates/new-event.md`, else the default theme's."""
    loader = jinja2.FileSystemLoader([root / "templates", theme_folder("templates")])
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env.get_template(NEW_EVENT_TEMPLATE)
