"""Writing a built site: everything into a folder beside the output, then a swap.

A failed build never touches the previous output; a successful one replaces it whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

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


def write_site(pages: Iterable[Page], static: dict[str, Path], output: Path) -> int:
    """Write pages and static files to `output`, replacing it only when all are written.

    Returns the number of files written.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        count = 0
        for page in pages:
            _write_file(staging, page.path, page.text.encode("utf-8"))
            count += 1
        for name, source in static.items():
            target = _inside(staging, name)
            try:
                shutil.copyfile(source, target)
            except OSError as error:  # removed or renamed since the build listed it
                raise _unreadable(name, error) from None
            count += 1
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


class OutputSync:
    """Keeps a folder equal to the latest build, writing only files whose bytes changed.

    Used by the preview: unchanged pages are not touched, each changed file is replaced
    atomically (written beside, then renamed), so a page being served is never half-written.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self._pages: dict[str, str] = {}
        self._static: dict[str, tuple[int, int]] = {}

    def apply(self, pages: Iterable[Page], static: dict[str, Path]) -> list[str]:
        """Bring the folder up to date; returns the paths written or removed.

        Each file is recorded as it is written, so that the record stays true to the folder
        when a static file renamed during the build stops this half-way.
        """
        changed = []
        new_pages = {page.path: page.text for page in pages}
        for path, text in new_pages.items():
            if self._pages.get(path) != text:
                _replace_file(_inside(self.folder, path), text.encode("utf-8"))
                self._pages[path] = text
                changed.append(path)
        for name, source in static.items():
            if self._copy_static(name, source):
                changed.append(name)
        new_static = {name: self._static[name] for name in static}
        for gone in (set(self._pages) - set(new_pages)) | (set(self._static) - set(new_static)):
            if gone not in new_pages and gone not in new_static:
                (self.folder / gone).unlink(missing_ok=True)
                changed.append(gone)
        self._pages, self._static = new_pages, new_static
        return sorted(changed)

    def _copy_static(self, name: str, source: Path) -> bool:
        """Copy a static file unless it is unchanged since the last time; True when copied."""
        try:
            stamp = _stamp(source)
            if self._static.get(name) == stamp:
                return False
            _replace_file(_inside(self.folder, name), source.read_bytes())
        except OSError as error:  # removed or renamed since the build listed it
            raise _unreadable(name, error) from None
        self._static[name] = stamp
        return True


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return (status.st_mtime_ns, status.st_size)


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
        raise SiteError(
            [Problem(relative, None, None, "would be written outside the output folder")]
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _write_file(folder: Path, relative: str, data: bytes) -> None:
    _inside(folder, relative).write_bytes(data)


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
