"""Places the map cannot show: an event whose place is not in `site.yaml`'s `places`, has no
`coordinates` of its own and is not a city the gazetteer knows is a warning at its line, so
that no event drops off the map without a word."""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.config import SiteConfig
from site_builder.model.gazetteer import locate_all, place_key
from site_builder.model.records import Event
from site_builder.problems import SiteError
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import load_yaml, one_line


def unlocated_place_warnings(events: Iterable[Event], config: SiteConfig) -> list[str]:
    """A warning for each event whose place the map cannot find."""
    unlisted = [
        (event, event.location)
        for event in events
        if event.location and not event.coordinates and str(event.location) not in config.places
    ]
    found = locate_all((place.city, place.country) for _, place in unlisted if place)
    warnings = []
    for event, place in unlisted:
        if place is None or found[place_key(place.city, place.country)] is not None:
            continue
        line = _location_line(config, event.path)
        where = event.path if line is None else f"{event.path}:{line}"
        message = (
            f'"{one_line(str(place))}" is not a city the map knows; give its '
            "[latitude, longitude] in site.yaml's places"
        )
        warnings.append(f"{where}: location: {message}")
    return warnings


def _location_line(config: SiteConfig, path: str) -> int | None:
    """The line of the event file's `location`, read again: only a warning needs it."""
    try:
        text = decode_utf8((config.root / path).read_bytes(), path)
        split = split_front_matter(text, path)
        return load_yaml(split.front, path, split.front_line).line_of(("location",))
    except (OSError, SiteError):  # changed since it was read: the warning names the file
        return None
