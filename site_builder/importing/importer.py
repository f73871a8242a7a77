"""`site-builder import`: news articles (plain text or saved pages) and TimelineJS
timelines -> draft event pages, one page per event.

Articles that report the same event (the same day and place, or both calls on the same
day) become one page citing each of them; an article about an event that already has a
page adds itself to that page's sources, unless a page cites it already. Every file is read
before anything is written; existing text is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from site_builder.config import SiteConfig, load_config
from site_builder.content.events import IMPORTED_TEXT_START
from site_builder.content.loader import existing_events, section_names
from site_builder.importing.articles import (
    Article,
    Said,
    read_article,
    read_page_article,
)
from site_builder.importing.dates import WEEKDAYS
from site_builder.importing.found import Found, quoted
from site_builder.importing.outlets import canonical_outlet
from site_builder.importing.pages import read_saved_page
from site_builder.importing.timeline_import import (
    TIMELINE_SUFFIXES,
    import_timeline,
    read_timeline_file,
)
from site_builder.importing.timelinejs import Timeline
from site_builder.model.records import Event, Place, Source
from site_builder.model.slugs import slugify
from site_builder.problems import Problem, SiteError
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.yamldoc import one_line

DEFAULT_SECTION = "meetings"
SAVED_PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
IMPORTED_TEXT_NOTE = (
    "**The article's own text, for reference only: it belongs to its outlet. Write this page "
    "in your own words, then delete this block: a page that still holds it is built only as "
    "a draft.**"
)


def _section(config: SiteConfig) -> str:
    """Where drafts go: the site's only section; else `meetings`."""
    sections = section_names(config)
    return sections[0] if len(sections) == 1 else DEFAULT_SECTION


@dataclass(frozen=True)
class ImportOptions:
    root: Path
    files: tuple[Path, ...]
    output: Path | None = None
    dry_run: bool = False


@dataclass
class EventDraft:
    """Articles found to report one event; the first one with a known date leads."""

    articles: list[Article] = field(default_factory=list)

    @property
    def lead(self) -> Article:
        return next((a for a in self.articles if a.date is not None), self.articles[0])

    @property
    def date(self) -> dt.date | None:
        return self.lead.date


def import_articles(options: ImportOptions, out: TextIO) -> int:
    """Read, group and write; returns the number of pages written or extended."""
    config = load_config(options.root)
    articles, timelines = read_files(options.files, config)
    for article in articles:
        print(describe(article), file=out)
    known = existing_events(config)
    folder = options.output or config.content_dir / _section(config)
    changed = sum(
        import_timeline(name, timeline, config, folder, known, options.dry_run, out)
        for name, timeline in timelines
    )
    fresh = [article for article in articles if not _already_cited(article, known, out)]
    for draft in group_articles(fresh):
        match = next((event for event in known if _is_same_event(draft, event)), None)
        if match is not None:
            page = config.root / match.path
            changed += _add_sources(page, match.path, draft.articles, options.dry_run, out)
        else:
            changed += _write_draft(folder, draft, config, options.dry_run, out)
    return changed


