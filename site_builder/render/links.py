"""Links between events written by file name: in an event's body,
`[the Moscow talks](2023-09-18-moscow.md)` (a file in the same folder),
`[a visit](../visits/x.md)` or `[the talks](/meetings/2023-09-18-moscow.md)` (from `content/`),
with an optional `#fragment`, lead to that event's page under the site's base path
(`/my-repo/meetings/2023-09-18-moscow/`). Any other link is left as it is.

Where a link leads depends on the other events and on the base URL, not on the body alone, so
it is no part of what a body converts to: the HTML kept in `.cache/markdown.sqlite` holds each
link as written, and it is turned into an address as the event's page is rendered. So that no
page kept from an earlier render (in memory, or in `.cache/`) holds an address that has changed
since, where a body's links lead is part of what its page is kept under (`key_of`), and a page
whose links lead elsewhere now is rendered again (`update`).

Every render checks the links of every event, those of kept pages too (`check`): a link to a
`.md` file that is no event with a page here (removed, renamed, a draft) is a problem at the
file and line of the link, and nothing is written. Which files a body names is found in its
text, cheaply and generously (any word ending in `.md`, a mention in a sentence too); only a
body naming a file that has no page is looked at as HTML, which tells a link from a mention.
"""

from __future__ import annotations

import bisect
import html
import operator
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_builder.config import SiteConfig
from site_builder.incremental.memo import Mapped, same_where_replaced
from site_builder.model.records import Event
from site_builder.model.urls import Urls
from site_builder.problems import Problem, SiteError
from site_builder.reading.yamldoc import one_line
from site_builder.render.markup import MarkdownConverter, body_start

FILE_SUFFIX = ".md"
CONTENT = "content"  # the folder a link starting with `/` is written from
# What cannot be part of a link's address as written: spaces, and the Markdown and HTML
# around an address. A word is what lies between two of them.
_AROUND = " \t\n\r\f\v()<>[]\"'`*|{}"
_WORD_END = re.compile(f"[{re.escape(_AROUND)}]")
_SENTENCE_END = ".,;:!?"  # after a word, they end a sentence: `see notes.md.`
# A link in HTML: what comes before its address, the quote, and the address as written. No
# part crosses a `<`: however a body is written, each stretch of it is looked at a few times.
_LINK = re.compile(r"""(<a\s[^<>]*?\bhref\s*=\s*)(["'])([^"'<>]*)\2""", re.IGNORECASE)
# What comes just before an address written as a link: `](x.md)`, `<x.md>`, `href="x.md"`,
# `[ref]: x.md`.
_BEFORE_ADDRESS = ("(", "<", '"', "'", " ")
_FILE_AND_PAGE = operator.attrgetter("path", "url_path")


@dataclass(frozen=True)
class Leads:
    """Where the files an event's body names lead, as of one set of pages."""

    key: tuple[str, ...]  # each file named, and the address it leads to ("" for none)
    nowhere: bool  # whether a `.md` file named has no page: then the body is looked at


NAMES_NOTHING = Leads((), False)


