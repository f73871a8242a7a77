"""Broken and hostile input, built by the real command line in a site that already has a good
build: exit status 1, a message naming the file, the line and the field, no traceback, and the
previous output left byte for byte as it was. Then valid but unusual input, which builds, with
every field from front matter shown as text wherever it appears, never as markup.

The inputs are files in tests/hostile/ (rejected) and tests/hostile/valid/ (built); the
table below is what a user sees for each.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from site_builder.build import BuildOptions, build
from site_builder.model.dates import WHEN_FORMS

from conftest import PROJECT, SITE_YAML, Site, event_text

CORPUS = Path(__file__).parent / "hostile"
VALID = CORPUS / "valid"
LIMIT = 60  # seconds: a bound for a build that normally takes a fraction of a second
M = "content/meetings/"

# The corpus file, where the test puts it in the site, and the first line of stderr.
REJECTED: list[tuple[str, str, str]] = [
    # The front matter block
    ("no-front-matter.md", M + "no-front-matter.md",
     "content/meetings/no-front-matter.md:1: no front matter: the file must start with a line '---', then the fields"),
    ("empty.md", M + "empty.md",
     "content/meetings/empty.md:1: no front matter: the file must start with a line '---', then the fields"),
    ("unterminated-front-matter.md", M + "unterminated-front-matter.md",
     "content/meetings/unterminated-front-matter.md:1: front matter is not closed: add a line '---' after the last field"),
    ("front-matter-list.md", M + "front-matter-list.md",
     "content/meetings/front-matter-list.md:2: front matter is not a mapping of fields: write one 'field: value' per line"),
    ("front-matter-scalar.md", M + "front-matter-scalar.md",
     "content/meetings/front-matter-scalar.md:2: front matter is not a mapping of fields: write one 'field: value' per line"),
    ("front-matter-empty.md", M + "front-matter-empty.md",
     "content/meetings/front-matter-empty.md:2: front matter is empty: write one 'field: value' per line"),
    # YAML syntax
    ("yaml-unclosed-bracket.md", M + "yaml-unclosed-bracket.md",
     "content/meetings/yaml-unclosed-bracket.md:4: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence, line 3)"),
    ("yaml-tab-indent.md", M + "yaml-tab-indent.md",
     "content/meetings/yaml-tab-indent.md:8: invalid YAML: found a tab character that violates indentation (while scanning a plain scalar, line 7)"),
    ("yaml-bad-indent.md", M + "yaml-bad-indent.md",
     "content/meetings/yaml-bad-indent.md:3: invalid YAML: mapping values are not allowed in this context"),
    # YAML features front matter does not need, some of them dangerous
    ("python-tag.md", M + "python-tag.md",
     "content/meetings/python-tag.md:2: invalid YAML: could not determine a constructor for the tag '!!python/object/apply:os.system'; remove the tag and write plain text, numbers, true/false, lists or mappings"),
    ("binary-tag.md", M + "binary-tag.md",
     "content/meetings/binary-tag.md:2: title: !!binary values are not allowed; write text, numbers, true/false, lists or mappings"),
    ("alias-bomb.md", M + "alias-bomb.md",
     "content/meetings/alias-bomb.md:3: a1[0]: YAML anchors and aliases (&name, *name) are not allowed; write the value out"),
    ("merge-key.md", M + "merge-key.md",
     "content/meetings/merge-key.md:2: YAML merge keys (<<) are not allowed; write the fields out"),
    ("list-as-field-name.md", M + "list-as-field-name.md",
     "content/meetings/list-as-field-name.md:3: field names must be text, not a list"),
    ("deep-nesting.md", M + "deep-nesting.md",
     "content/meetings/deep-nesting.md:3: invalid YAML: lists and mappings nested more than 32 deep; no field needs more than a few levels"),
    ("huge-number.md", M + "huge-number.md",
     "content/meetings/huge-number.md:3: visitors: is a number of 5001 digits; put it in quotes if it is text"),
    # Characters
    # Kept as .bin: `ruff format` reads every .md file in the repository, and these are not UTF-8.
    ("not-utf8-latin1.bin", M + "not-utf8-latin1.md",
     "content/meetings/not-utf8-latin1.md:2: is not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    ("not-utf8-utf16.bin", M + "not-utf8-utf16.md",
     "content/meetings/not-utf8-utf16.md:1: is not UTF-8 text (byte 0xff); save the file as UTF-8"),
    ("control-character-raw.md", M + "control-character-raw.md",
     "content/meetings/control-character-raw.md:2: invalid YAML: control characters are not allowed (U+001B); remove it"),
    ("control-character-escaped.md", M + "control-character-escaped.md",
     "content/meetings/control-character-escaped.md:2: title: holds the character U+0000, which pages and feeds cannot hold; remove it"),
    # Each required field missing in turn
    ("missing-title.md", M + "missing-title.md",
     "content/meetings/missing-title.md:1: title: is required"),
    ("missing-date.md", M + "missing-date.md",
     f"content/meetings/missing-date.md:1: date: is required: when the event took place, as {WHEN_FORMS}"),
    ("missing-kind.md", M + "missing-kind.md",
     "content/meetings/missing-kind.md:1: kind: is required"),
    ("missing-sources.md", M + "missing-sources.md",
     "content/meetings/missing-sources.md:1: sources: is required and needs at least one entry"),
    ("missing-location-for-meeting.md", M + "missing-location-for-meeting.md",
     'content/meetings/missing-location-for-meeting.md:1: location: is required for a meeting: write "City, Country"'),
    # Wrong types and values
    ("title-list.md", M + "title-list.md",
     "content/meetings/title-list.md:2: title: must be text, not a list"),
    ("topics-string.md", M + "topics-string.md",
     "content/meetings/topics-string.md:3: topics: must be a list (one '- item' per line), not text"),
    ("date-impossible.md", M + "date-impossible.md",
     'content/meetings/date-impossible.md:3: date: "2023-02-30" is not a real date'),
    ("date-ambiguous.md", M + "date-ambiguous.md",
     f'content/meetings/date-ambiguous.md:3: date: "10/01/2024" is not a date written as {WHEN_FORMS}'),
    ("date-in-words.md", M + "date-in-words.md",
     f'content/meetings/date-in-words.md:3: date: "next Thursday" is not a date written as {WHEN_FORMS}'),
    ("end-date-before-date.md", M + "end-date-before-date.md",
     "content/meetings/end-date-before-date.md:4: end_date: 2023-07-01 is before the date 2023-07-13"),
    ("kind-unknown.md", M + "kind-unknown.md",
     'content/meetings/kind-unknown.md:4: kind: "dinner" is not one of the kinds in site.yaml (meeting, phone-call, video-call, visit, summit)'),
    # Sources
    ("sources-empty.md", M + "sources-empty.md",
     "content/meetings/sources-empty.md:6: sources: is required and needs at least one entry"),
    ("source-without-outlet.md", M + "source-without-outlet.md",
     "content/meetings/source-without-outlet.md:7: sources[0].outlet: is required"),
    ("url-javascript.md", M + "url-javascript.md",
     'content/meetings/url-javascript.md:10: sources[0].url: "javascript:alert(document.cookie)" must be a full http:// or https:// address'),
    ("url-data.md", M + "url-data.md",
     'content/meetings/url-data.md:10: sources[0].url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" must be a full http:// or https:// address'),
    ("url-with-quote-and-space.md", M + "url-with-quote-and-space.md",
     """content/meetings/url-with-quote-and-space.md:10: sources[0].url: "https://example.org/a" onmouseover="alert(1)" holds '"', which an address cannot hold; write it as %22"""),
    ("url-broken-ipv6.md", M + "url-broken-ipv6.md",
     'content/meetings/url-broken-ipv6.md:10: sources[0].url: "https://[::1/page" must be a full http:// or https:// address'),
    # Addresses: slugs that could leave the output folder or take another page's place
    ("slug-with-slash.md", M + "slug-with-slash.md",
     'content/meetings/slug-with-slash.md:5: slug: "meetings/index" may hold only letters, digits and single hyphens'),
    ("slug-with-dot-dot.md", M + "slug-with-dot-dot.md",
     'content/meetings/slug-with-dot-dot.md:5: slug: "../../../etc" may hold only letters, digits and single hyphens'),
    ("slug-with-percent-dots.md", M + "slug-with-percent-dots.md",
     'content/meetings/slug-with-percent-dots.md:5: slug: "%2e%2e" may hold only letters, digits and single hyphens'),
    ("slug-same-as-another-file.md", M + "slug-same-as-another-file.md",
     'content/meetings/slug-same-as-another-file.md: slug: "jakarta" is also the URL of content/meetings/jakarta.md (/meetings/jakarta/); give one of them another slug'),
    ("slug-takes-a-topic-page.md", "content/topics/slug-takes-a-topic-page.md",
     "content/topics/slug-takes-a-topic-page.md: slug: /topics/asean/ is also the address of a page the site makes (a topic, kind or period page); move the file to another section folder or give it another slug"),
    # site.yaml
    ("site-yaml-list.yaml", "site.yaml",
     "site.yaml:1: must be a mapping of fields such as 'title: My timeline'"),
    ("site-yaml-syntax-error.yaml", "site.yaml",
     "site.yaml:4: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping, line 3)"),
    ("site-yaml-javascript-base-url.yaml", "site.yaml",
     'site.yaml:2: base_url: "javascript:alert(1)" must be a full address such as https://user.github.io/repo/'),
    ("site-yaml-python-tag.yaml", "site.yaml",
     "site.yaml:1: invalid YAML: could not determine a constructor for the tag '!!python/object/new:os.system'; remove the tag and write plain text, numbers, true/false, lists or mappings"),
    ("site-yaml-control-character.yaml", "site.yaml",
     "site.yaml:1: title: holds the character U+000C, which pages and feeds cannot hold; remove it"),
    # config.py reads site.yaml itself and does not give the line (see the report on issue 8).
    ("site-yaml-not-utf8.yaml", "site.yaml",
     "site.yaml:1: is not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    # Templates
    ("template-syntax-error.html", "templates/event.html",
     "templates/event.html:6: template syntax error: Encountered unknown tag 'endblock'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."),
    ("template-undefined-variable.html", "templates/event.html",
     "templates/event.html:4: undefined value: 'site_builder.model.records.Event object' has no attribute 'subtitle'"),
    ("template-missing-include.html", "templates/topics.html",
     'templates/topics.html:3: template "../site.yaml" not found'),
    ("template-not-utf8.html", "templates/topics.html",
     "templates/topics.html:3: is not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    # site.yaml, folders and line numbers
    ("site-yaml-base-url-markup.yaml", "site.yaml",
     """site.yaml:2: base_url: "https://example.org/"><script>alert(1)</script>" holds '"', which an address cannot hold; write it as %22"""),
    ("site-yaml-base-url-password.yaml", "site.yaml",
     "site.yaml:2: base_url: must not hold a user name or password (the part before @); every page would show it"),
    ("site-yaml-no-base-url.yaml", "site.yaml",
     "site.yaml:1: base_url: is required"),
    ("file-name-not-a-slug.md", M + "Talks in Jakarta.md",
     "content/meetings/Talks in Jakarta.md:1: slug: the file name \"Talks in Jakarta\" cannot be a URL: rename the file using letters, digits and hyphens, or set 'slug'"),
    # Bodies, dates and templates that would crash or stall the build
    ("date-after-the-last-day.md", M + "date-after-the-last-day.md",
     'content/meetings/date-after-the-last-day.md:3: date: "9999-12-31" is after 9999-12-30, the last day a timeline can hold'),
    ("end-date-after-the-last-day.md", M + "end-date-after-the-last-day.md",
     'content/meetings/end-date-after-the-last-day.md:4: end_date: "9999-12-31" is after 9999-12-30, the last day a timeline can hold'),
    ("body-list-items-nested-on-one-line.md", M + "body-list-items-nested-on-one-line.md",
     "content/meetings/body-list-items-nested-on-one-line.md:13: body: lists and quotes nested more than 100 deep; no text needs more than a few levels"),
    ("body-html-blocks-nested-400-deep.md", M + "body-html-blocks-nested-400-deep.md",
     "content/meetings/body-html-blocks-nested-400-deep.md:11: body: is nested too deeply for Python-Markdown to convert; nest lists, quotes and HTML blocks only a few levels deep"),
    # Fields of the wrong shape or out of their range
    ("participants-not-a-list.md", M + "participants-not-a-list.md",
     "content/meetings/participants-not-a-list.md:5: participants: must be a list, not text"),
    ("draft-not-true-or-false.md", M + "draft-not-true-or-false.md",
     "content/meetings/draft-not-true-or-false.md:10: draft: must be true or false, not text"),
    ("coordinates-out-of-range.md", M + "coordinates-out-of-range.md",
     "content/meetings/coordinates-out-of-range.md:10: coordinates: must be [latitude, longitude], e.g. [17.97, 102.63]"),
    ("slug-empty.md", M + "slug-empty.md",
     "content/meetings/slug-empty.md:10: slug: is empty"),
    ("title-blank.md", M + "title-blank.md",
     "content/meetings/title-blank.md:2: title: is empty"),
    ("published-in-words.md", M + "published-in-words.md",
     'content/meetings/published-in-words.md:9: sources[0].published: "last Thursday" is not YYYY-MM-DD, YYYY-MM-DD HH:MM (optionally +08:00), or unknown'),
    ("url-ftp.md", M + "url-ftp.md",
     'content/meetings/url-ftp.md:10: sources[0].url: "ftp://example.org/article" must be a full http:// or https:// address'),
    ("location-without-country.md", M + "location-without-country.md",
     'content/meetings/location-without-country.md:5: location: "Jakarta" must be written as "City, Country"'),
    ("location-for-a-call.md", M + "location-for-a-call.md",
     "content/meetings/location-for-a-call.md:5: location: a phone call has no place; remove the field"),
    ("site-yaml-page-size-zero.yaml", "site.yaml",
     "site.yaml:3: page_size: 0 must be 1 or more: the most events a page lists"),
    ("site-yaml-base-url-ftp.yaml", "site.yaml",
     'site.yaml:2: base_url: "ftp://example.org/" must be a full address such as https://user.github.io/repo/'),
    ("site-yaml-kind-in-person-not-boolean.yaml", "site.yaml",
     "site.yaml:4: kinds.dinner.in_person: must be true or false, not text"),
]  # fmt: skip


