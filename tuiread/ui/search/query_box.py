"""The search query box: an Input whose up and down keys walk the history of queries.

The history is a list shared with the app's state (oldest first), so what is added here is saved
with the rest of the UI state and is there again on the next run.
"""

from __future__ import annotations

from textual.widgets import Input

from tuiread.ui.bindings import bindings

# Queries kept; older ones are forgotten.
HISTORY_LIMIT = 100


class QueryHistory:
    """Walking back and forth through earlier queries, like a shell's history."""

    def __init__(self, entries: list[str], limit: int = HISTORY_LIMIT) -> None:
        self.entries = entries  # shared with the caller, who saves it
        self.limit = limit
        self._position = len(entries)
        self._draft = ""  # what was typed before walking back

    def add(self, query: str) -> bool:
        """Remember ``query`` as the latest (once); True if the history changed."""
        query = query.strip()
        changed = bool(query) and not (self.entries and self.entries[-1] == query)
        if changed:
            if query in self.entries:
                self.entries.remove(query)
            self.entries.append(query)
            del self.entries[: max(0, len(self.entries) - self.limit)]
        self.reset()
        return changed

    def reset(self) -> None:
        self._position = len(self.entries)

    def back(self, current: str) -> str | None:
        """The query before the one shown (None at the oldest)."""
        if self._position > len(self.entries):
            self._position = len(self.entries)
        if self._position == len(self.entries):
            self._draft = current
        if self._position == 0:
            return None
        self._position -= 1
        return self.entries[self._position]

    def forward(self) -> str | None:
        """The query after the one shown; what was being typed after the latest; None there."""
        if self._position >= len(self.entries):
            return None
        self._position += 1
        return self.entries[self._position] if self._position < len(self.entries) else self._draft


class QueryBox(Input):
    BINDINGS = bindings("search.history_back", "search.history_forward")

    def __init__(self, history: QueryHistory, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history = history

    def action_history_back(self) -> None:
        self._show(self.history.back(self.value))

    def action_history_forward(self) -> None:
        self._show(self.history.forward())

    def _show(self, query: str | None) -> None:
        if query is None:
            self.app.bell()
            return
        self.value = query
        self.cursor_position = len(query)
