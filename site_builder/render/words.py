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
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable
from pathlib import Path

from site_builder.model.timeline import Gap, PeriodSpan

DOMAIN = "messages"
# A language's catalog: locale/<language>/LC_MESSAGES/messages.mo in the package.
LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "locale"

# For each language: a count in each plural category (CLDR's, which the browser's
# Intl.PluralRules names) that counts of whole things take. The script's counted words are
# handed over as one text per category, each what the catalog gives for that category's count.
PLURAL_EXAMPLES: dict[str, dict[str, int]] = {
    "en": {"one": 1, "other": 2},
    "ru": {"one": 1, "few": 2, "many": 5},
    "zh": {"other": 1},
}

Translations = gettext.NullTranslations  # what `gettext.translation` gives: the catalog's, or none


class Words:
    """The interface's words in one language, from its catalog (`translations`).

    Each method that words a value formats the catalog's text with `%`, as the templates'
    `_()` does, so a translation moves the values where its language puts them.
    """

    def __init__(self, translations: Translations | None = None, language: str = "en") -> None:
        self.translations = translations if translations is not None else Translations()
        self.language = language
        t = self.translations
        # Translators: a month's name as it stands in a date ("13 July 2023").
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
        # Translators: a date: "13 July 2023".
        self._date = t.gettext("%(day)s %(month)s %(year)s")
        self._gaps: dict[int, str] = {}
        self._script: dict[str, object] | None = None

    @classmethod
    def for_language(cls, language: str) -> Words:
        """The words of `language` (`site.yaml`'s, `en`, `zh-CN`), from its catalog in the
        package's `locale/` folder; English when there is none."""
        names = [language.replace("-", "_"), language.split("-")[0].split("_")[0]]
        found = gettext.translation(DOMAIN, LOCALE_FOLDER, names, fallback=True)
        return cls(found, language)

    def date(self, day: dt.date) -> str:
        """`13 July 2023`."""
        return self._date % {"day": day.day, "month": self._months[day.month - 1], "year": day.year}

    def span(self, start: dt.date, end: dt.date | None) -> str:
        """`13 July 2023`, or `13-14 July 2023` (with an en dash) for several days."""
        t = self.translations
        if end is None or end == start:
            return self.date(start)
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
        # Translators: days of two years: "30 December 2023 - 2 January 2024", with an en dash.
        text = t.gettext("%(first)s \u2013 %(last)s")
        return text % {"first": self.date(start), "last": self.date(end)}

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
        """A count as the pages show it: `2,950`."""
        return f"{count:,}"

    def script(self) -> dict[str, object]:
        """The words `static/js/timeline.js` shows, which the timeline page hands it: each
        message's text with `%(name)s` where the script puts a value, and for a count, a
        text per plural category of the language (see `PLURAL_EXAMPLES`)."""
        if self._script is None:
            t = self.translations
            self._script = {
                "language": self.language,
                # Translators: the timeline's filters, none chosen: "4 events shown."
                "shown": self._counted(
                    lambda n: t.ngettext("%(num)s event shown.", "%(num)s events shown.", n)
                ),
                # Translators: the timeline's filters, some chosen: "1 of 4 events shown."
                "shown_of": self._counted(
                    lambda n: t.ngettext(
                        "%(shown)s of %(num)s event shown.", "%(shown)s of %(num)s events shown.", n
                    )
                ),
                # Translators: how many events the search found.
                "found": self._counted(
                    lambda n: t.ngettext("%(num)s event matches.", "%(num)s events match.", n)
                ),
                # Translators: the search found nothing; the query in quotes.
                "not_found": t.gettext("No events match \u201c%(query)s\u201d."),
            }
        return self._script

    def _counted(self, message: Callable[[int], str]) -> dict[str, str]:
        """A counted message's text for each plural category of the language."""
        primary = self.language.replace("_", "-").split("-")[0].lower()
        examples = PLURAL_EXAMPLES.get(primary, PLURAL_EXAMPLES["en"])
        return {category: message(count) for category, count in examples.items()}
