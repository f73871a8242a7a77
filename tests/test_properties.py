"""Properties checked on generated input (Hypothesis): whatever an event file holds, reading it
gives an event or our own error, never a crash; and building a site twice gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build import BuildOptions, build
from site_builder.config import DEFAULT_KINDS
from site_builder.content.events import KNOWN_FIELDS, parse_event
from site_builder.exports.search import _WORD, words
from site_builder.problems import SiteError
from site_builder.reading.yamldoc import load_yaml
from site_builder.write.output import MANIFEST

from conftest import PROJECT, SITE_YAML

PATH = "content/meetings/generated.md"
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
QUICK = settings(max_examples=100, deadline=None, database=None)
BUILDS = settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text as people type it, markup included; no surrogates, controls or noncharacters, which the
# loader refuses (tests/test_hostile.py shows how).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=40)
WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)

# Whatever YAML can hold: the shapes of every field, right and wrong.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates().map(dt.date.isoformat)
    | st.sampled_from(["2023-02-30", "10/01/2024", "unknown", "meeting", "javascript:x", "<<", "="])
    | st.sampled_from(
        ["next\nThursday", "phone-call\r\n", "\x1b[2J\x1b[Hfake: message", "a\u2028b"]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_FIELDS) | WORD, children, max_size=4)
    ),
    max_leaves=20,
)
FRONT_MATTERS = st.dictionaries(st.sampled_from(KNOWN_FIELDS) | WORD, VALUES, max_size=14)

# Pieces of YAML syntax, strung together at random: broken documents of every kind.
TOKENS = st.sampled_from(
    [
        "title", "date", "sources", "kind", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "\n",
        "\n  ", "  ", "\t", "&a ", "*a", "!!python/name:os.system ", "!!binary ", "!!set ",
        "!local ", "? ", "|\n", ">-\n", "'", '"', "\\x00", "\\u2028", "#", "%YAML 1.1\n", "---\n",
        "...\n", "<<", "=", "2023-07-13", "~", "0x1F", ".nan", "é", "\u0085", "\ufeff", "1e999",
    ]
)  # fmt: skip
YAML_SOUP = st.lists(TOKENS, max_size=40).map("".join)


def event_file(front: str, body: str) -> str:
    return f"---\n{front}\n---\n{body}"


def parses_or_refuses(text: str) -> None:
    """The property: an event, or a SiteError whose problems each name this file."""
    try:
        event, warnings = parse_event(text, PATH, "meetings", DEFAULT_KINDS)
    except SiteError as error:
        assert error.problems
        assert all(problem.path == PATH for problem in error.problems)
        # One line each, and no control character reaches the terminal from a file.
        assert not [problem for problem in error.problems if UNPRINTABLE.search(str(problem))]
        return
    assert event.path == PATH
    assert all(warning.startswith(PATH) for warning in warnings)


@QUICK
@given(st.text())
def test_any_text_is_an_event_or_a_site_error(text: str) -> None:
    parses_or_refuses(text)


@QUICK
@given(YAML_SOUP, st.text(max_size=200))
def test_broken_yaml_is_an_event_or_a_site_error(front: str, body: str) -> None:
    parses_or_refuses(event_file(front, body))
    with contextlib.suppress(SiteError):
        load_yaml(front, "site.yaml")


@QUICK
@given(FRONT_MATTERS, st.text(max_size=200))
def test_any_yaml_document_is_an_event_or_a_site_error(front: dict[str, Any], body: str) -> None:
    document = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    parses_or_refuses(event_file(document, body))


# Valid sites, for the reproducibility property -------------------------------------------------

CITY = st.text("abcdefghijklmnopqrstuvwxyz <>&'\"", min_size=1, max_size=12).filter(str.strip)
TOPIC_NAMES = ["ASEAN", "Middle East", "<b>Bold</b>", "O'Brien & Co", "Ukraine"]
URLS = st.sampled_from(
    [None, "https://example.org/a?b=1&c='2'", "http://example.org/%3Cscript%3E", "https://x.y/"]
)
PUBLISHED = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat) | (
    st.sampled_from(["unknown", "2023-07-14 08:34+08:00", "2024-01-01 23:59"])
)
SOURCE = st.fixed_dictionaries(
    {"outlet": TEXT.filter(str.strip), "title": TEXT.filter(str.strip), "published": PUBLISHED},
    optional={"url": URLS.filter(bool)},
)
PARTICIPANT = st.fixed_dictionaries(
    {"name": TEXT.filter(str.strip)}, optional={"role": TEXT.filter(str.strip), "country": CITY}
)


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """The front matter of a valid event, with markup and quotes in its text."""
    kind = draw(st.sampled_from(sorted(DEFAULT_KINDS)))
    date = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    front: dict[str, Any] = {"title": draw(TEXT.filter(str.strip)), "date": date.isoformat()}
    front["kind"] = kind
    if DEFAULT_KINDS[kind].in_person:
        front["location"] = f"{draw(CITY).strip()}, {draw(CITY).strip()}"
    if draw(st.booleans()):
        front["end_date"] = (date + dt.timedelta(days=draw(st.integers(0, 40)))).isoformat()
    front["summary"] = draw(st.none() | TEXT.filter(str.strip))
    front["topics"] = draw(st.lists(st.sampled_from(TOPIC_NAMES), unique=True, max_size=3))
    front["participants"] = draw(st.lists(PARTICIPANT, max_size=2))
    front["sources"] = draw(st.lists(SOURCE, min_size=1, max_size=2))
    front["draft"] = draw(st.booleans())
    return {key: value for key, value in front.items() if value is not None}


def write_site(root: Path, fronts: list[dict[str, Any]], bodies: list[str]) -> None:
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    folder = root / "content" / "meetings"
    folder.mkdir(parents=True)
    for index, (front, body) in enumerate(zip(fronts, bodies, strict=True)):
        document = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        (folder / f"event-{index}.md").write_text(event_file(document, body), encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    """The site's files; the manifest, which records when each was written, is left out."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


