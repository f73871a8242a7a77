"""Reading a raw news article: what it says about the event, and what is page furniture.

Every heuristic is a row in one of the pattern tables below; `read_article` applies them
in order. To teach the importer a new outlet, city or title, add a row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.config import DEFAULT_KINDS
from site_builder.model.dates import MONTHS
from site_builder.model.records import Kind, Participant, Place
from site_builder.reading.frontmatter import normalise_text
from site_builder.reading.yamldoc import _FORBIDDEN as FORBIDDEN_IN_FIELDS

_MONTH = "(?P<month>" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NAME = r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})"

# Where the publication date and time are printed, by outlet layout. Most precise first.
PUBLISHED_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Shanghai Daily: "08:34 UTC+8, 2023-07-14"
    re.compile(r"(?P<time>\d{1,2}:\d{2}) UTC(?P<offset>[+-]\d{1,2}), (?P<iso>\d{4}-\d{2}-\d{2})"),
    # People's Daily: "Xinhua) 14:04, July 26, 2024"
    re.compile(rf"(?P<time>\d{{1,2}}:\d{{2}}), {_MONTH} (?P<day>\d{{1,2}}), (?P<year>\d{{4}})"),
    # CGTN: "Updated 23:04, 07-Aug-2023"
    re.compile(
        r"Updated (?P<time>\d{1,2}:\d{2}), "
        r"(?P<day>\d{1,2})-(?P<month>[A-Z][a-z]{2})-(?P<year>\d{4})"
    ),
    # Global Times: "Published: 2024-05-17 21:00"
    re.compile(r"^Published: (?P<iso>\d{4}-\d{2}-\d{2}) (?P<time>\d{1,2}:\d{2})", re.M),
    # A foreign ministry's site: "2023-09-19 10:50" on a line of its own
    re.compile(r"^(?P<iso>\d{4}-\d{2}-\d{2}) (?P<time>\d{1,2}:\d{2})$", re.M),
    # A scraper's header: " date 2023-07-14"
    re.compile(r"^\s*date (?P<iso>\d{4}-\d{2}-\d{2})", re.M),
)

# The day of the event, most reliable first. "how" is what the terminal and page report.
DATELINE = re.compile(
    # "VIENTIANE, July 25 (Xinhua) --" or "BEIJING, April 9. /TASS/."
    rf"^(?P<city>[A-Z][A-Z .'-]+), {_MONTH} (?P<day>\d{{1,2}})"
    r"\s*(?:\((?P<agency>[^)]+)\)|\.\s*/(?P<slash>[A-Z]+)/\.)",
    re.M,
)
EXPLICIT_DATE = re.compile(rf"\b[Oo]n {_MONTH} (?P<day>\d{{1,2}}), (?P<year>\d{{4}})")
WEEKDAY = re.compile(r"\b[Oo]n (?P<weekday>" + "|".join(WEEKDAYS) + r")\b")


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
        re.compile(r"\bvideo (?:call|link|conference|talks)\b", re.I),
    ),
    Said(
        DEFAULT_KINDS["phone-call"],
        "speak by phone",
        re.compile(
            r"\b(?:phone|telephone) (?:call|conversation|talks)\b|\bby (?:tele)?phone\b", re.I
        ),
    ),
)
MEETING = Said(DEFAULT_KINDS["meeting"], "meet")

# Cities an article may name, with their countries; phrases that stand for a city.
CITIES: dict[str, str] = {
    "Beijing": "China",
    "Shanghai": "China",
    "Moscow": "Russia",
    "Saint Petersburg": "Russia",
    "Kazan": "Russia",
    "Sochi": "Russia",
    "Jakarta": "Indonesia",
    "Vientiane": "Laos",
    "Astana": "Kazakhstan",
    "Tashkent": "Uzbekistan",
    "Bishkek": "Kyrgyzstan",
    "Dushanbe": "Tajikistan",
    "New Delhi": "India",
    "Johannesburg": "South Africa",
    "Pretoria": "South Africa",
    "Rio de Janeiro": "Brazil",
    "Brasilia": "Brazil",
    "New York": "United States",
    "Washington": "United States",
    "Geneva": "Switzerland",
    "Kuala Lumpur": "Malaysia",
    "Phnom Penh": "Cambodia",
    "Bangkok": "Thailand",
    "Hanoi": "Vietnam",
    "Manila": "Philippines",
    "Singapore": "Singapore",
    "Islamabad": "Pakistan",
    "Tehran": "Iran",
    "Ankara": "Turkey",
    "Minsk": "Belarus",
    "Ulaanbaatar": "Mongolia",
    "Pyongyang": "North Korea",
    "Seoul": "South Korea",
    "Tokyo": "Japan",
    "Berlin": "Germany",
    "Paris": "France",
    "London": "United Kingdom",
}
CAPITAL_PHRASES: dict[str, str] = {
    "the Chinese capital": "Beijing",
    "the Russian capital": "Moscow",
    "the Indonesian capital": "Jakarta",
    "the Lao capital": "Vientiane",
    "the Laotian capital": "Vientiane",
    "the capital of Laos": "Vientiane",
}

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

# Outlets, by the marks they leave in the text; the first match names the original.
OUTLET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Xinhua", re.compile(r"\(Xinhua\)|^Xinhua\)?\s|Source: Xinhua|^Xinhua$", re.M)),
    ("TASS", re.compile(r"/TASS/|\bTASS\b")),
    (
        "CGTN",
        re.compile(r"\bCGTN\b|cgtn\.com|^Updated \d{1,2}:\d{2}, \d{2}-[A-Z][a-z]{2}-\d{4}$", re.M),
    ),
    ("Global Times", re.compile(r"\bGlobal Times\b")),
    ("The Associated Press", re.compile(r"\bThe Associated Press\b|\(AP\)")),
    (
        "Ministry of Foreign Affairs of the People's Republic of China",
        re.compile(
            r"Ministry of Foreign Affairs|^Suggest to a friend:?$|^Home > China News$", re.M
        ),
    ),
)
REPUBLISHER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Shanghai Daily", re.compile(r"Shanghai Daily|EXPLORE SHINE")),
    ("People's Daily Online", re.compile(r"People's Daily Online")),
)

# Lines that are page furniture, never the article's own text.
BOILERPLATE = re.compile(
    r"^(home\s*>.*|news\s*/\s*\w+|reference\(s\):|read (also|more).*|share.*|suggest to a friend:?"
    r"|\(web editor:.*\)|source:.*editor:.*|editor:.*|.*copyright.*|.*all rights reserved.*"
    r"|.*\bICP\b.*|tags?:.*|search trends|related.*|reuters|xinhua|top)$",
    re.I,
)
HEADLINE_LINE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+(?P<headline>\S.*)$")
REFERENCE = re.compile(r"^Reference\(s\):\s*\n(?P<headline>.+)$", re.M)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55\ufe0f\u200d]")
# Line breaks other than `\n`, once `\r` is one: next line (NEL) and Unicode's separators.
OTHER_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
MIN_PARAGRAPH_WORDS = 8
# Participants are looked for in the lead, not in the background further down.
LEAD_PARAGRAPHS = 3


@dataclass(frozen=True)
class Article:
    """What an article says about the event it reports."""

    path: str
    headline: str | None
    outlet: str | None
    published: dt.date | dt.datetime | None
    date: dt.date | None
    date_how: str
    weekday: int | None
    said: Said  # the kind of event its words tell
    kind: str | None  # the site's kind for it (see `site_kind`), None when the site has none
    place: Place | None
    participants: tuple[Participant, ...]
    topics: tuple[str, ...]
    paragraphs: tuple[str, ...]

    @property
    def in_person(self) -> bool:
        """Whether the event took place somewhere (a meeting), not on the phone or a screen."""
        return self.said.kind.in_person


def read_article(
    text: str,
    path: str,
    topic_phrases: dict[str, tuple[str, ...]],
    kinds: Mapping[str, Kind] = DEFAULT_KINDS,
) -> Article:
    """Apply the pattern tables to one article's text; `kinds` are the site's."""
    text = clean_text(text)
    published = find_published(text)
    date, date_how, weekday = find_event_date(text, published)
    said = next((said for said in SAID_KINDS if said.words and said.words.search(text)), MEETING)
    paragraphs = article_paragraphs(text)
    prose = "\n".join(paragraphs)
    return Article(
        path=path,
        headline=find_headline(text),
        outlet=find_outlet(text),
        published=published,
        date=date,
        date_how=date_how,
        weekday=weekday,
        said=said,
        kind=site_kind(said.kind, kinds),
        place=find_place(text) if said.kind.in_person else None,
        participants=find_participants("\n".join(paragraphs[:LEAD_PARAGRAPHS])),
        topics=tuple(
            topic
            for topic, phrases in topic_phrases.items()
            if any(re.search(rf"\b{re.escape(phrase)}", prose, re.I) for phrase in phrases)
        ),
        paragraphs=paragraphs,
    )


def site_kind(said: Kind, kinds: Mapping[str, Kind]) -> str | None:
    """The site's kind for an event that an article tells is `said`: the site's kind of that
    name, when it is in person as `said` is, or not; else the site's first kind in person
    (for a meeting) or not (for a call); None when the site has no such kind."""
    same = kinds.get(said.slug)
    if same is not None and same.in_person == said.in_person:
        return same.slug
    return next((kind.slug for kind in kinds.values() if kind.in_person == said.in_person), None)


def clean_text(text: str) -> str:
    """Plain spaces, `\\n` line ends, no emoji, and none of the characters a draft's fields
    cannot hold (NUL and the other control characters but tab), so that a draft builds."""
    text = OTHER_LINE_BREAKS.sub("\n", normalise_text(text)).replace("\xa0", " ")
    return FORBIDDEN_IN_FIELDS.sub("", EMOJI.sub("", text))


def find_published(text: str) -> dt.date | dt.datetime | None:
    for pattern in PUBLISHED_PATTERNS:
        match = pattern.search(text)
        if match:
            return _published_from(match.groupdict())
    return None


def _published_from(parts: dict[str, str | None]) -> dt.date | dt.datetime:
    if parts.get("iso"):
        day = dt.date.fromisoformat(parts["iso"] or "")
    else:
        day = dt.date(
            int(parts["year"] or 0), _month_number(parts["month"] or ""), int(parts["day"] or 0)
        )
    if not parts.get("time"):
        return day
    hour, minute = (int(part) for part in (parts["time"] or "").split(":"))
    offset = parts.get("offset")
    zone = dt.timezone(dt.timedelta(hours=int(offset))) if offset else None
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def find_event_date(
    text: str, published: dt.date | dt.datetime | None
) -> tuple[dt.date | None, str, int | None]:
    """The event's day, how it was found, and the weekday the text names, if any."""
    weekday_match = WEEKDAY.search(text)
    weekday = WEEKDAYS.index(weekday_match["weekday"]) if weekday_match else None
    published_day = published.date() if isinstance(published, dt.datetime) else published
    dateline = DATELINE.search(text)
    if dateline and published_day:
        day = _day_before(published_day, _month_number(dateline["month"]), int(dateline["day"]))
        return day, f'dateline "{" ".join(dateline.group(0).split())}"', weekday
    explicit = EXPLICIT_DATE.search(text)
    if explicit:
        day = dt.date(int(explicit["year"]), _month_number(explicit["month"]), int(explicit["day"]))
        return day, f'text "{explicit.group(0)}"', weekday
    if weekday_match and published_day and weekday is not None:
        back = (published_day.weekday() - weekday) % 7
        day = published_day - dt.timedelta(days=back)
        return day, f'"{weekday_match.group(0)}" before publication', weekday
    return None, "unknown: no dateline, date, or weekday with a publication date", weekday


