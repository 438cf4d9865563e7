"""SVG snapshot of the comparison screen: seeds 000 and 001 side by side at 120x36.

Update after an intended change with ``pytest tests/ui/test_compare_snapshot.py
--snapshot-update`` and look at the SVG before committing it.
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.pilot import at_rest

SIZE = (120, 36)


def test_comparison_screen(snap_compare, make_app, wait_loaded, seeds_dir):
    async def run_before(pilot: Pilot) -> None:
        await at_rest(pilot)  # seed 000 is open, the index and catalog are in
        await pilot.press("d")
        await wait_loaded(pilot)  # the ranking worker has finished
        await pilot.press("0", "0", "1", "enter")
        await wait_loaded(pilot)  # the comparison worker has finished

    assert snap_compare(make_app([seeds_dir]), terminal_size=SIZE, run_before=run_before)
