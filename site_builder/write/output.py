"""Writing a built site: a first build into a folder beside the output, which then takes its
name; later builds and the preview update it in place, writing only the files whose bytes
changed, all or nothing.

A failed build never touches the previous output: everything is checked and rendered
before the first file is written, and every new file is written (in a folder of its own
inside the output) before the first one takes its place. A build removes only files that
a build of ours wrote, as the manifest it keeps in the output folder says.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.incremental.memo import replaced_positions
from site_builder.page import Page
from site_builder.problems import Problem, SiteError
from site_builder.theme import Layer
from site_builder.write.leftovers import owned_name, remove_abandoned


def check_output_dir(output: Path, root: Path, protected: Iterable[Path]) -> None:
    """Refuse an output folder whose replacement would delete the site's own files."""
    output, root = output.resolve(), root.resolve()
    reasons = []
    if root.is_relative_to(output):
        reasons.append("it holds the site itself")
    reasons += [
        f"it is inside {folder.name}/"
        for folder in protected
        if output.is_relative_to(folder.resolve())
    ]
    if output.exists() and not output.is_dir():
        reasons.append("it is a file")
    if reasons:
        message = f"cannot build into {output}: {'; '.join(reasons)}. Choose another folder with -o"
        raise SiteError([Problem("-o", None, None, message)])


def static_files(found: Sequence[Layer], root: Path) -> dict[str, Path]:
    """The static files by their output path, from every folder of `found`, the first one's
    winning on the same path (the site's `static/` over the theme's). The site's own links
    leading out of it, broken links and named pipes are refused."""
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for layer in reversed(found):  # the theme's first, then the site's over them
        files.update(_layer_files(layer, root if layer.of_site else layer.folder, problems))
    if problems:
        raise SiteError(problems)
    return dict(sorted(files.items(), key=lambda item: item[0].split("/")))


def _layer_files(layer: Layer, inside: Path, problems: list[Problem]) -> dict[str, Path]:
    """The files of one folder by their output path; a problem for each path that cannot be
    copied, links leading out of `inside` among them."""
    files: dict[str, Path] = {}
    if not layer.folder.is_dir():
        return files
    for path in layer.folder.rglob("*"):
        relative = path.relative_to(layer.folder)
        gone = not path.exists() and not path.is_symlink()  # renamed since it was listed
        if gone or any(part.startswith(".") for part in relative.parts):
            continue
        message = _static_problem(path, inside)
        if message is not None:
            problems.append(Problem(layer.shown_file(relative.as_posix()), None, None, message))
        elif not path.is_dir():
            files[relative.as_posix()] = path
    return files


def _static_problem(path: Path, root: Path) -> str | None:
    """Why a path in `static/` cannot be copied: a link out of the site, a pipe, a broken link.

    Links to folders are not followed, so one leading out of the site would be left out silently.
    """
    outside = not path.resolve().is_relative_to(root.resolve())
    if path.is_dir():
        if path.is_symlink() and outside:
            return "is a link to a folder outside the site; copy the files in instead"
        return None
    if outside:
        return "is a link to a file outside the site; copy the file in instead"
    if path.is_symlink() and not path.exists():
        return "is a link to a file that does not exist; remove the link"
    if not path.is_file():  # copying a named pipe would wait forever
        return "is not a regular file; replace it with one"
    return None


Record = tuple[str, int, int]
"""What a written file holds (a digest), and its modification time and size once written."""

MANIFEST = ".site-builder.json"
"""In the output folder: the files a build of ours wrote there, and what each holds."""
_NEW_FILES = ".site-builder.new-"  # in the output: a folder for an update's new files


