"""A site in several languages: its own at the root, each other one in its folder (`/zh/`),
made of the events' translations (`NAME.zh.md` beside `NAME.md`), with links between the
versions of every page (hreflang, the sitemaps, the switcher); and the shipped site in
English, Chinese and Russian."""

# ruff: noqa: RUF001 (the tests hold Chinese and Russian text on purpose)

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_languages import latin_words

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.problems import SiteError

from conftest import PROJECT, SITE_YAML, Site, run_cli, site_at

LANGUAGES_YAML = """\
languages:
  zh:
    title: 测试时间线
    description: 用于测试的事件。
  ru:
    title: Тестовая хроника
untranslated: {untranslated}
"""
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def three_languages(root: Path, untranslated: str = "original") -> Site:
    """Two events, `jakarta` translated into Chinese and Russian, `moscow` into neither; and
    a person whose name and role are translated into Chinese."""
    site = site_at(root)
    site.write("site.yaml", SITE_YAML + LANGUAGES_YAML.format(untranslated=untranslated))
    site.event(
        "jakarta", title="Talks in Jakarta", topics="[Trade]", participants="\n  - name: Wang Yi"
    )
    site.event("moscow", title="Talks in Moscow", date="2023-09-18", location="Moscow, Russia")
    site.write(
        "content/meetings/jakarta.zh.md",
        "---\ntitle: 雅加达会谈\nlocation: 雅加达, 印度尼西亚\ntopics: [贸易]\n"
        "participants:\n  - name: 王毅\n---\n双方举行了会谈。\n",
    )
    site.write("content/meetings/jakarta.ru.md", "---\ntitle: Переговоры в Джакарте\n---\nТекст.\n")
    site.write(
        "content/people/wang-yi.md",
        "---\nname: Wang Yi\naliases: [王毅]\nroles:\n  - title: Foreign Minister\n"
        "    from: 2023-01-01\n---\nA diplomat.\n",
    )
    site.write(
        "content/people/wang-yi.zh.md",
        "---\nname: 王毅\nroles:\n  - title: 外交部长\n    from: 2023-01-01\n---\n外交官。\n",
    )
    return site


@pytest.fixture
def languages(tmp_path: Path) -> Site:
    site = three_languages(tmp_path / "site")
    build(BuildOptions(root=site.root))
    return site


def switcher(page: BeautifulSoup) -> dict[str, tuple[str, bool]]:
    """The switcher's links, by language: where each leads, and whether it says the page is
    not translated."""
    return {
        str(a["hreflang"]): (str(a["href"]), a.has_attr("aria-describedby"))
        for a in page.select("nav.languages a")
    }


def test_each_language_has_its_tree_and_shares_the_static_files(languages: Site) -> None:
    zh = languages.html("zh/meetings/jakarta/index.html")
    assert zh.html["lang"] == "zh"
    assert zh.h1.get_text() == "雅加达会谈"
    assert zh.select_one(".place").get_text(strip=True) == "雅加达, 印度尼西亚"
    assert zh.select_one(".topic-links a")["href"] == "/zh/topics/mao-yi/"
    assert zh.select_one('link[rel="stylesheet"]')["href"] == "/css/style.css"
    assert zh.select_one(".site-title").get_text() == "测试时间线"
    assert (languages.build_dir / "zh" / "topics" / "mao-yi" / "index.html").is_file()
    assert not (languages.build_dir / "zh" / "css").exists()
    assert not (languages.build_dir / "zh" / "robots.txt").exists()
    ru = languages.html("ru/index.html")
    assert ru.select_one(".site-title").get_text() == "Тестовая хроника"
    assert ru.select_one("meta[name=description]")["content"] == "Events for testing."


def test_a_translation_shares_what_it_leaves_out(languages: Site) -> None:
    """The Russian translation gives a title and a body: the date, kind, place, topics and
    sources are the original's, the sources marked as written in English."""
    ru = languages.html("ru/meetings/jakarta/index.html")
    assert ru.h1.get_text() == "Переговоры в Джакарте"
    assert not ru.h1.has_attr("lang")
    assert "13 июля 2023" in ru.select_one(".event-meta time").get_text()
    assert ru.select_one(".kind").get_text() == "Встреча"
    assert ru.select_one(".body").get_text(strip=True).endswith("Текст.")
    assert ru.select_one(".sources cite")["lang"] == "en"


