"""How entities look in the app: a colour per kind, the reader's underline layers, and the
messages the catalog's worker and decisions send to the app.

Mentions are underlined in their kind's colour, one highlight layer per kind, so a reader sees at
a glance who is a person and what is a place. The colours come in a dark and a light set (the
theme decides), each readable on that background.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.message import Message

from tuiread.entities import ArticleMention, Decision, Entity, EntityCatalog, Kind

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
LAYER_PREFIX = "entities:"
# The mention a jump from the panel landed on: drawn until the cursor leaves its sentence.
FOUND_LAYER = LAYER_PREFIX + "found"
FOUND_STYLE = Style(reverse=True, bold=True)


def kind_colour(kind: Kind, dark: bool) -> str:
    return (KIND_COLOURS_DARK if dark else KIND_COLOURS_LIGHT)[kind]


def kind_style(kind: Kind, dark: bool, underline: bool = False) -> Style:
    return Style(color=kind_colour(kind, dark), underline=underline)


def layer_name(kind: Kind) -> str:
    return LAYER_PREFIX + str(kind)


UNDERLINE_LAYERS = tuple(layer_name(kind) for kind in Kind)


def article_spans(catalog: EntityCatalog, article_id: str) -> dict[Kind, list[tuple[int, int]]]:
    """The raw spans of every entity mention in one article, by the kind of its entity (a
    decision that changed the kind counts, not what extraction guessed)."""
    spans: dict[Kind, list[tuple[int, int]]] = {kind: [] for kind in Kind}
    for entity in catalog.article_entities(article_id):
        spans[entity.kind].extend(
            (m.start, m.end) for m in entity.mentions if m.article_id == article_id
        )
    return spans


def shown_mentions(
    catalog: EntityCatalog, article_id: str, start: int, end: int
) -> list[tuple[Entity, ArticleMention]]:
    """The entities mentioned in raw ``[start, end)`` of an article, in text order, each once
    with the first of its mentions there."""
    found: dict[str, tuple[Entity, ArticleMention]] = {}
    for entity in catalog.article_entities(article_id):
        for m in entity.mentions:
            inside = m.article_id == article_id and m.start < end and m.end > start
            if inside and (entity.key not in found or m.start < found[entity.key][1].start):
                found[entity.key] = (entity, m)
    return sorted(found.values(), key=lambda pair: pair[1].start)


@dataclass
class EntityMessage(Message):
    """A result for the app's entity keeper (from a worker, posted to the app)."""


@dataclass
class CatalogProgress(EntityMessage):
    done: int
    total: int
    generation: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CatalogProgress)


@dataclass
class CatalogReady(EntityMessage):
    catalog: EntityCatalog
    generation: int


@dataclass
class CatalogFailed(EntityMessage):
    error: str
    generation: int


@dataclass
class DecisionApplied(EntityMessage):
    """A decision was recorded and ``catalog`` is the regrouped copy of the catalog the worker
    started from (swapped in on the app's thread); ``changed`` is False when it named nothing in
    this corpus. ``undone`` is set when the decision was taken back instead."""

    decision: Decision
    catalog: EntityCatalog
    changed: bool
    undone: bool = False


@dataclass
class DecisionFailed(EntityMessage):
    error: str


@dataclass
class DecisionRequested(EntityMessage):
    """The panel confirmed a correction: record it (``value`` as the core's ``decide`` takes)."""

    action: str
    subject: str
    value: str | None = None


@dataclass
class UndoRequested(EntityMessage):
    """Take back the last decision (after a confirmation)."""
