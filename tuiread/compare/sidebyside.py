"""A comparison laid out as two text columns for a terminal, optionally with ANSI colours.

Plain text only (no Rich): the CLI prints it. Article text goes through ``safe`` (the caller
passes ``textsafe.displayable`` on a terminal), which maps characters one for one, so the column
widths computed here hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tuiread.compare.model import Comparison, Side
from tuiread.compare.rows import LEGEND, describe, row_infos
from tuiread.corpus import Article

RED, GREEN, YELLOW, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[2m", "\x1b[0m"
GAP = " │ "
GUTTER = 2  # the row's marker (tuiread.compare.rows, the same as the screen's) and a space
MIN_WIDTH = 40

Token = tuple[str, bool]  # text, changed


def _tokens(article: Article, side: Side, changed: list[tuple[int, int]]) -> list[Token]:
    tokens = []
    for piece in article.visible_pieces(side.start, side.end):
        for match in re.finditer(r"\S+", article.text[piece.start : piece.end]):
            start, end = piece.start + match.start(), piece.start + match.end()
            hit = any(s < end and start < e for s, e in changed)
            tokens.append((match.group(), hit))
    return tokens


def _wrap(tokens: list[Token], width: int) -> list[list[Token]]:
    lines: list[list[Token]] = [[]]
    used = 0
    for text, changed in tokens:
        while len(text) > width:  # a word longer than the column is cut
            if lines[-1]:
                lines.append([])
            lines[-1].append((text[:width], changed))
            lines.append([])
            text = text[width:]
            used = 0
        need = len(text) + (1 if lines[-1] else 0)
        if used + need > width and lines[-1]:
            lines.append([])
            used, need = 0, len(text)
        lines[-1].append((text, changed))
        used += need
    return lines


def _render_line(line: list[Token], width: int, colour: str | None, safe) -> str:
    parts, used = [], 0
    for n, (text, changed) in enumerate(line):
        shown = safe(text)
        if n:
            parts.append(" ")
            used += 1
        parts.append(f"{colour}{shown}{RESET}" if colour and changed else shown)
        used += len(text)
    return "".join(parts) + " " * (width - used)


def _legend(width: int) -> list[str]:
    """The marker legend in lines of at most ``width`` characters."""
    lines = [""]
    for part in LEGEND.split(" · "):
        joined = f"{lines[-1]} · {part}" if lines[-1] else part
        if len(joined) > width and lines[-1]:
            lines.append(part)
        else:
            lines[-1] = joined
    return lines


def _title(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def render(
    comparison: Comparison,
    width: int,
    colour: bool = False,
    safe: Callable[[str], str] = str,
) -> list[str]:
    """The comparison as lines of at most ``width`` characters (colour codes not counted)."""
    width = max(width, MIN_WIDTH)
    column = (width - GUTTER - len(GAP)) // 2
    left, right = comparison.left, comparison.right
    out = [
        " " * GUTTER
        + _title(safe(left.title), column).ljust(column)
        + GAP
        + _title(safe(right.title), column),
        f"reuse: {comparison.reuse.left:.0%} of the left has a counterpart on the right, "
        f"{comparison.reuse.right:.0%} of the right on the left",
        *_legend(width),
        "─" * width,
    ]
    infos = row_infos(comparison)
    for row, info in zip(comparison.rows, infos, strict=True):
        left_changed = [(c.left.start, c.left.end) for c in row.changes]
        right_changed = [(c.right.start, c.right.end) for c in row.changes]
        left_lines = _wrap(_tokens(left, row.left, left_changed), column) if row.left else []
        right_lines = _wrap(_tokens(right, row.right, right_changed), column) if row.right else []
        marker = info.marker + " "
        gutter = f"{YELLOW}{marker}{RESET}" if colour and info.discrepancy else marker
        for n in range(max(len(left_lines), len(right_lines))):
            a = left_lines[n] if n < len(left_lines) else []
            b = right_lines[n] if n < len(right_lines) else []
            line = (
                (gutter if n == 0 else "  ")
                + _render_line(a, column, RED if colour else None, safe)
                + GAP
                + _render_line(b, column, GREEN if colour else None, safe).rstrip()
            )
            out.append(line)
        out.append("")
    if comparison.discrepancies:
        out.append("Discrepancies:")
        for d in comparison.discrepancies:
            note = safe(f"  ! {describe(d)}")
            out.append(f"{YELLOW}{note}{RESET}" if colour else note)
    if comparison.quotes:
        out.append("Shared quotations:")
        for q in comparison.quotes:
            mark = "=" if q.exact else "≈"
            note = safe(f"  {mark} “{q.left.text}” / “{q.right.text}”")
            out.append(f"{DIM}{note}{RESET}" if colour else note)
    return out
