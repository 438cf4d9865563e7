"""The subcommands, in the order ``--help`` lists them: (name, function adding its parser).

Each command's module is imported when its parser is added, so ``tuiread list`` never imports
the search engine or the annotation store: process start counts toward every command's time.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

Register = Callable[[argparse._SubParsersAction], argparse.ArgumentParser]


def _lazy(module: str, function: str) -> Register:
    def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
        found = importlib.import_module(f"tuiread.commands.{module}")
        return getattr(found, function)(subparsers)

    register.__name__ = function
    return register


COMMANDS: list[tuple[str, Register]] = [
    ("list", _lazy("corpus_cmds", "register_list")),
    ("show", _lazy("corpus_cmds", "register_show")),
    ("locate", _lazy("locate", "register_locate")),
    ("keys", _lazy("locate", "register_keys")),
    ("search", _lazy("search_cmds", "register_search")),
    ("index", _lazy("search_cmds", "register_index")),
    ("diff", _lazy("compare_cmds", "register_diff")),
    ("related", _lazy("compare_cmds", "register_related")),
    ("trace", _lazy("compare_cmds", "register_trace")),
    ("discrepancies", _lazy("compare_cmds", "register_discrepancies")),
    ("annotate", _lazy("annotation_cmds", "register_annotate")),
    ("notes", _lazy("annotation_cmds", "register_notes")),
    ("export", _lazy("annotation_cmds", "register_export")),
    ("import", _lazy("annotation_cmds", "register_import")),
    ("entities", _lazy("entity_cmds", "register_entities")),
    ("mentions", _lazy("entity_cmds", "register_mentions")),
    ("add", _lazy("web_cmds", "register_add")),
]
