"""The templates a site is rendered with: the site's own `templates/` over the default theme's,
file by file; the one Jinja environment every template of ours is rendered in, with the
interface's words (`words.py`) in the site's language; and how a problem names the template
file and line it arose at."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import jinja2.lexer
from markupsafe import Markup, escape

from site_builder.model.timeline import Gap, PeriodSpan
from site_builder.problems import Problem, SiteError
from site_builder.reading.catalogs import SITE_FOLDER
from site_builder.render import limits
from site_builder.render.words import Words
from site_builder.theme import TEMPLATES, Layer, layers


@dataclass(frozen=True)
class Templates:
    """Where templates are looked up, the site's folder first, and a fingerprint of every file
    in those folders: the theme's too, so that a change to either makes pages anew. The
    fingerprint covers the site's own catalogs (`locale/`) as well: the words the templates
    speak, which change the pages as a template does."""

    layers: tuple[Layer, ...]
    fingerprint: str

    def holds(self, filename: str) -> bool:
        """Whether `filename` (a traceback frame's) is the file of one of these templates."""
        return self._layer_of(filename) is not None

    def shown(self, name: str) -> str:
        """A template as messages name it: `templates/event.html` for the site's file (or a
        template found nowhere), `theme templates/event.html` for the theme's."""
        site = self.layers[0]
        if not name:
            return site.shown
        found = self._layer_of(name)
        if found is None:
            return site.shown_file(name) if not Path(name).is_absolute() else name
        layer, relative = found
        return layer.shown_file(relative)

    def _layer_of(self, filename: str) -> tuple[Layer, str] | None:
        path = Path(filename)
        if not path.is_absolute():
            return None
        for layer in self.layers:
            folder = layer.folder.resolve()
            if path.is_relative_to(folder):
                return layer, path.relative_to(folder).as_posix()
        return None


def read_templates(root: Path) -> Templates:
    """The site's templates over the theme's, with the fingerprint of every file's name and
    bytes, and of the site's catalogs. Read before any page is rendered, so a template that
    cannot be read is named here, in a line of its own."""
    found = layers(root, TEMPLATES)
    digest = hashlib.sha256()
    problems: list[Problem] = []
    folders = [(layer.folder, layer.shown_file) for layer in found]
    catalogs = root / SITE_FOLDER
    if catalogs.is_dir():
        folders.append((catalogs, lambda relative: f"{SITE_FOLDER}/{relative}"))
    for folder, shown_file in folders:
        for part in _named_files(folder, shown_file, problems):
            digest.update(len(part).to_bytes(8, "little") + part)
    if problems:
        raise SiteError(problems)
    return Templates(found, digest.hexdigest())


def _named_files(
    folder: Path, shown_file: Callable[[str], str], problems: list[Problem]
) -> Iterator[bytes]:
    """The name and bytes of every file in `folder`, in turn; a problem for each file that
    cannot be read."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        shown = shown_file(path.relative_to(folder).as_posix())
        try:
            content = path.read_bytes()
        except OSError as error:
            message = f"cannot be read: {(error.strerror or str(error)).lower()}"
            problems.append(Problem(shown, None, None, message))
            continue
        yield shown.encode()
        yield content


def template_environment(
    found: Sequence[Layer],
    *,
    html: bool,
    words: Words | None = None,
    compiled: jinja2.BytecodeCache | None = None,
) -> TemplateEnvironment:
    """The Jinja environment for templates looked up in `found`, the first folder that has a
    template winning: undefined values are errors, block tags leave no blank lines behind,
    a file's last newline is kept, and (for `html`) values are escaped. Templates compile
    once: a change to one needs a new environment.

    Its words are `words` (English when None): see `install_words`. `compiled` keeps the
    compiled templates between builds, under the words' key: words without values are
    compiled into them (`_ConstantWords`), so each language keeps its own."""
    words = words if words is not None else Words()
    env = TemplateEnvironment(
        loader=jinja2.ChoiceLoader([TemplateLoader(layer.folder) for layer in found]),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n", _ConstantWords],
        bytecode_cache=_kept_for(compiled, words),
    )
    env.words = words
    install_words(env, env.words)
    return env


def _kept_for(compiled: jinja2.BytecodeCache | None, words: Words) -> jinja2.BytecodeCache | None:
    """`compiled`, keeping templates apart by the words they were compiled with; None (compile
    every time) for words that have no key."""
    if compiled is None or words.key is None:
        return None
    return _WordedTemplates(compiled, words.key)


class _WordedTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in `kept` under their name and `words_key`: a template compiled
    with one language's words is never run with another's."""

    def __init__(self, kept: jinja2.BytecodeCache, words_key: str) -> None:
        self._kept = kept
        self._words_key = words_key

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = super().get_cache_key(name, filename)
        return hashlib.sha1(f"{self._words_key}\0{key}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept.dump_bytecode(bucket)


class TemplateEnvironment(jinja2.Environment):
    """Jinja's environment with the words its templates speak (`words`), for templates of
    earlier versions too: a site's own copy of one may still read `entry.gap.text` and
    `period.name`, words the model no longer holds."""

    words: Words

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's own lookup (an attribute, else an item), then those earlier words."""
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            pass
        earlier = _earlier_words(self.words, obj, attribute)
        return self.undefined(obj=obj, name=attribute) if earlier is None else earlier


def _earlier_words(words: Words, obj: Any, attribute: str) -> str | None:
    """`gap.text` ("4 weeks later") and `period.name` ("the 2000s", "2023"), as earlier
    versions' models gave them, in English as their templates were."""
    if attribute == "text" and isinstance(obj, Gap):
        return words.gap(obj)
    if attribute == "name" and isinstance(obj, PeriodSpan):
        label = words.period(obj)
        return label if obj.first_year == obj.last_year else f"the {label}"
    return None


def install_words(env: jinja2.Environment, words: Words) -> None:
    """Give the templates the interface's words: Jinja2's i18n extension, new style, on
    `words`' catalog (`_()`, `gettext()`, `ngettext()`, `pgettext()`, `npgettext()` and
    `{% trans %}`), and the filters and globals that word values:

    - `day | human_date`: `13 July 2023`; `day | human_span(end)`: `13-14 July 2023`;
      `published | human_published`: `14 July 2023, 08:34 UTC+08:00`;
    - `entry.gap | human_gap`: `4 weeks later`, `the same day`;
    - `period | human_period`: `2000s`, `2023`; `year | human_year`: `2023`, `44 BC`;
      `first_year | human_decade`: `2000s`;
    - `count | number`: `2,950`;
    - `script_words()`: the words `static/js/timeline.js` shows, for the page to hand it."""
    env.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_gettext_functions(words.translations, bool(env.autoescape)))
    env.filters.update(
        human_date=words.date,
        human_span=words.span,
        human_published=words.published,
        human_gap=words.gap,
        human_period=words.period,
        human_year=words.year,
        human_decade=words.decade,
        number=words.number,
    )
    env.globals.update(script_words=words.script)


class _ConstantWords(jinja2.ext.Extension):
    """Words without values worded once, when a template compiles: `_("Topics")` becomes the
    text itself where that text reads the same escaped or not, which is all the words of the
    default theme but a few. The others, and words with values, are worded as pages render."""

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Iterator[jinja2.lexer.Token]:
        words: Words = self.environment.words  # type: ignore[attr-defined]
        tokens = list(stream)
        at = 0
        while at < len(tokens):
            token = tokens[at]
            text = _constant_word(words, tokens, at)
            if text is None:
                yield token
                at += 1
            else:
                yield jinja2.lexer.Token(token.lineno, jinja2.lexer.TOKEN_STRING, text)
                at += 4  # `_`, `(`, the message, `)`


def _constant_word(words: Words, tokens: list[jinja2.lexer.Token], at: int) -> str | None:
    """The text of `_("message")` starting at `at`, when it is one and escaping keeps it as
    it is; else None."""
    call = tokens[at : at + 4]
    kinds = [token.type for token in call]
    wanted = ["name", "lparen", "string", "rparen"]
    if kinds != wanted or call[0].value != "_" or (at and tokens[at - 1].type == "dot"):
        return None
    try:
        text = words.translations.gettext(call[2].value) % {}
    except (TypeError, ValueError, KeyError):  # a message that needs values
        return None
    return text if str(escape(text)) == text else None


def _gettext_functions(translations: Any, autoescape: bool) -> dict[str, Callable[..., str]]:
    """The i18n extension's new-style functions, as it makes them (a text is trusted, then
    always formatted with its named values), without its three calls through the template's
    context for each `_()`: with some twenty words a page, those took a sixth of a build.
    A word without values is worded once."""
    wrap: Callable[[str], str] = Markup if autoescape else str
    plain: dict[str, str] = {}

    def gettext(message: str, /, **values: Any) -> str:
        if values:
            return wrap(translations.gettext(message)) % values
        found = plain.get(message)
        if found is None:
            found = plain[message] = wrap(translations.gettext(message)) % values
        return found

    def ngettext(singular: str, plural: str, num: int, /, **values: Any) -> str:
        values.setdefault("num", num)
        return wrap(translations.ngettext(singular, plural, num)) % values

    def pgettext(context: str, message: str, /, **values: Any) -> str:
        values.setdefault("context", context)
        return wrap(translations.pgettext(context, message)) % values

    def npgettext(context: str, singular: str, plural: str, num: int, /, **values: Any) -> str:
        values.setdefault("context", context)
        values.setdefault("num", num)
        return wrap(translations.npgettext(context, singular, plural, num)) % values

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }


