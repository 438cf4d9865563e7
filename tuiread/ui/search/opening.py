"""A search result opened in the reader: its hits are the reader's trail, drawn in the theme's
warning colour, and the reader pane's subtitle says where the cursor is among them."""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.theme import Theme

from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.trail import HitPosition, Trail

SEARCH_LAYER = Layer("search", "hits")


def hit_style(theme: Theme) -> Style:
    """Hits in the reader: the theme's warning colour behind readable text."""
    background = Color.parse(theme.warning or theme.accent or "yellow")
    return Style(bgcolor=background.rich_color,
                 color=background.get_contrast_text(1.0).rich_color)


def trail_line(trail: Trail, position: HitPosition | None, back: str = "") -> str:
    """``hit 2 of 5 · n next · N previous · esc back`` (or why there is nothing to mark)."""
    tail = f" · {back}" if back else ""
    if position is None:
        if trail.what == "hit":
            # The query matched other fields only (source:, entity:, words of the title).
            return f"nothing to mark in the text{tail}"
        return f"no {trail.what} in this article{tail}"
    return f"{trail.what} {position.number} of {position.total} · n next · N previous{tail}"
