"""What the subcommands share: loading the corpus they name, printing JSON, safe terminal text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tuiread import config
from tuiread.corpus import Corpus
from tuiread.errors import TuireadError
from tuiread.textsafe import displayable
from tuiread.workspace import Workspace, default_roots, open_workspace


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders of articles (default: the configured corpus, else the demo corpus)",
    )


def corpus_roots(paths: list[str], settings: config.Settings) -> list[Path]:
    if paths:
        return [Path(p).expanduser() for p in paths]
    return default_roots(settings)


def command_workspace(paths: list[str]) -> Workspace:
    """The workspace of a command's PATH arguments (else the configured corpus)."""
    settings = config.load_settings()
    return open_workspace(settings, corpus_roots(paths, settings))


def open_corpus(paths: list[str], quiet: bool = False,
                workspace: Workspace | None = None) -> tuple[Corpus, config.Settings]:
    """Settings and the corpus for ``paths``; load problems go to stderr as warnings."""
    workspace = workspace or command_workspace(paths)
    corpus = workspace.corpus
    missing = [str(i.path) for i in corpus.issues if i.message == "no such file or folder"]
    if missing and len(missing) == len(workspace.roots):
        raise TuireadError(f"no such file or folder: {', '.join(missing)}")
    if not quiet:
        for issue in corpus.issues:
            warn(str(issue))
        for notice in [*corpus.notices, *workspace.notices]:
            warn(notice)
        workspace.notices.clear()
    return corpus, workspace.settings


def warn(message: str) -> None:
    print(f"tuiread: warning: {terminal_text(message, sys.stderr)}", file=sys.stderr)


def terminal_text(text: str, stream: Any = None) -> str:
    """Text for a terminal: control characters shown, not obeyed. Piped output stays exact."""
    stream = stream or sys.stdout
    return displayable(text) if stream.isatty() else text


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
