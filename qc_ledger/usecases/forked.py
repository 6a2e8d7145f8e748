"""A share of a command's work done in a forked process while this one does the rest.

Standard library only. Linux only, as load/parallel.py: the forked process starts with this one's
ledger already loaded and sends back what it made through a pipe (pickled by multiprocessing, never
read from a file). When no process can be had, or it fails, the caller does the share itself.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from ..domain.lazy import collector_paused
from ..load.parallel import processes

T = TypeVar("T")

# From this many tasks a command's later half is done in a second process (where there is a core
# for it): below, forking and merging cost more than they save.
MIN_TASKS = 1000


class Forked(Generic[T]):
    """A share running in a forked process: `result` waits for it, `stop` ends it."""

    def __init__(self, process, reader) -> None:
        self._process, self._reader = process, reader
        self._waited = False

    def result(self) -> T | None:
        """What the share made, or None when it failed (then the caller does it itself)."""
        try:
            # What comes back is many small values, all kept: the cyclic collector, which would
            # walk them again and again as they are made, is off meanwhile (5× faster).
            with collector_paused():
                sent = self._reader.recv()
        except Exception:  # it ended without sending, or sent what cannot be read: it failed
            sent = None
        except BaseException:  # Ctrl+C while waiting: the process is ended first
            self.stop()
            raise
        self._waited = True
        self._reader.close()
        self._process.join()
        return sent if self._process.exitcode == 0 else None

    def stop(self) -> None:
        """End the process now (Ctrl+C, or the caller failed) and wait for it; nothing once
        `result` has waited for it."""
        if self._waited:
            return
        self._waited = True
        with contextlib.suppress(OSError, ValueError):
            self._process.terminate()
            self._process.join()
        with contextlib.suppress(OSError):
            self._reader.close()


def _run(share: Callable[[], object], writer) -> None:
    """In the forked process: do the share and send what it made; send nothing if it fails (no
    traceback on the command's screen: the caller then does the share itself)."""
    # Ctrl+C is the command's to answer: it ends this process (Forked.stop). It came in blocked
    # (see `beside`): ignored before it is let through.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    with contextlib.suppress(BaseException):
        writer.send(share())
    writer.close()


def beside(share: Callable[[], T]) -> Forked[T] | None:
    """Start `share` in a forked process; None when this system or the settings (LEDGER_JOBS=1,
    one core) give no second process, or none can be started."""
    if not available():
        return None
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(share, writer), daemon=True)
    # Ctrl+C held back while forking: the new process would answer it before it can ignore it
    # (a traceback on the command's screen); this one answers it once the fork is done.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process.start()
    except OSError:  # limits, a sandbox: the caller does the share itself
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        reader.close()
        writer.close()
        return None
    writer.close()  # the forked process holds the only one: its end is the pipe's end
    forked = Forked(process, reader)
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl+C held back comes now
    except BaseException:
        forked.stop()
        raise
    return forked


def available() -> bool:
    """Whether `beside` may give a second process (this system and the settings allow one)."""
    return processes() >= 2


def restored_whole(ledger, task_ids: list[str]) -> bool:
    """Whether a forked process may pass over these tasks: the ledger came back whole from the
    snapshot, and its cache file's index is read now."""
    # Restored whole (nothing checked again, so nothing written but not flushed), both processes
    # only read what the cache holds. Its index is read before any fork: read by both at once from
    # the one open file it would be garbled (places are then read with pread, which moves no shared
    # position). A task's stamp reads it, unless the task came from its snapshot line (a file
    # checked since the last full load) or is built already: then the next task's does.
    stamp = getattr(ledger.tasks, "stamp", None)
    if stamp is None or getattr(ledger.index, "stamp", None) is None:
        return False
    return any(stamp(task_id) is not None for task_id in task_ids)


def halfway(ledger, task_ids: list[str]) -> int | None:
    """Where a ledger's tasks (all, in plan order) are cut for the later half to be done in a forked
    process; None when there are too few or the ledger was not restored whole."""
    half = len(task_ids) // 2
    if len(task_ids) < MIN_TASKS or not restored_whole(ledger, task_ids[half:]):
        return None
    return half


class Pass(Protocol):
    """A pass over a ledger's tasks whose findings merge: two passes over parts of the tasks,
    merged in order, are one pass over them all."""

    def scan(self, task_ids: list[str] | None = None) -> None: ...

    def part(self) -> object: ...

    def merge(self, part) -> None: ...


P = TypeVar("P", bound=Pass)


def in_halves(ledger, start: Callable[[], P]) -> P:
    """A pass (`start` makes an empty one) over every task: on a province restored whole, the later
    half of the tasks passed over in a forked process meanwhile and merged in after the first."""
    task_ids = list(ledger.tasks)
    half = halfway(ledger, task_ids)
    found = start()
    if half is None:
        found.scan()
        return found

    def share() -> object:
        later = start()
        later.scan(task_ids[half:])
        return later.part()

    forked = None
    try:
        forked = beside(share)
        found.scan(task_ids[:half])
    except BaseException:
        if forked is not None:
            forked.stop()  # Ctrl+C, or this half failed: the other is ended too
        raise
    sent = None if forked is None else forked.result()
    if sent is None:  # no process, or it failed: the later half here, after the first
        found.scan(task_ids[half:])
    else:
        found.merge(sent)
    return found
