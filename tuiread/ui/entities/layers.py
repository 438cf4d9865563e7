"""The reader layers of a jump to an entity's mention: light enough for the first screen, which
draws them before the entity code is loaded (the kind colours are in ``marks``)."""

from __future__ import annotations

from rich.style import Style

from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader import Reader

OWNER = "entities"
# The mention a jump from the panel landed on: drawn until the cursor leaves its sentence.
FOUND_LAYER = Layer(OWNER, "found")
FOUND_STYLE = Style(reverse=True, bold=True)
# The other mentions of that entity in the article, which n / N step through.
MENTIONS_LAYER = Layer(OWNER, "mentions")
MENTIONS_STYLE = Style(underline=True)


def clear_found_if_left(reader: Reader) -> None:
    """The jumped-to mention is boxed until the cursor leaves its sentence."""
    found = reader.highlight_spans(FOUND_LAYER)
    cursor = reader.cursor_span
    if found and cursor is not None and not any(
        cursor.start <= span.start < cursor.end for span in found
    ):
        reader.clear_highlights(FOUND_LAYER)
