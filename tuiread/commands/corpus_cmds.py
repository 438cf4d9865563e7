"""``tuiread list`` and ``tuiread show``."""

from __future__ import annotations

import argparse
import sys

from tuiread.commands.common import (
    add_paths,
    command_article,
    open_corpus,
    print_json,
    terminal_text,
)
from tuiread.corpus import Article
from tuiread.corpus.dates import day_of
from tuiread.corpus.walk import display_path


def register_list(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "list",
        help="one row per article: id, title, source, words, path, date, copies",
        description="List the articles of a corpus.",
    )
    add_paths(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument(
        "--copies-of",
        metavar="ARTICLE",
        help="only the syndicated copies of ARTICLE (the same story carried by other outlets)",
    )
    parser.set_defaults(func=run_list)
    return parser


def article_summary(article: Article, copies: list[str] | None = None) -> dict:
    summary = {
        "id": article.id,
        "path": display_path(article.location),
        "title": article.title,
        "source": article.source,
        "words": article.words,
        "encoding": article.encoding,
        "format": article.format,
        "url": article.url,
        "date": article.date,
        "author": article.author,
    }
    if copies is not None:
        summary["copies"] = copies
    return summary


def run_list(args: argparse.Namespace) -> int:
    from tuiread.corpus.sketch_cache import cached_copies

    corpus, _ = open_corpus(args.paths, quiet=args.json)
    copies = cached_copies(corpus.articles)
    articles = corpus.articles
    if args.copies_of:
        wanted = set(copies.get(corpus.resolve(args.copies_of).id, []))
        articles = [a for a in articles if a.id in wanted]
    if args.json:
        print_json([article_summary(a, copies.get(a.id, [])) for a in articles])
        return 0
    id_width = min(max((len(a.id) for a in articles), default=2), 40)
    for article in articles:
        count = copies.count(article.id)
        row = "\t".join(
            [
                article.id.ljust(id_width),
                article.title,
                article.source or "-",
                str(article.words),
                display_path(article.location),
                # added columns go last: scripts read the first five by position
                day_of(article.date) or "-",
                (f"{count} copy" if count == 1 else f"{count} copies") if count else "-",
            ]
        )
        print(terminal_text(row))
    return 0


def register_show(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "show",
        help="print an article's clean (or raw) text",
        description="Print one article. ARTICLE is a path, an id, or an "
        "unambiguous prefix of either.",
    )
    parser.add_argument("article", metavar="ARTICLE")
    add_paths(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON with the raw text and paragraph and sentence offsets",
    )
    parser.add_argument(
        "--raw", action="store_true", help="print the raw text, boilerplate included"
    )
    parser.set_defaults(func=run_show)
    return parser


def run_show(args: argparse.Namespace) -> int:
    article = command_article(args.paths, args.article)
    if args.json:
        print_json(
            {
                **article_summary(article),
                "text": article.text,
                "clean": article.clean_text(),
                "paragraphs": [
                    {"start": p.start, "end": p.end, "heading": p.heading}
                    for p in article.paragraphs
                ],
                "sentences": [{"start": s.start, "end": s.end} for s in article.sentences],
                "hidden": [
                    {"start": h.start, "end": h.end, "reason": h.reason} for h in article.hidden
                ],
                "notes": article.notes,
            }
        )
        return 0
    if args.raw:
        sys.stdout.write(terminal_text(article.text))
        if not article.text.endswith("\n"):
            sys.stdout.write("\n")
        return 0
    header = article.title + (f"\n{article.source}" if article.source else "")
    print(terminal_text(f"{header}\n\n{article.clean_text()}"))
    return 0
