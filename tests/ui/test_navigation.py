"""Going places and coming back: the back stack from the comparison, the entity panel and the
search results; q in a sub-view; n / N through an entity's mentions; find in the article; the
reader at 80x24; the list choices remembered; NO_COLOR; theme changes."""

from __future__ import annotations

from tests.ui.pilot import entities_ready, index_ready, run, settle, toasts, until
from tuiread.config import Settings
from tuiread.ui.compare.screen import CompareScreen
from tuiread.ui.entities.marks import FOUND_LAYER, MENTIONS_LAYER
from tuiread.ui.entities.panel import MENTIONS, EntityPanel
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.reading.find import FIND_LAYER, FindBox
from tuiread.ui.reading.reader_header import ReaderHeader
from tuiread.ui.search.screen import SearchScreen

SIZE = (120, 36)


def test_comparison_row_to_the_reader_and_back_to_the_same_row(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            other = sorted(a.id for a in app.corpus.articles)[1]
            await pilot.press("d")
            await settle(pilot)
            await pilot.press(*other[:3], "enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            await pilot.press("right_square_bracket", "right_square_bracket", "l")
            row, scroll = screen.view.cursor_row, screen.view.scroll_y
            target = screen.view.current()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.main_screen.reader.article is target.article
            await pilot.press("escape")  # back, to the very row
            await settle(pilot)
            assert app.screen is screen
            assert (screen.view.cursor_row, screen.view.scroll_y) == (row, scroll)
            assert screen.view.current() == target
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("backspace")  # Backspace goes back too
            await settle(pilot)
            assert app.screen is screen and screen.view.cursor_row == row
            await pilot.press("q")  # q in a sub-view: back one level, not out of the app
            await settle(pilot)
            assert isinstance(app.screen, MainScreen) and app.is_running
            await pilot.press("escape")  # the comparison was closed: nothing to go back to
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            await pilot.press("q")  # the top level quits
            await until(pilot, lambda: not app.is_running, "the app to quit")

    run(scenario)


def test_entity_mention_to_the_reader_n_steps_its_mentions_and_back(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await entities_ready(pilot)
            await pilot.press("e", *"zelensk")
            await settle(pilot)
            panel = app.screen
            assert isinstance(panel, EntityPanel)
            await pilot.press("down", "enter")  # the first entity's mentions
            await settle(pilot)
            assert panel.view == MENTIONS
            entity = panel.entity
            await pilot.press("down")
            chosen = panel.mention
            highlighted = panel.options.highlighted
            await pilot.press("enter")
            await settle(pilot)
            reader = app.main_screen.reader
            assert app.screen is app.main_screen and reader.article.id == chosen.article_id
            assert reader.highlight_spans(FOUND_LAYER) == [(chosen.start, chosen.end)]
            stops = [(m.start, m.end) for m in entity.mentions
                     if m.article_id == chosen.article_id]
            assert reader.highlight_spans(MENTIONS_LAYER) == sorted(stops)
            if len(stops) > 1:
                await pilot.press("n")  # the next mention of the same entity, boxed
                await settle(pilot)
                found = reader.highlight_spans(FOUND_LAYER)
                assert found and found[0] != (chosen.start, chosen.end)
                assert tuple(found[0]) in stops
                assert "mention" in app.main_screen.query_one("#reader-pane").border_subtitle
            await pilot.press("escape")  # back to the mentions, at the same row
            await settle(pilot)
            assert app.screen is panel
            assert panel.view == MENTIONS and panel.options.highlighted == highlighted
            await pilot.press("enter")
            await settle(pilot)
            # Moving on drops the box (the mentions stay for n / N).
            await pilot.press("G", "left_parenthesis")
            await settle(pilot)
            cursor = reader.cursor_span
            if not cursor.start <= chosen.start < cursor.end:
                assert reader.highlight_spans(FOUND_LAYER) is None

    run(scenario)


def test_search_result_to_the_reader_and_back_and_q_goes_back(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await index_ready(pilot)
            await pilot.press("s", *"putin")
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            await until(pilot, lambda: len(screen.result_list.hits) >= 2, "results")
            await pilot.press("tab", "j")
            chosen = screen.result_list.current
            await pilot.press("enter")
            await settle(pilot)
            assert app.main_screen.reader.article.id == chosen.id
            assert "hit 1 of" in app.main_screen.query_one("#reader-pane").border_subtitle
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen and screen.result_list.current == chosen
            assert screen.result_list.has_focus
            await pilot.press("q")  # from the results list: back, the app keeps running
            await settle(pilot)
            assert isinstance(app.screen, MainScreen) and app.is_running

    run(scenario)


def test_slash_in_the_reader_finds_in_the_article_and_n_steps(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            main = app.main_screen
            reader = main.reader
            await pilot.press("r", "slash", *"PUTIN")
            await settle(pilot)
            box = main.query_one(FindBox)
            assert box.display and box.has_focus
            text = reader.article.text.casefold()
            expected = text.count("putin")
            spans = reader.highlight_spans(FIND_LAYER)
            assert 1 < len(spans) <= expected  # matches in hidden boilerplate are left out
            assert all(reader.article.text[s.start:s.end].casefold() == "putin" for s in spans)
            await pilot.press("enter")
            await settle(pilot)
            assert not box.display and reader.has_focus
            first = reader.cursor_span
            await pilot.press("n")
            await settle(pilot)
            assert "match 2 of" in main.query_one("#reader-pane").border_subtitle
            assert reader.cursor_span.start >= first.start
            await pilot.press("N", "N")  # wraps around to the last match, and says so
            await settle(pilot)
            assert f"match {len(spans)} of {len(spans)}" in (
                main.query_one("#reader-pane").border_subtitle)
            # Corpus search stays one key away.
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)

    run(scenario)


def test_at_80x24_the_reader_keeps_the_rows_and_help_stays_in_the_footer(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            main = app.main_screen
            header = main.query_one(ReaderHeader)
            assert header.compact and header.size.height <= 2
            assert main.reader.size.height >= 16
            footer = app.screen.query_one("Footer")
            keys = [str(getattr(item, "description", "")) for item in footer.query("FooterKey")]
            assert keys[0] == "Help"
            width = main.reader.size.width
            await pilot.press("z")  # the list hidden: a full-width reader
            await settle(pilot)
            assert not main.query_one("#list-pane").display
            assert main.reader.size.width > width and main.reader.has_focus

    run(scenario)


def test_the_ends_of_the_list_are_said(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert any("first article" in t for t in toasts(app))
            await pilot.press("G", "right_square_bracket")
            await settle(pilot)
            assert any("last article" in t for t in toasts(app))

    run(scenario)


def test_sort_order_and_the_hidden_list_are_remembered(make_app, seeds_dir):
    async def first_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "O", "z")
            await settle(pilot)
            main = app.main_screen
            assert (main.sort_key, main.reverse, main.list_hidden) == ("title", True, True)

    async def second_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            main = app.main_screen
            assert (main.sort_key, main.reverse, main.list_hidden) == ("title", True, True)
            assert not main.query_one("#list-pane").display
            titles = [a.title.casefold() for a in main.article_list.articles]
            assert titles == sorted(titles, reverse=True)

    run(first_run)
    run(second_run)


def test_no_color_starts_and_draws_the_reader(make_app, seeds_dir, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            reader = app.main_screen.reader
            lines = [reader.render_line(y).text for y in range(reader.size.height)]
            assert any(reader.article.title.split()[0] in line for line in lines) or any(
                line.strip() for line in lines)
            await pilot.press("d")  # the comparison draws its own lines too
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen)
            await pilot.press("j", "j")
            await settle(pilot)

    run(scenario)


def test_a_theme_change_redraws_the_header_in_the_new_colours(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir], Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            header = app.main_screen.query_one(ReaderHeader)

            def title_colour():
                strip = header.render_lines(header.region.reset_offset)[0]
                return next(seg.style.color for seg in strip if seg.text.strip())

            dark = title_colour()
            app.theme = "textual-light"
            await settle(pilot)
            light = title_colour()
            assert light != dark
            wanted = header.get_component_rich_style("reader-header--title").color
            assert light == wanted

    run(scenario)


def test_the_help_scrolls_with_the_reader_keys(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            scroll = app.screen.query_one("#help-scroll")
            await pilot.press("G")
            await settle(pilot)
            assert scroll.scroll_y == scroll.max_scroll_y > 0
            await pilot.press("g")
            await settle(pilot)
            assert scroll.scroll_y == 0
            await pilot.press("space")
            await settle(pilot)
            assert scroll.scroll_y > 0

    run(scenario)
