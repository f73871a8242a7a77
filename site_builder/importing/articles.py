"""Reading a news article: what it says about the event, and what is page furniture.

An article is plain text or a saved web page (see `pages.py`). The rules are general ones:
the headline is the first title-like line above the text; dates come from `dates.py`, the
outlet from `outlets.py`, the place from `places.py`; the kind from the phrases of the
site's kinds (`site.yaml`), else from the phrases below, in English, Chinese and Russian.
"""

# ruff: noqa: RUF001 (the patterns hold Chinese and Cyrillic text on purpose)

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.config import DEFAULT_KINDS
from site_builder.importing.dates import (
    Dateline,
    Moment,
    dateline_month_day,
    find_dateline,
    find_event_date,
    find_published,
    join_split_datelines,
)
from site_builder.importing.found import Found
from site_builder.importing.outlets import (
    Marks,
    find_outlet,
    is_masthead,
    is_outlet_name,
    mark_lines,
)
from site_builder.importing.pages import SavedPage
from site_builder.importing.places import find_place
from site_builder.importing.text import (
    BOILERPLATE,
    clean_text,
    letter_words,
    lines_of,
    prose_paragraphs,
    word_count,
)
from site_builder.model.records import Kind, Participant, Place

_NAME = r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})"


@dataclass(frozen=True)
class Said:
    """A kind of event as an article's words tell it, one of the default kinds (a site's own
    kinds may differ: see `site_kind`), with the verb of a draft's title."""

    kind: Kind
    verb: str  # "Wang Yi and Sergei Lavrov {verb}"
    words: re.Pattern[str] | None = None  # what signals it; None for what the others are not


# Kinds of event and the words that signal them; the first match wins, else a meeting.
SAID_KINDS: tuple[Said, ...] = (
    Said(
        DEFAULT_KINDS["video-call"],
        "hold a video call",
        re.compile(
            r"\bvideo[ -]?(?:call|link|conference|talks)\b|视频(?:通话|会晤|连线|会议)"
            r"|по видеосвязи|видеоконференц",
            re.I,
        ),
    ),
    Said(
        DEFAULT_KINDS["phone-call"],
        "speak by phone",
        re.compile(
            r"\b(?:phone|telephone) (?:call|conversation|talks)\b|\bby (?:tele)?phone\b"
            r"|\bphoned\b|\bon the (?:tele)?phone\b|通电话|电话(?:会谈|交谈)"
            r"|телефонн\w+ (?:разговор|переговор)\w*"
            r"|по телефону|созвонил",
            re.I,
        ),
    ),
)
MEETING = Said(DEFAULT_KINDS["meeting"], "meet")


@dataclass(frozen=True)
class KindRule:
    """A site kind and the phrases, from `site.yaml`, that signal it in an article."""

    kind: Kind
    phrases: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        if not self.phrases:
            return None
        words = "|".join(re.escape(phrase) for phrase in self.phrases)
        return re.search(rf"(?<!\w)(?:{words})(?!\w)", text, re.I)


@dataclass(frozen=True)
class Person:
    """A person the articles name in another script, and their English name."""

    name: str
    country: str
    written: tuple[str, ...]


# People named in Chinese or Russian, by their names in those scripts; add a row for another.
PEOPLE: tuple[Person, ...] = (
    Person("Wang Yi", "China", ("王毅", "Ван И")),
    Person("Sergei Lavrov", "Russia", ("拉夫罗夫", "Лавров", "Лавровым", "Лаврова")),
    Person("Xi Jinping", "China", ("习近平", "Си Цзиньпин")),
    Person("Vladimir Putin", "Russia", ("普京", "Путин", "Путиным")),
)
FOREIGN_MINISTER_WORDS = re.compile(r"外交部长|外长|министр иностранных дел|глав[аы] МИД", re.I)

# Nationality words and the countries they name.
COUNTRY_WORDS: dict[str, str] = {
    "Chinese": "China",
    "China's": "China",
    "Russian": "Russia",
    "Russia's": "Russia",
    "Indonesian": "Indonesia",
    "Lao": "Laos",
    "Laotian": "Laos",
    "Indian": "India",
    "Brazilian": "Brazil",
    "South African": "South Africa",
    "U.S.": "United States",
    "American": "United States",
    "Kazakh": "Kazakhstan",
    "Iranian": "Iran",
}
# Titles that say which country their holder serves.
TITLE_COUNTRIES: dict[str, str] = {
    "Member of the Political Bureau of the CPC Central Committee and Foreign Minister": "China",
    "Director of the Office of the Central Commission for Foreign Affairs": "China",
}
# Titles, longest first so that the fullest one the article gives is taken.
TITLES: tuple[str, ...] = (
    "Member of the Political Bureau of the CPC Central Committee and Foreign Minister",
    "Director of the Office of the Central Commission for Foreign Affairs",
    "Minister of Foreign Affairs",
    "Vice Foreign Minister",
    "Foreign Minister",
    "Vice President",
    "Prime Minister",
    "President",
    "Premier",
)
_COUNTRY = "(?P<country>" + "|".join(re.escape(word) for word in COUNTRY_WORDS) + ")"
_TITLE = "(?P<title>(?i:" + "|".join(re.escape(title) for title in TITLES) + "))"
PARTICIPANT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?:{_COUNTRY} )?{_TITLE} {_NAME}"),
    re.compile(rf"\b(?:his|her) {_COUNTRY} counterparts? {_NAME}"),
)

