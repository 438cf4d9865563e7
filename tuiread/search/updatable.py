"""What the updater needs of the index it brings up to date (``SearchIndex`` provides it).

Named here so the updater depends on this contract and not on the index module, which calls
the updater: the two stay one-way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from whoosh import index as whoosh_index

from tuiread.corpus import Rule
from tuiread.search.documents import EntityNames
from tuiread.search.manifest import Manifest
from tuiread.search.plan import Plan


class UpdatableIndex(Protocol):
    directory: Path
    rules: list[Rule]
    signature: str
    entities: EntityNames | None
    notices: list[str]
    plan: Plan

    @property
    def documents(self) -> int: ...

    @property
    def generation(self) -> Path | None: ...

    @property
    def entity_map(self) -> Mapping[str, Sequence[str]] | None: ...

    def reload(self) -> None: ...

    def check(self) -> Plan: ...

    def replan(self, *, locked: bool = False) -> Plan: ...

    @property
    def usable(self) -> bool: ...

    def entity_changes(self, *, locked: bool = False) -> int: ...

    def names_record(self) -> tuple[str, frozenset[str]] | None: ...

    def names_to_compare(self, since: str | None, written: frozenset[str],
                         ) -> frozenset[str] | None: ...

    def problems(self) -> dict[str, str]: ...

    def _state(self, manifest: bool = True, stamps: bool = True,
               ) -> tuple[whoosh_index.Index | None, Manifest | None, str | None, str | None]:
        """The open index, its manifest (without ``stamps``: maybe without the files'
        stamps), why it is outdated and why it is damaged."""
        ...