@dataclass(frozen=True)
class Run:
    """A finished `site-builder build`: what it printed, how long it took, its peak memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


# Runs the command after the file name and writes its peak memory (the kernel's ru_maxrss, in
# KiB) to that file. The build is started from this small process, not from the test runner:
# a process's peak counts the memory of the process it was forked from, the runner's too.
MEASURED = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_build(root: Path) -> Run:
    """`python -m site_builder build` in `root`, killed after LIMIT seconds."""
    peak = root.parent / "peak"
    peak.unlink(missing_ok=True)  # of an earlier build of the same site
    with (root.parent / "stdout").open("w+") as out, (root.parent / "stderr").open("w+") as err:
        started = time.monotonic()
        build = [sys.executable, "-m", "site_builder", "build"]
        process = subprocess.Popen(
            [sys.executable, "-c", MEASURED, str(peak), *build],
            cwd=root,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        timer = threading.Timer(LIMIT, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        peak_kib = int(peak.read_text()) if peak.exists() else 0
        return Run(process.returncode, out.read(), err.read(), seconds, peak_kib / 1024)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with one event (with a topic, so there is a topic page) and a good build."""
    root = tmp_path_factory.mktemp("base") / "site"
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    site = Site(root)
    site.write("site.yaml", SITE_YAML)
    site.event("jakarta", title="Talks in Jakarta", topics="[ASEAN]")
    build(BuildOptions(root=root))
    return root


