"""The lines above the reader: title, source, words, path and notes about how the file was read."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tuiread.corpus import Article
from tuiread.textsafe import displayable
from tuiread.ui.styles import foreground

# A title taken from a long opening sentence is cut here, at a word: only the screen shortens.
TITLE_CHARS = 120


def short_title(title: str, width: int = TITLE_CHARS) -> str:
    return title if len(title) <= width else title[: width - 1].rsplit(" ", 1)[0] + "…"


class ReaderHeader(Static):
    COMPONENT_CLASSES = {"reader-header--title", "reader-header--meta", "reader-header--note"}

    DEFAULT_CSS = """
    ReaderHeader { height: auto; padding: 0 2; }
    ReaderHeader > .reader-header--title { text-style: bold; }
    ReaderHeader > .reader-header--meta { color: $text-muted; }
    ReaderHeader > .reader-header--note { color: $text-warning; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.article: Article | None = None
        self.path_text = ""
        self.show_hidden = False
        self._compact = False

    @property
    def compact(self) -> bool:
        """One line for the title and one for the rest, cut to fit (small terminals)."""
        return self._compact

    @compact.setter
    def compact(self, value: bool) -> None:
        if value != self._compact:
            self._compact = value
            self.set_class(value, "-compact")
            self.update(self._content())

    def show(self, article: Article | None, path_text: str = "", show_hidden: bool = False) -> None:
        """Describe ``article``; ``path_text`` is its path as the user should see it."""
        self.article, self.path_text, self.show_hidden = article, path_text, show_hidden
        self.update(self._content())

    def notify_style_update(self) -> None:
        # The text's colours come from the component classes: draw it again once a theme
        # change has restyled them (a theme watcher runs before the new styles are in).
        super().notify_style_update()
        if self.is_mounted:
            self.update(self._content())

    def _content(self) -> Text:
        article = self.article
        if article is None:
            return Text("")
        title = foreground(self, "reader-header--title")
        meta = foreground(self, "reader-header--meta")
        note = foreground(self, "reader-header--note")
        parts = [displayable(article.source) if article.source else "source unknown",
                 f"{article.words:,} words", displayable(self.path_text)]
        if article.date:
            parts.insert(1, displayable(article.date))
        if article.author:
            parts.insert(1, f"by {displayable(article.author)}")
        hidden = sum(1 for h in article.hidden if h.reason != "title")
        if hidden:
            verb = "shown dimmed" if self.show_hidden else "hidden"
            parts.append(f"{hidden} {verb} (H)" if self._compact
                         else f"{hidden} boilerplate {verb} (H)")
        text = Text(end="", no_wrap=self._compact, overflow="ellipsis")
        text.append(displayable(short_title(article.title)), style=title)
        text.append("\n")
        text.append(" · ".join(parts), style=meta)
        for line in article.notes:
            text.append("\n")
            text.append(f"⚠ {displayable(line)}", style=note)
        return text
