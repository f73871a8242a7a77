"""A site in Chinese or Russian: the interface in the language (the shipped catalogs, a site's
own before them), dates and numbers in the language's forms (CLDR's, through Babel), names in
any script making addresses, the filters and the search working with them; and a site in
English left as it was."""

# ruff: noqa: RUF001, RUF003 (the tests hold Chinese and Russian text on purpose)

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Comment, Doctype, Tag

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.exports.formats import timelinejs_language
from site_builder.model.slugs import is_slug, slugify
from site_builder.problems import SiteError
from site_builder.render.templates import template_environment
from site_builder.render.words import Words
from site_builder.theme import TEMPLATES, layers

from conftest import (
    SITE_YAML,
    TIMEOUT_MS,
    Site,
    js_packages,
    launched_chromium,
    serve_folder,
    site_at,
)

# CLDR's spaces: narrow no-break (before "г."), no-break (between thousands), thin (around "–").
NNBSP, NBSP, THIN = "\u202f", "\u00a0", "\u2009"
# Attributes a reader sees or hears.
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "label")
# What a page in any language may show in Latin letters: a time zone (UTC+08:00), and the
# name of the language an embed snippet is written in (HTML).
LATIN_ALLOWED = {"UTC", "HTML"}


@dataclass(frozen=True)
class Content:
    """A site's own words in one language: its title, places, people, topics and texts."""

    language: str
    title: str
    description: str
    places: Mapping[str, tuple[float, float]]
    people: tuple[tuple[str, str, str], ...]  # name, role, country
    topics: tuple[str, ...]
    event_title: str  # with {n}
    summary: str
    body: str
    occasion: str
    outlet: str


ZH = Content(
    "zh",
    "中俄外长会晤",
    "中俄两国外长的会晤与通话。",
    {"莫斯科, 俄罗斯": (55.76, 37.62), "雅加达, 印度尼西亚": (-6.21, 106.85)},
    (("王毅", "外长", "中国"), ("拉夫罗夫", "外长", "俄罗斯")),
    ("乌克兰", "东盟", "贸易", "能源", "安全"),
    "第{n}次外长会谈",
    "双方就双边关系交换意见。",
    "王毅同拉夫罗夫举行会谈，双方谈到了科罗廖夫。",
    "东盟外长会议",
    "新华社",
)
RU = Content(
    "ru",
    "Встречи министров иностранных дел России и Китая",
    "Встречи и телефонные разговоры министров.",
    {"Москва, Россия": (55.76, 37.62), "Джакарта, Индонезия": (-6.21, 106.85)},
    (("Ван И", "министр", "Китай"), ("Сергей Лавров", "министр", "Россия")),
    ("Украина", "АСЕАН", "Торговля", "Энергетика", "Безопасность"),
    "Переговоры номер {n}",
    "Стороны обсудили двусторонние отношения.",
    "Сергей Лавров и Ван И провели переговоры и вспомнили Королёва.",
    "Совещание министров иностранных дел",
    "ТАСС",
)
# How many events each topic has: Russian words counts of 1 and 21, 2 and 22, and 5 apart.
TOPIC_COUNTS = (1, 2, 5, 21, 22)
EVENTS = 22


def event_days(count: int) -> list[tuple[dt.date, dt.date | None]]:
    """`count` events from 2019 on, about ten weeks apart; the first three over several days:
    within a month, across two months, across a new year."""
    days: list[tuple[dt.date, dt.date | None]] = [
        (dt.date(2019, 3, 4), dt.date(2019, 3, 5)),
        (dt.date(2019, 6, 29), dt.date(2019, 7, 2)),
        (dt.date(2019, 12, 30), dt.date(2020, 1, 2)),
    ]
    while len(days) < count:
        days.append((days[-1][0] + dt.timedelta(days=73), None))
    return days


