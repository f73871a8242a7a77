"""schema.org data about events and people, for search engines (JSON-LD in each event's and
person's page)."""

from __future__ import annotations

from typing import Any

from site_builder.model.records import Event, Participant, Person
from site_builder.model.urls import Urls

SCHEMA = "https://schema.org"
WIKIDATA = "https://www.wikidata.org/wiki/"


def event_json_ld(event: Event, urls: Urls) -> dict[str, Any]:
    """A schema.org `Event`: a `Place` for meetings, a `VirtualLocation` for calls."""
    page = urls.absolute(event.url_path)
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "startDate": event.date.isoformat(),
        "endDate": event.last_date.isoformat(),
        "url": page,
        "eventAttendanceMode": f"{SCHEMA}/"
        + ("OfflineEventAttendanceMode" if event.location else "OnlineEventAttendanceMode"),
        "location": _location(event, page),
    }
    if event.summary:
        data["description"] = event.summary
    if event.participants:
        data["attendee"] = [_person(participant) for participant in event.participants]
    if event.pictures:
        data["image"] = [urls.asset(made.fallback) for made in event.pictures]
    return data


def _location(event: Event, page: str) -> dict[str, Any]:
    if event.location is None:
        return {"@type": "VirtualLocation", "name": event.kind.label, "url": page}
    return {
        "@type": "Place",
        "name": str(event.location),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": event.location.city,
            "addressCountry": event.location.country,
        },
    }


def _person(participant: Participant) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": participant.name}
    if participant.role:
        person["jobTitle"] = participant.role
    if participant.country:
        person["nationality"] = {"@type": "Country", "name": participant.country}
    return person


def person_json_ld(person: Person, urls: Urls) -> dict[str, Any]:
    """A schema.org `Person`: the names, the latest title, the Wikidata item as `sameAs`,
    and the picture."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": person.name,
        "url": urls.absolute(f"people/{person.slug}/"),
    }
    if person.aliases:
        data["alternateName"] = list(person.aliases)
    if person.roles:
        data["jobTitle"] = person.roles[-1].title
    if person.country:
        data["nationality"] = {"@type": "Country", "name": person.country}
    if person.wikidata:
        data["sameAs"] = [WIKIDATA + person.wikidata]
    if person.picture:
        data["image"] = urls.asset(person.picture.fallback)
    return data
