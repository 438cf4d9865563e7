"""The reader widget: background layout of big articles, highlights, scrolling to offsets."""

from __future__ import annotations

from rich.style import Style

from tests.ui.pilot import run
from tuiread.config import ReaderSettings, Settings
from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader import SYNC_LAYOUT_CHARS, Reader
from tuiread.ui.reading.reader_layout import layout_article


def big_text(paragraphs: int) -> str:
    body = "\n\n".join(
        f"Paragraph {n} reports what officials in city {n} said about the talks on day {n}."
        for n in range(paragraphs)
    )
    return "Talks continue\n\n" + body + "\n"


def test_big_article_gets_its_full_layout_from_a_worker(make_app, wait_loaded, tmp_path):
    text = big_text(3000)
    assert len(text) > 2 * SYNC_LAYOUT_CHARS
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    ready = []

    def hook(message):
        if isinstance(message, Reader.LayoutReady):
            ready.append(message)

    async def scenario():
        app = make_app([tmp_path])
        async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            assert len(ready) == 1  # the first part was drawn at once, the rest came later
            full = layout_article(reader.article, reader.text_layout.width, False)
            assert reader.text_layout.complete
            assert list(reader.text_layout.starts) == list(full.starts)
            last = reader.article.paragraphs[-1]
            reader.scroll_to_offset(last.start)
            await pilot.pause()
            line = reader.text_layout.line_at(last.start)
            top = int(reader.scroll_y)
            assert top <= line < top + reader.size.height
            assert reader.line_text(line).startswith("Paragraph 2999 reports")

    run(scenario)


def test_highlights_style_raw_ranges(make_app, wait_loaded, tmp_path):
    (tmp_path / "a.txt").write_text(big_text(5), encoding="utf-8")

    async def scenario():
        app = make_app([tmp_path])
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            text = reader.article.text
            start = text.index("officials in city 3")
            end = start + len("officials in city 3")
            red = Style(bgcolor="red")
            reader.set_highlights(Layer("test"), [(start, end)], red)
            await pilot.pause()
            row = reader.text_layout.line_at(start) - int(reader.scroll_y)
            strip = reader.render_line(row)
            painted = "".join(seg.text for seg in strip
                              if seg.style and seg.style.bgcolor == red.bgcolor)
            assert painted == "officials in city 3"
            reader.clear_highlights(Layer("test"))
            strip = reader.render_line(row)
            assert not any(seg.style and seg.style.bgcolor == red.bgcolor for seg in strip)

    run(scenario)


def test_column_is_capped_and_follows_the_window(make_app, wait_loaded, tmp_path):
    (tmp_path / "a.txt").write_text(big_text(40), encoding="utf-8")
    settings = Settings(reader=ReaderSettings(max_width=60))

    async def scenario():
        app = make_app([tmp_path], settings)
        async with app.run_test(size=(200, 40)) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            assert reader.text_layout.width == 60
            await pilot.press("tab", "}", "}", "}")
            cursor = reader.cursor_span
            await pilot.resize_terminal(80, 24)
            await wait_loaded(pilot)
            assert reader.text_layout.width < 60
            widths = [len(reader.line_text(i)) for i in range(len(reader.text_layout))]
            assert max(widths) <= reader.text_layout.width
            assert reader.cursor_span == cursor

    run(scenario)
