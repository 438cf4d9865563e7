"""The corpus walk of one folder by GNU ``find``: the stat of 100,000 files in a fraction of the
interpreter time :func:`tuiread.corpus.walk.walk_corpus` takes, and an unchanged corpus told from
a digest of find's output alone.

``find -printf`` lists each entry's type, path, size and mtime (to the nanosecond) in a
process of its own, written to an anonymous file (a pipe would stall find while this process
works). :func:`parse` makes of that output exactly the walk ``walk_corpus`` makes (the same files
in the same order, the same counts): hidden entries are pruned by find itself, the exclude
patterns and formats are applied here, and the order (a folder's files by name, then its
sub-folders by name) is restored by one sort. Wherever exactness would take more than that, the
output is not used and the caller walks as before: find missing, not GNU, or failing; any
message from find (an unreadable folder, a file gone between its listing and its stat); a
symbolic link (followed or not, listed once: the Python walk's rules); a name holding the byte
the sort uses as separator; a time find prints in an unexpected form.

The output's digest (with the root, the exclude patterns, the formats and this code's stat)
names the walk: the corpus store keeps the digest of the walk its record was last confirmed
with (see ``RecordedStore.recognised_walk``), so an unchanged corpus costs find's run and a
digest, with no output parsed and no list compared.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from itertools import compress
from pathlib import Path

from tuiread.corpus.formats import FORMATS
from tuiread.corpus.walk import Excluder, Walk, display_path

# Set to "0" to never walk with find (the result is the same either way).
ENVIRONMENT = "TUIREAD_WALK_FIND"
# Part of every digest: bump when what a walk is made of find's output changes.
LAYOUT = "walk-find-1"
# Type, path below the root, size, mtime (seconds, a dot, ten digits of which nine are the
# nanoseconds), each ended by a NUL (the one byte no path holds).
PRINTF = r"%y\0%P\0%s\0%T@\0"
# The fields find prints per entry.
FIELDS = 4
# find's types that are neither a file nor a folder nor a link: counted as special files.
SPECIAL_TYPES = frozenset({b"p", b"s", b"c", b"b", b"D"})
# The code that turns find's output into a walk (its stat is part of the digest: a changed
# rule in a checkout never recognises a walk made by the old one).
_CODE = (Path(__file__), Path(__file__).with_name("walk.py"), Path(__file__).with_name(
    "formats.py"))
# Separators of the sort key (see ``parse``): a name holding the first is not sorted here.
_FOLDER_SEP, _NAME_SEP = "\x01", "\x00"
# The last folder separator of each key (before the slash that ends it, or the end).
_LAST_FOLDER_SEP = re.compile(f"{_FOLDER_SEP}(?=[^{_FOLDER_SEP}/]*(?:/|\\Z))")
# Times as find prints them, joined by commas, none negative.
_TIMES = re.compile(rb"[0-9]+\.[0-9]{9}0(?:,[0-9]+\.[0-9]{9}0)*")


def find_program() -> str | None:
    if os.environ.get(ENVIRONMENT, "1") == "0":
        return None
    return shutil.which("find")


class FindWalk:
    """One run of find over ``root`` (a folder), started now; :meth:`walk` waits for it."""

    def __init__(self, root: Path, exclude: Sequence[str], process: subprocess.Popen,
                 output, errors):
        self.root = root
        self.exclude = tuple(exclude)
        self.fell_back: str | None = None  # why the output was not used, when it was not
        self._process = process
        self._output = output
        self._errors = errors

    @classmethod
    def start(cls, root: Path, exclude: Sequence[str], niceness: int = 0) -> FindWalk | None:
        """None when find cannot walk ``root`` here (no find; not one folder; a path find
        would read as an option)."""
        program = find_program()
        where = os.fspath(root)
        if program is None or where.startswith("-") or not _is_folder(root):
            return None
        command = [program, "-H", where, "-mindepth", "1", "-name", ".*", "-prune", "-o",
                   "-printf", PRINTF]
        output = errors = None
        try:
            output, errors = _anonymous_file(), _anonymous_file()
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output,
                                       stderr=errors, env={**os.environ, "LC_ALL": "C"},
                                       close_fds=True)
        except OSError:
            for file in (output, errors):
                if file is not None:
                    file.close()
            return None
        if niceness:
            # (Lowered from here: a function run in the child before find would not be safe
            # beside threads.)
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid,
                               os.getpriority(os.PRIO_PROCESS, 0) + niceness)
        return cls(root, exclude, process, output, errors)

    def running(self) -> bool:
        return self._process.poll() is None

    def walk(self, recognise: Callable[[FindOutput], Walk | None] | None = None,
             ) -> Walk | None:
        """The walk (None when find's output cannot be used: see ``fell_back``).
        ``recognise(output)``: the walk find's output makes, when the caller knows it from an
        earlier one (see ``corpus.walk_memo``)."""
        found = self.output()
        return None if found is None else self.walk_of(found, recognise)

    def output(self) -> FindOutput | None:
        """find's output, waited for (None when it cannot be used: see ``fell_back``)."""
        raw = self._raw()
        return None if raw is None else FindOutput(raw, self.root, self.exclude)

    def walk_of(self, found: FindOutput,
                recognise: Callable[[FindOutput], Walk | None] | None = None) -> Walk | None:
        """The walk ``found`` (this run's :meth:`output`) makes; see :meth:`walk`."""
        known = recognise(found) if recognise is not None else None
        if known is None:
            known = parse(found.raw, self.root, self.exclude, found)
        if known is None:
            self.fell_back = "the folder holds what only the full walk handles"
            return None
        known.digest, known.shape, known.raw = found.digest, found.shape, found.raw
        return known

    def close(self) -> None:
        """Stop find if it still runs (its output unread)."""
        if self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
        self._process.wait()
        self._output.close()
        self._errors.close()

    def _raw(self) -> bytes | None:
        status = self._process.wait()
        try:
            self._errors.seek(0)
            said = self._errors.read(200)
            self._output.seek(0)
            raw = self._output.read() if status == 0 and not said else None
        except OSError as exc:
            said, raw = str(exc).encode(), None
        finally:
            self._output.close()
            self._errors.close()
        if raw is None:
            self.fell_back = f"find ended with status {status}" + (
                f": {said.decode('utf-8', 'replace').strip()}" if said else "")
        return raw


def _anonymous_file():
    """A file with no name (in memory where the system has that) for find to write to."""
    if hasattr(os, "memfd_create"):
        try:
            return open(os.memfd_create("tuiread-walk", os.MFD_CLOEXEC), "w+b")
        except OSError:
            pass
    import tempfile

    return tempfile.TemporaryFile()


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class FindOutput:
    """find's output of ``root`` with ``exclude``, and what is cheaply known of it: its
    ``digest`` (the name of the walk it makes) and its ``shape`` (the digest of the same
    entries' types and paths, in find's order, without their sizes and times)."""

    def __init__(self, raw: bytes, root: Path, exclude: Sequence[str]):
        self.raw = raw
        self.root = root
        self.exclude = tuple(exclude)
        self._head = _head_digest(root, exclude)
        # The name of what, besides the output, the walk is made of (an output kept from an
        # earlier run is compared with this one only when that is the same).
        self.head = self._head.hexdigest()
        digest = self._head.copy()
        digest.update(raw)
        self.digest = digest.hexdigest()
        self._fields: list[bytes] | None = None
        self._shape: str | None = None
        # How this output differs from an earlier one, when that was worked out (see
        # ``search.walk_found``): the earlier one's digest and, the entries being the same
        # in the same order, this output's entry at each number that differs.
        self.change: tuple[str, dict[int, bytes]] | None = None

    def same_shape_as(self, shape: str) -> None:
        """Take ``shape`` as this output's (known: it differs from an output of that shape
        in sizes and times alone)."""
        self._shape = shape

    def digest_of(self, raw: bytes) -> str:
        """The digest another output ``raw`` would have with the same head."""
        digest = self._head.copy()
        digest.update(raw)
        return digest.hexdigest()

    @property
    def fields(self) -> list[bytes]:
        if self._fields is None:
            self._fields = self.raw.split(b"\0")
        return self._fields

    @property
    def shape(self) -> str:
        if self._shape is None:
            digest = self._head.copy()
            digest.update(b"shape\0")
            fields = self.fields
            digest.update(b"\0".join(fields[0:-1:FIELDS]))
            digest.update(b"\0\0")
            digest.update(b"\0".join(fields[1::FIELDS]))
            self._shape = digest.hexdigest()
        return self._shape

    def stats(self, entries: Sequence[int]) -> tuple[list[int], list[int]] | None:
        """The sizes and mtimes of find's ``entries`` (by number, in find's order); None when
        they are not as find prints them."""
        fields = self.fields
        try:
            sizes = list(map(int, fields[2::FIELDS]))
            mtimes = _all_nanoseconds(fields[3::FIELDS])
        except ValueError:
            return None
        try:
            return [sizes[n] for n in entries], [mtimes[n] for n in entries]
        except IndexError:
            return None


def walk_digest(raw: bytes, root: Path, exclude: Sequence[str]) -> str:
    """The name of the walk find's output ``raw`` makes of ``root`` with ``exclude``."""
    return FindOutput(raw, root, exclude).digest


def _head_digest(root: Path, exclude: Sequence[str]):
    """A digest of what, besides find's output, a walk is made of."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (LAYOUT, os.fspath(root), "\0".join(exclude), "\0".join(sorted(FORMATS)),
                 *map(_stat_of, _CODE)):
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0\0")
    return digest


def _stat_of(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def parse(raw: bytes, root: Path, exclude: Sequence[str], found: FindOutput | None = None,
          ) -> Walk | None:
    """The walk find's output ``raw`` of the folder ``root`` makes: ``walk_corpus([root],
    exclude)`` exactly; None where that would take the Python walk (see the module's
    docstring). The walk's ``entries`` are the numbers of its files in find's output.
    ``found``: the output's ``FindOutput``, when made already."""
    fields = found.fields if found is not None else raw.split(b"\0")
    if len(fields) % FIELDS != 1 or fields[-1] != b"":
        return None
    types, paths = fields[0:-1:FIELDS], fields[1::FIELDS]
    kinds = set(types)
    if not kinds <= {b"f", b"d"} | SPECIAL_TYPES or _FOLDER_SEP.encode() in raw:
        return None  # a link, an entry find could not stat, or a name the sort cannot take
    try:
        mtimes = _all_nanoseconds(fields[3::FIELDS])
        sizes = list(map(int, fields[2::FIELDS]))
    except ValueError:
        return None
    encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
    # (Decoded at once: the NUL that joins them is no part of any name.)
    names = b"\0".join(paths).decode(encoding, errors).split("\0") if paths else []
    excluder = Excluder(exclude)
    result = Walk()
    gone = _excluded_folders([n for n, t in zip(names, types, strict=True) if t == b"d"],
                             excluder, result)
    # Every entry that is not a folder, in the walk's order: a folder's files by name before
    # its sub-folders by name, as a sort by the path with each folder's name started by one
    # separator and the file's name by a lower one (the keys made in one pass over them all).
    entries = [number for number, kind in enumerate(types) if kind != b"d"]
    # (Joined by NULs, which become slashes once the slashes within are separators: a slash
    # then ends each key, the one character no name holds.)
    keys = _LAST_FOLDER_SEP.sub(_NAME_SEP, _FOLDER_SEP + "\0".join(
        [names[number] for number in entries]).replace("/", _FOLDER_SEP).replace(
        "\0", "/" + _FOLDER_SEP)).split("/") if entries else []
    order = sorted(range(len(entries)), key=keys.__getitem__)
    parents = [names[number].rpartition("/")[0] for number in entries] if gone else None
    base = os.fspath(root)
    base = base if base.endswith(os.sep) else base + os.sep
    numbers = [entries[position] for position in order]
    if parents is not None:
        numbers = [entries[position] for position in order if parents[position] not in gone]
    # Each step below is one pass over all the files (the per-file work of the Python walk's
    # loop, done column by column).
    paths = [names[number] for number in numbers]
    shown = [path if path.isascii() else display_path(path) for path in paths]
    files = [path[path.rfind("/") + 1:] for path in paths]
    kept = _not_excluded(files, shown, excluder)
    result.excluded += kept.count(False)
    dots = [name.rfind(".") for name in files]
    suffixes = [name[dot:] if 0 < dot < len(name) - 1 else "" for name, dot in
                zip(files, dots, strict=True)]
    known = {suffix: FORMATS.get(suffix.lower()) if suffix else None
             for suffix in set(suffixes)}
    formats = list(map(known.__getitem__, suffixes))
    plain = [types[number] == b"f" for number in numbers]
    skipped = result.skipped
    for number, (keep, fmt) in enumerate(zip(kept, formats, strict=True)):
        if keep and fmt is None:
            name = shown[number].rpartition("/")[2]
            dot = name.rfind(".")
            skipped[name[dot:].lower() if 0 < dot < len(name) - 1 else ""] += 1
    listed = [keep and fmt is not None for keep, fmt in zip(kept, formats, strict=True)]
    result.special += listed.count(True) - sum(compress(plain, listed))
    listed = [is_listed and is_plain for is_listed, is_plain in zip(listed, plain,
                                                                     strict=True)]
    numbers = list(compress(numbers, listed))
    columns = [[base + path for path in compress(paths, listed)], list(compress(shown, listed)),
               list(compress(formats, listed)), [sizes[number] for number in numbers],
               [mtimes[number] for number in numbers]]
    result._files, result._columns = None, columns
    result.entries = numbers
    return result


