"""The app's start imports what its first screen draws, and nothing more: the search engine,
the entity and comparison code, the page reader and the dialogs come when first used (at
100,000 articles they were a second of the time to the first article)."""

from __future__ import annotations

import subprocess
import sys

from tuiread.corpus.walk_ahead import BACKGROUND_NICENESS

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


def test_the_app_walks_the_corpus_beside_its_start(tmp_path):
    # On Linux (fork, /proc): the walk runs in children (or find) while the app imports and
    # draws. With the store's record to show first, at a lower priority (the app's start
    # goes first on a busy machine); on a first opening, which waits for the walk, as fast as
    # it goes. Either way its walk is the walk in-process.
    if not sys.platform.startswith("linux"):
        return
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "one.txt").write_text("One\n\nThe first article.\n", encoding="utf-8")
    code = (
        "import os\nfrom pathlib import Path\n"
        "from tuiread import config\n"
        "from tuiread.corpus import load_rules\n"
        "from tuiread.corpus.walk import walk_corpus\n"
        "from tuiread.ui.app import create_app\n"
        f"root = Path({str(root)!r})\n"
        "app = create_app(config.load_settings(), [root],\n"
        "                 load_rules(*config.boilerplate_files()))\n"
        "ahead = app.workspace._ahead\n"
        # (One folder is walked by find where it is there: its one process, else children.)
        "pids = [ahead._find._process.pid] if ahead._find is not None else ahead._pids\n"
        "nice = [int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[16])\n"
        "        for pid in pids]\n"
        "print(ahead.forked or ahead._find is not None, os.nice(0), *nice)\n"
        "print(app.workspace._walk().files == walk_corpus([root]).files)\n"
        "app.workspace.load_corpus()\n"
    )

    def started() -> tuple[int, list[int]]:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        first, second = result.stdout.splitlines()
        forked, own, *children = first.split()
        assert forked == "True" and second == "True"
        return int(own), [int(n) for n in children]

    own, first_opening = started()
    assert first_opening == [own] * len(first_opening) and first_opening
    own, reopening = started()  # (the first run made the store)
    assert reopening == [min(own + BACKGROUND_NICENESS, 19)]