# Layouts that put the headline where the general rule would not look: a scraper's header
# line (" date 2024-07-26 The headline"), and a rewrite citing its original.
HEADLINE_LAYOUTS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*date \d{4}-\d{2}-\d{2}[ \t]+(?P<headline>\S[^\n]*)$", re.M),
    re.compile(r"^Reference\(s\):\s*\n(?P<headline>[^\n]+)$", re.M),
)
HEADLINE_NEVER_ENDS = (".", "\u3002", ":", "\uff1a")
BYLINE = re.compile(r"^(?:by|от|автор|作者|记者|文/)\s*[:：]?\s", re.I)
MIN_HEADLINE_WORDS = 4
# Participants are looked for in the lead, not in the background further down.
LEAD_PARAGRAPHS = 3


@dataclass(frozen=True)
class Article:
    """What an article says about the event it reports, each with how it was found."""

    path: str
    headline: Found[str] | None
    outlet: Found[str] | None
    published: Found[Moment] | None
    event_day: Found[dt.date] | None
    weekday_named: Found[int] | None
    date_missing: str  # why there is no date, when there is none
    said: Said  # the kind of event its words tell
    kind: str | None  # the site's kind for it (see `site_kind`), None when the site has none
    kind_how: str
    found_place: Found[Place] | None
    participants: tuple[Participant, ...]
    topics: tuple[str, ...]
    paragraphs: tuple[str, ...]
    url: str | None = None

    @property
    def in_person(self) -> bool:
        """Whether the event took place somewhere (a meeting), not on the phone or a screen."""
        return self.said.kind.in_person

    @property
    def date(self) -> dt.date | None:
        return self.event_day.value if self.event_day else None

    @property
    def weekday(self) -> int | None:
        return self.weekday_named.value if self.weekday_named else None

    @property
    def place(self) -> Place | None:
        return self.found_place.value if self.found_place else None


def read_article(
    text: str,
    path: str,
    topic_phrases: Mapping[str, tuple[str, ...]],
    kinds: Mapping[str, Kind] = DEFAULT_KINDS,
    kind_phrases: Mapping[str, tuple[str, ...]] | None = None,
) -> Article:
    """One article in plain text; `kinds` are the site's, with their phrases if any."""
    lines = join_split_datelines(lines_of(clean_text(text)))
    return _read(lines, path, topic_phrases, kinds, kind_phrases or {}, None)


def read_page_article(
    page: SavedPage,
    path: str,
    topic_phrases: Mapping[str, tuple[str, ...]],
    kinds: Mapping[str, Kind] = DEFAULT_KINDS,
    kind_phrases: Mapping[str, tuple[str, ...]] | None = None,
) -> Article:
    """One article from a saved web page: its title, date, site name and address first."""
    lines = join_split_datelines(lines_of(clean_text(page.text)))
    return _read(lines, path, topic_phrases, kinds, kind_phrases or {}, page)


def _read(
    lines: tuple[str, ...],
    path: str,
    topic_phrases: Mapping[str, tuple[str, ...]],
    kinds: Mapping[str, Kind],
    kind_phrases: Mapping[str, tuple[str, ...]],
    page: SavedPage | None,
) -> Article:
    paragraphs = prose_paragraphs(lines)
    lead = paragraphs[0] if paragraphs else ""
    headline = _page_headline(page) or find_headline(lines)
    dateline = find_dateline(paragraphs)
    near = dateline_month_day(dateline)
    published = _page_published(page) or find_published(_date_lines(lines, headline), near)
    if dateline is not None:
        lead = lead.replace(dateline.text, "", 1)
    day, weekday, missing = find_event_date(lead, dateline, published)
    said, kind, kind_how = find_kind(
        (headline.value if headline else "", lead), kinds, kind_phrases
    )
    site_name = page.site_name if page else None
    marks = Marks(dateline.agency if dateline else None, mark_lines(lines), site_name)
    prose = "\n".join(paragraphs)
    return Article(
        path=path,
        headline=headline,
        outlet=find_outlet(marks),
        published=published,
        event_day=day,
        weekday_named=weekday,
        date_missing=missing,
        said=said,
        kind=kind,
        kind_how=kind_how,
        found_place=_place(lead, dateline, paragraphs) if said.kind.in_person else None,
        participants=find_participants("\n".join(paragraphs[:LEAD_PARAGRAPHS])),
        topics=tuple(
            topic
            for topic, phrases in topic_phrases.items()
            if any(re.search(rf"\b{re.escape(phrase)}", prose, re.I) for phrase in phrases)
        ),
        paragraphs=paragraphs,
        url=page.url if page else None,
    )


def _place(
    lead: str, dateline: Dateline | None, paragraphs: tuple[str, ...]
) -> Found[Place] | None:
    """The lead's city or the dateline's; else the first city the rest of the text names."""
    return find_place(lead, dateline) or next(
        (found for p in paragraphs[1:] if (found := find_place(p, None))), None
    )


