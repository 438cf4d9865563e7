"""How annotations look in a reader and a comparison, and the messages asking for them.

An annotation's label is its colour: the labels offered are the colour names of
:data:`LABEL_COLOURS`; any other label (typed on the command line, or imported) gets one of those
colours by a stable hash of its name. Each colour is one highlight layer of the reader, a tint
blended over the reader's background, so it reads well in dark and light themes; the
annotations under the sentence cursor are also underlined, to show which one ``m`` opens.
"""

from __future__ import annotations

import zlib

from rich.style import Style
from textual.color import Color

from tuiread.annotations import Anchored
from tuiread.annotations.service import current_spans, label_spans
from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader import Reader

# Label -> colour, in the order offered; the first is what a quick highlight gets.
LABEL_COLOURS: dict[str, str] = {
    "yellow": "#ffcc00",
    "green": "#33cc33",
    "blue": "#3399ff",
    "red": "#ff3333",
    "purple": "#cc33ff",
}
DEFAULT_LABEL = "yellow"
# How much of the label colour is blended over the reader's background: enough to tell the
# colours apart at a glance, and still apart on 256-colour terminals (at 0.35 the five tints
# all fall on the same grey there), little enough that the theme's text stays readable on them.
TINT = 0.4
OWNER = "annotations"
CURRENT_LAYER = Layer(OWNER, "current")
CURRENT_STYLE = Style(underline=True)


def colour_name(label: str) -> str:
    """The colour a label is drawn in (an unknown label: a stable pick from the palette)."""
    label = label.strip()
    if not label:
        return DEFAULT_LABEL
    if label.casefold() in LABEL_COLOURS:
        return label.casefold()
    names = list(LABEL_COLOURS)
    return names[zlib.crc32(label.encode("utf-8", "surrogatepass")) % len(names)]


def tint(label: str, base: Color) -> Style:
    """The background an annotation with ``label`` gets on a widget whose background is
    ``base``."""
    colour = base.blend(Color.parse(LABEL_COLOURS[colour_name(label)]), TINT)
    return Style(bgcolor=colour.rich_color)


def swatch(label: str) -> Style:
    """The label's colour as text colour (for the dialog and the panel)."""
    return Style(color=LABEL_COLOURS[colour_name(label)])


def colour_layers(items: list[Anchored]) -> dict[Layer, list[tuple[int, int]]]:
    """Every colour layer (empty ones too, so stale spans are cleared) with its spans."""
    found: dict[Layer, list[tuple[int, int]]] = {Layer(OWNER, name): [] for name in LABEL_COLOURS}
    for label, spans in label_spans(items).items():
        found[Layer(OWNER, colour_name(label))].extend(spans)
    return found


def paint_reader(reader: Reader, items: list[Anchored]) -> None:
    """Draw ``items`` (the annotations of the reader's article) and underline those under the
    selection or cursor."""
    base = reader.background_colors[1]
    for layer, spans in colour_layers(items).items():
        if spans:
            reader.set_highlights(layer, spans, tint(layer.name, base))
        else:
            reader.clear_highlights(layer)
    target = reader.selection_span or reader.cursor_span
    reader.set_highlights(CURRENT_LAYER, current_spans(items, target), CURRENT_STYLE)
