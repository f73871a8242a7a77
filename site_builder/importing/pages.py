"""Web pages saved from a browser, read with trafilatura: the main text without the
navigation, comments and footers, the title, the date (htmldate's, which trafilatura uses),
the site's name and the page's own address.

trafilatura is imported on first use: `build` never needs it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from site_builder.importing.dates import Moment, parse_moment

# Where pages give the publication's time, which htmldate leaves out.
_TIME_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate' or @name='publishdate' or @name='publish-date']/@content",
    "//time[@datetime]/@datetime",
)


@dataclass(frozen=True)
class SavedPage:
    """What a saved page holds of the article."""

    title: str | None
    published: Moment | None
    site_name: str | None
    url: str | None
    text: str


def read_saved_page(html: bytes) -> SavedPage | None:
    """The article in a saved page, or None when there is no main text to be found. The
    page is given as bytes: trafilatura reads its encoding from the page (`<meta charset>`),
    as a browser does, so a page saved as windows-1251 or GBK reads as well as UTF-8."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        return None
    fields: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    text = fields.get("text") or ""
    if not text.strip():
        return None
    day = _iso_day(fields.get("date"))
    return SavedPage(
        title=fields.get("title") or None,
        published=_with_time(html, day) if day else None,
        site_name=fields.get("sitename") or None,
        url=_web_address(fields.get("url")),
        text=text,
    )


def _iso_day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _with_time(html: bytes, day: dt.date) -> Moment:
    """The publication's date and time when the page states the time for that day."""
    lxml_html: Any = importlib.import_module("lxml.html")
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError):
        return day
    stated = [str(value) for xpath in _TIME_XPATHS for value in tree.xpath(xpath)]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        stated += _json_ld_dates(str(script))
    for value in stated:
        moment = parse_moment(value)
        if isinstance(moment, dt.datetime) and moment.date() == day:
            return moment
    return day


def _json_ld_dates(script: str) -> list[str]:
    """Every `datePublished` in a page's JSON-LD, however nested (`@graph` and lists)."""
    try:
        data = json.loads(script)
    except ValueError:
        return []
    found: list[str] = []
    stack: list[object] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                found.append(item["datePublished"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _web_address(url: object) -> str | None:
    """Only a plain http(s) address becomes a source's `url`."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in " <>\"'"):
        return None
    return url.strip()