def copy_of(base: Path, folder: Path) -> Site:
    """A copy of the base site, its build included, in `folder`."""
    shutil.copytree(base, folder / "site", symlinks=True)
    return Site(folder / "site")


@pytest.fixture
def built(base: Path, tmp_path: Path) -> Site:
    return copy_of(base, tmp_path)


def leftovers(site: Site) -> list[str]:
    """Folders a build leaves beside the output while it works (`.build.new-*`, `.build.old-*`)."""
    return sorted(path.name for path in site.root.iterdir() if path.name.startswith(".build"))


@dataclass(frozen=True)
class Attempt:
    """A build of a broken site: how it ended, and the output before and after."""

    run: Run
    before: dict[str, bytes]
    after: dict[str, bytes]
    leftovers: list[str]


def attempt(site: Site, spoil: Callable[[Site], None]) -> Attempt:
    before = site.snapshot()
    spoil(site)
    run = run_build(site.root)
    return Attempt(run, before, site.snapshot(), leftovers(site))


def put(name: str, destination: str) -> Callable[[Site], None]:
    """Spoil a site by copying the corpus file `name` to `destination` in it."""

    def spoil(site: Site) -> None:
        target = site.root / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, target)

    return spoil


def assert_rejected_cleanly(attempt: Attempt) -> list[str]:
    """Exit status 1, no traceback, a count at the end, and the old output untouched."""
    run = attempt.run
    lines = run.stderr.splitlines()
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert lines[-1].endswith("; nothing was written."), lines
    assert run.stdout == ""
    assert attempt.after == attempt.before
    assert attempt.leftovers == []
    return lines


