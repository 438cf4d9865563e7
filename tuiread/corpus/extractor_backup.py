"""The main pass's backup of the cleaned tree, made only on the pages that read it.

trafilatura's ``extract_content`` starts with a deep copy of the cleaned tree, kept for the
recovery of "wild" paragraphs when the main pass finds too little: on news pages one run in eight
reads it, and the copy costs about as much as parsing the page's markup once more. The cleaned
tree is itself made by a fixed recipe from the pruned page (trafilatura's ``tree_cleaning`` and
``convert_tags`` on a copy), which the main pass does not touch: the same recipe, run again when
the backup is first read, gives the same tree, element for element.

The caller registers the cleaned tree and its recipe around its call of the main pass
(:func:`backup_made_when_read`); the main pass's ``deepcopy`` then hands back a
:class:`DeferredTree` for that tree only (every other copy it makes is a real one), and the two
places that read the backup get the tree itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy

from lxml.html import HtmlElement

# The tree registered by the running main pass, per thread (the app reads pages in workers).
_pending = threading.local()


class DeferredTree:
    """A copy of the cleaned tree, made by its recipe when first read."""

    __slots__ = ("_make", "_tree")

    def __init__(self, make: Callable[[], HtmlElement]) -> None:
        self._make = make
        self._tree: HtmlElement | None = None

    def resolve(self) -> HtmlElement:
        if self._tree is None:
            self._tree = self._make()
        return self._tree

    def iter(self, *tags: object) -> Iterator:
        return self.resolve().iter(*tags)


@contextmanager
def backup_made_when_read(cleaned: HtmlElement, remake: Callable[[], HtmlElement]):
    """Within this block, the main pass's backup of ``cleaned`` is ``remake()``, when read."""
    _pending.tree = (cleaned, remake)
    try:
        yield
    finally:
        _pending.tree = None


def deferred_deepcopy(value: object, memo: dict | None = None) -> object:
    """``copy.deepcopy``, except for the registered cleaned tree (once): its deferred copy."""
    pending = getattr(_pending, "tree", None)
    if pending is not None and value is pending[0]:
        _pending.tree = None
        return DeferredTree(pending[1])
    return deepcopy(value, memo)


def resolving(function: Callable) -> Callable:
    """``function`` with a deferred tree as its first argument made first."""

    def call(tree: object, *args: object, **kwargs: object) -> object:
        if isinstance(tree, DeferredTree):
            tree = tree.resolve()
        return function(tree, *args, **kwargs)

    call.__name__ = getattr(function, "__name__", "call")
    call.__wrapped__ = function
    return call
