"""Going to a place in the reader and back to where the user came from.

Every "open the reader here" (a search result, an entity mention, a comparison row, an
annotation) names a :class:`Place`; the view it came from goes on the :class:`BackStack`, kept
alive (installed) so that going back shows it exactly as it was: the same row, the same scroll,
the same query. Esc or Backspace in the reader goes back one step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import count
from typing import Any

from textual.app import App
from textual.screen import Screen

# Views kept for going back; older ones are let go (a browser's history is longer, but each of
# these holds a whole screen and its widgets).
BACK_DEPTH = 10
_names = count(1)


@dataclass(frozen=True, slots=True)
class Place:
    """Where to put the reader's cursor: the sentence holding raw ``offset``, or sentence
    number ``sentence`` (neither: where the article was last left)."""

    offset: int | None = None
    sentence: int | None = None


@dataclass(slots=True)
class _Visit:
    name: str
    screen: Screen
    on_result: Callable[[Any], None]
    owned: bool  # installed by the stack (uninstalled when let go)


class BackStack:
    """Sub-views are opened through :meth:`visit`, which keeps them installed while the user
    may come back; :meth:`remember` (when one leads to the reader) puts one on the stack."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._visits: dict[int, _Visit] = {}  # id(screen) -> how it was opened
        self._entries: list[_Visit] = []

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def visit(self, screen: Screen, on_result: Callable[[Any], None],
              name: str | None = None) -> None:
        """Push ``screen``; ``on_result`` takes what it is dismissed with (None is not passed
        on). ``name``: the name the app installed it by, if it keeps it itself."""
        known = self._visits.get(id(screen))
        if known is None:
            owned = name is None
            if name is None:
                name = f"back-{next(_names)}"
                self.app.install_screen(screen, name)
            known = self._visits[id(screen)] = _Visit(name, screen, on_result, owned)
        known.on_result = on_result
        if self.app.screen is not screen:
            self.app.push_screen(known.name, partial(self._returned, known))

    def _returned(self, visit: _Visit, result: Any) -> None:
        if result is not None:
            visit.on_result(result)
        elif visit not in self._entries:
            self.app.call_later(self._let_go, visit)  # closed: nothing comes back to it

    def remember(self, screen: Screen) -> None:
        """``screen`` (opened with :meth:`visit`) just led to the reader: Esc comes back."""
        visit = self._visits.get(id(screen))
        if visit is None:
            return
        if visit in self._entries:
            self._entries.remove(visit)  # it moves to the top
        self._entries.append(visit)
        while len(self._entries) > BACK_DEPTH:
            self._let_go(self._entries.pop(0))

    def back(self) -> bool:
        """Show the last view left (False: there is none)."""
        if not self._entries:
            return False
        visit = self._entries.pop()
        self.visit(visit.screen, visit.on_result)
        return True

    def _let_go(self, visit: _Visit) -> None:
        if visit in self._entries or visit.screen in self.app.screen_stack:
            return
        self._visits.pop(id(visit.screen), None)
        if visit.owned and self.app.is_screen_installed(visit.screen):
            self.app.uninstall_screen(visit.screen)