def write_language_site(site: Site, content: Content, page_size: int = 100) -> None:
    """EVENTS events in `content`'s language: meetings and visits in its places, phone and
    video calls; topic i on the first TOPIC_COUNTS[i] events; the last event a draft."""
    config = {
        "title": content.title,
        "description": content.description,
        "base_url": "https://example.org/",
        "language": content.language,
        "page_size": page_size,
        "places": {name: list(at) for name, at in content.places.items()},
    }
    site.write("site.yaml", yaml.safe_dump(config, allow_unicode=True))
    places = list(content.places)
    kinds = ("meeting", "phone-call", "visit", "video-call", "summit")
    for index, (start, end) in enumerate(event_days(EVENTS)):
        kind = kinds[index % len(kinds)]
        in_person = kind in ("meeting", "visit", "summit")
        published = "2019-03-05 08:34+08:00" if index == 0 else start.isoformat()
        front: dict[str, object] = {
            "title": content.event_title.format(n=index + 1),
            "date": start,
            **({"end_date": end} if end else {}),
            "kind": kind,
            **({"location": places[index % len(places)]} if in_person else {}),
            **({"occasion": content.occasion} if index % 4 == 0 else {}),
            "participants": [
                {"name": name, "role": role, "country": country}
                for name, role, country in content.people
            ],
            "topics": [
                topic
                for topic, count in zip(content.topics, TOPIC_COUNTS, strict=True)
                if index < count
            ],
            "summary": content.summary,
            "sources": [
                {"outlet": content.outlet, "title": content.summary, "published": published},
                {"outlet": content.outlet, "title": content.summary, "published": "unknown"},
            ],
            **({"draft": True} if index == EVENTS - 1 else {}),
        }
        document = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        site.write(f"content/meetings/{index + 1:02d}.md", f"---\n{document}---\n{content.body}\n")


def built(tmp_path: Path, content: Content, page_size: int = 100, drafts: bool = True) -> Site:
    site = site_at(tmp_path / content.language)
    write_language_site(site, content, page_size)
    build(BuildOptions(root=site.root, drafts=drafts))
    return site


def latin_words(output: Path) -> list[str]:
    """The words in Latin letters that the pages in `output` show a reader, a line per page
    and text: in their text, in the attributes read out or shown, in their titles and
    descriptions for search engines and links, and in the words the script shows. Addresses
    and file paths (a source's URL, `<code>content/</code>`) are not words, nor is the text of
    an element marked as written in another language than the page's (`lang="en"`)."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for data in soup.select(
            'script[type="application/ld+json"], script:not([type]), noscript, code'
        ):
            data.decompose()
        own = soup.html["lang"] if soup.html is not None else None
        for other in soup.select("body [lang]"):
            if other["lang"] != own and not other.decomposed:
                other.decompose()
        texts = []
        words_block = soup.select_one("script[data-words]")
        if words_block is not None:
            words = json.loads(words_block.get_text())
            texts += [
                t for v in words.values() for t in (v.values() if isinstance(v, dict) else [v])
            ]
            texts.remove(words["language"])
            words_block.decompose()
        texts.append(
            " ".join(
                str(string)
                for string in soup.find_all(string=True)
                if not isinstance(string, (Comment, Doctype))
            )
        )
        texts += [
            str(tag[name])
            for tag in soup.find_all(True)
            if isinstance(tag, Tag)
            for name in SHOWN_ATTRIBUTES
            if tag.has_attr(name)
        ]
        texts += [
            str(tag["content"])
            for tag in soup.find_all("meta")
            if re.search("title|description", str(tag.get("name") or tag.get("property") or ""))
        ]
        for text in texts:
            text = re.sub(r"https?://\S+|%\(\w+\)s", " ", text)
            found = [w for w in re.findall(r"[A-Za-z]+", text) if w not in LATIN_ALLOWED]
            if found:
                problems.append(f"{page.relative_to(output)}: {' '.join(found)}")
    return problems


# The interface in the language -----------------------------------------------------------


@pytest.mark.parametrize("content", [ZH, RU], ids=["zh", "ru"])
def test_no_english_word_is_left_in_the_interface(tmp_path: Path, content: Content) -> None:
    """Every page of a site in Chinese or Russian, split into periods and numbered pages, with
    a draft shown, and of one without events: no word in Latin letters but the site's own."""
    site = built(tmp_path, content, page_size=5)
    assert (site.build_dir / "topics" / slugify(content.topics[-1]) / "page" / "5").is_dir()
    assert any((site.build_dir / "years").iterdir())
    assert latin_words(site.build_dir) == []

    empty = site_at(tmp_path / f"{content.language}-empty")
    config = {"title": content.title, "base_url": "https://example.org/"}
    empty.write("site.yaml", yaml.safe_dump({**config, "language": content.language}))
    build(BuildOptions(root=empty.root))
    assert latin_words(empty.build_dir) == []


