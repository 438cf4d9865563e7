"""Opening the app: settings and corpus roots are resolved here, the UI is imported last."""

from __future__ import annotations

from tuiread import config
from tuiread.commands.common import corpus_roots
from tuiread.corpus import load_rules


def run_open(paths: list[str]) -> int:
    settings = config.load_settings()
    rules = load_rules(*config.boilerplate_files())
    roots = corpus_roots(paths, settings)
    from tuiread.processes import prepare_worker_processes
    from tuiread.ui.app import create_app

    # Before the app replaces stderr, so index builds can use worker processes.
    prepare_worker_processes()
    app = create_app(settings=settings, roots=roots, rules=rules)
    app.run()
    return app.return_code or 0
