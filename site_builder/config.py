"""The site's configuration, read from `site.yaml` at the site's root.

The default kinds' labels ("Meeting", "Phone call", ...) are shown to readers: a site that
sets no `kinds:` of its own gets them in its language, from the same catalogs as the
interface's words (context "kind of event"); a site's own kinds are its content, shown as it
wrote them.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib.metadata
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown

from site_builder.model.dates import DateError, When, parse_when
from site_builder.model.records import Kind
from site_builder.model.slugs import is_slug
from site_builder.problems import Problem, SiteError
from site_builder.reading.catalogs import has_catalog, is_english, read_catalogs
from site_builder.reading.fields import URL_UNSAFE, FieldReader, describe, unsafe_in_address
from site_builder.reading.textfiles import decode_utf8
from site_builder.reading.yamldoc import load_yaml, one_line

CONFIG_FILE = "site.yaml"
DEFAULT_PAGE_SIZE = 100  # the most events a page lists, when site.yaml has no `page_size`

# The catalogs' context for the default kinds' labels.
KIND_CONTEXT = "kind of event"


def _kind_label(context: str, label: str) -> str:
    """A default kind's label, marked for `pybabel extract` as `pgettext` marks a message
    (`scripts/catalogs.py` names this keyword); translated in `_default_kinds`."""
    return label


DEFAULT_KINDS: Mapping[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind("meeting", _kind_label("kind of event", "Meeting"), in_person=True),
        Kind("phone-call", _kind_label("kind of event", "Phone call"), in_person=False),
        Kind("video-call", _kind_label("kind of event", "Video call"), in_person=False),
        Kind("visit", _kind_label("kind of event", "Visit"), in_person=True),
        Kind("summit", _kind_label("kind of event", "Summit"), in_person=True),
    )
}
# A language tag as HTML's `lang` takes it (BCP 47): `en`, `zh-CN`, `zh-Hans`, `pt-BR`.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

_KNOWN = (
    *("title", "description", "base_url", "language", "author"),
    *("kinds", "cname", "topics", "places", "page_size", "languages", "untranslated"),
    *("markdown_extensions", "eras"),
)
# What the pages of another language show of an event that has no translation into it.
UNTRANSLATED = ("original", "omit")


@dataclass(frozen=True)
class MarkdownExtension:
    """A Python-Markdown extension the bodies are converted with, and its settings, as
    site.yaml's `markdown_extensions` names it: `toc`, or `{toc: {permalink: true}}`."""

    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)


# The extensions bodies are converted with when site.yaml names none. No "smarty": typographic
# quotes doubled the cost of every conversion.
DEFAULT_MARKDOWN_EXTENSIONS = (MarkdownExtension("extra"), MarkdownExtension("sane_lists"))
MARKDOWN_EXTENSIONS_FIELD = "markdown_extensions"
# Python-Markdown's registry of installed extensions, which packages made for it add to.
_EXTENSION_ENTRY_POINTS = "markdown.extensions"
# Converted once with the extensions when site.yaml is read: a setting with a wrong value
# often fails only when text is converted, and a build should fail here, at the setting.
_SAMPLE_MARKDOWN = (
    "# A heading\n\nText with *emphasis*, `code`, a [link](#a-heading) and a note.[^1]\n\n"
    "- one\n- two\n\n> A quote.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n    code\n\n[^1]: The note.\n"
)


def markdown_options(extensions: Sequence[MarkdownExtension]) -> dict[str, Any]:
    """The arguments Python-Markdown is built with to convert with `extensions`. Each gets a
    copy of its settings: an extension may change what it is given."""
    return {
        "extensions": [extension.name for extension in extensions],
        "extension_configs": {
            extension.name: copy.deepcopy(dict(extension.settings))
            for extension in extensions
            if extension.settings
        },
    }