def test_the_check_finds_english_words(tmp_path: Path) -> None:
    site = site_at(tmp_path / "en")
    site.event("talks", title="会谈")
    build(BuildOptions(root=site.root))
    found = "\n".join(latin_words(site.build_dir))
    assert re.search(r"^index\.html: .*\bSkip to the content\b", found, re.M)


def test_the_interface_speaks_the_language(tmp_path: Path) -> None:
    zh, ru = built(tmp_path, ZH), built(tmp_path, RU)
    assert zh.html("index.html").select_one(".skip-link").get_text() == "跳到正文"
    assert ru.html("index.html").select_one(".skip-link").get_text() == "Перейти к содержанию"
    event = ru.html("meetings/01/index.html")
    assert [h.get_text() for h in event.select("h2")] == [
        "Участники",
        "Что произошло",
        "Источники",
        "Темы",
        "Поделиться",
    ]
    assert event.select_one(".prev-next .next span").get_text() == "Следующее"
    assert event.select_one("html")["lang"] == "ru"


def test_the_search_words_its_counts_in_russian_plural_forms(tmp_path: Path) -> None:
    """What the script says of a search's results, for each plural category CLDR gives
    Russian (the browser's Intl.PluralRules picks one: 1, 21 one; 2, 22 few; 5 many)."""
    found = Words.for_site(tmp_path, "ru").script()["found"]
    assert found == {
        "one": "Найдено %(num)s событие.",
        "few": "Найдено %(num)s события.",
        "many": "Найдено %(num)s событий.",
    }


def test_russian_counts_take_their_plural_forms(tmp_path: Path) -> None:
    """1 событие, 2 события, 5 событий, 21 событие, 22 события: the topics' counts."""
    site = built(tmp_path, RU)
    extents = [
        " ".join(li.select_one(".topic-extent").get_text().split()).split(",")[0]
        for li in site.html("topics/index.html").select(".topic-index li")
    ]
    assert sorted(extents, key=lambda text: int(text.split()[0])) == [
        "1 событие",
        "2 события",
        "5 событий",
        "21 событие",
        "22 события",
    ]
    words = json.loads(site.html("index.html").select_one("[data-words]").get_text())
    assert words["shown"] == {
        "one": "Показано %(num)s событие.",
        "few": "Показано %(num)s события.",
        "many": "Показано %(num)s событий.",
    }
    russian = Words.for_language("ru")
    days = (1, 2, 5, 35, 61, 152, 7670, 8036)
    assert [russian.later(count) for count in days] == [
        "1 день спустя",
        "2 дня спустя",
        "5 дней спустя",
        "5 недель спустя",
        "2 месяца спустя",
        "5 месяцев спустя",
        "21 год спустя",
        "22 года спустя",
    ]


def test_dates_take_the_languages_forms(tmp_path: Path) -> None:
    zh, ru = built(tmp_path, ZH), built(tmp_path, RU)
    for site, first, spans, published in (
        (
            zh,
            f"2019年3月4日{THIN}–{THIN}5日",
            [f"2019年6月29日{THIN}–{THIN}7月2日", f"2019年12月30日{THIN}–{THIN}2020年1月2日"],
            "2019年3月5日 08:34（UTC+08:00）",
        ),
        (
            ru,
            f"4—5 марта 2019{NNBSP}г.",
            [
                f"29 июня — 2 июля 2019{NNBSP}г.",
                f"30 декабря 2019{NNBSP}г. — 2 января 2020{NNBSP}г.",
            ],
            f"5 марта 2019{NNBSP}г., 08:34 UTC+08:00",
        ),
    ):
        page = site.html("meetings/01/index.html")
        assert page.select_one(".event-meta time").get_text() == first
        assert page.select_one(".sources time").get_text() == published
        assert [
            site.html(f"meetings/0{n}/index.html").select_one(".event-meta time").get_text()
            for n in (2, 3)
        ] == spans
    assert zh.html("meetings/04/index.html").select_one(".event-meta time").get_text() == (
        "2020年3月12日"
    )
    gaps = [p.get_text() for p in zh.html("index.html").select(".gap")]
    assert gaps[:3] == ["4个月后", "6个月后", "2个月后"]
    gaps = [p.get_text() for p in ru.html("index.html").select(".gap")]
    assert gaps[:3] == ["4 месяца спустя", "6 месяцев спустя", "2 месяца спустя"]


def test_numbers_and_the_map_grid_take_the_languages_forms(tmp_path: Path) -> None:
    found = layers(tmp_path, TEMPLATES)
    rendered = {}
    for language in ("en", "zh", "ru"):
        env = template_environment(found, html=True, words=Words.for_language(language))
        template = env.from_string(
            '{% from "_macros.html" import event_count %}{{ event_count(2000) }}|{{ 2950 | number }}'
        )
        rendered[language] = template.render()
    assert rendered == {
        "en": "2,000 events|2,950",
        "zh": "2,000个事件|2,950",
        "ru": f"2{NBSP}000 событий|2{NBSP}950",
    }
    russian, chinese = Words.for_language("ru"), Words.for_language("zh")
    assert [russian.latitude(60), chinese.longitude(100)] == ["60° с. ш.", "东经100°"]


# A site's own catalog --------------------------------------------------------------------

OVERRIDE = """\
msgid "Topics"
msgstr "Рубрики"
"""
GERMAN = """\
msgid ""
msgstr ""
"Language: de\\n"

msgid "Topics"
msgstr "Themen"

#, python-format
msgid "%(num)s event"
msgid_plural "%(num)s events"
msgstr[0] "%(num)s Ereignis"
msgstr[1] "%(num)s Ereignisse"

msgctxt "kind of event"
msgid "Meeting"
msgstr "Treffen"

msgid "Timeline"
msgstr ""
"""


