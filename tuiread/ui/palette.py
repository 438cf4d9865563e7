"""The command palette's one provider: every action of the current screen, plus themes.

Actions come from the bindings the screen, the app and every widget on the screen declare, so a
new key binding is in the palette without being listed twice. Each shows its keys in force.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from tuiread import keymap
from tuiread.ui.bindings import describe_keys, node_bindings
from tuiread.ui.host import host

# Actions that make no sense from inside the palette itself.
_SKIP_ACTIONS = {"command_palette"}


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    name: str
    help: str
    run: Callable[[], object]


def screen_commands(screen_node: DOMNode, user_keys: dict[str, str]) -> list[PaletteCommand]:
    """One command per KeySpec binding reachable on ``screen_node``, in the key table's order."""
    specs = keymap.by_id()
    found: dict[str, PaletteCommand] = {}
    nodes: Iterator[DOMNode] = iter([screen_node.app, screen_node, *screen_node.query("*")])
    for node in nodes:
        for binding in node_bindings(node):
            if binding.id in found or binding.action in _SKIP_ACTIONS:
                continue
            if node.check_action(binding.action, ()) is False:
                continue
            spec = specs[binding.id]
            keys = describe_keys(node, spec, user_keys)
            found[binding.id] = PaletteCommand(
                spec.description, f"{keys}  ·  {keymap.SECTIONS[spec.section]}",
                partial(node.run_action, binding.action),
            )
    order = {spec.id: n for n, spec in enumerate(keymap.KEYS)}
    return [found[i] for i in sorted(found, key=order.__getitem__)]


class TuireadCommands(Provider):
    def _commands(self) -> list[PaletteCommand]:
        app = self.app
        user_keys = host(self.screen).user_keys
        commands = screen_commands(self.screen, user_keys)
        commands.append(PaletteCommand("Change theme…", "Pick a colour theme (remembered)",
                                       app.action_change_theme))
        return commands

    def _theme_commands(self) -> list[PaletteCommand]:
        app = self.app
        return [
            PaletteCommand(f"Theme: {name}", "Switch to this theme",
                           partial(setattr, app, "theme", name))
            for name in sorted(app.available_themes)
        ]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in [*self._commands(), *self._theme_commands()]:
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
