"""The core runs without the UI: importing any core module must not pull in Textual or Rich."""

import pkgutil
import subprocess
import sys

import pytest

import tuiread

CORE_PACKAGES = ("corpus", "search", "entities", "compare", "annotations", "commands", "web")
CORE_MODULES = ["tuiread.config", "tuiread.locations", "tuiread.keymap", "tuiread.cli",
                "tuiread.fileio", "tuiread.textsafe", "tuiread.state", "tuiread.errors",
                "tuiread.workspace", "tuiread.processes"]


def core_modules() -> list[str]:
    modules = list(CORE_MODULES)
    for info in pkgutil.walk_packages(tuiread.__path__, "tuiread."):
        if info.name.split(".")[1] in CORE_PACKAGES:
            modules.append(info.name)
    return modules


def test_every_core_package_is_found():
    found = {name.split(".")[1] for name in core_modules()}
    assert set(CORE_PACKAGES) <= found


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_package_does_not_import_textual(package):
    # commands/open.py is the one place that starts the app; it imports the UI only when run.
    modules = [m for m in core_modules() if m.split(".")[1] == package]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{package} imported {result.stdout.strip()}"


def test_top_level_core_modules_do_not_import_textual():
    code = (
        f"import sys\nfor name in {CORE_MODULES!r}:\n    __import__(name)\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
