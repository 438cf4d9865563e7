"""How entities look in the app: a colour per kind, and the reader's underline layers.

Mentions are underlined in their kind's colour, one highlight layer per kind, so a reader sees at
a glance who is a person and what is a place. The colours come in a dark and a light set (the
theme decides), each readable on that background.
"""

from __future__ import annotations

from rich.style import Style

from tuiread.entities import Kind
from tuiread.entities.service import EntityService
from tuiread.ui.entities.layers import (  # noqa: F401 (the marks of entities, in one place)
    FOUND_LAYER,
    FOUND_STYLE,
    MENTIONS_LAYER,
    MENTIONS_STYLE,
    OWNER,
    clear_found_if_left,
)
from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader import Reader

# Text colours per kind: GitHub's "primer" scale, step 3 for dark themes and step 6 for light
# ones, chosen there for contrast on those backgrounds.
KIND_COLOURS_DARK: dict[Kind, str] = {
    Kind.PERSON: "#ffa657",
    Kind.PLACE: "#7ee787",
    Kind.ORG: "#79c0ff",
    Kind.OTHER: "#d2a8ff",
}
KIND_COLOURS_LIGHT: dict[Kind, str] = {
    Kind.PERSON: "#bc4c00",
    Kind.PLACE: "#116329",
    Kind.ORG: "#0550ae",
    Kind.OTHER: "#8250df",
}


def kind_colour(kind: Kind, dark: bool) -> str:
    return (KIND_COLOURS_DARK if dark else KIND_COLOURS_LIGHT)[kind]


def kind_style(kind: Kind, dark: bool, underline: bool = False) -> Style:
    return Style(color=kind_colour(kind, dark), underline=underline)


def layer_name(kind: Kind) -> Layer:
    return Layer(OWNER, str(kind))


UNDERLINE_LAYERS = tuple(layer_name(kind) for kind in Kind)


def paint_underlines(reader: Reader, service: EntityService, on: bool, dark: bool) -> None:
    """Underline the mentions in the reader's article in their kinds' colours (``on``), or take
    the underlines away."""
    catalog = service.ready
    if not on or catalog is None or reader.article is None:
        for layer in UNDERLINE_LAYERS:
            reader.clear_highlights(layer)
        return
    for kind, spans in service.article_spans(reader.article.id).items():
        reader.set_highlights(layer_name(kind), spans, kind_style(kind, dark, underline=True))


def legend(dark: bool) -> str:
    """The kinds in their colours, as markup (built from the kinds and colours only)."""
    return "  ".join(f"[{kind_colour(kind, dark)} underline]{kind}[/]" for kind in Kind)
