"""Which pages each of a site's languages has, for the links between their versions: the
`<link rel="alternate" hreflang>` of every page and the sitemaps, and the language switcher.

A page's versions are the pages at the same address below each language's root: an event
keeps its address in every language, so its translations are found by it; a page that
another language does not have (a topic named otherwise there) leads to that language's
home instead, and the switcher says so.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from site_builder.incremental.cache import cache_key


@dataclass(frozen=True)
class Version:
    """The page in another language, or that language's home when it has no such page."""

    language: str
    name: str  # the language's name, in itself: "中文", "Русский"
    href: str
    translated: bool  # whether `href` is this very page in that language


@dataclass(frozen=True)
class SiteLanguages:
    """The site's languages with their roots (its own first), and the addresses below each
    root of the pages made in that language."""

    roots: tuple[tuple[str, str], ...]  # (language, absolute address of its root)
    addresses: Mapping[str, frozenset[str]]

    @functools.cached_property
    def key(self) -> str:
        """Names what every page's links to its versions are made from: "" for one language."""
        if len(self.roots) < 2:
            return ""
        sets = (f"{lang}\0" + "\0".join(sorted(self.addresses[lang])) for lang, _ in self.roots)
        return cache_key("languages", repr(self.roots), *sets)

    def alternates(self, page_url: str) -> list[tuple[str, str]]:
        """The page's versions, its own included, as (hreflang, absolute address), and the
        `x-default`: the site's own language's, when it has the page. None for one language."""
        if len(self.roots) < 2:
            return []
        found = [(lang, root + page_url) for lang, root in self.roots if self._has(lang, page_url)]
        if len(found) < 2:
            return []
        own, own_root = self.roots[0]
        if self._has(own, page_url):
            found.append(("x-default", own_root + page_url))
        return found

    def versions(self, language: str, page_url: str) -> list[Version]:
        """The page in each of the other languages, for the switcher: addresses within the
        site, as its other links are (a preview serves it elsewhere)."""
        versions = []
        for lang, root in self.roots:
            if lang != language:
                home = urlsplit(root).path
                there = self._has(lang, page_url)
                versions.append(
                    Version(lang, language_name(lang), home + page_url if there else home, there)
                )
        return versions

    def _has(self, language: str, page_url: str) -> bool:
        return page_url in self.addresses.get(language, ())


@functools.cache
def language_name(tag: str) -> str:
    """A language's name in that language, as a reader of it looks for it: "Русский"."""
    try:
        name = Locale.parse(tag.replace("-", "_")).display_name
    except (ValueError, UnknownLocaleError):
        return tag
    return (name[:1].upper() + name[1:]) if name else tag


ONE_LANGUAGE = SiteLanguages((), {})
