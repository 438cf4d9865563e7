"""Importing Whoosh without the standard modules it loads for features tuiread never uses.

Three of Whoosh's modules import, when they load, something only a feature we never call needs:
``whoosh.compat`` imports ``urllib.request`` (for a download helper) and ``html`` (for an escape
function), ``whoosh.reading`` imports ``cached_property``, which imports ``asyncio`` (for
coroutine properties), and ``whoosh.query.terms`` imports the English morphology tables (for the
``Variations`` query). Together that is about a quarter of a second of every search's start on
this machine, more than the search itself. While each of those three modules executes, the
modules it would load are stand-ins (:class:`_StandIn`); once it has run they are taken out of
``sys.modules`` again, so any later import gets the real module, and a stand-in kept by Whoosh
imports the real module the first time one of its names is used.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import inspect
import sys
import threading
from collections.abc import Callable
from types import ModuleType


def _deferred(module: str, name: str) -> Callable:
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def _iscoroutinefunction(func) -> bool:
    """``asyncio.iscoroutinefunction``, which ``cached_property`` asks of every property it
    computes: False for a plain function (the only kind Whoosh has) without loading asyncio."""
    if not inspect.iscoroutinefunction(func) and not hasattr(func, "_is_coroutine"):
        return False
    return importlib.import_module("asyncio").iscoroutinefunction(func)


# Whoosh's module -> {module it loads: names it takes from it or uses (None: the real one's,
# imported when first called)}.
STAND_INS: dict[str, dict[str, dict[str, Callable | None]]] = {
    "whoosh.compat": {"urllib.request": {"urlretrieve": None}, "html": {"escape": None}},
    "whoosh.reading": {"asyncio": {"iscoroutinefunction": _iscoroutinefunction}},
    "whoosh.query.terms": {"whoosh.lang.morph_en": {"variations": None}},
}


class _StandIn(ModuleType):
    """Module ``name`` until it is needed: each of ``names`` is the function given, else calls
    the real one; any other name is looked up in the real module (imported then)."""

    def __init__(self, name: str, names: dict[str, Callable | None]):
        super().__init__(name)
        for each, given in names.items():
            setattr(self, each, given or _deferred(name, each))

    def __getattr__(self, attribute: str):
        if attribute.startswith("__") or sys.modules.get(self.__name__) is self:
            raise AttributeError(attribute)  # (asked while it still stands in)
        return getattr(importlib.import_module(self.__name__), attribute)


class _WithStandIns(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader,
                 stand_ins: dict[str, dict[str, Callable | None]]):
        self._loader = loader
        self._stand_ins = stand_ins

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        placed = {name: _StandIn(name, names) for name, names in self._stand_ins.items()
                  if name not in sys.modules}
        sys.modules.update(placed)
        try:
            self._loader.exec_module(module)
        finally:
            for name, stand_in in placed.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the modules of ``STAND_INS`` as the path finder does, loaded with stand-ins."""

    def find_spec(self, fullname, path, target=None):
        stand_ins = STAND_INS.get(fullname)
        if stand_ins is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _WithStandIns(spec.loader, stand_ins)
        return spec


_installed = threading.Lock()


def install() -> None:
    """Load Whoosh's modules with stand-ins from now on (once; nothing is imported now)."""
    with _installed:
        if any(isinstance(finder, _Finder) for finder in sys.meta_path):
            return
        if any(name in sys.modules for name in STAND_INS):
            return  # Whoosh is loaded already: nothing to gain
        sys.meta_path.insert(0, _Finder())
