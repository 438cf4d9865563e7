"""The cycle collector during one command.

At 100,000 articles an opened corpus (and the entity catalog) is about a million objects that
live until the command ends. Each full collection of the cycle collector walks all of them again
(0.2-0.3 s each at x45), and building an answer from thousands of rows (entities, mentions,
contexts) triggers several. ``settle()`` moves what exists now out of its reach; everything is
still freed by reference counting, and objects made later are collected as usual.

``held()`` goes further for the span of an answer made of tens of thousands of new objects that
hold no cycles (a mention listing: mentions, contexts, their lines): no collection at all runs
inside it, since every pass would walk the young lists made so far again for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """Keep the objects alive now (an opened corpus, a read catalog) out of the collector's
    passes for the rest of the process."""
    gc.freeze()


@contextmanager
def held() -> Iterator[None]:
    """No cycle collection inside (what exists is settled first); the collector runs as before
    after it, and frees any cycle made meanwhile."""
    settle()
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
