"""`site-builder check`: the site built into a temporary folder, then its links checked: every
internal link, image, script and stylesheet resolves, every #fragment names an id on its page,
and nothing leaves the base path."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from site_builder.build import BuildOptions, SiteBuilder
from site_builder.write.output import write_site

# Tag -> the attributes that hold addresses the browser follows or loads.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "link": ("href",),
    "area": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
}
NOT_CHECKED = ("mailto:", "tel:", "data:")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    link: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.problem}"


@dataclass(frozen=True)
class LinkReport:
    pages: int
    links: int
    broken: list[BrokenLink]


class _PageParser(HTMLParser):
    """Collects a page's ids and the addresses in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            if attribute not in values:
                continue
            if attribute == "srcset":
                self.links += [
                    part.split()[0] for part in values[attribute].split(",") if part.strip()
                ]
            else:
                self.links.append(values[attribute].strip())


def check_site(options: BuildOptions) -> LinkReport:
    """Build the site as `build` does, but into a temporary folder, then check its links as
    published at its base URL; raises SiteError on a problem in the content."""
    with tempfile.TemporaryDirectory(prefix="site-builder-check-") as folder:
        output = Path(folder) / "site"
        site = SiteBuilder(options).build()
        write_site(site.pages, site.static, output, recorded=False)
        return check_links(output, site.config.base_url)


def check_links(output: Path, base_url: str) -> LinkReport:
    """Check every HTML page in `output`, a site published at `base_url`."""
    pages = {
        path.relative_to(output).as_posix(): _parse(path) for path in sorted(output.rglob("*.html"))
    }
    checker = _LinkChecker(output, base_url, pages)
    broken: list[BrokenLink] = []
    links = 0
    for name, page in pages.items():
        page_url = urljoin(base_url, name.removesuffix("index.html"))
        for link in page.links:
            if not link or link.startswith(NOT_CHECKED):
                continue
            links += 1
            problem = checker.problem(urljoin(page_url, link))
            if problem:
                broken.append(BrokenLink(name, link, problem))
    return LinkReport(len(pages), links, broken)


@dataclass(frozen=True)
class _LinkChecker:
    output: Path
    base_url: str
    pages: dict[str, _PageParser]

    def problem(self, address: str) -> str | None:
        """What is wrong with an absolute address, or None when it resolves."""
        base, parts = urlsplit(self.base_url), urlsplit(address)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None  # another site: not checked, there is no network here
        if not parts.path.startswith(base.path):
            return f"leaves the site's base path {base.path}"
        relative = unquote(parts.path[len(base.path) :])
        if not relative or (self.output / relative).is_dir():
            relative = (relative.rstrip("/") + "/index.html").lstrip("/")
        if not (self.output / relative).is_file():
            return "no such page or file"
        fragment = unquote(parts.fragment)
        if fragment and relative in self.pages and fragment not in self.pages[relative].ids:
            return f'no element with id "{fragment}" on {relative}'
        return None


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser
