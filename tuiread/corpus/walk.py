"""The one corpus walk: every article file under the roots, with its stat, from ``os.scandir``.

The loader, the corpus store and the search index all see the corpus through :func:`walk_corpus`,
so they agree on which files there are, in which order, and what their corpus-relative paths (the
basis of article ids) are. The stat comes with the directory listing, so a walk of 100,000 files
reads no file.

Bad input is reported, never fatal: a FIFO, socket or device is skipped without being opened (a
read would block or never end); a symbolic-link loop or a dangling link is skipped with a warning;
an unreadable folder is skipped with a warning naming it. A file name that is not valid UTF-8 keeps
its exact bytes in ``location`` (so it can be opened) while ``rel`` shows the undecodable bytes as
``\\xNN`` escapes, so ids, the search index and the stores only ever hold valid text.
"""

from __future__ import annotations

import fnmatch
import gc
import operator
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from tuiread.corpus.formats import FORMATS

# Data sets ship notes beside their articles (README.TXT, SOURCE.txt, LICENSE): not articles.
# The config's ``corpus.exclude`` replaces this list; config/default.yaml documents it.
DEFAULT_EXCLUDE = ("README", "README.*", "SOURCE", "SOURCE.*", "LICENSE", "LICENSE.*",
                   "LICENCE", "LICENCE.*")


class CorpusFile(NamedTuple):
    """A tuple, because a walk makes one per file and tuples are the cheapest to make."""

    location: str  # the path as found (a string: making 100,000 Path objects is slow)
    rel: str  # corpus-relative posix path: the file's key in the stores, the basis of its ids
    format: str
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)


@dataclass(frozen=True, slots=True)
class WalkProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.message}"


@dataclass(slots=True, eq=False)
class Walk:
    _files: list[CorpusFile] | None = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # files of other types, by suffix
    special: int = 0  # FIFOs, sockets, devices: never opened
    excluded: int = 0  # matched a ``corpus.exclude`` pattern
    missing: list[Path] = field(default_factory=list)  # roots that do not exist
    problems: list[WalkProblem] = field(default_factory=list)  # unreadable folders, bad links
    # The files as columns (one list per ``CorpusFile`` field), for a walk made in another
    # process: the 100,000 tuples of ``files`` are made only when first asked for, and an
    # unchanged corpus is told from its columns alone (see ``column``).
    _columns: list[list] | None = None
    # The digest of the output of the find run that made this walk (see ``corpus.walk_find``),
    # by which the corpus store recognises the walk next time; None for the Python walk.
    digest: str | None = None
    # Also from find (see ``corpus.walk_find.FindOutput``): the digest of its output's entries
    # without their stats, and the number in that output of each file of the walk.
    shape: str | None = None
    entries: list[int] | None = None
    # find's output itself, kept with the walk's memo so that the next output's few changed
    # entries are told by comparing the two (see ``corpus.walk_memo``).
    raw: bytes | None = None

    @property
    def files(self) -> list[CorpusFile]:
        if self._files is None:
            self._files = _tuples(self._columns or [[] for _ in CorpusFile._fields])
        return self._files

    @files.setter
    def files(self, files: list[CorpusFile]) -> None:
        self._files, self._columns = files, None

    def column(self, name: str) -> list:
        """One field of every file, in walk order (``rel``, ``size``, …), without making the
        files' tuples when the walk came as columns."""
        number = CorpusFile._fields.index(name)
        if self._files is None and self._columns is not None:
            return self._columns[number]
        return list(map(operator.itemgetter(number), self.files))

    def files_at(self, numbers: Sequence[int]) -> list[CorpusFile]:
        """The files of walk order ``numbers`` (a few after an edit), without making every
        file's tuple when the walk came as columns."""
        if self._files is None and self._columns is not None:
            columns = self._columns
            return [tuple.__new__(CorpusFile, [column[n] for column in columns])
                    for n in numbers]
        files = self.files
        return [files[n] for n in numbers]

    def columns(self) -> list[list]:
        """Every field of every file, as columns (in ``CorpusFile._fields`` order)."""
        if self._files is None and self._columns is not None:
            return self._columns
        files = self.files
        return [list(map(operator.itemgetter(number), files))
                for number in range(len(CorpusFile._fields))]

    @property
    def file_count(self) -> int:
        if self._files is None and self._columns is not None:
            return len(self._columns[0])
        return len(self.files)

    def notices(self) -> list[str]:
        """One-line summaries for the user (the excluded files are the user's choice: silent)."""
        found = []
        if self.skipped:
            kinds = ", ".join(f"{count} {suffix or '(none)'}"
                              for suffix, count in self.skipped.most_common())
            found.append(f"skipped {sum(self.skipped.values())} files of other types ({kinds})")
        if self.special:
            found.append(f"skipped {self.special} special files (pipes, sockets or devices): "
                         "they are never read")
        return found


