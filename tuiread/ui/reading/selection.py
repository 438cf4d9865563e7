"""The reader's selection: a raw span grown from the sentence cursor by words, sentences and
paragraphs (v, w b, ) (, } {, V), or dragged with the mouse; and the requests to annotate it.

A selection has an anchor (where it began) and a head (the end that moves); it covers both.
Keys move the head a unit at a time over the article's visible words, so a selection always
starts and ends on a word; a mouse drag selects the raw characters between press and release.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from textual import events
from textual.binding import Binding

from tuiread.corpus import Article, Span
from tuiread.ui.reading.reader_layout import line_tokens
from tuiread.ui.reading.reader_offsets import Highlight
from tuiread.ui.reading.requests import AnnotateRequested, EditRequested
from tuiread.ui.styles import background

# Bindings that share a key with a cursor move (b, ( ) { }) or with closing the filter (escape):
# the reader lists them first, and they are enabled only while a selection is held, so the key
# falls through to the move otherwise.
WHILE_SELECTING = {
    "select_word_forward", "select_word_back", "select_sentence_forward",
    "select_sentence_back", "select_paragraph_forward", "select_paragraph_back",
    "cancel_selection",
}


def selection_bindings_first(bindings: list[Binding]) -> list[Binding]:
    """``bindings`` with the selection moves first, so they are tried before cursor moves."""
    return sorted(bindings, key=lambda b: b.action not in WHILE_SELECTING)


class WordMap:
    """The visible words of an article as raw spans, found by bisection."""

    def __init__(self, article: Article) -> None:
        tokens = line_tokens(article.text, article.visible)
        self.starts = array("q", (s for s, _ in tokens))
        self.ends = array("q", (e for _, e in tokens))

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, index: int) -> Span:
        return Span(self.starts[index], self.ends[index])

    def at(self, offset: int) -> int:
        """The word holding raw ``offset``, else the next one (the last word past the end)."""
        return min(bisect_right(self.ends, offset), len(self) - 1)

    def first_in(self, start: int, end: int) -> int | None:
        index = bisect_left(self.starts, start)
        return index if index < len(self) and self.starts[index] < end else None

    def last_in(self, start: int, end: int) -> int | None:
        index = bisect_left(self.starts, end) - 1
        return index if index >= 0 and self.ends[index] > start else None

    def words_of(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last word inside raw ``[start, end)``."""
        first, last = self.first_in(start, end), self.last_in(start, end)
        return None if first is None or last is None else (first, last)


@dataclass(frozen=True, slots=True)
class Selection:
    anchor: Span  # where the selection began
    head: Span  # the end that moves

    @property
    def start(self) -> int:
        return min(self.anchor.start, self.head.start)

    @property
    def end(self) -> int:
        return max(self.anchor.end, self.head.end)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @classmethod
    def of_words(cls, words: WordMap, first: int, last: int) -> Selection:
        return cls(words.span(first), words.span(last))


def move_by_word(selection: Selection, words: WordMap, step: int) -> Selection:
    index = max(0, min(len(words) - 1, words.at(selection.head.start) + step))
    return Selection(selection.anchor, words.span(index))


def move_by_unit(
    selection: Selection, words: WordMap, unit_at: Callable[[int], Span | None], step: int
) -> Selection:
    """Forward: the head goes to the last word of its unit (sentence, paragraph), or of the next
    unit when it is there already. Backward: to the first word of its unit, or of the one before.
    """
    here = words.at(selection.head.start)
    beyond = max(0, min(len(words) - 1, here + step))
    unit = unit_at(words.starts[beyond])
    bounds = words.words_of(*unit) if unit is not None else None
    if bounds is None:
        return selection
    return Selection(selection.anchor, words.span(bounds[1] if step > 0 else bounds[0]))


def unit_lookup(spans: Sequence) -> Callable[[int], Span | None]:
    """A function giving the span (sentence or paragraph) that holds a raw offset."""
    ends = [s.end for s in spans]

    def unit_at(offset: int) -> Span | None:
        index = bisect_right(ends, offset)
        return Span(spans[index].start, spans[index].end) if index < len(spans) else None

    return unit_at


