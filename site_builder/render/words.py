"""The interface's words: everything a reader sees that is not the site's own content (its
titles, names, places, kinds and topics) passes through one gettext catalog, so that a
language is a catalog and nothing more.

The templates mark their words with Jinja2's i18n extension, new style:
`{{ _("Topics") }}`, `{{ ngettext("%(num)s event", "%(num)s events", count) }}`,
`{{ _("Events about %(topic)s in %(site)s.", topic=name, site=site.title) }}`. What is worded
in code is here, as gettext calls with the English text: dates and spans of days, the time
between events, numbers, the map's grid, the links of the data files (`exports/` is handed
these words by the renderer), and the words the timeline's script shows (`Words.script`,
which the page hands to `static/js/timeline.js`). Babel's `pybabel extract` finds both kinds
of call. The English text is the message id; English is the catalog-less default.

A language's catalogs are the site's and the package's, chained (`reading/catalogs.py`).
Dates, spans of days and numbers in a language other than English are CLDR's, through Babel
("2023年7月13日", "13 июля 2023 г.", "2 000"), once the language has a catalog: CLDR's
English is not this site's ("July 13, 2023"), so English keeps the catalog's forms, which a
site's own English catalog may change, and so does a language CLDR does not know. A
language with no catalog at all is worded in English throughout, dates too, so that no page
mixes two languages. One `Words` is one language: nothing here is shared between them.
"""

# ruff: noqa: RUF002 (the docstrings quote dates in Russian and Chinese on purpose)

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.model.dates import When
from site_builder.model.timeline import Gap, PeriodSpan
from site_builder.reading.catalogs import Catalogs, is_english, read_catalogs

if TYPE_CHECKING:
    from babel.core import Locale
    from babel.dates import DateTimePattern

# CLDR's plural categories, in its order: the script's counted words are handed over as one
# text per category of the language, each what the catalog gives for a count in it.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# English's, and for a language CLDR does not know, as the browser's rules fall back to them.
ENGLISH_PLURAL_EXAMPLES = {"one": 1, "other": 2}

Translations = gettext.NullTranslations  # what `gettext.translation` gives: the catalog's, or none


