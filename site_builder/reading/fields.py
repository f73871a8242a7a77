"""Typed reading of YAML mappings that collects a Problem for every bad field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from site_builder.problems import Problem
from site_builder.reading.yamldoc import FieldPath, YamlDocument, field_name, one_line

# Characters a browser would not keep in an address as written: spaces, quotes, brackets,
# backslashes and control characters.
URL_UNSAFE = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f-\x9f]')


def unsafe_in_address(url: str, unsafe: re.Pattern[str] = URL_UNSAFE) -> str | None:
    """Why `url` cannot be an address as written: the first character none may hold, and
    how to write it instead; None when there is none."""
    found = unsafe.search(url)
    if found is None:
        return None
    character = found.group()
    escaped = "".join(f"%{byte:02X}" for byte in character.encode())
    return f'"{url}" holds {character!r}, which an address cannot hold; write it as {escaped}'


def describe(value: Any) -> str:
    """A user's word for a YAML value's type."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return type(value).__name__


class FieldReader:
    """Reads the fields of one mapping in a YAML document; problems go to a shared list."""

    def __init__(
        self,
        doc: YamlDocument,
        path: str,
        problems: list[Problem],
        at: FieldPath = (),
        start_line: int | None = None,
    ) -> None:
        """`start_line` is the line the document starts on (an event file's opening `---`):
        a missing top-level field is reported there, as a missing field of a nested mapping
        is at the mapping's first line."""
        self.doc = doc
        self.path = path
        self.problems = problems
        self.at = at
        self.start_line = start_line
        value = doc.data
        for part in at:
            value = value[part]
        self.data: dict[str, Any] = value

    def problem(self, message: str, *keys: str | int) -> None:
        """Record a problem with a field of this mapping (or, with no keys, the mapping)."""
        at = (*self.at, *keys)
        line = self.doc.lines[at] if at in self.doc.lines else self._own_line()
        field = one_line(field_name(at)) or None
        self.problems.append(Problem(self.path, line, field, one_line(message)))

    def _own_line(self) -> int | None:
        return self.doc.lines.get(self.at) if self.at else self.start_line

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str, required: bool = False) -> str | None:
        """A non-empty string field (numbers are not silently turned into text)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem("is required", key)
            return None
        if not isinstance(value, str):
            self.problem(f"must be text, not {describe(value)}", key)
            return None
        value = value.strip()
        if not value:
            self.problem("is empty", key)
            return None
        return value

    def date_text(self, key: str) -> str | None:
        """A date field as written: text, or a year YAML read as a whole number; None when
        absent, or when it is neither (a problem). The caller parses it as it needs."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(f"must be a date written as YYYY-MM-DD, not {describe(value)}", key)
            return None
        return str(value).strip()

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.problem(f"must be true or false, not {describe(value)}", key)
        return None

    def coordinates(self, key: str, required: bool = False) -> tuple[float, float] | None:
        """`[latitude, longitude]`, for the map: two numbers, within -90 to 90 and -180 to 180
        (NaN is neither). An absent field is None, or a problem when `required`."""
        value = self.data.get(key)
        if value is None and not required:
            return None
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            and -90 <= value[0] <= 90
            and -180 <= value[1] <= 180
        ):
            return (float(value[0]), float(value[1]))
        self.problem("must be [latitude, longitude], e.g. [17.97, 102.63]", key)
        return None

    def texts(self, key: str) -> list[str]:
        """A list of non-empty strings; a single string is refused, not guessed at."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"must be a list (one '- item' per line), not {describe(value)}", key)
            return []
        result = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                result.append(item.strip())
            else:
                self.problem(f"must be text, not {describe(item)}", key, index)
        return result

    def children(self, key: str, required: bool = False) -> list[FieldReader]:
        """Readers for a list of mappings, such as `sources`."""
        value = self.data.get(key)
        if value is None or value == []:
            if required:
                self.problem("is required and needs at least one entry", key)
            return []
        if not isinstance(value, list):
            self.problem(f"must be a list, not {describe(value)}", key)
            return []
        readers = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                readers.append(self.child(key, index))
            else:
                message = f"must be a mapping of fields, not {describe(item)}"
                self.problem(message, key, index)
        return readers

    def mapping(self, key: str) -> FieldReader | None:
        """A reader for a nested mapping, or None when the field is absent or wrong."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(f"must be a mapping of fields, not {describe(value)}", key)
            return None
        return self.child(key)

    def child(self, *keys: str | int) -> FieldReader:
        return FieldReader(self.doc, self.path, self.problems, (*self.at, *keys), self.start_line)

    def extra(self, known: Iterable[str]) -> dict[str, Any]:
        """The fields not in `known`, kept for templates."""
        known = set(known)
        return {key: value for key, value in self.data.items() if key not in known}

    def suggest_known(self, known: Iterable[str]) -> list[str]:
        """Warnings for unknown fields that look like misspelt known ones."""
        known = sorted(known)
        warnings = []
        for key in self.extra(known):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
            if close:
                at = (*self.at, key)
                where = f"{self.path}:{self.doc.line_of(at)}"
                warnings.append(
                    f"{where}: {one_line(field_name(at))}: unknown field; did you mean {close[0]}?"
                )
        return warnings
