"""A first ``tuiread index``'s entity names, found beside its build.

The entity catalog is grouped on one core (about 10 s at 22,250 articles) and the build needs
its names. Grouped in a thread while the build's worker processes index their first documents
without names (``search.late_names``), the other core is not left idle meanwhile; the names go
to the workers the moment they are known, before the catalog's snapshot is written.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from tuiread.commands.common import warn
from tuiread.errors import TuireadError
from tuiread.search.late_names import LateNames

if TYPE_CHECKING:
    from tuiread.commands.index_warm import FollowUp
    from tuiread.search import SearchIndex
    from tuiread.workspace import Workspace


class NamesBeside:
    """Groups the catalog in a thread; the index builds with ``LateNames`` meanwhile."""

    def __init__(self, workspace: Workspace, index: SearchIndex,
                 follow_up: FollowUp | None) -> None:
        self.late = LateNames()
        self._index = index
        self._workspace = workspace
        self._follow_up = follow_up
        self._named = False
        self._failure: BaseException | None = None
        index.set_entities(self.late)
        # A daemon: an interrupted command does not wait for the grouping to end.
        self._thread = threading.Thread(target=self._run, name="tuiread-entity-names",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._workspace.give_index_entity_names(known=self.late.give)
            self._named = True
        except TuireadError as exc:
            warn(f"entity names not updated: {exc}")
        # Anything else is raised again by ``join``, in the command's own thread.
        except BaseException as exc:  # noqa: BLE001
            self._failure = exc
        finally:
            if not self.late.ready:
                self.late.give(None)  # (the workers index without names rather than wait)
            if self._follow_up is not None:
                self._follow_up.names_given(self._named)

    def join(self) -> bool:
        """Wait for the grouping; whether the names were given (what it raised is raised)."""
        self._thread.join()
        if self._index.entities is self.late:  # (a build that stopped before it took them)
            self._index.set_entities(self.late.wait())
        if self._failure is not None:
            raise self._failure
        return self._named