def cldr_locale(language: str) -> Locale | None:
    """Babel's CLDR data for `language` (`zh`, `zh-CN`, `ru`), or for the longest shorter form
    of it that CLDR has (`ru` for `ru-XX`); None when CLDR lacks the language."""
    from babel.core import Locale, UnknownLocaleError

    parts = language.replace("_", "-").split("-")
    for length in range(len(parts), 0, -1):
        try:
            return Locale.parse("-".join(parts[:length]), sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return None


def plural_examples(language: str) -> dict[str, int]:
    """A whole count in each of `language`'s plural categories, as CLDR (through Babel) and
    the browser's `Intl.PluralRules` name them: `{"one": 1, "few": 2, "many": 5}` for
    Russian. The smallest count of one or more, else 0."""
    locale = None if is_english(language) else cldr_locale(language)
    if locale is None:
        return dict(ENGLISH_PLURAL_EXAMPLES)
    rule = locale.plural_form
    found: dict[str, int] = {}
    for count in (*range(1, 111), 0):  # every category of whole counts has one below 111
        found.setdefault(rule(count), count)
    return {category: found[category] for category in PLURAL_CATEGORIES if category in found}


def _month_width(token: tuple[str, Any]) -> int:
    """How wide a token of a CLDR date pattern writes the month (`M`, `MMM`, `MMMM`, or `L`
    alone), or 0 for any other token."""
    kind, value = token
    if kind == "field" and isinstance(value, tuple) and value[0] in "ML":
        return int(value[1])
    return 0


def _one_day_in_one_zone(start: When, end: When) -> bool:
    """Whether two times are on one day, in one zone (or both in none)."""
    if start.time is None or end.time is None or start.first_day != end.first_day:
        return False
    return start.time.utcoffset() == end.time.utcoffset()


class Words:
    """The interface's words in one language, from its catalog (`translations`).

    Each method that words a value formats the catalog's text with `%`, as the templates'
    `_()` does, so a translation moves the values where its language puts them.
    """

    def __init__(
        self,
        translations: Translations | None = None,
        language: str = "en",
        *,
        key: str | None = None,
        locale: Locale | None = None,
    ) -> None:
        """`translations`: the catalog (none: the English text). `key` names the words for
        what is kept of them (compiled templates): None when they cannot be named so, as
        with a catalog made in code. `locale`: CLDR's data for dates and numbers, or None for
        the catalog's forms (see the module's doc)."""
        self.translations = translations if translations is not None else Translations()
        self.language = language
        if key is None and translations is None:
            key = f"{language}:"  # the English text alone
        self.key = key
        self.locale = locale
        t = self.translations
        # Translators: a month's name as it stands in a date ("13 July 2023"). Languages
        # that CLDR knows take its dates instead.
        self._months = (
            t.pgettext("in a date", "January"),
            t.pgettext("in a date", "February"),
            t.pgettext("in a date", "March"),
            t.pgettext("in a date", "April"),
            t.pgettext("in a date", "May"),
            t.pgettext("in a date", "June"),
            t.pgettext("in a date", "July"),
            t.pgettext("in a date", "August"),
            t.pgettext("in a date", "September"),
            t.pgettext("in a date", "October"),
            t.pgettext("in a date", "November"),
            t.pgettext("in a date", "December"),
        )
        # Translators: a date: "13 July 2023". Languages that CLDR knows take its form.
        self._date = t.gettext("%(day)s %(month)s %(year)s")
        self._gaps: dict[int, str] = {}
        self._dates: dict[When, str] = {}
        self._patterns: dict[str, DateTimePattern] = {}
        self._spans: dict[str, tuple[DateTimePattern, DateTimePattern] | None] = {}
        self._script: dict[str, object] | None = None

    @classmethod
    def for_language(cls, language: str) -> Words:
        """The words of `language` (`site.yaml`'s, `en`, `zh-CN`), from the package's
        catalogs; English when there are none."""
        return cls.of(read_catalogs(language), language)

    @classmethod
    def for_site(cls, root: Path, language: str) -> Words:
        """The words of `language` for the site at `root`: its own catalogs first (see
        `reading/catalogs.py`), then the package's. Raises SiteError for a site's catalog
        that cannot be used."""
        return cls.of(read_catalogs(language, root), language)

    @classmethod
    def of(cls, catalogs: Catalogs, language: str) -> Words:
        """The words of `language` from its `catalogs`, with CLDR's dates and numbers when
        it has a catalog and is not English."""
        cldr = None if is_english(language) or not catalogs.found else cldr_locale(language)
        return cls(catalogs.translations, language, key=catalogs.key, locale=cldr)

    def date(self, when: When | dt.date) -> str:
        """As precisely as it is known: `13 July 2023`, `April 2024`, `2024`, `15 March 44 BC`,
        `8 April 2024, 10:00 UTC+03:00`; in other languages, CLDR's forms: `2023年7月13日`,
        `2024年4月`."""
        if isinstance(when, dt.date):
            when = When.of_day(when)
        if when.time is not None:
            return self._with_time(self.date(dataclasses.replace(when, time=None)), when.time)
        if self.locale is not None:
            return self._cldr_date(when)
        if when.day is None:
            if when.month is None:
                return self.year(when.year)
            # Translators: a month of a year, when a source gives no day: "April 2024".
            text = self.translations.pgettext("a month", "%(month)s %(year)s")
            return text % {"month": self._months[when.month - 1], "year": self.year(when.year)}
        return self._date % {
            "day": when.day,
            "month": self._months[(when.month or 1) - 1],
            "year": self.year(when.year),
        }

    def year(self, year: int) -> str:
        """An (astronomical) year as a reader counts it: `2024`, `602`, `44 BC` for -43."""
        if year > 0:
            return str(year)
        # Translators: a year before the common era: "44 BC".
        return self.translations.gettext("%(year)s BC") % {"year": 1 - year}

    def _cldr_date(self, when: When) -> str:
        """CLDR's long date, or its form of a month of a year or of a year alone, with its
        era before year 1 (`公元前44年3月15日`)."""
        assert self.locale is not None
        found = self._dates.get(when)
        if found is None:
            skeleton = {"year": "y", "month": "yMMMM"}.get(when.precision)
            pattern = self._cldr_pattern(skeleton, before_common_era=when.year < 1)
            day = dt.date(
                when.year if when.year > 0 else 1 - when.year, when.month or 1, when.day or 1
            )
            found = self._dates[when] = pattern.apply(day, self.locale)
        return found

    def _cldr_pattern(self, skeleton: str | None, before_common_era: bool) -> DateTimePattern:
        """The pattern of a skeleton (None: the long date); before year 1, the skeleton's with
        its era (`G`), written as the era before it: Babel's dates cannot be before year 1."""
        from babel.dates import parse_pattern, tokenize_pattern, untokenize_pattern

        assert self.locale is not None
        key = f"{skeleton}{' BC' if before_common_era else ''}"
        if key not in self._patterns:
            skeletons = self.locale.datetime_skeletons
            long_date = self.locale.date_formats["long"].pattern
            if before_common_era:
                found = skeletons.get(f"Gy{(skeleton or 'yMMMMd')[1:]}")
                text = found.pattern if found is not None else f"G {long_date}"
                era = self.locale.eras["abbreviated"][0]
                tokens = [
                    ("chars", era) if kind == "field" and value[0] == "G" else (kind, value)
                    for kind, value in tokenize_pattern(text)
                ]
                text = untokenize_pattern(tokens)
            else:
                found = skeletons.get(skeleton) if skeleton else None
                text = found.pattern if found is not None else long_date
            self._patterns[key] = parse_pattern(text)
        return self._patterns[key]

    def _with_time(self, date: str, time: dt.time, until: dt.time | None = None) -> str:
        """A date at a time, or from it `until` another (`10:00–11:30`), with its zone."""
        hours = f"{time:%H:%M}" if until is None else f"{time:%H:%M}\u2013{until:%H:%M}"
        values = {"date": date, "time": hours}
        if time.utcoffset() is None:
            # Translators: when a source was published: "14 July 2023, 08:34".
            return self.translations.gettext("%(date)s, %(time)s") % values
        # Translators: when a source was published, with the time zone: "14 July 2023, 08:34
        # UTC+08:00".
        return self.translations.gettext("%(date)s, %(time)s %(zone)s") % {
            **values,
            "zone": time.tzname(),
        }

    def span(self, start: When | dt.date, end: When | dt.date | None) -> str:
        """`13 July 2023`, or `13-14 July 2023` (with an en dash) for several days; in other
        languages, CLDR's interval of days with the months as its long date has them:
        `2023年7月13日 – 14日`, `13—14 июля 2023 г.`. Months, years, times and days before
        year 1 are spans of two dates: `April – June 2024`."""
        if isinstance(start, dt.date):
            start = When.of_day(start)
        if isinstance(end, dt.date):
            end = When.of_day(end)
        if end is None or end == start:
            return self.date(start)
        if _one_day_in_one_zone(start, end):  # 10:00-11:30
            assert start.time is not None and end.time is not None
            day = self.date(dataclasses.replace(start, time=None))
            return self._with_time(day, start.time, end.time)
        first, last = start.as_date(), end.as_date()
        if first is None or last is None or start.time is not None or end.time is not None:
            return self._two_dates(start, end)
        if self.locale is not None:
            return self._cldr_span(first, last)
        t = self.translations
        if (first.year, first.month) == (last.year, last.month):
            # Translators: days of one month: "13-14 July 2023", with an en dash.
            text = t.gettext("%(first_day)s\u2013%(last_day)s %(month)s %(year)s")
            month = self._months[last.month - 1]
            values = {
                "first_day": first.day,
                "last_day": last.day,
                "month": month,
                "year": last.year,
            }
            return text % values
        if first.year == last.year:
            # Translators: days of one year: "30 June - 2 July 2023", with an en dash.
            text = t.gettext(
                "%(first_day)s %(first_month)s \u2013 %(last_day)s %(last_month)s %(year)s"
            )
            return text % {
                "first_day": first.day,
                "first_month": self._months[first.month - 1],
                "last_day": last.day,
                "last_month": self._months[last.month - 1],
                "year": last.year,
            }
        return self._two_dates(start, end)

    def _two_dates(self, start: When | dt.date, end: When | dt.date) -> str:
        # Translators: days of two years: "30 December 2023 - 2 January 2024", with an en dash.
        text = self.translations.gettext("%(first)s \u2013 %(last)s")
        return text % {"first": self.date(start), "last": self.date(end)}

    def _two_years(self, first: int, last: int) -> str:
        text = self.translations.gettext("%(first)s \u2013 %(last)s")
        return text % {"first": self.year(first), "last": self.year(last)}

    def _cldr_span(self, start: dt.date, end: dt.date) -> str:
        """Days from `start` to `end` in CLDR's interval form for the first field that
        differs (the year, the month or the day)."""
        field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        if field not in self._spans:
            self._spans[field] = self._interval_patterns(field)
        patterns = self._spans[field]
        if patterns is None:
            return self._two_dates(start, end)
        assert self.locale is not None
        return patterns[0].apply(start, self.locale) + patterns[1].apply(end, self.locale)

    def _interval_patterns(self, field: str) -> tuple[DateTimePattern, DateTimePattern] | None:
        """CLDR's two halves of a span of days whose `field` differs; None when the language
        has none. CLDR's spans name months abbreviated (`июл.`): where the long date writes
        them in full (`июля`), so do these."""
        from babel.dates import parse_pattern, tokenize_pattern, untokenize_pattern

        assert self.locale is not None
        halves = self.locale.interval_formats.get("yMMMd", {}).get(field)
        if not halves or len(halves) != 2:
            return None
        long_date = tokenize_pattern(self.locale.date_formats["long"].pattern)
        full_months = any(_month_width(token) >= 4 for token in long_date)

        def widened(pattern: str) -> DateTimePattern:
            tokens = [
                ("field", ("M", 4)) if full_months and _month_width(token) == 3 else token
                for token in tokenize_pattern(pattern)
            ]
            return parse_pattern(untokenize_pattern(tokens))

        return widened(halves[0]), widened(halves[1])

    def published(self, value: dt.date | dt.datetime) -> str:
        """A source's publication: `14 July 2023`, `14 July 2023, 08:34 UTC+08:00`."""
        if not isinstance(value, dt.datetime):
            return self.date(value)
        return self._with_time(self.date(value.date()), value.timetz())

    def gap(self, gap: Gap) -> str:
        """The time between an event and the one before it: "4 weeks later"."""
        return self.later(gap.days)

    def later(self, days: int) -> str:
        """`days` after, in the largest unit that reads naturally: "the same day", "3 days
        later", "4 weeks later", "10 months later", "over a year later", "2 years later"."""
        text = self._gaps.get(days)
        if text is None:
            text = self._gaps[days] = self._later(days)
        return text

    def _later(self, days: int) -> str:
        t = self.translations
        if days <= 0:
            return t.gettext("the same day")
        if days < 14:
            return t.ngettext("%(num)s day later", "%(num)s days later", days) % {"num": days}
        if days < 61:
            weeks = round(days / 7)
            return t.ngettext("%(num)s week later", "%(num)s weeks later", weeks) % {"num": weeks}
        if days < 548:
            months = round(days / 30.44)
            text = t.ngettext("%(num)s month later", "%(num)s months later", months)
            return text % {"num": months}
        years = days / 365.25
        if years < 1.75:
            return t.gettext("over a year later")
        whole = round(years)
        return t.ngettext("%(num)s year later", "%(num)s years later", whole) % {"num": whole}

    def period(self, period: PeriodSpan) -> str:
        """A period's name as a heading shows it: "2023", or a decade, "2000s"."""
        if period.first_year == period.last_year:
            return self.year(period.first_year)
        return self.decade(period.first_year)

    def decade(self, first_year: int) -> str:
        """A decade, by its first year: "2000s"; before the common era, its years."""
        if first_year < 1:  # decades before the common era are counted as years
            return self._two_years(first_year, first_year + 9)
        # Translators: a decade, by its first year: "2000s".
        return self.translations.pgettext("a decade", "%(first_year)ss") % {
            "first_year": first_year
        }

    def event_link(self) -> str:
        """The text of the link from an event's slide in `timeline.json` to its page."""
        # Translators: a link from an event in another program's timeline to its page.
        return self.translations.gettext("Full account and sources")

    def site_link(self) -> str:
        """The text of the link from the title slide of `timeline.json` to the site."""
        # Translators: a link from the site's timeline in another program to the site.
        return self.translations.gettext("Every event, with its sources")

    def latitude(self, degrees: int) -> str:
        """A line of latitude on the map: `10°N`, `20°S`."""
        t = self.translations
        values = {"degrees": abs(degrees)}
        if degrees >= 0:
            # Translators: a line of latitude on the map, north of the equator: "10°N".
            return t.gettext("%(degrees)s\u00b0N") % values
        # Translators: a line of latitude on the map, south of the equator: "20°S".
        return t.gettext("%(degrees)s\u00b0S") % values

    def longitude(self, degrees: int) -> str:
        """A line of longitude on the map: `100°E`, `70°W`."""
        t = self.translations
        values = {"degrees": abs(degrees)}
        if degrees >= 0:
            # Translators: a line of longitude on the map, east of Greenwich: "100°E".
            return t.gettext("%(degrees)s\u00b0E") % values
        # Translators: a line of longitude on the map, west of Greenwich: "70°W".
        return t.gettext("%(degrees)s\u00b0W") % values

    def number(self, count: int) -> str:
        """A count as the pages show it: `2,950`; in other languages, with CLDR's separators:
        `2 950` (a no-break space) in Russian."""
        if self.locale is None:
            return f"{count:,}"
        from babel.numbers import format_decimal

        return format_decimal(count, locale=self.locale)

    def script(self) -> dict[str, object]:
        """The words `static/js/timeline.js` shows, which the timeline page hands it: each
        message's text with `%(name)s` where the script puts a value, and for a count, a
        text per plural category of the language (see `plural_examples`)."""
        if self._script is None:
            t = self.translations
            examples = plural_examples(self.language)
            self._script = {
                "language": self.language,
                # Translators: the timeline's filters, none chosen: "4 events shown."
                "shown": self._counted(
                    lambda n: t.ngettext("%(num)s event shown.", "%(num)s events shown.", n),
                    examples,
                ),
                # Translators: the timeline's filters, some chosen: "1 of 4 events shown."
                "shown_of": self._counted(
                    lambda n: t.ngettext(
                        "%(shown)s of %(num)s event shown.", "%(shown)s of %(num)s events shown.", n
                    ),
                    examples,
                ),
                # Translators: how many events the search found.
                "found": self._counted(
                    lambda n: t.ngettext("%(num)s event matches.", "%(num)s events match.", n),
                    examples,
                ),
                # Translators: the search found nothing; the query in quotes.
                "not_found": t.gettext("No events match \u201c%(query)s\u201d."),
            }
        return self._script

    @staticmethod
    def _counted(message: Callable[[int], str], examples: dict[str, int]) -> dict[str, str]:
        """A counted message's text for each plural category of the language, worded for the
        category's example count (`plural_examples`)."""
        return {category: message(count) for category, count in examples.items()}
