"""Translations of events, people and forums: `NAME.<language>.md` beside `NAME.md`, one per
language the site lists in site.yaml's `languages` (Hugo's convention).

A translation gives the fields it translates (a title, a summary, a place, topics, a person's
name and roles) and its own body; every field it leaves out is its original's: the date, the
kind, the sources, the address. The content in another language is the site's content with
each translation laid over its original; an event with none is shown as written, marked with
its language, or left out, as `untranslated` says.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from site_builder.config import SiteConfig
from site_builder.content.directory import Directory, Unmatched, resolve
from site_builder.content.events import translate_event
from site_builder.content.forums import translate_forum
from site_builder.content.lines import FieldLines
from site_builder.content.loader import EVENT_SUFFIX, Content, EventFile
from site_builder.content.people import translate_person
from site_builder.model.gazetteer import locate_all, place_key
from site_builder.model.records import Event, Forum, Person
from site_builder.problems import Problem, SiteError
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import field_name


@dataclass(frozen=True)
class TranslationFiles:
    """The translations under `content/`: by language, by the original as messages name it."""

    by_language: Mapping[str, Mapping[str, EventFile]]
    problems: tuple[Problem, ...]


NO_TRANSLATIONS = TranslationFiles({}, ())


def list_translations(config: SiteConfig) -> TranslationFiles:
    """Every translation file, each with the file it translates; one whose original is not
    there is a problem (its text would be lost without a word)."""
    tags = {tree.language.lower(): tree.language for tree in config.other_languages}
    found: dict[str, dict[str, EventFile]] = {tag: {} for tag in tags.values()}
    problems: list[Problem] = []
    endings = config.translation_endings
    for folder, subfolders, names in os.walk(config.content_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = Path(folder).relative_to(config.content_dir).as_posix()
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith(endings):
                continue
            stem, _, tag = name[: -len(EVENT_SUFFIX)].rpartition(".")
            shown = f"content/{relative}/{name}"
            original = f"content/{relative}/{stem}{EVENT_SUFFIX}"
            if not os.path.isfile(config.root / original):
                message = f"translates {original}, which is not there: name it after its original"
                problems.append(Problem(shown, None, None, message))
                continue
            section = relative.split("/", 1)[0]
            found[tags[tag.lower()]][original] = EventFile(Path(folder, name), shown, section)
    return TranslationFiles(found, tuple(problems))


T = TypeVar("T", Event, Person, Forum)
Translate = Callable[[T, str, str], tuple[T, list[str]]]


class Translator:
    """The site's content in its other languages, each translation read and parsed again only
    when its file's time or size changed, or its original did."""

    def __init__(self) -> None:
        # By translation file: its stamp, the original it was laid over, and what it gave.
        self._kept: dict[str, tuple[tuple[int, int], object, object, tuple[str, ...]]] = {}

    def content(
        self,
        config: SiteConfig,
        content: Content,
        parsed: Sequence[Event],
        files: Mapping[str, EventFile],
        written_in: str,
    ) -> Content:
        """The content in `config`'s language (one of the site's others): `parsed` are the
        site's events as their files hold them, `content` the same resolved against its
        people and forums, `files` the language's translations, `written_in` the language of
        the site's own files. Raises SiteError listing every problem in the translations."""
        read = _Reading(self, files)
        people = tuple(read.over(person, translate_person) for person in content.people)
        forums = tuple(read.over(forum, translate_forum) for forum in content.forums)
        directory = Directory(people, forums)
        resolved = {event.path: event for event in content.events}
        kinds = config.kinds
        events: list[Event] = []
        for original in parsed:
            translated = read.over(original, lambda o, t, s: translate_event(t, s, o, kinds))
            if translated is not original:
                if translated.sources and translated.sources is original.sources:
                    translated = dataclasses.replace(translated, sources_language=written_in)
                event, notes = resolve(_placed(translated, original, config), directory)
                read.warnings += _unmatched_warnings(event, notes, config.root)
                events.append(event)
            elif config.untranslated == "original" and original.path in resolved:
                shown = resolved[original.path]
                kind = kinds.get(shown.kind.slug, shown.kind)
                events.append(dataclasses.replace(shown, kind=kind, text_language=written_in))
        if read.problems:
            raise SiteError(read.problems)
        return Content(tuple(events), tuple(read.warnings), people, forums)

    def translated(
        self, file: EventFile, original: T, translate: Translate[T]
    ) -> tuple[T, tuple[str, ...]]:
        """`translate` of the file's text over `original`, and its warnings, kept while both
        stay as they were; raises SiteError."""
        try:
            status = os.stat(file.path)
            stamp = (status.st_mtime_ns, status.st_size)
            kept = self._kept.get(file.shown)
            if kept is not None and kept[0] == stamp and kept[1] == original:
                return kept[2], kept[3]  # type: ignore[return-value]
            data = file.path.read_bytes()
        except OSError as error:
            message = f"cannot be read: {error.strerror}"
            raise SiteError([Problem(file.shown, None, None, message)]) from None
        result, warnings = translate(original, decode_utf8(data, file.shown), file.shown)
        self._kept[file.shown] = (stamp, original, result, tuple(warnings))
        return result, tuple(warnings)


class _Reading:
    """One language's translations being laid over their originals, with what they found."""

    def __init__(self, translator: Translator, files: Mapping[str, EventFile]) -> None:
        self.translator = translator
        self.files = files
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def over(self, original: T, translate: Translate[T]) -> T:
        """The original's translation, or the original itself when it has none, or one with
        problems (they are kept, to be raised with every other)."""
        file = self.files.get(original.path)
        if file is None:
            return original
        try:
            translated, warnings = self.translator.translated(file, original, translate)
        except SiteError as error:
            self.problems.extend(error.problems)
            return original
        self.warnings += warnings
        return translated


def _placed(translated: Event, original: Event, config: SiteConfig) -> Event:
    """A translation that writes its place in its language stands where the original's does:
    the coordinates of the original's place go with it, for the map."""
    if translated.coordinates is not None or translated.location in (None, original.location):
        return translated
    coordinates = original.coordinates or config.places.get(str(original.location))
    if coordinates is None and original.location is not None:
        place = original.location
        coordinates = locate_all([(place.city, place.country)])[
            place_key(place.city, place.country)
        ]
    return dataclasses.replace(translated, coordinates=coordinates)


def _unmatched_warnings(event: Event, notes: Sequence[object], root: Path) -> list[str]:
    """A participant of a translation that no person file knows, at its file and line."""
    lines = FieldLines(root)
    warnings = []
    for note in notes:
        if isinstance(note, Unmatched):
            at = ("participants", note.index, "name")
            message = (
                f'"{note.name}" is no person\'s name or alias: add it to the aliases of the '
                "person file, or of the person's translation"
            )
            warnings.append(f"{lines.where(event.path, at)}: {field_name(at)}: {message}")
    return warnings
