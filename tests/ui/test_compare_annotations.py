"""Annotations in the comparison screen: both articles' annotations drawn in their colour, a
quick highlight and the edit dialog on either side, and the reader seeing the same store."""

from __future__ import annotations

from tests.ui.pilot import run, settle
from tests.ui.test_annotations import layer, trimmed
from tests.ui.test_compare import open_comparison
from tuiread import keymap
from tuiread.ui.annotations.dialog import AnnotationDialog
from tuiread.ui.annotations.marks import CURRENT_LAYER, tint
from tuiread.ui.compare.layout import LEFT, RIGHT, row_of_offset
from tuiread.ui.compare.screen import CompareScreen
from tuiread.ui.compare.view import CompareView
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.reading.layers import Layer

SIZE = (120, 36)
YELLOW = Layer("annotations", "yellow")


def key(binding_id: str) -> str:
    """The first default key of a binding, so the test follows the key map."""
    return keymap.by_id()[binding_id].keys.split(",")[0]


def drawn_tints(view: CompareView, row: int) -> set:
    """The background colours drawn on the first display line of comparison row ``row``."""
    view.move_to_row(row)
    y = view.layout.lines_of(row).start - int(view.scroll_y)
    return {segment.style.bgcolor for segment in view.render_line(y) if segment.style}


def test_annotations_show_and_change_on_both_sides_of_the_comparison(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            reader = app.main_screen.reader
            left_article = reader.article
            assert left_article.id.startswith("000")
            left_span = trimmed(left_article, *left_article.sentences[0])
            await pilot.press("r", "h")  # highlighted in the reader
            await settle(pilot)

            screen = await open_comparison(pilot, wait_loaded=settle, other_id="001")
            view = screen.view
            comparison = screen.comparison
            right_article = comparison.right
            assert comparison.left.id == left_article.id and right_article.id.startswith("001")
            assert view.highlight_spans(left_article.id, YELLOW) == [left_span]
            assert view.highlight_spans(right_article.id, YELLOW) == []
            yellow = tint("yellow", view.background_colors[1]).bgcolor
            left_row = row_of_offset(comparison, LEFT, left_span[0])
            assert yellow in drawn_tints(view, left_row)

            # A quick highlight on the right side of a row holding both sides.
            row = next(n for n, r in enumerate(comparison.rows)
                       if r.left is not None and r.right is not None and n != left_row)
            view.move_to_row(row, RIGHT)
            await pilot.pause()
            assert yellow not in drawn_tints(view, row)
            await pilot.press(key("compare.highlight"))
            await settle(pilot)
            part = comparison.rows[row].right
            right_span = trimmed(right_article, part.start, part.end)
            store = app.services.annotations.store
            made = [a for a in store.list() if a.article.id == right_article.id]
            assert [(a.position.start, a.position.end) for a in made] == [right_span]
            assert view.highlight_spans(right_article.id, YELLOW) == [right_span]
            assert view.highlight_spans(right_article.id, CURRENT_LAYER) == [right_span]
            assert yellow in drawn_tints(view, row)

            # m opens it; Delete takes the tint away, u brings it back.
            await pilot.press(key("compare.edit_annotation"))
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, AnnotationDialog) and dialog.editing
            assert dialog.quote == right_article.text[slice(*right_span)]
            await pilot.click("#note-delete")
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen)
            assert len(app.services.annotations.store.list()) == 1
            assert view.highlight_spans(right_article.id, YELLOW) == []
            assert yellow not in drawn_tints(view, row)
            assert view.highlight_spans(left_article.id, YELLOW) == [left_span]
            await pilot.press("u")
            await settle(pilot)
            assert view.highlight_spans(right_article.id, YELLOW) == [right_span]

            # Enter opens the sentence in the reader, which draws the same highlight.
            view.move_to_row(row, RIGHT)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert reader.article.id == right_article.id
            assert layer(reader, "yellow") == [right_span]

    run(scenario)