def _tuples(columns: Sequence[list]) -> list[CorpusFile]:
    """The files of a walk's columns."""
    make = tuple.__new__
    # 100,000 tuples made at once: the cycle collector would look at them a few times over
    # while they are made, for nothing (tuples of strings and numbers hold no cycle).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [make(CorpusFile, item) for item in zip(*columns, strict=True)]
    finally:
        if was_enabled:
            gc.enable()


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as valid text: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def id_base(rel: str) -> str:
    """The corpus-relative path without its suffix: the part of an id that files can share."""
    stem, dot, suffix = rel.rpartition(".")
    return stem if dot and "/" not in suffix else rel


class Excluder:
    """``corpus.exclude`` patterns: shell-style, without case; one with a ``/`` is matched against
    the corpus-relative path, any other against the file or folder name."""

    def __init__(self, patterns: Sequence[str]):
        names = [fnmatch.translate(p.lower()) for p in patterns if "/" not in p]
        paths = [fnmatch.translate(p.strip("/").lower()) for p in patterns if "/" in p]
        self._names = re.compile("|".join(names)) if names else None
        self._paths = re.compile("|".join(paths)) if paths else None
        self.unmatched_first = _unmatched_first([p.lower() for p in patterns if "/" not in p])

    def matchers(self):
        """The compiled name and path patterns' ``match`` (None for none), for a caller that
        lower-cases the name and path itself."""
        return (self._names.match if self._names is not None else None,
                self._paths.match if self._paths is not None else None)

    def __call__(self, name: str, rel: str) -> bool:
        if self._names is None and self._paths is None:
            return False
        if self._names is not None and self._names.match(name.lower()):
            return True
        return self._paths is not None and self._paths.match(rel.lower()) is not None


def _unmatched_first(patterns: Sequence[str]) -> frozenset[str]:
    """The ASCII characters a name matched by none of the (lower-case) name ``patterns`` may
    start with, known from the patterns' literal first characters: the walk skips the match of
    such a name (most of a corpus's). Empty when a pattern starts with a wildcard."""
    starts = set()
    for pattern in patterns:
        if not pattern or pattern[0] in "*?[":
            return frozenset()
        starts.add(pattern[0])
    # (An ASCII character's lower case is one ASCII character: the name's lowered form then
    # starts with it.)
    return frozenset(c for c in map(chr, range(128)) if c.lower() not in starts)


