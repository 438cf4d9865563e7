"""``tuiread list`` and ``tuiread show``."""

from __future__ import annotations

import argparse
import codecs
import operator
import sys
from itertools import compress, count, repeat
from typing import TYPE_CHECKING

from tuiread.commands.common import (
    add_paths,
    command_article,
    command_workspace,
    json_text,
    open_corpus,
    print_json,
    terminal_text,
)
from tuiread.corpus.dates import day_of
from tuiread.corpus.walk import display_path
from tuiread.textsafe import (
    displayable,
    is_terminal,
    json_for_terminal,
    json_without_surrogates,
)

if TYPE_CHECKING:
    from tuiread.corpus import Article, Corpus
    from tuiread.corpus.copies import Copies


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
    workspace = command_workspace(args.paths, walk=True)
    ahead: dict[str, object] = {}

    def early(corpus: Corpus) -> None:
        # While the corpus is walked: the listing of the articles the store last recorded,
        # printed only if the walk finds them unchanged.
        if (not ahead and corpus.store is not None and not args.copies_of
                and workspace.walk_running()):
            text = _listing(corpus, args, kept_only=True)
            if text is not None:
                ahead["articles"], ahead["text"] = corpus.articles, text

    corpus, _ = open_corpus(args.paths, quiet=args.json, workspace=workspace, early=early)
    out = ahead["text"] if corpus.articles is ahead.get("articles") else _listing(corpus, args)
    if isinstance(out, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)  # type: ignore[arg-type]
    return 0


def _listing(corpus: Corpus, args: argparse.Namespace, kept_only: bool = False,
             ) -> bytes | str | None:
    """The whole output of ``tuiread list`` for ``corpus``: encoded for standard output when
    it has a byte stream that can encode it (kept then for the next run with the same
    articles), else text. ``kept_only``: None unless its copies were kept from an earlier
    run (see ``cached_copies``)."""
    from tuiread.commands.list_cache import KeptListing
    from tuiread.corpus.sketch_cache import cached_copies

    stream = getattr(sys.stdout, "buffer", None) and sys.stdout.encoding
    mode = "-".join(("json" if args.json else "text", "terminal" if is_terminal(sys.stdout)
                     else "file", f"{stream or 'text'}:{getattr(sys.stdout, 'errors', '')}"))
    kept = None if args.copies_of or not stream else \
        KeptListing.of(corpus.articles, corpus.roots, mode)
    found = kept.read_any() if kept is not None else None
    if found is not None and found[0] == kept.state:
        return found[1]
    copies = cached_copies(corpus.articles, kept_only=kept_only)
    if copies is None:
        return None
    articles = corpus.articles
    if args.copies_of:
        wanted = set(copies.get(corpus.resolve(args.copies_of).id, []))
        articles = [a for a in articles if a.id in wanted]
    if not args.json and kept is not None and found is not None:
        changed = articles.positions_since(found[0])
        data = None if changed is None else \
            _patched_rows(found[1], articles, copies, changed, stream)
        if data is not None:
            kept.write(data)
            return data
    del found  # (the kept output is no use now: one listing in memory at a time)
    text = _json_text(articles, copies) if args.json else _rows_text(_columns(articles), copies)
    if not stream:
        return text
    try:
        data = text.encode(stream, sys.stdout.errors or "strict")
    except (UnicodeError, LookupError):
        return text  # written as text: what the stream makes of it, as ever
    del text  # (100,000 JSON rows are hundreds of megabytes: one copy at a time)
    if kept is not None:
        kept.write(data)
    return data


