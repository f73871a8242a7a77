"""`site-builder import`: news articles in several outlets' shapes become draft event pages.

The articles in tests/articles/ are written for these tests, in the shapes real outlets use
(datelines, layout lines, menus, copyright lines); the last test reads the real seed articles.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_builder.build import BuildOptions, build
from site_builder.config import DEFAULT_KINDS
from site_builder.importing.articles import read_article, site_kind
from site_builder.importing.importer import ImportOptions, import_articles
from site_builder.model.records import Kind
from site_builder.problems import SiteError

from conftest import PROJECT, SITE_YAML, Site

ARTICLES = Path(__file__).resolve().parent / "articles"
SEEDS = PROJECT.parent / "shared" / "seeds"
TOPICS = {
    "BRICS": ("BRICS",),
    "Ukraine": ("Ukraine",),
    "Multipolarity": ("multipolar",),
    "ASEAN": ("Association of Southeast Asian Nations", "ASEAN"),
}


def article(name: str):  # type: ignore[no-untyped-def]
    return read_article((ARTICLES / name).read_text(encoding="utf-8"), name, TOPICS)


def run_import(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "import", *args],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )


def front_matter(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])  # type: ignore[no-any-return]


def test_a_dateline_gives_the_day_and_the_place() -> None:
    found = article("tass-dateline.txt")
    assert str(found.date) == "2024-04-09"
    assert found.event_day is not None
    assert found.event_day.because() == "dateline 'BEIJING, April 9. /TASS/'"
    assert str(found.place) == "Beijing, China"
    assert found.outlet is not None and found.outlet.value == "TASS"
    assert found.kind == "meeting"


def test_a_weekday_is_resolved_against_the_publication_date() -> None:
    found = article("shine-weekday.txt")
    assert found.published is not None
    assert str(found.published.value) == "2024-03-12 08:34:00+08:00"
    assert str(found.date) == "2024-03-11"  # the Monday before Tuesday's paper
    assert found.event_day is not None
    assert found.event_day.how.startswith("'Monday' counted back from publication line")
    assert str(found.place) == "Jakarta, Indonesia"
    assert found.outlet is not None
    assert found.outlet.value == "Xinhua, republished by Shanghai Daily"
    assert found.topics == ("ASEAN",)
    assert [(p.name, p.role, p.country) for p in found.participants] == [
        ("Wang Yi", "Foreign Minister", "China"),
        ("Retno Marsudi", "Foreign Minister", "Indonesia"),
    ]


def test_an_explicit_date_and_a_video_call() -> None:
    found = article("mfa-video.txt")
    assert str(found.date) == "2024-02-21"
    assert found.kind == "video-call"
    assert found.place is None
    assert found.outlet is not None
    assert found.outlet.value == "Ministry of Foreign Affairs of China"
    assert found.headline is not None
    assert found.headline.value == "Wang Yi Holds Video Call with Brazilian Foreign Minister"
    assert found.published is not None and str(found.published.value) == "2024-02-22 09:15:00"


def test_boilerplate_and_emoji_are_stripped() -> None:
    found = article("ap-capital.txt")
    assert found.outlet is not None and found.outlet.value == "The Associated Press"
    assert str(found.place) == "Moscow, Russia"
    assert found.paragraphs == (
        "Chinese Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in the Russian "
        "capital on Thursday, both saying they wanted a multipolar world.",
        "The talks, held a day before a wider gathering of ministers, also touched on the war in "
        "Ukraine, officials said.",
    )
    assert found.date is None and found.weekday == 3


def test_no_date_is_said_not_guessed(site: Site) -> None:
    result = run_import(site, str(ARTICLES / "undated.txt"))
    assert result.returncode == 0, result.stderr
    assert "undated.txt: outlet not found (" in result.stdout
    assert "; date not found (" in result.stdout
    page = site.root / "content/meetings/undated-moscow.md"
    assert "date: unknown  # not found" in page.read_text()


def test_articles_about_one_event_make_one_page(site: Site) -> None:
    result = run_import(site, str(ARTICLES / "ap-capital.txt"), str(ARTICLES / "gt-same-day.txt"))
    assert result.returncode == 0, result.stderr
    pages = sorted((site.root / "content/meetings").glob("*.md"))
    assert [page.name for page in pages] == ["2024-05-16-moscow.md"]
    fields = front_matter(pages[0])
    assert [source["outlet"] for source in fields["sources"]] == [
        "Global Times",
        "The Associated Press",
    ]  # type: ignore[index]
    assert fields["draft"] is True
    assert fields["title"] == "Wang Yi and Sergei Lavrov meet in Moscow"
    assert "names a Thursday" in result.stdout
    build(BuildOptions(root=site.root, drafts=True))  # the draft is a valid page


def test_drafts_go_into_the_sites_only_section(site: Site) -> None:
    (site.root / "content/meetings").rename(site.root / "content/events")  # as `init` names it
    result = run_import(site, str(ARTICLES / "ap-capital.txt"))
    assert result.returncode == 0, result.stderr
    drafts = list((site.root / "content/events").glob("*.md"))
    assert len(drafts) == 1 and drafts[0].name.endswith("-moscow.md")
    assert not (site.root / "content/meetings").exists()


def test_an_article_about_an_existing_page_adds_a_source_and_nothing_else(site: Site) -> None:
    page = site.write(
        "content/meetings/beijing-talks.md",
        (
            "---\ntitle: Talks in Beijing\ndate: 2024-04-09\nkind: meeting\nlocation: Beijing, China\n"
            "sources:\n  - outlet: Xinhua\n    title: Earlier report\n    published: 2024-04-09\n"
            "summary: Our own words.\n---\nOur own body text.\n"
        ),
    )
    before = page.read_text()
    result = run_import(site, str(ARTICLES / "tass-dateline.txt"))
    assert result.returncode == 0, result.stderr
    assert "added 1 source to content/meetings/beijing-talks.md" in result.stdout
    after = page.read_text()
    added = (
        '  - outlet: "TASS"\n'
        '    title: "Lavrov and Wang discuss regional security in Beijing"\n'
        "    published: 2024-04-09\n"
    )
    assert after == before.replace("summary:", added + "summary:")
    assert len(list((site.root / "content/meetings").glob("*.md"))) == 1
    again = run_import(site, str(ARTICLES / "tass-dateline.txt"))
    assert "already cites tass-dateline.txt" in again.stdout
    assert page.read_text() == after
    build(BuildOptions(root=site.root))


def test_dry_run_writes_nothing(site: Site) -> None:
    result = run_import(site, "--dry-run", str(ARTICLES / "mfa-video.txt"))
    assert "would write content/meetings/2024-02-21-video-call.md" in result.stdout
    assert not list((site.root / "content/meetings").glob("*.md"))


def test_an_existing_file_is_never_overwritten(site: Site) -> None:
    taken = site.write("content/meetings/2024-02-21-video-call.md", "not an event page\n")
    result = run_import(site, str(ARTICLES / "mfa-video.txt"))
    assert result.returncode == 0, result.stderr
    assert taken.read_text() == "not an event page\n"
    assert (site.root / "content/meetings/2024-02-21-video-call-2.md").exists()


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the shared seed articles are not beside this checkout"
)
def test_the_seed_articles_give_the_four_shipped_events(site: Site, tmp_path: Path) -> None:
    shutil.copy(PROJECT / "site.yaml", site.root / "site.yaml")
    result = run_import(site, *sorted(str(path) for path in SEEDS.glob("*.txt")))
    assert result.returncode == 0, result.stderr
    pages = {
        path.name: front_matter(path)
        for path in sorted((site.root / "content/meetings").glob("*.md"))
    }
    summary = {
        name: (
            str(fields["date"]),
            fields["kind"],
            fields.get("location"),
            [s["outlet"] for s in fields["sources"]],
        )  # type: ignore[index]
        for name, fields in pages.items()
    }
    assert summary == {
        "2023-07-13-jakarta.md": (
            "2023-07-13",
            "meeting",
            "Jakarta, Indonesia",
            ["Xinhua, republished by Shanghai Daily"],
        ),
        "2023-08-07-phone-call.md": ("2023-08-07", "phone-call", None, ["CGTN"]),
        "2023-09-18-moscow.md": (
            "2023-09-18",
            "meeting",
            "Moscow, Russia",
            ["Ministry of Foreign Affairs of China"],
        ),
        "2024-07-25-vientiane.md": ("2024-07-25", "meeting", "Vientiane, Laos", ["Xinhua", "CGTN"]),
    }
    jakarta = pages["2023-07-13-jakarta.md"]
    assert {
        "name": "Wang Yi",
        "role": "Director of the Office of the Central Commission for Foreign Affairs",
        "country": "China",
    } in jakarta["participants"]  # type: ignore[operator]
    assert set(pages["2024-07-25-vientiane.md"]["topics"]) >= {
        "ASEAN",
        "BRICS",
        "SCO",
        "Middle East",
    }  # type: ignore[arg-type]
    body = (site.root / "content/meetings/2023-07-13-jakarta.md").read_text()
    assert "EXPLORE SHINE" not in body and "Copyright" not in body and "ICP" not in body
    build(BuildOptions(root=site.root, drafts=True))


OWN_KINDS = """\
kinds:
  call: {label: Call, in_person: false}
  talks: {label: Talks, in_person: true}
  summit: {label: Summit, in_person: true}
