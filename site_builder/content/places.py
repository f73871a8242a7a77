"""Places the map cannot show, or shows twice: an event whose place is not in `site.yaml`'s
`places`, has no `coordinates` of its own and is not a city the gazetteer knows is a warning at
its line, so that no event drops off the map without a word; so is a city written two ways,
whether the gazetteer finds both spellings to be one city (`Kiev`, `Kyiv`) or knows one of
them not at all and the two are written alike (`Vientianne`, `Vientiane`: see `variants.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.config import SiteConfig
from site_builder.content.names import name_key
from site_builder.content.variants import likely_same
from site_builder.model.gazetteer import locate_all, place_key
from site_builder.model.records import Event, Place
from site_builder.problems import SiteError
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import load_yaml, one_line


def place_warnings(events: Iterable[Event], config: SiteConfig) -> list[str]:
    """A warning for each event whose place the map cannot find, and for each place written
    two ways that the gazetteer finds to be one city (`Kiev`, `Kyiv`): the map would show it
    twice, and the place filter would split its events.

    Runs at every preview rebuild: each place is looked at once, not once per event."""
    events = list(events)
    first_of: dict[Place, Event] = {}  # each place the gazetteer is asked, by its first event
    for event in events:
        if event.location is not None and not event.coordinates:
            first_of.setdefault(event.location, event)
    unlisted = [place for place in first_of if str(place) not in config.places]
    found = locate_all((place.city, place.country) for place in unlisted)
    unknown: set[Place] = set()
    spelt_again: dict[int, Event] = {}  # by a spelling's first event (its id): the city's first
    first_at: dict[tuple[float, float], Event] = {}
    for place in unlisted:
        spot = found[place_key(place.city, place.country)]
        if spot is None:
            unknown.add(place)
            continue
        first = first_at.setdefault(spot, first_of[place])
        if first is not first_of[place]:
            spelt_again[id(first_of[place])] = first
    warnings: list[str] = []
    if not (unknown or spelt_again):  # the usual case, at once
        return warnings
    first_anywhere: dict[Place, Event] = {}  # each place, by its first event
    for event in events:
        if event.location is not None:
            first_anywhere.setdefault(event.location, event)
    written_alike = _written_alike(unknown, first_anywhere) if unknown else {}
    for event in events:
        if event.location in unknown and not event.coordinates:
            written = f'"{one_line(str(event.location))}"'
            alike = written_alike.get(id(event))
            if alike is not None:
                message = (
                    f'{written} is not a city the map knows, and is likely "{one_line(str(alike))}"'
                    f" (in {_where(config, first_anywhere[alike])}) written another way: write "
                    "it one way, or give its [latitude, longitude] in site.yaml's places"
                )
                warnings.append(_warning(config, event, message))
                continue
            message = (
                "is not a city the map knows; give its [latitude, longitude] in site.yaml's places"
            )
            warnings.append(_warning(config, event, f"{written} {message}"))
        elif id(event) in spelt_again:
            first = spelt_again[id(event)]
            message = (
                f'"{one_line(str(event.location))}" is the city written '
                f'"{one_line(str(first.location))}" in {_where(config, first)}; '
                "write it one way, or the map shows it twice"
            )
            warnings.append(_warning(config, event, message))
    return warnings


def _written_alike(unknown: set[Place], first_anywhere: dict[Place, Event]) -> dict[int, Place]:
    """For the first event of each unknown place (by its id), another place of the same
    country written alike (see `variants.likely_same`): one the map knows, or an unknown one
    written first (so that two unknown places make one warning, at the later)."""
    order = {place: at for at, place in enumerate(first_anywhere)}
    by_country: dict[str, list[Place]] = {}
    for place in first_anywhere:
        by_country.setdefault(name_key(place.country), []).append(place)
    alike: dict[int, Place] = {}
    for place in unknown:
        for other in by_country[name_key(place.country)]:
            known_or_first = other not in unknown or order[other] < order[place]
            if other != place and known_or_first and likely_same(other.city, place.city):
                alike[id(first_anywhere[place])] = other
                break
    return alike


def _warning(config: SiteConfig, event: Event, message: str) -> str:
    return f"{_where(config, event)}: location: {message}"


def _where(config: SiteConfig, event: Event) -> str:
    """The event's file, with the line of its `location` when it can be read again."""
    line = _location_line(config, event.path)
    return event.path if line is None else f"{event.path}:{line}"


def _location_line(config: SiteConfig, path: str) -> int | None:
    """The line of the event file's `location`, read again: only a warning needs it."""
    try:
        text = decode_utf8((config.root / path).read_bytes(), path)
        split = split_front_matter(text, path)
        return load_yaml(split.front, path, split.front_line).line_of(("location",))
    except (OSError, SiteError):  # changed since it was read: the warning names the file
        return None
