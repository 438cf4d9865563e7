"""Small UI state remembered between runs: the theme, the last article read in each corpus,
the search history, the list's sort order and whether the list is hidden.

Kept as JSON in ``locations.state_file()`` and written atomically. The file is a convenience: a
missing one starts fresh silently, an unreadable one is moved aside (so nothing is lost) and the
caller is told why it starts fresh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuiread import locations
from tuiread.fileio import atomic_write_text

STATE_VERSION = 1


@dataclass(slots=True)
class UIState:
    theme: str | None = None
    # corpus key (locations.corpus_key) -> id of the article last shown
    last_article: dict[str, str] = field(default_factory=dict)
    # queries run in the search screen, oldest first
    search_history: list[str] = field(default_factory=list)
    # the article list's order as the user last chose it (None: the settings' default)
    sort: str | None = None
    reverse: bool | None = None
    # the list hidden for a full-width reader
    list_hidden: bool = False
    # the export dialog's last choices: "format", "template", "folder"
    export: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "theme": self.theme, "last_article": self.last_article,
                "search_history": self.search_history, "sort": self.sort,
                "reverse": self.reverse, "list_hidden": self.list_hidden,
                "export": self.export}


class StateFileError(ValueError):
    """The state file holds something other than what this module writes."""


def _parse(data: Any) -> UIState:
    if not isinstance(data, dict):
        raise StateFileError("expected a JSON object")
    version = data.get("version")
    if not isinstance(version, int) or version > STATE_VERSION:
        raise StateFileError(f"unknown version {version!r}")
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise StateFileError("theme: expected a string")
    last = data.get("last_article", {})
    if not isinstance(last, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in last.items()
    ):
        raise StateFileError("last_article: expected a mapping of strings")
    history = data.get("search_history", [])
    if not isinstance(history, list) or not all(isinstance(q, str) for q in history):
        raise StateFileError("search_history: expected a list of strings")
    sort = data.get("sort")
    if sort is not None and not isinstance(sort, str):
        raise StateFileError("sort: expected a string")
    reverse = data.get("reverse")
    if reverse is not None and not isinstance(reverse, bool):
        raise StateFileError("reverse: expected true or false")
    hidden = data.get("list_hidden", False)
    if not isinstance(hidden, bool):
        raise StateFileError("list_hidden: expected true or false")
    export = data.get("export", {})
    if not isinstance(export, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in export.items()
    ):
        raise StateFileError("export: expected a mapping of strings")
    return UIState(theme=theme, last_article=dict(last), search_history=list(history),
                   sort=sort, reverse=reverse, list_hidden=hidden, export=dict(export))


class StateStore:
    """Reads and writes :class:`UIState` at one path (the user's state file by default)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or locations.state_file()

    def load(self) -> tuple[UIState, str | None]:
        """The saved state, and a message for the user when the file could not be used."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return UIState(), None
        except (OSError, UnicodeDecodeError) as exc:
            return UIState(), f"could not read {self.path} ({exc}); starting with fresh UI state"
        try:
            return _parse(json.loads(text)), None
        except (json.JSONDecodeError, StateFileError) as exc:
            return UIState(), self._set_aside(str(exc))

    def _set_aside(self, reason: str) -> str:
        bad = self.path.with_name(self.path.name + ".bad")
        try:
            self.path.replace(bad)
        except OSError as exc:
            return f"{self.path} is damaged ({reason}) and could not be moved aside ({exc})"
        return f"{self.path} was damaged ({reason}); kept it as {bad.name} and started fresh"

    def save(self, state: UIState) -> None:
        """Write ``state`` atomically. Raises OSError when the file cannot be written."""
        atomic_write_text(self.path, json.dumps(state.to_json(), indent=2, sort_keys=True) + "\n")