@pytest.fixture(scope="module")
def rejected(base: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Attempt]:
    """Every corpus file, each in its own copy of the site, built a few at a time."""
    sites = {name: copy_of(base, tmp_path_factory.mktemp(name)) for name, _, _ in REJECTED}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: pool.submit(attempt, sites[name], put(name, destination))
            for name, destination, _ in REJECTED
        }
    return {name: future.result() for name, future in futures.items()}


def test_the_corpus_and_the_table_agree() -> None:
    files = sorted(path.name for path in CORPUS.iterdir() if path.is_file())
    assert files == sorted(name for name, _where, _message in REJECTED)
    assert len(files) >= 30


@pytest.mark.slow  # the first of these builds the whole corpus, a site per file
@pytest.mark.parametrize(
    ("name", "destination", "first_line"), REJECTED, ids=[row[0] for row in REJECTED]
)
def test_a_hostile_file_is_rejected_with_a_precise_message(
    rejected: dict[str, Attempt], name: str, destination: str, first_line: str
) -> None:
    lines = assert_rejected_cleanly(rejected[name])
    assert lines[0] == first_line
    assert lines[0].startswith(destination + ":")
    assert rejected[name].run.seconds < 10


@pytest.mark.slow  # builds the whole corpus when run alone
def test_an_alias_bomb_fails_fast_in_little_memory(rejected: dict[str, Attempt]) -> None:
    """Nine levels of nine aliases would be 387 million strings if they were expanded."""
    run = rejected["alias-bomb.md"].run
    assert len(run.stderr.splitlines()) == 2, "one message for the file, not one per alias"
    assert run.seconds < 5
    assert 10 < run.peak_mib < 150, "a build's own peak is about 40 MiB"


