"""The typed records a site is made of: kinds, places, people, forums, sources and events."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from site_builder.model.dates import When


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
    """Someone who took part in an event. `person` is the slug of the person file the name
    was found in (by name, alias or slug), None when no file names them; then `name`,
    `role` and `country` are as the event gives them."""

    name: str
    role: str | None
    country: str | None
    person: str | None = None


@dataclass(frozen=True)
class Role:
    """A title a person held, from `start` to `end`, both days included. `start` is None
    for a first role held since before anything the site records; `end` is None for a
    title still held."""

    title: str
    start: dt.date | None
    end: dt.date | None

    def holds_on(self, day: int) -> bool:
        """Whether the role was held on the day of number `day` (see `When.first_day`)."""
        start, end = self.start, self.end
        return (start is None or start.toordinal() <= day) and (
            end is None or day <= end.toordinal()
        )


@dataclass(frozen=True)
class Person:
    """One person file (`content/people/<slug>.md`): the names that lead to it, the roles
    over time (in order, none overlapping), and a Markdown bio."""

    path: str
    slug: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    wikidata: str | None
    image: Image | None
    roles: tuple[Role, ...]
    bio: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    picture: Picture | None = None  # the image made ready for the pages, once it is made

    def role_on(self, day: int) -> Role | None:
        """The role held on the day of number `day`, if any: the roles never overlap, so there
        is one at most. An event of a month or a year is taken on its first day."""
        return next((role for role in self.roles if role.holds_on(day)), None)


@dataclass(frozen=True)
class Forum:
    """One forum file (`content/forums/<slug>.md`): a recurring meeting, such as a series of
    summits, that an event's `occasion` names by name, alias or slug; with a Markdown
    description."""

    path: str
    slug: str
    name: str
    aliases: tuple[str, ...]
    wikidata: str | None
    description: str
    extra: Mapping[str, Any] = field(default_factory=dict)


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
class Image:
    """A picture an event or a person shows, as its front matter names it: `src` is a file
    beside the content file (`jakarta.jpg`, `pictures/jakarta.jpg`) or in the site's
    `static/` (`/images/jakarta.jpg`); `alt` says what it shows to whoever cannot see it."""

    src: str
    alt: str
    credit: str
    caption: str | None = None
    license: str | None = None


@dataclass(frozen=True)
class Picture:
    """An image made ready for the pages: its size, and the files made of it in the output
    folder (`images/...`): WebP at each width, smallest first, for `srcset`, and `fallback`,
    a JPEG (a PNG where it has transparency) for browsers and link previews that take no WebP."""

    image: Image
    width: int
    height: int
    sources: tuple[tuple[str, int], ...]
    fallback: str


@dataclass(frozen=True)
class Event:
    """One validated event file."""

    path: str
    section: str
    slug: str
    title: str
    date: When
    end_date: When | None
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
    forum: str | None = None  # the slug of the forum file its `occasion` names, if any
    # The language its text is in, where it is shown in another language's pages untranslated;
    # None in its own language's.
    text_language: str | None = None
    # The language of its sources' titles and outlets, where they are another's than the
    # text's: a translation's that it takes from the original.
    sources_language: str | None = None
    images: tuple[Image, ...] = ()
    # The images made ready for the pages, in the same order: set once they are made.
    pictures: tuple[Picture, ...] = ()

    @functools.cached_property
    def url_path(self) -> str:
        """The page's path below the site's base, e.g. `meetings/jakarta-2023/`."""
        return f"{self.section}/{self.slug}/"

    @property
    def last_date(self) -> When:
        return self.end_date or self.date
