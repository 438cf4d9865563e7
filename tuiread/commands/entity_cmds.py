"""``tuiread entities`` (search, and decisions: merge, split, rename, kind, ignore, unignore,
decisions, undo) and ``tuiread mentions``.

``entities`` takes a free QUERY and PATHs, so its decision verbs cannot be argparse subcommands
(``tuiread entities putin`` would be read as a verb): the first word is a verb only when it is one
of VERBS, and ``--query`` searches for a name that is spelled like a verb.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from itertools import islice, starmap
from pathlib import Path

from tuiread.commands.collector import held, settle
from tuiread.commands.common import (
    command_workspace,
    open_corpus,
    path_exists,
    print_json,
    terminal_text,
    warn,
)
from tuiread.commands.mentions_ahead import MentionsAhead
from tuiread.errors import TuireadError
from tuiread.textsafe import displayable, is_terminal, shorten

# verb -> (arguments it takes, what it does)
VERBS = {
    "merge": (("A", "B"), "merge entity B into entity A"),
    "split": (("ENTITY", "VARIANT"), "split a spelling off an entity into its own"),
    "rename": (("ENTITY", "NAME"), "give an entity another name"),
    "kind": (("ENTITY", "KIND"), "change an entity's kind (PERSON, PLACE, ORG, OTHER)"),
    "ignore": (("ENTITY",), "hide an entity from lists, search and the index"),
    "unignore": (("ENTITY",), "show an ignored entity again"),
    "decisions": ((), "list the decisions made so far, with their ids"),
    "undo": (("ID",), "take back a decision by id"),
}
KIND_CHOICES = ("PERSON", "PLACE", "ORG", "OTHER")
# Mention lines written to stdout at a time (the first contexts are made in a few articles).
LINES_PER_WRITE = 200
# A mention listing's line: article id, start, end, context.
LINE = "{}:{}-{}\t{}"


def register_entities(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    verbs = "\n".join(
        f"  tuiread entities {v} {' '.join(a)} [PATH ...]: {h}" for v, (a, h) in VERBS.items()
    )
    parser = subparsers.add_parser(
        "entities",
        help="people, places and organisations, found by a rough name",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="List the entities of a corpus ranked for QUERY (by mentions without one), or "
        "record a decision that corrects the grouping.\n\n" + verbs + "\n\nA QUERY spelled like "
        "one of these verbs is searched with --query.",
    )
    parser.add_argument(
        "words",
        nargs="*",
        metavar="QUERY|VERB [PATH ...]",
        help="a name to look for (or a verb and its arguments), then PATHs",
    )
    parser.add_argument(
        "--query", "-q", help="the name to look for (when it is spelled like a verb)"
    )
    parser.add_argument(
        "--kind", type=str.upper, choices=KIND_CHOICES, help="only entities of this kind"
    )
    parser.add_argument(
        "--limit", type=_positive, default=20, help="at most N entities (default 20)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--all", action="store_true", help="list ignored entities too")
    parser.set_defaults(func=run_entities)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {number}")
    return number


def _catalog(paths: list[str], quiet: bool, ahead: MentionsAhead | None = None):
    workspace = command_workspace(paths)
    workspace.derive_mentions = True  # new articles' mentions made as they are derived
    if ahead is not None:
        from tuiread.corpus.store import store_file
        from tuiread.entities.kept_contexts import kept_folder

        ahead.kept_folder = kept_folder(store_file(workspace.roots))
        ahead.walking = workspace.walk_running
        workspace.catalog_ahead = ahead.start
    corpus, _ = open_corpus(paths, quiet=quiet, workspace=workspace)
    settle()
    catalog = workspace.entities
    settle()
    return corpus, catalog


def run_entities(args: argparse.Namespace) -> int:
    from tuiread.entities.decisions import take_notices

    try:
        return _run_entities(args)
    finally:
        for notice in take_notices():  # a damaged decisions file was set aside
            warn(notice)


def _run_entities(args: argparse.Namespace) -> int:
    words = list(args.words)
    if args.query is None and words and words[0] in VERBS:
        return _run_verb(words[0], words[1:], args)
    if args.query is not None:
        query, paths = args.query, words
    else:
        query, paths = _split_query(words)
    from tuiread.entities.model import Kind

    _, catalog = _catalog(paths, quiet=args.json)
    kind = Kind(args.kind) if args.kind else None
    if query:
        rows = [(m.entity, m.score) for m in catalog.search(query, limit=args.limit, kind=kind)]
    else:
        pool = [*catalog.entities, *(catalog.ignored if args.all else [])]
        rows = [(e, None) for e in pool if kind is None or e.kind == kind][: args.limit]
    if args.json:
        print_json([_entity_json(e, score) for e, score in rows])
        return 0
    if not rows:
        print(terminal_text(f"no entity matches '{shorten(query)}'" if query else "no entities"))
        return 0
    for entity, score in rows:
        ignored = " (ignored)" if entity in catalog.ignored else ""
        others = [v for v in entity.variant_names() if v != entity.name]
        line = (
            f"{entity.name}\t{entity.kind}\t{entity.mention_count} mentions in "
            f"{entity.article_count} articles{ignored}"
        )
        if others:
            line += "\t" + ", ".join(others)
        if score is not None:
            line = f"{score:5.1f}  {line}"
        print(terminal_text(line))
    return 0


def _split_query(words: list[str]) -> tuple[str, list[str]]:
    """The first word is the query unless it names an existing file or folder."""
    if words and not path_exists(words[0]):
        return words[0], words[1:]
    return "", words


def _entity_json(entity, score: float | None) -> dict:
    return {
        "name": entity.name,
        "kind": str(entity.kind),
        "variants": entity.variant_names(),
        "mentions": entity.mention_count,
        "articles": entity.article_ids,
        "score": score,
    }


def _run_verb(verb: str, rest: list[str], args: argparse.Namespace) -> int:
    from tuiread.entities.decisions import DecisionStore

    wanted, _ = VERBS[verb]
    if len(rest) < len(wanted):
        raise TuireadError(
            f"entities {verb}: expected {' '.join(wanted)} (got {len(rest)} of {len(wanted)})"
        )
    values, paths = rest[: len(wanted)], rest[len(wanted) :]
    with DecisionStore() as store:
        if verb == "decisions":
            return _list_decisions(store, args.json)
        if verb == "undo":
            try:
                decision = store.remove(int(values[0]))
            except ValueError:
                raise TuireadError(
                    f"entities undo: expected a decision id, got {values[0]!r}"
                ) from None
            print(terminal_text(f"undone: {decision.describe()}"))
            return 0
        _, catalog = _catalog(paths, quiet=True)
        subject, value = values[0], values[1] if len(values) > 1 else None
        decision = catalog.decide(store, verb, subject, value)
    print(terminal_text(f"recorded #{decision.id}: {decision.describe()}"))
    for skipped in catalog.skipped:
        if skipped.id == decision.id:
            warn("the decision changed nothing in this corpus")
    return 0


def _list_decisions(store, as_json: bool) -> int:
    decisions = store.all()
    if as_json:
        print_json(
            [
                {
                    "id": d.id,
                    "action": d.action,
                    "subject": d.subject,
                    "value": d.value,
                    "created": d.created,
                }
                for d in decisions
            ]
        )
        return 0
    if not decisions:
        print("no decisions")
    for d in decisions:
        print(terminal_text(f"{d.id}\t{d.created}\t{d.describe()}"))
    return 0


def register_mentions(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "mentions",
        help="every mention of an entity, in context",
        description="Print every mention of ENTITY (a name, a spelling, or a close misspelling of "
        "one) in the corpus of PATHs. With --all, print the raw mentions found in each FILE "
        "(for evaluation).",
    )
    parser.add_argument("words", nargs="*", metavar="ENTITY [PATH ...] | --all FILE ...")
    parser.add_argument("--all", action="store_true", help="raw mentions of the FILEs given")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(func=run_mentions)
    return parser


def run_mentions(args: argparse.Namespace) -> int:
    if args.all:
        return _raw_mentions(args.words, args.json)
    if not args.words:
        raise TuireadError("mentions: expected ENTITY (or --all FILE ...)")
    name, paths = args.words[0], args.words[1:]
    ahead = MentionsAhead(name, as_lines=not args.json)  # (work done while the corpus is walked)
    _, catalog = _catalog(paths, quiet=args.json, ahead=ahead)
    with held():  # (tens of thousands of mentions and contexts, no cycle among them)
        return _list_mentions(name, catalog, ahead, args.json)


def _list_mentions(name: str, catalog, ahead: MentionsAhead, as_json: bool) -> int:
    entity = catalog.resolve(name)
    if entity is None:
        raise TuireadError(f"no entity matches '{name}'{catalog._suggest(name)}")
    heading = f"{entity.name} ({entity.kind})"
    if as_json:
        _, contexts = ahead.listing(catalog, entity)
        print_json(
            [
                {
                    "id": c.article.id,
                    "path": str(c.article.path),
                    "start": c.mention.start,
                    "end": c.mention.end,
                    "text": c.mention.text,
                    "context": c.context,
                }
                for c in contexts
            ]
        )
    else:
        count, lines, standing = ahead.current_lines(catalog, entity)
        _print_lines(f"{heading}: {count} mentions", starmap(LINE.format, lines))
        if standing is not None:
            return 0
    sys.stdout.flush()  # (all shown before the contexts are kept for the next listing)
    ahead.save(catalog)
    return 0


def _print_lines(heading: str, lines: Iterable[str]) -> None:
    """``heading``, then ``lines`` (of contexts), written as they are made: the first lines
    show at once, and a reader that stops early (``| head``) stops the reading of articles
    too."""
    out = sys.stdout
    terminal = is_terminal(out)
    out.write((displayable(heading) if terminal else heading) + "\n")
    out.flush()
    lines = iter(lines)
    # A batch at a time, each made by calls over the whole batch (a listing is tens of
    # thousands of lines).
    while batch := list(islice(lines, LINES_PER_WRITE)):
        out.write("\n".join(map(displayable, batch) if terminal else batch) + "\n")


def _raw_mentions(files: list[str], as_json: bool) -> int:
    from tuiread.entities.articles import article_mentions
    from tuiread.entities.extract import Extractor
    from tuiread.entities.gazetteer import load_gazetteer

    if not files:
        raise TuireadError("mentions --all: expected FILE ...")
    missing = [f for f in files if not Path(f).expanduser().is_file()]
    if missing:
        raise TuireadError(f"no such file: {', '.join(missing)}")
    corpus, _ = open_corpus(files, quiet=as_json)
    extractor = Extractor(load_gazetteer())
    rows = []
    for article in corpus.articles:
        for m in article_mentions(article, extractor):
            rows.append(
                {
                    "path": str(article.path),
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "kind": str(m.kind),
                }
            )
    if as_json:
        print_json(rows)
        return 0
    for row in rows:
        print(
            terminal_text(
                f"{row['path']}:{row['start']}-{row['end']}\t{row['kind']}\t{row['text']}"
            )
        )
    return 0
