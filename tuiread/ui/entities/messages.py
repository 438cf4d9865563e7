"""The messages of the entity features: a correction asked for by the panel, and the results
of the workers that build the catalog (to the app) and make corrections (to the panel)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # (the entity code is imported by the workers that use it, not at start-up)
    from tuiread.entities.service import Built, Changed


@dataclass
class CatalogProgress(Message):
    done: int
    total: int
    generation: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CatalogProgress)


@dataclass
class CatalogBuilt(Message):
    built: Built


@dataclass
class DecisionDone(Message):
    """A correction or its undoing ended (in the service's catalog already)."""

    outcome: Changed


@dataclass
class DecisionRequested(Message):
    """The panel confirmed a correction: record it (``value`` as the core's ``decide`` takes)."""

    action: str
    subject: str
    value: str | None = None


@dataclass
class UndoRequested(Message):
    """Take back the last decision (after a confirmation)."""
