"""The modules the first screen does without, imported in a worker once it is drawn.

The app starts on the imports of what its first screen draws (see ``Services``): the search
engine, the entity and comparison code and the other screens and dialogs come later. Imported
on the UI thread when first used, each would freeze it for up to a quarter of a second (Whoosh,
simplemma); a worker imports them while the user reads the first article.
"""

from __future__ import annotations

import importlib

from tuiread.pacing import pace

LATER = (
    "tuiread.search.service",
    "tuiread.search.index",
    "tuiread.entities.service",
    "tuiread.compare.service",
    "tuiread.compare.lemmas",  # (simplemma: loaded by a comparison only for words not kept)
    "tuiread.ui.search.screen",
    "tuiread.ui.entities.marks",
    "tuiread.ui.entities.panel",
    "tuiread.ui.entities.deciding",
    "tuiread.ui.compare.picker",
    "tuiread.ui.compare.screen",
    "tuiread.ui.trace.screen",
    "tuiread.ui.annotations.dialog",
    "tuiread.ui.annotations.panel",
    "tuiread.ui.web.add_dialog",
    "tuiread.ui.web.copies_screen",
)


def import_later() -> None:
    """Import every module of ``LATER`` (in the calling thread)."""
    for name in LATER:
        pace()  # (the UI thread goes first: see ``tuiread.pacing``)
        importlib.import_module(name)
