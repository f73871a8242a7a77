"""The search index: a small JSON file the timeline page's search box loads on first use.

For a site of a few hundred events this is smaller and simpler than a general engine:
the shipped site's index is a few kilobytes, and matching runs in the browser.
"""

from __future__ import annotations

import json
import re

from site_builder.dates import human_span
from site_builder.memo import NoMemo, PerEvent
from site_builder.model import Event
from site_builder.timeline import Timeline
from site_builder.urls import Urls

_MARKUP = re.compile(r"<[^>]+>|!?\[([^\]]*)\]\([^)]*\)|[*_`#>]+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def plain_text(markdown: str) -> str:
    """A body's words without Markdown or HTML markup: links keep their text."""
    return _SPACE.sub(" ", _MARKUP.sub(lambda match: match.group(1) or " ", markdown)).strip()


def _searched_text(event: Event) -> str:
    """Participants, topics, occasion and body: what a result is found by beyond its title.

    Each word once, in lower case: searching needs no more, and the index stays small.
    """
    parts = [
        *(" ".join(filter(None, (p.name, p.role, p.country))) for p in event.participants),
        *(topic.name for topic in event.topics),
        event.occasion or "",
        plain_text(event.body),
    ]
    words = _WORD.findall(" ".join(parts).lower())
    return " ".join(dict.fromkeys(words))


def search_index(timeline: Timeline, urls: Urls, memo: PerEvent | None = None) -> str:
    """One record per event: what is shown in a result, and the text searched."""
    keep = memo or NoMemo()
    records = [keep.get("search", e, lambda e: _record(e, urls)) for e in timeline.events]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"))


def _record(event: Event, urls: Urls) -> dict[str, str]:
    return {
        "url": urls.path(event.url_path),
        "title": event.title,
        "date": human_span(event.date, event.end_date),
        "kind": event.kind.label,
        "place": str(event.location) if event.location else "",
        "summary": event.summary or "",
        "text": _searched_text(event),
    }
