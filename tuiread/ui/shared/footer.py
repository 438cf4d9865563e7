"""The key footer, rebuilt only when the keys it shows change.

Textual's footer rebuilds itself (a widget per key, each styled and mounted) whenever the
screen's bindings are updated, which happens on every focus change and action check even
when the keys shown stay the same. At start-up that is three rebuilds of the same keys around
the first article, 30-40 ms each on the UI thread; here a rebuild happens only when the keys
shown, their descriptions, tooltips or enabled state differ from the last one drawn.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


def shown_keys(screen: Screen) -> Shown:
    """What the footer would draw for ``screen``: each shown binding's key, its display,
    description, enabled state and tooltip, in order."""
    app = screen.app
    return tuple((binding.key, app.get_key_display(binding), binding.description, enabled,
                  tooltip or binding.tooltip)
                 for _node, binding, enabled, tooltip in screen.active_bindings.values()
                 if binding.show)


class KeyFooter(Footer):
    """A :class:`Footer` that skips the rebuilds that would draw the same keys again."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._drawn: Shown | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # (no rebuild then: the next change draws)
            return
        keys = shown_keys(screen)
        if keys == self._drawn:
            return
        self._drawn = keys
        super().bindings_changed(screen)
