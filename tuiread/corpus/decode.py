"""Bytes to text: a BOM's encoding, else UTF-8, else the single-byte encodings old news files use.

Binary data is refused: a NUL byte outside UTF-16 text, or (for data with no NUL byte) more
control characters than any text holds.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class UnreadableFile(Exception):
    """A file tuiread skips, with the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    fallback: bool  # True when the file was not valid UTF-8


# Byte order marks naming an encoding, longest first (UTF-32-LE's BOM begins with UTF-16-LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters neither text nor terminal escape sequences hold: tab, newlines, form feed,
# vertical tab, and the backspace, BEL, ESC and C1 controls of escape sequences are left out, so
# an article full of escape sequences is still shown (literally), not taken for binary.
_CONTROLS = re.compile("[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x07), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Random bytes decode to about 9% such characters; text holds next to none. Tiny files are
# judged only past a handful of them.
BINARY_CONTROL_SHARE = 0.05
BINARY_MIN_CONTROLS = 8


def decode_bytes(data: bytes) -> Decoded:
    if not data.strip():
        raise UnreadableFile("empty file" if not data else "file holds only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_with_bom(data[len(bom):], encoding))
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    return _decode_plain(data)


def _decode_with_bom(data: bytes, encoding: str) -> Decoded:
    if encoding == "utf-8":
        return Decoded(data.decode("utf-8", "replace"), "utf-8-sig", False)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"starts with a {encoding.upper()} byte order mark but is not "
                             f"{encoding.upper()} (byte {exc.start + 2})") from exc
    if not text.strip():
        raise UnreadableFile("file holds only whitespace")
    return Decoded(text, encoding, True)


def _decode_plain(data: bytes) -> Decoded:
    # Each of these encodings writes the characters ``_CONTROLS`` counts as the same single
    # bytes, and nothing else with those bytes: counted in the bytes, in C.
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", False), controls)
    except UnicodeDecodeError:
        pass
    # cp1252 is what Windows-era news files almost always are; it leaves five byte values
    # undefined, and latin-1 takes those files since it maps every byte.
    try:
        return _checked(Decoded(data.decode("cp1252"), "cp1252", True), controls)
    except UnicodeDecodeError:
        return _checked(Decoded(data.decode("latin-1"), "latin-1", True), controls)


def _checked(decoded: Decoded, controls: int | None = None) -> Decoded:
    """``decoded``, unless it is binary; ``controls``: its ``_CONTROLS`` characters, if known."""
    if controls is None:
        controls = len(_CONTROLS.findall(decoded.text))
    if controls >= BINARY_MIN_CONTROLS and controls > BINARY_CONTROL_SHARE * len(decoded.text):
        raise UnreadableFile(f"binary file ({controls} control characters in "
                             f"{len(decoded.text)})")
    if "\x00" in decoded.text:
        raise UnreadableFile("binary file (contains NUL characters)")
    return decoded
