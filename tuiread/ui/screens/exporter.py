"""The app's export: what to offer (the panel's filtered annotations, the article being read,
everything), the dialog, and writing the file in a thread worker.

The worker builds the excerpts (anchoring annotations of changed articles can take a while),
renders them and writes the file; it posts :class:`ExportDone` and touches no widget. The
dialog's choices (format, template, folder) are remembered in the UI state.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread import locations
from tuiread.annotations import (
    ArticleIndex,
    ExportOptions,
    Filter,
    Store,
    TemplateProblem,
    export,
)
from tuiread.annotations import excerpts as excerpt_model
from tuiread.corpus import Article, Corpus
from tuiread.export_target import ExportTargetError, write_export
from tuiread.textsafe import displayable
from tuiread.ui.screens.annotation_export import ExportChoice, ExportDialog, Scope
from tuiread.ui.widgets.annotation_marks import AnnotationMessage

if TYPE_CHECKING:
    from tuiread.ui.app import TuireadApp

# Characters of an article's title in the dialog's "This article" choice.
TITLE_CHARS = 50


@dataclass
class ExportDone(AnnotationMessage):
    """The worker wrote ``path`` (``problem`` set when it could not)."""

    choice: ExportChoice
    count: int
    path: Path | None = None
    problem: str | None = None


def _count(n: int) -> str:
    return f"{n} annotation" + ("" if n == 1 else "s")


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


class Exporter:
    def __init__(self, app: TuireadApp, store: Store,
                 store_open: Callable[[], AbstractContextManager[bool]]) -> None:
        self.app = app
        self.store = store
        self.store_open = store_open

    def scopes(self, shown: tuple[str, ...] | None, article: Article | None) -> list[Scope]:
        everything = len(self.store.list())
        found = []
        if shown is not None:
            found.append(Scope("shown", f"The {_count(len(shown))} shown in the panel", shown))
        if article is not None:
            ids = tuple(a.id for a in self.store.for_article(article))
            if ids:
                found.append(Scope("article",
                                   f"This article, {_short(article.title)} ({len(ids)})", ids))
        found.append(Scope("all", f"Everything ({_count(everything)})", None))
        return found

    def open(self, shown: tuple[str, ...] | None = None, article: Article | None = None) -> None:
        if not self.store.list():
            self.app.notify("No annotations to export yet.", markup=False, timeout=3)
            return
        if shown is not None and not shown:
            self.app.notify("Nothing is shown in the panel to export.", markup=False, timeout=3)
            return
        remembered = self.app.ui_state.export
        folder = Path(remembered.get("folder") or locations.exports_dir())
        dialog = ExportDialog(self.scopes(shown, article), folder,
                              remembered.get("format", "md"), remembered.get("template", ""))
        self.app.push_screen(dialog, self._closed)

    def _closed(self, choice: ExportChoice | None) -> None:
        if choice is None:
            return
        corpus = self.app.corpus
        self.app.run_worker(
            partial(self._export_in_thread, choice, corpus),
            name="exporting annotations", description=f"exporting to {choice.path}",
            thread=True, group="annotations-export", exit_on_error=False,
        )

    def _export_in_thread(self, choice: ExportChoice, corpus: Corpus | None) -> None:
        options = ExportOptions(format=choice.format, template=choice.template)
        with self.store_open() as usable:
            if not usable:
                return  # the app is closing
            ids = choice.scope.ids
            annotations = self.store.list(Filter(ids=ids) if ids is not None else None)
            articles = corpus.articles if corpus is not None else []
            items = self.store.anchor_many(annotations, ArticleIndex(articles))
        try:
            text = export(excerpt_model.build(items, corpus), options)
            path = write_export(choice.path, text, make_parents=True)
        except (TemplateProblem, ExportTargetError) as exc:
            self.app.post_message(ExportDone(choice, len(items), problem=str(exc)))
            return
        self.app.post_message(ExportDone(choice, len(items), path=path))

    def done(self, message: ExportDone) -> None:
        if message.problem is not None:
            self.app.notify(displayable(message.problem), title="Not exported",
                            severity="error", markup=False, timeout=10)
            return
        choice = message.choice
        self.app.ui_state.export = {
            "format": choice.format,
            "template": str(choice.template) if choice.template else "",
            "folder": str(choice.path.parent),
        }
        try:
            self.app.state_store.save(self.app.ui_state)
        except OSError as exc:  # the export is written; only the choices are not remembered
            self.app.notify(displayable(f"Could not remember the export choices: {exc}"),
                            severity="warning", markup=False)
        self.app.notify(displayable(f"Wrote {_count(message.count)} to {message.path}"),
                        title="Exported", markup=False, timeout=8)
