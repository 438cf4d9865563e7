"""Find in the article being read (``/`` in the reader, as in less): a box under the reader;
every match is marked as the reader's trail while typing, Enter goes back to reading, and n / N
step through the matches."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import Input

from tuiread.corpus import Article, Span
from tuiread.ui.bindings import bindings
from tuiread.ui.reading.layers import Layer

FIND_LAYER = Layer("find", "matches")


def find_in(article: Article, text: str, show_hidden: bool) -> list[Span]:
    """Where ``text`` occurs in the article, ignoring case (not in hidden boilerplate unless it
    is shown)."""
    needle = text.strip()
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    hidden = [] if show_hidden else [(h.start, h.end) for h in article.hidden]
    found = []
    for match in pattern.finditer(article.text):
        start, end = match.span()
        if not any(h_start <= start and end <= h_end for h_start, h_end in hidden):
            found.append(Span(start, end))
    return found


class FindBox(Input):
    BINDINGS = bindings("find.close")

    DEFAULT_CSS = """
    FindBox { display: none; }
    """

    @dataclass
    class Typed(Message):
        """What to find changed (empty: nothing to find)."""

        text: str

    class Done(Message):
        """Enter or Esc: back to reading."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Find in this article (Enter: read on, n / N: next)",
                         id=id, compact=True)

    def open(self) -> None:
        self.display = True
        self.focus()
        if self.value:
            self.select_all()

    def close(self) -> None:
        self.display = False

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Typed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Done())

    def action_close(self) -> None:
        self.close()
        self.post_message(self.Done())
