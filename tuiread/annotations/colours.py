"""Highlight colours: how an annotation looks, not what it says.

The annotation dialog offers these names as labels. A label that is one of them is the reader's
choice of colour, and stays out of citations and out of the W3C "classifying" body; any other
label was typed by the reader and is content.
"""

from __future__ import annotations

# In the order the dialog offers them; the first is what a quick highlight gets.
HIGHLIGHT_COLOURS = ("yellow", "green", "blue", "red", "purple")


def is_colour(label: str) -> bool:
    return label.strip().casefold() in HIGHLIGHT_COLOURS


def content_label(label: str) -> str:
    """The label as content: '' when it only names a highlight colour."""
    return "" if is_colour(label) else label.strip()


def colour_of(label: str) -> str | None:
    """The highlight colour a label names, else None."""
    return label.strip().casefold() if is_colour(label) else None
