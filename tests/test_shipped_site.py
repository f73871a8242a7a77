"""The timeline this repository publishes: its four events, their facts and its links."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from site_builder.build import BuildOptions, build

from conftest import PROJECT

BASE = "https://example.github.io/my-repo/"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "build"
    build(BuildOptions(root=PROJECT, output=out, base_url=BASE))
    return out


def read(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def test_the_four_meetings_in_order(output: Path) -> None:
    page = read(output, "index.html")
    dates = [a.select_one("time")["datetime"] for a in page.select("article")]
    assert dates == ["2023-07-13", "2023-08-07", "2023-09-18", "2024-07-25"]
    kinds = [a.select_one(".kind").get_text() for a in page.select("article")]
    assert kinds == ["Meeting", "Phone call", "Meeting", "Meeting"]
    places = [p.get_text() for p in page.select("article .place")]
    assert places == ["Jakarta, Indonesia", "Moscow, Russia", "Vientiane, Laos"]
    assert "10 months later" in [gap.get_text() for gap in page.select(".gap")]


def test_every_event_has_a_summary_and_a_body_of_two_to_four_paragraphs(output: Path) -> None:
    for page_path in sorted(output.glob("meetings/*/index.html")):
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".lede").get_text().strip(), page_path
        assert 2 <= len(page.select(".body p")) <= 4, page_path


def test_titles_held_at_the_time(output: Path) -> None:
    jakarta = read(output, "meetings/2023-07-13-jakarta/index.html")
    roles = [li.get_text(" ", strip=True) for li in jakarta.select(".participants li")]
    assert roles[0].startswith("Wang Yi , Director of the Office of the Central Commission")
    call = read(output, "meetings/2023-08-07-phone-call/index.html")
    assert "Wang Yi , Foreign Minister" in call.select_one(".participants li").get_text(
        " ", strip=True
    )
    assert call.select_one(".place") is None


def test_vientiane_has_both_sources(output: Path) -> None:
    page = read(output, "meetings/2024-07-25-vientiane/index.html")
    outlets = [s.get_text() for s in page.select(".sources .outlet")]
    assert outlets == ["Xinhua, via People's Daily Online", "CGTN, retold in a social-media post"]


def test_topics_cover_what_was_discussed(output: Path) -> None:
    for slug in ("asean", "brics", "sco", "ukraine", "multipolarity", "middle-east"):
        assert (output / f"topics/{slug}/index.html").exists(), slug
    ukraine = read(output, "topics/ukraine/index.html")
    assert [t["datetime"] for t in ukraine.select(".event-row time")] == [
        "2023-08-07",
        "2023-09-18",
    ]


def test_every_internal_link_resolves_under_the_sub_path(output: Path) -> None:
    base_path = urlsplit(BASE).path
    for page_path in output.rglob("*.html"):
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("[href], [src]"):
            link = tag.get("href") or tag.get("src")
            if link.startswith(("https://", "http://", "mailto:", "#")):
                continue  # another site's, a message to write, or a place on the page
            assert link.startswith(base_path), (page_path, link)
            path = urlsplit(link).path
            target = output / path.removeprefix(base_path)
            if path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (page_path, link)


def test_no_outside_resources(output: Path) -> None:
    for page_path in output.rglob("*.html"):
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("link[href], script[src], img[src]"):
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue  # the page's own address, and its versions' in other languages
            link = tag.get("href") or tag.get("src")
            assert not link.startswith(("http:", "https:", "//")), (page_path, link)


def test_the_shipped_content_is_in_the_projects_own_words() -> None:
    checker = PROJECT.parent / "shared/tools/own_words.py"
    if not checker.exists():
        pytest.skip("the shared tools are not beside this checkout")
    result = subprocess.run(
        [sys.executable, str(checker), "content"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
