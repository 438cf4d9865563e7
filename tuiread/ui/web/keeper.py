"""The app's side of the web features: the add and refresh dialogs, the corpus reload after
an add, and the syndicated copies of the loaded corpus (found in a thread worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from tuiread import locations
from tuiread.corpus import Corpus
from tuiread.corpus.sketch_cache import cached_copies
from tuiread.ui.web.add_dialog import AddDialog
from tuiread.ui.web.copies_screen import CopiesScreen
from tuiread.web.adding import Outcome

if TYPE_CHECKING:
    from tuiread.ui.app import TuireadApp


@dataclass
class CopiesFound(Message):
    corpus: Corpus
    copies: dict[str, list[str]]


class WebKeeper:
    def __init__(self, app: TuireadApp) -> None:
        self.app = app
        self.copies: dict[str, list[str]] = {}

    def _folder(self):
        from tuiread.commands.web_cmds import default_folder

        # The folder the app reads (not the bundled demo corpus), else where `tuiread add` saves.
        roots = [r for r in self.app.roots if r.is_dir() and r != locations.demo_corpus_dir()]
        return roots[0] if roots else default_folder()

    def open_add(self) -> None:
        self.app.push_screen(AddDialog(self._folder()), self._after_add)

    def open_refresh(self) -> None:
        self.app.push_screen(AddDialog(self._folder(), feeds=True), self._after_add)

    def _after_add(self, outcomes: list[Outcome] | None) -> None:
        if not outcomes:
            return
        added = [o.added for o in outcomes if o.added is not None]
        if not added:
            return
        inside = [p for p in added if any(_within(p, root) for root in self.app.roots)]
        if inside:
            self.app.reload_corpus()
            self.app.notify(f"{len(inside)} new articles: the list is being refreshed.",
                            title="Added", markup=False)
        else:
            self.app.notify(
                f"{len(added)} pages saved to {added[0].parent.parent}, outside the corpus "
                "open now: open that folder to read them.", title="Added", markup=False,
                timeout=12)

    # -- copies -------------------------------------------------------------------------------

    def start(self, corpus: Corpus) -> None:
        self.app.run_worker(lambda: self._find(corpus), thread=True, exclusive=True,
                            group="copies", exit_on_error=False)

    def _find(self, corpus: Corpus) -> None:
        worker = get_current_worker()
        copies = cached_copies(corpus.articles)
        if not worker.is_cancelled:
            self.app.post_message(CopiesFound(corpus, copies))

    def found(self, message: CopiesFound) -> None:
        if message.corpus is not self.app.corpus:
            return
        self.copies = message.copies
        self.app.main_screen.show_copies(message.copies)

    def open_copies(self) -> None:
        screen = self.app.main_screen
        article = screen.reader.article
        corpus = self.app.corpus
        if article is None or corpus is None:
            self.app.bell()
            return
        copies = [a for a in (corpus.get(i) for i in self.copies.get(article.id, [])) if a]
        self.app.push_screen(CopiesScreen(article, copies), self._open_copy)

    def _open_copy(self, article_id: str | None) -> None:
        if article_id is not None:
            self.app.main_screen.show_sentence(article_id, 0)


def _within(path, root) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
