"""Safe YAML loading that remembers the line of every key.

Dates are left as strings so that the validator, not the YAML library, decides what
a date is and says clearly what is wrong with a bad one. Anchors and aliases are
refused: front matter never needs them, and refusing them defuses alias bombs. Only
plain values are accepted: text, numbers, true/false, lists and mappings, nested at most
MAX_DEPTH deep (deeper nesting crashes the C parser), and text without the control
characters that HTML and XML forbid.
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from site_builder.problems import Problem, SiteError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG_PREFIX = "tag:yaml.org,2002:"
# YAML 1.1 reads a plain `=` or `<<` as special values the safe loader cannot build: here
# they are text like any other. Timestamps stay text, for the date validator to judge.
_NOT_RESOLVED = {_TAG_PREFIX + name for name in ("timestamp", "value", "merge")}
_PLAIN_TAGS = {_TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_INT_TAG = _TAG_PREFIX + "int"
_STR_TAG = _TAG_PREFIX + "str"
MAX_DEPTH = 32
MAX_NUMBER_LENGTH = 100
_NONCHARACTERS = "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
# C0 controls but tab and line breaks, DEL, C1 controls and Unicode's noncharacters.
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")

# Characters that would break a message's line or reach the terminal as a command.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

FieldPath = tuple[str | int, ...]


_RESOLVERS: dict[str, list[tuple[str, Any]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_RESOLVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, without the implicit timestamp, value and merge types; numbers that
    YAML 1.1 reads in octal (`0602`, `-0044`) or in base 60 (`10:30`) stay text as written,
    for the field's reader to judge: they are years and times far more often than numbers."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = _RESOLVERS

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        if _OCTAL_OR_SEXAGESIMAL.fullmatch(node.value):
            return node.value
        return super().construct_yaml_int(node)


_OCTAL_OR_SEXAGESIMAL = re.compile(r"[-+]?0[0-7_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+")
_Loader.add_constructor(_INT_TAG, _Loader.construct_yaml_int)


class _PythonLoader(yaml.SafeLoader):
    """The same, in pure Python: it reads events one at a time however deep they nest."""

    yaml_implicit_resolvers = _RESOLVERS


# Types the safe loader builds that no field needs: binary data, sets, ordered maps, dates.
_REFUSED_TAGS = {tag for tag in _Loader.yaml_constructors if tag} - _PLAIN_TAGS


class YamlDocument:
    """A parsed YAML document and the file line of each field in it.

    The lines are found when first asked for, by walking the document again: only a field
    with a problem needs its line, and most documents have none (walking every document
    for its lines took three quarters of the time of reading it)."""

    def __init__(self, data: Any, text: str, path: str, first_line: int) -> None:
        self.data = data
        self._source = (text, path, first_line)

    @functools.cached_property
    def lines(self) -> dict[FieldPath, int]:
        return _walked(*self._source).lines

    def line_of(self, path: FieldPath) -> int | None:
        """The line of the field, or of its nearest enclosing field."""
        return _nearest_line(self.lines, path)


def _nearest_line(lines: dict[FieldPath, int], path: FieldPath) -> int | None:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def one_line(text: str) -> str:
    """Text for a one-line message: line breaks and control characters written as escapes.

    Messages quote the values they are about, and a value may hold anything.
    """
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


def field_name(path: FieldPath) -> str:
    """`("sources", 0, "url")` -> `sources[0].url`, as shown to users."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def load_yaml(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    try:
        if _indicators(text) > MAX_DEPTH:
            _check_depth(text, path, first_line)
        if _plain(text):
            with contextlib.suppress(_NotPlain):
                return YamlDocument(_load_plain(text), text, path, first_line)
        walker = _walked(text, path, first_line)
        if walker.problems:
            raise SiteError(walker.problems)
        return YamlDocument(walker.data, text, path, first_line)
    except yaml.MarkedYAMLError as error:
        raise SiteError([_syntax_problem(error, path, first_line)]) from None
    except yaml.reader.ReaderError as error:
        raise SiteError([_character_problem(error, text, path, first_line)]) from None
    except yaml.YAMLError as error:
        raise SiteError([Problem(path, None, None, f"invalid YAML: {error}")]) from None


def _walked(text: str, path: str, first_line: int) -> _Walker:
    """The document walked node by node: each field's line, and every problem with it."""
    loader = _Loader(text)
    try:
        walker = _Walker(path, first_line)
        node = loader.get_single_node()
        if node is not None:
            walker.walk(node, ())
            if not walker.problems:
                walker.data = loader.construct_document(node)
        return walker
    finally:
        loader.dispose()


def _plain(text: str) -> bool:
    """Whether the text cannot hold an anchor, an alias, a tag or a forbidden character (raw,
    or escaped in quotes), which only the walk reports: then it may be loaded without it."""
    return not any(mark in text for mark in "&*!\\") and not _FORBIDDEN.search(text)


class _NotPlain(Exception):
    """Raised by `_PlainLoader` at what only the walk can report: its way back to it."""


