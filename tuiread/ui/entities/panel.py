"""The entity panel: people, places and organisations found by a rough name as you type; an
entity's mentions as keyword-in-context lines; and the corrections (merge, split, rename, kind,
ignore, undo), each after a dialog.

The panel returns the mention to read as a typed result (``OpenMention``). Corrections are
messages the panel handles itself: the entity service records them and regroups the catalog in a
worker the panel starts (:mod:`tuiread.ui.entities.deciding`). The panel follows the service
through the app's ``entities_changed`` signal: until the catalog is built it shows the progress,
and already takes typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tuiread import keymap
from tuiread.entities import ArticleMention, Entity, EntityCatalog, MentionContext
from tuiread.textsafe import displayable
from tuiread.ui.bindings import current_keys, key_display, section_bindings
from tuiread.ui.entities.corrections import CorrectionsMixin
from tuiread.ui.entities.deciding import (
    DECIDING_GROUP,
    ask_undo,
    decision_done,
    start_decision,
)
from tuiread.ui.entities.messages import DecisionDone, DecisionRequested, UndoRequested
from tuiread.ui.entities.rows import (
    entity_header,
    entity_row,
    entity_title,
    flat,
    mention_row,
    name_cells,
)
from tuiread.ui.host import host, report_failure

# Entities listed before anything is typed (the most mentioned), and for a query.
LIST_LIMIT = 200
SEARCH_LIMIT = 50
# Mentions listed for one entity; the most mentioned names of a big corpus have thousands, and
# the list is for reading, not for counting (the title gives the count).
MENTION_LIMIT = 1_000
# Row width used before the list has been laid out.
FALLBACK_ROW_CELLS = 100

ENTITIES, MENTIONS = "entities", "mentions"
HINT_ENTITIES = ("entities.open", "entities.to_list", "entities.merge", "entities.split",
                 "entities.rename", "entities.kind", "entities.ignore", "entities.undo",
                 "entities.close")
HINT_MENTIONS = ("entities.open", "entities.search", "entities.merge", "entities.split",
                 "entities.rename", "entities.kind", "entities.ignore", "entities.undo",
                 "entities.close")


@dataclass(frozen=True, slots=True)
class OpenMention:
    """Read ``article_id`` at this mention (raw offsets) of the entity ``entity_key``."""

    article_id: str
    start: int
    end: int
    entity_key: str = ""
    entity_name: str = ""


class EntityPanel(CorrectionsMixin, ModalScreen[OpenMention | None]):
    BINDINGS = section_bindings("entities")

    def __init__(
        self,
        catalog: EntityCatalog | None,
        *,
        scope: list[tuple[Entity, ArticleMention]] | None = None,
        entity: Entity | None = None,
        mention: ArticleMention | None = None,
    ) -> None:
        """``scope``: the entities listed while nothing is typed (those of a sentence), each
        with its mention there (highlighted among its mentions); ``entity`` opens on its
        mentions, with ``mention`` highlighted."""
        super().__init__()
        self.catalog = catalog
        self.scope = [e.key for e, _ in scope] if scope else None
        self.scope_mentions = {e.key: m for e, m in scope} if scope else {}
        self.view = MENTIONS if entity is not None else ENTITIES
        self.entity = entity
        self.mention = mention
        self.rows: list[Entity] = []
        self.contexts: list[MentionContext] = []
        self.busy: str | None = None
        self._by_mentions: list[Entity] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-dialog", classes="dialog"):
            yield Static(id="entity-title")
            yield Input(placeholder="Type a name: a person, place or organisation",
                        id="entity-search", compact=True)
            with Vertical(id="entity-progress"):
                yield Static(id="entity-progress-label")
                yield ProgressBar(id="entity-progress-bar", show_eta=False)
            yield Static(id="entity-columns")
            yield OptionList(id="entity-list")
            yield Static(id="entity-status")
            yield Static(id="entity-hint", classes="dialog-hint")

    @property
    def options(self) -> OptionList:
        return self.query_one("#entity-list", OptionList)

    @property
    def search_box(self) -> Input:
        return self.query_one("#entity-search", Input)

    def on_mount(self) -> None:
        self.query_one("#entity-progress").display = self.catalog is None
        self._switch(self.view)
        host(self).entities_changed.subscribe(self, lambda _none: self._follow_service())
        self._follow_service()
        self.call_after_refresh(self._show)

    def on_screen_resume(self) -> None:
        self._follow_service()

    def _follow_service(self) -> None:
        """Show what the entity service has now: its progress, its failure, or its catalog."""
        service = host(self).services.entities
        if service.catalog is None:
            if service.error is not None:
                self.set_failed(service.error)
            else:
                self.set_progress(service.status(), *service.progress)
        elif service.busy:
            self.set_busy(service.busy)
        elif service.catalog is not self.catalog or self.busy:
            self.set_catalog(service.catalog)

    @on(DecisionRequested)
    def _decision_requested(self, message: DecisionRequested) -> None:
        message.stop()
        start_decision(self, message)

    @on(UndoRequested)
    def _undo_requested(self, message: UndoRequested) -> None:
        message.stop()
        ask_undo(self)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # A correction that failed unexpectedly (the app reports it): show the catalog as the
        # service has it, no longer busy.
        report_failure(self, event)
        if event.worker.group == DECIDING_GROUP and event.state == WorkerState.ERROR:
            self._follow_service()

    @on(DecisionDone)
    def _decision_done(self, message: DecisionDone) -> None:
        decision_done(self, message.outcome)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show)

    # -- from the service -------------------------------------------------------------------

    def set_progress(self, label: str, done: int = 0, total: int = 0) -> None:
        """While the catalog is built: ``label`` and a bar (no total: a busy bar)."""
        self.query_one("#entity-progress").display = True
        self.query_one("#entity-progress-label", Static).update(Text(displayable(label), end=""))
        self.query_one("#entity-progress-bar", ProgressBar).update(
            total=total or None, progress=done)

    def set_failed(self, error: str) -> None:
        self.query_one("#entity-progress").display = False
        self._status(f"Entities could not be found: {error}", error=True)

    def set_catalog(self, catalog: EntityCatalog) -> None:
        """A new catalog, or the same one regrouped after a decision: show it, keeping the
        entity in view when it still exists."""
        self.catalog = catalog
        self.busy = None
        self._by_mentions = None
        self.query_one("#entity-progress").display = False
        self.query_one("#entity-columns").display = self.view == ENTITIES
        if self.entity is not None:
            self.entity = self._live(self.entity.key)
            if self.entity is None and self.view == MENTIONS:
                self._switch(ENTITIES)
        self._show()

    def set_busy(self, line: str) -> None:
        self.busy = line
        self._status(line)

    # -- views ------------------------------------------------------------------------------

    def _switch(self, view: str) -> None:
        self.view = view
        listing = view == ENTITIES
        self.search_box.display = listing
        self.query_one("#entity-columns").display = listing and self.catalog is not None
        self.query_one("#entity-title").display = not listing
        ids = HINT_ENTITIES if listing else HINT_MENTIONS
        self.query_one("#entity-hint", Static).update(self._hint(ids))
        (self.search_box if listing else self.options).focus()

    def _hint(self, ids: tuple[str, ...]) -> Text:
        specs = keymap.by_id()
        user_keys = host(self).user_keys
        parts = []
        for spec_id in ids:
            spec = specs[spec_id]
            keys = current_keys(spec, user_keys)
            if keys:
                parts.append(f"{key_display(self, keys[0])} {(spec.footer or spec.description)}")
        return Text(" · ".join(parts), end="")

    def _row_cells(self) -> int:
        # An option has a cell of padding on each side.
        width = self.options.scrollable_content_region.width - 2
        return width if width > 0 else FALLBACK_ROW_CELLS

    def _dark(self) -> bool:
        return self.app.current_theme.dark

    def _live(self, key: str) -> Entity | None:
        """The entity with ``key`` in the current grouping, unless ignored."""
        if self.catalog is None:
            return None
        entity = self.catalog.get(key)
        return None if entity is None or entity in self.catalog.ignored else entity

    def _show(self) -> None:
        if self.view == ENTITIES:
            self._render_entities()
        else:
            self._render_mentions()

    def _most_mentioned(self) -> list[Entity]:
        if self._by_mentions is None and self.catalog is not None:
            self._by_mentions = sorted(self.catalog.entities,
                                       key=lambda e: (-e.mention_count, e.name))[:LIST_LIMIT]
        return self._by_mentions or []

    def _render_entities(self, keep: str | None = None) -> None:
        dialog = self.query_one("#entity-dialog")
        query = self.search_box.value
        current = self._current()
        keep = keep or (current.key if current is not None else None)
        if self.catalog is None:
            self.rows = []
        elif query.strip():
            self.rows = [m.entity for m in self.catalog.search(query, limit=SEARCH_LIMIT)]
        elif self.scope is not None:
            self.rows = [e for e in map(self._live, self.scope) if e is not None]
        else:
            self.rows = self._most_mentioned()
        width, name_width = self._row_cells(), name_cells(self.rows)
        dark = self._dark()
        header = Text(" ", end="").append_text(entity_header(name_width, width))
        self.query_one("#entity-columns", Static).update(header)
        options = self.options
        options.set_options(
            Option(entity_row(e, name_width, width, dark), id=e.key) for e in self.rows
        )
        keys = [e.key for e in self.rows]
        if self.rows:
            options.highlighted = keys.index(keep) if keep in keys else 0
        if self.catalog is None:
            dialog.border_title = "Entities"
            return
        if query.strip():
            dialog.border_title = "Entities"
        elif self.scope is not None:
            dialog.border_title = "Entities in the sentence"
        else:
            dialog.border_title = f"Entities {len(self.catalog.entities):,}"
        if self.busy:
            self._status(self.busy)
        elif not self.rows:
            self._status("No entity matches." if query.strip() else "No entities in this corpus.")
        elif not query.strip() and self.scope is None and len(self.catalog.entities) > LIST_LIMIT:
            self._status(f"The {LIST_LIMIT} most mentioned: type to find any other.")
        else:
            self._status("")

    def _render_mentions(self) -> None:
        entity = self.entity
        if entity is None or self.catalog is None:
            return
        dark = self._dark()
        self.query_one("#entity-title", Static).update(entity_title(entity, dark))
        catalog = self.catalog
        listed = catalog.listed_mentions(entity)
        # Only the shown ones are made (each costs reading its article).
        self.contexts = list(islice(catalog.iter_contexts(listed), MENTION_LIMIT))
        width = self._row_cells()
        options = self.options
        options.set_options(Option(mention_row(c, entity.kind, width, dark))
                            for c in self.contexts)
        if self.contexts:
            options.highlighted = self._mention_index()
        self.query_one("#entity-dialog").border_title = Text(f"Mentions of {flat(entity.name)}")
        more = len(listed) - len(self.contexts)
        self._status(self.busy or (f"The first {len(self.contexts):,}; {more:,} more not listed."
                                   if more > 0 else ""))

    def _mention_index(self) -> int:
        """The row of the mention asked for (or the one highlighted before a refresh)."""
        wanted = self.mention
        if wanted is not None:
            for index, context in enumerate(self.contexts):
                m = context.mention
                if m.article_id == wanted.article_id and m.start == wanted.start:
                    return index
        return 0

    def _status(self, line: str, error: bool = False) -> None:
        status = self.query_one("#entity-status", Static)
        status.set_class(error, "error")
        status.update(Text(displayable(line), end=""))

    # -- choosing ---------------------------------------------------------------------------

    def _current(self) -> Entity | None:
        if self.view == MENTIONS:
            return self.entity
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    @on(Input.Changed, "#entity-search")
    def _query_changed(self) -> None:
        if self.view == ENTITIES:
            self._render_entities()

    @on(Input.Submitted, "#entity-search")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#entity-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionHighlighted, "#entity-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.view == MENTIONS and 0 <= event.option_index < len(self.contexts):
            self.mention = self.contexts[event.option_index].mention

    def action_open(self) -> None:
        if self.view == ENTITIES:
            entity = self._current()
            if entity is None:
                return
            self.entity, self.mention = entity, self.scope_mentions.get(entity.key)
            self._switch(MENTIONS)
            self._render_mentions()
            return
        index = self.options.highlighted
        if index is not None and 0 <= index < len(self.contexts):
            m = self.contexts[index].mention
            entity = self.entity
            self.dismiss(OpenMention(m.article_id, m.start, m.end,
                                     entity.key if entity else "", entity.name if entity else ""))

    def action_close(self) -> None:
        if self.view == MENTIONS:
            back_to = self.entity.key if self.entity is not None else None
            self._switch(ENTITIES)
            self._render_entities(keep=back_to)
            return
        self.dismiss(None)

    def action_to_list(self) -> None:
        """From the search box into the list, on the row highlighted there (the first)."""
        if self.rows:
            self.options.focus()
            if self.options.highlighted is None:
                self.options.highlighted = 0

    def action_search(self) -> None:
        if self.view == MENTIONS:
            self._switch(ENTITIES)
            self._render_entities(keep=self.entity.key if self.entity is not None else None)
        self.search_box.focus()