def test_nesting_deep_enough_to_crash_the_yaml_parser_is_refused(built: Site) -> None:
    """libyaml builds nested lists recursively: 100,000 `[` crashed the process (SIGSEGV)."""
    deep = "[" * 100_000 + "]" * 100_000
    tried = attempt(built, lambda site: site.event("deep", extra=deep))
    lines = assert_rejected_cleanly(tried)
    assert lines[0] == (
        "content/meetings/deep.md:10: invalid YAML: lists and mappings nested more than 32 deep;"
        " no field needs more than a few levels"
    )
    assert tried.run.seconds < 5


def link_to_file_outside(site: Site) -> None:
    outside = site.root.parent / "secret.md"
    outside.write_text(event_text(title="Not part of this site"))
    (site.root / M / "leak.md").symlink_to(outside)


def link_to_folder_outside(site: Site) -> None:
    outside = site.root.parent / "elsewhere"
    (outside / "events").mkdir(parents=True)
    (outside / "events" / "x.md").write_text(event_text())
    (site.root / "content" / "elsewhere").symlink_to(outside / "events")


def named_pipe(site: Site) -> None:
    os.mkfifo(site.root / M / "pipe.md")


def link_in_static_to_folder_outside(site: Site) -> None:
    (site.root / "static" / "etc").symlink_to("/etc")


# Hostile files that cannot be kept in the corpus: the test makes them.
MADE_BY_THE_TEST: list[tuple[Callable[[Site], None], str]] = [
    (link_to_file_outside,
     "content/meetings/leak.md: is a link to a file outside the site; copy the file in instead"),
    (link_to_folder_outside,
     "content/elsewhere: is a link to a folder outside the site; links are not followed: copy the files in"),
    (named_pipe,
     "content/meetings/pipe.md: is not a regular file; replace it with one"),
    (link_in_static_to_folder_outside,
     "static/etc: is a link to a folder outside the site; copy the files in instead"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "first_line"), MADE_BY_THE_TEST, ids=[row[0].__name__ for row in MADE_BY_THE_TEST]
)
def test_links_out_of_the_site_and_special_files_are_refused(
    built: Site, make: Callable[[Site], None], first_line: str
) -> None:
    lines = assert_rejected_cleanly(attempt(built, make))
    assert lines[0] == first_line


# Valid but unusual input ---------------------------------------------------------------------