class _PlainLoader(_Loader):
    """The loader, refusing what the walk would report in a text that `_plain` let through:
    a key that is not text, a merge key, a key twice, a number too long."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Any:
        keys = [key.value if key.tag == _STR_TAG else None for key, _ in node.value]
        if None in keys or "<<" in keys or len(set(keys)) != len(keys):
            raise _NotPlain
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER_LENGTH:
            raise _NotPlain
        return super().construct_yaml_int(node)


_PlainLoader.add_constructor(_INT_TAG, _PlainLoader.construct_yaml_int)


def _load_plain(text: str) -> Any:
    loader = _PlainLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _indicators(text: str) -> int:
    """An upper bound on how deep lists and mappings nest in `text`, found in microseconds.

    Every list or mapping starts with a character of its own: `[`, `{`, a `-` entry, or a
    `:` or `?` key; so they cannot nest deeper than the count of those characters.
    """
    return sum(text.count(character) for character in "[{-:?")


def _check_depth(text: str, path: str, first_line: int) -> None:
    """Refuse lists and mappings nested deeper than MAX_DEPTH, reading no further than that.

    Runs on the parser's events, before any nodes are built: libyaml builds nodes
    recursively, and a few hundred thousand `[` crash it. Newer versions of libyaml refuse
    deep nesting themselves, in words of their own and at a depth of their own: when the C
    parser refuses the text, the Python one, which has no such limit, finds where the
    nesting passes ours, so the message stays the same whatever version a user has. Any
    other error is left for the loading that follows to report.
    """
    try:
        _count_depth(_Loader(text), path, first_line)
    except yaml.YAMLError:
        with contextlib.suppress(yaml.YAMLError):
            _count_depth(_PythonLoader(text), path, first_line)


def _count_depth(loader: Any, path: str, first_line: int) -> None:
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = None if event.start_mark is None else event.start_mark.line + first_line
                    message = (
                        f"invalid YAML: lists and mappings nested more than {MAX_DEPTH} deep; "
                        "no field needs more than a few levels"
                    )
                    raise SiteError([Problem(path, line, None, message)])
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, first_line: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = None if mark is None else mark.line + first_line
    problem = str(error.problem or error.context).replace(f"'{_TAG_PREFIX}", "'!!")
    message = f"invalid YAML: {problem}"
    if error.context and error.problem and error.context_mark is not None:
        message += f" ({error.context}, line {error.context_mark.line + first_line})"
    if isinstance(error, yaml.constructor.ConstructorError):
        message += "; remove the tag and write plain text, numbers, true/false, lists or mappings"
    return Problem(path, line, None, message)


def _character_problem(
    error: yaml.reader.ReaderError, text: str, path: str, first_line: int
) -> Problem:
    """A character YAML refuses anywhere, such as a control character, with its line."""
    line = text.count("\n", 0, error.position) + first_line
    code = error.character if isinstance(error.character, int) else ord(error.character)
    message = f"invalid YAML: {error.reason} (U+{code:04X}); remove it"
    return Problem(path, line, None, message)


def _describe_key(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.value)
    return "a list" if isinstance(node, SequenceNode) else "a mapping"


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag


@dataclass
class _Walker:
    """Records each field's line; refuses aliases, odd keys, odd types and control characters."""

    path: str
    first_line: int
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    alias_found: bool = False
    data: Any = None  # the document, when it has no problems

    def problem(self, line: int, at: FieldPath, message: str) -> None:
        self.problems.append(Problem(self.path, line, one_line(field_name(at)) or None, message))

    def walk(self, node: Node, at: FieldPath) -> None:
        line = node.start_mark.line + self.first_line
        if id(node) in self.seen:
            self._alias(line, at)
            return
        self.seen.add(id(node))
        self.lines.setdefault(at, line)
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*at, index))
        elif isinstance(node, MappingNode):
            self._mapping(node, at)
        elif isinstance(node, ScalarNode):
            self._scalar(node, line, at)
        if node.tag in _REFUSED_TAGS:
            message = (
                f"{_shown_tag(node.tag)} values are not allowed; "
                "write text, numbers, true/false, lists or mappings"
            )
            self.problem(line, at, message)

    def _alias(self, line: int, at: FieldPath) -> None:
        """One message is enough: an alias bomb holds thousands of aliases."""
        if not self.alias_found:
            self.alias_found = True
            message = "YAML anchors and aliases (&name, *name) are not allowed; write the value out"
            self.problem(_nearest_line(self.lines, at) or line, at, message)

    def _mapping(self, node: MappingNode, at: FieldPath) -> None:
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + self.first_line
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR_TAG:
                message = f"field names must be text, not {_describe_key(key_node)}"
                self.problem(key_line, at, message)
                continue
            key = key_node.value
            if key == "<<":
                message = "YAML merge keys (<<) are not allowed; write the fields out"
                self.problem(key_line, at, message)
                continue
            if key in keys:
                self.problem(key_line, (*at, key), "appears twice; keep one")
            keys.add(key)
            self._scalar(key_node, key_line, (*at, key))
            self.lines[(*at, key)] = key_line
            self.walk(value_node, (*at, key))

    def _scalar(self, node: ScalarNode, line: int, at: FieldPath) -> None:
        forbidden = _FORBIDDEN.search(node.value)
        if forbidden is not None:
            code = ord(forbidden.group())
            message = (
                f"holds the character U+{code:04X}, which pages and feeds cannot hold; remove it"
            )
            self.problem(line, at, message)
        if node.tag == _INT_TAG and len(node.value) > MAX_NUMBER_LENGTH:
            message = f"is a number of {len(node.value)} digits; put it in quotes if it is text"
            self.problem(line, at, message)