def _page_headline(page: SavedPage | None) -> Found[str] | None:
    if page is None or not page.title:
        return None
    return Found(" ".join(page.title.split()), "page title")


def _page_published(page: SavedPage | None) -> Found[Moment] | None:
    if page is None or page.published is None:
        return None
    return Found(page.published, "page's date")


def _date_lines(lines: tuple[str, ...], headline: Found[str] | None) -> tuple[str, ...]:
    """Lines that may carry the publication date: all but the headline and the prose."""
    shown = headline.text or headline.value if headline else None
    return tuple(line for line in lines if line != shown and word_count(line) <= 14)


def find_kind(
    texts: tuple[str, ...],
    kinds: Mapping[str, Kind],
    kind_phrases: Mapping[str, tuple[str, ...]],
) -> tuple[Said, str | None, str]:
    """The kind the headline, else the lead, tells: the site's own phrases first (calls
    before meetings: a call's report may speak of talks), then the defaults."""
    rules = [KindRule(kinds[slug], tuple(p)) for slug, p in kind_phrases.items() if slug in kinds]
    rules.sort(key=lambda rule: rule.kind.in_person)
    for text in texts:
        for rule in rules:
            match = rule.search(text)
            if match:
                said = _said_for(rule.kind)
                return said, rule.kind.slug, f"{rule.kind.slug} from '{match.group(0)}'"
        for said in SAID_KINDS:
            match = said.words.search(text) if said.words else None
            if match:
                return said, site_kind(said.kind, kinds), f"from '{match.group(0)}'"
    return MEETING, site_kind(MEETING.kind, kinds), "no call named: a meeting"


def _said_for(kind: Kind) -> Said:
    """The default kind alike in person to a site's kind, for a draft's title."""
    if kind.in_person:
        return MEETING
    return next((said for said in SAID_KINDS if said.kind.slug == kind.slug), SAID_KINDS[1])


def site_kind(said: Kind, kinds: Mapping[str, Kind]) -> str | None:
    """The site's kind for an event that an article tells is `said`: the site's kind of that
    name, when it is in person as `said` is, or not; else the site's first kind in person
    (for a meeting) or not (for a call); None when the site has no such kind."""
    same = kinds.get(said.slug)
    if same is not None and same.in_person == said.in_person:
        return same.slug
    return next((kind.slug for kind in kinds.values() if kind.in_person == said.in_person), None)


def find_participants(text: str) -> tuple[Participant, ...]:
    """People named with a title; a "counterpart" takes the title of the person before;
    people named in Chinese or Russian by `PEOPLE`."""
    found: dict[str, Participant] = {}
    matches = sorted(
        (match for pattern in PARTICIPANT_PATTERNS for match in pattern.finditer(text)),
        key=lambda match: match.start(),
    )
    last_title: str | None = None
    for match in matches:
        name = match["name"]
        title = _canonical_title(match.groupdict().get("title")) or last_title
        country = COUNTRY_WORDS.get(match["country"] or "") or TITLE_COUNTRIES.get(title or "")
        surname = name.split()[-1]
        if surname not in found:
            found[surname] = Participant(name, title, country)
        last_title = title
    for person in _people_in_script(text):
        found.setdefault(person.name.split()[-1], person)
    return tuple(found.values())


def _people_in_script(text: str) -> list[Participant]:
    found: list[tuple[int, Participant]] = []
    for person in PEOPLE:
        at = min((text.find(w) for w in person.written if w in text), default=-1)
        if at < 0:
            continue
        before = text[max(0, at - 30) : at]
        role = "Foreign Minister" if FOREIGN_MINISTER_WORDS.search(before) else None
        found.append((at, Participant(person.name, role, person.country)))
    return [participant for _, participant in sorted(found, key=lambda item: item[0])]


def _canonical_title(title: str | None) -> str | None:
    if title is None:
        return None
    return next((known for known in TITLES if known.lower() == title.lower()), title)


def find_headline(lines: tuple[str, ...]) -> Found[str] | None:
    """The headline: where a known layout puts it, else the first title-like line above
    the article's first paragraph (not a section name, a date line, a byline or a menu)."""
    text = "\n".join(lines)
    for layout in HEADLINE_LAYOUTS:
        match = layout.search(text)
        if match:
            return Found(match["headline"].strip(), "headline line", match.group(0))
    header = _header(lines)
    for line in header or lines:
        if is_headline(line):
            return Found(line, "first title line")
    return None


def _header(lines: tuple[str, ...]) -> tuple[str, ...]:
    first_prose = next(
        (i for i, line in enumerate(lines) if line in prose_paragraphs((line,))), len(lines)
    )
    return lines[:first_prose]


def is_headline(line: str) -> bool:
    return (
        letter_words(line) >= MIN_HEADLINE_WORDS
        and not line.endswith(HEADLINE_NEVER_ENDS)
        and not BOILERPLATE.match(line)
        and not BYLINE.match(line)
        and not is_outlet_name(line)
        and not is_masthead(line)
        and find_published((line,)) is None
    )
