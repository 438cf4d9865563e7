"""A radio set whose arrow keys choose, as in most radio groups (Textual's only move a
highlight, and space then chooses: the highlighted button looked chosen and was not)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import RadioButton, RadioSet


class ChoiceSet(RadioSet):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", "Next option", show=False),
        Binding("up,left", "choose(-1)", "Previous option", show=False),
    ]

    def action_choose(self, step: int) -> None:
        """Press the next (``step`` 1) or previous (-1) enabled button after the pressed one;
        the highlight follows the pressed button."""
        buttons = list(self.query(RadioButton))
        enabled = [i for i, button in enumerate(buttons) if not button.disabled]
        if not enabled:
            return
        current = self.pressed_index
        if current in enabled:
            target = enabled[(enabled.index(current) + step) % len(enabled)]
        else:
            target = enabled[0]
        buttons[target].value = True
