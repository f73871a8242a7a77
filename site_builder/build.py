"""One build, start to finish: config -> content -> timeline -> pages -> output folder."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig, load_config
from site_builder.content.loader import Content
from site_builder.content.translations import (
    NO_TRANSLATIONS,
    TranslationFiles,
    Translator,
    list_translations,
)
from site_builder.incremental.cache import CACHE_FOLDER, build_key
from site_builder.incremental.changes import ChangeKind, change_kind
from site_builder.incremental.collector import collector_paused
from site_builder.incremental.content import Scan
from site_builder.incremental.reuse import Outcome, Reuse
from site_builder.incremental.timeline import TimelineReuse
from site_builder.model.records import Event
from site_builder.model.timeline import Timeline
from site_builder.model.urls import Urls
from site_builder.page import Page
from site_builder.problems import Problem, SiteError
from site_builder.render.languages import SiteLanguages
from site_builder.render.pages import page_addresses
from site_builder.render.pictures import PictureMaker
from site_builder.render.site import SiteRenderer
from site_builder.render.templates import Templates, read_templates
from site_builder.theme import STATIC, layers
from site_builder.write.output import (
    check_output_dir,
    content_digest,
    holds_build,
    remove_leftovers,
    static_files,
    write_site,
)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line can change about a build."""

    root: Path
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    # Keep a manifest of what was written in the output folder, so that the next build
    # updates it in place; off for one-off builds into a temporary folder.
    recorded: bool = True
    # Remove what the output folder holds that this build does not make, even files that
    # a build of ours did not write.
    clean: bool = False


@dataclass(frozen=True)
class Plan:
    """What a build reads, each part with what it was read from: the config, the event
    files (read where they changed, not yet parsed), the templates and the static files.
    Its `key` names all of it, with the generator's own code: two plans with one key make
    one output."""

    config: SiteConfig
    scan: Scan
    templates: Templates
    static: dict[str, Path]
    drafts: bool
    translations: TranslationFiles = NO_TRANSLATIONS

    @functools.cached_property
    def key(self) -> str:
        static = [f"{name}\0{content_digest(name, path)}" for name, path in self.static.items()]
        translated = [
            f"{file.shown}\0{content_digest(file.shown, file.path)}"
            for files in self.translations.by_language.values()
            for file in files.values()
        ]
        options = repr(self.drafts)
        parts = (repr(self.config), options, self.templates.fingerprint, self.scan.key, *static)
        return build_key(*parts, *translated, *map(str, self.translations.problems))


@dataclass(frozen=True)
class Site:
    """A built site, before it is written: its pages, its static files and what to warn of
    (`warnings` of the site's files; `cache_warnings` of `.cache/`, for this build alone)."""

    config: SiteConfig
    events: int
    pages: list[Page]
    static: dict[str, Path]
    warnings: tuple[str, ...]
    cache_warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    events: int
    pages: int
    files: int
    written: int
    seconds: float
    output: Path
    warnings: tuple[str, ...]


