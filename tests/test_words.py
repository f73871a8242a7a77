"""The interface's words have one home (render/words.py, and the templates' `_()` marks, on one
gettext catalog): the English wording, no word left unmarked in the templates or the
timeline's script, and a catalog that reaches every word of a built site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import io
import json
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup, Comment, Doctype, Tag
from test_golden import GOLDEN, build_golden_site
from test_timeline import event

from site_builder.build import BuildOptions, build
from site_builder.config import DEFAULT_KINDS
from site_builder.incremental.parallel import MIN_ITEMS
from site_builder.model.records import Place
from site_builder.model.timeline import PeriodSpan
from site_builder.render.overview import overview, place_map
from site_builder.render.share import SERVICES
from site_builder.render.templates import template_environment
from site_builder.render.words import Words
from site_builder.theme import TEMPLATES, layers

from conftest import PROJECT, site_at, write_long_site

WORDS = Words()

# The names the templates mark words with: Jinja2's i18n extension's.
MARKERS = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# Strings in the templates' code that are not words: addresses, file names, attribute names.
TEMPLATE_CODE = {
    *("#place-", "#timeline", "?place=", "kinds/", "topics/", "name", "slug", "decade"),
    *("people/", "places/", "forums/"),
    # How wide pages show pictures (`sizes`), and the class of each figure.
    *(
        "7.5rem",
        "(min-width: 44rem) 41.5rem, calc(100vw - 2.5rem)",
        "(min-width: 22.5rem) 20rem, calc(100vw - 2.5rem)",
    ),
    *("event-picture", "person-picture"),
    *("_macros.html", "_overview.html", "_share.html", "base.html", "js/share.js"),
    *("js/embed.js", "js/filters.js", "oembed.json"),
    *("css/style.css", "favicon.svg", "feed.xml", "js/timeline.js", "search-index.json"),
}
# Text outside the marks that is not the reader's language: og:type's values on event and
# person pages, and the `lang` attribute that macros add to an element.
TEMPLATE_TEXT = {"article", "profile", "lang"}
# Attributes a reader sees or hears.
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "label")
# The script's strings that a reader never sees: selectors, attributes, events, element names,
# CSS classes, the names of the page's words and of plural categories.
SCRIPT_CODE = {
    *("use strict", "DOMContentLoaded", "loading", "change", "reset", "submit"),
    *("popstate", "focus", "input", "object"),
    *(".chronology > li:not([hidden])", ".event-card[data-kind]", "section.year"),
    *("q", ".event-title a", "href", "details.tools", "(min-width: 64rem)"),
    *("unshown", "time, .date", ".places svg a[data-place]", ".places-list li", ".year-nav a"),
    *(".axis svg a", "\\n", ".axis-bar", "circle", ".axis-count"),
    *("[data-count]", "[data-filters]", "[data-no-match]", "[data-search-results]"),
    *("[data-search]", "[data-words]", "data-", "data-index"),
    *("kind", "topics", "people", "place", "filtered", "find", "timeline"),
    *("a", "li", "p", "span", "ul", "search-count", "search-details", "search-links"),
    "search-list",
    *("shown", "shown_of", "found", "not_found"),
    *("NFKC", "\\u0435"),  # the search's Unicode form, and the Cyrillic letter ie (U+0435)
}
# A script in a page or template, not a block of data, or a style: code, which no reader sees.
SCRIPT_CODE_IN_PAGE = re.compile(r"<script>.*?</script>|<style>.*?</style>", re.S)
# The end of a regular expression literal in a script, from after its opening slash.
PATTERN_END = re.compile(r"(?:[^/\\\[\n]|\\.|\[(?:[^\]\\]|\\.)*\])*/\w*")


def test_dates_spans_and_publications_in_english() -> None:
    assert WORDS.date(dt.date(2023, 7, 13)) == "13 July 2023"
    assert WORDS.span(dt.date(2023, 7, 13), None) == "13 July 2023"
    assert WORDS.span(dt.date(2023, 7, 13), dt.date(2023, 7, 13)) == "13 July 2023"
    assert WORDS.span(dt.date(2023, 7, 13), dt.date(2023, 7, 14)) == "13\u201314 July 2023"
    assert WORDS.span(dt.date(2023, 6, 30), dt.date(2023, 7, 2)) == "30 June \u2013 2 July 2023"
    assert (
        WORDS.span(dt.date(2023, 12, 30), dt.date(2024, 1, 2))
        == "30 December 2023 \u2013 2 January 2024"
    )
    assert WORDS.published(dt.date(2023, 8, 7)) == "7 August 2023"
    assert WORDS.published(dt.datetime(2023, 8, 7, 23, 4)) == "7 August 2023, 23:04"
    eight = dt.timezone(dt.timedelta(hours=8))
    assert (
        WORDS.published(dt.datetime(2023, 7, 14, 8, 34, tzinfo=eight))
        == "14 July 2023, 08:34 UTC+08:00"
    )


def test_the_time_between_events_in_the_unit_that_reads_naturally() -> None:
    days = (0, 1, 3, 13, 14, 25, 42, 60, 61, 311, 547, 548, 639, 640, 800)
    assert [WORDS.later(n) for n in days] == [
        "the same day",
        "1 day later",
        "3 days later",
        "13 days later",
        "2 weeks later",
        "4 weeks later",
        "6 weeks later",
        "9 weeks later",
        "2 months later",
        "10 months later",
        "18 months later",
        "over a year later",
        "over a year later",
        "2 years later",
        "2 years later",
    ]


def test_periods_numbers_and_counts() -> None:
    assert WORDS.period(PeriodSpan("2000s", 2000, 2009)) == "2000s"
    assert WORDS.period(PeriodSpan("2023", 2023, 2023)) == "2023"
    assert WORDS.number(2950) == "2,950"
    shown = WORDS.script()["shown"]
    assert shown == {"one": "%(num)s event shown.", "other": "%(num)s events shown."}


def test_the_map_grid_and_the_links_of_the_data_files_in_english() -> None:
    assert [WORDS.latitude(n) for n in (20, 0, -10)] == ["20\u00b0N", "0\u00b0N", "10\u00b0S"]
    assert [WORDS.longitude(n) for n in (100, 0, -70)] == [
        "100\u00b0E",
        "0\u00b0E",
        "70\u00b0W",
    ]
    assert WORDS.event_link() == "Full account and sources"
    assert WORDS.site_link() == "Every event, with its sources"


def template_words(source: str) -> list[str]:
    """The words of a template that are outside the `_()` marks: in its text, in the
    attributes readers see, and in its code's strings."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    skeleton, code, calls = [], [], []
    previous = None
    for token in env.lexer.tokenize(source):
        if token.type == "data":
            skeleton.append(token.value)
        elif token.type in ("variable_begin", "block_begin"):
            skeleton.append("\x00")  # a value, not text
        elif token.type == "lparen":
            calls.append(
                previous is not None and previous.test_any(*map("name:{}".format, MARKERS))
            )
        elif token.type == "rparen":
            calls.pop()
        elif token.type == "string" and not (calls and calls[-1]):
            code.append(token.value)
        previous = token
    text = re.sub(r"<!doctype[^>]*>|&\w+;", " ", "".join(skeleton), flags=re.I)
    text = SCRIPT_CODE_IN_PAGE.sub(" ", text)  # a script's code is no reader's text
    shown = [
        value
        for tag in re.findall(r"<[^>]*>", text)
        for name, value in re.findall(r'([\w:-]+)="([^"]*)"', tag)
        if name in SHOWN_ATTRIBUTES
        or (name == "content" and re.search(r'(name|property)="[^"]*(title|description)', tag))
    ]
    visible = " ".join([re.sub(r"<[^>]*>", " ", text), *shown])
    words = [word for word in re.findall(r"[^\W\d_]+", visible) if word not in TEMPLATE_TEXT]
    return words + [
        string for string in code if re.search(r"[^\W\d_]", string) and string not in TEMPLATE_CODE
    ]