def write_site(
    pages: Iterable[Page],
    static: dict[str, Path],
    output: Path,
    *,
    clean: bool = False,
    recorded: bool = True,
    earlier: Path | None = None,
    key: str = "",
) -> int:
    """Make `output` hold this build, all or nothing; returns the files written or removed.

    A new folder is written beside the output, then takes its name; an existing one is
    updated in place. `clean`: files that a build of ours did not write may be removed;
    without it, a folder holding files and no manifest of ours is refused. `recorded`: keep
    a manifest in the folder (off for one-off folders that are published as they are).
    `earlier`: where an earlier version kept the manifest, read when the output has none.
    `key`: a key of everything the build was made from, kept in the manifest (see
    `holds_build`).
    """
    output = output.resolve()
    remove_leftovers(output)
    if not output.exists():
        return _write_new_folder(list(pages), static, output, recorded, key)
    manifest = _owned_manifest(output, clean, earlier)
    sync = OutputSync(output, manifest if recorded else None, durable=True, key=key)
    return len(sync.apply(pages, static, clean=clean))


def remove_leftovers(output: Path) -> None:
    """Remove what builds into `output` that were killed left beside it and in it."""
    output = output.resolve()
    for kind in ("new", "old"):
        remove_abandoned(output.parent, f".{output.name}.{kind}-")
    if output.is_dir():
        remove_abandoned(output, _NEW_FILES)


def holds_build(output: Path, key: str) -> bool:
    """Whether `output` holds the build of `key` as a build of ours wrote it: its manifest
    names that key, and every file it records has the time and size it was written with."""
    manifest = _load_manifest(output / MANIFEST)
    if manifest is None or not key or manifest.key != key:
        return False
    folder = str(output)
    for path, record in manifest.records.items():
        try:
            status = os.stat(os.path.join(folder, path))
        except OSError:
            return False
        if (status.st_mtime_ns, status.st_size) != record[1:]:
            return False
    return True


def _write_new_folder(
    pages: list[Page], static: dict[str, Path], output: Path, recorded: bool, key: str
) -> int:
    """Write everything into a folder beside `output`, which then takes its name."""
    staging = output.parent / owned_name(f".{output.name}.new-")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(staging)  # readable by all, as the umask allows: a web server reads it
        records = _write_fresh(staging, pages, static)
        if recorded:
            (staging / MANIFEST).write_bytes(_manifest_bytes(Manifest(records, key)))
        os.replace(staging, output)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        needed = sum(len(page.data) for page in pages) + _static_size(static)
        raise _write_problem(error, output, needed) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(records)


def _write_fresh(folder: Path, pages: Iterable[Page], static: dict[str, Path]) -> dict[str, Record]:
    """Write everything into a new, empty folder; returns what each file holds."""
    folders = FolderMaker(folder)
    records = {}
    for page in pages:
        with open(folders.path_for(page.path), "wb") as file:
            file.write(page.data)
            file.flush()  # before the file's size and time are read
            status = os.fstat(file.fileno())
        records[page.path] = (page.digest, status.st_mtime_ns, status.st_size)
    for name, source in static.items():
        digest = source_digest(name, source)
        target = folders.path_for(name)
        with _open_static(name, source) as reader, open(target, "wb") as writer:
            shutil.copyfileobj(reader, writer)
        status = os.stat(target)
        records[name] = (digest, status.st_mtime_ns, status.st_size)
    return records


class FolderMaker:
    """Paths in a new, empty folder, each with its parent folders made once.

    The folder is new, so nothing in it can be a link: checking each path's parts is
    enough to keep it inside, and much faster than resolving every path.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self._made: set[str] = set()

    def path_for(self, relative: str) -> str:
        parts = relative.split("/")
        if relative.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise _outside(relative)
        target = os.path.join(self.folder, *parts)
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return target


def _owned_manifest(output: Path, clean: bool, earlier: Path | None) -> Manifest:
    """What a build of ours wrote in `output`; refuses a folder of others' files."""
    for path in (output / MANIFEST, earlier):
        if path is not None and path.is_file():
            return _load_manifest(path) or Manifest({}, "")
    if not clean and _holds_files(output):
        message = (
            "holds files that site-builder did not write; build into a new or empty folder, "
            "or add --clean to remove what it holds"
        )
        raise SiteError([Problem(_shown(output), None, None, message)])
    return Manifest({}, "")


