"""Showing article text literally: control characters become visible symbols, one for one.

An article may hold terminal escape sequences or other control characters. Printed as they are,
they would move the cursor, change colours or clear the screen. Each is mapped to one visible
character (the Unicode "control pictures" block), so offsets into the text stay valid.
"""

from __future__ import annotations

_TABLE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n"}
_TABLE[ord("\t")] = ord(" ")
_TABLE[0x7F] = 0x2421  # DEL
_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls, e.g. CSI (0x9b)
# Bidi overrides and isolates can reorder what the terminal shows; show them as a mark instead.
_TABLE.update({code: 0x2E2E for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def displayable(text: str) -> str:
    """``text`` with every control character replaced by one visible character (newlines kept)."""
    return text.translate(_TABLE)
