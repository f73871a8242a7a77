"""The search index: a small JSON file the timeline page's search box loads on first use.

For a site of a few hundred events this is smaller and simpler than a general engine:
the shipped site's index is a few kilobytes, and matching runs in the browser. A result's
date is worded in the interface's language, by the words the renderer hands down.

The index keeps each event's words in lower case, split at whatever is not a letter or
digit, in any script. `static/js/timeline.js` finds each word of a query anywhere in them,
within a longer word too, so scripts written without spaces need no dictionary to split
their words: Chinese text is searched by its characters, any run of them ("拉夫罗夫" finds
"王毅同拉夫罗夫举行会谈"), which is what indexing by characters or by pairs of them gives an
engine that matches whole words, without making the index larger. Cyrillic and Greek words
match whatever their case, as Latin ones do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Protocol

from site_builder.model.dates import When
from site_builder.model.records import Event
from site_builder.model.timeline import page_links
from site_builder.model.urls import Urls

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: Markdown's `_` and `*` part words
# The same for ASCII text, by bytes: each byte that is not a letter or digit becomes a space.
_ASCII_WORD_BYTES = bytes(byte if chr(byte).isalnum() else 32 for byte in range(128)) + bytes(
    [32] * 128
)


class SpanWords(Protocol):
    """How the index words an event's days: `render.words.Words.span`."""

    def span(self, start: When, end: When | None) -> str: ...


def words(text: str) -> list[str]:
    """The runs of letters and digits in `text`, in lower case. ASCII text, most of it, is
    split by bytes, five times faster than with the pattern (a body of 450 words: 150 µs)."""
    if text.isascii():
        return text.lower().encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(text.lower())


def body_words(markdown: str) -> list[str]:
    """A body's words in lower case, without Markdown or HTML markup: links keep their text.

    Runs on every body of the site, so each pattern runs only where its markup is.
    """
    text = _LINK_TARGET.sub("] ", markdown) if "](" in markdown else markdown
    text = _TAG.sub(" ", text) if "<" in text else text
    return words(text)


def _searched_text(event: Event) -> str:
    """Participants, topics, occasion and body: what a result is found by beyond its title.

    Each word once, in lower case: searching needs no more, and the index stays small.
    """
    parts = [
        *(" ".join(filter(None, (p.name, p.role, p.country))) for p in event.participants),
        *(topic.name for topic in event.topics),
        event.occasion or "",
    ]
    return " ".join(dict.fromkeys(words(" ".join(parts)) + body_words(event.body)))


def search_index_of(records: Sequence[bytes]) -> bytes:
    """The index: each event's `search_record`, in order."""
    return b"".join((b"[", b",".join(records), b"]"))


def search_record(event: Event, urls: Urls, words: SpanWords) -> bytes:
    """The event's record, as JSON in UTF-8: the index is joined from records as bytes,
    not encoded again (at 10,000 events, 8 MB at every preview rebuild)."""
    record = json.dumps(_record(event, urls, words), ensure_ascii=False, separators=(",", ":"))
    return record.encode("utf-8")


def _record(event: Event, urls: Urls, words: SpanWords) -> dict[str, object]:
    """What a result shows and is found by; `links` (the pages of the event's people, place
    and forum, as name and address) only where there are any, to keep the index small."""
    record: dict[str, object] = {
        "url": urls.path(event.url_path),
        "title": event.title,
        "date": words.span(event.date, event.end_date),
        "kind": event.kind.label,
        "place": str(event.location) if event.location else "",
        "summary": event.summary or "",
        "text": _searched_text(event),
    }
    if links := [[name, urls.path(path)] for name, path in page_links(event)]:
        record["links"] = links
    return record
