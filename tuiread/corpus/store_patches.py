"""Patches of the corpus store's record (see ``corpus.opened``): after files are edited in place,
only what they changed is written, not the whole record again.

The record is kept as a base (the whole record, as ``opened.pack`` makes it) and a short list of
patches, each the new state and article rows of the files one refresh found edited in place:
the same files in the same order, each keeping its number of articles and their keys, so every
article keeps its id and position and a patch only overwrites values. The record's state (its
name for the services that keep what they derive by it) is the base's digest, and after patches
a digest of the base's and the patches' digests: equal states, equal records.

Past ``PATCH_FILES_MAX`` patched files or ``PATCHES_MAX`` patches the base is written whole
again, so that cost is spread over that many edits and reading the patches stays cheap.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from tuiread.corpus.opened import Columns, Opened

# Part of each patch's check: a patch of another layout is not read.
LAYOUT = f"record-patch-1/marshal-{marshal.version}"
# Files patched since the base before it is written whole again: reading and applying that many
# costs a few milliseconds, writing the base of 100,000 articles several hundred.
PATCH_FILES_MAX = 2000
# Patches kept before the base is written whole again (each is a row read with the record).
PATCHES_MAX = 200


@dataclass(slots=True)
class Patch:
    """Files ``numbers`` of the record (in order) and their new state and article rows."""

    numbers: list[int]
    sizes: list[int]
    mtimes: list[int]
    digests: list[str]
    problems: list[str | None]
    rows: list[list[tuple]]  # per file, its articles' fields in ARTICLE_COLUMNS order, no id


@dataclass(slots=True, frozen=True)
class RecordParts:
    """What a record read from the store is made of: the base's digest and the patches'."""

    base: str
    patches: tuple[str, ...] = ()
    files: int = 0  # files patched since the base
    # The file numbers each patch wrote (as many as ``patches`` when known; a record read
    # before they were kept has none): what changed between two states of one base.
    numbers: tuple[tuple[int, ...], ...] = field(default=(), compare=False)

    @property
    def state(self) -> str:
        return state_of(self.base, self.patches)

    def files_since(self, state: str) -> list[int] | None:
        """The numbers of the files written by the patches since the record was in ``state``
        (in order; touched files included), when ``state`` is this base with some of these
        patches; else None."""
        if len(self.numbers) != len(self.patches):
            return None
        for count in range(len(self.patches), -1, -1):
            if state_of(self.base, self.patches[:count]) == state:
                return sorted({n for numbers in self.numbers[count:] for n in numbers})
        return None

    def earlier_states(self) -> list[str]:
        """The states of this base with fewer of these patches, the latest first."""
        return [state_of(self.base, self.patches[:count])
                for count in range(len(self.patches) - 1, -1, -1)]


def state_of(base: str, patches: Sequence[str]) -> str:
    if not patches:
        return base
    return hashlib.blake2b("+".join((base, *patches)).encode(), digest_size=16).hexdigest()


def pack_patch(patch: Patch) -> tuple[bytes, str]:
    data = marshal.dumps((LAYOUT, patch.numbers, patch.sizes, patch.mtimes, patch.digests,
                          patch.problems, patch.rows))
    return data, hashlib.blake2b(data, digest_size=16).hexdigest()


def unpack_patch(data: bytes, check: str) -> Patch | None:
    if hashlib.blake2b(data, digest_size=16).hexdigest() != check:
        return None
    try:
        layout, *columns = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if layout != LAYOUT or len(columns) != 6 or len({len(c) for c in columns}) != 1:
        return None
    return Patch(*columns)


def apply_patch(record: Opened, patch: Patch, starts: list[int] | None = None) -> bool:
    """Overwrite ``record`` with ``patch`` (in place); False when it does not fit the record
    (a file number out of range, another number of articles): the record is then unusable.
    ``starts``: each file's first article, when the caller has them."""
    if starts is None:
        starts = list(accumulate(record.counts, initial=0))
    files = len(record.rels)
    articles = record.articles
    # (The last column, the ids, is kept: so are the keys.) Columns not unpacked yet take
    # the values when they are.
    if isinstance(articles, Columns):
        put = articles.put
    else:
        def put(number: int, position: int, value: object) -> None:
            articles[number][position] = value
    width = len(articles) - 1
    for number, size, mtime, digest, problem, rows in zip(
            patch.numbers, patch.sizes, patch.mtimes, patch.digests, patch.problems,
            patch.rows, strict=True):
        if not 0 <= number < files or record.counts[number] != len(rows):
            return False
        if any(len(row) != width for row in rows):
            return False
        record.sizes[number] = size
        record.mtimes[number] = mtime
        record.digests[number] = digest
        record.problems[number] = problem
        start = starts[number]
        for offset, row in enumerate(rows):
            for column, value in enumerate(row):
                put(column, start + offset, value)
    return True


def copy_record(record: Opened) -> Opened:
    """A record whose columns can be patched without changing ``record`` (handed out already)."""
    articles = record.articles
    if isinstance(articles, Columns):
        copied: list[list] | Columns = articles.copy(keep=len(articles) - 1)
    else:
        copied = [list(column) for column in articles[:-1]] + [articles[-1]]
    return Opened(record.derivations, record.rels, list(record.sizes), list(record.mtimes),
                  list(record.digests), list(record.problems), record.counts, copied)

