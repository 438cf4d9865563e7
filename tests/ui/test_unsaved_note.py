"""The note typed in the app survives a failed save: kept in the dialog and in a file."""

from __future__ import annotations

import json

from textual.widgets import TextArea

from tests.ui.pilot import run, settle
from tuiread.annotations import AnnotationError
from tuiread.annotations.recovery import recovery_files
from tuiread.ui.annotations.dialog import AnnotationDialog

SIZE = (120, 36)


def test_a_failed_save_keeps_the_note_in_the_dialog_and_in_a_file(make_app, seeds_dir, monkeypatch):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            store = app.services.annotations.store
            create = store.create
            failures = iter([AnnotationError("not saved: database or disk is full")])

            def failing_create(*args, **kwargs):
                for exc in failures:
                    raise exc
                return create(*args, **kwargs)

            monkeypatch.setattr(store, "create", failing_create)
            await pilot.press("r", "V", "a")
            await settle(pilot)
            assert isinstance(app.screen, AnnotationDialog)
            await pilot.press(*"Call the ministry back", "ctrl+s")
            await settle(pilot)
            # Refused: the dialog is back with every word typed.
            assert isinstance(app.screen, AnnotationDialog)
            assert app.screen.query_one("#note-text", TextArea).text == "Call the ministry back"
            (kept,) = [p for p in recovery_files() if p.exists()]
            (entry,) = [json.loads(line) for line in kept.read_text().splitlines()]
            assert entry["note"] == "Call the ministry back" and "disk is full" in entry["why"]
            await pilot.press("ctrl+s")  # the disk has room again
            await settle(pilot)
            assert app.screen is app.main_screen
            assert [a.note for a in store.list()] == ["Call the ministry back"]

    run(scenario)