def _holds_files(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return any(not entry.name.startswith(_NEW_FILES) for entry in entries)


Write = tuple[str, str, Callable[[], bytes]]
"""A file to write: its path in the output, the digest to record, and its bytes when asked."""


class OutputSync:
    """Keeps a folder equal to the latest build, writing only files whose bytes changed.

    Used by the preview, and by builds that find an output folder: unchanged files are not
    touched (their modification times stay, for tools that upload what changed); the files
    that changed are written into a folder of their own inside this one, then each is
    renamed into place, so a failure before the first rename (a full disk) leaves the folder
    as it was, and a page being served is never half-written; files of the previous build
    that this one no longer makes are removed. With `records` (from a manifest), what each
    file holds is known from the start, a manifest is kept in the folder, and the first
    update checks that each file is still as it was written, rewriting any that is not.
    `durable`: new files reach the disk before the first rename (not for a preview's folder
    in memory, which a crash loses anyway).
    """

    def __init__(
        self,
        folder: Path,
        manifest: Manifest | None = None,
        *,
        durable: bool = False,
        key: str = "",
    ) -> None:
        self.folder = folder.resolve()
        self._recorded = manifest is not None
        self._records = dict(manifest.records) if manifest is not None else {}
        self._key = key  # the build's, for the manifest
        self._recorded_key = manifest.key if manifest is not None else ""
        self._durable = durable
        self._check_disk = bool(self._records)
        self._pages: dict[str, Page] = {}  # the very pages last written: no need to look again
        self._page_list: list[Page] = []  # the same, in order
        self._static: set[str] = set()  # the static files last written

    def apply(
        self, pages: Iterable[Page], static: dict[str, Path], *, clean: bool = False
    ) -> list[str]:
        """Bring the folder up to date; returns the paths written or removed.

        `clean`: remove every file that this build does not make, not only those that a build
        of ours wrote."""
        pages = list(pages)
        same_places = self._same_places(pages)
        writes = self._page_writes(pages if same_places is None else same_places)
        writes += self._static_writes(static)
        if same_places is None:
            gone = set(self._records) - {page.path for page in pages} - set(static)
        else:  # the same pages' paths: only static files can be gone
            gone = self._static - set(static)
        if clean:
            gone |= self._others(pages, static)
        self._update(writes, sorted(gone))
        self._remember(pages, static, same_places)
        self._check_disk = False
        return sorted([path for path, _, _ in writes] + list(gone))

    def _page_writes(self, pages: list[Page]) -> list[Write]:
        writes: list[Write] = []
        for page in pages:
            last = self._pages.get(page.path)
            if last is not None and last.digest == page.digest:  # as last written here
                continue
            if self._changed(page.path, page.digest):  # a kept page is read only then
                writes.append((page.path, page.digest, functools.partial(_bytes_of, page)))
        return writes

    def _static_writes(self, static: dict[str, Path]) -> list[Write]:
        writes: list[Write] = []
        for name, source in static.items():
            digest = source_digest(name, source)
            if self._changed(name, digest):
                writes.append((name, digest, functools.partial(_static_bytes, name, source)))
        return writes

    def _others(self, pages: list[Page], static: dict[str, Path]) -> set[str]:
        """Every file in the folder that this build does not make (for `clean`)."""
        made = {page.path for page in pages} | set(static) | {MANIFEST}
        found: set[str] = set()
        for folder, subfolders, files in os.walk(self.folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(_NEW_FILES)]
            relative = Path(folder).relative_to(self.folder)
            found.update((relative / name).as_posix() for name in files + subfolders)
        return {path for path in found if path not in made and (self.folder / path).is_file()}

    def _update(self, writes: list[Write], gone: list[str]) -> None:
        """Write every new file before the first takes its place; then remove the gone."""
        if not writes and not gone and (not self._recorded or self._key == self._recorded_key):
            return
        update = _StagedUpdate(self.folder)
        try:
            for path, digest, data in writes:
                update.stage(path, digest, data())
            if self._recorded:
                records = {p: r for p, r in self._records.items() if p not in gone}
                records.update(update.records)
                update.stage(MANIFEST, NOT_HASHED, _manifest_bytes(Manifest(records, self._key)))
            if self._durable:
                os.sync()
            moved = update.commit()
            moved.pop(MANIFEST, None)  # the manifest records the others, not itself
            self._records.update(moved)
            self._recorded_key = self._key
            for path in gone:
                _remove(self.folder, path)
                self._records.pop(path, None)
        except OSError as error:
            unstaged = writes[len(update.records) :]
            needed = update.staged_bytes + sum(_size(data) for _, _, data in unstaged)
            raise _write_problem(error, self.folder, needed) from None
        finally:
            update.discard()

    def _same_places(self, pages: list[Page]) -> list[Page] | None:
        """When `pages` has the paths of the pages last written, in the same order, the pages
        that are not the very ones last written (a preview's edit: a few of 10,000, found
        by identity in C); else None."""
        last = self._page_list
        if len(last) != len(pages):
            return None
        positions = replaced_positions(last, pages)
        if any(last[at].path != pages[at].path for at in positions):
            return None
        return [pages[at] for at in positions]

    def _remember(
        self, pages: list[Page], static: dict[str, Path], replaced: list[Page] | None = None
    ) -> None:
        """What is now written: `replaced`, when given, are the only pages that changed."""
        if replaced is None:
            self._pages = {page.path: page for page in pages}
        else:
            self._pages.update((page.path, page) for page in replaced)
        self._page_list, self._static = pages, set(static)

    def _changed(self, path: str, digest: str) -> bool:
        record = self._records.get(path)
        return record is None or record[0] != digest or not self._as_written(path, record)

    def _as_written(self, path: str, record: Record) -> bool:
        """Whether the file is still as this sync wrote it (checked once, after a manifest)."""
        if not self._check_disk:
            return True
        try:
            status = os.stat(os.path.join(self.folder, path))
        except OSError:
            return False
        return (status.st_mtime_ns, status.st_size) == record[1:]


@dataclass
class _StagedUpdate:
    """New files written into a folder of their own inside the output (so on the same file
    system: a rename moves each into place), then moved in. Until `commit`, the output holds
    nothing new but the parent folders of new pages, which `discard` removes again."""

    folder: Path
    records: dict[str, Record] = field(default_factory=dict)
    staged_bytes: int = 0
    _staging: Path | None = None
    _moves: list[tuple[str, Path]] = field(default_factory=list)
    _made: list[Path] = field(default_factory=list)  # parent folders made, in order
    _known: set[Path] = field(default_factory=set)  # parent folders known to exist

    def stage(self, path: str, digest: str, data: bytes) -> None:
        if self._staging is None:
            self._staging = self.folder / owned_name(_NEW_FILES)
            os.mkdir(self._staging)
        target = self.folder / MANIFEST if path == MANIFEST else _inside(self.folder, path)
        self._make_parents(target.parent)
        temporary = self._staging / str(len(self._moves))
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            status = os.fstat(file.fileno())  # a rename keeps the time and size
        self._moves.append((path, temporary))
        self.records[path] = (digest, status.st_mtime_ns, status.st_size)
        self.staged_bytes += len(data)

    def commit(self) -> dict[str, Record]:
        """Move every staged file into place; returns the records of the files moved."""
        moved = {}
        for path, temporary in self._moves:
            os.replace(temporary, self.folder / path)
            moved[path] = self.records[path]
        self._moves = []
        self._made = []
        return moved

    def discard(self) -> None:
        """Remove what was staged and not moved, and the folders made for it."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                folder.rmdir()

    def _make_parents(self, folder: Path) -> None:
        if folder in self._known or folder == self.folder:
            return
        if not folder.is_dir():
            self._make_parents(folder.parent)
            os.mkdir(folder)
            self._made.append(folder)
        self._known.add(folder)


def _remove(folder: Path, path: str) -> None:
    """Remove a file of the output, and the folders it leaves empty."""
    target = _inside(folder, path)
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != folder:
        try:
            parent.rmdir()
        except OSError:  # not empty, or gone already
            return
        parent = parent.parent


def _bytes_of(page: Page) -> bytes:
    return page.data


def _size(data: Callable[[], bytes]) -> int:
    try:
        return len(data())
    except (OSError, SiteError):
        return 0


def _static_size(static: dict[str, Path]) -> int:
    return sum(source.stat().st_size for source in static.values() if source.exists())


NOT_HASHED = ""  # the digest recorded for a file written without one: it matches none


def source_digest(name: str, source: Path) -> str:
    """A static file stands for its source's modification time and size: copies are cheap."""
    try:
        status = source.stat()
    except OSError as error:  # removed or renamed since the build listed it
        raise _unreadable(name, error) from None
    return f"source {status.st_mtime_ns} {status.st_size}"


def content_digest(name: str, source: Path) -> str:
    """A static file's bytes, hashed: what a build's key holds of it, so that a file only
    touched (a fresh checkout) does not make the build another."""
    with _open_static(name, source) as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@contextlib.contextmanager
def _open_static(name: str, source: Path) -> Iterator[io.BufferedReader]:
    """A static file opened for reading; one that cannot be is a problem of its own, not the
    output's."""
    try:
        file = open(source, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:  # removed or renamed since the build listed it
        raise _unreadable(name, error) from None
    with file:
        yield file


def _static_bytes(name: str, source: Path) -> bytes:
    with _open_static(name, source) as file:
        return file.read()


@dataclass(frozen=True)
class Manifest:
    """What a build of ours wrote in a folder (`records`, by path), and the key of what that
    build was made from ("" when not known)."""

    records: dict[str, Record]
    key: str


def _load_manifest(path: Path) -> Manifest | None:
    """The record of an earlier build; None when it cannot be read (all is written again)."""
    try:
        data = json.loads(path.read_bytes())
        files = data.get("files", data)  # an earlier version kept the files alone
        records = {name: (str(r[0]), int(r[1]), int(r[2])) for name, r in files.items()}
        return Manifest(records, str(data.get("key", "")) if "files" in data else "")
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return None


def _manifest_bytes(manifest: Manifest) -> bytes:
    content = {"generator": "site-builder", "key": manifest.key, "files": manifest.records}
    return json.dumps(content, separators=(",", ":")).encode()


def _unreadable(name: str, error: OSError) -> SiteError:
    message = f"cannot be read: {error.strerror}"
    return SiteError([Problem(f"static/{name}", None, None, message)])


def _write_problem(error: OSError, folder: Path, needed: int) -> SiteError:
    """A failure to write the output, in one line: what happened and what it needs."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        message = f"no space left on device (needs about {-(-needed // 2**20)} MB)"
    elif error.errno in (errno.EACCES, errno.EPERM):
        message = "cannot be written: permission denied"
    elif error.errno == errno.EROFS:
        message = "cannot be written: the file system is read-only"
    else:
        message = f"cannot be written: {(error.strerror or str(error)).lower()}"
    return SiteError([Problem(_shown(folder), None, None, message)])


def _shown(folder: Path) -> str:
    """The folder as the user would write it: relative to the current one when near it."""
    relative = os.path.relpath(folder)
    return f"{folder.as_posix() if relative.startswith('../..') else relative}/"


def _inside(folder: Path, relative: str) -> Path:
    """The path of `relative` in `folder`; never outside it."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder) or target == folder:
        raise _outside(relative)
    return target


def _outside(relative: str) -> SiteError:
    return SiteError([Problem(relative, None, None, "would be written outside the output folder")])
