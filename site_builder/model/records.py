"""The typed records a site is made of: kinds, places, people, sources and events."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A kind of event the site declares, such as a meeting or a phone call."""

    slug: str
    label: str
    in_person: bool


@dataclass(frozen=True)
class Place:
    city: str
    country: str

    def __str__(self) -> str:
        return f"{self.city}, {self.country}"


@dataclass(frozen=True)
class Participant:
    name: str
    role: str | None
    country: str | None


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str


@dataclass(frozen=True)
class Source:
    """Where the facts of an event come from; `published` is None when not known."""

    outlet: str
    title: str
    published: dt.date | dt.datetime | None
    url: str | None


@dataclass(frozen=True)
class Event:
    """One validated event file."""

    path: str
    section: str
    slug: str
    title: str
    date: dt.date
    end_date: dt.date | None
    kind: Kind
    location: Place | None
    participants: tuple[Participant, ...]
    occasion: str | None
    topics: tuple[Topic, ...]
    summary: str | None
    sources: tuple[Source, ...]
    draft: bool
    body: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    coordinates: tuple[float, float] | None = None

    @functools.cached_property
    def url_path(self) -> str:
        """The page's path below the site's base, e.g. `meetings/jakarta-2023/`."""
        return f"{self.section}/{self.slug}/"

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.date
