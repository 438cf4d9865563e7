"""The corpus walk started ahead, in a child process, while the command does its own work.

At 100,000 files the walk (a ``scandir`` and a stat per file) costs most of a second of
interpreter time, and a thread cannot share it out (the walk holds the interpreter lock). A
command that will walk the corpus therefore starts it first: :meth:`WalkAhead.start` forks a
child that walks and sends the result through a pipe, while the parent opens its stores, reads
the last refresh's record and does the work that record allows (see ``Workspace.load_corpus``'s
``partial``) for as long as the child is still walking (:meth:`WalkAhead.running`: work the
walk may void is never done once its result is in). :meth:`WalkAhead.result` then takes the
child's walk, and the parent compares it with what it assumed: nothing it printed ever came from
an unconfirmed assumption.

The child is a plain ``os.fork`` done before the command opens anything: it only walks, writes
and leaves with ``os._exit`` (no ``atexit`` handler, no flush of the parent's buffers, no
database touched). Where forking is not the safe choice the walk is simply done in-process when
asked for: a platform without ``fork`` or whose default is to spawn (Windows, macOS), a process
that already runs other threads (a fork copies their locks held, never their work: pytest's
workers, the app), or ``TUIREAD_WALK_AHEAD=0`` in the environment. A child that fails or dies
(a signal, an error, a result that does not decode) costs nothing but the walk in-process: the
parent then walks itself, and that walk reports its problems as usual.

One folder is walked by GNU find instead where it can be (see ``corpus.walk_find``): a process
of its own that needs no fork of this one (so it is safe beside threads), while this one works
the same way; when find's output cannot be used, the walk is forked (or done here) as above.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import select
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from tuiread.corpus.walk import DEFAULT_EXCLUDE, CorpusFile, Walk, WalkProblem, walk_corpus
from tuiread.corpus.walk_find import FindOutput, FindWalk
from tuiread.corpus.walk_split import Part, Segment, SplitMismatch, merge, walk_part

# Set to "0" to walk in-process (a debugging aid; the result is the same either way).
ENVIRONMENT = "TUIREAD_WALK_AHEAD"
# The first item of every result: a child of another layout is never trusted.
LAYOUT = f"walk-ahead-1/marshal-{marshal.version}"
# The marshal version a walk is sent with: 2, the last without shared references, packs
# 100,000 paths in half the time of the later ones (which look every object up in a table of
# those written), for a result a few per cent larger; any version reads it back.
PIPE_MARSHAL = 2
# Bytes per read from a child's pipe (its result is about 100 bytes per file).
READ_BYTES = 1 << 20
# How much lower a background walk's priority is (see ``WalkAhead.start``): on a busy machine
# the process that started it (the app, drawing its first screen from the store's record) goes
# first; on an idle one the walk still has a core to itself.
BACKGROUND_NICENESS = 10
# Children that share a walk at most: the walk halves on two cores; past that, the parent's
# merge and its own work ahead leave less to gain than each child costs (a fork, a listing).
PARTS = 2
# A child's exit statuses besides 0, and what the parent makes of them.
FAILED, MISMATCH = 1, 3
STATUSES = {FAILED: "the walking process ended with status 1",
            MISMATCH: "the corpus changed while it was walked in parts"}


def can_fork() -> bool:
    """Whether a walk may run in a forked child here (see the module's docstring)."""
    if os.environ.get(ENVIRONMENT, "1") == "0" or not hasattr(os, "fork"):
        return False
    if sys.platform in ("darwin", "win32", "cygwin"):
        return False  # fork is not the platform's start method there (system libraries)
    return threading.active_count() == 1


def encode(walked: Walk) -> bytes:
    """The walk as marshalled columns (one list per field: far cheaper than a list of
    tuples to pack and unpack)."""
    return marshal.dumps((LAYOUT, _columns(walked), *_rest(walked)), PIPE_MARSHAL)


def _columns(walked: Walk) -> list[list]:
    return walked.columns()  # (as lists: ``Walk.column`` compares them with the record's)


def _rest(walked: Walk) -> tuple:
    return (dict(walked.skipped), walked.special, walked.excluded,
            [os.fspath(p) for p in walked.missing],
            [(p.path, p.message) for p in walked.problems])


def encode_part(part: Part) -> bytes:
    """A part of the walk (see ``corpus.walk_split``), packed as :func:`encode` packs a walk."""
    return marshal.dumps((LAYOUT, part.plan, part.count, [
        (s.number, _columns(s.walk), *_rest(s.walk), s.runs, s.linked) for s in part.segments]),
        PIPE_MARSHAL)


def decode_part(data: bytes) -> Part:
    """The part :func:`encode_part` packed. Raises ValueError when ``data`` is not one."""
    try:
        layout, plan, count, segments = marshal.loads(data)
        if layout != LAYOUT:
            raise ValueError("not a walk of this layout")
        return Part(plan, count, [
            Segment(number, _walk(columns, *rest), runs, linked)
            for number, columns, *rest, runs, linked in segments])
    except (EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not a part of a walk ({exc})") from exc


def decode(data: bytes) -> Walk:
    """The walk :func:`encode` packed. Raises ValueError when ``data`` is not one."""
    try:
        layout, columns, skipped, special, excluded, missing, problems = marshal.loads(data)
    except (EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not a walk ({exc})") from exc
    if layout != LAYOUT:
        raise ValueError("not a walk of this layout")
    return _walk(columns, skipped, special, excluded, missing, problems)


def _walk(columns, skipped, special, excluded, missing, problems) -> Walk:
    if (len(columns) != len(CorpusFile._fields) or len({len(c) for c in columns}) > 1
            or not all(type(c) is list for c in columns)):
        raise ValueError("not a walk of this layout")
    # (The files' tuples are made when first asked for: see ``Walk.column``.)
    return Walk(_files=None, _columns=columns, skipped=Counter(skipped), special=special,
                excluded=excluded,
                missing=[Path(p) for p in missing],
                problems=[WalkProblem(path, message) for path, message in problems])


class WalkAhead:
    """One walk of ``roots``: started in child processes when that is safe, else done here
    when its result is first asked for. Use it once; ``close`` when it may go unused (else
    the children, their results unread, end when this process does: their writes then fail)."""

    def __init__(self, roots: Sequence[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE):
        self.roots = [Path(r).expanduser() for r in roots]
        self.exclude = tuple(exclude)
        self.forked = False  # whether the children were started
        self.fell_back: str | None = None  # why the children's walk was not used, if it was not
        self._pids: list[int] = []
        self._pipes: list[int] = []
        self._walk: Walk | None = None
        self._find: FindWalk | None = None
        self._found: FindOutput | None = None  # find's output, once waited for

    @classmethod
    def start(cls, roots: Sequence[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE,
              parts: int | None = None, background: bool = False, find: bool = True,
              ) -> WalkAhead:
        """``parts``: how many children share the walk (by default one per core, at most
        :data:`PARTS`). ``background``: the children walk at a lower priority (see
        :data:`BACKGROUND_NICENESS`), for a caller that does not wait for the walk first.
        ``find``: walk one folder with find where it can (its output is recognised from the
        corpus record, or told apart from the one the search index kept: see
        ``search.walk_found``); False where neither can be, as on a first opening: parsing
        find's output whole in this process costs more than the children's columns (0.5-0.7 s
        against 0.1 s at 100,000 files)."""
        ahead = cls(roots, exclude)
        niceness = BACKGROUND_NICENESS if background else 0
        if find and os.environ.get(ENVIRONMENT, "1") != "0" and len(ahead.roots) == 1:
            # One folder: walked by find where it can (see ``corpus.walk_find``), which needs
            # no fork (it is safe beside threads too).
            ahead._find = FindWalk.start(ahead.roots[0], ahead.exclude, niceness)
            if ahead._find is not None:
                return ahead
        if can_fork():
            ahead._fork(parts if parts is not None else _cores(), niceness)
        return ahead

    def _fork(self, parts: int, niceness: int = 0) -> None:
        sys.stdout.flush()  # (nothing buffered is written twice: a child never flushes)
        sys.stderr.flush()
        for part in range(parts):
            try:
                read_end, write_end = os.pipe()
            except OSError:
                self.close()
                return
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                self.close()  # (a part alone is no walk: this process walks when asked)
                return
            if pid == 0:  # a child: walk its part, write, leave
                os.close(read_end)
                for other in self._pipes:
                    os.close(other)
                _child(write_end, self.roots, self.exclude, part, parts, niceness)
            os.close(write_end)
            self._pids.append(pid)
            self._pipes.append(read_end)
        self.forked = True

    def running(self) -> bool:
        """Whether a child is still walking: work done ahead then costs no waiting (once
        their results can be read, or without children, work that the walk may void is
        better left until the walk is compared)."""
        if self._walk is None and self._find is not None:
            return self._found is None and self._find.running()
        if self._walk is not None or not self._pipes:
            return False
        try:
            readable, _, _ = select.select(self._pipes, [], [], 0)
        except (OSError, ValueError):
            return False
        return len(readable) < len(self._pipes)

    def found(self) -> FindOutput | None:
        """find's output, waited for, before any walk is made of it (a caller that knows
        what changed from the output alone: see ``search.walk_found``); None without find,
        or when its output cannot be used (the walk is then made as without find)."""
        if self._walk is None and self._find is not None and self._found is None:
            self._found = self._find.output()
            if self._found is None:
                find, self._find = self._find, None
                self._fell_back(find)
        return self._found

    def result(self, recognise: Callable[[FindOutput], Walk | None] | None = None) -> Walk:
        """The walk: find's or the children's when they gave it, else made now in this
        process. ``recognise``: see ``FindWalk.walk``."""
        if self._walk is None and self._find is not None:
            found = self.found()
            if found is not None:
                self._walk = self._find.walk_of(found, recognise)
                if self._walk is None:
                    self._fell_back(self._find)
            self._find = self._found = None
        if self._walk is None:
            walked = self._from_children() if self._pids else None
            self._walk = walked if walked is not None else walk_corpus(self.roots, self.exclude)
        return self._walk

    def _fell_back(self, find: FindWalk) -> None:
        """find's output was not used: the walk as it would have been without find."""
        self.fell_back = find.fell_back
        if can_fork() and not self._pids:
            self._fork(_cores())

    def _from_children(self) -> Walk | None:
        results = self._read_all()
        statuses = self._reap()
        for data, status in zip(results, statuses, strict=True):
            if status != 0:
                self.fell_back = STATUSES.get(
                    status, f"the walking process ended with status {status}")
            elif isinstance(data, str):
                self.fell_back = data
            if self.fell_back is not None:
                return None
        try:
            if len(results) == 1:
                return decode(results[0])
            return merge(results, self.roots)
        except (ValueError, SplitMismatch) as exc:
            self.fell_back = str(exc)
            return None

    def _read_all(self) -> list:
        """Each child's whole output, by child (a message for one that could not be read or
        decoded); a part is decoded as soon as it is in, while the other may still walk."""
        pipes, self._pipes = self._pipes, []
        chunks: dict[int, list[bytes]] = {pipe: [] for pipe in pipes}
        results: dict[int, object] = {}
        try:
            while len(results) < len(pipes):
                waiting = [pipe for pipe in pipes if pipe not in results]
                for pipe in select.select(waiting, [], [])[0]:
                    try:
                        chunk = os.read(pipe, READ_BYTES)
                    except OSError as exc:
                        results[pipe] = f"cannot read the walk ({exc})"
                        continue
                    if chunk:
                        chunks[pipe].append(chunk)
                    else:
                        results[pipe] = self._decoded(b"".join(chunks.pop(pipe)), len(pipes))
        except (OSError, ValueError) as exc:  # (select itself failed)
            for pipe in pipes:
                results.setdefault(pipe, f"cannot read the walk ({exc})")
        finally:
            for pipe in pipes:
                os.close(pipe)
        return [results[pipe] for pipe in pipes]

    @staticmethod
    def _decoded(data: bytes, parts: int) -> bytes | Part | str:
        """A part decoded (a message when it is not one); a whole walk's bytes as they are
        (decoded after its child's status is known)."""
        if parts == 1:
            return data
        try:
            return decode_part(data)
        except ValueError as exc:
            return str(exc)

    def _reap(self, stop: bool = False) -> list[int | None]:
        """The children's exit statuses (waited for; ``stop``: ended first)."""
        pids, self._pids = self._pids, []
        if stop:
            for pid in pids:
                # (ProcessLookupError: it had finished already; its exit status is collected.)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
        return [_wait(pid) for pid in pids]

    def close(self) -> None:
        """End the children (or find) whose walk was never asked for."""
        if self._find is not None:
            self._find.close()
            self._find = None
        for pipe in self._pipes:
            os.close(pipe)
        self._pipes = []
        self._reap(stop=True)


def _cores() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(PARTS, cores))


def _wait(pid: int) -> int | None:
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return None  # reaped elsewhere (a SIGCHLD handler): its result decides
        return os.waitstatus_to_exitcode(status)


def _child(pipe: int, roots: list[Path], exclude: tuple[str, ...], part: int, parts: int,
           niceness: int = 0) -> None:
    """A forked child's whole life: its exit status tells the parent whether its result
    is whole (the parent reads it to the end either way, then walks itself on a failure)."""
    status = FAILED
    try:
        # Ctrl-C reaches the whole process group: the child just stops, the parent decides.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if niceness:
            with contextlib.suppress(OSError):  # (the walk is the same at any priority)
                os.nice(niceness)
        gc.disable()  # a short life that makes 100,000 tuples and holds no cycle
        if parts == 1:
            data = encode(walk_corpus(roots, exclude))
        else:
            data = encode_part(walk_part(roots, exclude, part, parts))
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view):]
        status = 0
    except SplitMismatch:
        status = MISMATCH
    except BaseException:  # noqa: BLE001 - any failure is the status; the parent walks itself
        status = FAILED
    finally:
        os._exit(status)
