"""The app's start imports what its first screen draws, and nothing more: the search engine,
the entity and comparison code, the page reader and the dialogs come when first used (at
100,000 articles they were a second of the time to the first article)."""

from __future__ import annotations

import subprocess
import sys

# Modules the first screen must not wait for (each costs tens to hundreds of milliseconds).
LATER = ("whoosh", "simplemma", "lxml", "tree_sitter", "tuiread.compare", "tuiread.entities",
         "tuiread.search", "tuiread.web.adding", "textual.widgets._text_area",
         "tuiread.ui.compare", "tuiread.ui.search.screen", "tuiread.ui.entities.panel",
         "tuiread.ui.annotations.dialog", "tuiread.ui.trace")


def test_importing_and_making_the_app_leaves_the_rest_for_later(tmp_path):
    code = (
        "import sys\nfrom pathlib import Path\n"
        # What `tuiread` runs before the app: the command line and the opening command.
        "import tuiread.cli, tuiread.commands.open\n"
        "from tuiread.processes import prepare_worker_processes\n"
        "from tuiread import config\n"
        "from tuiread.corpus import load_rules\n"
        "from tuiread.ui.app import create_app\n"
        f"create_app(config.load_settings(), [Path({str(tmp_path)!r})], "
        "load_rules(*config.boilerplate_files()))\n"
        f"later = {LATER!r}\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(later))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
