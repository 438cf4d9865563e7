"""Checking a user's ``keys:`` section: key names Textual knows, and keys already taken.

Kept free of Textual (the config loader runs before the app, and ``tuiread keys`` never starts
it), so Textual's naming rules are restated here: a single character, or a name from
``textual.keys`` (a character's Unicode name, lowercased with underscores, or a named key such as
``pagedown``), after any of the modifiers.
"""

from __future__ import annotations

import unicodedata

from tuiread.keymap import KEYS, by_id, effective

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Textual's names for keys that are not characters (``textual.keys.Keys``, without modifiers).
NAMED_KEYS = frozenset({
    "backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left",
    "pagedown", "pageup", "return", "right", "space", "tab", "up",
    *(f"f{n}" for n in range(1, 25)),
})
# Textual shortens a few character names (``textual.keys.KEY_NAME_REPLACEMENTS``).
_NAME_REPLACEMENTS = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
                      "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}
_character_names: dict[str, str] | None = None


def character_key(character: str) -> str:
    """Textual's key name for one typed character ("?" is "question_mark", "j" is "j")."""
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return character
    return _NAME_REPLACEMENTS.get(name, name)


def _known_character_names() -> dict[str, str]:
    """Textual's key name for every printable character of the Basic Multilingual Plane's
    first blocks, computed once (a few milliseconds)."""
    global _character_names
    if _character_names is None:
        table = {}
        for code in range(0x21, 0x3000):
            char = chr(code)
            if char.isprintable() and not char.isalnum():
                table[character_key(char)] = char
        _character_names = table
    return _character_names


def normalise_key(key: str) -> str:
    """A key as Textual compares it: a single character by its name."""
    key = key.strip()
    return character_key(key) if len(key) == 1 else key


def key_name_problem(key: str) -> str | None:
    """Why ``key`` is not a key Textual knows, or None if it is one."""
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() and key != "," else (
            f"'{key}' cannot be typed as a key")
    *mods, base = key.split("+")
    unknown = [m for m in mods if m not in MODIFIERS]
    if unknown:
        return f"'{unknown[0]}' in '{key}' is not a modifier ({', '.join(sorted(MODIFIERS))})"
    if len(set(mods)) != len(mods):
        return f"'{key}' names a modifier twice"
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    if base in NAMED_KEYS or base in _known_character_names():
        return None
    return (f"'{base}' is not a key name (e.g. j, ctrl+s, f5, escape, pagedown, "
            f"question_mark, right_square_bracket)")


def _sections_clash(one: str, other: str) -> bool:
    """Whether two bindings are live at once: the same part of the app, or one works
    everywhere (an app binding is shadowed wherever a focused widget binds the same key)."""
    return one == other or "app" in (one, other)


def conflicts(user_keys: dict[str, str]) -> dict[str, str]:
    """For each remapped binding, the first binding its newly chosen keys already belong to."""
    specs = by_id()
    effective_keys = {spec.id: {normalise_key(k) for k in keys.split(",") if k.strip()}
                      for spec, keys in effective(user_keys)}
    found: dict[str, str] = {}
    for binding, keys in user_keys.items():
        spec = specs.get(binding)
        if spec is None:
            continue
        defaults = {normalise_key(k) for k in spec.keys.split(",")}
        for key in (normalise_key(k) for k in keys.split(",") if k.strip()):
            if key in defaults:
                continue
            clash = next((other for other in KEYS if other.id != binding
                          and key in effective_keys[other.id]
                          and _sections_clash(spec.section, other.section)), None)
            if clash is not None:
                found[binding] = (f"'{key}' is already {clash.id} ({clash.description}); "
                                  f"remap {clash.id} too, or choose another key")
                break
    return found
