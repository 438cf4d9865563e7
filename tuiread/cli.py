"""Command-line entry point: ``tuiread [PATH ...]`` opens the app; subcommands print.

Subcommands live in ``tuiread.commands``; each registers its parser and a handler that calls the
core. Subcommands that only print never import Textual, so they start fast. Bad input becomes one
line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tuiread import __version__
from tuiread.commands import COMMANDS
from tuiread.errors import TuireadError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with one line and status 2 on bad arguments."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n(see {self.prog} --help)\n")


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"tuiread {__version__}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, that subcommand's alone (the others' modules stay unloaded)."""
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
    for name, register in COMMANDS:
        if only is not None and name != only:
            continue
        sub = register(subparsers)
        _add_version(sub)
    return parser


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tuiread", description="Open the app on PATHs.")
    _add_version(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of articles")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    names = {name for name, _ in COMMANDS}
    try:
        if args_list and args_list[0] in names:
            args = build_parser(only=args_list[0]).parse_args(args_list)
            return int(args.func(args) or 0)
        if args_list and args_list[0] in ("-h", "--help"):
            build_parser().print_help()
            return 0
        from tuiread.commands.open import run_open

        args = _open_parser().parse_args(args_list)
        return run_open(args.paths)
    except TuireadError as exc:
        print(f"tuiread: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        # A file or folder tuiread needs cannot be read or written (permissions, a full disk,
        # TUIREAD_HOME pointing at a file): one line naming it, not a traceback.
        where = f": {exc.filename}" if exc.filename else ""
        print(f"tuiread: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return 0
