"""The floor: what our own libraries cost by themselves on a site's events, in one process.

    python -m benchmarks.floor SITE OUT

For every `content/**/*.md` file under SITE, in sorted order: read it as UTF-8, split the
YAML front matter (between the first two `---` lines) from the Markdown body, load the
front matter with PyYAML's C safe loader (the pure-Python one if the C one is missing),
convert the body with one reused Python-Markdown converter (the "extra" and "sane_lists"
extensions, as our build uses them), and write the HTML to
`OUT/<path under content/ without .md>/index.html`. Nothing else: no validation, no
templates, no timeline, feeds or indexes.

A build has to do at least this much for every event, and in one process it cannot do it
faster than the libraries do, so this is the floor that a cold build's time is held
against (`benchmarks.compare` runs it as a separate process, to count the interpreter's
start and the imports as a build's are). It prints the number of files and the seconds
the loop took.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from typing import Any

import markdown
import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

EXTENSIONS = ["extra", "sane_lists"]
FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def sources(site: Path) -> list[Path]:
    """The Markdown files under the site's content/, sorted."""
    return sorted((site / "content").rglob("*.md"))


def split(text: str) -> tuple[str, str]:
    """The front matter (between the first two `---` lines) and the body after them."""
    fences = FENCE.finditer(text)
    first, second = next(fences, None), next(fences, None)
    if first is None or second is None:
        return "", text
    return text[first.end() : second.start()], text[second.end() :].lstrip("\r\n")


def destination(source: Path, content: Path, out: Path) -> Path:
    return out / source.relative_to(content).with_suffix("") / "index.html"


def convert(source: Path, converter: markdown.Markdown) -> tuple[Any, str]:
    """The file's loaded front matter and its body as HTML."""
    front, body = split(source.read_text(encoding="utf-8"))
    data = yaml.load(front, Loader=Loader)
    converter.reset()
    return data, converter.convert(body)


def write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def run(site: Path, out: Path) -> int:
    """Converts and writes every event of `site` under `out`; the number of files."""
    content = site / "content"
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    files = sources(site)
    for source in files:
        _, html = convert(source, converter)
        write(destination(source, content, out), html)
    return len(files)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    count = run(args.site, args.out)
    took = time.perf_counter() - started
    loader = "CSafeLoader" if Loader.__name__ == "CSafeLoader" else "SafeLoader"
    print(f"{count} files in {took:.3f} s (Markdown + {loader} + writing, one process)")


if __name__ == "__main__":
    main()