"""


def import_in_process(site: Site, *names: str) -> str:
    out = io.StringIO()
    files = tuple(ARTICLES / name for name in names)
    import_articles(ImportOptions(root=site.root, files=files), out)
    return out.getvalue()


def test_an_article_takes_the_sites_own_kind_for_what_its_words_tell() -> None:
    talks, call = Kind("talks", "Talks", in_person=True), Kind("call", "Call", in_person=False)
    kinds = {kind.slug: kind for kind in (call, talks)}
    meeting = read_article((ARTICLES / "tass-dateline.txt").read_text(), "t.txt", {}, kinds)
    assert (meeting.kind, meeting.said.kind.slug, meeting.in_person) == ("talks", "meeting", True)
    assert str(meeting.place) == "Beijing, China"
    video = read_article((ARTICLES / "mfa-video.txt").read_text(), "m.txt", {}, kinds)
    assert (video.kind, video.said.kind.slug, video.in_person) == ("call", "video-call", False)
    assert video.place is None


def test_the_site_kind_is_the_same_name_else_the_first_in_person_or_not_alike() -> None:
    meeting, phone = DEFAULT_KINDS["meeting"], DEFAULT_KINDS["phone-call"]
    own = {
        "call": Kind("call", "Call", in_person=False),
        "talks": Kind("talks", "Talks", in_person=True),
        "video-call": Kind("video-call", "Video call", in_person=False),
    }
    assert site_kind(meeting, own) == "talks"
    assert site_kind(phone, own) == "call"
    assert site_kind(DEFAULT_KINDS["video-call"], own) == "video-call"
    assert site_kind(meeting, DEFAULT_KINDS) == "meeting"
    assert site_kind(phone, DEFAULT_KINDS) == "phone-call"
    # A kind of that name but not alike in person is not taken: "meeting" as a call here.
    odd = {"meeting": Kind("meeting", "Meeting", in_person=False)}
    assert site_kind(meeting, odd) is None
    assert site_kind(phone, odd) == "meeting"


def test_drafts_take_the_sites_own_kinds_and_build(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + OWN_KINDS)
    output = import_in_process(site, "tass-dateline.txt", "mfa-video.txt")
    assert "tass-dateline.txt: outlet 'TASS' from dateline agency" in output
    assert "; talks (no call named: a meeting); in Beijing, China" in output.splitlines()[0]
    assert "; call (from 'Video Call'); no place (a call)" in output.splitlines()[1]
    folder = site.root / "content/meetings"
    assert sorted(page.name for page in folder.glob("*.md")) == [
        "2024-02-21-call.md",
        "2024-04-09-beijing.md",
    ]
    meeting = (folder / "2024-04-09-beijing.md").read_text()
    assert "\nkind: talks  # the articles tell of a meeting\n" in meeting
    assert '\nlocation: "Beijing, China"\n' in meeting
    call = (folder / "2024-02-21-call.md").read_text()
    assert "\nkind: call  # the articles tell of a video call\n" in call
    assert "\nlocation:" not in call
    assert '\ntitle: "Wang Yi and Mauro Vieira hold a video call"\n' in call
    assert front_matter(folder / "2024-02-21-call.md")["kind"] == "call"
    build(BuildOptions(root=site.root, drafts=True))  # both drafts are valid pages


def test_an_article_finds_its_event_by_the_sites_own_kinds(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + OWN_KINDS)
    page = site.event("beijing-talks", date="2024-04-09", kind="talks", location="Beijing, China")
    call = site.event("video-call", date="2024-02-21", kind="call", location=None)  # type: ignore[arg-type]
    output = import_in_process(site, "tass-dateline.txt", "mfa-video.txt")
    assert "added 1 source to content/meetings/beijing-talks.md" in output
    assert "added 1 source to content/meetings/video-call.md" in output
    assert 'outlet: "TASS"' in page.read_text()
    assert "Wang Yi Holds Video Call with Brazilian Foreign Minister" in call.read_text()
    assert len(list((site.root / "content/meetings").glob("*.md"))) == 2
    build(BuildOptions(root=site.root))


def test_a_site_without_a_kind_for_calls_is_told_so_in_the_draft(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + "kinds:\n  talks: {label: Talks, in_person: true}\n")
    import_in_process(site, "mfa-video.txt")
    draft = site.root / "content/meetings/2024-02-21-video-call.md"
    assert (
        "\nkind: video-call  # site.yaml has no kind for calls (in_person: false): "
        "add one, or set it\n"
    ) in draft.read_text()
    with pytest.raises(SiteError) as caught:
        build(BuildOptions(root=site.root, drafts=True))
    assert [problem.field for problem in caught.value.problems] == ["kind"]


def test_with_the_default_kinds_a_draft_has_no_comment_on_its_kind(site: Site) -> None:
    import_in_process(site, "mfa-video.txt", "tass-dateline.txt")
    folder = site.root / "content/meetings"
    assert "\nkind: video-call\n" in (folder / "2024-02-21-video-call.md").read_text()
    assert "\nkind: meeting\n" in (folder / "2024-04-09-beijing.md").read_text()
