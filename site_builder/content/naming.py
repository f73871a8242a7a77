"""Warnings about names, worked out over every event at once: a participant that no person
file names (with the closest person, when one is close), a person with no role on an
event's date, a person named twice in one event, an occasion close to a forum's name, and
two spellings of one participant or topic (`variants.py`).

Each warning names the file and line where the name is first written and, when other
events write it too, how many: a name written in a thousand events is one warning.

Runs at every preview rebuild that changes a name; one that changes none (a body, a date)
keeps the last warnings, unless they name the edited file, whose lines may have moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from site_builder.content.directory import (
    Directory,
    NoRole,
    Note,
    Resolution,
    Twice,
    Unmatched,
)
from site_builder.content.lines import FieldLines
from site_builder.content.names import name_key
from site_builder.content.people import PEOPLE_FOLDER
from site_builder.content.variants import variant_pairs
from site_builder.model.records import Event, Forum, Person
from site_builder.reading.yamldoc import FieldPath, field_name, one_line

SUGGEST_SCORE = 88  # rapidfuzz's WRatio, 0 to 100: "Lavrov" finds Sergey Lavrov (90)


@dataclass(frozen=True)
class NameWarnings:
    """The warnings about names, and the files they name (an edit of one may move a line
    they give)."""

    warnings: tuple[str, ...]
    cited: frozenset[str]


def name_warnings(
    resolution: Resolution, directory: Directory, field_lines: FieldLines
) -> NameWarnings:
    """Every warning about the names of the resolved events, in the order of the events."""
    lines = _CitingLines(field_lines)
    events = resolution.events
    notes = resolution.notes
    noted = [(event, notes[event.path]) for event in events if event.path in notes] if notes else []
    warnings = [
        *_unmatched_warnings(noted, directory, lines),
        *_no_role_warnings(noted, lines),
        *_twice_warnings(noted, lines),
        *_occasion_warnings(events, directory, lines),
        *_participant_variant_warnings(events, lines),
        *_topic_variant_warnings(events, lines),
    ]
    return NameWarnings(tuple(warnings), frozenset(lines.cited))


def name_facts(event: Event, notes: tuple[Note, ...]) -> tuple[object, ...]:
    """What the warnings about names are made of, of one event: while an edit leaves it as it
    was, they stay as they were (but for the lines they give in the edited file)."""
    participants = tuple((person.name, person.person) for person in event.participants)
    topics = tuple(topic.name for topic in event.topics)
    return (participants, topics, event.occasion, event.forum, notes)


class _CitingLines:
    """Lines of fields, found with `FieldLines`, and every file asked about."""

    def __init__(self, lines: FieldLines) -> None:
        self._lines = lines
        self.cited: set[str] = set()

    def where(self, shown: str, at: FieldPath) -> str:
        self.cited.add(shown)
        return self._lines.where(shown, at)


Noted = list[tuple[Event, tuple[Note, ...]]]


def _warning(lines: _CitingLines, event: Event, at: FieldPath, message: str) -> str:
    return f"{lines.where(event.path, at)}: {field_name(at)}: {one_line(message)}"


def _others(count: int) -> str:
    """How many other events write the name too, for a warning at the first."""
    others = count - 1
    return "" if not others else f" (and {others} other event{'s' if others > 1 else ''})"


def _unmatched_warnings(noted: Noted, directory: Directory, lines: _CitingLines) -> list[str]:
    first: dict[str, tuple[Event, Unmatched]] = {}
    counts: Counter[str] = Counter()
    for event, notes in noted:
        for note in notes:
            if isinstance(note, Unmatched):
                key = name_key(note.name)
                first.setdefault(key, (event, note))
                counts[key] += 1
    warnings = []
    closest_to = _Closest(directory.people)
    for key, (event, note) in first.items():
        name = note.name
        closest = closest_to(name)
        if closest is None:
            message = (
                f'"{name}" matches no person file in content/{PEOPLE_FOLDER}/; it is shown as '
                f'written: `site-builder new person "{name}"` starts one'
            )
        else:
            message = (
                f'"{name}" matches no person file; did you mean "{closest.name}" '
                f"({closest.path})? Write that name, or add this one to its aliases"
            )
        at = ("participants", note.index, "name")
        warnings.append(_warning(lines, event, at, message + _others(counts[key])))
    return warnings


class _Closest:
    """The person or forum one of whose names is closest to a name, when one is close
    enough: rapidfuzz's WRatio on the names in Latin letters."""

    def __init__(self, records: Iterable[Person] | Iterable[Forum]) -> None:
        self._by_key: dict[str, Person | Forum] = {}
        for record in records:
            for written in (record.name, *record.aliases):
                self._by_key.setdefault(name_key(written), record)
        self._keys = list(self._by_key)

    def __call__(self, name: str) -> Person | Forum | None:
        found = process.extractOne(
            name_key(name), self._keys, scorer=fuzz.WRatio, score_cutoff=SUGGEST_SCORE
        )
        return None if found is None else self._by_key[found[0]]


