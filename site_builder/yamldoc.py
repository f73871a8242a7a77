"""Safe YAML loading that remembers the line of every key.

Dates are left as strings so that the validator, not the YAML library, decides what
a date is and says clearly what is wrong with a bad one. Anchors and aliases are
refused: front matter never needs them, and refusing them defuses alias bombs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from site_builder.problems import Problem, SiteError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

FieldPath = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, without the implicit timestamp type."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document and the file line of each field in it."""

    data: Any
    lines: dict[FieldPath, int]

    def line_of(self, path: FieldPath) -> int | None:
        """The line of the field, or of its nearest enclosing field."""
        return _nearest_line(self.lines, path)


def _nearest_line(lines: dict[FieldPath, int], path: FieldPath) -> int | None:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def field_name(path: FieldPath) -> str:
    """`("sources", 0, "url")` -> `sources[0].url`, as shown to users."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def load_yaml(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, {})
        lines: dict[FieldPath, int] = {}
        problems: list[Problem] = []
        _walk(node, (), first_line, path, lines, problems, set())
        if problems:
            raise SiteError(problems)
        return YamlDocument(loader.construct_document(node), lines)
    except yaml.MarkedYAMLError as error:
        raise SiteError([_syntax_problem(error, path, first_line)]) from None
    except yaml.YAMLError as error:
        raise SiteError([Problem(path, None, None, f"invalid YAML: {error}")]) from None
    finally:
        loader.dispose()


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, first_line: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = None if mark is None else mark.line + first_line
    message = f"invalid YAML: {error.problem or error.context}"
    if error.context and error.problem and error.context_mark is not None:
        message += f" ({error.context}, line {error.context_mark.line + first_line})"
    return Problem(path, line, None, message)


def _walk(
    node: Node,
    at: FieldPath,
    first_line: int,
    path: str,
    lines: dict[FieldPath, int],
    problems: list[Problem],
    seen: set[int],
) -> None:
    """Record each field's line; refuse aliases, duplicate keys and non-text keys."""
    line = node.start_mark.line + first_line
    if id(node) in seen:
        message = "YAML anchors and aliases (&name, *name) are not allowed; write the value out"
        where = _nearest_line(lines, at) or line
        problems.append(Problem(path, where, field_name(at) or None, message))
        return
    seen.add(id(node))
    lines.setdefault(at, line)
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*at, index), first_line, path, lines, problems, seen)
    elif isinstance(node, MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + first_line
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                message = f"field names must be text, not {key_node.value!r}"
                problems.append(Problem(path, key_line, field_name(at) or None, message))
                continue
            key = key_node.value
            if key in keys:
                message = "appears twice; keep one"
                problems.append(Problem(path, key_line, field_name((*at, key)), message))
            keys.add(key)
            lines[(*at, key)] = key_line
            _walk(value_node, (*at, key), first_line, path, lines, problems, seen)