def _json_text(articles, copies: Copies) -> str:
    """``json_text`` of the articles' summaries, from their columns (see ``list_json``)."""
    from tuiread.commands.list_json import FIELDS, NotPlain, json_listing
    from tuiread.corpus.rows import ArticleRows

    if isinstance(articles, ArticleRows):
        columns = [articles.column("location" if name == "path" else name) for name in FIELDS]
    else:
        columns = [[getattr(a, "location" if name == "path" else name) for a in articles]
                   for name in FIELDS]
    try:
        text = json_listing(columns, copies, end="\n")
    except NotPlain:
        return json_text([article_summary(a, copies.get(a.id, [])) for a in articles])
    return json_for_terminal(text) if is_terminal(sys.stdout) else json_without_surrogates(text)


def _columns(articles) -> tuple[list, ...]:
    """(ids, titles, sources, words, locations, dates) of ``articles``; from the store's
    columns when the corpus came from it (no article object made)."""
    from tuiread.corpus.rows import ArticleRows

    if isinstance(articles, ArticleRows):
        return tuple(articles.column(name) for name in
                     ("id", "title", "source", "words", "location", "date"))
    return ([a.id for a in articles], [a.title for a in articles], [a.source for a in articles],
            [a.words for a in articles], [a.location for a in articles],
            [a.date for a in articles])


def _rows_text(columns: tuple[list, ...], copies: Copies) -> str:
    lines = _row_lines(columns, _labels(copies), _width(columns[0]))
    return "\n".join(lines) + "\n" if lines else ""


def _width(ids: list[str]) -> int:
    return min(max(map(len, ids), default=2), 40)


def _labels(copies: Copies) -> dict[str, str]:
    """The copies column's label of each article that has copies."""
    label_of: dict[str, str] = {}
    for group in copies.groups:
        label = "1 copy" if len(group) == 2 else f"{len(group) - 1} copies"
        label_of.update(dict.fromkeys(group, label))
    return label_of


def _row_lines(columns: tuple[list, ...], label_of: dict[str, str], width: int) -> list[str]:
    ids, titles, sources, words, locations, dates = columns
    # Column by column, each made by one call over the whole column (100,000 rows are
    # 100,000 lines): a label per group of copies, a day per distinct date.
    days = {date: day_of(date) or "-" for date in set(dates)}
    # added columns go last: scripts read the first five by position
    rows = zip(map(str.ljust, ids, repeat(width)), titles, [s or "-" for s in sources],
               map(str, words), [p if p.isascii() else display_path(p) for p in locations],
               map(days.__getitem__, dates), map(label_of.get, ids, repeat("-")), strict=True)
    lines = list(map("\t".join, rows))
    if is_terminal(sys.stdout):  # one test for a terminal, not one a line
        lines = list(map(displayable, lines))
    return lines


def _patched_rows(previous: bytes, articles, copies: Copies, changed: list[int],
                  encoding: str) -> bytes | None:
    """The listing of ``articles`` (``_rows_text`` encoded) from ``previous``, the listing of
    the same articles before those at ``changed`` changed (the same ids, files and order):
    only the rows of the changed articles and of those whose copies label differs are made
    again. None when ``previous`` does not have a line per article or the output's encoding
    does not keep a line a line."""
    if codecs.lookup(encoding).name != "utf-8":
        return None
    lines = previous.split(b"\n")
    ids = articles.column("id")
    if len(lines) != len(ids) + 1 or lines[-1] != b"":
        return None  # (a title with a line break, say)
    label_of = _labels(copies)
    labels = list(map(label_of.get, ids, repeat("-")))
    # The copies label ends each line, after a tab (no label holds one): a line whose end is
    # not its label now is made again. (Told by calls over every line, none made per line.)
    ending = {label: b"\t" + label.encode() for label in set(labels)}
    kept = map(bytes.endswith, lines, map(ending.__getitem__, labels))
    redo = sorted(set(changed).union(compress(count(), map(operator.not_, kept))))
    made = _row_lines(_columns([articles[n] for n in redo]), label_of, _width(ids))
    errors = sys.stdout.errors or "strict"
    try:
        for number, line in zip(redo, made, strict=True):
            lines[number] = line.encode(encoding, errors)
    except UnicodeError:
        return None
    return b"\n".join(lines)


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
