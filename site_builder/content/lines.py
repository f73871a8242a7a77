"""The line of a field in a file read earlier, found again for a warning that names it.

Reading a file keeps no lines (finding them costs most of the reading); a warning worked out
after every file was read reads the file again, once while it is unchanged."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from site_builder.problems import SiteError
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import FieldPath, load_yaml


class FieldLines:
    """Lines of fields in the files of one site, whose messages name them from its root."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def line(self, shown: str, at: FieldPath, exact: bool = False) -> int | None:
        """The line of the field `at` (or, unless `exact`, of its nearest enclosing field) in
        the file that messages name `shown`; None when the file cannot be read as it was."""
        path = self.root / shown
        try:
            status = os.stat(path)
        except OSError:
            return None
        lines = _front_matter_lines(str(path), shown, status.st_mtime_ns, status.st_size)
        while at and at not in lines and not exact:
            at = at[:-1]
        return lines.get(at)

    def where(self, shown: str, at: FieldPath) -> str:
        """`content/x.md:7`, or the file alone when the line cannot be found."""
        line = self.line(shown, at)
        return shown if line is None else f"{shown}:{line}"


@functools.lru_cache(maxsize=1024)
def _front_matter_lines(path: str, shown: str, mtime_ns: int, size: int) -> dict[FieldPath, int]:
    """The line of each field of the file's front matter, while its time and size stay."""
    try:
        text = decode_utf8(Path(path).read_bytes(), shown)
        split = split_front_matter(text, shown)
        return load_yaml(split.front, shown, split.front_line).lines
    except (OSError, SiteError):  # changed since it was read: the message names the file
        return {}
