"""The annotation store as the annotation commands open it: refusing what would hide or lose
saved annotations."""

from __future__ import annotations

from tuiread import locations
from tuiread.annotations import Store, StoreMode, open_store
from tuiread.commands.common import warn
from tuiread.errors import TuireadError


def command_store(for_writing: bool) -> Store:
    """The store; raises when a change could not be saved, or when saved annotations exist but
    cannot be read (listing or exporting none would hide them)."""
    store = open_store()
    if for_writing and store.mode is not StoreMode.WRITABLE:
        # A read-only store refuses changes; an in-memory one would forget them on exit.
        store.close()
        raise TuireadError(f"annotations cannot be saved: {store.notice}")
    if store.mode is StoreMode.MEMORY and locations.annotations_db().exists():
        store.close()
        raise TuireadError(f"the saved annotations cannot be read: {store.notice}")
    if store.notice:
        warn(store.notice)
    return store