class TemplateEncodingError(Exception):
    """A template file that is not UTF-8 text."""

    def __init__(self, path: Path, error: UnicodeDecodeError) -> None:
        data = error.object
        self.path = path
        self.line = data[: error.start].count(b"\n") + 1
        super().__init__(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        )


class TemplateLoader(jinja2.FileSystemLoader):
    """Loads templates by their full path, so that messages can name the file whatever the
    working folder, and says which file is not UTF-8."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        super().__init__(self.folder)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:
            raise TemplateEncodingError(self.folder / template, error) from None


def template_problem(error: Exception, templates: Templates) -> Problem:
    """Name the template file and line where rendering failed."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        shown = templates.shown(error.filename or error.name or "")
        return Problem(shown, error.lineno, None, f"template syntax error: {error.message}")
    if isinstance(error, TemplateEncodingError):
        return Problem(templates.shown(str(error.path)), error.line, None, str(error))
    frame = _last_template_frame(error, templates)
    if isinstance(error, jinja2.TemplateNotFound):
        if frame is None:  # a page's own template
            return Problem(templates.shown(str(error.name or "")), None, None, "template not found")
        shown = templates.shown(frame.filename)
        return Problem(shown, frame.lineno, None, f'template "{error.name}" not found')
    if frame is None:
        return Problem(templates.shown(""), None, None, f"{error}")
    kind = "undefined value" if isinstance(error, jinja2.UndefinedError) else type(error).__name__
    return Problem(templates.shown(frame.filename), frame.lineno, None, f"{kind}: {error}")


def endless_template_problem(
    error: limits.LimitExceeded, template_name: str, templates: Templates
) -> Problem:
    """A template stopped by a limit, at the line it had reached (in an included template or
    a macro's, when that is where it was)."""
    frame = _last_template_frame(error, templates)
    name, line = (frame.filename, frame.lineno) if frame else (template_name, None)
    what = limits.exceeded(error, limits.PAGE_SECONDS)
    message = f"rendering {what}; look for a loop that does not end"
    return Problem(templates.shown(name), line, None, message)


def _last_template_frame(error: Exception, templates: Templates) -> traceback.FrameSummary | None:
    """The innermost line of a template that the error passed through."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if templates.holds(frame.filename)
    ]
    return frames[-1] if frames else None
