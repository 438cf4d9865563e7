"""Showing untrusted text on a terminal literally: controls become visible, never obeyed.

An article, a file name, a note or a tag may hold terminal escape sequences or other control
characters. Printed as they are, they would move the cursor, change the title, write to the
clipboard or clear the screen. This module is the one place that decides what is safe:

- ``displayable`` maps each control character to one visible character (the Unicode "control
  pictures" block), so offsets into the text stay valid;
- ``json_for_terminal`` escapes, inside JSON text, what ``json.dumps(ensure_ascii=False)``
  leaves raw (C1 controls, bidi overrides, lone surrogates), so the JSON stays valid and means the
  same value;
- ``for_stream`` applies ``displayable`` only when the stream is a terminal, so piped output
  stays byte-exact.
"""

from __future__ import annotations

import re
from typing import Any

_TABLE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n"}
_TABLE[ord("\t")] = ord(" ")
_TABLE[0x7F] = 0x2421  # DEL
_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls, e.g. CSI (0x9b)
# Bidi overrides and isolates can reorder what the terminal shows; show them as a mark instead.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_TABLE.update({code: 0x2E2E for code in _BIDI})
# Lone surrogates (a non-UTF-8 file name read with surrogateescape) cannot be encoded for output.
_TABLE.update({code: 0xFFFD for code in range(0xD800, 0xE000)})

# What JSON text may carry raw but a terminal would obey (or cannot print): C1 controls, bidi
# controls, lone surrogates. C0 controls are already \u-escaped by the json module.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def displayable(text: str) -> str:
    """``text`` with every control character replaced by one visible character (newlines kept)."""
    return text.translate(_TABLE)


def json_for_terminal(json_text: str) -> str:
    """JSON text with C1/bidi controls and lone surrogates written as ``\\uXXXX`` escapes.

    These characters only occur inside JSON strings, so the result parses to the same value.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


_SURROGATES = re.compile("[\ud800-\udfff]")


def json_without_surrogates(json_text: str) -> str:
    """JSON text with lone surrogates (a non-UTF-8 file name) written as ``\\uXXXX`` escapes:
    the same value, and encodable as UTF-8."""
    return _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def for_stream(text: str, stream: Any) -> str:
    """Text to write on ``stream``: made ``displayable`` on a terminal, exact elsewhere."""
    return displayable(text) if is_terminal(stream) else text


def shorten(text: str, limit: int = 120) -> str:
    """``text`` cut to about ``limit`` characters for a one-line message, with the cut shown."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    return f"{text[:keep]}… ({len(text)} characters)"
