"""Compiled templates kept in `.cache/`, so that a build after an edit does not compile the
theme again: Jinja2 compiles some 0.25 s of templates at every start.

Jinja finds a compiled template by the template's name and checks it against the source's
checksum; what the environment's settings make of a source is not in that check, so the
folder is named by the generator's fingerprint (site_builder's code, which sets them, and
the version of Jinja2). As in the stores, each file carries a checksum of itself, checked
before Jinja reads it: compiled code that is damaged must never run. A file that fails it,
is no regular file or cannot be read or written costs only the compiling.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import zlib
from pathlib import Path

import jinja2

from site_builder.incremental.cache import generator_fingerprint

TEMPLATES_FOLDER = "templates"  # in .cache/
_CHECKSUM_BYTES = 4  # a CRC-32 after the compiled code


class _KeptTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, a file each in `folder`, written to a temporary file and
    then renamed, so that no build reads one half written."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = _checked(self._path(bucket))
        if data is None:
            return
        try:
            bucket.load_bytecode(io.BytesIO(data))
        except Exception:  # whole, yet not Jinja's (another version's): compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = io.BytesIO()
        bucket.write_bytecode(code)
        data = code.getvalue()
        path = self._path(bucket)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.new")
        try:
            temporary.write_bytes(data + zlib.crc32(data).to_bytes(_CHECKSUM_BYTES, "little"))
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self._folder / f"{bucket.key}.cache"


def _checked(path: Path) -> bytes | None:
    """The compiled code in the file at `path`, if it is a regular file that passes its
    checksum (a named pipe in its place would block the build that opened it)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        stored = path.read_bytes()
    except OSError:
        return None
    data, checksum = stored[:-_CHECKSUM_BYTES], stored[-_CHECKSUM_BYTES:]
    if (
        len(stored) < _CHECKSUM_BYTES
        or zlib.crc32(data).to_bytes(_CHECKSUM_BYTES, "little") != checksum
    ):
        return None
    return data


def compiled_templates(cache_folder: Path, flavour: str) -> jinja2.BytecodeCache | None:
    """Where an environment of `flavour` (its settings, such as `html`) keeps compiled
    templates in `cache_folder`; None when no folder can be made there."""
    folder = cache_folder / TEMPLATES_FOLDER / f"{flavour}-{generator_fingerprint()[:16]}"
    if not folder.is_dir():
        _forget_other_versions(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
    return _KeptTemplates(folder)


def _forget_other_versions(folder: Path) -> None:
    """Remove what other versions of site_builder compiled beside `folder`: never read again."""
    flavour = folder.name.rpartition("-")[0]
    with contextlib.suppress(OSError):
        for other in folder.parent.glob(f"{flavour}-*"):
            shutil.rmtree(other, ignore_errors=True)
