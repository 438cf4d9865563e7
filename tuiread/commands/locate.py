"""``tuiread locate`` (where tuiread keeps things) and ``tuiread keys`` (the key bindings)."""

from __future__ import annotations

import argparse

from tuiread import config, keymap, locations
from tuiread.commands.common import print_json


def register_locate(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "locate",
        help="print where config, data and cache live",
        description="Print every path tuiread reads or writes.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(func=run_locate)
    return parser


def run_locate(args: argparse.Namespace) -> int:
    paths = locations.describe()
    if args.json:
        print_json(paths)
    else:
        width = max(len(k) for k in paths)
        for key, value in paths.items():
            print(f"{key.ljust(width)}  {value}")
    return 0


def register_keys(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "keys",
        help="list key bindings and their ids",
        description="List every key binding: id, keys, what it does. "
        "Remap one in config.yaml under keys:, e.g. `reader.down: j,down,ctrl+n`.",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON array")
    output.add_argument("--markdown", action="store_true",
                        help="print Markdown tables by section (as in the README)")
    parser.set_defaults(func=run_keys)
    return parser


def run_keys(args: argparse.Namespace) -> int:
    settings = config.load_settings()
    rows = [(spec.id, keys, spec.description) for spec, keys in keymap.effective(settings.keys)]
    if args.json:
        print_json([{"id": i, "keys": k, "description": d} for i, k, d in rows])
        return 0
    if args.markdown:
        print(keys_markdown(settings.keys), end="")
        return 0
    width = max(len(r[0]) for r in rows)
    key_width = max(len(r[1]) for r in rows)
    for binding, keys, description in rows:
        print(f"{binding.ljust(width)}  {keys.ljust(key_width)}  {description}")
    return 0


# Textual key names shown the way a reader types them.
_KEY_GLYPHS = {
    "question_mark": "?", "slash": "/", "right_parenthesis": ")", "left_parenthesis": "(",
    "right_square_bracket": "]", "left_square_bracket": "[", "right_curly_bracket": "}",
    "left_curly_bracket": "{", "space": "space", "escape": "esc", "enter": "enter", "plus": "+",
}


def key_label(keys: str) -> str:
    return " ".join(f"`{_KEY_GLYPHS.get(k, k)}`" for k in keys.split(","))


def keys_markdown(user_keys: dict[str, str] | None = None) -> str:
    """Every binding as Markdown tables, one per section, in the help screen's order."""
    by_section: dict[str, list[tuple[keymap.KeySpec, str]]] = {}
    for spec, keys in keymap.effective(user_keys or {}):
        by_section.setdefault(spec.section, []).append((spec, keys))
    parts = []
    for section, title in keymap.SECTIONS.items():
        entries = by_section.get(section)
        if not entries:
            continue
        rows = "\n".join(f"| {key_label(keys)} | {spec.description} |" for spec, keys in entries)
        parts.append(f"**{title}**\n\n| keys | action |\n|---|---|\n{rows}\n")
    return "\n".join(parts)
