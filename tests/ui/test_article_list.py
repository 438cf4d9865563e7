"""The article list on its own: a long list, keys, clicks, and what a line shows."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult

from tests.ui.pilot import run, until
from tuiread.ui.reading.article_list import ArticleList

LONG = 100_000


@dataclass
class Fake:
    """The attributes the list reads from an article."""

    id: str
    title: str
    source: str | None = None
    date: str | None = None
    words: int = 0


class ListApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        self.events.append(("highlighted", event.article_id))

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.events.append(("opened", event.article_id))

    def on_article_list_header_clicked(self, event: ArticleList.HeaderClicked) -> None:
        self.events.append(("header", event.column_key))


def fakes(n: int) -> list[Fake]:
    return [Fake(f"a{i:06d}", f"Title {i}", "Source" if i % 2 else None,
                 "2025-08-19" if i % 3 else None, i) for i in range(n)]


def line(widget: ArticleList, y: int) -> str:
    return widget.render_line(y).text


def test_a_hundred_thousand_articles_and_G_reaches_the_last():
    async def scenario():
        app = ListApp()
        async with app.run_test(size=(80, 24)) as pilot:
            widget = app.query_one(ArticleList)
            widget.focus()
            articles = fakes(LONG)
            widget.set_articles(articles)
            assert widget.row_count == LONG
            await pilot.press("G")
            await until(pilot, lambda: widget.current_id == articles[-1].id, "the last row")
            await until(pilot, lambda: f"Title {LONG - 1}" in line(widget, widget.size.height - 1),
                        "the last row on screen")
            assert app.events[-1] == ("highlighted", articles[-1].id)
            await pilot.press("g")
            assert widget.current_id == articles[0].id
            await pilot.press("pagedown")
            assert widget.cursor_row == widget.size.height - 1  # a page: the rows under the header

    run(scenario)


def test_a_line_shows_its_columns_literally_and_the_header_its_sort():
    async def scenario():
        app = ListApp()
        async with app.run_test(size=(80, 10)) as pilot:
            widget = app.query_one(ArticleList)
            widget.sort_key, widget.reverse = "words", True
            widget.copies = {"x": 2}
            widget.set_articles([Fake("x", "A [bold]markup[/bold] title\x1b[31m", None, None, 1234),
                                 Fake("y", "Plain", "Wire", "2025-08-19T10:00", 5)])
            await pilot.pause()
            header = line(widget, 0)
            assert "Title" in header and "Words ▼" in header
            first = line(widget, 1)
            assert "⧉2 A [bold]markup[/bold] title␛[31m" in first
            assert "—" in first and first.rstrip().endswith("1,234")
            assert "Wire" in line(widget, 2) and "2025-08-19" in line(widget, 2)
            assert "T10" not in line(widget, 2)
            # A title longer than its column ends in an ellipsis.
            widget.set_articles([Fake("z", "word " * 40, "Wire", None, 3)])
            await pilot.pause()
            assert "…" in line(widget, 1)

    run(scenario)


def test_clicks_highlight_then_open_and_the_header_sorts():
    async def scenario():
        app = ListApp()
        async with app.run_test(size=(80, 10)) as pilot:
            widget = app.query_one(ArticleList)
            articles = fakes(5)
            widget.set_articles(articles)
            await pilot.pause()
            await pilot.click(ArticleList, offset=(3, 3))  # the third row
            await until(pilot, lambda: ("highlighted", articles[2].id) in app.events, "highlight")
            assert widget.current_id == articles[2].id
            await pilot.click(ArticleList, offset=(3, 3))
            await until(pilot, lambda: ("opened", articles[2].id) in app.events, "open")
            await pilot.click(ArticleList, offset=(2, 0))
            await until(pilot, lambda: ("header", "title") in app.events, "header click")

    run(scenario)


def test_the_cursor_stays_on_the_kept_article_and_narrow_panes_drop_columns():
    async def scenario():
        app = ListApp()
        async with app.run_test(size=(80, 10)) as pilot:
            widget = app.query_one(ArticleList)
            articles = fakes(50)
            widget.set_articles(articles)
            assert widget.select_id(articles[40].id)
            assert not widget.select_id("missing")
            widget.set_articles(list(reversed(articles)))
            assert widget.current_id == articles[40].id
            await pilot.pause()
            assert "Title 40" in "\n".join(line(widget, y) for y in range(widget.size.height))
            assert set(widget._widths) == {"title", "source", "date", "words"}
            await pilot.resize_terminal(40, 10)
            await until(pilot, lambda: set(widget._widths) == {"title", "source"}, "narrow")

    run(scenario)
