"""The images events and people show, made ready for the pages: found beside the file that
names them or in `static/`, checked, and resized with Pillow into WebP at a few widths (for
`srcset`) and one JPEG (a PNG where the image has transparency) for browsers and link
previews that take no WebP.

Resizing is the costliest thing a build does for an image (tens of milliseconds), so what it
makes is kept in `.cache/pictures/`, named by a hash of the image's bytes and of how it is
made: an image is made once, whichever events, people and languages show it, and made again
only when its bytes change. Which file holds which bytes is known from its modification time and
size while they stay as they were, so a build does not read every image again. Output files
are named by that same hash, so a changed image gets new addresses and no browser or CDN
shows the old one.

A missing, unreadable or oversized image is a problem at the line of the file that names it.

Pillow is imported only when an image is made or keyed: a site without pictures does not pay
for importing it (about 30 ms of every build's start).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
import pickle
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.config import SiteConfig
from site_builder.content.lines import FieldLines
from site_builder.incremental.cache import CACHE_FOLDER, Store
from site_builder.incremental.content import (
    STATUS_TELLS,
    FileStatus,
    file_status,
    settled,
    unpickled_statuses,
)
from site_builder.incremental.parallel import parallel_map
from site_builder.model.records import Event, Image, Person, Picture
from site_builder.page import Page, stored_digest
from site_builder.problems import Problem, SiteError
from site_builder.reading.yamldoc import field_name

if TYPE_CHECKING:
    from PIL import Image as PillowImage

WIDTHS = (480, 960, 1600)  # the WebP widths made, each no wider than the image itself
FALLBACK_WIDTH = 1200  # the JPEG's, a size link previews take (1200 x 630 is theirs)
OUTPUT_FOLDER = "images"
STORE = "pictures"  # in .cache/: what making each image gave, by its key
MADE_FOLDER = "pictures"  # in .cache/: the files made
WEBP_QUALITY = 80
JPEG_QUALITY = 82
MAX_PIXELS = 50_000_000  # larger images are refused: decoding one takes gigabytes
MADE_AS = 1  # one more whenever `_make` makes other files of the same image
STATUS_ROW = "file-status"  # in the store: each image file's status, with its bytes' key


@dataclass(frozen=True)
class Made:
    """What making one image gave: its size, and each file made of it, with the width it
    was made at and the digest of its bytes (as the output's manifest records pages')."""

    width: int
    height: int
    webp: tuple[tuple[str, int, str], ...]
    fallback: tuple[str, str]


class _Unusable(Exception):
    """An image file Pillow cannot make pictures of; the message says why, for the user."""


@dataclass(frozen=True)
class _Wanted:
    """An image as a file names it (`owner`: the event's or person's file, as shown;
    `index`: its place in the file's `images:`), and the file it is."""

    owner: str
    index: int
    image: Image
    path: Path


class PictureMaker:
    """Makes the pictures of builds that follow one another, keeping what each made."""

    def __init__(self, config: SiteConfig) -> None:
        self._root = config.root
        self._content = config.content_dir
        self._static = config.static_dir
        self._made_in = config.root / CACHE_FOLDER / MADE_FOLDER
        self._store = Store(config.root / CACHE_FOLDER, STORE)
        # By image file: its status when its bytes were read, and their key; kept in the
        # store (as the event files' are: incremental/content.py), so that a new process
        # reads no image whose status is as it was.
        self._statuses: dict[str, tuple[FileStatus, str]] | None = None
        self._statuses_changed = False
        self._dressed: dict[str, tuple[Event, tuple[Picture, ...], Event]] = {}

    def dress(
        self, events: Sequence[Event], people: Sequence[Person] = ()
    ) -> tuple[list[Event], list[Person], list[Page]]:
        """The events with their `pictures` and the people with their `picture`, and the
        files to write; raises SiteError with a problem for every image that is not there or
        cannot be read as one."""
        problems: list[Problem] = []
        named = [(event.path, event.images) for event in events]
        named += [(person.path, (person.image,)) for person in people if person.image]
        wanted = self._wanted(named, problems)
        keys = {item.path: self._key(item, problems) for item in wanted}
        self._keep_statuses({str(path) for path in keys})
        made = self._made({key for key in keys.values() if key}, wanted, keys, problems)
        if problems:
            raise SiteError(problems)
        pictures: dict[str, list[Picture]] = {}
        files: dict[str, Page] = {}
        for item in wanted:
            result = made[keys[item.path]]
            pictures.setdefault(item.owner, []).append(_picture(item.image, result))
            for name, digest in _files_of(result):
                files.setdefault(name, self._page(name, digest))
        dressed = [
            self._dressed_event(event, tuple(pictures.get(event.path, ()))) for event in events
        ]
        portrayed = [
            dataclasses.replace(person, picture=pictures[person.path][0])
            if person.path in pictures
            else person
            for person in people
        ]
        return dressed, portrayed, list(files.values())

    def _wanted(
        self, named: Iterable[tuple[str, Sequence[Image]]], problems: list[Problem]
    ) -> list[_Wanted]:
        """Every image the files name, with its file; a problem for each that is not one."""
        wanted = []
        lines = FieldLines(self._root)
        folders: dict[str, str] = {}
        # The folders an image may be in, resolved, each ending in a separator.
        inside = tuple(os.path.join(os.path.realpath(f), "") for f in (self._content, self._static))
        for owner, images in named:
            for index, image in enumerate(images):
                path = self._located(owner, image, folders, inside)
                if path is None:
                    message = f'"{image.src}" is not a file beside {Path(owner).name} or in static/'
                    problems.append(_problem(lines, owner, index, message))
                else:
                    wanted.append(_Wanted(owner, index, image, path))
        return wanted

    def _located(
        self, owner: str, image: Image, folders: dict[str, str], inside: tuple[str, ...]
    ) -> Path | None:
        """The image's file: from `static/` when `src` starts with `/`, else from the folder
        of the file that names it; None when that is no file, or leads out of content/ and
        static/ (`inside`). `folders`: the folders resolved so far in this build."""
        if image.src.startswith("/"):
            folder, src = str(self._static), image.src.lstrip("/")
        else:
            folder, src = os.path.join(self._root, os.path.dirname(owner)), image.src
        if folder not in folders:  # resolved once for all its images (10,000 events: 1 s)
            folders[folder] = os.path.realpath(folder)
        resolved = os.path.join(folders[folder], src)
        if "/" in src or os.path.islink(resolved):  # else a file of a folder resolved already
            resolved = os.path.realpath(resolved)
        allowed = any(resolved.startswith(folder) for folder in inside)
        return Path(resolved) if allowed and os.path.isfile(resolved) else None

    def _key(self, item: _Wanted, problems: list[Problem]) -> str:
        """A key for the image's bytes and how pictures are made of them: read and hashed
        only when the file's status is not the one kept with its key."""
        statuses = self._kept_statuses()
        try:
            status = os.stat(item.path)
            full = file_status(status)
            kept = statuses.get(str(item.path))
            if kept is not None and kept[0] == full:
                return kept[1]
            data = item.path.read_bytes()
        except OSError as error:
            message = f'"{item.image.src}" cannot be read: {error.strerror}'
            problems.append(_problem(FieldLines(self._root), item.owner, item.index, message))
            return ""
        key = _picture_key(data)
        if settled(full, time.time_ns()):
            statuses[str(item.path)] = (full, key)
            self._statuses_changed = True
        return key

    def _kept_statuses(self) -> dict[str, tuple[FileStatus, str]]:
        """The statuses kept, by file: the store's, where a status tells a write apart (not
        on Windows, whose change time is the creation time), then this process's."""
        if self._statuses is None:
            found = self._store.get_many({STATUS_ROW: _how_made()}, unpickled_statuses)
            self._statuses = found.get(STATUS_ROW, {}) if STATUS_TELLS else {}
        return self._statuses

    def _keep_statuses(self, wanted: set[str]) -> None:
        """Keep the statuses of the images still named, when any changed."""
        statuses = self._kept_statuses()
        if self._statuses_changed or not statuses.keys() <= wanted:
            self._statuses = {path: kept for path, kept in statuses.items() if path in wanted}
            if STATUS_TELLS:
                self._store.put_many([(STATUS_ROW, _how_made(), pickle.dumps(self._statuses))])
        self._statuses_changed = False

    def _made(
        self,
        keys: set[str],
        wanted: Sequence[_Wanted],
        by_path: Mapping[Path, str],
        problems: list[Problem],
    ) -> dict[str, Made]:
        """What making each image gave: from `.cache/` while its files are there, else made,
        on every core when there are many."""
        kept = self._store.get_many({key: key for key in keys}, _unpickled)
        present = set(os.listdir(self._made_in)) if self._made_in.is_dir() else set()
        found = {key: made for key, made in kept.items() if self._has_files(made, present)}
        todo = {by_path[item.path]: item for item in wanted if by_path[item.path] not in found}
        items = list(todo.items())
        self._made_in.mkdir(parents=True, exist_ok=True)
        results = parallel_map(lambda pair: _make(pair[1].path, pair[0], self._made_in), items)
        rows = []
        for (key, item), result in zip(items, results, strict=True):
            if isinstance(result, str):
                message = f'"{item.image.src}" {result}'
                problems.append(_problem(FieldLines(self._root), item.owner, item.index, message))
                continue
            found[key] = result
            rows.append((key, key, pickle.dumps(result)))
        self._store.put_many(rows)
        return found

    def _has_files(self, made: Made, present: set[str]) -> bool:
        return all(name.rpartition("/")[2] in present for name, _ in _files_of(made))

    def _page(self, name: str, digest: str) -> Page:
        """The made file, read from `.cache/` only if it must be written."""
        path = os.path.join(self._made_in, name.rpartition("/")[2])
        return Page.kept(name, digest, functools.partial(_file_bytes, path), packed=False)

    def _dressed_event(self, event: Event, pictures: tuple[Picture, ...]) -> Event:
        """The event with `pictures`: the very object of the last build while both are as
        they were, so that what is kept by event stays kept."""
        if not pictures and not event.pictures:
            return event
        kept = self._dressed.get(event.path)
        if kept is not None and kept[0] is event and kept[1] == pictures:
            return kept[2]
        dressed = dataclasses.replace(event, pictures=pictures)
        self._dressed[event.path] = (event, pictures, dressed)
        return dressed


def _problem(lines: FieldLines, owner: str, index: int, message: str) -> Problem:
    """A problem with a picture of the file `owner`, at the line of its `src`, as the file
    writes it: `images:` as a list, or `image:` for one."""
    for at in (("images", index, "src"), ("image", "src")):
        line = lines.line(owner, at, exact=True)
        if line is not None:
            return Problem(owner, line, field_name(at), message)
    return Problem(owner, None, field_name(("images", index, "src")), message)


def _picture(image: Image, made: Made) -> Picture:
    sources = tuple((name, width) for name, width, _ in made.webp)
    return Picture(image, made.width, made.height, sources, made.fallback[0])


def _files_of(made: Made) -> list[tuple[str, str]]:
    """Each file made of an image, with its digest."""
    return [(name, digest) for name, _, digest in made.webp] + [made.fallback]


def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _unpickled(value: bytes) -> Made:
    made = pickle.loads(value)
    if not isinstance(made, Made):
        raise TypeError("not a made picture")  # the store holds only what _made put
    return made


@functools.cache
def _how_made() -> str:
    """How pictures are made: what a picture's key holds beside the image's bytes, and so
    what the keys kept with the images' statuses are kept under."""
    import PIL

    return repr((MADE_AS, PIL.__version__, WIDTHS, FALLBACK_WIDTH, WEBP_QUALITY, JPEG_QUALITY))


def _make(path: Path, key: str, folder: Path) -> Made | str:
    """Every file of one image, written into `folder`; or why it cannot be made."""
    from PIL import Image as PillowImage
    from PIL import ImageOps, UnidentifiedImageError

    try:
        with PillowImage.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise _Unusable(
                    f"is {opened.width} x {opened.height} pixels: make it smaller than "
                    f"{MAX_PIXELS // 1_000_000} million"
                )
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, PillowImage.DecompressionBombError):
        return "cannot be read as an image (JPEG, PNG, WebP, GIF or AVIF)"
    except _Unusable as unusable:
        return str(unusable)
    stem = f"{OUTPUT_FOLDER}/{key[:16]}"
    clear = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if clear else "RGB")
    widths = sorted({min(width, image.width) for width in WIDTHS})
    webp = []
    for width in widths:
        name = f"{stem}-{width}.webp"
        data = _encoded(_scaled(image, width), "WEBP", quality=WEBP_QUALITY, method=4)
        webp.append((name, width, _written(folder, name, data)))
    fallback_width = min(FALLBACK_WIDTH, image.width)
    scaled = _scaled(image, fallback_width)
    if clear:
        name, data = f"{stem}-{fallback_width}.png", _encoded(scaled, "PNG", optimize=True)
    else:
        jpeg = _encoded(scaled, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        name, data = f"{stem}-{fallback_width}.jpg", jpeg
    largest = widths[-1]
    height = round(image.height * largest / image.width)
    return Made(largest, height, tuple(webp), (name, _written(folder, name, data)))


def _scaled(image: PillowImage.Image, width: int) -> PillowImage.Image:
    if width >= image.width:
        return image
    from PIL import Image as PillowImage

    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), PillowImage.Resampling.LANCZOS)


def _encoded(image: PillowImage.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _written(folder: Path, name: str, data: bytes) -> str:
    """Writes a made file into `.cache/pictures/` (by its name's last part) and gives the
    digest of its bytes. Written whole then renamed, so a stopped build leaves no half file."""
    target = folder / Path(name).name
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)
    return stored_digest(data)


def _picture_key(data: bytes) -> str:
    """What an image's pictures are made of: its bytes, Pillow and the settings above. Not the
    generator's code, so that an upgrade keeps the files, and their addresses, as they were;
    `MADE_AS` changes with the way they are made."""
    return hashlib.sha256(_how_made().encode() + b"\0" + data).hexdigest()
