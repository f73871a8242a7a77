"""`site-builder import` of TimelineJS timelines: its spreadsheet (CSV) and its JSON.

tests/articles/timelinejs/ holds a timeline of our own making in both forms: a title slide,
eras, whole days (with a time and an end date too), a year and month, a year alone, an
image, a video link, a document, and groups that are kinds of the site or topics.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.content.loader import existing_events
from site_builder.importing.importer import ImportOptions, import_articles

from conftest import PROJECT, Site, run_cli, site_at

TIMELINES = Path(__file__).resolve().parent / "articles" / "timelinejs"


def import_files(site: Site, *files: Path) -> str:
    out = io.StringIO()
    import_articles(ImportOptions(root=site.root, files=files), out)
    return out.getvalue()


def events_of(site: Site) -> dict[str, tuple[object, ...]]:
    """Each event's slug and what a timeline can carry of it."""
    return {
        event.slug: (
            event.title,
            event.date,
            event.end_date,
            event.kind.slug,
            str(event.location) if event.location else None,
            event.summary,
            event.topics and tuple(topic.name for topic in event.topics),
        )
        for event in existing_events(load_config(site.root))
    }


@pytest.mark.parametrize("name", ["own.csv", "own.json"])
def test_a_timeline_gives_an_event_per_slide_as_precisely_dated(site: Site, name: str) -> None:
    site.write("site.yaml", "title: Test timeline\nbase_url: https://example.org/\n")
    output = import_files(site, TIMELINES / name)
    events = sorted(events_of(site).values(), key=lambda event: event[1])  # type: ignore[arg-type, return-value]
    assert [(str(e[1]), e[3], e[4], e[6]) for e in events] == [
        ("2024-02-21", "phone-call", None, ()),
        ("2024-04-08", "meeting", "Beijing, China", ("Diplomacy",)),
        ("2024-07-03", "meeting", "Astana, Kazakhstan", ()),
        ("2024-10", "meeting", "Kazan, Russia", ()),  # a month: before the days it holds
        ("2024-10-14", "video-call", None, ("BRICS",)),
    ]  # and a visit in 2025, whose place is for the user to set (it names none)
    assert str(events[1][2]) == "2024-04-09"
    lines = output.splitlines()
    assert not any("not imported" in line for line in lines)
    assert any("2024-10-talks-around-the-brics-summit-in-kazan.md" in line for line in lines)
    assert any("2025, visit" in line and "no place found" in line for line in lines)
    visit = next((site.root / "content/meetings").glob("2025-*.md"))
    visit.write_text(
        visit.read_text().replace("kind: visit", 'location: "Moscow, Russia"\nkind: visit')
    )
    assert any("group 'BRICS' as a topic" in line for line in lines)
    assert any("kind from group 'Meeting'" in line for line in lines)
    config = yaml.safe_load((site.root / "site.yaml").read_text())
    assert config["description"].startswith("Meetings and calls between two foreign ministers")
    assert config["eras"] == [
        {"name": "First half of the year", "start": "2024-01-01", "end": "2024-06-30"},
        {"name": "Second half of the year", "start": "2024-07", "end": "2024-12"},
    ]
    build(BuildOptions(root=site.root, drafts=True))
    astana = next((site.root / "content/meetings").glob("*astana*.md")).read_text()
    assert (
        "![The two ministers before their talks](https://example.org/images/astana-2024.jpg)"
        in astana
    )
    assert "*Photo: Example Agency*" in astana
    assert "the *SCO* summit & spoke" in astana
    beijing = next((site.root / "content/meetings").glob("*beijing*.md")).read_text()
    assert (
        "[Arrival of the Russian minister](https://www.youtube.com/watch?v=abc123def45)" in beijing
    )
    assert "* talks on the first day" in beijing


def test_the_csv_and_the_json_give_the_same_events(tmp_path: Path) -> None:
    from_csv, from_json = site_at(tmp_path / "csv"), site_at(tmp_path / "json")
    import_files(from_csv, TIMELINES / "own.csv")
    import_files(from_json, TIMELINES / "own.json")
    assert sorted(events_of(from_csv).values(), key=str) == sorted(
        events_of(from_json).values(), key=str
    )


def test_our_own_timeline_json_imported_into_an_empty_site_gives_the_same_events(
    site: Site, tmp_path: Path
) -> None:
    shipped = Site(tmp_path / "shipped")
    shutil.copytree(PROJECT / "content", shipped.root / "content")
    shutil.copy(PROJECT / "site.yaml", shipped.root / "site.yaml")
    build(BuildOptions(root=shipped.root))
    import_files(site, shipped.build_dir / "timeline.json")
    build(BuildOptions(root=site.root, drafts=True))
    # Everything timeline.json carries of an event; its topics it does not carry.
    imported = {slug: fields[:6] for slug, fields in events_of(site).items()}
    assert imported == {slug: fields[:6] for slug, fields in events_of(shipped).items()}


def test_a_broken_timeline_is_reported_in_one_line_per_problem(site: Site) -> None:
    bad = site.write("bad.csv", "Year,Month,Day,Headline\n20x4,1,2,One\n2024,13,1,Two\n")
    result = run_cli(site.root, "import", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2: Year: " in result.stderr and f"{bad}:3: Year: " in result.stderr
    assert "Traceback" not in result.stderr
    not_json = site.write("bad.json", '{"events": [\n')
    result = run_cli(site.root, "import", str(not_json))
    assert result.returncode == 1 and f"{not_json}:2: is not JSON" in result.stderr


def test_nothing_is_written_when_one_of_the_files_is_broken(site: Site) -> None:
    broken = site.write("broken.json", "[1, 2")
    result = run_cli(site.root, "import", str(TIMELINES / "own.csv"), str(broken))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 problem; nothing was written."
    assert not list((site.root / "content").rglob("*.md"))


def test_slides_of_early_years_and_before_the_common_era_keep_their_years(site: Site) -> None:
    """TimelineJS counts 44 BC as the year -44, as event files do."""
    timeline = site.write(
        "early.csv",
        "Year,Month,Day,Headline,Group\n-44,3,15,The Ides of March,Phone call\n"
        "602,,,A year of the seventh century,Phone call\n2023,2,30,No such day,Phone call\n",
    )
    output = import_files(site, timeline)
    dates = sorted(str(fields[1]) for fields in events_of(site).values())
    assert dates == ["-0044-03-15", "0602"]
    assert any("bc0044-03-15-the-ides-of-march.md" in line for line in output.splitlines())
    assert "dated 2023-02-30, which is not a real date; not imported" in output
