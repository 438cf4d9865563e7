"""`tuiread diff` (two articles side by side) and `tuiread related` (who shares a story)."""

from __future__ import annotations

import argparse
import shutil
import sys

from tuiread.commands.common import add_paths, open_corpus, print_json, terminal_text
from tuiread.compare import RelatedIndex, compare
from tuiread.compare.model import article_ref
from tuiread.compare.sidebyside import render
from tuiread.errors import TuireadError
from tuiread.textsafe import displayable

# Width of the side-by-side view when the output is not a terminal and --width is not given.
PIPE_WIDTH = 120


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {number}")
    return number


def register_diff(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "diff",
        help="two articles side by side: aligned sentences, changed words, discrepancies",
        description="Compare two articles sentence by sentence. A and B are paths, ids, or "
        "unambiguous prefixes of either.",
    )
    parser.add_argument("left", metavar="A")
    parser.add_argument("right", metavar="B")
    add_paths(parser)
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument(
        "--width", type=_positive, metavar="N", help="width of the view (default: the terminal's)"
    )
    parser.set_defaults(func=run_diff)
    return parser


def run_diff(args: argparse.Namespace) -> int:
    corpus, _ = open_corpus(args.paths, quiet=args.json)
    left, right = corpus.resolve(args.left), corpus.resolve(args.right)
    comparison = compare(left, right)
    if args.json:
        print_json(comparison.to_dict())
        return 0
    terminal = sys.stdout.isatty()
    width = args.width or (shutil.get_terminal_size().columns if terminal else PIPE_WIDTH)
    safe = displayable if terminal else str
    for line in render(comparison, width, colour=terminal, safe=safe):
        print(line)
    return 0


def register_related(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "related",
        help="the articles that share most of one article's story",
        description="Rank the other articles by how much of ARTICLE's story they share. "
        "ARTICLE is a path, an id, or an unambiguous prefix of either.",
    )
    parser.add_argument("article", metavar="ARTICLE")
    add_paths(parser)
    parser.add_argument(
        "--limit", type=_positive, default=10, metavar="N", help="how many (default 10)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(func=run_related)
    return parser


def run_related(args: argparse.Namespace) -> int:
    corpus, _ = open_corpus(args.paths, quiet=args.json)
    article = corpus.resolve(args.article)
    if len(corpus) < 2:
        raise TuireadError("the corpus holds only one article: nothing to relate it to")
    ranked = RelatedIndex(corpus.articles).related(article, args.limit)
    if args.json:
        print_json(
            {
                "article": article_ref(article),
                "related": [
                    {
                        **article_ref(r.article),
                        "score": round(r.score, 4),
                        "reuse": r.reuse.to_dict(),
                    }
                    for r in ranked
                ],
            }
        )
        return 0
    # The score is what the list is ranked by; "shared" is the share of the query's text with a
    # counterpart in the other article, then the other's share found in the query.
    print("\t".join(["score", "shared (query/other)", "id", "title"]))
    for r in ranked:
        row = "\t".join(
            [
                f"{r.score:.3f}",
                f"{r.reuse.left:.0%}/{r.reuse.right:.0%}",
                r.article.id,
                r.article.title,
            ]
        )
        print(terminal_text(row))
    return 0
