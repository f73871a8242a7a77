"""What person and forum files share with each other: front matter read field by field, a
slug that is the file's name, and a Wikidata id."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from site_builder.model.slugs import is_slug
from site_builder.problems import Problem, SiteError
from site_builder.reading.fields import FieldReader
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.yamldoc import load_yaml

WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")


@dataclass(frozen=True)
class RecordText:
    """A record file's front matter, ready to be read field by field (problems go to
    `problems`), and its Markdown body."""

    reader: FieldReader
    problems: list[Problem]
    body: str


def read_record_text(text: str, path: str, translation: bool = False) -> RecordText:
    """The file's fields and body; raises SiteError when it has no front matter to read (a
    translation's may be empty: it then translates the body alone)."""
    split = split_front_matter(text, path)
    doc = load_yaml(split.front, path, split.front_line)
    if translation and doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else "not a mapping of fields"
        message = f"front matter is {what}: write one 'field: value' per line"
        raise SiteError([Problem(path, split.front_line, None, message)])
    problems: list[Problem] = []
    reader = FieldReader(doc, path, problems, start_line=split.fence_line)
    return RecordText(reader, problems, split.body)


def file_slug(reader: FieldReader, path: str) -> str:
    """The file's name without `.md`: its page's address, and a name events may use."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    if not is_slug(stem):
        message = (
            f'the file name "{stem}" cannot be a URL: rename the file using letters, '
            "digits and single hyphens"
        )
        reader.problems.append(Problem(path, None, None, message))  # the name, not a line
    return stem


def read_wikidata(reader: FieldReader) -> str | None:
    """`wikidata: Q2048`, the id of the item on wikidata.org, checked for its form only."""
    value = reader.text("wikidata")
    if value is not None and not WIKIDATA_ID.fullmatch(value):
        reader.problem(f'"{value}" is not a Wikidata id: a Q and digits, e.g. Q2048', "wikidata")
        return None
    return value


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise SiteError(problems)


def names_beside(original: Sequence[str], name: str, aliases: Sequence[str]) -> tuple[str, ...]:
    """A translated record's aliases: its own, then the original's names, so that an event
    written in any of the languages finds it."""
    return tuple(dict.fromkeys(n for n in (*aliases, *original) if n != name))
