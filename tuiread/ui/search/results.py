"""The search results: one option per article (title, source and score, then its snippets with
the matched words marked), in rank order.

Article text goes through ``displayable`` into ``rich.text.Text`` with styles, never into markup,
so a "[bold]" or an escape sequence in an article shows as written.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuiread.search import SearchHit
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.ui.reading.reader_header import short_title
from tuiread.ui.styles import foreground

# The rank's column: the title and snippets sit beside it.
RANK_CELLS = 4


class ResultList(OptionList):
    BINDINGS = bindings("search.down", "search.up")

    COMPONENT_CLASSES = {
        "result-list--title",
        "result-list--meta",
        "result-list--snippet",
        "result-list--match",
    }

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    ResultList > .result-list--title { text-style: bold; }
    ResultList > .result-list--meta { color: $text-muted; }
    ResultList > .result-list--snippet { color: $text; }
    ResultList > .result-list--match { color: $text-warning; text-style: bold underline; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[SearchHit] = []

    def show_hits(self, hits: list[SearchHit], keep: str | None = None) -> None:
        """List ``hits``; the highlight stays on article ``keep`` if it is still listed."""
        self.hits = list(hits)
        options: list[Option | None] = []
        for rank, hit in enumerate(self.hits, 1):
            if options:
                options.append(None)  # a rule between two results
            options.append(Option(self._prompt(rank, hit), id=hit.id))
        self.set_options(options)
        ids = [hit.id for hit in self.hits]
        if ids:
            self.highlighted = self.get_option_index(keep) if keep in ids else 0
            self.scroll_to_highlight()

    def clear_results(self) -> None:
        self.hits = []
        self.clear_options()

    @property
    def current(self) -> SearchHit | None:
        option = self.highlighted_option
        if option is None:
            return None
        return next((hit for hit in self.hits if hit.id == option.id), None)

    def _prompt(self, rank: int, hit: SearchHit) -> Table:
        title = foreground(self, "result-list--title")
        meta = foreground(self, "result-list--meta")
        snippet_style = foreground(self, "result-list--snippet")
        match = foreground(self, "result-list--match")
        text = Text()
        text.append(displayable(short_title(hit.title)) or hit.id, title)
        details = [displayable(hit.source)] if hit.source else []
        details.append(f"score {hit.score:.2f}")
        if hit.stale:
            details.append("changed since it was indexed")
        text.append("  " + " · ".join(details), meta)
        lines = [text]
        for snippet in hit.snippets:
            line = Text(displayable(snippet.text), style=snippet_style)
            for span in snippet.highlights:  # one character for one: the offsets still fit
                line.stylize(match, span.start, span.end)
            lines.append(line)
        grid = Table.grid(expand=True)
        grid.add_column(width=RANK_CELLS, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(f"{rank:>2}. ", meta), Group(*lines))
        return grid

    def refresh_styles(self) -> None:
        """Draw the results again with the theme's colours (after a theme change)."""
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self.show_hits(self.hits, keep)
