"""``tuiread search`` (ranked articles with snippets) and ``tuiread index`` (build or update).

``tuiread index`` gives the index the corpus's canonical entity names (the ``entity:`` field);
``tuiread search`` does so only for a query that names ``entity:``, because that means loading the
whole corpus and its entity catalog (mentions are cached, grouping is not).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from tuiread.commands.collector import settle
from tuiread.commands.common import (
    add_paths,
    command_workspace,
    open_corpus,
    print_json,
    terminal_text,
    use_colour,
    warn,
)
from tuiread.errors import TuireadError
from tuiread.search.results import DEFAULT_LIMIT
from tuiread.workspace import Workspace

# The engine is imported by the commands that search (`tuiread --help` does not load it).
if TYPE_CHECKING:
    from tuiread.commands.index_warm import FollowUp
    from tuiread.commands.names_beside import NamesBeside
    from tuiread.search import SearchIndex, SearchResults, Snippet, UpdateReport
    from tuiread.search.ahead import AheadResults

BAR_WIDTH = 30
# Redraw the progress bar at most this often (seconds): a terminal is slower than the indexer.
BAR_REFRESH_SECONDS = 0.1
BOLD, NORMAL = "\x1b[1m", "\x1b[22m"


def register_search(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "search", help="full-text search: ranked articles with the matching words in context",
        description="Search the corpus (the index is built or brought up to date first). Words "
        "are ANDed; use \"phrases\", OR, NOT, wildcards (secur*), fuzzy words (ceasfire~), "
        "proximity (\"security guarantees\"~3) and fields (title:, body:, source:, entity:, "
        "path:).")
    parser.add_argument("query", metavar="QUERY")
    add_paths(parser)
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=f"at most N articles (default {DEFAULT_LIMIT})")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON array: id, path, title, source, score, snippets, hits "
                        "(raw offsets of every match)")
    parser.set_defaults(func=run_search)
    return parser


def register_index(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "index", help="build or update the search index and say what changed",
        description="Build the corpus's search index, or update it with the files that were "
        "added, changed or removed since.")
    add_paths(parser)
    parser.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")
    parser.add_argument("--no-entities", action="store_true",
                        help="leave the entity: field's names as they are (saves reading the "
                        "whole corpus for its entity catalog)")
    parser.set_defaults(func=run_index)
    return parser


def _open_index(paths: list[str], workspace: Workspace | None = None,
                ahead: Callable[[SearchIndex], None] | None = None) -> SearchIndex:
    workspace = workspace or command_workspace(paths)
    roots = workspace.roots
    missing = [str(r) for r in roots if not r.exists()]
    if missing and len(missing) == len(roots):
        raise TuireadError(f"no such file or folder: {', '.join(missing)}")
    for root in missing:
        warn(f"{root}: no such file or folder")
    # The index is opened while the corpus is walked (by find: the index tells what changed
    # from its output, see ``search.walk_found``).
    workspace.start_walk()
    index = workspace.open_search_index(ahead)
    for notice in [*index.notices, *workspace.notices]:
        warn(notice)
    index.notices.clear()
    workspace.notices.clear()
    return index


def progress_bar(stream: TextIO, label: str = "indexing", unit: str = "files",
                 ) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress callback drawing a bar on ``stream`` if it is a terminal, and one to clear it."""
    if not stream.isatty():
        return None, lambda: None
    last = 0.0

    def show(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if total <= 0 or (now - last < BAR_REFRESH_SECONDS and done < total):
            return
        last = now
        filled = BAR_WIDTH * done // total
        stream.write(f"\r{label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] "
                     f"{done}/{total} {unit}")
        stream.flush()

    def clear() -> None:
        stream.write("\r\x1b[K")
        stream.flush()

    return show, clear


def _give_entity_names(workspace: Workspace) -> bool:
    """Give the index the corpus's canonical entity names, from the entity catalog (kept between
    runs: only new or changed articles are read for it); False when they could not be had.

    A problem (a bad entities.yaml, an unreadable decisions file) is a warning: the index keeps
    the names it has.
    """
    show, clear = progress_bar(sys.stderr, "reading entities", "articles")
    try:
        open_corpus(list(map(str, workspace.roots)), quiet=True, workspace=workspace)
        workspace.give_index_entity_names(show)
    except TuireadError as exc:
        warn(f"entity names not updated: {exc}")
        return False
    finally:
        clear()
    return True


def _update(index: SearchIndex, rebuild: bool, wait: float | None) -> UpdateReport:
    show, clear = progress_bar(sys.stderr)
    try:
        # The index was opened (and the files looked at) a moment ago.
        report = index.update(show, rebuild=rebuild, wait=wait, rescan=False)
    finally:
        clear()
    for notice in report.notices:
        warn(notice)
    return report


def run_index(args: argparse.Namespace) -> int:
    workspace = command_workspace(args.paths, walk=True)
    if not args.no_entities and not args.rebuild:
        # The index is checked against the walk first: when neither the files nor what the
        # entity names depend on changed since a run left it up to date, there is nothing to
        # do, and the corpus and its entity snapshot are not opened (see ``search.settled``).
        from tuiread.search.settled import inputs_stamp, is_settled

        # While find walks (the index's check waits for it), the corpus store's record is
        # read for the update that follows when something changed.
        index = _open_index(args.paths, workspace, lambda _: workspace.read_record_ahead())
        began = time.perf_counter()  # (an update's time is counted from its own start)
        if is_settled(index, inputs_stamp(workspace.roots)):
            _print_report(index, _settled_report(index, began))
            return 0
    else:
        index = None
    index, report, follow_up = _index_update(args, workspace, index)
    _print_report(index, report)
    from tuiread.commands.index_warm import is_bulk, warm_in_child

    bulk = is_bulk(report)
    if bulk:
        workspace.close()
        sys.stdout.flush()  # (the report is out before the follow-up's wait)
    if follow_up is not None:
        follow_up.finish(bulk)
    elif bulk:
        warm_in_child(args.paths, not args.no_entities, _open_index)
    return 0


def _settled_report(index: SearchIndex, began: float) -> UpdateReport:
    """The report of an update that finds nothing to do (what ``SearchIndex.update`` says
    then), made without loading the updater."""
    from tuiread.search.results import UpdateReport

    report = UpdateReport(unchanged=index.plan.unchanged, articles=index.documents)
    report.problems = [f"{rel}: {why}" for rel, why in sorted(index.problems().items())]
    report.seconds = time.perf_counter() - began
    return report


def _index_update(args: argparse.Namespace, workspace: Workspace, index: SearchIndex | None,
                  ) -> tuple[SearchIndex, UpdateReport, FollowUp | None]:
    """``tuiread index``'s update, with the entity names (unless ``--no-entities``); ``index``:
    the index if it was opened already. When the update looks like a bulk one, its follow-up
    (``index_warm``) is started as soon as the corpus store is up to date, and returned to be
    finished once the report is out."""
    from tuiread.commands.index_warm import expect_bulk, start_follow_up
    from tuiread.processes import lower_workers
    from tuiread.search.build import stop_workers
    from tuiread.search.updater import start_build_workers

    names = not args.no_entities
    if names:
        # The corpus's store has the entity mentions (made as new articles are derived); its
        # walk is the index's too.
        workspace.derive_mentions = True
        workspace.read_catalog_ahead = False  # (only the names are wanted: see the workspace)
        open_corpus(args.paths, quiet=True, workspace=workspace)
        settle()
    if index is None:
        index = _open_index(args.paths, workspace)
    follow_up = None
    if names and expect_bulk(index, args.rebuild):
        # (the corpus store is up to date: the follow-up's copy groups and lemma table take
        # the core the catalog's grouping leaves idle)
        follow_up = start_follow_up(args.paths, True, _open_index)
    named = False
    beside: NamesBeside | None = None
    try:
        try:
            if names:
                # (below this process's priority: the catalog's grouping goes first)
                lower_workers()
            if names and start_build_workers(index):
                # A first build's worker processes start at once, and index their first
                # documents while the catalog is grouped (on one core) for their names.
                from tuiread.commands.names_beside import NamesBeside

                beside = NamesBeside(workspace, index, follow_up)
            elif names:
                named = _give_entity_names(workspace)
                if follow_up is not None:
                    follow_up.names_given(named)
            report = _update(index, args.rebuild, wait=0.0)
        finally:
            stop_workers()  # those the build did not take
        if report.locked:
            warn("another tuiread process is updating this index; waiting for it to finish")
            report = _update(index, args.rebuild, wait=None)
        if beside is not None:
            named = beside.join()
    except BaseException:
        if follow_up is not None:
            follow_up.finish(False)
        raise
    if named and not report.cancelled:
        from tuiread.search.settled import inputs_stamp, record_settled

        store = workspace.corpus_store
        if store is not None:
            store.checkpoint()  # (else the next reader's close moves the stamped stat)
        record_settled(index, inputs_stamp(workspace.roots))
    return index, report, follow_up


def _print_report(index: SearchIndex, report: UpdateReport) -> None:
    print(f"index: {index.generation or index.directory}")
    if report.rebuilt:
        print(f"rebuilt from scratch ({report.rebuilt})")
    print(report.summary())
    for problem in report.problems:
        warn(f"not indexed: {problem}")


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise TuireadError("--limit must be at least 1")
    # The walk starts first: the search engine's imports (a tenth of a second) overlap it.
    workspace = command_workspace(args.paths, walk=True)
    from tuiread.search import IndexDamaged, QueryError, named_fields
    from tuiread.search.ahead import confirmed, search_ahead

    entity_query = "entity" in named_fields(args.query)
    worked: list[AheadResults | None] = []

    def ahead(index: SearchIndex) -> None:
        # While the corpus is walked: the query on the index as it is, kept if the check
        # that follows finds nothing to update (else searched again below).
        if not entity_query and workspace.walk_running():
            try:
                worked.append(search_ahead(index, args.query, args.limit))
            except (QueryError, IndexDamaged):
                worked.append(None)  # said by the search after the check

    index = _open_index(args.paths, workspace, ahead)
    results = confirmed(index, worked[0]) if worked else None
    if results is None:
        results = _checked_search(workspace, index, args, entity_query)
    for notice in results.notices:
        warn(notice)
    if args.json:
        print_json([hit.as_json() for hit in results.hits])
        for suggestion in results.suggestions:
            warn(f"did you mean: {suggestion.query} ({_articles(suggestion.found)})")
        return 0
    _print_results(results, sys.stdout)
    return 0


def _checked_search(workspace: Workspace, index: SearchIndex, args: argparse.Namespace,
                    entity_query: bool) -> SearchResults:
    """The search after the index was checked (and updated if it had to be)."""
    from tuiread.search import QueryError

    if entity_query:
        _give_entity_names(workspace)
    if index.needs_update:
        report = _update(index, rebuild=False, wait=0.0)
        if report.locked:
            warn("another tuiread process is updating this index; searching what it holds so far")
    try:
        return _search(index, args.query, args.limit)
    except QueryError as exc:
        where = f" (at character {exc.position + 1})" if exc.position is not None else ""
        raise TuireadError(f"bad query: {exc.message}{where}") from exc


def _search(index: SearchIndex, text: str, limit: int) -> SearchResults:
    from tuiread.search import IndexDamaged

    try:
        return index.search(text, limit=limit)
    except IndexDamaged as exc:
        warn(str(exc))
        _update(index, rebuild=True, wait=None)
        return index.search(text, limit=limit)


def _print_results(results: SearchResults, out: TextIO) -> None:
    emphasis = use_colour(out)
    for rank, hit in enumerate(results.hits, 1):
        source = f"  [{hit.source}]" if hit.source else ""
        out.write(terminal_text(f"{rank}. {hit.title}{source}  {hit.score:.2f}\n", out))
        out.write(terminal_text(f"   {hit.id}  {hit.path}\n", out))
        for snippet in hit.snippets:
            out.write(f"   {_snippet_line(snippet, emphasis, out)}\n")
    shown = len(results.hits)
    if results.total:
        more = f"; showing the first {shown}" if shown < results.total else ""
        counted = "1 article matches" if results.total == 1 else f"{results.total} articles match"
        out.write(f"{counted}{more}\n")
    else:
        out.write(terminal_text(f"no articles match {results.query!r}\n", out))
    for suggestion in results.suggestions:
        out.write(terminal_text(f"did you mean: {suggestion.query} ({_articles(suggestion.found)})"
                                "\n", out))


def _articles(count: int) -> str:
    return "1 article" if count == 1 else f"{count} articles"


def _snippet_line(snippet: Snippet, emphasis: bool, out: TextIO) -> str:
    """The snippet as one line; matched words in bold on a terminal, control chars made visible."""
    # One character for one, so the highlight offsets still fit.
    text = terminal_text(snippet.text, out)
    if not emphasis:
        return text
    parts = []
    position = 0
    for start, end in snippet.highlights:
        parts += [text[position:start], BOLD, text[start:end], NORMAL]
        position = end
    parts.append(text[position:])
    return "".join(parts)
