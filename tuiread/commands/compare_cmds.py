"""`tuiread diff` (two articles side by side), `tuiread related` (who shares a story),
`tuiread trace` (one sentence across every article) and `tuiread discrepancies` (the facts the
articles disagree on)."""

from __future__ import annotations

import argparse
import shutil
import sys

from tuiread.commands.common import (
    add_paths,
    article_of,
    command_workspace,
    open_corpus,
    print_json,
    terminal_text,
    use_colour,
)
from tuiread.errors import TuireadError
from tuiread.textsafe import displayable, is_terminal

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
    # (The comparison modules are imported by the commands that use them: `tuiread --help`
    # and `tuiread related` need neither the aligner nor its lemmatiser.)
    from tuiread.compare import compare
    from tuiread.compare.rows import describe, row_infos
    from tuiread.compare.sidebyside import render

    workspace = command_workspace(args.paths)
    left = article_of(workspace, args.left, quiet=args.json)
    right = article_of(workspace, args.right, quiet=args.json)
    comparison = compare(left, right)
    if args.json:
        data = comparison.to_dict()
        # The markers the screen and the plain view show, so scripts see the same rows.
        for row, info in zip(data["rows"], row_infos(comparison), strict=True):
            row["marker"] = info.marker
        for item, d in zip(data["discrepancies"], comparison.discrepancies, strict=True):
            item["text"] = describe(d)
        print_json(data)
        return 0
    terminal = is_terminal(sys.stdout)
    width = args.width or (shutil.get_terminal_size().columns if terminal else PIPE_WIDTH)
    safe = displayable if terminal else str
    for line in render(comparison, width, colour=use_colour(sys.stdout), safe=safe):
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
    from tuiread.compare.model import article_ref

    workspace = command_workspace(args.paths)
    article = article_of(workspace, args.article, quiet=args.json)
    if workspace.article_count() < 2:
        raise TuireadError("the corpus holds only one article: nothing to relate it to")
    ranked = workspace.related.related(article, args.limit)
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


# With this many articles or fewer `trace` compares the sentence with every one; with more, with
# the related set (comparing with thousands of unrelated articles finds nothing, slowly).
TRACE_ALL_MAX = 50
TRACE_RELATED = 20


def register_trace(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "trace",
        help="one sentence's counterpart in every other article: who kept, changed or dropped it",
        description="For sentence N of ARTICLE (1 is the first), list its counterpart in each "
        "other article, with the words changed and the discrepancies, ordered by date when "
        f"dates are known. Corpora of more than {TRACE_ALL_MAX} articles are searched in the "
        f"{TRACE_RELATED} articles most related to ARTICLE unless --all is given.",
    )
    parser.add_argument("article", metavar="ARTICLE")
    add_paths(parser)
    parser.add_argument(
        "--sentence", type=_positive, required=True, metavar="N", help="the sentence (1 = first)"
    )
    parser.add_argument("--all", action="store_true", help="compare with every other article")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(func=run_trace)
    return parser


def run_trace(args: argparse.Namespace) -> int:
    from tuiread.compare.rows import LEGEND, describe
    from tuiread.compare.trace import trace

    workspace = command_workspace(args.paths)
    corpus, _ = open_corpus(args.paths, quiet=args.json, workspace=workspace)
    article = corpus.resolve(args.article)
    if args.sentence > len(article.sentences):
        raise TuireadError(
            f"{article.id} has {len(article.sentences)} sentences: no sentence {args.sentence}"
        )
    others = [a for a in corpus.articles if a.id != article.id]
    if len(corpus) > TRACE_ALL_MAX and not args.all:
        # The articles sharing its rare terms (from the search index, not all pairs).
        by_id = {a.id: a for a in others}
        others = [by_id[i] for i, _ in workspace.related.candidates(article, TRACE_RELATED)
                  if i in by_id]
    found = trace(article, args.sentence - 1, others)
    if args.json:
        print_json({**found.to_dict(), "number": args.sentence})
        return 0
    print(terminal_text(f"{article.id} sentence {args.sentence}: {found.text}"))
    print(terminal_text(f"marker\tdate\tid\tcounterpart (marker legend: {LEGEND})"))
    for entry in found.entries:
        text = entry.counterpart.text if entry.counterpart else "(no counterpart)"
        print(
            terminal_text(
                "\t".join([entry.marker, entry.article.date or "-", entry.article.id, text])
            )
        )
        for change in entry.changes:
            if change.kind == "replace":
                print(terminal_text(f"\t\t\tchanged: {change.left.text} → {change.right.text}"))
            elif change.kind == "delete":
                print(terminal_text(f"\t\t\tdropped: {change.left.text}"))
            else:
                print(terminal_text(f"\t\t\tadded: {change.right.text}"))
        for d in entry.discrepancies:
            print(terminal_text(f"\t\t\t! {describe(d)}"))
    return 0


def register_discrepancies(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "discrepancies",
        help="the facts (numbers, names, roles) on which the articles disagree, and who says what",
        description="Compare each article with the articles that share its story and list "
        "every fact stated with different values, each value with the articles that state it.",
    )
    add_paths(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(func=run_discrepancies)
    return parser


def run_discrepancies(args: argparse.Namespace) -> int:
    from tuiread.compare.disagreements import disagreements

    corpus, _ = open_corpus(args.paths, quiet=args.json)
    table = disagreements(corpus.articles)
    if args.json:
        print_json({"discrepancies": [d.to_dict() for d in table]})
        return 0
    print("kind\tvalue\tarticles")
    for fact in table:
        kind = f"{fact.kind} ({fact.topic})" if fact.topic else fact.kind
        for value in fact.values:
            ids = ", ".join(f"{a.source} ({a.id})" if a.source else a.id for a in value.articles)
            print(terminal_text(f"{kind}\t{value.text}\t{ids}"))
            kind = ""
    if not table:
        print("(no discrepancies found)", file=sys.stderr)
    return 0
