"""Markdown bodies to HTML: one converter per process, a persistent cache, every core.

Raw HTML in a body is passed through, as most static site generators do: the body is
written by the site's authors. Everything from front matter is escaped by the templates.

Bodies are converted with the extensions site.yaml's `markdown_extensions` lists (the default
set when it lists none), each with its settings. They are passed down with every conversion,
to the worker processes too: each process builds its one converter for them, and builds it
again only when they change.

Conversion is the costliest step of a cold build (about 2.5 ms for a body of 450 words),
so converted bodies are kept in `.cache/markdown.sqlite` at the site's root (see cache.py),
keyed by a hash of the body, of the extensions and their settings, and of the generator,
Python-Markdown included: an unchanged body is never converted twice, and any of those
changing invalidates it. Many bodies to convert at once are shared out over the machine's
cores. What a body converts to depends on its text and the extensions alone: its links to
other events' files are turned into their addresses after, each time a page is rendered
(see links.py).

No body may crash or stall a build (see limits.py): one nested deeper than Python-Markdown
can recurse is refused before it is converted, at the line where it goes too deep; a
conversion is stopped past its time or memory, and a RecursionError caught as a last resort;
an extension that fails on a body is caught too; each is a problem naming the file.
"""

from __future__ import annotations

import functools
import itertools
import re
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import markdown

from site_builder.config import DEFAULT_MARKDOWN_EXTENSIONS, MarkdownExtension, markdown_options
from site_builder.incremental.cache import Store, cache_key
from site_builder.incremental.parallel import parallel_map
from site_builder.model.records import Event
from site_builder.problems import Problem, SiteError
from site_builder.reading.frontmatter import normalise_text
from site_builder.reading.yamldoc import one_line
from site_builder.render import limits

CACHE_NAME = "markdown"
Extensions = tuple[MarkdownExtension, ...]
# This process's converter, with the extensions it was built with.
_converter: tuple[Extensions, markdown.Markdown] | None = None


def convert(text: str, extensions: Extensions = DEFAULT_MARKDOWN_EXTENSIONS) -> str:
    """Markdown to HTML with this process's reused converter, built for `extensions`."""
    global _converter  # one per process: building a converter costs more than a conversion
    if _converter is None or _converter[0] != extensions:
        options = markdown_options(extensions)
        _converter = (extensions, markdown.Markdown(**options, output_format="html"))
    converter = _converter[1]
    converter.reset()
    try:
        return converter.convert(text)
    except BaseException:
        _converter = None  # stopped part way (a limit, a RecursionError): the next starts afresh
        raise


def converting_with(extensions: Extensions) -> Callable[[str], str]:
    """`convert` with `extensions`, as a function of the text alone (for `parallel_map`). The
    default set is converted by `convert` called with the text alone, as it always was, so
    that a stand-in put in its place (the tests count conversions so) sees every one."""
    if extensions == DEFAULT_MARKDOWN_EXTENSIONS:
        return lambda text: convert(text)
    return lambda text: convert(text, extensions)


class MarkdownConverter:
    """Converts many bodies at once, from the cache where it can, in parallel where it pays,
    with the extensions it is given (the site's)."""

    def __init__(
        self, cache_folder: Path | None = None, extensions: Extensions = DEFAULT_MARKDOWN_EXTENSIONS
    ) -> None:
        self._cache = Store(cache_folder, CACHE_NAME)
        self.extensions = extensions
        self._settings = repr(extensions)  # part of every key: other settings, other HTML

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        known = self.cached(texts)
        missing = [text for text, html in zip(texts, known, strict=True) if html is None]
        converted = list(parallel_map(converting_with(self.extensions), missing))
        self.store(missing, [pack_html(html) for html in converted])
        fresh = iter(converted)
        return [next(fresh) if html is None else html for html in known]

    def cached(self, texts: Sequence[str]) -> list[str | None]:
        """Each text's HTML from the cache, or None where it has not been converted yet."""
        keys = [self._key(text) for text in texts]
        found = self._cache.get_many({key: key for key in keys}, _text)
        return [found.get(key) for key in keys]

    def store(self, texts: Sequence[str], packed: Sequence[bytes]) -> None:
        """Keep conversions made elsewhere (by a worker process, which packed each HTML
        with `pack_html`) for the next build."""
        pairs = zip(texts, packed, strict=True)
        keyed = ((self._key(text), html) for text, html in pairs)
        self._cache.put_many((key, key, html) for key, html in keyed)

    def html_of(self, path: str, text: str, root: Path) -> str:
        """One text's HTML (of the file at `path`, below `root`): from the cache, else
        converted within the limits of one conversion, and kept."""
        (known,) = self.cached([text])
        if known is not None:
            return known
        html = convert_within_limits(path, text, root, self.extensions)
        self.store([text], [pack_html(html)])
        return html

    def _key(self, text: str) -> str:
        return cache_key(CACHE_NAME, self._settings, text)


