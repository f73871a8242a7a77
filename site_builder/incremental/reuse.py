"""What one build keeps for the next, behind the few calls the pipeline makes: the content
(`ContentReuse`) and the timeline (`TimelineReuse`). The renderer keeps its own pages and
per-event parts with `memo.py` and `cache.py`."""

from __future__ import annotations

import operator
import pickle
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.content.loader import Content
from site_builder.content.places import place_warnings
from site_builder.incremental.cache import CACHE_FOLDER, Store, generator_fingerprint, retire
from site_builder.incremental.content import (
    PARSED_STORE,
    STATUS_STORE,
    ContentReuse,
    ContentStats,
    Scan,
)
from site_builder.incremental.memo import same_where_replaced
from site_builder.incremental.timeline import TimelineReuse
from site_builder.model import gazetteer
from site_builder.model.records import Event, Forum, Person
from site_builder.model.timeline import Timeline

OUTCOMES_STORE = "builds"  # in .cache/: what each build made, by a key of all it read
PLACES_STORE = "places"  # in .cache/: the gazetteer's answers (a row, under the generator's key)
_PLACED = operator.attrgetter("location", "coordinates")
RETIRED_STORES = ("events",)  # the parsed files, a row each, before `kept_parses.py`


@dataclass(frozen=True)
class Outcome:
    """What a build made, by a key of everything it was made from (the content, the config,
    the templates, the static files, the options, the generator): a build with the same key
    makes the same output, so one that finds it in its output folder need make nothing."""

    events: int
    pages: int
    files: int
    warnings: tuple[str, ...]


def _unpickled_outcome(value: bytes) -> Outcome:
    outcome = pickle.loads(value)
    if not isinstance(outcome, Outcome):
        raise TypeError("not an outcome")  # the store holds only what remember_outcome put
    return outcome


def _places_key() -> str:
    return generator_fingerprint()  # the gazetteer's data is a library's: its version is in it


def _unpickled_places(value: bytes) -> dict[tuple[str, str], gazetteer.Coordinates | None]:
    answers = pickle.loads(value)
    if not isinstance(answers, dict):
        raise TypeError("not the gazetteer's answers")  # the store holds only what we put
    return answers


@dataclass(frozen=True)
class ReuseStats:
    """What the last build reused: how its content was read, and whether its timeline was
    the one before with edited events replaced."""

    content: ContentStats
    timeline_patched: bool


class Reuse:
    """The content and timeline of builds that follow one another, each made from what the
    last build made when the changes since allow it."""

    def __init__(self, root: Path, include_drafts: bool) -> None:
        folder = root / CACHE_FOLDER
        for name in RETIRED_STORES:
            retire(folder, name)
        self._content = ContentReuse(Store(folder, PARSED_STORE), Store(folder, STATUS_STORE))
        self._timeline = TimelineReuse(include_drafts)
        self._outcomes = Store(root / CACHE_FOLDER, OUTCOMES_STORE)
        self._places = Store(root / CACHE_FOLDER, PLACES_STORE)
        self._places_kept: int | None = None  # how many answers `.cache/` holds, once read
        self._edited: set[str] | None = None  # the event files changed since content was read
        # The events and config `place_warnings` last looked at, when it found nothing to say.
        self._placed_well: tuple[Sequence[Event], SiteConfig | None] = ((), None)

    def changed(self, edited: Collection[str] | None) -> None:
        """Before a build: the event files changed since the last (as `content/...`), or
        None when other files may have changed too. Kept until a build reads the content,
        so that a build that fails before it does not lose them."""
        if edited is None or self._edited is None:
            self._edited = None
        else:
            self._edited.update(edited)

    def came_and_went(self, path: str) -> bool:
        """Whether a changed path is a file made and gone since the last build read the
        content (see `ContentReuse.came_and_went`)."""
        return self._content.came_and_went(path)

    def scan(self, config: SiteConfig) -> Scan:
        """What the content will be read from (see `ContentReuse.scan`); its `key` names it."""
        edited, self._edited = self._edited, set()
        return self._content.scan(config, edited)

    def content(self, scan: Scan) -> Content:
        """Every event, as `load_content` reads them; raises SiteError as it does. The
        gazetteer is given the answers kept by the last build, for the map and its warnings."""
        if self._places_kept is None:
            kept = self._places.get_many({PLACES_STORE: _places_key()}, _unpickled_places)
            known = kept.get(PLACES_STORE, {})
            gazetteer.remember(known)
            self._places_kept = len(known)
        return self._content.load(scan)

    @property
    def parsed_events(self) -> tuple[Event, ...]:
        """The last content's events as their files hold them (see `ContentReuse`)."""
        return self._content.parsed_events

    def keep_places(self) -> None:
        """After a build: keep the gazetteer's answers, when it found new ones."""
        answers = gazetteer.answers()
        if self._places_kept is not None and len(answers) > self._places_kept:
            self._places.put_many([(PLACES_STORE, _places_key(), pickle.dumps(answers))])
            self._places_kept = len(answers)

    def place_warnings(self, events: Sequence[Event], config: SiteConfig) -> list[str]:
        """`place_warnings`, looked for again unless the last found none, with the same config,
        in events whose places and coordinates are as they were: a preview's edit of a title
        or a body asks nothing of the gazetteer (a pass over 10,000 events at every save)."""
        last_events, last_config = self._placed_well
        if config == last_config and same_where_replaced(last_events, events, _PLACED):
            warnings: list[str] = []
        else:
            warnings = place_warnings(events, config)
        self._placed_well = ((), None) if warnings else (events, config)
        return warnings

    def outcome_of(self, key: str) -> Outcome | None:
        """What the build of `key` (see `Outcome`) made, when it was built here before."""
        return self._outcomes.get_many({key: key}, _unpickled_outcome).get(key)

    def remember_outcome(self, key: str, outcome: Outcome) -> None:
        self._outcomes.put_many([(key, key, pickle.dumps(outcome))])

    def timeline(
        self,
        events: tuple[Event, ...],
        page_size: int,
        people: tuple[Person, ...] = (),
        forums: tuple[Forum, ...] = (),
    ) -> Timeline:
        """The timeline of `events`, as `build_timeline` makes it."""
        return self._timeline.timeline(events, page_size, people, forums)

    def damage_warnings(self) -> tuple[str, ...]:
        """A warning for a store found damaged by the last build, for that build alone."""
        return self._content.damage_warnings()

    @property
    def source_keys(self) -> Mapping[str, str]:
        """By event path, a key for the bytes the event was read from, to store pages by."""
        return self._content.source_keys

    @property
    def stats(self) -> ReuseStats:
        return ReuseStats(self._content.stats, self._timeline.patched)
