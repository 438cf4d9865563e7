"""Every key binding is declared once, with its id, and reaches the palette and the help."""

from __future__ import annotations

from collections import Counter

from textual.binding import Binding

from tests.ui.pilot import run
from tuiread import keymap
from tuiread.ui.annotations.dialog import AnnotationDialog
from tuiread.ui.annotations.export_dialog import ExportDialog
from tuiread.ui.annotations.panel import AnnotationsPanel
from tuiread.ui.app import TuireadApp
from tuiread.ui.compare.picker import ComparePicker
from tuiread.ui.compare.screen import CompareScreen
from tuiread.ui.compare.view import CompareView
from tuiread.ui.entities.dialogs import EntityDialog, EntityPicker
from tuiread.ui.entities.panel import EntityPanel
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.palette import screen_commands
from tuiread.ui.reading.article_list import ArticleList
from tuiread.ui.reading.find import FindBox
from tuiread.ui.reading.reader import Reader
from tuiread.ui.search.query_box import QueryBox
from tuiread.ui.search.results import ResultList
from tuiread.ui.search.screen import SearchScreen
from tuiread.ui.shared.help import HelpScreen
from tuiread.ui.shared.problems import ProblemsScreen
from tuiread.ui.trace.screen import TraceScreen
from tuiread.ui.web.add_dialog import AddDialog
from tuiread.ui.web.copies_screen import CopiesScreen

CLASSES = (TuireadApp, MainScreen, ArticleList, Reader, HelpScreen, ProblemsScreen,
           CompareScreen, ComparePicker, CompareView, AnnotationDialog, AnnotationsPanel,
           ExportDialog, EntityPanel, EntityDialog, EntityPicker, SearchScreen, QueryBox,
           ResultList, FindBox, TraceScreen, AddDialog, CopiesScreen)
# Bindings of the "Everywhere" section that several screens declare, each for itself: the
# reading and comparison screens both annotate, and each full screen shows help first.
SHARED = {"app.annotations", "app.export_annotations", "app.undo_annotation", "app.help"}


def test_every_keyspec_is_bound_exactly_once_with_its_id():
    declared = Counter(
        item.id for cls in CLASSES for item in vars(cls)["BINDINGS"] if isinstance(item, Binding)
    )
    assert set(declared) == set(keymap.BINDING_IDS)
    assert {i for i, n in declared.items() if n > 1} <= SHARED
    for cls in CLASSES:
        for item in vars(cls)["BINDINGS"]:
            assert item.description, item.id


def test_palette_offers_every_main_screen_action(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(pilot)
            names = {c.name for c in screen_commands(app.screen, {})}
            main_specs = [s for s in keymap.KEYS if s.section in ("app", "reader", "list")
                          and s.action != "command_palette"]
            # Clear filter is offered only while a filter is open, back after going somewhere.
            expected = {s.description for s in main_specs
                        if s.action not in ("clear_filter", "back")}
            assert expected <= names
            assert "Clear and close the filter" not in names

    run(scenario)