@dataclass(frozen=True)
class Era:
    """A named stretch of time the time axis draws as a band behind its marks ("War in
    Ukraine", from 2022-02-24): from the first day of its `start` to the last of its `end`
    (a month's or a year's for a month or a year), None while it lasts."""

    name: str
    start: When
    end: When | None = None


# An era's fields, and the names TimelineJS gives them, which `import` writes.
ERA_FIELDS = {"name": "name", "from": "from", "to": "to", "start": "from", "end": "to"}


@dataclass(frozen=True)
class LanguageTree:
    """Another language the site is published in, at `/<folder>/`: its title, description,
    author and kinds (the default kinds in its words when site.yaml sets none)."""

    language: str
    title: str
    description: str
    author: str | None
    kinds: Mapping[str, Kind]

    @property
    def folder(self) -> str:
        """The tree's folder below the site's root, with its slash: `zh/`, `pt-br/`."""
        return self.language.lower() + "/"


_HOSTNAME = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.I)
# The base URL starts every link of every page, feed and sitemap: an apostrophe, which an
# address may hold, is refused there too, so that no template's quoting can be broken by it.
_BASE_URL_UNSAFE = re.compile(f"{URL_UNSAFE.pattern}|'")


@dataclass(frozen=True)
class SiteConfig:
    """Everything `site.yaml` says, with the folders of the site it belongs to."""

    root: Path
    title: str
    base_url: str
    description: str = ""
    language: str = "en"
    author: str | None = None
    cname: str | None = None
    kinds: Mapping[str, Kind] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    # By kind and by topic, the phrases that signal it in a news article (for import).
    kind_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    topic_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    places: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    page_size: int = DEFAULT_PAGE_SIZE
    extra: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # The other languages the site is published in, and what their pages show of an event
    # not translated into them: the original, marked with its language, or nothing.
    other_languages: tuple[LanguageTree, ...] = ()
    untranslated: str = "original"
    # The folder of this config's language below the site's root: "" for the site's own
    # language, `zh/` for another's (see `in_language`); and then the site's own language,
    # the one its files are written in.
    tree: str = ""
    own_language: str | None = None
    # The Python-Markdown extensions the bodies are converted with, in site.yaml's order.
    markdown_extensions: tuple[MarkdownExtension, ...] = DEFAULT_MARKDOWN_EXTENSIONS
    # Named stretches of time, drawn as bands on the time axis, in site.yaml's order.
    eras: tuple[Era, ...] = ()

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def base_path(self) -> str:
        """The path part of `base_url`, always ending in `/`: `/my-repo/`."""
        return urlsplit(self.base_url).path

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the site is published in, its own (its files') first."""
        return (self.written_in, *(tree.language for tree in self.other_languages))

    @property
    def written_in(self) -> str:
        """The language the site's files are written in, which its root's pages are in."""
        return self.own_language or self.language

    @property
    def translation_endings(self) -> tuple[str, ...]:
        """How the names of translation files end, in lower case: `.zh.md`, `.ru.md` (see
        `content/translations.py`)."""
        return tuple(f".{tree.folder[:-1]}.md" for tree in self.other_languages)

    @property
    def root_url(self) -> str:
        """The address of the site's root, where its static files are, in every language."""
        return self.base_url.removesuffix(self.tree)

    def in_language(self, language: str) -> SiteConfig:
        """The config of the site's pages in `language`, one of `languages`: its title,
        description and kinds, its pages at `base_url` + its folder."""
        if self.tree or language == self.language:
            return self
        (tree,) = [tree for tree in self.other_languages if tree.language == language]
        return dataclasses.replace(
            self,
            language=tree.language,
            title=tree.title,
            description=tree.description,
            author=tree.author,
            kinds=tree.kinds,
            base_url=self.base_url + tree.folder,
            tree=tree.folder,
            own_language=self.language,
        )

    def with_base_url(self, base_url: str) -> SiteConfig:
        """The same config published at another address (from `--base-url`)."""
        problems: list[Problem] = []
        normalised = _check_base_url(
            base_url,
            lambda message: problems.append(Problem("--base-url", None, None, one_line(message))),
        )
        if problems or normalised is None:
            raise SiteError(problems)
        return dataclasses.replace(self, base_url=normalised)


def load_config(root: Path) -> SiteConfig:
    """Read and check `site.yaml`; raises SiteError listing every problem."""
    path = root / CONFIG_FILE
    shown = CONFIG_FILE
    status = site_file_status(path, shown, root)
    if status is None:
        message = "not found: run site-builder in the folder that holds site.yaml"
        raise SiteError([Problem(shown, None, None, message)])
    if isinstance(status, Problem):
        raise SiteError([status])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SiteError([Problem(shown, None, None, f"cannot be read: {error.strerror}")]) from None
    text = decode_utf8(data, shown).removeprefix("\ufeff")
    doc = load_yaml(text, shown)
    if not isinstance(doc.data, dict):
        message = "must be a mapping of fields such as 'title: My timeline'"
        raise SiteError([Problem(shown, 1, None, message)])
    problems: list[Problem] = []
    reader = FieldReader(doc, shown, problems, start_line=1)
    title = reader.text("title", required=True)
    base_url = reader.text("base_url", required=True)
    if base_url is not None:
        base_url = _check_base_url(base_url, lambda message: reader.problem(message, "base_url"))
    language = _read_language(reader)
    kinds, kind_phrases = _read_kinds(reader)
    if not reader.has("kinds"):
        kinds = _default_kinds(root, language, problems)
    trees = _read_languages(reader, root, language, title or "", kinds, problems)
    config = SiteConfig(
        root=root,
        title=title or "",
        base_url=base_url or "",
        description=reader.text("description") or "",
        language=language,
        author=reader.text("author"),
        cname=_read_cname(reader),
        kinds=kinds,
        kind_phrases=kind_phrases,
        topic_phrases=_read_topic_phrases(reader),
        places=_read_places(reader),
        page_size=_read_page_size(reader),
        extra=_extra(reader),
        warnings=(*reader.suggest_known(_KNOWN), *_language_warnings(root, language)),
        other_languages=tuple(trees),
        untranslated=_read_untranslated(reader),
        markdown_extensions=_read_markdown_extensions(reader),
        eras=_read_eras(reader),
    )
    if problems:
        raise SiteError(problems)
    if trees:
        warnings = [w for tree in trees for w in _language_warnings(root, tree.language)]
        config = dataclasses.replace(config, warnings=(*config.warnings, *warnings))
    return config


def _extra(reader: FieldReader) -> dict[str, Any]:
    """The fields site.yaml has beyond the known ones, for the templates as `site.extra`; and
    `eras` as written, which templates of earlier versions read there (`import` writes it)."""
    extra = reader.extra(_KNOWN)
    if reader.has("eras"):
        extra["eras"] = reader.raw("eras")
    return extra


def site_file_status(path: Path, shown: str, root: Path) -> os.stat_result | Problem | None:
    """The status of a file of the site about to be read (site.yaml, an event file), or None
    when it is not there. A problem instead when it is not a regular file (reading a named
    pipe would wait forever), a broken link, or a link out of the site (what it leads to
    would be published as if it were part of the site); a link within the site is read."""
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            status = path.stat()
            if not path.resolve().is_relative_to(root.resolve()):
                message = "is a link to a file outside the site; copy the file in instead"
                return Problem(shown, None, None, message)
    except FileNotFoundError:
        if not path.is_symlink():
            return None
        message = "is a link to a file that does not exist; remove the link"
        return Problem(shown, None, None, message)
    except OSError as error:
        return Problem(shown, None, None, f"cannot be read: {error.strerror}")
    if not stat.S_ISREG(status.st_mode):
        return Problem(shown, None, None, "is not a regular file; replace it with one")
    return status


def _read_language(reader: FieldReader) -> str:
    """The pages' language, `en` when absent: a language tag, which `<html lang>` takes."""
    language = reader.text("language")
    if not language:
        return "en"
    if not _LANGUAGE_TAG.fullmatch(language):
        hint = " (a hyphen, not an underscore)" if "_" in language else ""
        message = f'"{language}" must be a language tag such as en, zh-CN or ru{hint}'
        reader.problem(message, "language")
        return "en"
    return language


def _read_languages(
    reader: FieldReader,
    root: Path,
    language: str,
    title: str,
    kinds: Mapping[str, Kind],
    problems: list[Problem],
) -> list[LanguageTree]:
    """`languages:` maps each other language the site is published in to its `title`,
    `description` and `author` (the site's own when left out). Its kinds are the site's, or,
    when site.yaml sets none, the default kinds in that language."""
    languages = reader.mapping("languages")
    if languages is None:
        return []
    trees: list[LanguageTree] = []
    folders = {language.lower()}
    for tag in languages.data:
        if not isinstance(tag, str) or not _LANGUAGE_TAG.fullmatch(tag):
            message = f'"{tag}" must be a language tag such as zh, ru or pt-BR'
            languages.problem(message, tag)
            continue
        if tag.lower() in folders:
            languages.problem(f'"{tag}" is listed twice, or is the site\'s own language', tag)
            continue
        folders.add(tag.lower())
        settings = languages.mapping(tag) if languages.raw(tag) is not None else None
        own_kinds = kinds if reader.has("kinds") else _default_kinds(root, tag, problems)
        trees.append(_language_tree(tag, settings, reader, title, own_kinds))
    return trees


def _language_tree(
    tag: str,
    settings: FieldReader | None,
    site: FieldReader,
    title: str,
    kinds: Mapping[str, Kind],
) -> LanguageTree:
    """A language's tree, each setting its own where `settings` give it, else the site's."""

    def own(key: str) -> str | None:
        return (settings.text(key) if settings else None) or site.text(key)

    return LanguageTree(tag, own("title") or title, own("description") or "", own("author"), kinds)


def _read_untranslated(reader: FieldReader) -> str:
    """What another language's pages show of an event not translated into it."""
    value = reader.text("untranslated")
    if value is None:
        return UNTRANSLATED[0]
    if value not in UNTRANSLATED:
        message = f'"{value}" must be "original" (shown in its language, marked so) or "omit"'
        reader.problem(message, "untranslated")
        return UNTRANSLATED[0]
    return value


def _read_markdown_extensions(reader: FieldReader) -> tuple[MarkdownExtension, ...]:
    """`markdown_extensions:` the Python-Markdown extensions the bodies are converted with,
    each an extension's name or a one-key mapping of its name to its settings, as MkDocs
    has it; the default set when absent. An extension named twice is loaded once, with the
    settings of both (the later's win where they differ).

    Each is loaded here, then all of them together, and a sample converted: one that cannot
    be is a problem at its line before anything is built, never a failure part way through."""
    value = reader.raw(MARKDOWN_EXTENSIONS_FIELD)
    if value is None:
        return DEFAULT_MARKDOWN_EXTENSIONS
    if not isinstance(value, list):
        message = (
            f"must be a list of extensions, such as [extra, sane_lists, toc], not {describe(value)}"
        )
        reader.problem(message, MARKDOWN_EXTENSIONS_FIELD)
        return DEFAULT_MARKDOWN_EXTENSIONS
    listed: dict[str, MarkdownExtension] = {}
    wrong = False
    for index, item in enumerate(value):
        extension = _loaded_extension(item)
        if isinstance(extension, str):
            reader.problem(extension, MARKDOWN_EXTENSIONS_FIELD, index)
            wrong = True
            continue
        earlier = listed.get(extension.name)
        settings = {**(earlier.settings if earlier else {}), **extension.settings}
        listed[extension.name] = MarkdownExtension(extension.name, settings)
    if wrong:
        return DEFAULT_MARKDOWN_EXTENSIONS
    extensions = tuple(listed.values())
    problem = _conversion_problem(extensions)
    if problem is not None:
        reader.problem(f"the extensions together {problem}", MARKDOWN_EXTENSIONS_FIELD)
        return DEFAULT_MARKDOWN_EXTENSIONS
    return extensions


def _loaded_extension(item: Any) -> MarkdownExtension | str:
    """One item of `markdown_extensions`, once it has loaded; else what is wrong with it."""
    extension = _listed_extension(item)
    if isinstance(extension, str):
        return extension
    return _extension_problem(extension) or extension


def _listed_extension(item: Any) -> MarkdownExtension | str:
    """One item of `markdown_extensions`: a name, or `{name: {setting: value}}`; else what is
    wrong with it."""
    if isinstance(item, str) and item.strip():
        return MarkdownExtension(item.strip())
    shape = "must be an extension's name (toc), or its name with its settings"
    example = "({toc: {permalink: true}})"
    if not isinstance(item, dict) or len(item) != 1:
        return f"{shape} {example}, not {describe(item)}"
    ((name, settings),) = item.items()
    if not isinstance(name, str) or not name.strip():
        return f"{shape} {example}"
    if settings is None:
        return MarkdownExtension(name.strip())
    if not isinstance(settings, dict):
        wrong = describe(settings)
        return f'"{name}": its settings must be a mapping ({{permalink: true}}), not {wrong}'
    return MarkdownExtension(name.strip(), settings)


# What loading an extension found, by what was loaded: a preview reads site.yaml at every
# rebuild, and building Python-Markdown costs more than that. Only extensions that loaded are
# kept, so one installed meanwhile is found.
_LOADED: dict[str, bool] = {}


def _extension_problem(extension: MarkdownExtension) -> str | None:
    """Why the extension cannot be loaded with its settings, if it cannot."""
    shown = repr(extension)
    if shown in _LOADED:
        return None
    name = extension.name
    if not _is_markdown_extension(name):
        installed = ", ".join(sorted(_installed_extensions()))
        return f'"{name}" is not an installed Markdown extension (installed: {installed})'
    try:
        built = markdown.Markdown().build_extension(name, {})
    except Exception as error:  # an extension's module can raise anything
        return f'"{name}" cannot be loaded: {_described(error)}'
    known = built.getConfigs()
    unknown = [key for key in extension.settings if key not in known]
    if unknown:
        settings = ", ".join(sorted(known)) or "none"
        return f'"{name}" has no setting "{unknown[0]}" (its settings: {settings})'
    problem = _conversion_problem((extension,))
    if problem is not None:
        return f'"{name}" {problem}'
    _LOADED[shown] = True
    return None


def _conversion_problem(extensions: tuple[MarkdownExtension, ...]) -> str | None:
    """What goes wrong building Python-Markdown with `extensions` and converting a sample."""
    shown = repr(extensions)
    if shown in _LOADED:
        return None
    try:
        markdown.Markdown(**markdown_options(extensions), output_format="html").convert(
            _SAMPLE_MARKDOWN
        )
    except Exception as error:  # an extension can raise anything on a value it cannot take
        return f"cannot convert Markdown with these settings: {_described(error)}"
    _LOADED[shown] = True
    return None


def _described(error: Exception) -> str:
    """An extension's error, as a message quotes it."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@functools.cache
def _installed_extensions() -> dict[str, str]:
    """The extensions Python-Markdown knows by name (its own, and those packages add to its
    registry), with the module of each."""
    found = importlib.metadata.entry_points(group=_EXTENSION_ENTRY_POINTS)
    return {point.name: point.value.partition(":")[0] for point in found}


def _is_markdown_extension(name: str) -> bool:
    """Whether `name` (`toc`, `markdown.extensions.toc`, `pymdownx.tilde`, with an optional
    `:Class`) is a module made to extend Python-Markdown: one of its registry, or one of a
    package that requires Markdown. site.yaml never gets any other module imported, whatever
    importing it would do."""
    installed = _installed_extensions()
    module = name.partition(":")[0]
    if name in installed or module in installed.values():
        return True
    package = module.partition(".")[0]
    distributions = importlib.metadata.packages_distributions().get(package, [])
    return any(_made_for_markdown(distribution) for distribution in distributions)


def _made_for_markdown(distribution: str) -> bool:
    """Whether an installed distribution is Python-Markdown or requires it (not as an extra)."""
    if _requirement_name(distribution) == "markdown":
        return True
    try:
        requirements = importlib.metadata.requires(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return False
    return any(
        _requirement_name(requirement) == "markdown" and "extra" not in requirement
        for requirement in requirements
    )


def _requirement_name(requirement: str) -> str:
    """A requirement's project name, normalised: `Markdown>=3.6` -> `markdown`."""
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    return re.sub(r"[-_.]+", "-", found.group()).lower() if found else ""


def _language_warnings(root: Path, language: str) -> list[str]:
    """A language other than English that neither the site nor the package has a catalog
    of: its pages stay in English, dates too."""
    if is_english(language) or has_catalog(language, root):
        return []
    return [
        f'{CONFIG_FILE}: language: "{language}" has no catalog in the site\'s locale/ or in '
        "site_builder's; the interface stays in English (see the README's Languages)"
    ]


def _default_kinds(root: Path, language: str, problems: list[Problem]) -> dict[str, Kind]:
    """The default kinds, their labels in the site's language (the catalogs' translations,
    the site's own first); English's are the labels themselves."""
    if is_english(language) and not has_catalog(language, root):
        return dict(DEFAULT_KINDS)
    try:
        words = read_catalogs(language, root).translations
    except SiteError as error:
        problems.extend(error.problems)
        return dict(DEFAULT_KINDS)
    return {
        slug: dataclasses.replace(kind, label=words.pgettext(KIND_CONTEXT, kind.label))
        for slug, kind in DEFAULT_KINDS.items()
    }


def _read_topic_phrases(reader: FieldReader) -> dict[str, tuple[str, ...]]:
    """`topics:` maps each topic to the phrases that signal it in an article (for import)."""
    topics = reader.mapping("topics")
    if topics is None:
        return {}
    phrases = {}
    for name in topics.data:
        if topics.raw(name) in (None, []):
            topics.problem("needs a list of the phrases that signal the topic", name)
        phrases[name] = tuple(topics.texts(name))
    return phrases


def _read_places(reader: FieldReader) -> dict[str, tuple[float, float]]:
    """`places:` maps "City, Country" to [latitude, longitude], for the map."""
    places = reader.mapping("places")
    if places is None:
        return {}
    found = {}
    for name in places.data:
        coordinates = places.coordinates(name, required=True)
        if coordinates is not None:
            found[name] = coordinates
    return found


def _read_page_size(reader: FieldReader) -> int:
    """The most events one page lists: more than this and the timeline and lists are split."""
    value = reader.raw("page_size")
    if value is None:
        return DEFAULT_PAGE_SIZE
    if isinstance(value, bool) or not isinstance(value, int):
        reader.problem(f"must be a whole number such as 100, not {_shown(value)}", "page_size")
    elif value < 1:
        reader.problem(f"{value} must be 1 or more: the most events a page lists", "page_size")
    else:
        return value
    return DEFAULT_PAGE_SIZE


def _shown(value: Any) -> str:
    """A wrong value as the user wrote it, or its type when it has no short form."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return str(value)
    return describe(value)


def _read_cname(reader: FieldReader) -> str | None:
    """The custom domain GitHub Pages serves the site at, written to a CNAME file."""
    cname = reader.text("cname")
    if cname is not None and not _HOSTNAME.fullmatch(cname):
        reader.problem(f'"{cname}" must be a domain name such as timeline.example.org', "cname")
        return None
    return cname


def _check_base_url(url: str, report: Callable[[str], None]) -> str | None:
    """A plain absolute http(s) address, given back ending in `/`: it starts every link the
    site makes, so a character that could end an attribute or a tag has no place in it."""
    unsafe = unsafe_in_address(url, _BASE_URL_UNSAFE)
    if unsafe is not None:
        report(unsafe)
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        report(f'"{url}" must be a full address such as https://user.github.io/repo/')
        return None
    if "@" in parts.netloc:  # said without the address, which would show the password
        report(
            "must not hold a user name or password (the part before @); every page would show it"
        )
        return None
    if "?" in url or "#" in url:
        report(f'"{url}" must not have a ?query or #fragment')
        return None
    return url if url.endswith("/") else url + "/"


def _read_kinds(
    reader: FieldReader,
) -> tuple[Mapping[str, Kind], Mapping[str, tuple[str, ...]]]:
    """`kinds:` maps each slug to `{label, in_person}`, and optional `phrases` that signal
    the kind in an article (for import); absent means the default kinds."""
    kinds_reader = reader.mapping("kinds")
    if kinds_reader is None:
        return dict(DEFAULT_KINDS), {}
    kinds = {}
    phrases = {}
    for slug in kinds_reader.data:
        if not is_slug(slug):
            kinds_reader.problem("a kind's name may hold only letters, digits and hyphens", slug)
            continue
        entry = kinds_reader.mapping(slug)
        if entry is None:
            kinds_reader.problem("needs 'label' and 'in_person: true or false'", slug)
            continue
        label = entry.text("label", required=True)
        in_person = entry.boolean("in_person")
        if in_person is None and not entry.has("in_person"):
            entry.problem(
                "is required (true for meetings in a place, false for calls)", "in_person"
            )
        if label is not None and in_person is not None:
            kinds[slug] = Kind(slug, label, in_person)
        if entry.has("phrases"):
            phrases[slug] = tuple(entry.texts("phrases"))
    if not kinds_reader.data:
        reader.problem("declares no kinds; list at least one or remove the field", "kinds")
    return kinds, phrases


def _read_eras(reader: FieldReader) -> tuple[Era, ...]:
    """`eras:` a list of `{name, from, to}`, drawn as bands on the time axis: `to` left out,
    the era lasts. The days are `YYYY-MM-DD`; a month (`2024-07`) or a year (`2024`), as
    TimelineJS gives eras, stands for its first day in `from` and its last in `to`.
    `start` and `end`, TimelineJS's names, which `import` writes, are read as `from` and
    `to`."""
    eras = []
    for entry in reader.children("eras"):
        fields = [key for key in entry.data if key in ERA_FIELDS]
        for key in entry.data:
            if key not in ERA_FIELDS:
                entry.problem("is not a field of an era; an era has a name, from and to", key)
        for wanted in ("from", "to"):
            given = [key for key in fields if ERA_FIELDS[key] == wanted]
            if len(given) > 1:
                entry.problem(f"gives the era's {wanted} twice; keep {wanted}", given[1])
        name = entry.text("name", required=True)
        start_key = next((key for key in fields if ERA_FIELDS[key] == "from"), "from")
        end_key = next((key for key in fields if ERA_FIELDS[key] == "to"), "to")
        start = _era_date(entry, start_key)
        if start is None and entry.raw(start_key) is None:
            entry.problem("is required: the era's first day, as YYYY-MM-DD", start_key)
        end = _era_date(entry, end_key)
        if start is not None and end is not None and end.ends_before(start):
            entry.problem(f"{end} is before the era's first day ({start})", end_key)
            continue
        if name is not None and start is not None:
            eras.append(Era(name, start, end))
    return tuple(eras)


def _era_date(reader: FieldReader, key: str) -> When | None:
    """An era's start or end, as an event's date is written: a day, or a month or a year
    (as TimelineJS gives eras), which it begins with the first day of and ends with the
    last; None when absent or wrong (a problem)."""
    text = reader.date_text(key)
    if text is None:
        return None
    try:
        return parse_when(text)
    except DateError as error:
        reader.problem(str(error), key)
        return None
