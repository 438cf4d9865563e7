"""A search run before the index is checked against the corpus walk, and kept only if the check
confirms it.

``tuiread search`` at 100,000 articles spends about as long on its query as on the walk that
says whether the index is up to date. :func:`search_ahead` runs the query while the walk is under
way (in a child process, see ``corpus.walk_ahead``), taking each hit's file to be where the one
corpus folder has it; :func:`confirmed` then says whether those results are the ones a search
after the check gives: nothing to update (no file added, changed or removed, no rebuild, the
entity names as indexed), and each hit's file where it was taken to be, not stale. Anything else
and the caller searches again after updating.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tuiread.search.index import SearchIndex
from tuiread.search.results import SearchResults


@dataclass(slots=True)
class _Assumed:
    """Corpus-relative path -> location, assumed from the one root; what was asked is kept."""

    root: str
    asked: dict[str, str] = field(default_factory=dict)

    def get(self, rel: str, default: str | None = None) -> str | None:
        location = self.asked.get(rel)
        if location is None:
            location = self.asked[rel] = os.path.join(self.root, rel)
        return location


@dataclass(slots=True)
class AheadResults:
    results: SearchResults
    asked: dict[str, str]  # rel -> the location each hit was given


def search_ahead(index: SearchIndex, text: str, limit: int) -> AheadResults | None:
    """The results of ``text`` from the index as it is, before ``index.check``; None when they
    cannot be worked out ahead (several roots, no readable index). Raises what
    ``SearchIndex.search`` raises."""
    if len(index.roots) != 1 or not index.usable:
        return None
    assumed = _Assumed(os.fspath(index.roots[0]))
    return AheadResults(index.search_located(assumed, text, limit), assumed.asked)


def confirmed(index: SearchIndex, ahead: AheadResults | None) -> SearchResults | None:
    """``ahead``'s results if the check just made confirms them (see the module's docstring),
    else None."""
    if ahead is None or index.needs_update or index.building:
        return None
    located = index.locate_each(ahead.asked)
    for rel, location in ahead.asked.items():
        found = located[rel]
        if found is None or found[1] or found[0] != Path(location):
            return None
    return ahead.results
