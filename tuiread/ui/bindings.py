"""Textual ``Binding`` objects built from the key table in :mod:`tuiread.keymap`.

Every binding carries its KeySpec id, so a user's ``keys:`` section (applied with
``App.set_keymap``) can remap it, and the help screen and command palette can show the keys in
force.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from tuiread import keymap

_SPECS = keymap.by_id()


def binding(spec: keymap.KeySpec) -> Binding:
    return Binding(
        spec.keys,
        spec.action,
        spec.footer or spec.description,
        show=spec.show,
        tooltip=spec.description if spec.footer else "",
        priority=spec.priority,
        id=spec.id,
    )


def bindings(*ids: str) -> list[Binding]:
    """Bindings for the named KeySpec ids."""
    return [binding(_SPECS[i]) for i in ids]


def section_bindings(section: str) -> list[Binding]:
    """Bindings for every KeySpec of one section ("reader", "list", ...)."""
    return [binding(spec) for spec in keymap.KEYS if spec.section == section]


def current_keys(spec: keymap.KeySpec, user_keys: dict[str, str]) -> list[str]:
    """The keys bound to ``spec`` after the user's remapping."""
    return [k.strip() for k in user_keys.get(spec.id, spec.keys).split(",") if k.strip()]


def key_display(node: DOMNode, key: str) -> str:
    """How Textual shows a key ("?" for question_mark, "^s" for ctrl+s)."""
    return node.app.get_key_display(Binding(key, ""))


def describe_keys(node: DOMNode, spec: keymap.KeySpec, user_keys: dict[str, str]) -> str:
    return " ".join(key_display(node, key) for key in current_keys(spec, user_keys))


def node_bindings(node: DOMNode) -> Iterator[Binding]:
    """The KeySpec bindings a node's class declares (including inherited ones)."""
    seen: set[str] = set()
    for cls in type(node).__mro__:
        for item in vars(cls).get("BINDINGS", ()):
            if isinstance(item, Binding) and item.id in keymap.BINDING_IDS and item.id not in seen:
                seen.add(item.id)
                yield item