def read_files(
    files: Iterable[Path], config: SiteConfig
) -> tuple[list[Article], list[tuple[str, Timeline]]]:
    """Every article and timeline, or every problem with them: nothing is written when one
    file cannot be read."""
    articles: list[Article] = []
    timelines: list[tuple[str, Timeline]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            if path.suffix.lower() in TIMELINE_SUFFIXES:
                timelines.append((one_line(path.name), read_timeline_file(path)))
            else:
                articles.append(_read(path, config))
        except SiteError as error:
            problems += error.problems
    if problems:
        raise SiteError(problems)
    return articles, timelines


def read_articles(files: Iterable[Path], config: SiteConfig) -> list[Article]:
    """Every article, or every problem with them."""
    return read_files(files, config)[0]


def _read(path: Path, config: SiteConfig) -> Article:
    # The name is quoted in the draft's comments, which a line break in it would end.
    name = one_line(path.name)
    topics, kind_phrases = config.topic_phrases, config.kind_phrases
    if path.suffix.lower() in SAVED_PAGE_SUFFIXES:
        page = read_saved_page(_read_bytes(path))
        article = page and read_page_article(page, name, topics, config.kinds, kind_phrases)
    else:
        text = _read_text(path)
        article = read_article(text, name, topics, config.kinds, kind_phrases)
    if not article or not article.paragraphs:
        message = "holds no article text: no paragraph of sentences was found in it"
        raise SiteError([Problem(str(path), None, None, message)])
    return article


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        message = f"cannot be read: {error.strerror or error}"
        raise SiteError([Problem(str(path), None, None, message)]) from None


def _read_text(path: Path) -> str:
    try:
        return _read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
        raise SiteError([Problem(str(path), None, None, message)]) from None


def group_articles(articles: Iterable[Article]) -> list[EventDraft]:
    """One draft per event; articles without a date join an event on the weekday they name,
    or, naming none, the only event in the place they name; a meeting without a place joins
    the only meeting of its day."""
    drafts: list[EventDraft] = []
    dated = sorted(articles, key=lambda article: article.date is None)
    for article in dated:
        same = next((d for d in drafts if _reports(article, d.lead)), None)
        if same is None and article.date is None and article.weekday is None:
            same = _only_one(d for d in drafts if _same_kind_and_place(article, d.lead))
        if same is None and article.in_person and article.place is None:
            same = _only_one(d for d in drafts if d.lead.in_person and d.date == article.date)
        if same is None:
            drafts.append(EventDraft([article]))
        else:
            same.articles.append(article)
    return drafts


def _only_one(drafts: Iterable[EventDraft]) -> EventDraft | None:
    """The one draft, when there is exactly one: an undated article joins no event at random."""
    found = [draft for draft in drafts if draft.lead.date is not None]
    return found[0] if len(found) == 1 else None


def _same_kind_and_place(article: Article, lead: Article) -> bool:
    if not (article.in_person and lead.in_person):
        return False
    return article.place is not None and lead.place is not None and article.place == lead.place


def _same_day(article: Article, day: dt.date | None) -> bool:
    if day is None:
        return False
    if article.date is not None:
        return article.date == day
    return article.weekday is not None and article.weekday == day.weekday()


def _same_place(
    a_in_person: bool, a_place: Place | None, b_in_person: bool, b_place: Place | None
) -> bool:
    """Both calls, or both in person in the same city."""
    if not (a_in_person and b_in_person):
        return a_in_person == b_in_person
    return a_place is not None and b_place is not None and a_place.city == b_place.city


def _reports(article: Article, lead: Article) -> bool:
    """Whether `article` reports the event whose leading article is `lead`."""
    return _same_day(article, lead.date) and _same_place(
        article.in_person, article.place, lead.in_person, lead.place
    )


def _is_same_event(draft: EventDraft, event: Event) -> bool:
    lead = draft.lead
    return _same_day(lead, event.date.as_date()) and _same_place(
        lead.in_person, lead.place, event.kind.in_person, event.location
    )


def citation_key(outlet: str | None, headline: str | None) -> tuple[str, str]:
    """An outlet and headline as compared: the outlet's canonical name, the headline's
    letters and digits in lower case."""
    words = re.sub(r"[\W_]+", " ", (headline or "").casefold()).strip()
    return canonical_outlet(outlet or ""), words


def _cites(source: Source, article: Article) -> bool:
    if source.url and article.url and source.url == article.url:
        return True
    if not article.headline:
        return False
    ours = citation_key(article.outlet.value if article.outlet else None, article.headline.value)
    theirs = citation_key(source.outlet, source.title)
    return ours[1] == theirs[1] and (not ours[0] or not theirs[0] or ours[0] == theirs[0])


def _already_cited(article: Article, events: Iterable[Event], out: TextIO) -> bool:
    """Whether a page cites the article already (saying which): it is not added again."""
    citing = next((e for e in events if any(_cites(s, article) for s in e.sources)), None)
    if citing is not None:
        print(f"{citing.path} already cites {article.path}", file=out)
    return citing is not None


def _kind_or_said(article: Article) -> str:
    """The site's kind for the article's event; the kind its words tell when the site has
    none such."""
    return article.kind or article.said.kind.slug


def describe(article: Article) -> str:
    """One line for the terminal: what was found and from what text; what was not, and why."""
    return f"{article.path}: " + "; ".join(
        (
            _field("outlet", article.outlet, "no agency mark, source or copyright line"),
            _field("headline", article.headline, "no title line above the text"),
            _published_part(article),
            _date_part(article),
            f"{_kind_or_said(article)} ({article.kind_how})",
            _place_part(article),
        )
    )


def _field(name: str, found: Found[str] | None, why_not: str) -> str:
    if found is None:
        return f"{name} not found ({why_not})"
    return f"{name} '{quoted(found.value)}' from {found.how}"


def _published_part(article: Article) -> str:
    if article.published is None:
        return "published date not found (no date line near the headline)"
    return f"published {published_text(article.published.value)} from {article.published.because()}"


def _date_part(article: Article) -> str:
    if article.event_day is not None:
        return f"date {article.event_day.value} from {article.event_day.because()}"
    if article.weekday is not None:
        weekday = WEEKDAYS[article.weekday]
        return f"date not found ({article.date_missing}): names a {weekday}, matched to others"
    return f"date not found ({article.date_missing})"


def _place_part(article: Article) -> str:
    if not article.in_person:
        return "no place (a call)"
    if article.found_place is None:
        return "place not found (no known city in the dateline or the lead)"
    return f"in {article.place} from {article.found_place.because()}"


def published_text(published: dt.date | dt.datetime | None) -> str:
    if published is None:
        return "unknown"
    if isinstance(published, dt.datetime):
        text = published.strftime("%Y-%m-%d %H:%M")
        offset = published.strftime("%z")
        return text + (f"{offset[:3]}:{offset[3:]}" if offset else "")
    return published.isoformat()


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def source_lines(article: Article, indent: str) -> list[str]:
    outlet = article.outlet.value if article.outlet else "FILL IN: outlet not found"
    headline = article.headline.value if article.headline else "FILL IN: headline not found"
    published = article.published.value if article.published else None
    lines = [
        f"{indent}- outlet: {_quoted(outlet)}",
        f"{indent}  title: {_quoted(headline)}",
        f"{indent}  published: {published_text(published)}",
    ]
    if article.url:
        lines.append(f"{indent}  url: {_quoted(article.url)}")
    return lines


def draft_text(draft: EventDraft) -> str:
    """The page for a new event: every field the articles gave, marked as a draft."""
    lead = draft.lead
    names = [person.name for person in lead.participants]
    lines = [
        "---",
        f"# Imported from {', '.join(a.path for a in draft.articles)}: check every field.",
    ]
    lines.append(f"title: {_quoted(_title(lead.said, names, lead.place))}")
    if lead.event_day:
        how = one_line(lead.event_day.because())
        lines.append(f"date: {lead.event_day.value.isoformat()}  # from {how} in {lead.path}")
    else:
        why = one_line(lead.date_missing)
        lines.append(f"date: unknown  # not found ({why}): set it as YYYY-MM-DD")
    lines.append(f"kind: {_kind_or_said(lead)}{_kind_note(lead)}")
    if lead.place:
        lines.append(f"location: {_quoted(str(lead.place))}")
    elif lead.in_person:
        lines.append('# location: not found in the articles; set it as "City, Country"')
    if lead.participants:
        lines.append("participants:")
        for person in lead.participants:
            lines.append(f"  - name: {_quoted(person.name)}")
            if person.role:
                lines.append(f"    role: {_quoted(person.role)}")
            if person.country:
                lines.append(f"    country: {_quoted(person.country)}")
    topics = sorted({topic for article in draft.articles for topic in article.topics})
    if topics:
        lines.append(f"topics: [{', '.join(_quoted(topic) for topic in topics)}]")
    lines.append("# summary: one sentence, in your own words")
    lines.append("sources:")
    for article in draft.articles:
        lines += source_lines(article, "  ")
    lines += ["draft: true", "---"]
    return "\n".join([*lines, *imported_text_block(lead.paragraphs), ""])


def imported_text_block(paragraphs: Iterable[str]) -> list[str]:
    """The article's paragraphs inside a marked block, which a build refuses to publish;
    their `<`, `>` and `&` escaped: the text is an outlet's, not HTML to pass through."""
    text = "\n\n".join(html.escape(paragraph, quote=False) for paragraph in paragraphs)
    return [IMPORTED_TEXT_START, "", IMPORTED_TEXT_NOTE, "", text, "", "</div>"]


def _kind_note(article: Article) -> str:
    """A comment for the draft's kind when it is not the kind the articles' words tell."""
    said = article.said.kind
    if article.kind is None:
        in_person = "true" if said.in_person else "false"
        what = "meetings" if said.in_person else "calls"
        return f"  # site.yaml has no kind for {what} (in_person: {in_person}): add one, or set it"
    if article.kind != said.slug:
        return f"  # the articles tell of a {said.label.lower()}"
    return ""


def _title(said: Said, names: list[str], place: Place | None) -> str:
    where = f" in {place.city}" if place else ""
    return f"{' and '.join(names)} {said.verb}{where}" if names else f"{said.kind.label}{where}"


def _write_draft(
    folder: Path, draft: EventDraft, config: SiteConfig, dry_run: bool, out: TextIO
) -> int:
    lead = draft.lead
    stem = lead.date.isoformat() if lead.date else "undated"
    what = slugify(lead.place.city if lead.place else _kind_or_said(lead)) or "event"
    path = _free_path(folder, f"{stem}-{what}")
    shown = _shown(path, config.root)
    count = len(draft.articles)
    if dry_run:
        print(
            f"would write {shown}: a draft citing {count} article{'s' if count > 1 else ''}",
            file=out,
        )
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never replace a file
        file.write(draft_text(draft))
    print(f"wrote {shown}: a draft citing {count} article{'s' if count > 1 else ''}", file=out)
    return 1


def _free_path(folder: Path, stem: str) -> Path:
    path, number = folder / f"{stem}.md", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.md", number + 1
    return path


def _add_sources(page: Path, name: str, articles: list[Article], dry_run: bool, out: TextIO) -> int:
    """Add the articles as sources of an existing page, touching nothing else in it."""
    text = page.read_text(encoding="utf-8")
    split = split_front_matter(text, page.name)
    node = yaml.compose(split.front)
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    sources = next((value for key, value in pairs if key.value == "sources"), None)
    listed = yaml.safe_load(split.front).get("sources") or []
    cited = [
        Source(str(s.get("outlet")), str(s.get("title")), None, s.get("url"))
        for s in listed
        if isinstance(s, dict)
    ]
    new = [a for a in articles if not any(_cites(source, a) for source in cited)]
    if not new:
        print(f"{name} already cites {', '.join(a.path for a in articles)}", file=out)
        return 0
    if not isinstance(sources, yaml.SequenceNode) or sources.flow_style or not sources.value:
        snippet = "\n".join(line for a in new for line in source_lines(a, "  "))
        print(f"{name}: add these sources by hand:\n{snippet}", file=out)
        return 0
    indent = " " * sources.start_mark.column
    insert_at = split.front_line - 1 + sources.end_mark.line
    if sources.end_mark.column > 0:  # the block ends at the end of the last line
        insert_at += 1
    lines = text.split("\n")
    added = [line for article in new for line in source_lines(article, indent)]
    if dry_run:
        print(f"would add {len(new)} source(s) to {name}", file=out)
        return 0
    page.write_text("\n".join(lines[:insert_at] + added + lines[insert_at:]), encoding="utf-8")
    print(f"added {len(new)} source{'s' if len(new) > 1 else ''} to {name}", file=out)
    return 1


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