def test_a_site_catalog_changes_a_word_and_the_package_words_the_rest(tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    write_language_site(site, RU)
    site.write("locale/ru/LC_MESSAGES/messages.po", OVERRIDE)
    build(BuildOptions(root=site.root))
    nav = [a.get_text() for a in site.html("index.html").select(".site-header nav a")]
    assert nav == ["Хронология", "Рубрики"]
    assert site.html("topics/index.html").select_one("h1").get_text() == "Рубрики"


def test_a_site_catalog_adds_a_language(tmp_path: Path) -> None:
    """German, which the package has no catalog of: the site's words, CLDR's dates, and the
    English text where the site's catalog has none (an empty translation is none)."""
    site = site_at(tmp_path / "site")
    site.write("site.yaml", SITE_YAML + "language: de\n")
    site.event("talks", title="Gespräche", date="2023-07-13")
    site.write("locale/de/LC_MESSAGES/messages.po", GERMAN)
    result = build(BuildOptions(root=site.root))
    assert not [warning for warning in result.warnings if "catalog" in warning]
    page = site.html("index.html")
    assert [a.get_text() for a in page.select(".site-header nav a")] == ["Timeline", "Themen"]
    assert "1 Ereignis" in page.select_one(".overview").get_text()
    assert page.select_one(".event-meta time").get_text() == "13. Juli 2023"
    assert page.select_one(".event-meta .kind").get_text() == "Treffen"


def test_a_language_without_a_catalog_is_english_and_says_so(tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    site.write("site.yaml", SITE_YAML + "language: de\n")
    site.event("talks", title="Gespräche", date="2023-07-13")
    result = build(BuildOptions(root=site.root))
    assert any('"de" has no catalog' in warning for warning in result.warnings)
    page = site.html("index.html")
    assert page.select_one(".event-meta time").get_text() == "13 July 2023"
    assert page.select_one("html")["lang"] == "de"


@pytest.mark.parametrize(
    ("catalog", "line", "said"),
    [
        (
            'msgid "%(num)s event"\nmsgid_plural "%(num)s events"\nmsgstr[0] "%(count)s Ding"\n',
            1,
            "%(count)s",
        ),
        ('\nmsgid "Topics"\nmsgstr "100% Themen"\n', 2, "%%"),
        ('msgid "Topics"\nmsgstr "Themen"\nthis is no catalog\n', 3, "gettext catalog"),
    ],
)
def test_a_site_catalog_that_cannot_be_used_is_a_problem_at_its_line(
    tmp_path: Path, catalog: str, line: int, said: str
) -> None:
    site = site_at(tmp_path / "site")
    site.write("site.yaml", SITE_YAML + "language: de\n")
    site.event("talks", title="Gespräche")
    site.write("locale/de/LC_MESSAGES/messages.po", catalog)
    with pytest.raises(SiteError) as raised:
        build(BuildOptions(root=site.root))
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == ("locale/de/LC_MESSAGES/messages.po", line)
    assert said in problem.message
    assert not site.build_dir.exists()


def test_an_edited_site_catalog_makes_the_pages_again(tmp_path: Path) -> None:
    """The site's catalogs are in what the build is keyed by, and what it keeps in `.cache/`."""
    site = site_at(tmp_path / "site")
    write_language_site(site, RU)
    site.write("locale/ru/LC_MESSAGES/messages.po", OVERRIDE)
    build(BuildOptions(root=site.root))
    site.write("locale/ru/LC_MESSAGES/messages.po", OVERRIDE.replace("Рубрики", "Разделы"))
    result = build(BuildOptions(root=site.root))
    assert result.written > 0
    assert site.html("meetings/01/index.html").select_one("h2#topics").get_text() == "Разделы"


def test_a_site_that_changes_its_language_changes_every_page(tmp_path: Path) -> None:
    """Compiled templates hold the words they were compiled with: each language keeps its own."""
    site = site_at(tmp_path / "site")
    site.event("talks", title="Переговоры")
    build(BuildOptions(root=site.root))
    english = site.snapshot()
    assert site.html("index.html").select_one(".skip-link").get_text() == "Skip to the content"
    site.write("site.yaml", SITE_YAML + "language: ru\n")
    build(BuildOptions(root=site.root))
    assert site.html("index.html").select_one(".skip-link").get_text() == "Перейти к содержанию"
    assert site.html("meetings/talks/index.html").select_one(".kind").get_text() == "Встреча"
    site.write("site.yaml", SITE_YAML)
    build(BuildOptions(root=site.root))
    assert site.snapshot() == english


def test_default_kinds_speak_the_language_and_a_sites_own_kinds_are_its_words(
    tmp_path: Path,
) -> None:
    (tmp_path / "site.yaml").write_text(SITE_YAML + "language: zh\n", encoding="utf-8")
    labels = [kind.label for kind in load_config(tmp_path).kinds.values()]
    assert labels == ["会晤", "通话", "视频通话", "访问", "峰会"]
    own = SITE_YAML + "language: zh\nkinds:\n  meeting: {label: Meeting, in_person: true}\n"
    (tmp_path / "site.yaml").write_text(own, encoding="utf-8")
    assert [kind.label for kind in load_config(tmp_path).kinds.values()] == ["Meeting"]


@pytest.mark.parametrize("language", ["en_US", "English", "zh CN", "x" * 40])
def test_a_language_is_a_language_tag(tmp_path: Path, language: str) -> None:
    (tmp_path / "site.yaml").write_text(SITE_YAML + f"language: {language}\n", encoding="utf-8")
    with pytest.raises(SiteError) as raised:
        load_config(tmp_path)
    (problem,) = raised.value.problems
    assert (problem.path, problem.field) == ("site.yaml", "language")
    assert "zh-CN" in problem.message


# Names in any script ---------------------------------------------------------------------


def test_names_in_any_script_make_addresses() -> None:
    assert [slugify(name) for name in ("乌克兰", "莫斯科, 俄罗斯", "Москва", "G20峰会")] == [
        "wu-ke-lan",
        "mo-si-ke-e-luo-si",
        "moskva",
        "g20-feng-hui",
    ]
    assert is_slug(slugify("王毅会见拉夫罗夫"))
    # Names in Latin letters keep the slugs they had.
    assert [slugify(name) for name in ("Middle East", "São Paulo", "Xi’an", "½ price")] == [
        "middle-east",
        "sao-paulo",
        "xian",
        "12-price",
    ]


def test_a_chinese_topic_and_place_build_pages_and_filters(tmp_path: Path) -> None:
    site = built(tmp_path, ZH)
    topic = site.html("topics/wu-ke-lan/index.html")
    assert topic.select_one("h1").get_text() == "乌克兰"
    page = site.html("index.html")
    card = page.select_one("#meetings-01")
    assert card["data-place"] == "mo-si-ke-e-luo-si"
    assert card["data-topics"].split() == [
        "wu-ke-lan",
        "dong-meng",
        "mao-yi",
        "neng-yuan",
        "an-quan",
    ]
    assert card["data-people"] == "wang-yi la-fu-luo-fu"
    options = {o.get_text(): o["value"] for o in page.select("#filter-place option")}
    assert options["莫斯科, 俄罗斯"] == "mo-si-ke-e-luo-si"
    index = json.loads((site.build_dir / "search-index.json").read_text("utf-8"))
    assert "拉夫罗夫" in index[0]["text"]


def test_timeline_json_names_the_language_for_timelinejs(tmp_path: Path) -> None:
    assert [timelinejs_language(tag) for tag in ("en", "zh", "zh-TW", "ru-RU", "xx")] == [
        None,
        "zh-cn",
        "zh-tw",
        "ru",
        None,
    ]
    zh = built(tmp_path, ZH)
    assert json.loads((zh.build_dir / "timeline.json").read_text("utf-8"))["language"] == "zh-cn"
    english = site_at(tmp_path / "en")
    english.event("talks")
    build(BuildOptions(root=english.root))
    assert "language" not in json.loads((english.build_dir / "timeline.json").read_text("utf-8"))


@pytest.mark.slow
def test_the_catalogs_ship_in_the_package(tmp_path: Path) -> None:
    """The wheel holds the compiled catalogs: a site built by the installed package speaks its
    language."""
    pytest.importorskip("setuptools")
    from test_scaffold import build_wheel

    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for language in ("zh", "ru"):
        for kind in ("po", "mo"):
            assert f"site_builder/locale/{language}/LC_MESSAGES/messages.{kind}" in names
    assert "site_builder/locale/messages.pot" in names
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    site = site_at(tmp_path / "site")
    write_language_site(site, RU)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import site_builder.cli as cli; "
        "assert cli.__file__.startswith(sys.argv[1]), cli.__file__; "
        "sys.exit(cli.main(sys.argv[2:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(installed), "build", "-s", str(site.root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert site.html("index.html").select_one(".skip-link").get_text() == "Перейти к содержанию"


# In a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The Chinese and the Russian site, without the draft, each at a loopback address."""
    addresses, servers = {}, []
    for content in (ZH, RU):
        site = site_at(tmp_path_factory.mktemp(content.language) / "site")
        write_language_site(site, content)
        build(BuildOptions(root=site.root))
        server, addresses[content.language] = serve_folder(site.build_dir)
        servers.append(server)
    yield addresses
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    yield from launched_chromium()


@pytest.fixture
def page(chromium: Any, served: dict[str, str]) -> Iterator[Any]:
    """A new page; when done, no error must have happened on it."""
    context = chromium.new_context()
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert errors == []


def shown_dates(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            ".chronology > li:not([hidden]) article time",
            "nodes => nodes.map(n => n.getAttribute('datetime'))",
        )
    )


def published_days() -> list[str]:
    return [start.isoformat() for start, _ in event_days(EVENTS)[: EVENTS - 1]]


def days_in(place: int) -> list[str]:
    """The days of the published events held in the site's first (0) or second place (1)."""
    return [
        day
        for index, day in enumerate(published_days())
        if index % 5 in (0, 2, 4) and index % 2 == place
    ]


@pytest.mark.browser
def test_the_filters_work_with_chinese_places_and_topics(page: Any, served: dict[str, str]) -> None:
    from playwright.sync_api import expect

    url = served["zh"]
    page.goto(url)
    expect(page.locator("[data-count]")).to_have_text("显示21个事件。")
    page.select_option("#filter-place", label="莫斯科, 俄罗斯")
    expect(page).to_have_url(url + "?place=mo-si-ke-e-luo-si")
    in_moscow = days_in(0)
    assert shown_dates(page) == in_moscow
    expect(page.locator("[data-count]")).to_have_text(f"显示{len(in_moscow)}个事件，共21个。")
    page.click("button.clear")
    page.select_option("#filter-topic", label="乌克兰")
    expect(page).to_have_url(url + "?topic=wu-ke-lan")
    assert shown_dates(page) == published_days()[:1]
    page.goto(url + "?participant=la-fu-luo-fu")
    assert shown_dates(page) == published_days()


@pytest.mark.browser
def test_the_search_finds_chinese_without_spaces(page: Any, served: dict[str, str]) -> None:
    from playwright.sync_api import expect

    page.goto(served["zh"])
    box = page.locator("#search-box")
    box.fill("拉夫罗夫")  # in every event's account: a run of characters within a longer one
    expect(page.locator("[data-count]")).to_have_text("显示21个事件，共21个。")
    box.fill("第7次")
    titles = page.locator(".chronology > li:not([hidden]) .event-title")
    expect(titles).to_have_text(["第7次外长会谈"])
    box.fill("科罗廖夫 莫斯科")  # two words, one from the account and one from the place
    expect(page.locator("[data-count]")).to_have_text(f"显示{len(days_in(0))}个事件，共21个。")
    box.fill("北京")
    expect(page.locator("[data-count]")).to_have_text("显示0个事件，共21个。")
    expect(page.locator("[data-no-match]")).to_be_visible()


@pytest.mark.browser
def test_the_search_and_counts_in_russian(page: Any, served: dict[str, str]) -> None:
    from playwright.sync_api import expect

    page.goto(served["ru"])
    expect(page.locator("[data-count]")).to_have_text("Показано 21 событие.")
    box = page.locator("#search-box")
    for query, shown in (
        ("лавров", 21),  # whatever the case
        ("ЛАВРОВ", 21),
        ("королев", 21),  # ё written е
        ("украина", 1),  # a topic of one event, of two, of five
        ("асеан", 2),
        ("Торговля", 5),
        ("джакарта", len(days_in(1))),
    ):
        box.fill(query)
        expect(page.locator("[data-count]")).to_have_text(f"Показано {shown} из 21 события.")
    page.goto(served["ru"] + "?topic=torgovlia")
    expect(page.locator("[data-count]")).to_have_text("Показано 5 из 21 события.")
    page.goto(served["ru"] + "?topic=ukraina")
    expect(page.locator("[data-count]")).to_have_text("Показано 1 из 21 события.")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "path"),
    [("zh", ""), ("zh", "meetings/01/"), ("ru", ""), ("ru", "topics/energetika/")],
)
def test_axe_finds_no_violations_in_chinese_and_russian(
    chromium: Any, served: dict[str, str], language: str, path: str
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(served[language] + path)
    page.add_script_tag(path=str(js_packages() / "axe-core/axe.min.js"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})).violations"
    )
    context.close()
    assert [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations] == []


