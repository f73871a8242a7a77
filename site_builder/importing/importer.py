"""`site-builder import`: raw news articles -> draft event pages, one page per event.

Articles that report the same event (the same day and place, or both calls on the same
day) become one page citing each of them; an article about an event that already has a
page adds itself to that page's sources. Existing text is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from site_builder.config import SiteConfig, load_config
from site_builder.content.loader import existing_events
from site_builder.importing.articles import WEEKDAYS, Article, Said, read_article
from site_builder.model.records import Event, Place
from site_builder.model.slugs import slugify
from site_builder.problems import Problem, SiteError
from site_builder.reading.frontmatter import split_front_matter
from site_builder.reading.yamldoc import one_line

DEFAULT_SECTION = "meetings"


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
    articles = [_read(path, config) for path in options.files]
    drafts = group_articles(articles)
    for article in articles:
        print(describe(article), file=out)
    folder = options.output or config.content_dir / DEFAULT_SECTION
    known = existing_events(config)
    changed = 0
    for draft in drafts:
        match = next((event for event in known if _is_same_event(draft, event)), None)
        if match is not None:
            page = config.root / match.path
            changed += _add_sources(page, match.path, draft.articles, options.dry_run, out)
        else:
            changed += _write_draft(folder, draft, config, options.dry_run, out)
    return changed


def _read(path: Path, config: SiteConfig) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError([Problem(str(path), None, None, f"cannot be read: {error}")]) from None
    # The name is quoted in the draft's comments, which a line break in it would end.
    return read_article(text, one_line(path.name), dict(config.topic_phrases), config.kinds)


def group_articles(articles: Iterable[Article]) -> list[EventDraft]:
    """One draft per event; articles without a date join an event on the weekday they name."""
    drafts: list[EventDraft] = []
    dated = sorted(articles, key=lambda article: article.date is None)
    for article in dated:
        same = next((d for d in drafts if _reports(article, d.lead)), None)
        if same is None:
            drafts.append(EventDraft([article]))
        else:
            same.articles.append(article)
    return drafts


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
    return _same_day(lead, event.date) and _same_place(
        lead.in_person, lead.place, event.kind.in_person, event.location
    )


def _kind_or_said(article: Article) -> str:
    """The site's kind for the article's event; the kind its words tell when the site has
    none such."""
    return article.kind or article.said.kind.slug


def describe(article: Article) -> str:
    """One line for the terminal: what was found, and how sure it is."""
    published = _published_text(article.published)
    if article.date:
        when = f"event {article.date} from {article.date_how}"
    elif article.weekday is not None:
        weekday = WEEKDAYS[article.weekday]
        when = f"date {article.date_how}; names a {weekday}, matched against other articles"
    else:
        when = f"date {article.date_how}"
    where = f" in {article.place}" if article.place else ""
    outlet = article.outlet or "outlet not found"
    return (
        f"{article.path}: {outlet}, published {published}; {when}; {_kind_or_said(article)}{where}"
    )


def _published_text(published: dt.date | dt.datetime | None) -> str:
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
    return [
        f"{indent}- outlet: {_quoted(article.outlet or 'FILL IN: outlet not found')}",
        f"{indent}  title: {_quoted(article.headline or 'FILL IN: headline not found')}",
        f"{indent}  published: {_published_text(article.published)}",
    ]


def draft_text(draft: EventDraft) -> str:
    """The page for a new event: every field the articles gave, marked as a draft."""
    lead = draft.lead
    names = [person.name for person in lead.participants]
    lines = [
        "---",
        f"# Imported from {', '.join(a.path for a in draft.articles)}: check every field.",
    ]
    lines.append(f"title: {_quoted(_title(lead.said, names, lead.place))}")
    if lead.date:
        lines.append(f"date: {lead.date.isoformat()}  # from the {lead.date_how} in {lead.path}")
    else:
        lines.append(f"date: unknown  # not found ({lead.date_how}): set it as YYYY-MM-DD")
    lines.append(f"kind: {_kind_or_said(lead)}{_kind_note(lead)}")
    if lead.place:
        lines.append(f"location: {_quoted(str(lead.place))}")
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
    note = (
        "<!-- The articles' own paragraphs follow, for reference: "
        "rewrite them in your own words before publishing. -->"
    )
    return "\n".join([*lines, note, "", "\n\n".join(lead.paragraphs), ""])


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
    cited = {
        (s.get("outlet"), s.get("title")) for s in yaml.safe_load(split.front).get("sources") or []
    }
    new = [a for a in articles if (a.outlet, a.headline) not in cited]
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
