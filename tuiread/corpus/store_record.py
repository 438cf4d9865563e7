"""Refreshing the corpus store through the last refresh's record (see ``corpus.opened``).

Split from :mod:`tuiread.corpus.store`: :class:`RecordedStore` holds the part of the store that
reads and writes the record, reads the rows of just the files whose stat differs from it, and
makes the articles from it; the store mixes it in and supplies ``_db``, ``_guard``,
``derivations``, ``state`` and ``_file_states``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tuiread.corpus import walk_memo
from tuiread.corpus.loader import LoadIssue
from tuiread.corpus.opened import ARTICLE_COLUMNS, Builder, Columns, Opened, pack, unpack
from tuiread.corpus.rows import ArticleRows
from tuiread.corpus.store_patches import (
    PATCH_FILES_MAX,
    PATCHES_MAX,
    Patch,
    RecordParts,
    apply_patch,
    copy_record,
    pack_patch,
    unpack_patch,
)
from tuiread.corpus.walk import CorpusFile, Walk
from tuiread.pacing import pace

if TYPE_CHECKING:
    from tuiread.corpus.walk_find import FindOutput

# Paths per query when rows are read for a list of files (SQLite allows 32,766 parameters).
CHUNK = 500
# Up to this many edited files are found in the record by a search of its paths each (about a
# millisecond at 100,000 files); past it, through a map of every path (50-150 ms to make).
FEW_SUSPECTS = 16


class _FileState(NamedTuple):
    size: int
    mtime_ns: int
    digest: str
    derivation: str
    problem: str | None
    articles: int


class _StoredRecord(NamedTuple):
    state: str
    base: str
    patches: int
    data: bytes | None  # the base's bytes (None: the state this process read last, ``known``)
    patch_rows: list[tuple[bytes, str]]  # each patch's bytes and digest, in order
    known: tuple[tuple[str, Opened], RecordParts] | None = None


class RecordedStore:
    """The record-based half of :class:`~tuiread.corpus.store.CorpusStore`."""

    def _opened(self) -> Opened | None:
        """The last complete refresh's record (its base and patches), if there is one that
        checks."""
        try:
            with self._guard:
                reading = not self._db.in_transaction
                if reading:
                    self._db.execute("BEGIN")  # the state and the rows read with it agree
                try:
                    stored = self._record_rows()
                finally:
                    if reading and self._db.in_transaction:
                        self._db.execute("COMMIT")
        except sqlite3.OperationalError:
            return None
        # Unpacked with the store free (in the app, a worker pauses between the columns while
        # the UI thread is busy: see ``tuiread.pacing``; the UI thread may want the store).
        found = self._unpack_record(stored) if stored is not None else None
        if found is None:
            return None
        self._last_record, self._record_parts = found
        self.state = found[0][0]
        return found[0][1]

    def unpack_record(self) -> None:
        """Unpack every article column of the record read last (making any article needs
        them all), ahead of a first use that would wait for them."""
        last = self._last_record
        if last is not None and isinstance(last[1].articles, Columns):
            last[1].articles.unpack_all()

    def _record_rows(self) -> _StoredRecord | None:
        """The record's state and bytes as stored (no bytes when this process read that very
        state last)."""
        row = self._db.execute("SELECT state, base, patches FROM record_state WHERE id = 1"
                               ).fetchone()
        if row is None:
            return None
        state, base, count = row
        if self._last_record is not None and self._last_record[0] == state:
            # A second look: read already by this process.
            return _StoredRecord(state, base, count, None, [],
                                 (self._last_record, self._record_parts))
        row = self._db.execute("SELECT data, digest FROM record_base WHERE id = 1").fetchone()
        if row is None or row[1] != base:
            return None
        patches = (self._db.execute("SELECT data, digest FROM record_patches ORDER BY seq"
                                    ).fetchall() if count else [])
        return _StoredRecord(state, base, count, row[0], patches)

    def _unpack_record(self, stored: _StoredRecord,
                       ) -> tuple[tuple[str, Opened], RecordParts] | None:
        state, base, count, data, patches, known = stored
        if data is None:
            return known
        record = unpack(data, base, self.derivations)
        if record is None:
            return None
        digests: list[str] = []
        numbers: list[tuple[int, ...]] = []
        if patches:
            starts = list(accumulate(record.counts, initial=0))
            for data, check in patches:
                pace()
                patch = unpack_patch(data, check)
                if patch is None or not apply_patch(record, patch, starts):
                    return None
                digests.append(check)
                numbers.append(tuple(patch.numbers))
        parts = RecordParts(base, tuple(digests), sum(map(len, numbers)), tuple(numbers))
        if len(digests) != count or parts.state != state:
            return None
        return (state, record), parts

    def _write_opened(self, record: Opened, patch: Patch | None = None) -> None:
        """Keep ``record``: as a patch of the record this refresh started from when ``patch``
        says all that changed (see ``corpus.store_patches``), else whole."""
        parts = self._record_parts if self.previous_state is not None else None
        if (patch is not None and parts is not None and len(parts.patches) < PATCHES_MAX
                and parts.files + len(patch.numbers) <= PATCH_FILES_MAX
                and self._write_patch(parts, patch, record)):
            return
        data, digest = pack(record)
        with self._guard, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM record_patches")
            self._db.execute("INSERT OR REPLACE INTO record_base (id, data, digest) "
                             "VALUES (1, ?, ?)", (data, digest))
            self._db.execute("INSERT OR REPLACE INTO record_state (id, state, base, patches) "
                             "VALUES (1, ?, ?, 0)", (digest, digest))
        self.state = digest
        self._last_record = (digest, record)
        self._record_parts = RecordParts(digest)

    def _write_patch(self, parts: RecordParts, patch: Patch, record: Opened) -> bool:
        data, check = pack_patch(patch)
        now = RecordParts(parts.base, (*parts.patches, check), parts.files + len(patch.numbers),
                          (*parts.numbers, tuple(patch.numbers)))
        with self._guard, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            # (Under the write lock nobody else writes the record; checked all the same.)
            base = self._db.execute("SELECT digest FROM record_base WHERE id = 1").fetchone()
            (held,) = self._db.execute("SELECT count(*) FROM record_patches").fetchone()
            if base is None or base[0] != parts.base or held != len(parts.patches):
                return False
            self._db.execute("INSERT INTO record_patches (seq, data, digest) VALUES (?, ?, ?)",
                             (held, data, check))
            self._db.execute("INSERT OR REPLACE INTO record_state (id, state, base, patches) "
                             "VALUES (1, ?, ?, ?)", (now.state, parts.base, held + 1))
        self.state = now.state
        self._last_record = (now.state, record)
        self._record_parts = now
        return True

    def _states_of(self, rels: Sequence[str]) -> dict[str, _FileState]:
        found: dict[str, _FileState] = {}
        make = tuple.__new__
        with self._guard:
            for start in range(0, len(rels), CHUNK):
                chunk = rels[start : start + CHUNK]
                rows = self._db.execute(
                    "SELECT rel, size, mtime_ns, digest, derivation, problem, articles FROM files "
                    f"WHERE rel IN ({','.join('?' * len(chunk))})", chunk)
                found.update((row[0], make(_FileState, row[1:])) for row in rows)
        return found

    def _record(self, walked: Walk, old: Opened | None, suspects: list[CorpusFile],
                ) -> tuple[Opened, Patch | None] | None:
        """The record of the walk's files from the rows (of the suspects only, when there is an old
        record: the others are as it recorded them), and the patch of ``old`` it is when only
        values changed; None while a file has no rows (a cancelled refresh)."""
        builder = Builder(self.derivations)
        if old is None:
            wanted = None
            states = self._file_states()
        else:
            wanted = [f.rel for f in suspects]
            states = self._states_of(wanted)
        rows_by_file = self._article_rows(wanted)
        rels = walked.column("rel")
        if old is not None and old.rels == rels:
            return self._record_same_files(builder, rels, old, suspects, states, rows_by_file)
        files = walked.files
        ranges = old.ranges() if old is not None else {}
        fresh = {f.rel for f in suspects} if old is not None else None
        run: list[int] | None = None  # [first file, end file, first article, end article]
        for item in files:
            if fresh is not None and item.rel not in fresh:
                number, start, stop = ranges[item.rel]
                if run is not None and run[1] == number:
                    run[1], run[3] = number + 1, stop
                else:
                    if run is not None:
                        builder.add_recorded(old, *run)
                    run = [number, number + 1, start, stop]
                continue
            if run is not None:
                builder.add_recorded(old, *run)
                run = None
            state = states.get(item.rel)
            if state is None:
                return None
            problem = state[4]
            builder.add_file(item.rel, state[0], state[1], state[2], problem,
                             () if problem is not None else rows_by_file.get(item.rel, ()))
        if run is not None:
            builder.add_recorded(old, *run)
        return builder.finish(), None

    def _record_same_files(self, builder: Builder, rels: list[str], old: Opened,
                           suspects: list[CorpusFile], states: dict[str, _FileState],
                           rows_by_file: dict[str, list[tuple]],
                           ) -> tuple[Opened, Patch | None] | None:
        """``_record`` when the files are the recorded ones in the same order (files edited
        in place). When every edited file keeps its articles' keys, every id stays (the id
        rule depends on nothing else) and the record is ``old`` patched; else runs of
        unchanged files are slices of the old record, the ids given again."""
        at = ({rel: number for number, rel in enumerate(rels)}
              if len(suspects) > FEW_SUSPECTS else None)
        numbers = sorted(rels.index(f.rel) if at is None else at[f.rel] for f in suspects)
        starts = list(accumulate(old.counts, initial=0))
        key_column = ARTICLE_COLUMNS.index("key")
        old_keys = old.articles[key_column]
        patch = Patch([], [], [], [], [], [])
        for number in numbers:
            state = states.get(rels[number])
            if state is None:
                return None
            problem = state[4]
            rows = () if problem is not None else rows_by_file.get(rels[number], ())
            patch.numbers.append(number)
            patch.sizes.append(state[0])
            patch.mtimes.append(state[1])
            patch.digests.append(state[2])
            patch.problems.append(problem)
            patch.rows.append(list(rows))
        same_keys = all([row[1] for row in rows] == old_keys[starts[n] : starts[n + 1]]
                        for n, rows in zip(patch.numbers, patch.rows, strict=True))
        self.ids_kept = same_keys
        if same_keys:
            record = copy_record(old)
            if apply_patch(record, patch, starts):
                self.patched = (record, [n for n, digest in zip(patch.numbers, patch.digests,
                                                                strict=True)
                                         if digest != old.digests[n]])
                return record, patch
        previous = 0
        for number, size, mtime, digest, problem, rows in zip(
                patch.numbers, patch.sizes, patch.mtimes, patch.digests, patch.problems,
                patch.rows, strict=True):
            if previous < number:
                builder.add_recorded(old, previous, number, starts[previous], starts[number])
            builder.add_file(rels[number], size, mtime, digest, problem, rows)
            previous = number + 1
        if previous < len(rels):
            builder.add_recorded(old, previous, len(rels), starts[previous], starts[-1])
        return builder.finish(old.articles[-1] if same_keys else None), None

    def _article_rows(self, rels: list[str] | None) -> dict[str, list[tuple]]:
        """The metadata rows of the articles of ``rels`` (None: of every file), by file, in
        record order, without the rel."""
        query = ("SELECT rel, record, key, title, source, url, date, author, words, encoding, "
                 "format FROM articles")
        by_file: dict[str, list[tuple]] = {}
        with self._guard:
            if rels is None:
                batches = [self._db.execute(query + " ORDER BY rel, record")]
            else:
                batches = [self._db.execute(
                    query + f" WHERE rel IN ({','.join('?' * len(chunk))}) ORDER BY rel, record",
                    chunk) for chunk in (rels[i : i + CHUNK] for i in range(0, len(rels), CHUNK))]
            for rows in batches:
                for row in rows:
                    found = by_file.get(row[0])
                    if found is None:
                        by_file[row[0]] = [row[1:]]
                    else:
                        found.append(row[1:])
        return by_file

    def _from_record(self, record: Opened, walked: Walk,
                     ) -> tuple[ArticleRows, list[LoadIssue]]:
        """The articles (made when asked for) and problems of the record of the walk's files
        (the very files it records, in order): their locations are the walk's."""
        locations = walked.column("location")
        problems = record.problems
        issues = [] if problems.count(None) == len(problems) else [
            LoadIssue(Path(location), f"skipped: {problem}")
            for location, problem in zip(locations, problems, strict=True)
            if problem is not None]
        if walked.digest is not None and self.state is not None:
            walk_memo.remember(Path(f"{self.path}{walk_memo.SUFFIX}"), walked, self.state)
        _unpack_beside_ui(record)
        return ArticleRows(self, record, locations), issues

    def recognised_walk(self, root: Path, found: FindOutput) -> Walk | None:
        """The walk of the one folder ``root`` that find's output ``found`` makes, from the
        record, when an output like it confirmed the record as it is now (see
        ``corpus.walk_memo``); else None."""
        record = self._opened()
        if record is None or self.state is None:
            return None
        return walk_memo.recall(Path(f"{self.path}{walk_memo.SUFFIX}"), found, self.state,
                                root, record, self._locations(record, root))

    def early(self, root: Path) -> ArticleRows | None:
        """The articles of the last refresh of the one folder ``root``, before any walk: what a
        front end shows while the corpus is walked (each article's text is checked against its
        file's digest when read, so a changed file never shows old spans). None without a
        record, or when a path cannot be rebuilt from its corpus-relative form."""
        record = self._opened()
        # (An undecodable file name is shown escaped in ``rel``; one search of all the paths
        # at once finds one, at a tenth of the cost of a test per path.)
        if record is None or "\\" in "\0".join(record.rels):
            return None
        _unpack_beside_ui(record)
        return ArticleRows(self, record, self._locations(record, root))

    def _locations(self, record: Opened, root: Path) -> list[str]:
        """Where the record's files are under ``root``: made once for a record's paths (the
        early articles and the walk recalled from the record share the list; neither changes
        it)."""
        base = os.fspath(root)
        base = base if base.endswith(os.sep) else base + os.sep
        made = self._located
        if made is not None and made[0] is record.rels and made[1] == base:
            return made[2]
        # (What os.path.join gives for these relative paths, at a tenth of its cost.)
        locations = [base + rel for rel in record.rels]
        self._located = (record.rels, base, locations)
        return locations


def _unpack_beside_ui(record: Opened) -> None:
    """In a front end's worker, beside its UI thread: every column unpacked now (one asked
    for first by the UI thread would stall it). A command's main thread unpacks what it uses."""
    if (threading.current_thread() is not threading.main_thread()
            and isinstance(record.articles, Columns)):
        record.articles.unpack_all()
