"""Writing a built site: a first build into a folder beside the output, then a swap; later
builds and the preview update it in place, writing only the files whose bytes changed.

A failed build never touches the previous output: everything is checked and rendered
before the first file is written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from site_builder.memo import replaced_positions
from site_builder.problems import Problem, SiteError
from site_builder.render import Page


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


def static_files(static_dir: Path, root: Path) -> dict[str, Path]:
    """The files of `static/` by their output path; links leading out of the site are refused."""
    files: dict[str, Path] = {}
    if not static_dir.is_dir():
        return files
    problems = []
    for path in sorted(static_dir.rglob("*")):
        relative = path.relative_to(static_dir)
        gone = not path.exists() and not path.is_symlink()  # renamed since it was listed
        if gone or any(part.startswith(".") for part in relative.parts):
            continue
        message = _static_problem(path, root)
        if message is not None:
            problems.append(Problem(path.relative_to(root).as_posix(), None, None, message))
        elif not path.is_dir():
            files[relative.as_posix()] = path
    if problems:
        raise SiteError(problems)
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


def write_site(
    pages: Iterable[Page], static: dict[str, Path], output: Path, manifest: Path | None = None
) -> int:
    """Write pages and static files to `output`, replacing it only when all are written.

    Returns the number of files written. With a `manifest`, what was written is recorded
    there, so that `OutputSync` can later update the folder in place.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        records = _write_fresh(staging, pages, static)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if manifest is not None:
        _save_manifest(manifest, records)
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
        records[page.path] = (_digest(page.stored), status.st_mtime_ns, status.st_size)
    for name, source in static.items():
        try:
            digest = _source_digest(source)
            target = folders.path_for(name)
            shutil.copyfile(source, target)
            status = os.stat(target)
        except OSError as error:  # removed or renamed since the build listed it
            raise _unreadable(name, error) from None
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


class OutputSync:
    """Keeps a folder equal to the latest build, writing only files whose bytes changed.

    Used by the preview, and by builds that find their previous output: unchanged files
    are not touched (their modification times stay, for tools that upload what changed),
    each changed file is replaced atomically (written beside, then renamed), so a page
    being served is never half-written, and files of the previous build that this one no
    longer makes are removed. With a `manifest` (from `write_site` or an earlier sync),
    what each file holds is known from the start; the first update checks that each file
    is still as it was written, and rewrites any that is not.
    """

    def __init__(self, folder: Path, manifest: Path | None = None) -> None:
        self.folder = folder.resolve()
        self.manifest = manifest
        self._records = _load_manifest(manifest) if manifest is not None else {}
        self._check_disk = bool(self._records)
        self._pages: dict[str, Page] = {}  # the very pages last written: no need to look again
        self._page_list: list[Page] = []  # the same, in order
        self._static: set[str] = set()  # the static files last written

    def apply(self, pages: Iterable[Page], static: dict[str, Path]) -> list[str]:
        """Bring the folder up to date; returns the paths written or removed.

        Each file is recorded as it is written, so that the record stays true to the folder
        when a static file renamed during the build stops this half-way.
        """
        pages = list(pages)
        if not self._records and _is_empty(self.folder):  # a first build: nothing to replace
            self._records = _write_fresh(self.folder, pages, static)
            self._remember(pages, static)
            self._save()
            return sorted(self._records)
        same_places = self._same_places(pages)
        changed = []
        for page in pages if same_places is None else same_places:
            # Stored bytes stand for the page: the same text compresses the same way.
            last = self._pages.get(page.path)
            if last is not None and last.stored == page.stored:  # as last written here
                continue
            data = functools.partial(_bytes_of, page)
            if last is not None and self.manifest is None:  # changed, and nothing to record
                self._write(page.path, NOT_HASHED, data)  # hashing it would serve nothing
                changed.append(page.path)
            elif self._write_if_changed(page.path, _digest(page.stored), data):
                changed.append(page.path)
        for name, source in static.items():
            try:
                if self._write_if_changed(name, _source_digest(source), source.read_bytes):
                    changed.append(name)
            except OSError as error:  # removed or renamed since the build listed it
                raise _unreadable(name, error) from None
        if same_places is None:
            gone = set(self._records) - {page.path for page in pages} - set(static)
        else:  # the same pages' paths: only static files can be gone
            gone = self._static - set(static)
        for path in gone:
            _inside(self.folder, path).unlink(missing_ok=True)
            del self._records[path]
            changed.append(path)
        self._remember(pages, static, same_places)
        self._check_disk = False
        self._save()
        return sorted(changed)

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

    def _save(self) -> None:
        if self.manifest is not None:
            _save_manifest(self.manifest, self._records)

    def _write_if_changed(self, path: str, digest: str, data: Callable[[], bytes]) -> bool:
        record = self._records.get(path)
        if record is not None and record[0] == digest and self._as_written(path, record):
            return False
        self._write(path, digest, data)
        return True

    def _write(self, path: str, digest: str, data: Callable[[], bytes]) -> None:
        target = _inside(self.folder, path)
        _replace_file(target, data())
        status = target.stat()
        self._records[path] = (digest, status.st_mtime_ns, status.st_size)

    def _as_written(self, path: str, record: Record) -> bool:
        """Whether the file is still as this sync wrote it (checked once, after a manifest)."""
        if not self._check_disk:
            return True
        try:
            status = os.stat(os.path.join(self.folder, path))
        except OSError:
            return False
        return (status.st_mtime_ns, status.st_size) == record[1:]


def _bytes_of(page: Page) -> bytes:
    return page.data


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


NOT_HASHED = ""  # the digest recorded for a file written without one: it matches none


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]  # SHA-256 runs in hardware on most CPUs


def _source_digest(source: Path) -> str:
    """A static file stands for its source's modification time and size: copies are cheap."""
    status = source.stat()
    return f"source {status.st_mtime_ns} {status.st_size}"


def _load_manifest(path: Path) -> dict[str, Record]:
    """The record of an earlier build; empty when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_bytes())
        return {name: (str(r[0]), int(r[1]), int(r[2])) for name, r in data.items()}
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return {}


def _save_manifest(path: Path, records: dict[str, Record]) -> None:
    """Best effort: without a manifest, the next build writes a fresh folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_file(path, json.dumps(records, separators=(",", ":")).encode())
    except OSError:
        pass


def _unreadable(name: str, error: OSError) -> SiteError:
    message = f"cannot be read: {error.strerror}"
    return SiteError([Problem(f"static/{name}", None, None, message)])


def _replace_file(target: Path, data: bytes) -> None:
    """Write beside the target, then rename over it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _inside(folder: Path, relative: str) -> Path:
    """The path of `relative` in `folder`, with its parent folders made; never outside it."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder) or target == folder:
        raise _outside(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _outside(relative: str) -> SiteError:
    return SiteError([Problem(relative, None, None, "would be written outside the output folder")])


def _swap(staging: Path, output: Path) -> None:
    """Put the new site in place of the old; the old one is removed only after."""
    if not output.exists():
        os.replace(staging, output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.replace(output, old / output.name)
    try:
        os.replace(staging, output)
    except OSError:
        os.replace(old / output.name, output)
        raise
    finally:
        if output.exists():
            shutil.rmtree(old, ignore_errors=True)
