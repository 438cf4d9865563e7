"""The message that brings anchored annotations back from a worker to the screen that asked."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tuiread.annotations.service import Anchoring


@dataclass
class AnchorsReady(Message):
    """A worker anchored an article's annotations (posted to the screen that asked)."""

    result: Anchoring
