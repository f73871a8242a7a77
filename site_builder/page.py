"""One output file of a build, as the renderer makes it and the writer writes it."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

PACKED_UP_TO = 1 << 20  # bytes: larger pages are held uncompressed (see Page)


@dataclass(frozen=True)
class Page:
    """One output file: its path below the output folder and its bytes, kept compressed.

    A site of 10,000 events holds some 200 MB of pages from rendering to writing;
    compressed, a sixth of that. The few files larger than `PACKED_UP_TO` (the search
    index and the exports) are made again at every build and kept as they are: compressing
    them would take longer than the memory is worth.
    """

    path: str
    stored: bytes  # the file's bytes, compressed when `packed`
    packed: bool = True

    @classmethod
    def of(cls, path: str, content: str | bytes) -> Page:
        data = content.encode("utf-8") if isinstance(content, str) else content
        if len(data) > PACKED_UP_TO:
            return cls(path, data, packed=False)
        return cls(path, zlib.compress(data, 1))

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        return zlib.decompress(self.stored) if self.packed else self.stored

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")
