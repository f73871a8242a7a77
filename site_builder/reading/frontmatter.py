"""Splitting an event file into its YAML front matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.problems import Problem, SiteError

FENCE = "---"


@dataclass(frozen=True)
class FrontMatterFile:
    """The two parts of an event file; `front_line` is the file line the YAML starts on."""

    front: str
    front_line: int
    body: str

    @property
    def fence_line(self) -> int:
        """The line of the opening `---`: where a field the front matter lacks is reported."""
        return self.front_line - 1


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn Windows and old Mac line endings into `\\n`."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: str) -> FrontMatterFile:
    """Split `---\\nYAML\\n---\\nMarkdown`; raises SiteError when the fences are missing."""
    lines = normalise_text(text).split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        message = "no front matter: the file must start with a line '---', then the fields"
        raise SiteError([Problem(path, 1, None, message)])
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return FrontMatterFile(front, 2, body)
    message = "front matter is not closed: add a line '---' after the last field"
    raise SiteError([Problem(path, 1, None, message)])
