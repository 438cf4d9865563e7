"""Bytes to text: UTF-8 first, then the single-byte encodings old news files use."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class UnreadableFile(Exception):
    """A file tuiread skips, with the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    fallback: bool  # True when the file was not valid UTF-8


def decode_bytes(data: bytes) -> Decoded:
    if not data.strip():
        raise UnreadableFile("empty file" if not data else "file holds only whitespace")
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig", False)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    # cp1252 is what Windows-era news files almost always are; it leaves five byte values
    # undefined, and latin-1 takes those files since it maps every byte.
    try:
        return Decoded(data.decode("cp1252"), "cp1252", True)
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1", True)
