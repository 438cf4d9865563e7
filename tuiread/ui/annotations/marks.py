"""How annotations look in a reader, and the messages a reader sends to have text annotated.

An annotation's label is its colour: the labels offered are the colour names of
:data:`LABEL_COLOURS`; any other label (typed on the command line, or imported) gets one of those
colours by a stable hash of its name. Each colour is one highlight layer of the reader, a tint
blended over the reader's background, so it reads well in dark and light themes; the
annotations under the sentence cursor are also underlined, to show which one ``m`` opens.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from rich.style import Style
from textual.color import Color
from textual.message import Message

from tuiread.annotations import Anchored
from tuiread.corpus import Article, Span

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
LAYER_PREFIX = "annotations:"
CURRENT_LAYER = LAYER_PREFIX + "current"


def colour_name(label: str) -> str:
    """The colour a label is drawn in (an unknown label: a stable pick from the palette)."""
    label = label.strip()
    if not label:
        return DEFAULT_LABEL
    if label.casefold() in LABEL_COLOURS:
        return label.casefold()
    names = list(LABEL_COLOURS)
    return names[zlib.crc32(label.encode("utf-8", "surrogatepass")) % len(names)]


def layer_name(label: str) -> str:
    return LAYER_PREFIX + colour_name(label)


def tint(label: str, base: Color) -> Style:
    """The background an annotation with ``label`` gets on a widget whose background is
    ``base``."""
    colour = base.blend(Color.parse(LABEL_COLOURS[colour_name(label)]), TINT)
    return Style(bgcolor=colour.rich_color)


def swatch(label: str) -> Style:
    """The label's colour as text colour (for the dialog and the panel)."""
    return Style(color=LABEL_COLOURS[colour_name(label)])


def layers(items: list[Anchored]) -> dict[str, list[tuple[int, int]]]:
    """Every colour layer (empty ones too, so stale spans are cleared) with its spans."""
    found: dict[str, list[tuple[int, int]]] = {LAYER_PREFIX + name: [] for name in LABEL_COLOURS}
    for item in items:
        where = item.anchor
        if where.attached:
            found[layer_name(item.annotation.label)].append((where.start, where.end))
    return found


def overlapping(items: list[Anchored], start: int, end: int) -> list[Anchored]:
    """The attached annotations overlapping raw ``[start, end)``, most overlapped first."""

    def overlap(item: Anchored) -> int:
        return min(end, item.anchor.end) - max(start, item.anchor.start)

    found = [item for item in items if item.anchor.attached and overlap(item) > 0]
    return sorted(found, key=lambda item: (-overlap(item), item.anchor.start))


def current_spans(items: list[Anchored], cursor: Span | None) -> list[tuple[int, int]]:
    if cursor is None:
        return []
    return [(i.anchor.start, i.anchor.end) for i in overlapping(items, cursor.start, cursor.end)]


CURRENT_STYLE = Style(underline=True)


@dataclass
class AnnotationMessage(Message):
    """A request or result for the app's annotator."""


@dataclass
class AnnotateRequested(AnnotationMessage):
    """Annotate raw ``[start, end)`` of ``article``: with the dialog, or at once (``quick``)."""

    article: Article
    start: int
    end: int
    quick: bool = False


@dataclass
class EditRequested(AnnotationMessage):
    """Open the annotation overlapping raw ``[start, end)`` of ``article`` most."""

    article: Article
    start: int
    end: int


def annotate_request(article: Article, start: int, end: int,
                     quick: bool = False) -> AnnotateRequested | None:
    """A request to annotate raw ``[start, end)`` without the spaces around it (None when it
    holds only spaces): for views other than the reader, e.g. one side of a comparison row."""
    chunk = article.text[start:end]
    start += len(chunk) - len(chunk.lstrip())
    end -= len(chunk) - len(chunk.rstrip())
    return AnnotateRequested(article, start, end, quick) if end > start else None
