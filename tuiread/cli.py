"""Command-line entry point: ``tuiread [PATH ...]`` opens the app; subcommands print.

Subcommands live in ``tuiread.commands``; each registers its parser and a handler that calls the
core. Subcommands that only print never import Textual, so they start fast. Bad input becomes one
line on stderr and exit status 2; a reader that closes the pipe early (``| head``) ends the
command quietly with status 0.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tuiread import __version__
from tuiread.commands import COMMANDS
from tuiread.commands.common import path_exists
from tuiread.errors import TuireadError
from tuiread.textsafe import for_stream, is_terminal, shorten

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# The longest message line printed whole; a 10 000-character query is cut, not echoed.
MESSAGE_LIMIT = 300
# How alike a mistyped word and a name must be (difflib ratio) to be suggested: "lsit" and
# "list" score 0.75, unrelated words such as "frobnicate" and "locate" about 0.6.
SUGGEST_CUTOFF = 0.7
# The cycle collector's thresholds for a subcommand (the defaults are 700, 10, 10): a young
# collection every 50,000 new container objects, a full one about every 250 million, measured
# to take mentions at 100,000 articles from 4.5 s to 3.4 s of processor time.
COMMAND_COLLECTOR = (50_000, 50, 100)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with one line and status 2 on bad arguments."""

    hint = ""  # said after the error, e.g. how to pass a word that starts with '-'

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = f"; {self.hint}" if self.hint and ("required" in message
                                                   or "unrecognized" in message) else ""
        self.exit(EXIT_USAGE, _line(f"{self.prog}: error: {message}{hint} "
                                    f"(see {self.prog} --help)") + "\n")


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"tuiread {__version__}")


def _subcommands(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser and each subcommand's; with ``only``, that subcommand's alone (the others'
    modules stay unloaded, so a command starts fast)."""
    parser = _Parser(
        prog="tuiread",
        description="A keyboard-driven terminal reading workstation for news. "
        "Run without a subcommand to open the app on PATHs (default: the configured corpus, "
        "else the demo corpus).",
        epilog="Subcommands: "
        + ", ".join(name for name, _ in COMMANDS)
        + ". `tuiread SUBCOMMAND --help` for each.",
    )
    _add_version(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=_Parser)
    subs = {}
    for name, register in COMMANDS:
        if only is not None and name != only:
            continue
        sub = register(subparsers)
        _add_version(sub)
        subs[name] = sub
    return parser, subs


def build_parser() -> argparse.ArgumentParser:
    return _subcommands()[0]


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tuiread", description="Open the app on PATHs.")
    _add_version(parser)
    parser.add_argument("paths", nargs="*", default=[], metavar="PATH",
                        help="files or folders of articles")
    return parser


def _line(text: str) -> str:
    """One message line, safe for the terminal it goes to and not endlessly long."""
    return "\n".join(shorten(part, MESSAGE_LIMIT) for part in
                     for_stream(text, sys.stderr).split("\n"))


def _say(message: str) -> None:
    print(_line(f"tuiread: {message}"), file=sys.stderr)


def _dash_hint(parser: argparse.ArgumentParser, words: Sequence[str]) -> str:
    """How to pass a word that starts with '-' when one was mistaken for an option."""
    known = parser._option_string_actions  # argparse keeps no public list of option strings
    for word in words:
        if word == "--":
            return ""
        if word.startswith("-") and word != "-" and word.split("=", 1)[0] not in known:
            return (f"a word that starts with '-' goes after '--', e.g. "
                    f"{parser.prog} -- {word}")
    return ""


def _unknown_target(word: str) -> str:
    """The message for an app PATH that does not exist: maybe a mistyped subcommand."""
    names = [name for name, _ in COMMANDS]
    looks_like_path = os.sep in word or Path(word).suffix
    close = [] if looks_like_path else difflib.get_close_matches(word, names, n=1,
                                                                 cutoff=SUGGEST_CUTOFF)
    if close:
        return f"unknown subcommand '{word}' (did you mean `tuiread {close[0]}`?)"
    path = Path(word).expanduser()
    siblings: list[str] = []
    try:
        parent = path.parent if str(path.parent) else Path(".")
        siblings = [p.name for p in parent.iterdir()]
    except OSError:
        pass  # the parent is missing or unreadable too: nothing to suggest from
    near = difflib.get_close_matches(path.name, siblings, n=1, cutoff=SUGGEST_CUTOFF)
    if near:
        return f"no such file or folder: {word} (did you mean {path.parent / near[0]}?)"
    if looks_like_path:
        return f"no such file or folder: {word}"
    return (f"no such file or folder, and no subcommand: '{word}' "
            f"(subcommands: {', '.join(names)})")


def _run(args_list: list[str], whole_process: bool = False) -> int:
    if args_list and args_list[0] in ("-h", "--help"):
        build_parser().print_help()
        return 0
    names = {name for name, _ in COMMANDS}
    if args_list and args_list[0] in names:
        _, subs = _subcommands(only=args_list[0])
        sub = subs[args_list[0]]
        sub.hint = _dash_hint(sub, args_list[1:])  # type: ignore[attr-defined]
        args = sub.parse_intermixed_args(args_list[1:])
        if whole_process:  # (not when called from another program: its collector is its own)
            _collect_less()
        return int(args.func(args) or 0)
    args = _open_parser().parse_intermixed_args(args_list)
    for word in args.paths:
        if not path_exists(word):
            raise TuireadError(_unknown_target(word))
    if not (is_terminal(sys.stdin) and is_terminal(sys.stdout)):
        raise TuireadError("the app needs a terminal for its input and output; "
                           "to print or pipe, use a subcommand (tuiread --help lists them)")
    from tuiread.commands.open import run_open

    return run_open(args.paths)


def _collect_less() -> None:
    """Tune the cycle collector for a command: a run of a few seconds that builds lists of
    100,000 rows (tuples and strings, no cycles) spent a fifth of its time in full collections
    walking them again and again. Young objects are still collected, so garbage cycles stay
    bounded; the modules loaded so far are set aside for good."""
    gc.freeze()
    gc.set_threshold(*COMMAND_COLLECTOR)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing what is left at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        # stdout has no descriptor (a test's capture): dropping the reference is enough.
        sys.stdout = None  # type: ignore[assignment]


def _exact_pipes() -> None:
    """Off a terminal, a name read from a non-UTF-8 file name goes out as its original bytes
    (Python holds them as lone surrogates) instead of failing to encode."""
    for stream in (sys.stdout, sys.stderr):
        if not is_terminal(stream) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="surrogateescape")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    code = _main(args_list, argv is None)
    if argv is None and args_list and args_list[0] in {name for name, _ in COMMANDS}:
        # A command's process (not the app's, nor a caller's) ends without freeing what it
        # built: seconds after a large first index.
        from tuiread.leaving import leave

        leave(code)
    return code


def _main(args_list: list[str], whole_process: bool) -> int:
    _exact_pipes()
    try:
        code = _run(args_list, whole_process=whole_process)
        # A reader that went away shows up here, not as a message at interpreter exit.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly, like `cat`.
        _quiet_stdout()
        return 0
    except TuireadError as exc:
        _say(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        # A file or folder tuiread needs cannot be read or written (permissions, a full disk,
        # TUIREAD_HOME pointing at a file): one line naming it, not a traceback.
        where = f": {exc.filename}" if exc.filename else ""
        _say(f"{exc.strerror or exc}{where}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