def _not_excluded(files: list[str], shown: list[str], excluder: Excluder) -> list[bool]:
    """Whether each file (its name, and its path as shown) escapes the exclude patterns."""
    names_match, paths_match = excluder.matchers()
    kept = [True] * len(files)
    if names_match is not None:
        unmatched = excluder.unmatched_first
        for number in [n for n, name in enumerate(files) if name[0] not in unmatched]:
            if names_match(files[number].lower()):
                kept[number] = False
    if paths_match is not None:
        for number, rel in enumerate(shown):
            if kept[number] and paths_match(rel.lower()):
                kept[number] = False
    return kept


def _all_nanoseconds(printed: list[bytes]) -> list[int]:
    """:func:`_nanoseconds` of each (in a few calls over them all when none is negative)."""
    joined = b",".join(printed)
    if b"-" in joined or not _TIMES.fullmatch(joined):
        return [_nanoseconds(m) for m in printed]
    # Each ``S.NNNNNNNNN0`` without its dot and its last digit: the nanoseconds.
    return list(map(int, joined.replace(b".", b"").replace(b"0,", b",")[:-1].split(b",")))


def nanoseconds(printed: bytes) -> int:
    """find's ``%T@`` as nanoseconds (ValueError when it is not as find prints it)."""
    return _nanoseconds(printed)


def _nanoseconds(printed: bytes) -> int:
    """find's ``%T@`` (``SECONDS.NNNNNNNNN0``, the seconds floored) as nanoseconds."""
    seconds, dot, fraction = printed.partition(b".")
    if not dot or len(fraction) != 10 or not fraction.isdigit() or fraction[9:] != b"0":
        raise ValueError(printed)
    return int(seconds) * 1_000_000_000 + int(fraction[:9])


def _excluded_folders(folders: list[str], excluder: Excluder, result: Walk) -> set[str]:
    """The folders the walk does not enter (an excluded one and those inside it), each
    excluded one that the walk reaches counted."""
    gone: set[str] = set()
    for folder in sorted(folders):  # (a folder sorts before those inside it)
        parent, _, name = folder.rpartition("/")
        if parent in gone:
            gone.add(folder)
            continue
        shown = folder if folder.isascii() else display_path(folder)
        if excluder(name, shown):
            result.excluded += 1
            gone.add(folder)
    return gone