EMBEDDING_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>timeline.json</title>
<link rel="icon" href="data:,">
<script src="timelinejs/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 640px"></div>
<script>
  fetch("timeline.json").then(r => r.json()).then(data => {
    window.timeline = new TL.Timeline("timeline", data, {
      script_path: new URL("timelinejs/js/", location.href).href,
      font: null, hash_bookmark: false, language: data.language || "en",
    });
    window.timeline.on("loaded", () => { window.loaded = true; });
  });
</script></body></html>
"""


@pytest.mark.browser
def test_timelinejs_takes_the_language_from_timeline_json(chromium: Any, tmp_path: Path) -> None:
    site = built(tmp_path, ZH, drafts=False)
    www = tmp_path / "www"
    www.mkdir()
    shutil.copy(site.build_dir / "timeline.json", www / "timeline.json")
    (www / "timelinejs").symlink_to(js_packages() / "@knight-lab/timelinejs/dist")
    (www / "index.html").write_text(EMBEDDING_PAGE, encoding="utf-8")
    server, url = serve_folder(www)
    try:
        page = chromium.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        page.wait_for_function("() => window.loaded === true")
        assert page.evaluate("() => timeline.language.lang") == "zh-cn"
        back = page.evaluate("() => timeline._('return_to_title')")
        page.close()
    finally:
        server.shutdown()
        server.server_close()
    assert back == "回到开头"


@pytest.mark.browser
def test_chinese_and_russian_pages_are_valid_html(tmp_path: Path) -> None:
    """The Nu HTML Checker (see tests/test_valid_html.py) over every page of both sites."""
    from test_valid_html import check_html

    outputs = [built(tmp_path, content, page_size=5).build_dir for content in (ZH, RU)]
    pages = sorted(page for output in outputs for page in output.rglob("*.html"))
    assert len(pages) > 100
    messages = check_html(pages)
    assert {path: found for path, found in messages.items() if found} == {}
