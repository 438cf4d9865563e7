"""The reading screen: the article list on the left, the reader on the right.

It owns the reader, so it handles the reader's messages itself (cursor moves, annotation
requests, trail steps) and asks the services for what to draw on it. Every "open the reader
here" goes through :meth:`MainScreen.reveal`, and the view it came from goes on the back stack:
Esc or Backspace in the reader returns to it as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker

from tuiread.config import Settings
from tuiread.corpus import Article, Corpus, Span
from tuiread.corpus.copies import Copies
from tuiread.ui.annotations.exporter import ExportDone
from tuiread.ui.annotations.flow import AnnotationFlow
from tuiread.ui.annotations.marks import paint_reader
from tuiread.ui.annotations.messages import AnchorsReady
from tuiread.ui.annotations.note_marks import show_notes
from tuiread.ui.bindings import bindings
from tuiread.ui.entities.layers import (
    FOUND_LAYER,
    FOUND_STYLE,
    MENTIONS_LAYER,
    MENTIONS_STYLE,
    clear_found_if_left,
)
from tuiread.ui.host import host, report_failure
from tuiread.ui.reading.arranging import ARRANGE_HERE_MAX, ListArranged, arrange_beside
from tuiread.ui.reading.article_list import ArticleList, CopyCounts
from tuiread.ui.reading.find import FIND_LAYER, FindBox, find_in
from tuiread.ui.reading.first_show import Arrangement, Shown
from tuiread.ui.reading.list_order import SORT_KEYS, Listed, arrange
from tuiread.ui.reading.navigation import BackStack, Place
from tuiread.ui.reading.reader import Reader
from tuiread.ui.reading.reader_header import ReaderHeader
from tuiread.ui.reading.requests import AnnotateRequested, EditRequested
from tuiread.ui.reading.trail import Trail
from tuiread.ui.search.opening import SEARCH_LAYER, hit_style, trail_line
from tuiread.ui.search.status import SearchStatus
from tuiread.ui.shared.footer import KeyFooter
from tuiread.ui.web.flow import CopiesFound, WebFlow

if TYPE_CHECKING:
    # The other screens (and the comparison, entity and search code under them) are imported
    # when first opened: the first screen is drawn without them (see ``tuiread.ui.warm``).
    from tuiread.ui.compare.layout import CompareTarget
    from tuiread.ui.compare.screen import CompareScreen
    from tuiread.ui.entities.panel import OpenMention
    from tuiread.ui.search.screen import SearchTarget
    from tuiread.ui.trace.screen import TraceScreen

# Width of the article list: a share of the window, within limits so neither pane gets cramped.
LIST_SHARE = 0.38
LIST_MIN, LIST_MAX = 28, 70
# Narrower than this the reader header keeps the title to one line.
COMPACT_WIDTH = 100
SEARCH_SCREEN = "search"
ENTITY_PANEL = "entities"
# Rebuilding the list costs about 50 µs a row: up to this many articles the filter applies on
# every keystroke; above, once typing pauses for FILTER_PAUSE seconds.
FILTER_IMMEDIATE_MAX = 1_000
FILTER_PAUSE = 0.15


def display_path(path: Path, roots: list[Path]) -> str:
    """``path`` relative to the corpus root holding it (a root that is a file: its name)."""
    for root in roots:
        base = root.parent if root.is_file() else root
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


class MainScreen(Screen[None], inherit_bindings=False):
    # Nothing is focused automatically: the list takes focus once the corpus is in it.
    AUTO_FOCUS = ""
    # In the order the footer shows them: help first, so it stays in view on a small terminal.
    BINDINGS = bindings(
        "app.help", "app.back", "app.search", "app.filter", "app.next_article",
        "app.toggle_list", "app.compare", "app.entities", "app.annotations", "app.sort",
        "app.toggle_hidden", "app.focus_list", "app.focus_reader", "app.focus_next",
        "app.focus_previous", "app.clear_filter", "app.prev_article", "app.reverse_sort",
        "app.export_annotations", "app.undo_annotation", "app.trace", "app.add_from_url",
        "app.refresh_feeds", "app.show_copies",
    )

    class Ready(Message):
        """The screen is composed: the corpus can be loaded into it."""

    @dataclass
    class ArticleOpened(Message):
        """The reader now shows ``article``."""

        article: Article

    def __init__(self, settings: Settings, roots: list[Path], sort: str | None = None,
                 reverse: bool | None = None, list_hidden: bool = False) -> None:
        """``sort``, ``reverse`` and ``list_hidden``: as the user left them (remembered)."""
        super().__init__()
        self.settings = settings
        self.roots = roots
        self.corpus: Corpus | None = None
        self.sort_key = sort if sort in SORT_KEYS else settings.list.sort
        self.reverse = settings.list.reverse if reverse is None else reverse
        self.list_hidden = list_hidden
        self.underline = False  # entity underlines
        self._underlined = False  # whether they were drawn since last taken away
        self._filter_timer: Timer | None = None
        self._reading: str | None = None  # the files read so far, while a first list shows
        self._arranging: str | None = None  # what the list waits for from its worker
        self.back_stack: BackStack | None = None
        self.annotations = AnnotationFlow(self, self._annotations_changed)
        self.web = WebFlow(self, settings, roots, self.show_copies, lambda aid: self.reveal(aid))

    def compose(self) -> ComposeResult:
        reader = self.settings.reader
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield Input(placeholder="Filter: title, source or id", id="filter", compact=True)
                yield ArticleList(id="articles")
                with Vertical(id="loading"):
                    yield Static("Reading the corpus…", id="loading-label")
                    yield ProgressBar(id="loading-bar", show_eta=False, show_percentage=True)
                # (Hidden until the index is being built: the search service is not made
                # before the first article is drawn.)
                yield SearchStatus(host(self).index_changed, None, id="index-status")
            with Vertical(id="reader-pane"):
                yield ReaderHeader(id="reader-header")
                yield Reader(max_width=reader.max_width, show_hidden=reader.show_hidden,
                             sentence_cursor=reader.sentence_cursor, id="reader")
                yield FindBox(id="find")
        yield KeyFooter(compact=True)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    def on_mount(self) -> None:
        self.back_stack = BackStack(self.app)
        self.query_one("#reader-header").display = False
        self.article_list.display = False
        self.query_one("#list-pane").display = not self.list_hidden
        self.reader.show_article(None, "Reading the corpus…")
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())
        host(self).entities_changed.subscribe(self, lambda _none: self._entities_changed())
        self.post_message(self.Ready())

    def on_resize(self) -> None:
        pane = self.query_one("#list-pane")
        pane.styles.width = max(LIST_MIN, min(LIST_MAX, int(self.size.width * LIST_SHARE)))
        self.query_one(ReaderHeader).compact = self.size.width < COMPACT_WIDTH

    def on_screen_resume(self) -> None:
        # Another screen may have changed annotations or entities meanwhile.
        self._repaint()

    # -- loading ----------------------------------------------------------------------------

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#loading-bar", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)
        label = self.query_one("#loading-label", Static)
        label.update(f"Reading the corpus… {done:,} of {total:,} files")
        if not self.query_one("#loading").display:
            # A first list is shown while the rest is read: the count goes under the list.
            self._reading = f"reading {done:,} of {total:,} files"
            self._show_list_subtitle()

    def loading_finished(self) -> None:
        """The whole corpus is read: the list's subtitle gives its order again."""
        self._reading = None
        self._show_list_subtitle()

    def _show_list_subtitle(self) -> None:
        arrow = "▼" if self.reverse else "▲"
        self.query_one("#list-pane").border_subtitle = (self._reading or self._arranging
                                                        or f"by {self.sort_key} {arrow}")

    def show_corpus(self, corpus: Corpus, open_id: str | None = None,
                    shown: Shown | None = None) -> None:
        """Fill the list from ``corpus`` and open ``open_id`` (else the first row); ``shown``:
        the list as the loading worker arranged it, used if the screen still wants that."""
        self.corpus = corpus
        self.query_one("#loading").display = False
        self.article_list.display = True
        if self.focused is None:
            (self.reader if self.list_hidden else self.article_list).focus()
        if not corpus.articles:
            self.reader.show_article(None, "No articles: nothing readable was found (P lists why).")
        listed = None
        if shown is not None and shown.corpus is corpus and shown.arrangement == Arrangement(
                self.sort_key, self.reverse) and not self.query_one("#filter", Input).value:
            listed = shown.listed
        self._refresh_list(keep=open_id, listed=listed, open_current=True)

    def show_copies(self, copies: Copies) -> None:
        """Mark syndicated copies in the list (a count beside the title)."""
        # Only the rows drawn change: the order and the filter stand (no re-sort).
        self.article_list.copies = CopyCounts(copies)
        self.article_list.refresh()

    # -- web ----------------------------------------------------------------------------------

    def action_add_from_url(self) -> None:
        self.web.open_add()

    def action_refresh_feeds(self) -> None:
        self.web.open_refresh()

    def action_show_copies(self) -> None:
        self.web.open_copies(self.reader.article)

    @on(CopiesFound)
    def _copies_found(self, message: CopiesFound) -> None:
        message.stop()
        self.web.found(message)

    # -- list -------------------------------------------------------------------------------

    def _refresh_list(self, keep: str | None = None, listed: Listed | None = None,
                      open_current: bool = False) -> None:
        """Show the list as the filter and order ask (``listed``: already arranged so), the
        cursor on ``keep`` (else where it is); ``open_current``: then open the article under
        the cursor. A big corpus's list is arranged in a worker and shown when it arrives."""
        if self.corpus is None:
            return
        query = self.query_one("#filter", Input).value
        keep = keep or self._open_id()
        if listed is None and len(self.corpus.articles) > ARRANGE_HERE_MAX:
            arrange_beside(self, self.corpus, (query, self.sort_key, self.reverse), keep,
                           open_current)
            self._arranging = "filtering…" if query else f"ordering by {self.sort_key}…"
            self._show_list_subtitle()
            return
        if listed is None:
            listed = arrange(self.corpus.articles, query, self.sort_key, self.reverse)
        self._show_list(listed, keep, query)
        if open_current:
            self._open_current()

    def _show_list(self, listed: Listed, keep: str | None, query: str) -> None:
        self._arranging = None
        table = self.article_list
        table.sort_key, table.reverse = self.sort_key, self.reverse
        table.set_articles(listed, keep=keep)
        pane = self.query_one("#list-pane")
        total = len(self.corpus.articles) if self.corpus is not None else 0
        pane.border_title = f"Articles {len(listed):,}" + (f" of {total:,}" if query else "")
        self._show_list_subtitle()

    @on(ListArranged)
    def _list_arranged(self, message: ListArranged) -> None:
        message.stop()
        query = self.query_one("#filter", Input).value
        # (The corpus object is replaced when its load ends; its articles stay the same.)
        if (self.corpus is None or message.corpus.articles is not self.corpus.articles
                or message.wanted != (query, self.sort_key, self.reverse)):
            return  # asked for since: another list is on its way
        self._show_list(message.listed, message.keep, query)
        if message.open_current:
            self._open_current()

    def _open_id(self) -> str | None:
        article = self.reader.article
        return article.id if article is not None else None

    def _open_current(self) -> None:
        article_id = self.article_list.current_id
        if article_id is not None and self.corpus is not None:
            self.open_article(article_id)

    def open_article(self, article_id: str) -> None:
        """Show the article ``article_id`` in the reader (no-op if already shown)."""
        if self.corpus is None or article_id == self._open_id():
            return
        # The row under the cursor is found by position (the corpus's look-up by id may not
        # be built yet while a big corpus loads: see ``first_show.prepare``).
        article = self.article_list.current_article
        if article is None or article.id != article_id:
            article = self.corpus.get(article_id)
        if article is None:
            return
        self.reader.show_article(article)
        self.query_one(ReaderHeader).display = True
        self.query_one(ReaderHeader).show(article, display_path(article.path, self.roots),
                                          self.reader.show_hidden)
        self.query_one("#reader-pane").border_subtitle = ""
        self.query_one(FindBox).close()
        self.post_message(self.ArticleOpened(article))

    def reveal(self, article_id: str, place: Place | None = None,
               came_from: Screen | None = None) -> Reader | None:
        """Open ``article_id`` in the reader at ``place``, the reader focused; ``came_from``
        (the view that led here) is where Esc goes back to. None when the article is gone."""
        article = self.corpus.get(article_id) if self.corpus is not None else None
        if article is None:
            host(self).say("That article is no longer in the corpus.", severity="warning")
            return None
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        if came_from is not None and self.back_stack is not None:
            self.back_stack.remember(came_from)
        self.article_list.select_id(article.id)
        self.open_article(article.id)
        reader = self.reader
        reader.end_trail()  # the caller marks its own (hits, mentions)
        self.query_one("#reader-pane").border_subtitle = ""
        place = place or Place()
        sentence = place.sentence
        if place.offset is not None:
            sentence = reader.sentence_at(place.offset)
        if sentence is not None:
            reader.move_cursor(sentence)
        if place.offset is not None:
            reader.scroll_to_offset(place.offset)
        reader.focus()
        return reader

    @on(Reader.ColumnChanged)
    def _align_header(self, event: Reader.ColumnChanged) -> None:
        """The header's text starts and ends where the reader's column does."""
        right = max(0, event.reader.size.width - event.left - event.width)
        self.query_one(ReaderHeader).styles.padding = (0, right, 0, event.left)

    @on(ArticleList.Highlighted, "#articles")
    def _row_highlighted(self, event: ArticleList.Highlighted) -> None:
        # Only the row the cursor is on now counts (a later move may be queued behind this one).
        if event.article_id == self.article_list.current_id:
            self.open_article(event.article_id)

    @on(ArticleList.Opened, "#articles")
    def _row_selected(self, event: ArticleList.Opened) -> None:
        self.open_article(event.article_id)
        self.reader.focus()

    @on(ArticleList.HeaderClicked, "#articles")
    def _header_selected(self, event: ArticleList.HeaderClicked) -> None:
        key = event.column_key
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key = key
        self._refresh_list()

    # -- filter -----------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if self.corpus is not None and len(self.corpus.articles) > FILTER_IMMEDIATE_MAX:
            self._filter_timer = self.set_timer(FILTER_PAUSE, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer = None
        self._refresh_list(open_current=True)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.article_list.focus()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.article_list.focus()

    # -- actions ----------------------------------------------------------------------------

    def action_focus_list(self) -> None:
        self.article_list.focus()

    def action_focus_reader(self) -> None:
        self.reader.focus()

    def _step_article(self, delta: int) -> None:
        table = self.article_list
        if table.step(delta):
            self._open_current()
        else:
            self.app.bell()
            where = "last" if delta > 0 else "first"
            host(self).say(f"This is the {where} article of the list.", timeout=2)

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_prev_article(self) -> None:
        self._step_article(-1)

    def action_cycle_sort(self) -> None:
        self.sort_key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]
        self._refresh_list()
        self._remember_list()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self._refresh_list()
        self._remember_list()

    def action_toggle_list(self) -> None:
        """Hide the list for a full-width reader, or show it again (remembered)."""
        self.list_hidden = not self.list_hidden
        self.query_one("#list-pane").display = not self.list_hidden
        if self.list_hidden:
            self.reader.focus()
        self._remember_list()

    def _remember_list(self) -> None:
        state = host(self).ui_state
        state.sort, state.reverse, state.list_hidden = (self.sort_key, self.reverse,
                                                        self.list_hidden)
        host(self).save_state()

    # -- going places and back --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            box = self.query_one("#filter", Input)
            return box.display or bool(box.value)
        if action == "back":
            return bool(self.back_stack)
        return True

    def action_back(self) -> None:
        if self.back_stack is None or not self.back_stack.back():
            self.app.bell()

    def action_compare(self) -> None:
        article = self.reader.article
        if self.corpus is None or article is None or len(self.corpus.articles) < 2:
            self.app.bell()
            return
        from tuiread.ui.compare.picker import ComparePicker

        self.app.push_screen(ComparePicker(article, self.corpus),
                             lambda other: self._compare(article, other))

    def _compare(self, article: Article, other: Article | None) -> None:
        if other is None or self.back_stack is None:
            return
        from tuiread.ui.compare.screen import CompareScreen

        screen = CompareScreen(article, other)
        self.back_stack.visit(screen, lambda target: self._compared(screen, target))

    def _compared(self, screen: CompareScreen, target: CompareTarget) -> None:
        self.reveal(target.article.id, Place(sentence=target.sentence), came_from=screen)

    def action_trace(self) -> None:
        """The sentence at the cursor across the other articles; enter there opens one, and
        Esc in the reader comes back to the trace."""
        article = self.reader.article
        if self.corpus is None or article is None or not article.sentences \
                or self.back_stack is None:
            self.app.bell()
            return
        from tuiread.ui.trace.screen import TraceScreen

        screen = TraceScreen(article, self.reader.cursor, self.corpus)
        self.back_stack.visit(screen, lambda place: self._traced(screen, place))

    def _traced(self, screen: TraceScreen, place: tuple[str, int]) -> None:
        self.reveal(place[0], Place(sentence=place[1]), came_from=screen)

    def action_search(self) -> None:
        if self.back_stack is None:
            return
        from tuiread.ui.search.screen import SearchScreen

        if not self.app.is_screen_installed(SEARCH_SCREEN):
            self.app.install_screen(SearchScreen(host(self).ui_state.search_history),
                                    SEARCH_SCREEN)
        screen = self.app.get_screen(SEARCH_SCREEN)
        if isinstance(screen, SearchScreen):
            screen.resume_focus = "query"
        self.back_stack.visit(screen, lambda target: self._open_result(screen, target),
                              name=SEARCH_SCREEN)

    def _open_result(self, screen: Screen, target: SearchTarget) -> None:
        reader = self.reveal(target.article_id, came_from=screen)
        if reader is None or reader.article is None:
            return
        hits = host(self).services.search.article_hits(reader.article, target.query)
        trail = Trail(SEARCH_LAYER, "hit", target.query)
        reader.show_trail(trail, hits, hit_style(self.app.current_theme))

    @on(Reader.HitMoved)
    def _hit_moved(self, message: Reader.HitMoved) -> None:
        pane = self.query_one("#reader-pane")
        back = "esc back" if self.back_stack else ""
        pane.border_subtitle = trail_line(message.trail, message.position, back)
        if message.trail.layer == MENTIONS_LAYER and message.position is not None:
            span = message.position.span
            message.reader.set_highlights(FOUND_LAYER, [(span.start, span.end)], FOUND_STYLE)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- find in the article ----------------------------------------------------------------

    @on(Reader.FindRequested)
    def _find_requested(self) -> None:
        if self.reader.article is None:
            self.app.bell()
            return
        self.query_one(FindBox).open()

    @on(FindBox.Typed)
    def _find_changed(self, message: FindBox.Typed) -> None:
        reader = self.reader
        if reader.article is None:
            return
        if not message.text.strip():
            reader.end_trail()
            self.query_one("#reader-pane").border_subtitle = ""
            return
        spans = find_in(reader.article, message.text, reader.show_hidden)
        cursor = reader.cursor_span
        first = next((n for n, s in enumerate(spans) if cursor and s.start >= cursor.start), 0)
        reader.show_trail(Trail(FIND_LAYER, "match", message.text), spans,
                          hit_style(self.app.current_theme), first)

    @on(FindBox.Done)
    def _find_done(self) -> None:
        self.reader.focus()

    # -- entities ---------------------------------------------------------------------------

    def action_entities(self) -> None:
        if self.back_stack is None:
            return
        from tuiread.ui.entities.panel import EntityPanel

        if not self.app.is_screen_installed(ENTITY_PANEL):
            panel = EntityPanel(host(self).services.entities.ready)
            self.app.install_screen(panel, ENTITY_PANEL)
        screen = self.app.get_screen(ENTITY_PANEL)
        self.back_stack.visit(screen, lambda where: self._open_mention(screen, where),
                              name=ENTITY_PANEL)

    def action_entity_at_cursor(self) -> None:
        """Open the panel on the entity mentioned in the reader's selection or cursor sentence
        (on a list of them when there are several)."""
        reader = self.reader
        span = reader.selection_span or reader.cursor_span
        service = host(self).services.entities
        if reader.article is None or span is None or self.back_stack is None:
            self.app.bell()
            return
        if service.ready is None:
            host(self).say(service.busy or service.status(), timeout=4)
            return
        found = service.mentions_in(reader.article.id, span.start, span.end)
        if not found:
            what = "selection" if reader.selection_span is not None else "sentence"
            host(self).say(f"No entity is mentioned in this {what}.", timeout=3)
            return
        from tuiread.ui.entities.panel import EntityPanel

        if len(found) == 1:
            entity, mention = found[0]
            panel = EntityPanel(service.ready, scope=found, entity=entity, mention=mention)
        else:
            panel = EntityPanel(service.ready, scope=found)
        self.back_stack.visit(panel, lambda where: self._open_mention(panel, where))

    def _open_mention(self, screen: Screen, where: OpenMention) -> None:
        """The mention boxed, the cursor on its sentence; n / N step through the entity's
        other mentions in the article."""
        reader = self.reveal(where.article_id, Place(offset=where.start), came_from=screen)
        if reader is None:
            return
        mentions = host(self).services.entities.mentions_of(where.entity_key, where.article_id)
        stops = [Span(m.start, m.end) for m in mentions] or [Span(where.start, where.end)]
        first = next((n for n, s in enumerate(stops) if s.start == where.start), 0)
        reader.show_trail(Trail(MENTIONS_LAYER, "mention", where.entity_name), stops,
                          MENTIONS_STYLE, first)

    def action_toggle_entities(self) -> None:
        self.underline = not self.underline
        self._paint_entities()
        if not self.underline:
            host(self).say("Entity underlines off.", timeout=3)
            return
        later = " (once they are found)" if host(self).services.entities.ready is None else ""
        from tuiread.ui.entities.marks import legend

        # The legend's markup is built from the kinds and their colours only.
        self.app.notify(f"Entities underlined{later}: {legend(self.app.current_theme.dark)}",
                        timeout=4)

    def _entities_changed(self) -> None:
        self._paint_entities()

    def _paint_entities(self) -> None:
        if not self.underline and not self._underlined:
            return  # nothing drawn to take away (and the entity code need not be loaded)
        from tuiread.ui.entities.marks import paint_underlines

        paint_underlines(self.reader, host(self).services.entities, self.underline,
                         self.app.current_theme.dark)
        self._underlined = self.underline

    # -- annotations ------------------------------------------------------------------------

    @on(Reader.CursorMoved)
    def _cursor_moved(self, message: Reader.CursorMoved) -> None:
        reader = message.reader
        self.annotations.cursor_moved()
        self._paint_annotations(reader)
        if self.underline:
            from tuiread.ui.entities.marks import UNDERLINE_LAYERS

            if reader.highlight_spans(UNDERLINE_LAYERS[0]) is None:
                self._paint_entities()  # a newly shown article starts without layers
        clear_found_if_left(reader)

    def _paint_annotations(self, reader: Reader) -> None:
        article = reader.article
        if article is None:
            return
        service = host(self).services.annotations
        items = service.items(article.id)
        show_notes(reader, items)  # the last article's marks and note are not this one's
        if items is not None:
            paint_reader(reader, items)
        elif service.needs_anchoring(article.id):
            self.annotations.anchor(article)

    @on(AnchorsReady)
    def _anchors_ready(self, message: AnchorsReady) -> None:
        if not host(self).services.annotations.accept(message.result):
            return
        article = self.reader.article
        if article is not None and article.id == message.result.article_id:
            paint_reader(self.reader, message.result.items)
            show_notes(self.reader, message.result.items)

    @on(AnnotateRequested)
    def _annotate(self, message: AnnotateRequested) -> None:
        self.annotations.annotate(message, self.reader.clear_selection)

    @on(EditRequested)
    def _edit(self, message: EditRequested) -> None:
        self.annotations.edit(message)

    def _annotations_changed(self) -> None:
        self._paint_annotations(self.reader)

    def action_annotations(self) -> None:
        self.annotations.open_panel(self.reader, self._jump_to_annotation)

    def _jump_to_annotation(self, article: Article, offset: int) -> None:
        self.reveal(article.id, Place(offset=offset))

    def action_export_annotations(self) -> None:
        self.annotations.open_export(self.reader.article)

    @on(ExportDone)
    def _export_done(self, message: ExportDone) -> None:
        message.stop()
        self.annotations.export_done(message)

    def action_undo_annotation(self) -> None:
        self.annotations.undo()

    def _repaint(self) -> None:
        """After a theme change, or back from another screen: draw the layers again."""
        reader = self.reader
        self._paint_annotations(reader)
        self._paint_entities()
        trail = reader.trail
        if trail is not None and trail.layer in (SEARCH_LAYER, FIND_LAYER) and reader.has_trail:
            reader.set_highlights(trail.layer, [(s.start, s.end) for s in reader.trail_stops()],
                                  hit_style(self.app.current_theme))

    def action_toggle_hidden(self) -> None:
        reader = self.reader
        reader.set_show_hidden(not reader.show_hidden)
        header = self.query_one(ReaderHeader)
        header.show(header.article, header.path_text, reader.show_hidden)
