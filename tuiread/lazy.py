"""A package's public names, each imported from its module when first asked for.

``from tuiread.corpus import Article`` then imports ``corpus/model.py`` alone instead of the
whole package: every subcommand pays for its imports before it does any work, and ``tuiread
list`` needs neither the search engine nor the lemmatiser. Type checkers read the same names
from the package's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


def lazy_names(package: str, modules: Mapping[str, str]
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` for ``package``, whose public names
    live in the modules given (name -> module name within the package)."""

    def __getattr__(name: str) -> object:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        # Kept on the package, so the next look-up is an ordinary attribute.
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(modules))

    return __getattr__, __dir__


def made_once(factory: Callable[[], T]) -> Callable[[], T]:
    """A function giving what ``factory`` makes, made on the first call only, even when several
    threads ask at once (the app's workers share the lemmatiser and its tables)."""
    made: list[T] = []
    lock = threading.Lock()

    def get() -> T:
        if not made:
            with lock:
                if not made:
                    made.append(factory())
        return made[0]

    return get