def add_valid(site: Site, name: str) -> Run:
    shutil.copyfile(VALID / name, site.root / M / name)
    run = run_build(site.root)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert leftovers(site) == []
    return run


def test_a_byte_order_mark_and_windows_line_endings_build(built: Site) -> None:
    add_valid(built, "bom-crlf.md")
    event_page = built.html("meetings/bom-crlf/index.html")
    assert event_page.h1.get_text() == "Talks saved on Windows"
    assert [p.get_text() for p in event_page.select(".body p")] == [
        "First paragraph.",
        "Second paragraph.",
    ]
    assert "\r" not in (built.build_dir / "meetings/bom-crlf/index.html").read_text()


@pytest.mark.slow
def test_a_3_mb_body_builds(built: Site) -> None:
    paragraph = "Wang Yi and Sergei Lavrov discussed the agenda at length. " * 12 + "\n\n"
    body = paragraph * (3_000_000 // len(paragraph) + 1) + "The last paragraph.\n"
    built.write(
        M + "long.md",
        event_text(title="A long account").replace("The body, in **Markdown**.\n", body),
    )
    assert (built.root / M / "long.md").stat().st_size > 3_000_000
    run = run_build(built.root)
    assert run.returncode == 0, run.stderr
    paragraphs = built.html("meetings/long/index.html").select(".body p")
    assert len(paragraphs) == body.count("\n\n") + 1
    assert paragraphs[-1].get_text() == "The last paragraph."


# The front matter of valid/markup-in-every-field.md, as the reader must see it.
TITLE = "<script>alert('title')</script> & \"quoted\" 'title'"
SUMMARY = "<img src=x onerror=alert('summary')> \"double\" & 'single' </script><!--"
OCCASION = "</dd><script>alert('occasion')</script>"
CITY, COUNTRY = "<i>Jakarta</i>", "Indo\"nesia' onerror='alert(1)"
NAME = "</script><script>alert('name')</script>"
ROLE = "\" onmouseover=\"alert('role')"
NATIONALITY = "<svg onload=alert('country')>"
TOPICS = ["<b>Bold</b> topic", 'O\'Brien "quoted" topic']
OUTLET = "<b onclick=alert('outlet')>Xinhua</b>"
SOURCE_TITLE = "</title><script>alert('source')</script>"
SOURCE_URL = "https://example.org/?q=%3Cscript%3E&x='y'"


@pytest.fixture(scope="module")
def markup_site(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = copy_of(base, tmp_path_factory.mktemp("markup"))
    add_valid(site, "markup-in-every-field.md")
    return site


def html_pages(site: Site) -> list[Path]:
    return sorted(site.build_dir.rglob("*.html"))


def test_markup_in_front_matter_never_becomes_markup_in_a_page(markup_site: Site) -> None:
    pages = html_pages(markup_site)
    assert len(pages) >= 6
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        data = ("application/ld+json", "application/json")  # data for programs, not code
        inline_scripts = [
            script
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") not in data
        ]
        assert inline_scripts == [], path
        assert soup.find_all(["b", "i", "img"]) == [], path
        handlers = [
            (tag.name, name)
            for tag in soup.find_all(True)
            for name in tag.attrs
            if name.startswith("on")
        ]
        assert handlers == [], path


def test_markup_in_front_matter_is_shown_as_written(markup_site: Site) -> None:
    event_page = markup_site.html("meetings/markup-in-every-field/index.html")
    assert event_page.h1.get_text() == TITLE
    assert event_page.title.get_text() == f"{TITLE} · Test timeline"
    assert event_page.select_one(".lede").get_text() == SUMMARY
    assert event_page.select_one('meta[name="description"]')["content"] == SUMMARY
    assert event_page.select_one('meta[property="og:title"]')["content"] == TITLE
    assert event_page.select_one(".event-page .place").get_text() == f"{CITY}, {COUNTRY}"
    assert [dd.get_text() for dd in event_page.select(".facts dd")] == [OCCASION]
    assert event_page.select_one(".participants .person").get_text() == NAME
    assert event_page.select_one(".participants .role").get_text() == ROLE
    assert event_page.select_one(".participants .country").get_text() == f"({NATIONALITY})"
    assert event_page.select_one(".sources .outlet").get_text() == OUTLET
    link = event_page.select_one(".sources cite a")
    assert (link.get_text(), link["href"]) == (SOURCE_TITLE, SOURCE_URL)
    assert [a.get_text() for a in event_page.select(".topics a")] == TOPICS
    card = markup_site.html("index.html").select_one("#meetings-markup-in-every-field")
    assert card.select_one(".event-title").get_text() == TITLE
    assert card.select_one(".summary").get_text() == SUMMARY


def test_markup_in_front_matter_is_text_in_the_json_ld(markup_site: Site) -> None:
    event_page = markup_site.html("meetings/markup-in-every-field/index.html")
    (script,) = event_page.select('script[type="application/ld+json"]')
    assert "<" not in script.string, "a </script> in the data would end the script"
    data = json.loads(script.string)
    assert (data["name"], data["description"]) == (TITLE, SUMMARY)
    assert data["location"]["address"]["addressLocality"] == CITY
    assert data["location"]["address"]["addressCountry"] == COUNTRY
    (person,) = data["attendee"]
    assert (person["name"], person["jobTitle"]) == (NAME, ROLE)
    assert person["nationality"]["name"] == NATIONALITY


def test_markup_in_front_matter_is_text_in_the_feed_and_sitemap(markup_site: Site) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((markup_site.build_dir / "feed.xml").read_bytes())
    entry = next(
        entry for entry in feed.iter(f"{atom}entry") if entry.findtext(f"{atom}title") == TITLE
    )
    assert entry.findtext(f"{atom}summary") == SUMMARY
    assert [category.get("label") for category in entry.iter(f"{atom}category")] == TOPICS
    assert list(entry.find(f"{atom}summary")) == [], "no element inside the summary"
    sitemap = ET.fromstring((markup_site.build_dir / "sitemap.xml").read_bytes())
    locations = [
        loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "https://example.org/meetings/markup-in-every-field/" in locations
    assert "https://example.org/topics/b-bold-b-topic/" in locations
    assert not [loc for loc in locations if set(loc) & set("<>\"' ")]


def test_markup_in_front_matter_is_text_in_the_search_index_and_exports(markup_site: Site) -> None:
    output = markup_site.build_dir
    records = json.loads((output / "search-index.json").read_text(encoding="utf-8"))
    record = next(record for record in records if record["url"].endswith("/markup-in-every-field/"))
    assert (record["title"], record["summary"]) == (TITLE, SUMMARY)
    slides = json.loads((output / "timeline.json").read_text(encoding="utf-8"))["events"]
    slide = next(slide for slide in slides if slide["unique_id"] == "markup-in-every-field")
    # TimelineJS reads headlines as HTML: the title must arrive escaped, and read back whole.
    assert "<" not in slide["text"]["headline"]
    assert html.unescape(slide["text"]["headline"]) == TITLE
    calendar = icalendar.Calendar.from_ical((output / "calendar.ics").read_bytes())
    summaries = [str(event.get("SUMMARY")) for event in calendar.walk("VEVENT")]
    assert TITLE in summaries
    rows = list(
        csv.DictReader(io.StringIO((output / "events.csv").read_text(encoding="utf-8-sig")))
    )
    titles = [value for row in rows for value in row.values()]
    assert TITLE in titles


def test_raw_html_in_a_body_is_passed_through_by_design(built: Site) -> None:
    """The README's rule: a body is written by the site's editors and may hold HTML; only the
    front matter is escaped. A site that takes bodies from untrusted hands must review them."""
    add_valid(built, "raw-html-in-body.md")
    event_page = built.html("meetings/raw-html-in-body/index.html")
    note = event_page.select_one(".body div.editors-note")
    assert note is not None and note["data-raw"] == "yes"
    assert note.em.get_text() == "editor's"
    scripts = [script.get_text() for script in event_page.select(".body script")]
    assert scripts == ['document.documentElement.dataset.rawScript = "ran";']
    assert event_page.select_one(".body strong").get_text() == "Markdown"


def test_words_yaml_1_1_once_read_as_special_values_are_text(built: Site) -> None:
    """A plain `=` or `<<` made PyYAML fail with "could not determine a constructor"."""
    add_valid(built, "yaml-special-words-as-text.md")
    event_page = built.html("meetings/yaml-special-words-as-text/index.html")
    assert event_page.select_one(".lede").get_text() == "<<"
    assert "=" in [dd.get_text() for dd in event_page.select(".facts dd")]
    assert event_page.select_one(".sources cite").get_text() == "2024-07-25"
