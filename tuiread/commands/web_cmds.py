"""``tuiread add``: pages from URLs, feeds and saved files into a corpus folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tuiread import config
from tuiread.commands.common import terminal_text, warn
from tuiread.errors import TuireadError
from tuiread.web.clippings import default_folder

EXIT_NOTHING_ADDED = 2


def register_add(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "add",
        help="add pages from URLs, RSS/Atom feeds or saved .html/.mhtml files",
        description="Fetch pages (robots.txt respected) or copy saved pages into a corpus "
        "folder, each as its original HTML plus a hidden sidecar of provenance "
        "(.NAME.json). A page already in the folder (same canonical URL or same article "
        "text) is not added twice. Exit status 2 when nothing could be added.",
    )
    parser.add_argument(
        "targets", nargs="*", metavar="URL|FILE", help="http(s) URLs, .html/.mhtml files, folders"
    )
    parser.add_argument(
        "--to",
        metavar="FOLDER",
        help="corpus folder to add to (default: the first configured corpus folder, "
        "else the clippings folder in tuiread's data folder)",
    )
    parser.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL",
        help="follow an RSS/Atom feed and add its new entries (repeatable)",
    )
    parser.add_argument(
        "--feeds", action="store_true", help="refresh every followed feed, adding new entries"
    )
    parser.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="per request (default 20)"
    )
    parser.set_defaults(func=run_add)
    return parser


def run_add(args: argparse.Namespace) -> int:
    from tuiread.web.adding import add_feed, add_files, add_urls, refresh_feeds
    from tuiread.web.ledger import Ledger, LedgerError

    if not (args.targets or args.feed or args.feeds):
        raise TuireadError("add: give URLs or files, --feed URL, or --feeds")
    if args.timeout <= 0:
        raise TuireadError("add: --timeout must be a positive number of seconds")
    folder = (Path(args.to).expanduser() if args.to
              else default_folder(config.load_settings()))
    if folder.exists() and not folder.is_dir():
        raise TuireadError(f"add: --to {folder} is not a folder")
    try:
        ledger = Ledger()
    except LedgerError as exc:
        raise TuireadError(str(exc)) from exc
    urls = [t for t in args.targets if t.lower().startswith(("http://", "https://"))]
    files = [Path(t).expanduser() for t in args.targets if t not in urls]
    outcomes = []
    ledger_feeds = 0
    try:
        if urls:
            outcomes += add_urls(urls, folder, ledger, timeout=args.timeout)
        if files:
            outcomes += add_files(files, folder, ledger)
        for feed in args.feed:
            outcomes += add_feed(feed, folder, ledger, timeout=args.timeout)
        if args.feeds:
            ledger_feeds = len(ledger.feeds())
            if not ledger_feeds:
                warn("no feeds followed yet: add one with `tuiread add --feed URL`")
            outcomes += refresh_feeds(ledger, timeout=args.timeout)
    finally:
        ledger.close()
    for outcome in outcomes:
        if outcome.ok:
            print(terminal_text(outcome.line()))
        else:
            print(f"tuiread: {terminal_text(outcome.line(), sys.stderr)}", file=sys.stderr)
    added = sum(1 for o in outcomes if o.added is not None)
    if args.feeds and not args.targets and not args.feed and not outcomes and ledger_feeds:
        print(f"nothing new in {ledger_feeds} followed feeds")
    if outcomes and not any(o.ok for o in outcomes):
        return EXIT_NOTHING_ADDED
    if added:
        print(terminal_text(f"{added} added to {folder}"))
    return 0
