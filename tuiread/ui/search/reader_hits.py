"""The reader's side of search: the hits of an article opened from the results, n / N to step
through them, and escape to go back to the results.

The hits are the reader's highlight layer ``search`` (empty when the query matched only the title
or the entity names); the current hit is where the sentence cursor goes. Showing another article
drops the layer (the reader clears its layers), and with it these keys, which then fall through
to whatever else they do.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.style import Style
from textual.message import Message
from textual.widget import Widget

from tuiread.corpus import Span

SEARCH_LAYER = "search"


@dataclass(frozen=True, slots=True)
class HitPosition:
    number: int  # 1-based, for people
    total: int
    span: Span


class SearchHitsMixin:
    """Mixed into the Reader (before its other mixins: ``check_action`` passes the rest on)."""

    _current_hit: int | None = None  # raw start of the hit the cursor was put on

    @dataclass
    class HitMoved(Message):
        """The cursor went to a search hit (``position`` None: the article has none to go to)."""

        reader: Widget
        position: HitPosition | None

    @dataclass
    class BackToResults(Message):
        """Escape in a reader showing a search result: the app shows the results again."""

        reader: Widget

    def show_search_hits(self, spans: list[Span], style: Style) -> None:
        """Mark ``spans`` as the search layer and put the cursor on the first of them."""
        self.set_highlights(SEARCH_LAYER, [(s.start, s.end) for s in spans], style)
        self._current_hit = None
        hits = self.highlight_spans(SEARCH_LAYER) or []
        if hits:
            self._go_to_hit(hits, 0)
        else:
            self.post_message(self.HitMoved(self, None))

    @property
    def shows_search_result(self) -> bool:
        """The article was opened from the search results (and is still shown)."""
        return self.highlight_spans(SEARCH_LAYER) is not None

    def search_hits(self) -> list[Span]:
        return self.highlight_spans(SEARCH_LAYER) or []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: still listed, but the key falls through (escape to the next binding).
        if action == "back_to_results" and not self.shows_search_result:
            return None
        if action in ("next_hit", "prev_hit") and not self.search_hits():
            return None
        return super().check_action(action, parameters)

    def action_next_hit(self) -> None:
        self._step(+1)

    def action_prev_hit(self) -> None:
        self._step(-1)

    def action_back_to_results(self) -> None:
        self.post_message(self.BackToResults(self))

    def _step(self, step: int) -> None:
        hits = self.search_hits()
        if not hits:
            return
        starts = [h.start for h in hits]
        cursor = self.cursor_span
        current = self._current_hit
        if current is not None and cursor is not None and cursor.start <= current < cursor.end:
            # From the current hit (several may share the cursor's sentence).
            index = (bisect_right(starts, current) if step > 0
                     else bisect_left(starts, current) - 1)
        elif cursor is not None:
            # The cursor was moved away: the next (or previous) hit from where it is now.
            index = (bisect_left(starts, cursor.start) if step > 0
                     else bisect_left(starts, cursor.start) - 1)
        else:
            index = 0 if step > 0 else len(hits) - 1
        if not 0 <= index < len(hits):
            index %= len(hits)
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} hit.", timeout=2, markup=False)
        self._go_to_hit(hits, index)

    def _go_to_hit(self, hits: list[Span], index: int) -> None:
        hit = hits[index]
        self._current_hit = hit.start
        sentence = self.sentence_at(hit.start)
        if sentence is not None:
            self.move_cursor(sentence)
        self.scroll_to_offset(hit.start)
        self.post_message(self.HitMoved(self, HitPosition(index + 1, len(hits), hit)))
