"""Reading a forum file, `content/forums/<slug>.md`: a recurring meeting that events are
held at (a series of summits, a ministers' meeting each year), with a Markdown description.

```yaml
name: ASEAN foreign ministers' meetings   # required: the name pages show
aliases: [ASEAN Foreign Ministers' Meeting, AMM]
wikidata: Q1234                            # optional
```

An event's `occasion` names a forum by its name, an alias or its slug.
"""

from __future__ import annotations

import dataclasses

from site_builder.content.recordfile import (
    file_slug,
    names_beside,
    raise_problems,
    read_record_text,
    read_wikidata,
)
from site_builder.model.records import Forum

FORUMS_FOLDER = "forums"
KNOWN_FIELDS = ("name", "aliases", "wikidata")


def parse_forum(text: str, path: str) -> tuple[Forum, list[str]]:
    """One forum file's text as a Forum, and warnings (a misspelt field); raises SiteError
    listing every problem in the file. `path` is the file as messages name it."""
    record = read_record_text(text, path)
    reader = record.reader
    forum = Forum(
        path=path,
        slug=file_slug(reader, path),
        name=reader.text("name", required=True) or "",
        aliases=tuple(reader.texts("aliases")),
        wikidata=read_wikidata(reader),
        description=record.body,
        extra=reader.extra(KNOWN_FIELDS),
    )
    raise_problems(record.problems)
    return forum, reader.suggest_known(KNOWN_FIELDS)


def translate_forum(original: Forum, text: str, path: str) -> tuple[Forum, list[str]]:
    """A forum file's translation (`<slug>.<language>.md`) over the original: its name where
    it gives one, and its description; the rest is the original's."""
    record = read_record_text(text, path, translation=True)
    reader = record.reader
    name = reader.text("name") or original.name
    forum = dataclasses.replace(
        original,
        path=path,
        name=name,
        aliases=names_beside((original.name, *original.aliases), name, reader.texts("aliases")),
        description=record.body,
    )
    raise_problems(record.problems)
    return forum, reader.suggest_known(KNOWN_FIELDS)