class EventLinks:
    """The links between the events of one language's pages: where each event file's page is,
    which files each body names, and where each of them leads, as of the last `update`."""

    def __init__(self, config: SiteConfig, urls: Urls, markdown: MarkdownConverter) -> None:
        self._root = config.root
        self._translations = config.translation_endings
        self._tree = config.tree  # "" for the site's own language, `zh/` for another's
        self._urls = urls
        self._markdown = markdown  # the site's extensions, and its cache of converted bodies
        self._events: Sequence[Event] = ()
        self._pages: dict[str, str] = {}  # by event file (`content/...`), its page's url_path
        # Each event's `Leads` while `_pages` stays: a preview's rebuild works out only the
        # edited events'.
        self._leading = Mapped[Event, Leads]()
        self._leads: list[Leads] = []  # each event's, as of `update`
        self._keys: dict[str, tuple[str, ...]] = {}  # by page, of the events that name files
        self._hrefs: dict[str, tuple[str, ...]] = {}  # by body, the links its HTML holds

    def update(self, events: Sequence[Event]) -> set[str]:
        """Take the events of a new render (a tuple that does not change); the url_paths of
        the events whose links lead elsewhere than at the last update."""
        if not same_where_replaced(self._events, events, _FILE_AND_PAGE):
            self._pages = pages_by_file(events, self._translations)
            self._leading = Mapped()  # every event's links looked at again
        self._events = events
        self._leads = self._leading(events, self._leads_of)
        keys = {
            event.url_path: leads.key
            for event, leads in zip(events, self._leads, strict=True)
            if leads.key
        }
        before = self._keys
        self._keys = keys
        return {url for url, key in keys.items() if before.get(url, key) != key}

    def key_of(self, event: Event) -> tuple[str, ...]:
        """What the event's page takes from other events: where each file its body names
        leads (nothing for a body naming none)."""
        return self._keys.get(event.url_path, ())

    def resolved(self, source: str, body_html: str) -> str:
        """The HTML of the body of the event file `source`, with each link to an event's file
        leading to the event's page."""
        if FILE_SUFFIX not in body_html:
            return body_html
        return _LINK.sub(lambda link: self._relinked(source, link), body_html)

    def check(self, events: Sequence[Event]) -> None:
        """Raises SiteError with a problem for each link, of every body, to a `.md` file that
        has no page here. `events` are those of the last `update`."""
        problems: list[Problem] = []
        looked_at: dict[str, tuple[str, ...]] = {}
        for event, leads in zip(events, self._leads, strict=True):
            if leads.nowhere:
                links = looked_at[event.body] = self._links_in(event)
                lines = _Lines(event, self._root)
                problems += (
                    self._problem(event, link, lines)
                    for link in links
                    if self._leads_nowhere(event.path, link)
                )
        self._hrefs = looked_at  # forget bodies that are gone
        if problems:
            raise SiteError(problems)

    def address(self, source: str, written: str) -> str | None:
        """Where a link written in the event file `source` leads, when it names an event's
        file that has a page here: the page's address, with the link's fragment."""
        file = linked_file(source, written)
        page = None if file is None else self._pages.get(file)
        if page is None:
            return None
        fragment = urlsplit(written).fragment
        return self._urls.path(page) + (f"#{fragment}" if fragment else "")

    def _leads_of(self, event: Event) -> Leads:
        """Where the files the event's body names lead, with the pages of the last update."""
        names = named_files(event.body)
        if not names:
            return NAMES_NOTHING
        leads = [(name, self.address(event.path, name)) for name in names]
        return Leads(
            tuple(f"{name}\0{address or ''}" for name, address in leads),
            any(address is None and linked_file(event.path, name) for name, address in leads),
        )

    def _leads_nowhere(self, source: str, written: str) -> bool:
        """Whether a link names a `.md` file that has no page here."""
        return linked_file(source, written) is not None and self.address(source, written) is None

    def _relinked(self, source: str, link: re.Match[str]) -> str:
        before, quote, written = link.groups()
        address = self.address(source, html.unescape(written))
        if address is None:
            return link.group()
        return f"{before}{quote}{html.escape(address)}{quote}"

    def _links_in(self, event: Event) -> tuple[str, ...]:
        """The addresses the links of the event's body lead to, as written, once each."""
        known = self._hrefs.get(event.body)
        if known is None:
            body_html = self._markdown.html_of(event.path, event.body, self._root)
            written = (html.unescape(link.group(3)) for link in _LINK.finditer(body_html))
            known = tuple(dict.fromkeys(written))
        return known

    def _problem(self, event: Event, link: str, lines: _Lines) -> Problem:
        """A link to a `.md` file that has no page here, at its line."""
        file = linked_file(event.path, link)
        assert file is not None  # as `_leads_nowhere` found
        if file.startswith(f"{CONTENT}/") and (self._root / file).is_file():
            where = f" in the {self._tree[:-1]} pages" if self._tree else ""
            message = (
                f"leads to {file}, which has no page{where}: only an event's file can be "
                "linked, and a draft has a page only with --drafts"
            )
        else:
            message = (
                f"leads to {file}, which is not there; name an event's file from this file's "
                f"folder (x.md, ../visits/x.md) or from {CONTENT}/ (/meetings/x.md)"
            )
        return Problem(event.path, lines.of(link), "body", one_line(f'link "{link}" {message}'))