class SelectionMixin:
    """Selecting and asking for annotations, mixed into :class:`Reader` (which provides
    ``article``, ``cursor``, ``cursor_span``, ``move_cursor`` and ``raw_offset_at``)."""

    # The reader draws its own selection; Textual's copy selection would fight it for the mouse.
    ALLOW_SELECT = False
    # Provided by the reader:
    article: Article | None
    cursor: int
    cursor_span: Span | None
    move_cursor: Callable[[int], None]
    sentence_at: Callable[[int], int | None]
    raw_offset_at: Callable[[events.MouseEvent], int | None]
    _refresh_all: Callable[[], None]
    _held: tuple[str, Selection] | None = None
    _words: tuple[str, WordMap] | None = None
    _drag_from: int | None = None
    _dragged = False

    # -- state ------------------------------------------------------------------------------

    @property
    def selection(self) -> Selection | None:
        """The selection in the article shown (a selection ends when the article changes)."""
        held, article = self._held, self.article
        if held is None or article is None or held[0] != article.id:
            return None
        return held[1]

    @property
    def selection_span(self) -> Span | None:
        selection = self.selection
        return selection.span if selection is not None else None

    def clear_selection(self) -> None:
        if self._held is not None:
            self._held = None
            self._refresh_all()

    def annotation_target(self) -> Span | None:
        """What ``a`` and ``h`` annotate: the selection, else the cursor sentence's words."""
        if self.selection_span is not None:
            return self.selection_span
        span, words = self.cursor_span, self._word_map()
        bounds = words.words_of(*span) if span is not None and words is not None else None
        if bounds is None:
            return None
        return Span(words.starts[bounds[0]], words.ends[bounds[1]])

    def selection_layers(self) -> list[Highlight]:
        span = self.selection_span
        if span is None:
            return []
        style = background(self, "reader--selection") + Style(bold=True)
        return [Highlight.of([span], style)]

    def _word_map(self) -> WordMap | None:
        article = self.article
        if article is None:
            return None
        if self._words is None or self._words[0] != article.id:
            self._words = (article.id, WordMap(article))
        words = self._words[1]
        return words if len(words) else None

    def _set(self, selection: Selection, follow: bool = True) -> None:
        self._held = (self.article.id, selection)
        self._refresh_all()
        if follow:
            # The sentence cursor follows the moving end, and scrolls it into view.
            sentence = self.sentence_at(selection.head.start)
            if sentence is not None:
                self.move_cursor(sentence)

    def _unit_selection(self, spans: Sequence, index: int | None) -> Selection | None:
        words = self._word_map()
        if words is None or index is None:
            return None
        bounds = words.words_of(spans[index].start, spans[index].end)
        return Selection.of_words(words, *bounds) if bounds is not None else None

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None (not False): shown in the palette, but the key falls through to the cursor move.
        if action in WHILE_SELECTING and self.selection is None:
            return None
        return True

    def action_select(self) -> None:
        """Start a selection on the cursor sentence's first word; ``v`` again ends it."""
        if self.selection is not None:
            self.clear_selection()
            return
        words, span = self._word_map(), self.cursor_span
        bounds = words.words_of(*span) if words is not None and span is not None else None
        if bounds is not None:
            self._set(Selection.of_words(words, bounds[0], bounds[0]))

    def action_select_sentence(self) -> None:
        """The cursor sentence; pressed again, its paragraph; a third time, nothing."""
        article = self.article
        if article is None or self.cursor_span is None:
            return
        sentence = self._unit_selection(article.sentences, self.cursor)
        paragraph = self._unit_selection(
            article.paragraphs, article.paragraph_at(self.cursor_span.start)
        )
        current = self.selection_span
        if current is not None and paragraph is not None and current == paragraph.span:
            self.clear_selection()
        elif current is not None and sentence is not None and current == sentence.span:
            self._set(paragraph or sentence, follow=False)
        elif sentence is not None:
            self._set(sentence, follow=False)

    def _extend(self, move: Callable[[Selection, WordMap], Selection]) -> None:
        selection, words = self.selection, self._word_map()
        if selection is not None and words is not None:
            self._set(move(selection, words))

    def action_select_word_forward(self) -> None:
        self._extend(lambda s, w: move_by_word(s, w, +1))

    def action_select_word_back(self) -> None:
        self._extend(lambda s, w: move_by_word(s, w, -1))

    def _by_unit(self, spans: Sequence, step: int) -> None:
        unit_at = unit_lookup(spans)
        self._extend(lambda s, w: move_by_unit(s, w, unit_at, step))

    def action_select_sentence_forward(self) -> None:
        self._by_unit(self.article.sentences, +1)

    def action_select_sentence_back(self) -> None:
        self._by_unit(self.article.sentences, -1)

    def action_select_paragraph_forward(self) -> None:
        self._by_unit(self.article.paragraphs, +1)

    def action_select_paragraph_back(self) -> None:
        self._by_unit(self.article.paragraphs, -1)

    def action_cancel_selection(self) -> None:
        self.clear_selection()

    def action_annotate(self) -> None:
        self._request(quick=False)

    def action_highlight(self) -> None:
        self._request(quick=True)

    def _request(self, quick: bool) -> None:
        target, article = self.annotation_target(), self.article
        if target is None or article is None:
            self.app.bell()
            return
        self.post_message(AnnotateRequested(article, target.start, target.end, quick))

    def action_edit_annotation(self) -> None:
        span, article = self.selection_span or self.cursor_span, self.article
        if span is not None and article is not None:
            self.post_message(EditRequested(article, span.start, span.end))

    # -- mouse ------------------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self._drag_from = self.raw_offset_at(event)
        self._dragged = False
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:  # moves count only between press and release
            return
        here = self.raw_offset_at(event)
        if here is None or here == self._drag_from and not self._dragged:
            return
        self._dragged = True
        origin = self._drag_from
        self._set(Selection(Span(origin, origin + 1), Span(here, here + 1)), follow=False)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()

    def click_ends_drag(self) -> bool:
        """For the reader's click handler: True when the click closed a drag (keep the
        selection just made); a plain click drops any selection."""
        if self._dragged:
            self._dragged = False
            return True
        self.clear_selection()
        return False
