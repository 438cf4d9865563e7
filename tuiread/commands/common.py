"""What the subcommands share: loading the corpus they name, printing JSON, safe terminal text."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuiread import config
from tuiread.corpus.rules import load_rules
from tuiread.errors import TuireadError
from tuiread.textsafe import (
    for_stream,
    is_terminal,
    json_for_terminal,
    json_without_surrogates,
)
from tuiread.workspace import Workspace, default_roots, open_workspace

if TYPE_CHECKING:
    from tuiread.corpus import Corpus


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        default=[],  # without a default, argparse reports a '*' positional as required
        metavar="PATH",
        help="files or folders of articles (default: the configured corpus, else the demo corpus)",
    )


def path_exists(text: str) -> bool:
    """Whether ``text`` names an existing file or folder; a name too long to be a path (a long
    query, say) is not one."""
    try:
        return Path(text).expanduser().exists()
    except (OSError, ValueError):
        return False


def corpus_roots(paths: list[str], settings: config.Settings) -> list[Path]:
    if paths:
        return [Path(p).expanduser() for p in paths]
    return default_roots(settings)


def command_workspace(paths: list[str], walk: bool = False, find: bool = True) -> Workspace:
    """The workspace of a command's PATH arguments (else the configured corpus); ``walk``:
    the command will walk the corpus, so the walk starts now, beside its other work (``find``:
    see ``WalkAhead.start``)."""
    settings = config.load_settings()
    roots = corpus_roots(paths, settings)
    if not walk:
        return open_workspace(settings, roots)
    # The walk needs no cleaning rules: it starts before they are read (their YAML and regular
    # expressions cost a command some 50 ms of its start).
    workspace = open_workspace(settings, roots, rules=[])
    workspace.start_walk(find=find)
    try:
        workspace.rules = load_rules(*config.boilerplate_files())
    except TuireadError:
        workspace.close()  # (ends the walk's children)
        raise
    return workspace


def command_article(paths: list[str], ref: str, workspace: Workspace | None = None):
    """The article ``ref`` names in the corpus of ``paths``: an exact id of an unchanged file
    from the corpus store alone, anything else from the corpus opened in full (its load
    problems not shown: the command is about one article)."""
    workspace = workspace or command_workspace(paths)
    return article_of(workspace, ref)


def article_of(workspace: Workspace, ref: str, quiet: bool = True):
    found = workspace.quick_article(ref)
    if found is None:
        corpus, _ = open_corpus([str(r) for r in workspace.roots], quiet=quiet,
                                workspace=workspace)
        found = corpus.resolve(ref)
    return found


def open_corpus(paths: list[str], quiet: bool = False, workspace: Workspace | None = None,
                early: Callable[[Corpus], None] | None = None,
                ) -> tuple[Corpus, config.Settings]:
    """Settings and the corpus for ``paths``; load problems go to stderr as warnings.

    ``early(corpus)``: work to do from the corpus as the store last recorded it while the
    corpus is walked (see ``Workspace.load_corpus``): it may be called with other corpora
    than the one returned, and nothing it made may be shown unless the returned corpus's
    ``articles`` are the ones it was given."""
    workspace = workspace or command_workspace(paths)
    workspace.start_walk()  # (no-op once walked): reading the store's record overlaps it
    corpus = workspace.load_corpus(partial=early)
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
    return for_stream(text, stream or sys.stdout)


def use_colour(stream: Any = None) -> bool:
    """Whether to colour output on ``stream``: only on a terminal, and never when ``NO_COLOR``
    is set to anything (https://no-color.org)."""
    return is_terminal(stream or sys.stdout) and not os.environ.get("NO_COLOR")


def write_stdout(text: str, is_json: bool = False) -> None:
    """Write ``text`` (an export, say) to stdout; on a terminal nothing in it is obeyed."""
    if is_terminal(sys.stdout):
        text = json_for_terminal(text) if is_json else for_stream(text, sys.stdout)
    sys.stdout.write(text)


def print_json(value: Any) -> None:
    """``value`` as indented JSON on stdout; on a terminal, C1 and bidi controls are escaped."""
    sys.stdout.write(json_text(value))


def json_text(value: Any) -> str:
    """What ``print_json`` writes for ``value``."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    text = json_for_terminal(text) if is_terminal(sys.stdout) else json_without_surrogates(text)
    return text + "\n"
