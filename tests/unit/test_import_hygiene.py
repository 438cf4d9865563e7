"""The core runs without the UI: importing it must not pull in Textual or Rich."""

import subprocess
import sys

import pytest

CORE = ["tuiread.corpus", "tuiread.config", "tuiread.locations", "tuiread.keymap", "tuiread.cli"]
for optional in ("tuiread.search", "tuiread.entities", "tuiread.compare", "tuiread.annotations"):
    try:
        __import__(optional)
    except ModuleNotFoundError:
        continue
    CORE.append(optional)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} imported {result.stdout.strip()}"
