"""Opening the app: settings and corpus roots are resolved here, the UI is imported last."""

from __future__ import annotations

from tuiread import config
from tuiread.commands.common import corpus_roots
from tuiread.corpus import load_rules
from tuiread.workspace import open_workspace


def run_open(paths: list[str]) -> int:
    settings = config.load_settings()
    rules = load_rules(*config.boilerplate_files())
    roots = corpus_roots(paths, settings)
    # The corpus walk starts now, in a child process (see ``corpus.walk_ahead``), while the
    # interface is imported and drawn: before any thread exists, which forking needs.
    workspace = open_workspace(settings, roots, rules=rules)
    workspace.start_walk_beside_start()
    from tuiread.processes import lower_workers, prepare_worker_processes
    from tuiread.ui.app import create_app

    # Before the app replaces stderr, so index builds can use worker processes.
    prepare_worker_processes()
    lower_workers()  # (the interface goes first: see ``tuiread.processes``)
    app = create_app(settings=settings, roots=roots, rules=rules, workspace=workspace)
    from tuiread.ui import collector

    collector.start()  # the modules imported so far are set aside (see ``ui.collector``)
    app.run()
    return app.return_code or 0
