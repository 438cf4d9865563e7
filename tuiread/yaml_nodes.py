"""Composing a YAML file into nodes (kept for their line numbers) with libyaml when it is there.

PyYAML's pure-Python parser takes 5 ms for the bundled config and 13 ms for the boilerplate rules,
on the way to every command's first output; its C parser (libyaml, in PyYAML's wheels) builds the
same nodes, marks included, ten times faster. A file the C parser rejects is parsed again by the
Python one, so a syntax error is reported in the same words as ever.
"""

from __future__ import annotations

import yaml

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def compose(text: str) -> yaml.Node | None:
    """The root node of ``text`` (None for an empty document). Raises ``yaml.YAMLError``."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # (said by the Python parser below, as it has always said it)
    return yaml.compose(text, Loader=yaml.SafeLoader)
