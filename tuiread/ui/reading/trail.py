"""The reader's trail: places to step through with n / N. Search hits of an article opened from
the results, the mentions of an entity jumped to, the matches of a find in the article.

A trail is one highlight layer of the reader (empty when a search matched only the title or the
entity names); the current stop is where the sentence cursor goes. Showing another article drops
the layer (the reader clears its layers), and with it these keys, which then fall through to
whatever else they do.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.style import Style
from textual.message import Message
from textual.widget import Widget

from tuiread.corpus import Span
from tuiread.ui.reading.layers import Layer


@dataclass(frozen=True, slots=True)
class Trail:
    """What the stops are: ``layer`` holds them, ``what`` names one ("hit", "mention",
    "match") and ``about`` says of what (the query, the entity), for the status line."""

    layer: Layer
    what: str
    about: str = ""


@dataclass(frozen=True, slots=True)
class HitPosition:
    number: int  # 1-based, for people
    total: int
    span: Span


class TrailMixin:
    """Mixed into the Reader (before its other mixins: ``check_action`` passes the rest on).
    It uses the reader's ``set_highlights``, ``highlight_spans``, ``clear_highlights``,
    ``cursor_span``, ``sentence_at``, ``move_cursor`` and ``scroll_to_offset``."""

    trail: Trail | None = None
    _current_hit: int | None = None  # raw start of the stop the cursor was put on

    @dataclass
    class HitMoved(Message):
        """The cursor went to a stop of the trail (``position`` None: there is none)."""

        reader: Widget
        trail: Trail
        position: HitPosition | None

    def show_trail(self, trail: Trail, spans: list[Span], style: Style,
                   first: int = 0) -> None:
        """Mark ``spans`` as the trail's layer and put the cursor on stop ``first``."""
        if self.trail is not None and self.trail.layer != trail.layer:
            self.clear_highlights(self.trail.layer)
        self.trail = trail
        self.set_highlights(trail.layer, [(s.start, s.end) for s in spans], style)
        self._current_hit = None
        hits = self.trail_stops()
        if hits:
            self._go_to_hit(hits, max(0, min(first, len(hits) - 1)))
        else:
            self.post_message(self.HitMoved(self, trail, None))

    def end_trail(self) -> None:
        if self.trail is not None:
            self.clear_highlights(self.trail.layer)
            self.trail = None

    @property
    def has_trail(self) -> bool:
        """A trail is shown on the article (it goes with the article)."""
        return self.trail is not None and self.highlight_spans(self.trail.layer) is not None

    def trail_stops(self) -> list[Span]:
        if self.trail is None:
            return []
        return self.highlight_spans(self.trail.layer) or []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: still listed, but the key falls through.
        if action in ("next_hit", "prev_hit") and not self.trail_stops():
            return None
        return super().check_action(action, parameters)

    def action_next_hit(self) -> None:
        self._step(+1)

    def action_prev_hit(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        hits = self.trail_stops()
        if not hits or self.trail is None:
            return
        starts = [h.start for h in hits]
        cursor = self.cursor_span
        current = self._current_hit
        if current is not None and cursor is not None and cursor.start <= current < cursor.end:
            # From the current stop (several may share the cursor's sentence).
            index = (bisect_right(starts, current) if step > 0
                     else bisect_left(starts, current) - 1)
        elif cursor is not None:
            # The cursor was moved away: the next (or previous) stop from where it is now.
            index = (bisect_left(starts, cursor.start) if step > 0
                     else bisect_left(starts, cursor.start) - 1)
        else:
            index = 0 if step > 0 else len(hits) - 1
        if not 0 <= index < len(hits):
            index %= len(hits)
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} {self.trail.what}.", timeout=2,
                        markup=False)
        self._go_to_hit(hits, index)

    def _go_to_hit(self, hits: list[Span], index: int) -> None:
        hit = hits[index]
        self._current_hit = hit.start
        sentence = self.sentence_at(hit.start)
        if sentence is not None:
            self.move_cursor(sentence)
        self.scroll_to_offset(hit.start)
        if self.trail is not None:
            self.post_message(self.HitMoved(self, self.trail,
                                            HitPosition(index + 1, len(hits), hit)))
