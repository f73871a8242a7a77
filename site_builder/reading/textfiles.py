"""Decoding a file's bytes as UTF-8, with a problem that names the line and the byte."""

from __future__ import annotations

from site_builder.problems import Problem, SiteError


def decode_utf8(data: bytes, shown: str) -> str:
    """The text of a file; a byte-order mark is kept for the caller to drop."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise SiteError([Problem(shown, line, None, message)]) from None