def test_people_are_named_and_titled_in_the_language(languages: Site) -> None:
    zh = languages.html("zh/meetings/jakarta/index.html")
    person = zh.select_one(".participants li")
    assert person.select_one("a")["href"] == "/zh/people/wang-yi/"
    assert person.select_one("a").get_text() == "王毅"
    assert person.select_one(".role").get_text() == "外交部长"
    assert languages.html("zh/people/wang-yi/index.html").h1.get_text() == "王毅"
    en = languages.html("meetings/jakarta/index.html")
    assert en.select_one(".participants a").get_text() == "Wang Yi"


def test_an_untranslated_event_is_shown_in_its_language_and_marked(languages: Site) -> None:
    ru = languages.html("ru/meetings/moscow/index.html")
    assert ru.html["lang"] == "ru"
    assert (ru.h1.get_text(), ru.h1["lang"]) == ("Talks in Moscow", "en")
    assert ru.select_one(".body div")["lang"] == "en"
    assert ru.select_one("h2").get_text() == "Что произошло"  # the interface is the page's
    card = languages.html("ru/index.html").select_one("#meetings-moscow")
    assert card.select_one(".event-title")["lang"] == "en"


def test_untranslated_omit_leaves_the_event_out_and_the_switcher_says_so(tmp_path: Path) -> None:
    site = three_languages(tmp_path / "site", untranslated="omit")
    build(BuildOptions(root=site.root))
    assert not (site.build_dir / "ru" / "meetings" / "moscow").exists()
    assert (site.build_dir / "ru" / "meetings" / "jakarta" / "index.html").is_file()
    links = switcher(site.html("meetings/moscow/index.html"))
    assert links == {"zh": ("/zh/", True), "ru": ("/ru/", True)}
    note = site.html("meetings/moscow/index.html").select_one(".languages .untranslated")
    assert note.get_text() == "(home page: this page is not translated)"
    on_jakarta = switcher(site.html("meetings/jakarta/index.html"))
    assert on_jakarta == {
        "zh": ("/zh/meetings/jakarta/", False),
        "ru": ("/ru/meetings/jakarta/", False),
    }


def test_the_switchers_round_trip_between_every_version_of_every_page(languages: Site) -> None:
    """From every page, each link of its switcher that leads to the same page in another
    language leads to a page whose switcher leads back."""
    trees = {"en": "/", "zh": "/zh/", "ru": "/ru/"}
    checked = 0
    for path in sorted(languages.build_dir.rglob("index.html")):
        folder = path.parent.relative_to(languages.build_dir).as_posix()
        address = "/" if folder == "." else f"/{folder}/"
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        own = str(page.html["lang"])
        for language, (href, untranslated) in switcher(page).items():
            target = languages.build_dir / href.lstrip("/") / "index.html"
            assert target.is_file(), (address, href)
            if untranslated:
                assert href == trees[language]
                continue
            back = switcher(BeautifulSoup(target.read_text("utf-8"), "html.parser"))
            assert back[own] == (address, False), (address, href)
            checked += 1
    assert checked > 30


def test_every_page_names_its_versions_for_search_engines(languages: Site) -> None:
    page = languages.html("zh/meetings/jakarta/index.html")
    alternates = {
        str(link["hreflang"]): str(link["href"])
        for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "en": "https://example.org/meetings/jakarta/",
        "zh": "https://example.org/zh/meetings/jakarta/",
        "ru": "https://example.org/ru/meetings/jakarta/",
        "x-default": "https://example.org/meetings/jakarta/",
    }
    # A topic named otherwise in Chinese has no Chinese version at the same address.
    topic = languages.html("topics/trade/index.html")
    hreflangs = [link["hreflang"] for link in topic.select('link[rel="alternate"][hreflang]')]
    assert "zh" not in hreflangs