def walk_corpus(roots: Iterable[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE) -> Walk:
    """Every article file under ``roots``: hidden files and folders skipped, files of a folder
    (sorted by name) before its sub-folders, linked folders not followed, a file reached twice
    listed once. With several folders, relative paths start with the folder's name."""
    roots = [Path(r).expanduser() for r in roots]
    walker = Walker(Excluder(exclude))
    folders = [r for r in roots if is_folder(r)]
    for root in roots:
        try:
            info = os.stat(root)
        except FileNotFoundError:
            walker.result.missing.append(root)
            continue
        except OSError as exc:
            walker.problem(str(root), exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            prefix = f"{safe_name(root.name)}/" if len(folders) > 1 else ""
            walker.folder(str(root), os.path.realpath(root), "", prefix)
        else:
            walker.file(str(root), os.path.realpath(root), root.name, "", info)
    if len(roots) > 1 or walker.linked:
        walker.once()
    return walker.result


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class Walker:
    """The walk. A file can be reached twice only through a link or a second root (a linked
    folder is not followed), so the plain files of one folder are listed without looking
    their real paths up, and :meth:`once` drops the second listings at the end when there
    was a link or a second root."""

    def __init__(self, excluded: Excluder):
        self.result = Walk()
        self.excluded = excluded
        # Each folder's run of files: (first, end, the folder's real path, its path's length).
        self.runs: list[tuple[int, int, str, int]] = []
        self.linked: dict[int, str] = {}  # file number -> real path, for files reached by link
        # The format of each suffix as found (``FORMATS`` is by lower-case suffix).
        self.formats: dict[str, str | None] = {}

    def problem(self, path: str, exc: OSError, doing: str = "cannot read") -> None:
        self.result.problems.append(WalkProblem(path, f"skipped: {doing} ({exc.strerror or exc})"))

    def folder(self, folder: str, real: str, rel: str, prefix: str) -> None:
        try:
            entries = listing(folder)
        except OSError as exc:
            self.problem(folder, exc, "cannot read folder")
            return
        for entry, entry_rel in self.files_of(entries, folder, real, rel, prefix):
            self.folder(entry.path, f"{real}/{entry.name}", entry_rel + "/", prefix)

    def files_of(self, entries: list[os.DirEntry], folder: str, real: str, rel: str,
                 prefix: str) -> list[tuple[os.DirEntry, str]]:
        """The files among ``entries`` (of ``folder``, in order) listed; its sub-folders
        returned, with their relative paths, to be walked after."""
        folders = []
        names_match, paths_match = self.excluded.matchers()
        unmatched = self.excluded.unmatched_first
        result = self.result
        files = result.files
        first = len(files)
        formats, known = FORMATS, self.formats
        make, append = tuple.__new__, files.append
        base = prefix + rel
        # The loop runs once per file of the corpus: one lstat says what an entry is, and a
        # plain file (the common case) takes the short way, with no call but the lstat's.
        for entry in entries:
            name = entry.name
            initial = name[0]
            if initial == ".":
                continue
            shown = name if name.isascii() else safe_name(name)
            if (names_match is not None and initial not in unmatched
                    and names_match(name.lower())) or (
                    paths_match is not None and paths_match((rel + shown).lower())):
                result.excluded += 1
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # deleted since the listing, not part of the corpus now
            except OSError as exc:
                self.problem(entry.path, exc)
                continue
            kind = info.st_mode & _FILE_TYPE
            if kind == _FOLDER:
                folders.append((entry, rel + shown))
                continue
            if kind == _LINK:
                self.link(entry, rel + shown, prefix)
                continue
            dot = name.rfind(".")
            if 0 < dot < len(name) - 1:
                suffix = name[dot:]
                fmt = known.get(suffix, "")
                if fmt == "":
                    fmt = known[suffix] = formats.get(suffix.lower())
            else:
                fmt = None
            if fmt is None:
                result.skipped[_suffix(shown).lower()] += 1
                continue
            if kind != _PLAIN:
                result.special += 1
                continue
            # (tuple.__new__: a NamedTuple's own constructor is a Python call per file.)
            append(make(CorpusFile, (entry.path, base + shown, fmt, info.st_size,
                                     info.st_mtime_ns)))
        if len(files) > first:
            self.runs.append((first, len(files), real, len(folder)))
        return folders

    def link(self, entry: os.DirEntry, entry_rel: str, prefix: str) -> None:
        """A symbolic link: to a folder, not walked (a link may loop back); to a file, listed
        once by its target."""
        try:
            if entry.is_dir():
                return
        except OSError as exc:
            self.problem(entry.path, exc, "cannot follow link")
            return
        resolved = _realpath(entry.path)
        if resolved is None:
            self.result.problems.append(WalkProblem(entry.path, "skipped: symbolic link loop"))
            return
        try:
            info = entry.stat()
        except FileNotFoundError:
            self.result.problems.append(
                WalkProblem(entry.path, "skipped: link to a file that does not exist"))
            return
        except OSError as exc:
            self.problem(entry.path, exc, "cannot follow link")
            return
        self.file(entry.path, resolved, entry_rel, prefix, info, safe=True)

    def file(self, path: str, resolved: str, rel: str, prefix: str, info: os.stat_result,
             safe: bool = False) -> None:
        suffix = _suffix(rel).lower()
        fmt = FORMATS.get(suffix)
        if fmt is None:
            self.result.skipped[suffix] += 1
            return
        if not stat.S_ISREG(info.st_mode):
            self.result.special += 1
            return
        self.linked[len(self.result.files)] = resolved
        self.result.files.append(CorpusFile(path, prefix + (rel if safe else safe_name(rel)), fmt,
                                            info.st_size, info.st_mtime_ns))

    def once(self) -> None:
        """Each file listed once, where the walk first reached it (by its real path: a
        folder's real path and the name, or a link's target)."""
        files = self.result.files
        real_paths: list[str | None] = [None] * len(files)
        for first, end, real, cut in self.runs:
            for number in range(first, end):
                real_paths[number] = real + files[number].location[cut:]
        for number, resolved in self.linked.items():
            real_paths[number] = resolved
        seen: set[str | None] = set()
        kept = []
        for item, resolved in zip(files, real_paths, strict=True):
            if resolved not in seen:
                seen.add(resolved)
                kept.append(item)
        self.result.files = kept


_BY_NAME = operator.attrgetter("name")
# The file-type bits of ``st_mode`` and their values for a folder, a link and a plain file:
# compared as numbers in the walk's loop (``stat.S_ISDIR`` and the rest are a call each).
_FILE_TYPE = 0o170000
_FOLDER, _LINK, _PLAIN = stat.S_IFDIR, stat.S_IFLNK, stat.S_IFREG


def listing(folder: str) -> list[os.DirEntry]:
    """A folder's entries, by name (OSError when it cannot be read)."""
    with os.scandir(folder) as found:
        return sorted(found, key=_BY_NAME)


def _realpath(path: str) -> str | None:
    """The link's target, or None for a loop."""
    try:
        return os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return os.path.realpath(path)  # dangling: reported when its stat fails
    except OSError:
        return None


def safe_name(name: str) -> str:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return display_path(name)
    return name


def _suffix(rel: str) -> str:
    """``Path.suffix`` of the last component."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
