"""``tuiread export``: excerpts as Markdown, a template of one's own, JSON-LD, CSV, CSL-JSON or
BibTeX, filtered by article, tag, label and date."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from tuiread.annotations import (
    FORMATS,
    Annotation,
    ArticleIndex,
    ExportOptions,
    Filter,
    export,
    export_per_article,
)
from tuiread.annotations import excerpts as excerpt_model
from tuiread.commands.annotation_store import command_store
from tuiread.commands.common import add_paths, open_corpus, terminal_text, write_stdout
from tuiread.errors import TuireadError
from tuiread.export_target import write_export


def register_export(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="write annotated excerpts as Markdown, a template, JSON-LD, CSV, CSL-JSON or BibTeX",
        description="Export annotated excerpts with what a citation needs (full title, outlet, "
        "author, date, URL or the file's path in the corpus, paragraph). Markdown: a section "
        "per source with its citation line, each excerpt a blockquote, its note and #tags. "
        "JSON-LD: W3C Web Annotations (re-importable with `tuiread import`). CSV: a row each. "
        "CSL-JSON (Zotero, Pandoc --citeproc) and BibTeX: one entry per source. PATHs name the "
        "corpus the metadata comes from. A filter that matches nothing exits with status 2.",
    )
    add_paths(parser)
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default="md",
        help="md (default), jsonld, csv, csl (CSL-JSON) or bibtex",
    )
    parser.add_argument(
        "--template",
        type=Path,
        default=None,
        metavar="FILE",
        help="render with this Jinja2 template (see docs/export.md; a name ending in .md or "
        ".html escapes for that format)",
    )
    parser.add_argument(
        "--group-by",
        choices=excerpt_model.GROUP_BY,
        default="article",
        help="Markdown sections: one per article (default), tag, or publication date",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only annotations with this tag (repeat: all of them)",
    )
    parser.add_argument(
        "--article",
        default=None,
        metavar="A",
        help="only this article (id, path, or a prefix of either)",
    )
    parser.add_argument(
        "--label", default=None, metavar="L", help="only annotations with this label"
    )
    parser.add_argument(
        "--since",
        default=None,
        metavar="DATE",
        help="only annotations made on or after DATE (2025-08-19, or a time in UTC)",
    )
    parser.add_argument(
        "--context", action="store_true", help="Markdown: show the text around each excerpt"
    )
    parser.add_argument(
        "--front-matter", action="store_true", help="Markdown: start with a YAML front matter"
    )
    parser.add_argument(
        "--per-article",
        action="store_true",
        help="one file per article, in the folder -o names (created if missing)",
    )
    parser.add_argument(
        "--absolute-paths",
        action="store_true",
        help="give local files' full paths (default: relative to the corpus folder)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="write to FILE (default, or -: standard output); a symlink's target is written, a "
        "pipe or device is refused",
    )
    parser.set_defaults(func=run_export)
    return parser


def since_stamp(text: str) -> str:
    """``--since`` as the ISO 8601 UTC form annotations store, for comparing as text."""
    try:
        if len(text.strip()) == len("2025-08-19"):
            return date.fromisoformat(text.strip()).isoformat()
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise TuireadError(f"--since {text!r}: expected a date such as 2025-08-19") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _filters_shown(args: argparse.Namespace) -> str:
    parts = [f"--article {args.article}"] if args.article else []
    parts += [f"--tag {tag}" for tag in args.tag]
    if args.label is not None:
        parts.append(f"--label {args.label}")
    if args.since:
        parts.append(f"--since {args.since}")
    return " ".join(parts)


def selected(annotations: list[Annotation], since: str | None) -> list[Annotation]:
    return [a for a in annotations if since is None or a.created >= since]


def run_export(args: argparse.Namespace) -> int:
    options = ExportOptions(
        format=args.format,
        template=args.template.expanduser() if args.template else None,
        group_by=args.group_by,
        context=args.context,
        front_matter=args.front_matter,
        absolute_paths=args.absolute_paths,
    )
    if args.per_article and (args.output is None or str(args.output) == "-"):
        raise TuireadError("--per-article writes one file per article: give the folder with -o")
    since = since_stamp(args.since) if args.since else None
    corpus, _ = open_corpus(args.paths, quiet=True)
    with command_store(for_writing=False) as store:
        which = Filter(article=args.article, tags=tuple(args.tag), label=args.label)
        annotations = selected(store.list(which), since)
        if not annotations:
            shown = _filters_shown(args)
            raise TuireadError(f"no annotation matches {shown}" if shown
                               else "no annotations to export yet")
        items = store.anchor_many(annotations, ArticleIndex(corpus))
    excerpts = excerpt_model.build(items, corpus, absolute_paths=args.absolute_paths)
    if args.per_article:
        return _write_folder(args.output.expanduser(), excerpts, options)
    text = export(excerpts, options)
    if args.output is None or str(args.output) == "-":
        write_stdout(text, is_json=args.format in ("jsonld", "csl"))
        return 0
    written = write_export(args.output, text)
    print(terminal_text(f"wrote {len(excerpts)} annotation(s) to {written}", sys.stderr),
          file=sys.stderr)
    return 0


def _write_folder(folder: Path, excerpts: list, options: ExportOptions) -> int:
    if folder.exists() and not folder.is_dir():
        raise TuireadError(f"--per-article: {folder} is not a folder")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise TuireadError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    files = export_per_article(excerpts, options)
    for name, text in files:
        write_export(folder / name, text)
    print(terminal_text(f"wrote {len(excerpts)} annotation(s) in {len(files)} file(s) to "
                        f"{folder}", sys.stderr), file=sys.stderr)
    return 0
