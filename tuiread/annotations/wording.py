"""Where an annotation stands, in words a reader understands (the panel, the reader, exports)."""

from __future__ import annotations

from tuiread.annotations.model import Anchor, AnchorState


def state_words(anchor: Anchor) -> str:
    """E.g. "found", "found after the text changed (96%)", "text no longer in the article"."""
    if anchor.state is AnchorState.EXACT:
        return "found"
    if anchor.state is AnchorState.MOVED:
        return "found after the text changed"
    if anchor.state is AnchorState.FUZZY:
        return f"found after the text changed ({anchor.score:.0%})"
    if anchor.state is AnchorState.ORPHANED:
        return "text no longer in the article"
    return "article not in the corpus opened"
