"""`site-builder init` (a new site) and `site-builder new` (a new event page, person or
forum)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
from unidecode import unidecode

from site_builder import __version__
from site_builder.config import CONFIG_FILE, SiteConfig, load_config
from site_builder.content.forums import FORUMS_FOLDER
from site_builder.content.loader import section_names
from site_builder.content.people import PEOPLE_FOLDER
from site_builder.model.dates import DateError, file_day, parse_when
from site_builder.model.slugs import slugify
from site_builder.problems import Problem, SiteError
from site_builder.render.templates import template_environment
from site_builder.theme import TEMPLATES, THEME_FOLDERS, layers, theme_folder

NEW_EVENT_TEMPLATE = "new-event.md"
# What `new person` and `new forum` write, and where.
RECORD_KINDS = {"person": PEOPLE_FOLDER, "forum": FORUMS_FOLDER}
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
# Other languages to publish the site in, each at /<language>/ from the events' translations
# (NAME.<language>.md beside NAME.md); with `kinds:` left out, their labels are translated too.
# languages:
#   zh: {{title: Chinese title}}
#   ru: {{title: Russian title}}
"""

EXAMPLE_EVENT = """\
---
title: An example event
date: {date}
kind: meeting
location: Geneva, Switzerland
participants:  # Example Person's role and country come from content/people/example-person.md
  - name: Example Person
topics: [Example]
summary: This is an example; replace it with your first event, or delete it.
sources:
  - outlet: The example source
    title: A headline, cited as published
    published: {date}
---
The body of an event page is Markdown: write what happened, in your own words.
"""

EXAMPLE_PERSON = """\
---
name: Example Person
aliases: [E. Person]
country: Switzerland
roles:
  - title: Example Minister
---
A person file: events that name this person by name or alias take the role held on their
date and the country from here. Replace it with someone of your timeline, or delete it.
"""


# GitHub Pages' workflow, for a site's own repository: installs the site_builder that made the
# site, builds with the address Pages gives, and deploys. `{{` and `}}` are GitHub's own braces.
PAGES_WORKFLOW = """\
# Builds the timeline and publishes it with GitHub Pages.
# In the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer push waits rather than cancelling one in progress.
concurrency:
  group: pages
  cancel-in-progress: false

env:
  # The site_builder the site is built with: the version that made it. To build with another,
  # set a version, or install from a repository:
  #   SITE_BUILDER: "site-builder @ git+https://github.com/OWNER/site_builder@v{version}"
  SITE_BUILDER: "site-builder=={version}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install
        id: install
        run: |
          python3 -m venv .venv && . .venv/bin/activate && pip install "$SITE_BUILDER"
          versions=$( (python --version; pip freeze) | sha256sum | cut -c1-16)
          echo "versions=$versions" >> "$GITHUB_OUTPUT"
      # What the last build read and rendered, kept by each file's bytes, so that a build
      # renders only what changed, and the pages it wrote, so that it writes only those that
      # changed (its manifest says what each file holds); a change of Python or of a library
      # starts afresh.
      - uses: actions/cache@v4
        with:
          path: |
            .cache
            build
          key: site-cache-${{{{ steps.install.outputs.versions }}}}-${{{{ github.sha }}}}
          restore-keys: site-cache-${{{{ steps.install.outputs.versions }}}}-
      - name: Build
        run: >-
          . .venv/bin/activate &&
          site-builder build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: build

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""
WORKFLOW_FILE = Path(".github/workflows/pages.yml")


@dataclass(frozen=True)
class NewEvent:
    title: str
    date: str
    kind: str | None = None
    location: str | None = None
    section: str | None = None


def init_site(folder: Path, title: str, today: dt.date, templates: bool = False) -> list[Path]:
    """Create a working site in `folder`, which must be empty or new; returns what was made.

    The site uses the default theme as it is; with `templates`, it gets a copy of the theme's
    templates and static files to change (`site-builder theme copy` copies one at a time)."""
    if folder.exists() and any(not path.name.startswith(".") for path in folder.iterdir()):
        message = "is not empty; init makes a site in a new or empty folder"
        raise SiteError([Problem(str(folder), None, None, message)])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_FILE).write_text(SITE_YAML.format(title=json.dumps(title)), encoding="utf-8")
    example = folder / "content" / INIT_SECTION / f"{today.isoformat()}-example.md"
    example.parent.mkdir(parents=True)
    example.write_text(EXAMPLE_EVENT.format(date=today.isoformat()), encoding="utf-8")
    person = folder / "content" / PEOPLE_FOLDER / "example-person.md"
    person.parent.mkdir()
    person.write_text(EXAMPLE_PERSON, encoding="utf-8")
    copied = THEME_FOLDERS if templates else ()
    for name in copied:
        shutil.copytree(theme_folder(name), folder / name)
    (folder / ".gitignore").write_text("/build/\n/.cache/\n", encoding="utf-8")
    workflow = folder / WORKFLOW_FILE
    made = [folder / CONFIG_FILE, example, person, *(folder / name for name in copied)]
    if not workflow.exists():  # a repository's own workflow is kept
        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_text(PAGES_WORKFLOW.format(version=__version__), encoding="utf-8")
        made.append(workflow)
    return made


def new_event(root: Path, event: NewEvent) -> Path:
    """Write a draft event page from the site's `new-event.md` template; never overwrites."""
    config = load_config(root)
    problems: list[Problem] = []
    kind = event.kind or next(iter(config.kinds))
    try:
        when = parse_when(event.date)
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
    section = event.section or _section(config)
    if problems:
        raise SiteError(problems)
    path = root / "content" / section / f"{file_day(when)}-{slug}.md"
    text = _new_file_template(root, NEW_EVENT_TEMPLATE).render(
        title=event.title,
        date=when.isoformat(),
        kind=kind,
        location=event.location,
        kinds=list(config.kinds),
    )
    _write_new(root, path, text, "choose another title")
    return path


def new_record(root: Path, kind: str, name: str) -> Path:
    """Write a new person or forum file (`kind` is one of RECORD_KINDS) from the site's
    `new-person.md` or `new-forum.md` template; never overwrites. The file's name is the
    name's slug, a name in another script written in Latin letters by Unidecode
    (`Сергей Лавров` -> `sergei-lavrov`)."""
    load_config(root)  # a site's root, with a config that reads
    slug = slugify(unidecode(name))[:MAX_SLUG_LENGTH].rstrip("-")
    if not slug:
        raise SiteError([Problem("NAME", None, None, "needs letters or digits to name the file")])
    path = root / "content" / RECORD_KINDS[kind] / f"{slug}.md"
    text = _new_file_template(root, f"new-{kind}.md").render(name=name, slug=slug)
    _write_new(root, path, text, "choose another name, or edit that file")
    return path


def _write_new(root: Path, path: Path, text: str, otherwise: str) -> None:
    """Write a new file; one that exists already is a problem, and is kept as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        shown = path.relative_to(root).as_posix()
        raise SiteError([Problem(shown, None, None, f"exists already; {otherwise}")]) from None


def _section(config: SiteConfig) -> str:
    """The only section of the site, or `events` for a site with none yet."""
    sections = section_names(config)
    if len(sections) > 1:
        message = (
            f"the site has several sections ({', '.join(sections)}): choose one with --section"
        )
        raise SiteError([Problem("--section", None, None, message)])
    return sections[0] if sections else INIT_SECTION


def _new_file_template(root: Path, name: str) -> jinja2.Template:
    """The site's own `templates/<name>` (`new-event.md`...), else the default theme's."""
    env = template_environment(layers(root, TEMPLATES), html=False)
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env.get_template(name)
