"""Reading a person file, `content/people/<slug>.md`: YAML front matter and a Markdown bio.

```yaml
name: Sergey Lavrov            # required: the name pages show
aliases: [Sergei Lavrov, Сергей Лавров]
country: Russia
wikidata: Q2048                # optional: the id of the item on wikidata.org
image: {src: lavrov.jpg, alt: Sergey Lavrov in 2023, credit: Our own}  # optional
roles:
  - {title: Foreign Minister, from: 2004-03-09}
```

A role runs from `from` to `to`, both days included; `to` left out means still held, and
`from` may be left out of the earliest role alone (held since before anything the site
records). Roles may not overlap, so that an event's date gives one role at most.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from site_builder.content.images import read_image
from site_builder.content.recordfile import (
    file_slug,
    names_beside,
    raise_problems,
    read_record_text,
    read_wikidata,
)
from site_builder.model.dates import DateError, parse_day
from site_builder.model.records import Person, Role
from site_builder.reading.fields import FieldReader

PEOPLE_FOLDER = "people"
KNOWN_FIELDS = ("name", "aliases", "country", "wikidata", "image", "roles")
ROLE_FIELDS = ("title", "from", "to")


def parse_person(text: str, path: str) -> tuple[Person, list[str]]:
    """One person file's text as a Person, and warnings (a misspelt field); raises SiteError
    listing every problem in the file. `path` is the file as messages name it."""
    record = read_record_text(text, path)
    reader = record.reader
    person = Person(
        path=path,
        slug=file_slug(reader, path),
        name=reader.text("name", required=True) or "",
        aliases=tuple(reader.texts("aliases")),
        country=reader.text("country"),
        wikidata=read_wikidata(reader),
        image=read_image(reader),
        roles=_read_roles(reader),
        bio=record.body,
        extra=reader.extra(KNOWN_FIELDS),
    )
    raise_problems(record.problems)
    return person, reader.suggest_known(KNOWN_FIELDS)


def translate_person(original: Person, text: str, path: str) -> tuple[Person, list[str]]:
    """A person file's translation (`<slug>.<language>.md`) over the original: its name,
    country, roles and image (its words translated) where it gives them, and its bio; the
    rest is the original's."""
    record = read_record_text(text, path, translation=True)
    reader = record.reader
    name = reader.text("name") or original.name
    person = dataclasses.replace(
        original,
        path=path,
        name=name,
        aliases=names_beside((original.name, *original.aliases), name, reader.texts("aliases")),
        country=reader.text("country") if reader.has("country") else original.country,
        roles=_read_roles(reader) if reader.has("roles") else original.roles,
        image=read_image(reader) if reader.has("image") else original.image,
        bio=record.body,
    )
    raise_problems(record.problems)
    return person, reader.suggest_known(KNOWN_FIELDS)


def _read_roles(reader: FieldReader) -> tuple[Role, ...]:
    """The roles in the order of their dates; one that overlaps another is a problem."""
    read = [(child, role) for child in reader.children("roles") if (role := _read_role(child))]
    read.sort(key=lambda pair: pair[1].start or dt.date.min)
    for (_, earlier), (child, later) in itertools.pairwise(read):
        if later.start is None:
            message = "is required for every role but the earliest: the first day it was held"
            child.problem(message, "from")
        elif earlier.end is None or earlier.end >= later.start:
            until = "has no end (to)" if earlier.end is None else f"runs to {earlier.end}"
            message = (
                f'{later.start} is while "{earlier.title}" was held (which {until}); roles '
                "may not overlap: end the earlier one before this one begins"
            )
            child.problem(message, "from")
    return tuple(role for _, role in read)


def _read_role(reader: FieldReader) -> Role | None:
    for key in reader.data:
        if key not in ROLE_FIELDS:
            reader.problem("is not a field of a role; a role has a title, from and to", key)
    title = reader.text("title", required=True)
    start = _read_day(reader, "from")
    end = _read_day(reader, "to")
    if start is not None and end is not None and end < start:
        reader.problem(f"{end} is before the day the role began ({start})", "to")
        return None
    return None if title is None else Role(title, start, end)


def _read_day(reader: FieldReader, key: str) -> dt.date | None:
    text = reader.date_text(key)
    if text is None:
        return None
    try:
        return parse_day(text)
    except DateError as error:
        reader.problem(str(error), key)
        return None