@pytest.mark.slow
@BUILDS
@given(st.lists(events(), min_size=1, max_size=5), st.lists(st.text(max_size=300), max_size=5))
def test_building_a_site_twice_gives_the_same_bytes(
    fronts: list[dict[str, Any]], texts: list[str]
) -> None:
    """Once here, once in another process with another hash seed, so that no set's order and
    no clock reaches the output."""
    bodies = [texts[index % len(texts)] if texts else "" for index in range(len(fronts))]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        write_site(root, fronts, bodies)
        build(BuildOptions(root=root, output=root / "first", drafts=True))
        environment = {**os.environ, "PYTHONHASHSEED": "12345"}
        command = [sys.executable, "-m", "site_builder", "build", "-o", "second", "--drafts"]
        result = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        first, second = files_of(root / "first"), files_of(root / "second")
        assert sorted(first) == sorted(second)
        assert [name for name in first if first[name] != second[name]] == []


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_splits_into_the_words_the_pattern_finds(text: str) -> None:
    assert words(text) == _WORD.findall(text.lower())


# Whole sites, valid-looking and not ----------------------------------------------------------

# Bodies made of Markdown's own characters: emphasis, links, lists, quotes, code and raw HTML.
MARKDOWN = st.lists(
    st.sampled_from(
        ["*", "_", "[", "]", "(", ")", "![", "](", "#", ">", "- ", "1. ", "    ", "\n", "\n\n",
         "`", "```", "<", ">", "&", "<div>", "</div>", "<script>", "|", "---", "\\", "word", " "]
    ),
    max_size=120,
).map("".join)  # fmt: skip
SITE_VALUES = st.fixed_dictionaries(
    {
        "title": TEXT.filter(str.strip),
        "base_url": st.just("https://example.org/") | URLS.filter(bool) | st.text(max_size=20),
    },
    optional={
        "description": TEXT,
        "language": st.sampled_from(["en", "zh", "ru", "", "x" * 40]) | VALUES,
        "page_size": st.integers(-2, 4) | VALUES,
        "places": st.dictionaries(CITY, st.tuples(st.floats(), st.floats()).map(list), max_size=3)
        | VALUES,
        "kinds": VALUES,
        "topics": VALUES,
        "cname": VALUES,
        "author": VALUES,
    },
)
FILE_NAMES = st.text("abcdefghij-_.0123456789 ", min_size=1, max_size=12)


@pytest.mark.slow
@settings(BUILDS, max_examples=60)
@given(
    SITE_VALUES,
    st.lists(events() | FRONT_MATTERS, min_size=1, max_size=6),
    st.lists(MARKDOWN | st.text(max_size=200), min_size=1, max_size=6),
    st.lists(FILE_NAMES, min_size=6, max_size=6),
)
def test_any_site_builds_or_fails_with_our_error_alone(
    config: dict[str, Any], fronts: list[dict[str, Any]], bodies: list[str], names: list[str]
) -> None:
    """The whole build, config to written files: a site, or our one-line problems; never
    another exception, and never a half-written output."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        write_site(root, [], [])
        (root / "site.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
        for index, front in enumerate(fronts):
            document = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            text = event_file(document, bodies[index % len(bodies)])
            (root / "content/meetings" / f"{names[index]}.md").write_text(text, encoding="utf-8")
        try:
            build(BuildOptions(root=root, drafts=True))
        except SiteError as error:
            assert error.problems
            assert not [p for p in error.problems if UNPRINTABLE.search(str(p))]
            assert not (root / "build").exists()
            return
        assert (root / "build/index.html").is_file()
