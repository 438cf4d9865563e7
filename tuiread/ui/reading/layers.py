"""What a reader or comparison view draws over the text: named layers of raw-offset spans.

A layer is named by the feature that owns it and a name of that feature's choosing (an annotation
colour, an entity kind), so features never parse each other's names and one feature can drop all
of its layers at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Layer:
    owner: str  # the feature drawing it: "annotations", "entities", "search", "find"
    name: str = ""