def test_each_language_has_its_feed_search_index_and_sitemap(languages: Site) -> None:
    output = languages.build_dir
    assert "雅加达会谈" in (output / "zh" / "feed.xml").read_text("utf-8")
    assert "雅加达会谈" in (output / "zh" / "search-index.json").read_text("utf-8")
    assert "雅加达会谈" not in (output / "search-index.json").read_text("utf-8")
    robots = (output / "robots.txt").read_text("utf-8")
    assert re.findall(r"^Sitemap: (\S+)$", robots, re.M) == [
        "https://example.org/sitemap.xml",
        "https://example.org/zh/sitemap.xml",
        "https://example.org/ru/sitemap.xml",
    ]
    sitemap = ET.parse(output / "zh" / "sitemap.xml").getroot()
    entry = next(
        url
        for url in sitemap.iter(f"{SITEMAP}url")
        if url.findtext(f"{SITEMAP}loc") == "https://example.org/zh/meetings/jakarta/"
    )
    links = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
    assert links["ru"] == "https://example.org/ru/meetings/jakarta/"


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("jakarta.zh.md", "---\ntitle: 会谈\ndate: 2023-02-30\n---\n", r":3: date: "),
        ("jakarta.zh.md", "---\nslug: other\n---\n", r":2: slug: a translation keeps its"),
        ("tokyo.zh.md", "---\ntitle: 东京\n---\n", r": translates content/meetings/tokyo.md"),
    ],
)
def test_a_bad_translation_is_a_problem_at_its_file_and_line(
    tmp_path: Path, name: str, text: str, said: str
) -> None:
    site = three_languages(tmp_path / "site")
    build(BuildOptions(root=site.root))
    before = site.snapshot()
    site.write(f"content/meetings/{name}", text)
    result = run_cli(site.root, "build")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(re.escape(f"content/meetings/{name}") + said, result.stderr), result.stderr
    assert site.snapshot() == before


def test_a_section_named_as_a_language_folder_is_a_problem(tmp_path: Path) -> None:
    site = three_languages(tmp_path / "site")
    site.event("x", title="In a section named zh")
    (site.root / "content/zh").mkdir()
    (site.root / "content/meetings/x.md").rename(site.root / "content/zh/x.md")
    with pytest.raises(SiteError) as raised:
        build(BuildOptions(root=site.root))
    assert [p.path for p in raised.value.problems] == ["content/zh"]


def test_the_preview_makes_again_the_pages_of_an_edited_translation(tmp_path: Path) -> None:
    site = three_languages(tmp_path / "site")
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = {page.path: page.data for page in builder.build().pages}
    edited = (site.root / "content/meetings/jakarta.zh.md").read_text("utf-8")
    site.write("content/meetings/jakarta.zh.md", edited.replace("雅加达会谈", "雅加达新会谈"))
    second = {
        page.path: page.data for page in builder.rebuild(["content/meetings/jakarta.zh.md"]).pages
    }
    changed = {path for path in second if second[path] != first.get(path)}
    assert "zh/meetings/jakarta/index.html" in changed
    assert "雅加达新会谈" in second["zh/meetings/jakarta/index.html"].decode()
    assert not [path for path in changed if not path.startswith("zh/")]


# The shipped site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("shipped") / "build"
    build(BuildOptions(root=PROJECT, output=output))
    return output


def test_the_shipped_site_is_in_three_languages(shipped: Path) -> None:
    events = sorted(path.name for path in (shipped / "meetings").iterdir())
    for tree in ("zh", "ru"):
        assert sorted(path.name for path in (shipped / tree / "meetings").iterdir()) == events
    zh = BeautifulSoup((shipped / "zh/people/wang-yi/index.html").read_text("utf-8"), "html.parser")
    assert zh.h1.get_text() == "王毅"
    ru = BeautifulSoup((shipped / "ru/index.html").read_text("utf-8"), "html.parser")
    assert "Ван И" in ru.select_one("#filter-person").get_text()


@pytest.mark.parametrize("tree", ["zh", "ru"])
def test_no_english_word_is_left_in_the_shipped_chinese_and_russian_pages(
    shipped: Path, tree: str
) -> None:
    """Every page's text, but what is marked as written in another language (a source's
    title, the switcher's names of the other languages)."""
    # The pictures' credit names the map data by its name, which no language translates.
    found = [line for line in latin_words(shipped / tree) if not line.endswith(": Natural Earth")]
    assert found == []
