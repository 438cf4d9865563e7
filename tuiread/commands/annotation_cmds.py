"""``tuiread annotate``, ``tuiread notes`` and ``tuiread import`` (``export`` is in export_cmd)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tuiread.annotations import (
    Anchor,
    Anchored,
    AnchorState,
    ArticleIndex,
    Filter,
    parse_jsonld,
)
from tuiread.annotations.normalized import PreparedText, collapse
from tuiread.bounded import TooLarge, read_bounded
from tuiread.commands.annotation_store import command_store
from tuiread.commands.common import add_paths, open_corpus, print_json, terminal_text, warn
from tuiread.commands.export_cmd import register_export
from tuiread.corpus import Article
from tuiread.errors import TuireadError

__all__ = ["register_annotate", "register_export", "register_import", "register_notes"]

# Columns of the plain `tuiread notes` listing: quote and note are cut to these widths.
QUOTE_COLUMN, NOTE_COLUMN = 60, 40


def register_annotate(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "annotate",
        help="annotate the quoted text of an article; prints the annotation as JSON",
        description="Create an annotation on the text QUOTE of ARTICLE (a path, an id, or an "
        "unambiguous prefix of either). Line breaks and spacing in QUOTE need not match the "
        "file's. A quote not found exits with status 2.",
    )
    parser.add_argument("article", metavar="ARTICLE")
    add_paths(parser)
    parser.add_argument("--quote", required=True, metavar="TEXT", help="the text to annotate")
    parser.add_argument(
        "--occurrence",
        type=int,
        default=None,
        metavar="N",
        help="annotate the Nth occurrence of the quote (default: the first)",
    )
    parser.add_argument("--note", default="", metavar="TEXT")
    parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeat for several)"
    )
    parser.add_argument("--label", default="", metavar="L")
    parser.set_defaults(func=run_annotate)
    return parser


def find_quote(article: Article, quote: str) -> list[tuple[int, int]]:
    """Raw spans of ``quote`` in ``article``: verbatim, else with spacing and line breaks
    ignored."""
    if not quote.strip():
        return []
    spans = []
    index = article.text.find(quote)
    while index != -1:
        spans.append((index, index + len(quote)))
        index = article.text.find(quote, index + 1)
    if spans:
        return spans
    prepared = PreparedText(article.text)
    needle = collapse(quote.strip())
    return [prepared.to_raw(i, i + len(needle)) for i in prepared.occurrences(needle)]


def run_annotate(args: argparse.Namespace) -> int:
    corpus, _ = open_corpus(args.paths, quiet=True)
    article = corpus.resolve(args.article)
    spans = find_quote(article, args.quote)
    if not spans:
        raise TuireadError(f"quote not found in {article.id}: {args.quote!r}")
    if args.occurrence is not None and not 1 <= args.occurrence <= len(spans):
        raise TuireadError(
            f"--occurrence {args.occurrence}: the quote occurs {len(spans)} time(s) in {article.id}"
        )
    if args.occurrence is None and len(spans) > 1:
        warn(f"the quote occurs {len(spans)} times; annotating the first (see --occurrence)")
    start, end = spans[(args.occurrence or 1) - 1]
    with command_store(for_writing=True) as store:
        created = store.create(article, start, end, args.note, args.tag, args.label)
    item = Anchored(created, Anchor(AnchorState.EXACT, start, end, 1.0))
    print_json({**item.summary(), "title": created.article.title, "created": created.created})
    return 0


def register_notes(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "notes",
        help="list annotations with where they are now; `notes rm ID` deletes one",
        description="List the annotations of the articles in PATHs with their current anchor "
        "(state exact, moved or fuzzy with a score saying how sure it is, or orphaned, and raw "
        "offsets). "
        "`tuiread notes rm ID ...` deletes annotations (kept in the database: "
        "`tuiread notes restore ID` brings one back). IDs may be shortened to a unique prefix.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders of articles (default: the configured corpus, else the demo "
        "corpus); or `rm ID ...` / `restore ID ...`",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also list annotations whose article is not in the corpus",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only annotations with this tag (repeat: all of them)",
    )
    parser.add_argument("--label", default=None, metavar="L")
    parser.add_argument(
        "--article",
        default=None,
        metavar="A",
        help="only this article (id, path, or a prefix of either)",
    )
    parser.set_defaults(func=run_notes)
    return parser


def run_notes(args: argparse.Namespace) -> int:
    if args.paths and args.paths[0] in ("rm", "restore"):
        return _rm_or_restore(args.paths[0], args.paths[1:])
    corpus, _ = open_corpus(args.paths, quiet=args.json)
    which = Filter(article=args.article, tags=tuple(args.tag), label=args.label)
    with command_store(for_writing=False) as store:
        items = store.anchor_many(store.list(which), ArticleIndex(corpus))
    elsewhere = sum(1 for item in items if item.anchor.state is AnchorState.MISSING)
    if not args.all:
        items = [item for item in items if item.anchor.state is not AnchorState.MISSING]
        if elsewhere:
            warn(
                f"{elsewhere} annotation(s) belong to articles not in this corpus "
                "(--all lists them)"
            )
    if args.json:
        print_json([{**item.summary(), "title": item.annotation.article.title} for item in items])
        return 0
    for item in items:
        print(terminal_text(_row(item)))
    return 0


def _row(item: Anchored) -> str:
    a, where = item.annotation, item.anchor
    unsure = where.state is AnchorState.FUZZY or (
        where.state is AnchorState.MOVED and where.score < 1
    )
    state = f"{where.state}({where.score:.2f})" if unsure else where.state
    span = f"{where.start}-{where.end}" if where.attached else "-"
    tags = " ".join(f"#{t}" for t in a.tags)
    return "\t".join(
        [
            a.id[:8],
            str(state),
            a.article.id,
            span,
            _cut(a.exact, QUOTE_COLUMN),
            _cut(a.note, NOTE_COLUMN),
            tags,
            a.label,
        ]
    )


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _rm_or_restore(action: str, refs: list[str]) -> int:
    if not refs:
        raise TuireadError(f"notes {action}: give the id of an annotation")
    with command_store(for_writing=True) as store:
        for ref in refs:
            if action == "rm":
                done = store.delete(store.find(ref).id)
                print(f"deleted {done.id} (tuiread notes restore {done.id[:8]} brings it back)")
            else:
                done = store.restore(store.find(ref, include_deleted=True).id)
                print(f"restored {done.id}")
    return 0


def register_import(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="add annotations from a W3C JSON-LD file",
        description="Add the annotations of a JSON-LD file (as written by `tuiread export "
        "--format jsonld`, or by another W3C Web Annotation tool). Annotations already in the "
        "store are skipped. Items that cannot be read are listed and exit status is 2.",
    )
    parser.add_argument("file", type=Path, metavar="FILE.jsonld")
    parser.set_defaults(func=run_import)
    return parser


# An export of 100 000 annotations is about 60 MB; past this a file is not one (``/dev/zero``).
MAX_IMPORT_BYTES = 200_000_000


def run_import(args: argparse.Namespace) -> int:
    try:
        text = read_bounded(args.file.expanduser(), MAX_IMPORT_BYTES).decode("utf-8")
    except TooLarge as exc:
        raise TuireadError(f"cannot read {args.file}: {exc}: not an annotation export") from exc
    except OSError as exc:
        raise TuireadError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise TuireadError(f"cannot read {args.file}: {exc}") from exc
    try:
        annotations, problems = parse_jsonld(text)
    except ValueError as exc:
        raise TuireadError(f"{args.file}: not a JSON-LD annotation file ({exc})") from exc
    with command_store(for_writing=True) as store:
        added, skipped = store.add(annotations)
    for problem in problems:
        warn(f"{args.file}: {problem} (not imported)")
    print(
        f"imported {len(added)}, skipped {len(skipped)} already present"
        + (f", {len(problems)} unreadable" if problems else "")
    )
    return 2 if problems else 0
