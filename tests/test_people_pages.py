"""The pages of people, places and forums: a person's titles over time with each event under
the one held on its day, whom they met most, and JSON-LD; a place's events on its map; a
forum's events; the indexes; the links from event pages; and the preview keeping them up to
date when an event or a person file is edited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_people import LAVROV, WANG_YI, meeting

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.page import Page

from conftest import PROJECT, Site, run_cli, site_at

DIRECTOR = "Director of the Office of the Central Commission for Foreign Affairs"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped timeline, built into a folder of its own."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copy(PROJECT / "site.yaml", root / "site.yaml")
    build(BuildOptions(root=root))
    return root / "build"


def read(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def words(tag: object) -> str:
    return " ".join(str(tag.get_text(" ", strip=True)).split())


def test_the_shipped_participant_filter_lists_two_people(shipped: Path) -> None:
    page = read(shipped, "index.html")
    options = [option.get_text() for option in page.select("#filter-person option")]
    assert options[1:] == ["Sergey Lavrov", "Wang Yi"]


def test_wang_yi_has_two_titles_each_with_its_dates_and_its_events(shipped: Path) -> None:
    page = read(shipped, "people/wang-yi/index.html")
    roles = [words(item) for item in page.select(".roles li")]
    assert roles == [f"{DIRECTOR} until 24 July 2023", "Foreign Minister since 25 July 2023"]
    under: dict[str, list[str]] = {}
    for heading in page.select("#events-title ~ h3"):
        rows = heading.find_next_sibling("ol").select(".event-row time")
        under[heading.get_text()] = [row["datetime"] for row in rows]
    assert under == {
        DIRECTOR: ["2023-07-13"],
        "Foreign Minister": ["2023-08-07", "2023-09-18", "2024-07-25"],
    }
    met = [words(item) for item in page.select(".met-most li")]
    assert met == ["Sergey Lavrov : 4 events"]
    assert page.select_one(".met-most a")["href"] == "/people/sergey-lavrov/"


def test_a_person_page_describes_the_person_as_json_ld(site: Site) -> None:
    site.write(
        "content/people/sergey-lavrov.md", LAVROV.replace("country:", "wikidata: Q2048\ncountry:")
    )
    meeting(site, "a", "2023-09-18", "name: Sergei Lavrov")
    build(BuildOptions(root=site.root))
    page = site.html("people/sergey-lavrov/index.html")
    (script,) = page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Person"
    assert data["name"] == "Sergey Lavrov" and data["jobTitle"] == "Foreign Minister"
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q2048"]
    assert data["url"] == "https://example.org/people/sergey-lavrov/"
    assert "Сергей Лавров" in data["alternateName"]
    # Names in other scripts carry their language.
    langs = {span.get_text(): span.get("lang") for span in page.select(".aliases span")}
    assert langs == {"Sergei Lavrov": None, "Сергей Лавров": "ru", "谢尔盖·拉夫罗夫": "zh"}


def test_event_pages_link_their_people_place_and_forum(shipped: Path) -> None:
    page = read(shipped, "meetings/2023-09-18-moscow/index.html")
    people = {link.get_text(): link["href"] for link in page.select(".participants a")}
    assert people == {"Wang Yi": "/people/wang-yi/", "Sergey Lavrov": "/people/sergey-lavrov/"}
    assert page.select_one(".event-meta .place a")["href"] == "/places/moscow-russia/"
    jakarta = read(shipped, "meetings/2023-07-13-jakarta/index.html")
    forum = jakarta.select_one(".facts a")
    assert forum["href"] == "/forums/asean-foreign-ministers/"
    for href in (link["href"] for link in (*page.select("a[href^='/']"), forum)):
        target = shipped / href.lstrip("/") / "index.html"
        assert target.is_file(), href


def test_a_place_page_lists_its_events_and_shows_them_on_the_map(shipped: Path) -> None:
    page = read(shipped, "places/moscow-russia/index.html")
    assert page.h1.get_text() == "Moscow, Russia"
    assert [t["datetime"] for t in page.select(".event-row time")] == ["2023-09-18"]
    (marker,) = page.select(".map-svg a")
    assert marker["href"] == "/places/moscow-russia/"
    index = read(shipped, "places/index.html")
    listed = [link.get_text() for link in index.select(".topic-index a")]
    assert listed == ["Jakarta, Indonesia", "Moscow, Russia", "Vientiane, Laos"]
    timeline = read(shipped, "index.html")
    assert {a["href"] for a in timeline.select(".map-svg a")} == {
        "/places/jakarta-indonesia/",
        "/places/moscow-russia/",
        "/places/vientiane-laos/",
    }


def test_a_forum_page_lists_the_events_held_at_it(shipped: Path) -> None:
    page = read(shipped, "forums/asean-foreign-ministers/index.html")
    assert [t["datetime"] for t in page.select(".event-row time")] == ["2023-07-13", "2024-07-25"]
    assert page.select_one(".body p")  # its description, from Markdown


def test_the_people_index_lists_each_person_with_a_title_and_a_count(shipped: Path) -> None:
    page = read(shipped, "people/index.html")
    items = [words(item) for item in page.select(".topic-index li")]
    assert items == [
        "Sergey Lavrov Foreign Minister (Russia), 4 events",
        "Wang Yi Foreign Minister (China), 4 events",
    ]
    sitemap = (shipped / "sitemap.xml").read_text(encoding="utf-8")
    for address in ("people/", "people/wang-yi/", "places/", "places/moscow-russia/"):
        assert f"/{address}</loc>" in sitemap, address


def test_a_site_without_people_files_has_no_people_pages(site: Site) -> None:
    meeting(site, "a", "2023-09-18", "{name: Antony Blinken, role: Secretary of State}")
    build(BuildOptions(root=site.root))
    assert not (site.build_dir / "people").exists()
    assert (site.build_dir / "places/moscow-russia/index.html").is_file()


def page_text(pages: list[Page], path: str) -> str:
    (page,) = [page for page in pages if page.path == path]
    return page.text


def test_the_preview_updates_a_person_page_after_an_event_or_the_person_file(
    site: Site,
) -> None:
    site.write("content/people/wang-yi.md", WANG_YI)
    meeting(site, "a", "2023-07-13", "name: Wang Yi")
    meeting(site, "b", "2023-09-18", "name: Wang Yi")
    builder = SiteBuilder(BuildOptions(root=site.root))
    first = builder.build()
    person = "people/wang-yi/index.html"
    assert page_text(first.pages, person).count('class="event-row"') == 2
    site.write(
        "content/meetings/b.md",
        (site.root / "content/meetings/b.md")
        .read_text()
        .replace("title: Talks", "title: New talks"),
    )
    again = builder.rebuild(["content/meetings/b.md"])
    assert "New talks" in page_text(again.pages, person)
    site.write("content/people/wang-yi.md", WANG_YI.replace("China's senior", "A senior"))
    again = builder.rebuild(["content/people/wang-yi.md"])
    assert "A senior diplomat" in page_text(again.pages, person)


def test_a_bio_nested_too_deep_is_a_problem_at_its_file_and_line(tmp_path: Path) -> None:
    site = site_at(tmp_path / "site")
    deep = "\n".join("> " * depth + "quote" for depth in range(1, 106))
    site.write("content/people/wang-yi.md", WANG_YI + deep + "\n")
    meeting(site, "a", "2023-07-13", "name: Wang Yi")
    result = run_cli(site.root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    too_deep = WANG_YI.count("\n") + 101  # the first line quoted 101 deep
    assert f"content/people/wang-yi.md:{too_deep}: body: " in result.stderr
    assert not site.build_dir.exists()


def test_the_data_files_link_the_pages_of_people_places_and_forums(shipped: Path) -> None:
    rows = (shipped / "events.csv").read_text(encoding="utf-8-sig").splitlines()
    jakarta = next(row for row in rows if row.startswith("2023-07-13"))
    base = "http://localhost:8000/"
    pages = [
        f"{base}people/wang-yi/",
        f"{base}people/sergey-lavrov/",
        f"{base}places/jakarta-indonesia/",
        f"{base}forums/asean-foreign-ministers/",
    ]
    assert jakarta.endswith("; ".join(pages))
    slides = json.loads((shipped / "timeline.json").read_text(encoding="utf-8"))["events"]
    text = BeautifulSoup(slides[0]["text"]["text"], "html.parser")
    assert [a["href"] for a in text.select("a")][1:] == pages
