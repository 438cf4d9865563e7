"""The comparison in the app: the picker `d` opens, the two-column screen, and the way back to
the reader. Driven with Pilot on the seed corpus (and on a near-copy of a seed article)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tests.ui.pilot import run, until
from tuiread import keymap
from tuiread.compare import compare
from tuiread.ui.compare.header import CompareHeader
from tuiread.ui.compare.layout import LEFT, RIGHT, Kind
from tuiread.ui.compare.picker import ComparePicker
from tuiread.ui.compare.screen import CompareScreen
from tuiread.ui.compare.view import CompareView
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.palette import screen_commands
from tuiread.ui.shared.help import HelpScreen

SIZE = (120, 36)



def option_ids(picker: ComparePicker) -> list[str]:
    options = picker.query_one("#picker-options", OptionList)
    return [options.get_option_at_index(n).id for n in range(options.option_count)]


async def open_comparison(pilot, wait_loaded, other_id: str) -> CompareScreen:
    """From the main screen: `d`, type the other article's id, enter."""
    await pilot.press("d")
    await wait_loaded(pilot)
    await pilot.press(*other_id[:3])
    await pilot.press("enter")
    await wait_loaded(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def test_d_opens_the_picker_with_the_others_ranked_and_typing_filters(
        make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            article = app.main_screen.reader.article
            await pilot.press("d")
            await wait_loaded(pilot)
            picker = app.screen
            assert isinstance(picker, ComparePicker)
            # Ranked as the workspace's related index ranks (candidates from the search
            # index, then the reuse re-ranking).
            ranked = app.workspace.related.related(article)
            expected = [r.article.id for r in ranked]
            assert len(expected) == 4 and article.id not in expected
            await until(pilot, lambda: option_ids(picker) == expected, "the ranked order")
            # The reuse figures are shown beside each title.
            first = picker.options.get_option_at_index(0).prompt.plain
            best = ranked[0]
            assert f"{best.reuse.left:.0%}" in first and best.article.title[:30] in first
            assert first.lstrip().startswith(f"{best.score:.3f}")
            bloomberg = next(a for a in app.corpus.articles if a.source == "Bloomberg")
            await pilot.press(*"bloomberg")
            assert picker.query_one(Input).value == "bloomberg"
            assert option_ids(picker) == [bloomberg.id]
            await pilot.press(*["backspace"] * len("bloomberg"), *"xqzv")
            assert option_ids(picker) == []
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)

    run(scenario)


def test_choosing_opens_the_comparison_with_both_titles_and_reuse(make_app, wait_loaded,
                                                                 seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            left = app.main_screen.reader.article
            right = app.corpus.get(sorted(a.id for a in app.corpus.articles)[1])
            screen = await open_comparison(pilot, wait_loaded, right.id)
            expected = compare(left, right)
            assert screen.comparison.left is left and screen.comparison.right is right
            header = screen.query_one(CompareHeader).render().plain
            assert left.title[:25] in header and right.title[:25] in header
            assert f"{expected.reuse.left:.0%} has a counterpart" in header
            assert f"{expected.reuse.right:.0%} has a counterpart" in header
            view = screen.query_one(CompareView)
            # Runs of one-sided rows start folded; z unfolds them all.
            assert view.folded > 0 and view.row_count == len(expected.rows) - view.folded
            assert f"{view.folded:,} one-sided rows folded (z)" in header
            await pilot.press("z")
            assert view.folded == 0 and view.row_count == len(expected.rows)
            assert app.focused is view
            # Each row starts on one display line: its sentences face each other.
            row = next(n for n, r in enumerate(expected.rows) if r.left and r.right)
            first_line = view.layout.lines_of(row).start
            drawn = view.line_text(first_line)
            assert expected.rows[row].left.text.split()[0] in drawn
            assert expected.rows[row].right.text.split()[0] in drawn

    run(scenario)


def test_brackets_move_between_differences_and_h_l_switch_side(make_app, wait_loaded,
                                                                seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            other_id = sorted(a.id for a in app.corpus.articles)[1]
            screen = await open_comparison(pilot, wait_loaded, other_id)
            view = screen.view
            await pilot.press("z")  # every row shown: j moves to the next one
            rows, infos = screen.comparison.rows, view.infos
            assert view.cursor_row == 0
            await pilot.press("right_square_bracket")
            first = view.cursor_row
            assert first > 0
            # It stops where a difference starts: not inside a run of one side's sentences.
            kind = infos[first].kind
            assert kind != Kind.PAIR or rows[first].changes
            assert kind == Kind.PAIR or infos[first - 1].kind != kind
            await pilot.press("right_square_bracket")
            assert view.cursor_row > first
            await pilot.press("left_square_bracket")
            assert view.cursor_row == first
            await pilot.press("j")
            assert view.cursor_row == first + 1
            await pilot.press("l")
            assert view.side == RIGHT
            await pilot.press("h")
            assert view.side == LEFT
            await pilot.press("G")
            assert view.cursor_row == len(rows) - 1
            lines = view.layout.lines_of(view.cursor_row)
            top = int(view.scroll_y)
            assert top <= lines.start and lines.stop <= top + view.size.height

    run(scenario)


def near_copy(seeds_dir: Path, tmp_path: Path) -> list[Path]:
    """A seed article and a copy with one figure changed and one sentence dropped: most pairs
    are identical, one is near-identical but holds a discrepancy."""
    source = sorted(seeds_dir.glob("*.txt"))[0]
    text = source.read_text(encoding="utf-8")
    copy = text.replace("Monday", "Tuesday", 1)
    dropped = "Trump also posted that the White House session"
    start = copy.index(dropped)
    copy = copy[:start] + copy[copy.index(".", start) + 1:]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Wire copy\n\n" + copy, encoding="utf-8")
    return [tmp_path / "a.txt", tmp_path / "b.txt"]


def test_hiding_similar_pairs_changes_the_row_count(make_app, wait_loaded, seeds_dir,
                                                     tmp_path):
    async def scenario():
        app = make_app(near_copy(seeds_dir, tmp_path))
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            other = next(a for a in app.corpus.articles if a is not app.main_screen.reader.article)
            await pilot.press("d")
            await wait_loaded(pilot)
            await pilot.press("enter")
            await wait_loaded(pilot)
            screen = app.screen
            assert isinstance(screen, CompareScreen) and screen.comparison.right is other
            view = screen.view
            rows = screen.comparison.rows
            identical = sum(1 for r in rows if r.left and r.right and not r.changes)
            assert identical > 0 and view.row_count == len(rows)
            await pilot.press("i")
            assert view.hide_similar
            assert view.row_count <= len(rows) - identical
            shown = [rows[n] for n in view.shown]
            assert all(not (r.left and r.right and not r.changes) for r in shown)
            # The dropped sentence is still shown, on its side against a blank.
            assert any(r.right is None for r in shown)
            header = screen.query_one(CompareHeader).render().plain
            assert f"{len(rows) - view.row_count} similar pairs hidden" in header
            await pilot.press("i")
            assert view.row_count == len(rows)

    run(scenario)


def test_swap_exchanges_the_sides_and_keeps_the_sentence(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            left = app.main_screen.reader.article
            right = app.corpus.get(sorted(a.id for a in app.corpus.articles)[1])
            screen = await open_comparison(pilot, wait_loaded, right.id)
            await pilot.press("right_square_bracket")
            before = screen.view.current()
            await pilot.press("s")
            await wait_loaded(pilot)
            assert screen.comparison.left is right and screen.comparison.right is left
            header = screen.query_one(CompareHeader).render().plain
            assert header.index(right.title[:25]) < header.index(left.title[:25])
            after = screen.view.current()
            assert after.article is before.article and after.part == before.part
            assert after.side != before.side

    run(scenario)


def test_enter_opens_the_reader_at_the_sentence(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            right = app.corpus.get(sorted(a.id for a in app.corpus.articles)[1])
            screen = await open_comparison(pilot, wait_loaded, right.id)
            await pilot.press("right_square_bracket", "l")
            target = screen.view.current()
            # A sentence past the first, so that opening at the top would not pass for it.
            for _ in range(10):
                if target.sentence > 0:
                    break
                await pilot.press("right_square_bracket")
                target = screen.view.current()
            assert target.article is right and target.sentence > 0
            await pilot.press("enter")
            await wait_loaded(pilot)
            main = app.screen
            assert isinstance(main, MainScreen)
            assert main.reader.article is right
            assert main.reader.cursor_span == right.sentences[target.sentence]
            assert main.article_list.current_id == right.id
            assert app.focused is main.reader

    run(scenario)


def test_discrepancy_list_jumps_to_its_row(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            ids = sorted(a.id for a in app.corpus.articles)
            # Seeds 001 and 003 give the call's length differently.
            app.main_screen.open_article(ids[1])
            screen = await open_comparison(pilot, wait_loaded, ids[3])
            found = [d for d in screen.comparison.discrepancies if d.row is not None]
            assert found
            issues = screen.query_one("#compare-issues", OptionList)
            assert issues.display and issues.option_count == len(
                screen.comparison.discrepancies) + (
                len(screen.comparison.quotes) + 1 if screen.comparison.quotes else 0)
            await pilot.press("tab")
            assert app.focused is issues
            index = screen.comparison.discrepancies.index(found[0])
            assert issues.highlighted == 0
            await pilot.press(*["down"] * index, "enter")
            assert screen.view.cursor_row == found[0].row
            assert app.focused is screen.view
            assert screen.view.infos[found[0].row].marker == "!"

    run(scenario)


def test_compare_keys_are_in_the_palette_and_the_help(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            names = {c.name for c in screen_commands(app.screen, {})}
            assert keymap.by_id()["app.compare"].description in names
            other_id = sorted(a.id for a in app.corpus.articles)[1]
            screen = await open_comparison(pilot, wait_loaded, other_id)
            names = {c.name for c in screen_commands(screen, {})}
            compare_specs = [s for s in keymap.KEYS if s.section == "compare"]
            assert {s.description for s in compare_specs} <= names
            await pilot.press("question_mark")
            await wait_loaded(pilot)
            assert isinstance(app.screen, HelpScreen)
            text = app.screen.help_text.plain
            assert "Comparison" in text and "Next difference" in text
            assert "Compare with the highlighted article" in text

    run(scenario)


def test_clicking_a_column_puts_the_cursor_there(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            other_id = sorted(a.id for a in app.corpus.articles)[1]
            screen = await open_comparison(pilot, wait_loaded, other_id)
            view = screen.view
            row = next(n for n, r in enumerate(screen.comparison.rows)
                       if n > 0 and r.left and r.right)
            view.scroll_to(y=view.layout.lines_of(row).start, animate=False, immediate=True)
            await pilot.pause()
            await pilot.click(CompareView, offset=(view.size.width - 10, 0))
            assert (view.cursor_row, view.side) == (row, RIGHT)
            # The cursor row keeps a margin above it: the view may have scrolled.
            y = view.layout.lines_of(row).start - int(view.scroll_y)
            await pilot.click(CompareView, offset=(6, y))
            assert (view.cursor_row, view.side) == (row, LEFT)

    run(scenario)


def test_a_failed_comparison_is_reported_in_the_view(make_app, wait_loaded, seeds_dir,
                                                     monkeypatch):
    def broken(left, right):
        raise ValueError("alignment broke")

    monkeypatch.setattr("tuiread.ui.compare.screen.compare", broken)

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await pilot.press("d")
            await wait_loaded(pilot)
            await pilot.press("enter")
            await wait_loaded(pilot)
            view = app.screen.query_one(CompareView)
            assert view.comparison is None
            lines = [view.render_line(y).text.strip() for y in range(3)]
            assert "The comparison failed: alignment broke" in lines
            await pilot.press("right_square_bracket", "s", "i", "enter", "j")
            assert isinstance(app.screen, CompareScreen)

    run(scenario)
