"""The reading screen's side of the web features: the add and refresh dialogs, the corpus reload
after an add, and the syndicated copies of the loaded corpus.

Copies are found in a thread worker the screen runs; it posts :class:`CopiesFound` to that
screen, which hands it back to :meth:`WebFlow.found`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from tuiread import locations
from tuiread.config import Settings
from tuiread.corpus import Article, Corpus
from tuiread.corpus.sketch_cache import cached_copies
from tuiread.ui import collector
from tuiread.ui.host import host
from tuiread.web.clippings import default_folder

if TYPE_CHECKING:
    from tuiread.web.adding import Outcome

WORKER_GROUP = "copies"


@dataclass
class CopiesFound(Message):
    corpus: Corpus
    copies: dict[str, list[str]]


class WebFlow:
    def __init__(self, screen: Screen, settings: Settings, roots: list[Path],
                 show_copies: Callable[[dict[str, list[str]]], None],
                 open_article: Callable[[str], None]) -> None:
        self.screen = screen
        self.settings = settings
        self.roots = roots
        self._show_copies = show_copies
        self._open_article = open_article
        self.copies: dict[str, list[str]] = {}

    def _folder(self) -> Path:
        # The folder the app reads (not the bundled demo corpus), else where `tuiread add` saves.
        roots = [r for r in self.roots if r.is_dir() and r != locations.demo_corpus_dir()]
        return roots[0] if roots else default_folder(self.settings)

    def open_add(self) -> None:
        self.screen.app.push_screen(_add_dialog()(self._folder()), self._after_add)

    def open_refresh(self) -> None:
        self.screen.app.push_screen(_add_dialog()(self._folder(), feeds=True), self._after_add)

    def _after_add(self, outcomes: list[Outcome] | None) -> None:
        added = [o.added for o in outcomes or [] if o.added is not None]
        if not added:
            return
        app = host(self.screen)
        inside = [p for p in added if any(_within(p, root) for root in self.roots)]
        if inside:
            app.reload_corpus()
            app.say(f"{len(inside)} new articles: the list is being refreshed.", title="Added")
        else:
            app.say(f"{len(added)} pages saved to {added[0].parent.parent}, outside the corpus "
                    "open now: open that folder to read them.", title="Added", timeout=12)

    # -- copies -------------------------------------------------------------------------------

    def find_copies(self, corpus: Corpus) -> None:
        screen = self.screen

        def work() -> None:
            worker = get_current_worker()
            with collector.held():
                copies = cached_copies(corpus.articles)
                # Its index by member is made here: made when the list first asks, it would
                # be made on the UI thread (100,000 entries when every article has copies).
                if copies is not None:
                    copies.index()
            if not worker.is_cancelled:
                screen.post_message(CopiesFound(corpus, copies))

        screen.run_worker(work, name="syndicated copies", thread=True, exclusive=True,
                          group=WORKER_GROUP, exit_on_error=False)

    def found(self, message: CopiesFound) -> None:
        if message.corpus is not host(self.screen).corpus:
            return  # a corpus since replaced
        self.copies = message.copies
        self._show_copies(message.copies)

    def open_copies(self, article: Article | None) -> None:
        corpus = host(self.screen).corpus
        if article is None or corpus is None:
            self.screen.app.bell()
            return
        copies = [a for a in (corpus.get(i) for i in self.copies.get(article.id, [])) if a]
        from tuiread.ui.web.copies_screen import CopiesScreen

        self.screen.app.push_screen(CopiesScreen(article, copies), self._open_copy)

    def _open_copy(self, article_id: str | None) -> None:
        if article_id is not None:
            self._open_article(article_id)


def _add_dialog():
    """The dialog class, imported when first opened: it brings the page reader (lxml), a tenth
    of a second the app's start need not wait for."""
    from tuiread.ui.web.add_dialog import AddDialog

    return AddDialog


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