def named_files(body: str) -> tuple[str, ...]:
    """Every word of a body that names a `.md` file as a link's address may (`x.md`,
    `../visits/x.md#part`), once each, in order: the links among them, and mentions."""
    if FILE_SUFFIX not in body:  # most bodies: one pass in C
        return ()
    return tuple(dict.fromkeys(word for word, _ in _named_words(body)))


def _named_words(body: str) -> Iterator[tuple[str, int]]:
    """Each word of `body` that names a `.md` file, with where it starts. Each stretch of the
    body is looked at once or twice, however long its words and many its `.md`s."""
    end = 0
    while (found := body.find(FILE_SUFFIX, end)) >= 0:
        start = max(end, *(body.rfind(mark, end, found) + 1 for mark in _AROUND))
        stop = _WORD_END.search(body, found)
        end = len(body) if stop is None else stop.start()
        word = body[start:end].rstrip(_SENTENCE_END)
        if _names_a_file(word):
            yield word, start


def _names_a_file(word: str) -> bool:
    """Whether a word, as a link's address, names a `.md` file (on this site or another)."""
    try:
        path = urlsplit(word).path
    except ValueError:  # no address at all (`//[x.md`)
        return False
    return unquote(path).endswith(FILE_SUFFIX)


def linked_file(source: str, written: str) -> str | None:
    """The file, from the site's root, that a link written in the file `source` names when it
    names a `.md` file: from `source`'s folder (`x.md`, `../visits/x.md`), or from `content/`
    when it starts with `/`. None for any other link (`https:`, `mailto:`, `x.pdf`, `#part`)."""
    try:
        parts = urlsplit(written)
    except ValueError:  # not an address at all (`//[x.md`)
        return None
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path.endswith(FILE_SUFFIX):
        return None
    if path.startswith("/"):
        return posixpath.normpath(f"{CONTENT}{path}")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def pages_by_file(events: Sequence[Event], translation_endings: Sequence[str]) -> dict[str, str]:
    """Each event's page (its url_path) by its file; a translation's by its original's file
    too, which is what a link in any language names."""
    pages = {event.path: event.url_path for event in events}
    endings = tuple(translation_endings)
    if endings:  # a site in several languages
        for event in events:
            if event.path.lower().endswith(endings):  # `x.zh.md`, translating `x.md`
                original = event.path.rpartition(".")[0].rpartition(".")[0] + FILE_SUFFIX
                pages.setdefault(original, event.url_path)
    return pages


class _Lines:
    """Where the links of an event's body are, as lines of its file (below `root`), found in
    one pass over the body however many links it has."""

    def __init__(self, event: Event, root: Path) -> None:
        body = event.body
        self._start = body_start(root / event.path, body)
        self._newlines = [newline.start() for newline in re.finditer("\n", body)]
        self._at: dict[str, int] = {}  # each word's first place as a link's address
        written: dict[str, int] = {}  # and its first place at all
        for word, at in _named_words(body):
            written.setdefault(word, at)
            if at > 0 and body[at - 1] in _BEFORE_ADDRESS:
                self._at.setdefault(word, at)
        self._at = {**written, **self._at}

    def of(self, link: str) -> int | None:
        """The line where the link's address is first written as a link's (after `(`, `<`, a
        quote or a space), else where it is first written at all; the body's first line when
        it is nowhere as written (spelt with escapes). None when the file has changed since
        it was read."""
        if self._start is None:
            return None
        return self._start + bisect.bisect_left(self._newlines, self._at.get(link, 0))
