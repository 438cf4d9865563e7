"""Every key binding is declared once, with its id, and reaches the palette and the help."""

from __future__ import annotations

import asyncio
from collections import Counter

from textual.binding import Binding

from tuiread import keymap
from tuiread.ui.app import TuireadApp
from tuiread.ui.commands import screen_commands
from tuiread.ui.screens.annotation_dialog import AnnotationDialog
from tuiread.ui.screens.annotation_export import ExportDialog
from tuiread.ui.screens.annotations_panel import AnnotationsPanel
from tuiread.ui.screens.compare import CompareScreen
from tuiread.ui.screens.compare_picker import ComparePicker
from tuiread.ui.screens.entity_dialogs import EntityDialog, EntityPicker
from tuiread.ui.screens.entity_panel import EntityPanel
from tuiread.ui.screens.help import HelpScreen
from tuiread.ui.screens.main import MainScreen
from tuiread.ui.screens.problems import ProblemsScreen
from tuiread.ui.screens.search import SearchScreen
from tuiread.ui.trace.screen import TraceScreen
from tuiread.ui.widgets.article_list import ArticleList
from tuiread.ui.widgets.compare_view import CompareView
from tuiread.ui.widgets.reader import Reader
from tuiread.ui.widgets.search_query import QueryBox
from tuiread.ui.widgets.search_results import ResultList

CLASSES = (TuireadApp, MainScreen, ArticleList, Reader, HelpScreen, ProblemsScreen,
           CompareScreen, ComparePicker, CompareView, AnnotationDialog, AnnotationsPanel,
           ExportDialog, EntityPanel, EntityDialog, EntityPicker, SearchScreen, QueryBox,
           ResultList, TraceScreen)


def test_every_keyspec_is_bound_exactly_once_with_its_id():
    declared = Counter(
        item.id for cls in CLASSES for item in vars(cls)["BINDINGS"] if isinstance(item, Binding)
    )
    assert set(declared) == set(keymap.BINDING_IDS)
    assert max(declared.values()) == 1
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
            # Clear filter is offered only while a filter is open.
            expected = {s.description for s in main_specs if s.action != "clear_filter"}
            assert expected <= names
            assert "Clear and close the filter" not in names

    asyncio.run(scenario())
