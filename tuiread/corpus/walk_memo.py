"""Which walk confirmed the corpus store's record last, so that the same walk is known again from
its digest alone (see ``corpus.walk_find``).

Beside the store's database, a small file says: find's output of digest D made the walk whose
files are those of the record in state S (the walk's counts of files skipped, special and
excluded, the format of each file and its place in find's output kept with it). When find prints
output of that digest again and the record is still in that state, the walk is made from the
record's columns: no output parsed, no list compared. When the output differs only in sizes and
times (the same entries in the same order: files edited in place), the walk is the record's
files with the sizes and times read from their places in the output: nothing sorted or matched.
The state names the record's content (its files' paths, sizes and mtimes among it), so the file
can only be stale, never wrong: a digest or state that does not match is a walk parsed as usual,
and the file is written anew. One exception keeps a command that changed the record without find
(``search`` and ``index`` walk by the forked children) from costing the next one a whole parse:
a record in another state whose files are still the same paths in the same order (a digest of
them is kept too) takes the sizes and times from find's output, as for files edited in place.

When the search index has just compared find's output with the one it kept (see
``search.walk_found``) and found only sizes and times changed, in place, from the output of the
kept walk's digest, the walk is the record's files with those few entries' stats: nothing split.
The output of the kept walk is kept too (a second file, ``RAW_SUFFIX``): when the index compared
the output with another one (a ``search`` took edits into it since the record was confirmed),
the output is compared with that kept one the same way (``corpus.walk_diff``), and the walk is
again the record's files with the few entries' stats that differ.

Derived data: written whole to a temporary file and renamed; one that cannot be read or does not
check is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from array import array
from collections import Counter
from itertools import chain, groupby, repeat
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread.corpus.walk import Walk
from tuiread.corpus.walk_diff import changed_entries, read_kept
from tuiread.corpus.walk_find import nanoseconds

if TYPE_CHECKING:
    from tuiread.corpus.opened import Opened
    from tuiread.corpus.walk_find import FindOutput

# The file's name after the store's.
SUFFIX = ".walk"
# The first item of the file: another layout is ignored.
LAYOUT = f"walk-memo-3/marshal-{marshal.version}"
# The array type the numbers of the walk's files in find's output are kept as.
ENTRY_TYPE = "q"
# The kept walk's find output: its file's name after the memo's, and the line it starts with.
RAW_SUFFIX = ".find"
RAW_LAYOUT = b"tuiread walk memo output 1\n"
# The two outputs are compared only when the part between their common start and end is at most
# this share of the new output: that part is split into entries and compared. Measured at
# 100,000 files: 0.04 s for 1% of the output, 0.14 s for 25%, 0.34 s for half, against 0.13 s
# to read every entry's stats (``FindOutput.stats``, done instead past it: edits far apart).
RAW_SPAN_MAX = 0.2


def remember(path: Path, walked: Walk, state: str) -> None:
    """Keep that the walk ``walked`` (made by find: its ``digest``, ``shape`` and ``entries``
    set) is that of the record in ``state``, unless that is what is kept already."""
    kept = _read(path)
    if kept is not None and kept[1] == walked.digest and kept[3] == state:
        return
    if walked.shape is None or walked.entries is None:
        return
    if kept is not None and kept[2] == walked.shape:
        # The same entries as the kept walk's (only sizes and times differ): the same files,
        # formats, counts and places in find's output.
        data = marshal.dumps((LAYOUT, walked.digest, walked.shape, state, *kept[4:]))
    else:
        formats = [(fmt, sum(1 for _ in run)) for fmt, run in groupby(walked.column("format"))]
        data = marshal.dumps((LAYOUT, walked.digest, walked.shape, state, dict(walked.skipped),
                              walked.special, walked.excluded, formats,
                              array(ENTRY_TYPE, walked.entries).tobytes(),
                              _names_digest(walked.column("rel"))))
    if walked.raw is not None and (kept is None or kept[1] != walked.digest):
        _write(path.with_name(path.name + RAW_SUFFIX), RAW_LAYOUT + walked.raw)
    _write(path, data)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole (a temporary file renamed)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except (OSError, OverflowError):
        # (Not kept: the next run parses find's output.)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def recall(path: Path, found: FindOutput, state: str, root: Path, record: Opened,
           locations: list[str] | None = None) -> Walk | None:
    """The walk of ``root`` that find's output ``found`` makes, from ``record`` (in
    ``state``), when the walk kept for that state had the same output (the record's files
    as they are), or output of the same shape (the record's files, with the sizes and
    times ``found`` gives); else None. ``locations``: where the record's files are under
    ``root``, when made already."""
    kept = _read(path)
    if kept is None:
        return None
    _, digest, shape, kept_state, skipped, special, excluded, formats, packed, names = kept
    rels = record.rels
    # (An undecodable name is escaped in ``rel``: its location cannot be rebuilt from it.)
    if sum(count for _, count in formats) != len(rels) or "\\" in "\0".join(rels):
        return None
    same_state = kept_state == state
    if not same_state and names != _names_digest(rels):
        return None
    entries = array(ENTRY_TYPE)
    entries.frombytes(packed)
    if len(entries) != len(rels):
        return None
    if same_state and digest == found.digest:
        sizes, mtimes = list(record.sizes), list(record.mtimes)
    elif same_state and found.change is not None and found.change[0] == digest:
        # Known to differ from the kept walk's output in a few entries' stats alone.
        stats = _patched(record, entries, found.change[1])
        if stats is None:
            return None
        sizes, mtimes = stats
        found.same_shape_as(shape)
    elif same_state and (changed := _kept_change(path, digest, found)) is not None:
        # Told by comparing the output with the kept walk's: a few entries' stats alone.
        stats = _patched(record, entries, changed)
        if stats is None:
            return None
        sizes, mtimes = stats
        found.same_shape_as(shape)
    elif shape == found.shape:
        stats = found.stats(entries)
        if stats is None:
            return None
        sizes, mtimes = stats
    else:
        return None
    base = os.fspath(root)
    base = base if base.endswith(os.sep) else base + os.sep
    columns = [locations if locations is not None else [base + rel for rel in rels], rels,
               list(chain.from_iterable(repeat(fmt, count) for fmt, count in formats)),
               sizes, mtimes]
    return Walk(_files=None, _columns=columns, skipped=Counter(skipped), special=special,
                excluded=excluded, entries=entries.tolist())


def _kept_change(path: Path, digest: str, found: FindOutput) -> dict[int, bytes] | None:
    """The entries (by number) whose stats alone differ between find's output ``found`` and
    the kept walk's (of ``digest``), when every other entry is the same, in the same order;
    else None (no such output kept, or it differs otherwise)."""
    raw = read_kept(path.with_name(path.name + RAW_SUFFIX), RAW_LAYOUT, digest, found)
    if raw is None:
        return None  # (none kept, another walk's, or damaged)
    change = changed_entries(raw, found.raw, most=int(len(found.raw) * RAW_SPAN_MAX))
    return change.in_place if change is not None else None


def _patched(record: Opened, entries: array, changed: dict[int, bytes],
             ) -> tuple[list[int], list[int]] | None:
    """The record's sizes and mtimes with those of its files at the ``changed`` entries of
    find's output (by number) taken from them; None when one is not as find prints it."""
    sizes, mtimes = list(record.sizes), list(record.mtimes)
    for number, entry in changed.items():
        try:
            place = entries.index(number)
        except ValueError:
            continue  # (a folder, or a file the walk does not list)
        fields = entry.split(b"\0")
        try:
            sizes[place], mtimes[place] = int(fields[2]), nanoseconds(fields[3])
        except (ValueError, IndexError):
            return None
    return sizes, mtimes


def _read(path: Path) -> tuple | None:
    try:
        with open(path, "rb") as f:
            kept = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (not isinstance(kept, tuple) or len(kept) != 10 or kept[0] != LAYOUT
            or not isinstance(kept[4], dict) or not isinstance(kept[7], list)
            or not isinstance(kept[8], bytes) or len(kept[8]) % array(ENTRY_TYPE).itemsize):
        return None
    return kept


def _names_digest(rels) -> bytes:
    """A digest of the record's files: their paths, in order."""
    return hashlib.blake2b("\0".join(rels).encode("utf-8", "surrogateescape"),
                           digest_size=16).digest()