def _day_before(published: dt.date, month: int, day: int) -> dt.date:
    """A month and day without a year: the last such day on or before publication."""
    candidate = dt.date(published.year, month, day)
    return candidate if candidate <= published else dt.date(published.year - 1, month, day)


def _month_number(name: str) -> int:
    prefix = name[:3].title()
    return next(index for index, month in enumerate(MONTHS, start=1) if month.startswith(prefix))


def find_place(text: str) -> Place | None:
    """The dateline's city, else the first city the text puts something "in"."""
    dateline = DATELINE.search(text)
    if dateline and dateline["city"].strip().title() in CITIES:
        city = dateline["city"].strip().title()
        return Place(city, CITIES[city])
    names = {**{city: city for city in CITIES}, **CAPITAL_PHRASES}
    pattern = r"\bin (" + "|".join(re.escape(name) for name in names) + r")\b"
    match = re.search(pattern, text)
    if match is None:
        return None
    city = names[match[1]]
    return Place(city, CITIES[city])


def find_participants(text: str) -> tuple[Participant, ...]:
    """People named with a title; a "counterpart" takes the title of the person before."""
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
    return tuple(found.values())


def _canonical_title(title: str | None) -> str | None:
    if title is None:
        return None
    return next((known for known in TITLES if known.lower() == title.lower()), title)