class SiteBuilder:
    """Builds a site again and again, reusing what has not changed since the last time.

    Event files are parsed again only when their modification time or size changed;
    pages are rendered again only when their inputs changed; templates are compiled
    again only when a file in templates/ or the config changed.
    """

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.reuse = Reuse(options.root, options.drafts)
        self._translator = Translator()
        self._pictures: PictureMaker | None = None
        # By language: the timeline reuse and the renderer of its pages, with the renderer's key.
        self._timelines: dict[str, TimelineReuse] = {}
        self._renderers: dict[str, tuple[object, SiteRenderer]] = {}
        self._last: Site | None = None  # the last successful build, while it is the latest

    def rebuild(self, changed: Collection[str]) -> Site:
        """`build()` again after the site-relative paths `changed` changed, every change since
        the last build, as a watcher reports them. When they are all in static/ (see
        `change_kind`), the pages of the last build stand and only the static files are
        listed; when they are all event files, only those are read again."""
        last = self._last
        # An editor that saves by a temporary file renamed into place leaves a path that came
        # and went: only the file it became was edited.
        lasting = [path for path in changed if not self._came_and_went(path)]
        changed = lasting or changed
        kinds = {change_kind(path) for path in changed}
        if last is not None and kinds == {ChangeKind.STATIC}:
            static = _static_files(last.config)
            _refuse_overlaps(last.pages, static)
            return dataclasses.replace(last, static=static)
        if kinds == {ChangeKind.EVENT}:
            return self.build(edited=changed)
        return self.build()

    def _came_and_went(self, path: str) -> bool:
        """A changed path in content/, not an event file's (a `.md` file may be a translation,
        which the listing of events does not hold), that is gone and that the last listing
        never held."""
        return change_kind(path) is ChangeKind.CONTENT and self.reuse.came_and_went(path)

    def build(self, edited: Collection[str] | None = None) -> Site:
        """Everything the output folder will hold; raises SiteError on any problem.

        `edited`: the only files changed since the last build (see `rebuild`)."""
        return self.make(self.plan(edited))

    def plan(self, edited: Collection[str] | None = None) -> Plan:
        """What a build reads, before it reads the events themselves (see `Plan`)."""
        self._last = None
        self.reuse.changed(edited)
        config = load_config(self.options.root)
        if self.options.base_url:
            config = config.with_base_url(self.options.base_url)
        scan = self.reuse.scan(config)
        templates = read_templates(config.root)
        translations = list_translations(config) if config.other_languages else NO_TRANSLATIONS
        static = _static_files(config)
        return Plan(config, scan, templates, static, self.options.drafts, translations)

    def make(self, plan: Plan) -> Site:
        """The site that `plan` reads: its pages in its own language at its root, and in each
        of its other languages in that language's folder."""
        config = plan.config
        content = self.reuse.content(plan.scan)
        contents = {config.language: content, **self._translated(plan, content)}
        contents, pictures = self._with_pictures(config, contents)
        timelines = {
            language: self._timeline_in(language, each, config)
            for language, each in contents.items()
        }
        languages = _site_languages(config, timelines)
        _refuse_language_sections(config, timelines[config.language])
        pages: list[Page] = []
        for language, timeline in timelines.items():
            in_language = config.in_language(language)
            renderer = self._renderer_for(in_language, plan.templates, languages)
            keys = None
            if language == config.language:
                keys = _with_picture_keys(self.reuse.source_keys, contents[language].events)
            made = renderer.render(timeline, keys)
            pages += _in_tree(made, in_language.tree)
        pages += pictures
        _refuse_overlaps(pages, plan.static)
        places = self.reuse.place_warnings(content.events, config)
        self.reuse.keep_places()
        told = (w for each in contents.values() for w in each.warnings)
        warnings = config.warnings + tuple(dict.fromkeys(told)) + tuple(places)
        self._last = Site(
            config,
            len(timelines[config.language].entries),
            pages,
            plan.static,
            warnings,
            self.reuse.damage_warnings(),
        )
        return self._last

    def _translated(self, plan: Plan, content: Content) -> dict[str, Content]:
        """The content in each of the site's other languages; raises SiteError listing every
        problem in every translation."""
        config = plan.config
        problems = list(plan.translations.problems)
        contents = {}
        for tree in config.other_languages:
            files = plan.translations.by_language.get(tree.language, {})
            try:
                contents[tree.language] = self._translator.content(
                    config.in_language(tree.language),
                    content,
                    self.reuse.parsed_events,
                    files,
                    config.language,
                )
            except SiteError as error:
                problems += error.problems
        if problems:
            raise SiteError(problems)
        return contents

    def _with_pictures(
        self, config: SiteConfig, contents: dict[str, Content]
    ) -> tuple[dict[str, Content], list[Page]]:
        """Each language's content with its events' and people's pictures, and the files made
        of them (once for every language); raises SiteError for every image that cannot be
        shown."""
        each = contents.values()
        events = [event for content in each for event in content.events]
        people = [person for content in each for person in content.people]
        if not any(event.images for event in events) and not any(p.image for p in people):
            return contents, []
        if self._pictures is None:
            self._pictures = PictureMaker(config)
        dressed, portrayed, files = self._pictures.dress(events, people)
        made, events_at, people_at = {}, 0, 0
        for language, content in contents.items():
            events_end, people_end = (
                events_at + len(content.events),
                people_at + len(content.people),
            )
            made[language] = dataclasses.replace(
                content,
                events=tuple(dressed[events_at:events_end]),
                people=tuple(portrayed[people_at:people_end]),
            )
            events_at, people_at = events_end, people_end
        return made, files

    def _timeline_in(self, language: str, content: Content, config: SiteConfig) -> Timeline:
        """The timeline of the content in `language`, reusing what the last build made."""
        if language == config.language:
            return self.reuse.timeline(
                content.events, config.page_size, content.people, content.forums
            )
        reuse = self._timelines.setdefault(language, TimelineReuse(self.options.drafts))
        return reuse.timeline(content.events, config.page_size, content.people, content.forums)

    def _renderer_for(
        self, config: SiteConfig, templates: Templates, languages: SiteLanguages
    ) -> SiteRenderer:
        """The language's last renderer, while the config, every template (the site's and the
        theme's) and the pages of the other languages are as they were; else a new one."""
        key = (config, templates, languages.key)
        kept = self._renderers.get(config.language)
        if kept is None or kept[0] != key:
            urls = Urls(config.base_url, config.root_url)
            drafts = self.options.drafts
            renderer = SiteRenderer(config, urls, templates, drafts, languages)
            self._renderers[config.language] = kept = (key, renderer)
        return kept[1]