@pytest.mark.parametrize(
    "path", sorted((PROJECT / "templates").glob("*.html")), ids=lambda p: p.name
)
def test_no_word_of_the_templates_is_left_unmarked(path: Path) -> None:
    assert template_words(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_words_left_unmarked() -> None:
    source = """<p title="Hover text">Hello {{ _("Marked") }} {{ "Unmarked" if x else _("ok") }}
<a href="{{ url('topics/') }}" aria-label="{{ _('Fine') }}">{{ gettext("Also fine") }}</a></p>"""
    assert template_words(source) == ["Hello", "Hover", "text", "Unmarked"]


def script_strings(source: str) -> list[str]:
    """The string literals of a script, its comments and regular expressions left out."""
    strings, at = [], 0
    token = re.compile(r"""//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|/""", re.S)
    while (found := token.search(source, at)) is not None:
        text, at = found.group(), found.end()
        if text[0] in "\"'":
            strings.append(text[1:-1])
        elif text == "/" and re.search(r"[(,=:!&|?{};]\s*$", source[: found.start()]):
            pattern = PATTERN_END.match(source, at)  # a regular expression, not a division
            at = pattern.end() if pattern else at
    return strings


def test_the_timeline_script_has_no_words_of_its_own() -> None:
    """Its words and those of the filters it shares with the embed's script (filters.js)."""
    strings = [
        string
        for name in ("timeline.js", "filters.js")
        for string in script_strings((PROJECT / "static" / "js" / name).read_text("utf-8"))
    ]
    assert "[data-words]" in strings  # the check reads the scripts
    words = [s for s in strings if re.search(r"[^\W\d_]", s) and s not in SCRIPT_CODE]
    assert words == []


def test_the_script_check_finds_strings_but_not_comments_or_patterns() -> None:
    source = """// "Not this"
    var a = "one", b = 'Two words'; /* "nor this" */ x.replace(/["']+/g, "");"""
    assert script_strings(source) == ["one", "Two words", ""]


def use_marked_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds from here on word their pages with `Marked`, whatever the site's language."""
    monkeypatch.setattr(Words, "for_site", classmethod(lambda cls, root, language: cls(Marked())))


class Marked(gettext.NullTranslations):
    """A catalog that puts each message between marks: what comes out unmarked did not pass
    through the catalog."""

    def gettext(self, message: str) -> str:
        return f"\u27e6{message}\u27e7"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"\u27e6{msgid1 if n == 1 else msgid2}\u27e7"

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


def unmarked(text: str) -> str:
    """`text` with every marked message taken out, innermost first."""
    while True:
        shorter = re.sub("\u27e6[^\u27e6\u27e7]*\u27e7", " ", text)
        if shorter == text:
            return text
        text = shorter


def site_data(root: Path) -> list[str]:
    """Every string of the site's own: its settings, its events' front matter, and the labels
    of the kinds a site has when its settings name none (config.py's), and the names of the
    services an event page offers to share it on (share.py's)."""
    found: list[str] = [kind.label for kind in DEFAULT_KINDS.values()]
    found += [service.name for service in SERVICES]

    def collect(value: object) -> None:
        if isinstance(value, str):
            found.extend([value, *value.split(",")])
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(yaml.safe_load((root / "site.yaml").read_text("utf-8")))
    for path in (root / "content").rglob("*.md"):
        collect(yaml.safe_load(path.read_text("utf-8").split("---")[1]))
    return sorted({text.strip() for text in found if text.strip()}, key=len, reverse=True)


def unmarked_words(output: Path, data: list[str]) -> list[str]:
    """What the pages in `output` show that is neither a marked message nor `data`, a line
    per page and text."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for ours in soup.select(
            'section.body, script[type="application/ld+json"], script:not([type]), noscript'
        ):
            ours.decompose()  # the event's own account, data for search engines, and code
        words_block = soup.select_one("script[data-words]")
        if words_block is not None:
            words = json.loads(words_block.get_text())
            texts = [
                t for v in words.values() for t in (v.values() if isinstance(v, dict) else [v])
            ]
            assert all(text.startswith("\u27e6") for text in texts if text != words["language"])
            words_block.decompose()
        strings = [
            str(string)
            for string in soup.find_all(string=True)
            if not isinstance(string, (Comment, Doctype))
        ]
        shown = [
            str(tag[name])
            for tag in soup.find_all(True)
            if isinstance(tag, Tag)
            for name in SHOWN_ATTRIBUTES
            if tag.has_attr(name)
        ]
        shown += [
            str(tag["content"])
            for tag in soup.find_all("meta")
            if re.search("title|description", str(tag.get("name") or tag.get("property") or ""))
        ]
        for text in [" ".join(strings), *shown]:
            left = unmarked(text)
            for own in data:
                left = left.replace(own, " ")
            words = re.findall(r"[^\W\d_]+", left)
            if words:
                problems.append(f"{page.relative_to(output)}: {' '.join(words)}")
    return problems


def test_a_catalog_reaches_every_word_of_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sites built with a catalog that marks each message: the golden site, a long one split
    into periods and numbered pages with its drafts shown, and one without events. No word
    of a page is left unmarked but the site's own."""
    use_marked_words(monkeypatch)
    output = build_golden_site(tmp_path / "golden")
    assert unmarked_words(output, site_data(GOLDEN / "site")) == []

    long = site_at(tmp_path / "long")
    write_long_site(long, {1995: 3, 2001: 30, 2002: 25}, page_size=20)
    long.event("draft", title="A draft", date="2002-12-30", draft="true")
    build(BuildOptions(root=long.root, drafts=True))
    assert (long.build_dir / "years" / "1990s").is_dir()
    assert (long.build_dir / "topics" / "trade" / "page" / "2").is_dir()
    assert unmarked_words(long.build_dir, site_data(long.root)) == []

    empty = site_at(tmp_path / "empty")
    build(BuildOptions(root=empty.root))
    assert unmarked_words(empty.build_dir, site_data(empty.root)) == []


def test_a_catalog_words_the_search_index_and_timeline_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data files a build writes beside the pages word what they show (a result's days, a
    slide's link) with the renderer's catalog, as the pages do: in a site of enough events for
    their parts to be computed in the build's workers, one of them over two days."""
    use_marked_words(monkeypatch)
    site = site_at(tmp_path / "site")
    site.event("talks", title="Talks", date="2023-07-13", end_date="2023-07-14")
    for number in range(1, MIN_ITEMS):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
        site.event(f"e{number}", title="A meeting", date=day.isoformat())
    build(BuildOptions(root=site.root))

    records = json.loads((site.build_dir / "search-index.json").read_text("utf-8"))
    dates = [record["date"] for record in records]
    assert len(dates) == MIN_ITEMS
    assert dates[:2] == [
        "\u27e613\u201314 \u27e6July\u27e7 2023\u27e7",
        "\u27e62 \u27e6January\u27e7 2024\u27e7",
    ]
    assert all(date[0] == "\u27e6" and date[-1] == "\u27e7" for date in dates)
    timeline = json.loads((site.build_dir / "timeline.json").read_text("utf-8"))
    links = [
        BeautifulSoup(slide["text"]["text"], "html.parser").select("a")[0].get_text()
        for slide in [timeline["title"], *timeline["events"]]
    ]
    assert links == [
        "\u27e6Every event, with its sources\u27e7",
        *["\u27e6Full account and sources\u27e7"] * MIN_ITEMS,
    ]


def test_a_catalog_words_the_map_grid() -> None:
    """The map's grid labels pass through the catalog of the words the overview is given, in
    a map drawn afresh and in one drawn from the last one's layout."""
    known = {"Jakarta, Indonesia": (-6.21, 106.85), "Moscow, Russia": (55.76, 37.62)}
    events = [
        dataclasses.replace(event("j", "2023-07-13"), location=Place("Jakarta", "Indonesia")),
        dataclasses.replace(event("m", "2023-09-18"), location=Place("Moscow", "Russia")),
    ]
    marked = Words(Marked())
    english = place_map(events, known)
    drawn = place_map(events, known, marked)
    assert english is not None and drawn is not None
    assert "0\u00b0N" in [line.label for line in english.grid]
    assert [line.label for line in drawn.grid] == [
        f"\u27e6{line.label}\u27e7" for line in english.grid
    ]
    again = overview(events, known, overview(events, known, None), marked).place_map
    assert again == drawn


def test_a_catalog_plugs_into_the_template_environment(tmp_path: Path) -> None:
    env = template_environment(layers(tmp_path, TEMPLATES), html=True, words=Words(Marked()))
    template = env.from_string(
        '{{ _("Topics") }} {{ ngettext("%(num)s event", "%(num)s events", 2) }} '
        "{{ day | human_date }} {{ 25 | number }}"
    )
    marked = "\u27e6Topics\u27e7 \u27e62 events\u27e7 \u27e613 \u27e6July\u27e7 2023\u27e7 25"
    assert template.render(day=dt.date(2023, 7, 13)) == marked


def test_a_language_without_a_catalog_is_worded_in_english() -> None:
    words = Words.for_language("xx-YY")
    assert words.later(25) == "4 weeks later"
    assert words.script()["language"] == "xx-YY"


def test_words_without_values_are_worded_when_a_template_compiles() -> None:
    """`_("Topics")` costs nothing per page; words that escaping would change, and words with
    values, are worded as the page renders, as the i18n extension words them."""
    from site_builder.render.templates import template_environment

    env = template_environment([], html=True)
    code = env.compile('{{ _("Topics") }}|{{ _("A & B") }}|{{ _("%(n)s days", n=3) }}', raw=True)
    assert "yield 'Topics|'" in code  # folded into the page's own text
    assert code.count("context.call(") == 2  # the other two, as pages render
    rendered = env.from_string('{{ _("Topics") }}|{{ _("A & B") }}|{{ _("%(n)s <days>", n=3) }}')
    assert rendered.render() == "Topics|A & B|3 <days>"


# The shipped catalogs --------------------------------------------------------------------

LOCALE = PROJECT / "site_builder" / "locale"
SHIPPED = ("zh", "ru")


def extracted_messages() -> set[tuple[str | None, object]]:
    """Every message the code and the templates mark, as `pybabel extract` finds them with
    the repository's `babel.cfg` and `scripts/catalogs.py`'s keyword."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
    from babel.messages.frontend import parse_keywords, parse_mapping_cfg

    with (PROJECT / "babel.cfg").open(encoding="utf-8") as file:
        methods, options = parse_mapping_cfg(file)
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(["_kind_label:1c,2"])}
    found = set()
    for pattern, method in methods:
        for path in sorted(PROJECT.glob(pattern.replace("**", "*"))):
            for _, message, _, context in extract_from_file(
                method, str(path), keywords=keywords, options=options[pattern]
            ):
                found.add((context, message))
    return found


def catalog_messages(path: Path) -> dict[tuple[str | None, object], Any]:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        catalog = read_po(file)
    return {(m.context, m.id): m for m in catalog if m.id}


def test_the_template_catalog_holds_every_marked_message() -> None:
    """`site_builder/locale/messages.pot` is up to date: `python scripts/catalogs.py` makes it
    again, and the languages' catalogs from it, whenever a marked word changes."""
    assert set(catalog_messages(LOCALE / "messages.pot")) == extracted_messages()


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_language_translates_every_message(language: str) -> None:
    from site_builder.reading.catalogs import translation_problem

    template = catalog_messages(LOCALE / "messages.pot")
    po = LOCALE / language / "LC_MESSAGES" / "messages.po"
    translated = catalog_messages(po)
    assert set(translated) == set(template)
    untranslated = [
        key
        for key, message in translated.items()
        if message.fuzzy
        or not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert untranslated == []
    problems = [translation_problem(message.id, message.string) for message in translated.values()]
    assert [problem for problem in problems if problem] == []


@pytest.mark.parametrize("language", SHIPPED)
def test_each_compiled_catalog_is_its_source_compiled(language: str) -> None:
    """Builds read the `.mo` files: each says what its `.po` says (`scripts/catalogs.py`
    compiles them)."""
    from site_builder.reading.catalogs import compile_catalog

    folder = LOCALE / language / "LC_MESSAGES"
    problems: list[object] = []
    compiled = compile_catalog((folder / "messages.po").read_bytes(), "po", language, problems)
    assert problems == []
    shipped = gettext.GNUTranslations((folder / "messages.mo").open("rb"))
    fresh = gettext.GNUTranslations(io.BytesIO(compiled))
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]
    assert [shipped.ngettext("a", "b", n) for n in range(30)] == [
        fresh.ngettext("a", "b", n) for n in range(30)
    ]