def _no_role_warnings(noted: Noted, lines: _CitingLines) -> list[str]:
    first: dict[str, tuple[Event, NoRole]] = {}
    counts: Counter[str] = Counter()
    for event, notes in noted:
        for note in notes:
            if isinstance(note, NoRole):
                first.setdefault(note.person.slug, (event, note))
                counts[note.person.slug] += 1
    warnings = []
    for slug, (event, note) in first.items():
        others = counts[slug] - 1
        also = f" (nor on the dates of {others} other event{'s' if others > 1 else ''})"
        message = (
            f"{note.person.name} held no role on {event.date} in {note.person.path}"
            f"{also if others else ''}; give the participant a role, or add the role to "
            "the person file"
        )
        warnings.append(_warning(lines, event, ("participants", note.index), message))
    return warnings


def _twice_warnings(noted: Noted, lines: _CitingLines) -> list[str]:
    warnings = []
    for event, notes in noted:
        for note in notes:
            if isinstance(note, Twice):
                message = (
                    f'"{note.name}" is {note.person.name} ({note.person.path}) again, who is '
                    f"participants[{note.first}] already; name each person once"
                )
                at = ("participants", note.index, "name")
                warnings.append(_warning(lines, event, at, message))
    return warnings


def _occasion_warnings(
    events: Sequence[Event], directory: Directory, lines: _CitingLines
) -> list[str]:
    """An occasion that names no forum but is close to one's name: likely a misspelling.
    Other occasions, one-off visits or talks, are no forum's and need no warning."""
    if not directory.forums:
        return []
    unlinked = dict.fromkeys(e.occasion for e in events if e.occasion and e.forum is None)
    close = {}
    closest_to = _Closest(directory.forums)
    for occasion in unlinked:
        assert occasion is not None  # as filtered
        forum = closest_to(occasion)
        if forum is not None:
            close[occasion] = forum
    if not close:
        return []
    counts = Counter(event.occasion for event in events if event.occasion in close)
    warnings = []
    for occasion, forum in close.items():
        event = next(event for event in events if event.occasion == occasion)
        message = (
            f'"{occasion}" is no forum\'s name; did you mean "{forum.name}" ({forum.path})? '
            "Write that name, or add this one to its aliases"
        )
        warnings.append(_warning(lines, event, ("occasion",), message + _others(counts[occasion])))
    return warnings


def _participant_variant_warnings(events: Sequence[Event], lines: _CitingLines) -> list[str]:
    """Two spellings of one participant that no person file joins (a person file's
    aliases make its names one person, never variants)."""
    names = dict.fromkeys(p.name for e in events for p in e.participants if p.person is None)
    pairs = variant_pairs(list(names))
    if not pairs:
        return []
    first = _first_participants(events, {name for pair in pairs for name in pair})
    warnings = []
    for earlier, later in pairs:
        (event_a, index_a), (event_b, index_b) = first[earlier], first[later]
        where = lines.where(event_a.path, ("participants", index_a, "name"))
        message = (
            f'"{later}" here and "{earlier}" in {where} are likely one person written two '
            "ways, listed apart: write one spelling, or make a person file with one as its "
            f'name and the other as an alias (site-builder new person "{earlier}")'
        )
        warnings.append(_warning(lines, event_b, ("participants", index_b, "name"), message))
    return warnings


def _first_participants(events: Sequence[Event], names: set[str]) -> dict[str, tuple[Event, int]]:
    first: dict[str, tuple[Event, int]] = {}
    for event in events:
        for index, participant in enumerate(event.participants):
            if participant.name in names and participant.person is None:
                first.setdefault(participant.name, (event, index))
    return first


def _topic_variant_warnings(events: Sequence[Event], lines: _CitingLines) -> list[str]:
    names = dict.fromkeys(topic.name for event in events for topic in event.topics)
    pairs = variant_pairs(list(names))
    if not pairs:
        return []
    wanted = {name for pair in pairs for name in pair}
    first: dict[str, tuple[Event, int]] = {}
    for event in events:
        for index, topic in enumerate(event.topics):
            if topic.name in wanted:
                first.setdefault(topic.name, (event, index))
    warnings = []
    for earlier, later in pairs:
        (event_a, index_a), (event_b, index_b) = first[earlier], first[later]
        where = lines.where(event_a.path, ("topics", index_a))
        message = (
            f'"{later}" here and "{earlier}" in {where} are likely one topic written two '
            "ways, which would get a page each: spell it one way"
        )
        warnings.append(_warning(lines, event_b, ("topics", index_b), message))
    return warnings