def find_outlet(text: str) -> str | None:
    original = next((name for name, pattern in OUTLET_PATTERNS if pattern.search(text)), None)
    republisher = next(
        (name for name, pattern in REPUBLISHER_PATTERNS if pattern.search(text)), None
    )
    if original and republisher:
        return f"{original}, republished by {republisher}"
    return original or republisher


def find_headline(text: str) -> str | None:
    """The headline: after a scraper's date, under "Reference(s)", or the first title-like line."""
    for line in text.split("\n")[:3]:
        match = HEADLINE_LINE.match(line)
        if match:
            return match["headline"].strip()
    reference = REFERENCE.search(text)
    if reference:
        return reference["headline"].strip()
    for line in (line.strip() for line in text.split("\n")):
        if _is_headline(line):
            return line
    return None


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        len(words) >= 4
        and not line.endswith((".", "!", "?"))
        and not BOILERPLATE.match(line)
        and not any(pattern.search(line) for pattern in PUBLISHED_PATTERNS)
    )


def article_paragraphs(text: str) -> tuple[str, ...]:
    """The article's own sentences: no menus, credits, licence lines or repeated leads."""
    paragraphs: list[str] = []
    for line in (line.strip() for line in text.split("\n")):
        if (
            len(line.split()) >= MIN_PARAGRAPH_WORDS
            and line.endswith((".", "!", "?", '"', "'", "\u201d"))
            and not BOILERPLATE.match(line)
            and line not in paragraphs
        ):
            paragraphs.append(re.sub(r"\s+", " ", line))
    return tuple(paragraphs)