def build(options: BuildOptions) -> BuildResult:
    """Build the site once; raises SiteError, with the output folder untouched, on any problem.

    When the output folder holds, as written, what a build of the same key (see `Plan`)
    made, nothing is made again: the build says what that one said."""
    with collector_paused():
        return _build_once(options)


def _build_once(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    builder = SiteBuilder(options)
    plan = builder.plan()
    config = plan.config
    output = options.output or config.root / "build"
    protected = (config.content_dir, config.templates_dir, config.static_dir)
    check_output_dir(output, config.root, protected)
    keyed = options.recorded and not options.clean  # a key is kept only in a manifest
    outcome = builder.reuse.outcome_of(plan.key) if keyed else None
    if outcome is not None and holds_build(output, plan.key):
        remove_leftovers(output)
        return _result(outcome, 0, started, output, outcome.warnings)
    site = builder.make(plan)
    earlier = _earlier_manifest(config.root, output)
    written = write_site(
        site.pages,
        site.static,
        output,
        clean=options.clean,
        recorded=options.recorded,
        earlier=earlier,
        key=plan.key if keyed else "",
    )
    earlier.unlink(missing_ok=True)  # the output's own manifest has taken its place
    pages = sum(page.path.endswith(".html") for page in site.pages)
    outcome = Outcome(site.events, pages, len(site.pages) + len(site.static), site.warnings)
    if keyed:
        builder.reuse.remember_outcome(plan.key, outcome)
    return _result(outcome, written, started, output, site.warnings + site.cache_warnings)


def _result(
    outcome: Outcome, written: int, started: float, output: Path, warnings: tuple[str, ...]
) -> BuildResult:
    seconds = time.perf_counter() - started
    return BuildResult(
        outcome.events, outcome.pages, outcome.files, written, seconds, output, warnings
    )


def _earlier_manifest(root: Path, output: Path) -> Path:
    """Where earlier versions recorded what a build wrote in `output`: read once, so that
    their output folders are still known as ours."""
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return root / CACHE_FOLDER / f"output-{name}.json"


def _static_files(config: SiteConfig) -> dict[str, Path]:
    """The theme's static files with the site's over them, file by file."""
    return static_files(layers(config.root, STATIC), config.root)


def _with_picture_keys(keys: Mapping[str, str], events: Sequence[Event]) -> Mapping[str, str]:
    """The keys pages are kept under, with the pictures' of the events that have any: an
    event's page names its pictures' files, which change with their images."""
    pictured = {
        event.path: keys[event.path] + "|" + " ".join(p.fallback for p in event.pictures)
        for event in events
        if event.pictures and event.path in keys
    }
    return {**keys, **pictured} if pictured else keys


def _in_tree(pages: list[Page], tree: str) -> list[Page]:
    """A language's pages in its folder (`zh/`); the site's own language's where they are.
    Crawlers read `robots.txt` at the root alone: the root's names every language's sitemap."""
    if not tree:
        return pages
    return [page.under(tree) for page in pages if page.path != "robots.txt"]


def _site_languages(config: SiteConfig, timelines: dict[str, Timeline]) -> SiteLanguages:
    """The site's languages, their roots and the pages each has (none for one language)."""
    if not config.other_languages:
        return SiteLanguages(((config.language, config.base_url),), {})
    roots = tuple((lang, config.in_language(lang).base_url) for lang in timelines)
    addresses = {
        lang: page_addresses(timeline, config.in_language(lang))
        for lang, timeline in timelines.items()
    }
    return SiteLanguages(roots, addresses)


def _refuse_language_sections(config: SiteConfig, timeline: Timeline) -> None:
    """A section may not be named as another language's folder: its pages would be taken
    for that language's."""
    if not config.other_languages:  # the usual site: no pass over its events
        return
    sections = {entry.event.section for entry in timeline.entries}
    taken = [tree for tree in config.other_languages if tree.folder[:-1] in sections]
    message = "is named as the folder of the {} pages: rename the section"
    problems = [
        Problem(f"content/{t.folder[:-1]}", None, None, message.format(t.language)) for t in taken
    ]
    if problems:
        raise SiteError(problems)


def _refuse_overlaps(pages: list[Page], static: dict[str, Path]) -> None:
    """A file in static/ must not silently replace a generated page."""
    overlaps = sorted(set(static) & {page.path for page in pages})
    if overlaps:
        message = "has the same path as a generated page; rename it"
        raise SiteError([Problem(f"static/{name}", None, None, message) for name in overlaps])
