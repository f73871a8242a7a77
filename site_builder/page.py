"""One output file of a build, as the renderer makes it and the writer writes it."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from typing import Any

PACKED_UP_TO = 1 << 20  # bytes: larger pages are held uncompressed (see Page)


class Page:
    """One output file: its path below the output folder and its bytes, kept compressed.

    A site of 10,000 events holds some 200 MB of pages from rendering to writing;
    compressed, a sixth of that. The few files larger than `PACKED_UP_TO` (the search
    index and the exports) are made again at every build and kept as they are: compressing
    them would take longer than the memory is worth.

    A page kept from an earlier build (`Page.kept`) comes with its digest and reads its
    bytes only when asked: a build that finds the file written as it was never reads them,
    so that one edit to a site of 10,000 events does not read 10,000 pages back.
    """

    __slots__ = ("_digest", "_read", "_stored", "packed", "path")

    def __init__(self, path: str, stored: bytes, packed: bool = True) -> None:
        self.path = path
        self.packed = packed
        self._stored: bytes | None = stored
        self._read: Callable[[], bytes] | None = None
        self._digest: str | None = None

    @classmethod
    def of(cls, path: str, content: str | bytes) -> Page:
        data = content.encode("utf-8") if isinstance(content, str) else content
        if len(data) > PACKED_UP_TO:
            return cls(path, data, packed=False)
        return cls(path, zlib.compress(data, 1))

    @classmethod
    def kept(cls, path: str, digest: str, read: Callable[[], bytes], packed: bool = True) -> Page:
        """A page whose `stored` bytes (compressed when `packed`), of that `digest`, `read`
        gives when asked."""
        page = cls(path, b"", packed)
        page._stored, page._read, page._digest = None, read, digest
        return page

    def under(self, folder: str) -> Page:
        """The same file in `folder` (`zh/`): another language's pages, below the site's root."""
        moved = Page(folder + self.path, b"", self.packed)
        moved._stored, moved._read, moved._digest = self._stored, self._read, self._digest
        return moved

    @property
    def stored(self) -> bytes:
        """The file's bytes as held: compressed when `packed`. A kept page's are read each
        time they are asked for and never held: a build asks once, to write them, and holding
        them kept every file it wrote in memory (10,000 events' pictures: 400 MB)."""
        if self._stored is None:
            assert self._read is not None  # a kept page has its reader
            return self._read()
        return self._stored

    @property
    def digest(self) -> str:
        """What the page holds, as the output's manifest records it."""
        if self._digest is None:
            self._digest = stored_digest(self.stored)
        return self._digest

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        stored = self.stored
        return zlib.decompress(stored) if self.packed else stored

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    def __reduce__(self) -> tuple[type[Page], tuple[Any, ...]]:
        """Pickled with its bytes, read first if it was kept."""
        return (Page, (self.path, self.stored, self.packed))

    def __repr__(self) -> str:
        return f"Page({self.path!r})"


def stored_digest(stored: bytes) -> str:
    """The digest of a page's stored bytes: the same text compresses the same way."""
    return hashlib.sha256(stored).hexdigest()[:32]  # SHA-256 runs in hardware on most CPUs
