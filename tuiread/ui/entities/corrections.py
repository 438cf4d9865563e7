"""The entity panel's corrections: merge, split, rename, change the kind, ignore and undo.

Each asks through a dialog (the entity to merge, the spelling to split off, the new name or kind)
and, for the ones that move mentions or hide an entity, a confirmation; then it posts a
:class:`DecisionRequested` (or :class:`UndoRequested`) that the panel handles: the entity
service records it and regroups in a worker. Nothing here changes the catalog.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text

from tuiread.entities import Entity, EntityCatalog, Kind
from tuiread.ui.entities.dialogs import (
    ConfirmDialog,
    EntityPicker,
    KindDialog,
    NameDialog,
    VariantDialog,
)
from tuiread.ui.entities.messages import DecisionRequested, UndoRequested
from tuiread.ui.entities.rows import flat


def quoted(*parts: tuple[str, str]) -> Text:
    """A question with entity names in bold: ``("Merge ", ""), ("X", "bold"), ...``."""
    text = Text(end="")
    for part, style in parts:
        text.append(flat(part) if style else part, style=style)
    return text


class CorrectionsMixin:
    """For the entity panel (a screen), which provides ``catalog``, ``busy``, ``_current()``
    (the entity in view), ``_most_mentioned()`` and ``_dark()``."""

    catalog: EntityCatalog | None
    busy: str | None

    def _target(self) -> Entity | None:
        """The entity a correction applies to, when one can be made now."""
        if self.catalog is None:
            self.notify("The entities are still being found.", severity="warning", markup=False)
            return None
        if self.busy:
            self.notify(self.busy, severity="warning", markup=False)
            return None
        entity = self._current()
        if entity is None:
            self.app.bell()
        return entity

    def _request(self, action: str, subject: str, value: str | None = None) -> None:
        self.post_message(DecisionRequested(action, subject, value))

    def _confirmed(self, action: str, subject: str, value: str | None, yes: bool | None) -> None:
        if yes:
            self._request(action, subject, value)

    def _search(self, query: str, limit: int) -> list[Entity]:
        if self.catalog is None:
            return []
        return [m.entity for m in self.catalog.search(query, limit=limit)]

    def action_merge(self) -> None:
        entity = self._target()
        if entity is not None:
            first = [e for e in self._most_mentioned() if e is not entity]
            self.app.push_screen(EntityPicker(entity, self._search, first),
                                 partial(self._merge_picked, entity))

    def _merge_picked(self, entity: Entity, other: Entity | None) -> None:
        if other is None:
            return
        spellings = ", ".join(other.variant_names())
        question = quoted(("Merge ", ""), (other.name, "bold"), (" into ", ""),
                          (entity.name, "bold"), ("?", ""))
        detail = (f"Its {other.mention_count:,} mentions ({spellings}) become mentions of "
                  f"“{entity.name}”, which keeps its name. u undoes it.")
        self.app.push_screen(ConfirmDialog("Merge", question, detail, "Merge"),
                             partial(self._confirmed, "merge", entity.name, other.name))

    def action_split(self) -> None:
        entity = self._target()
        if entity is None:
            return
        if len(entity.variant_names()) < 2:
            self.notify(f"“{flat(entity.name)}” has one spelling: nothing to split off.",
                        markup=False)
            return
        self.app.push_screen(VariantDialog(entity), partial(self._split_picked, entity))

    def _split_picked(self, entity: Entity, variant: str | None) -> None:
        if variant is None:
            return
        question = quoted(("Split ", ""), (variant, "bold"), (" off ", ""),
                          (entity.name, "bold"), ("?", ""))
        detail = (f"Its {entity.variants.get(variant, 0):,} mentions become an entity of their "
                  "own. u undoes it.")
        self.app.push_screen(ConfirmDialog("Split", question, detail, "Split"),
                             partial(self._confirmed, "split", entity.name, variant))

    def action_rename(self) -> None:
        entity = self._target()
        if entity is not None:
            self.app.push_screen(NameDialog(entity), partial(self._renamed, entity))

    def _renamed(self, entity: Entity, name: str | None) -> None:
        if name is None or self.catalog is None:
            return
        other = self.catalog.find(name)
        if other is not None and other is not entity:
            self.notify(f"“{flat(name)}” is already another entity ({flat(other.name)}): "
                        "m merges the two.", severity="warning", markup=False)
            return
        self._request("rename", entity.name, name)

    def action_kind(self) -> None:
        entity = self._target()
        if entity is not None:
            self.app.push_screen(KindDialog(entity, self._dark()),
                                 partial(self._kind_picked, entity))

    def _kind_picked(self, entity: Entity, kind: Kind | None) -> None:
        if kind is not None and kind != entity.kind:
            self._request("kind", entity.name, str(kind))

    def action_ignore(self) -> None:
        entity = self._target()
        if entity is None:
            return
        question = quoted(("Ignore ", ""), (entity.name, "bold"), ("?", ""))
        detail = ("It leaves the lists, the underlines and the search index's entity field. "
                  "u undoes it; `tuiread entities unignore` too.")
        self.app.push_screen(ConfirmDialog("Ignore", question, detail, "Ignore"),
                             partial(self._confirmed, "ignore", entity.name, None))

    def action_undo(self) -> None:
        if self.busy:
            self.notify(self.busy, severity="warning", markup=False)
            return
        self.post_message(UndoRequested())
