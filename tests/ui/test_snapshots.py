"""SVG snapshots of the main screen and the help screen on the seed corpus, at 120x36.

Update after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.pilot import at_rest

SIZE = (120, 36)


def test_main_screen(snap_compare, make_app, wait_loaded, seeds_dir):
    async def run_before(pilot: Pilot) -> None:
        await at_rest(pilot)
        await pilot.press("tab", "right_parenthesis", "right_parenthesis")
        await wait_loaded(pilot)

    assert snap_compare(make_app([seeds_dir]), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app, wait_loaded, seeds_dir):
    async def run_before(pilot: Pilot) -> None:
        await at_rest(pilot)
        await pilot.press("question_mark")
        await wait_loaded(pilot)

    assert snap_compare(make_app([seeds_dir]), terminal_size=SIZE, run_before=run_before)
