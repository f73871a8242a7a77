"""The site's people and forums, and events resolved against them.

A participant whose name is a person's name, alias or slug (compared as `name_key` does: case,
accents, spacing and script aside) becomes that person: the person's name, slug and, where the
event leaves them out, country and the title of the role held on the event's date. An
occasion that is a forum's name, alias or slug becomes that forum: its name and slug. Names
that find nothing are kept as written: the site works as it did without these files.

Resolution runs after every event file is read and checked (content -> model): an edit of a
person or forum file resolves the events again without parsing them again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from site_builder.content.lines import FieldLines
from site_builder.content.names import NameIndex
from site_builder.model.records import Event, Forum, Participant, Person
from site_builder.problems import Problem
from site_builder.reading.yamldoc import FieldPath, field_name, one_line

# Where a name of a record is written in its file; None for its slug, the file's name.
NameAt = FieldPath | None


@dataclass(frozen=True)
class Directory:
    """The people and forums of a site, in the order of their files."""

    people: tuple[Person, ...] = ()
    forums: tuple[Forum, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.people or self.forums)

    @functools.cached_property
    def _people(self) -> NameIndex[Person]:
        index: NameIndex[Person] = NameIndex()
        for person in self.people:
            index.add(person, [person.name, *person.aliases, person.slug])
        return index

    @functools.cached_property
    def _forums(self) -> NameIndex[Forum]:
        index: NameIndex[Forum] = NameIndex()
        for forum in self.forums:
            index.add(forum, [forum.name, *forum.aliases, forum.slug])
        return index

    def person_named(self, name: str) -> Person | None:
        return self._people.find(name)

    @functools.cached_property
    def _participants(self) -> dict[tuple[Participant, str | None], Participant]:
        return {}

    def as_person(self, participant: Participant, person: Person, role: str | None) -> Participant:
        """The participant as `person` with `role`, made once for all the events that name
        them so (most events name the same few people)."""
        key = (participant, role)
        made = self._participants.get(key)
        if made is None:
            country = participant.country or person.country
            made = self._participants[key] = Participant(person.name, role, country, person.slug)
        return made

    def forum_named(self, name: str) -> Forum | None:
        return self._forums.find(name)

    def problems(self, lines: FieldLines) -> list[Problem]:
        """A name, alias or slug that two people (or two forums) claim: it could lead to
        either, so it is a problem in the file that claims it second."""
        people = [(claim.name, claim.first, claim.second) for claim in self._people.clashes]
        forums = [(claim.name, claim.first, claim.second) for claim in self._forums.clashes]
        return [
            *(_clash_problem("person", *clash, lines) for clash in people),
            *(_clash_problem("forum", *clash, lines) for clash in forums),
        ]


NO_DIRECTORY = Directory()


def _clash_problem(
    kind: str, name: str, first: Person | Forum, second: Person | Forum, lines: FieldLines
) -> Problem:
    at = _name_field(second, name)
    message = (
        f'"{one_line(name)}" is also a name of the {kind} in {first.path}; '
        f"a name may lead to one {kind} only: remove it from one of the files"
    )
    line = lines.line(second.path, at or ())
    return Problem(second.path, line, None if at is None else field_name(at), message)


def _name_field(record: Person | Forum, name: str) -> NameAt:
    if name == record.name:
        return ("name",)
    if name in record.aliases:
        return ("aliases", record.aliases.index(name))
    return None


@dataclass(frozen=True)
class Unmatched:
    """A participant whose name is no person's, on a site with person files."""

    index: int
    name: str


@dataclass(frozen=True)
class NoRole:
    """A participant without a role of its own, whose person held none on the day."""

    index: int
    person: Person


@dataclass(frozen=True)
class Twice:
    """A participant that is a person the event names already."""

    index: int
    name: str  # as the event writes it
    first: int
    person: Person


Note = Unmatched | NoRole | Twice


@dataclass(frozen=True)
class Resolution:
    """Events resolved against a directory, in their order, and what to warn of about the
    names of those that have anything to warn of, by path."""

    events: tuple[Event, ...]
    notes: Mapping[str, tuple[Note, ...]]


Resolver = Callable[[Event], tuple[Event, tuple[Note, ...]]]


def resolve_all(
    events: Iterable[Event], directory: Directory, resolver: Resolver | None = None
) -> Resolution:
    """Every event resolved against the directory, by `resolver` when given (one that
    keeps what it resolved, see `incremental/content.py`), else by `resolve`."""
    if not directory:  # a site without person or forum files: its events as they are
        return Resolution(tuple(events), {})
    resolved, notes = [], {}
    for event in events:
        new, event_notes = resolve(event, directory) if resolver is None else resolver(event)
        resolved.append(new)
        if event_notes:
            notes[event.path] = event_notes
    return Resolution(tuple(resolved), notes)


def resolve(event: Event, directory: Directory) -> tuple[Event, tuple[Note, ...]]:
    """The event with its participants and occasion found in the directory, where they are,
    and what to warn of. An event that names no one and nothing there is returned as it is
    (the very object)."""
    if not directory:
        return event, ()
    notes: list[Note] = []
    participants = _participants(event, directory, notes)
    forum = directory.forum_named(event.occasion) if event.occasion else None
    occasion, slug = (event.occasion, event.forum) if forum is None else (forum.name, forum.slug)
    same = (participants, occasion, slug) == (event.participants, event.occasion, event.forum)
    return (event if same else _replaced(event, participants, occasion, slug)), tuple(notes)


def _replaced(
    event: Event, participants: tuple[Participant, ...], occasion: str | None, forum: str | None
) -> Event:
    """`dataclasses.replace`, without running every field through the frozen `__init__`
    again: 6 µs an event, 60 ms of a preview's rebuild at 10,000 events; this is a tenth."""
    replaced = object.__new__(Event)
    replaced.__dict__.update(event.__dict__)  # the fields, and `url_path` when worked out
    replaced.__dict__.update(participants=participants, occasion=occasion, forum=forum)
    return replaced


def _participants(event: Event, directory: Directory, notes: list[Note]) -> tuple[Participant, ...]:
    participants = []
    seen: dict[str, int] = {}  # the index of each person named, by slug
    for index, participant in enumerate(event.participants):
        person = directory.person_named(participant.name)
        if person is None:
            if directory.people:
                notes.append(Unmatched(index, participant.name))
            participants.append(participant)
            continue
        first = seen.setdefault(person.slug, index)
        if first != index:
            notes.append(Twice(index, participant.name, first, person))
        role = participant.role
        if role is None:
            held = person.role_on(event.date.first_day)
            if held is not None:
                role = held.title
            elif person.roles:  # a person with no roles listed has none to give
                notes.append(NoRole(index, person))
        participants.append(directory.as_person(participant, person, role))
    return tuple(participants)
