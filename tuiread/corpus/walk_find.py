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
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
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

    def walk(self, recognise: Callable[[str], Walk | None] | None = None) -> Walk | None:
        """The walk (None when find's output cannot be used: see ``fell_back``).
        ``recognise(digest)``: the walk a digest names, when the caller knows it."""
        raw = self._raw()
        if raw is None:
            return None
        digest = walk_digest(raw, self.root, self.exclude)
        known = recognise(digest) if recognise is not None else None
        if known is not None:
            known.digest = digest
            return known
        walked = parse(raw, self.root, self.exclude)
        if walked is None:
            self.fell_back = "the folder holds what only the full walk handles"
            return None
        walked.digest = digest
        return walked

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


def walk_digest(raw: bytes, root: Path, exclude: Sequence[str]) -> str:
    """The name of the walk find's output ``raw`` makes of ``root`` with ``exclude``."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (LAYOUT, os.fspath(root), "\0".join(exclude), "\0".join(sorted(FORMATS)),
                 *map(_stat_of, _CODE)):
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0\0")
    digest.update(raw)
    return digest.hexdigest()


def _stat_of(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def parse(raw: bytes, root: Path, exclude: Sequence[str]) -> Walk | None:
    """The walk find's output ``raw`` of the folder ``root`` makes: ``walk_corpus([root],
    exclude)`` exactly; None where that would take the Python walk (see the module's
    docstring)."""
    fields = raw.split(b"\0")
    if len(fields) % FIELDS != 1 or fields[-1] != b"":
        return None
    types, paths = fields[0:-1:FIELDS], fields[1::FIELDS]
    kinds = set(types)
    if not kinds <= {b"f", b"d"} | SPECIAL_TYPES or _FOLDER_SEP.encode() in raw:
        return None  # a link, an entry find could not stat, or a name the sort cannot take
    try:
        mtimes = [_nanoseconds(m) for m in fields[3::FIELDS]]
        sizes = list(map(int, fields[2::FIELDS]))
    except ValueError:
        return None
    encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
    names = [p.decode(encoding, errors) for p in paths]
    excluder = Excluder(exclude)
    result = Walk()
    gone = _excluded_folders([n for n, t in zip(names, types, strict=True) if t == b"d"],
                             excluder, result)
    # Every entry that is not a folder, in the walk's order: a folder's files by name before
    # its sub-folders by name, as a sort by the path with each folder's name ended by one
    # separator and the file's name started by a lower one.
    keys, parents, entries = [], [], []
    for number, (name, kind) in enumerate(zip(names, types, strict=True)):
        if kind == b"d":
            continue
        cut = name.rfind("/")
        if cut < 0:
            keys.append(_NAME_SEP + name)
            parents.append("")
        else:
            parent = name[:cut]
            keys.append(_FOLDER_SEP + parent.replace("/", _FOLDER_SEP) + _NAME_SEP
                        + name[cut + 1:])
            parents.append(parent)
        entries.append(number)
    order = sorted(range(len(entries)), key=keys.__getitem__)
    base = os.fspath(root)
    base = base if base.endswith(os.sep) else base + os.sep
    names_match, paths_match = excluder.matchers()
    unmatched = excluder.unmatched_first
    known: dict[str, str | None] = {}
    columns: list[list] = [[], [], [], [], []]
    locations, rels, formats, size_column, mtime_column = columns
    skipped = result.skipped
    for position in order:
        if gone and parents[position] in gone:
            continue
        number = entries[position]
        path = names[number]
        name = path[len(parents[position]) + 1:] if parents[position] else path
        rel = path if path.isascii() else display_path(path)
        if (names_match is not None and name[0] not in unmatched
                and names_match(name.lower())) or (
                paths_match is not None and paths_match(rel.lower())):
            result.excluded += 1
            continue
        dot = name.rfind(".")
        if 0 < dot < len(name) - 1:
            suffix = name[dot:]
            fmt = known.get(suffix, "")
            if fmt == "":
                fmt = known[suffix] = FORMATS.get(suffix.lower())
        else:
            fmt = None
        if fmt is None:
            shown = rel.rpartition("/")[2]
            dot = shown.rfind(".")
            skipped[shown[dot:].lower() if 0 < dot < len(shown) - 1 else ""] += 1
            continue
        if types[number] != b"f":
            result.special += 1
            continue
        locations.append(base + path)
        rels.append(rel)
        formats.append(fmt)
        size_column.append(sizes[number])
        mtime_column.append(mtimes[number])
    result._files, result._columns = None, columns
    return result


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

