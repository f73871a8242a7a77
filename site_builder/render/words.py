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

import datetime as dt
import gettext
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
        self._dates: dict[dt.date, str] = {}
        self._long_date: DateTimePattern | None = None
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

    def date(self, day: dt.date) -> str:
        """`13 July 2023`; CLDR's long date in other languages: `2023年7月13日`."""
        if self.locale is None:
            return self._date % {
                "day": day.day,
                "month": self._months[day.month - 1],
                "year": day.year,
            }
        found = self._dates.get(day)
        if found is None:
            if self._long_date is None:
                from babel.dates import parse_pattern

                self._long_date = parse_pattern(self.locale.date_formats["long"])
            found = self._dates[day] = self._long_date.apply(day, self.locale)
        return found

    def span(self, start: dt.date, end: dt.date | None) -> str:
        """`13 July 2023`, or `13-14 July 2023` (with an en dash) for several days; in other
        languages, CLDR's interval of days with the months as its long date has them:
        `2023年7月13日 – 14日`, `13—14 июля 2023 г.`."""
        t = self.translations
        if end is None or end == start:
            return self.date(start)
        if self.locale is not None:
            return self._cldr_span(start, end)
        if (start.year, start.month) == (end.year, end.month):
            # Translators: days of one month: "13-14 July 2023", with an en dash.
            text = t.gettext("%(first_day)s\u2013%(last_day)s %(month)s %(year)s")
            month = self._months[end.month - 1]
            values = {"first_day": start.day, "last_day": end.day, "month": month, "year": end.year}
            return text % values
        if start.year == end.year:
            # Translators: days of one year: "30 June - 2 July 2023", with an en dash.
            text = t.gettext(
                "%(first_day)s %(first_month)s \u2013 %(last_day)s %(last_month)s %(year)s"
            )
            return text % {
                "first_day": start.day,
                "first_month": self._months[start.month - 1],
                "last_day": end.day,
                "last_month": self._months[end.month - 1],
                "year": end.year,
            }
        return self._two_dates(start, end)

    def _two_dates(self, start: dt.date, end: dt.date) -> str:
        # Translators: days of two years: "30 December 2023 - 2 January 2024", with an en dash.
        text = self.translations.gettext("%(first)s \u2013 %(last)s")
        return text % {"first": self.date(start), "last": self.date(end)}

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
        t = self.translations
        if not isinstance(value, dt.datetime):
            return self.date(value)
        values = {"date": self.date(value), "time": f"{value:%H:%M}"}
        if value.utcoffset() is None:
            # Translators: when a source was published: "14 July 2023, 08:34".
            return t.gettext("%(date)s, %(time)s") % values
        # Translators: when a source was published, with the time zone: "14 July 2023, 08:34
        # UTC+08:00".
        return t.gettext("%(date)s, %(time)s %(zone)s") % {**values, "zone": value.tzname()}

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
            return str(period.first_year)
        # Translators: a decade, by its first year: "2000s".
        return self.translations.pgettext("a decade", "%(first_year)ss") % {
            "first_year": period.first_year
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
