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
from collections.abc import Sequence
from pathlib import Path

from tuiread.corpus.walk import DEFAULT_EXCLUDE, CorpusFile, Walk, WalkProblem, walk_corpus

# Set to "0" to walk in-process (a debugging aid; the result is the same either way).
ENVIRONMENT = "TUIREAD_WALK_AHEAD"
# The first item of every result: a child of another layout is never trusted.
LAYOUT = f"walk-ahead-1/marshal-{marshal.version}"
# Bytes per read from the child's pipe (its result is about 100 bytes per file).
READ_BYTES = 1 << 20


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
    files = walked.files
    columns = [[f[n] for f in files] for n in range(len(CorpusFile._fields))]
    return marshal.dumps((LAYOUT, columns, dict(walked.skipped), walked.special,
                          walked.excluded, [os.fspath(p) for p in walked.missing],
                          [(p.path, p.message) for p in walked.problems]))


def decode(data: bytes) -> Walk:
    """The walk :func:`encode` packed. Raises ValueError when ``data`` is not one."""
    try:
        layout, columns, skipped, special, excluded, missing, problems = marshal.loads(data)
    except (EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not a walk ({exc})") from exc
    if layout != LAYOUT or len(columns) != len(CorpusFile._fields) or len(
            {len(c) for c in columns}) > 1:
        raise ValueError("not a walk of this layout")
    make = tuple.__new__
    # 100,000 tuples made at once: the cycle collector would look at them a few times over
    # while they are made, for nothing (tuples of strings and numbers hold no cycle).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        files = [make(CorpusFile, item) for item in zip(*columns, strict=True)]
    finally:
        if was_enabled:
            gc.enable()
    return Walk(files=files, skipped=Counter(skipped), special=special, excluded=excluded,
                missing=[Path(p) for p in missing],
                problems=[WalkProblem(path, message) for path, message in problems])


class WalkAhead:
    """One walk of ``roots``: started in a child process when that is safe, else done here
    when its result is first asked for. Use it once; ``close`` when it may go unused (else
    the child, its result unread, ends when this process does: its write then fails)."""

    def __init__(self, roots: Sequence[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE):
        self.roots = [Path(r).expanduser() for r in roots]
        self.exclude = tuple(exclude)
        self.forked = False  # whether a child was started
        self.fell_back: str | None = None  # why the child's walk was not used, if it was not
        self._pid: int | None = None
        self._pipe: int | None = None
        self._walk: Walk | None = None

    @classmethod
    def start(cls, roots: Sequence[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE,
              ) -> WalkAhead:
        ahead = cls(roots, exclude)
        if can_fork():
            ahead._fork()
        return ahead

    def _fork(self) -> None:
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        sys.stdout.flush()  # (nothing buffered is written twice: the child never flushes)
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: walk, write, leave
            os.close(read_end)
            _child(write_end, self.roots, self.exclude)
        os.close(write_end)
        self.forked = True
        self._pid, self._pipe = pid, read_end

    def running(self) -> bool:
        """Whether the child is still walking: work done ahead then costs no waiting (once
        its result can be read, or without a child, work that the walk may void is better
        left until the walk is compared)."""
        if self._walk is not None or self._pipe is None:
            return False
        try:
            readable, _, _ = select.select([self._pipe], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def result(self) -> Walk:
        """The walk: the child's when it gave one, else made now in this process."""
        if self._walk is None:
            walked = self._from_child() if self._pid is not None else None
            self._walk = walked if walked is not None else walk_corpus(self.roots, self.exclude)
        return self._walk

    def _from_child(self) -> Walk | None:
        chunks = []
        try:
            while chunk := os.read(self._pipe, READ_BYTES):
                chunks.append(chunk)
        except OSError as exc:
            self.fell_back = f"cannot read the walk ({exc})"
        finally:
            os.close(self._pipe)
            self._pipe = None
        status = self._reap()
        if self.fell_back is not None:
            return None
        if status != 0:
            self.fell_back = f"the walking process ended with status {status}"
            return None
        try:
            return decode(b"".join(chunks))
        except ValueError as exc:
            self.fell_back = str(exc)
            return None

    def _reap(self, stop: bool = False) -> int | None:
        """The child's exit status (waited for; ``stop``: ended first)."""
        pid, self._pid = self._pid, None
        if pid is None:
            return None
        if stop:
            # (ProcessLookupError: it had finished already; its exit status is collected.)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        while True:
            try:
                _, status = os.waitpid(pid, 0)
            except InterruptedError:
                continue
            except ChildProcessError:
                return None  # reaped elsewhere (a SIGCHLD handler): its result decides
            return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        """End a child whose walk was never asked for."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        self._reap(stop=True)


def _child(pipe: int, roots: list[Path], exclude: tuple[str, ...]) -> None:
    """The forked child's whole life: its exit status tells the parent whether the result
    is whole (the parent reads it to the end either way, then walks itself on a failure)."""
    status = 1
    try:
        # Ctrl-C reaches the whole process group: the child just stops, the parent decides.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        gc.disable()  # a short life that makes 100,000 tuples and holds no cycle
        data = encode(walk_corpus(roots, exclude))
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view):]
        status = 0
    except BaseException:  # noqa: BLE001 - any failure is the status; the parent walks itself
        status = 1
    finally:
        os._exit(status)