def pack_html(html: str) -> bytes:
    """HTML as the cache keeps it, compressed: a body's HTML is a third of the size so."""
    return zlib.compress(html.encode("utf-8"), 1)


def _text(value: object) -> str:
    if not isinstance(value, bytes):
        raise TypeError("not HTML")  # the store holds only what store() put
    return zlib.decompress(value).decode("utf-8")


# What nests a line: a quote's `>`, a list item's marker (`-`, `*`, `+`, `1.`, `1)`), indentation.
_MARKER = r"(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))"
_MARKERS = re.compile(_MARKER)
_LINE_START = re.compile(rf"(?:[ \t]|{_MARKER})*")
_MARKER_AND_SPACE = re.compile(rf"{_MARKER} ?")


def nesting(line: str) -> int:
    """How deep the start of a line nests it: a level per `>` or list marker, and per four
    columns of indentation (a tab counting four) besides the space after each marker."""
    start = _LINE_START.match(line)
    if start is None:  # the pattern matches any line, if only with nothing
        return 0
    indentation = _MARKER_AND_SPACE.sub("", start.group())
    columns = indentation.count(" ") + 4 * indentation.count("\t")
    return len(_MARKERS.findall(start.group())) + columns // 4


@functools.cache
def _may_nest_deeper_than(limit: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Lines starting with more than `limit` of the characters nesting is written with, the
    only ones that can nest deeper: the first line, and any other found by its newline (a
    search that skips from one newline to the next, ten times faster than `^` in MULTILINE)."""
    run = rf"[ \t>*+\-0-9.)]{{{limit + 1},}}"
    return re.compile(run), re.compile(rf"\n{run}")


def line_nested_too_deep(text: str, limit: int) -> int | None:
    """The number (from 1) of the first line of `text` nested more than `limit` deep."""
    first, other = _may_nest_deeper_than(limit)
    starts = [0] if first.match(text) else []
    for start in itertools.chain(starts, (match.start() + 1 for match in other.finditer(text))):
        end = text.find("\n", start)
        if nesting(text[start : None if end < 0 else end]) > limit:
            return text.count("\n", 0, start) + 1
    return None


def nesting_problems(events: Sequence[Event], root: Path) -> list[Problem]:
    """A problem for each body nested deeper than MAX_BODY_NESTING, at its first line that
    is: Python-Markdown recurses per level, and took seconds to fail on such a body."""
    found = (nesting_problem(event.path, event.body, root) for event in events)
    return [problem for problem in found if problem is not None]


def nesting_problem(path: str, text: str, root: Path) -> Problem | None:
    """The problem of a text (of the file at `path`, below `root`) nested too deep, if it is."""
    limit = limits.MAX_BODY_NESTING
    line = line_nested_too_deep(text, limit)
    if line is None:
        return None
    message = (
        f"lists and quotes nested more than {limit} deep; no text needs more than a few levels"
    )
    start = body_start(root / path, text)
    if start is None:
        return Problem(path, None, "body", f"{message} (line {line} of the body)")
    return Problem(path, start + line - 1, "body", message)


def convert_within_limits(
    path: str, text: str, root: Path, extensions: Extensions = DEFAULT_MARKDOWN_EXTENSIONS
) -> str:
    """`text`'s HTML, converted with `extensions` within the limits of one conversion
    (limits.py); a limit that stops it raises SiteError naming `path` (the file the text is
    from, below `root`) and the text's first line there, as does a text nested too deep
    (`nesting_problem`) or an extension that fails on it."""
    too_deep = nesting_problem(path, text, root)
    if too_deep is not None:
        raise SiteError([too_deep])
    seconds = limits.body_seconds(text)
    try:
        with limits.within_limits(seconds):
            return converting_with(extensions)(text)
    except Exception as error:  # a limit, a RecursionError, or any error of an extension's
        raise SiteError([conversion_problem(path, text, root, error, seconds)]) from None


def conversion_problem(
    path: str, body: str, root: Path, error: Exception, seconds: float
) -> Problem:
    """A body whose conversion was stopped by a limit, ran out of recursion, or failed in
    one of the site's extensions."""
    if isinstance(error, RecursionError):
        message = (
            "is nested too deeply for Python-Markdown to convert; "
            "nest lists, quotes and HTML blocks only a few levels deep"
        )
    elif isinstance(error, limits.LimitExceeded):
        message = (
            f"{limits.exceeded(error, seconds)} to convert from Markdown; look for long runs "
            "of unclosed brackets, or quotes and lists nested deep"
        )
    else:
        shown = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        message = one_line(
            f"Python-Markdown failed to convert it ({shown}); "
            "look at the extensions site.yaml's markdown_extensions lists"
        )
    return Problem(path, body_start(root / path, body), "body", message)


def body_start(file: Path, body: str) -> int | None:
    """The line of `file` its body starts on. An event keeps its body's text, not where it
    was, so the file is read again, only for a problem's line; None if it changed since."""
    try:
        text = normalise_text(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if not text.endswith(body):
        return None
    return text.count("\n", 0, len(text) - len(body)) + 1
