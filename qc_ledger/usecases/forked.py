"""A share of a command's work done in a forked process while this one does the rest.

Standard library only. Linux only, as load/parallel.py: the forked process starts with this one's
ledger already loaded and sends back what it made, pickled through a pipe (never read from a file).
When no process can be had, or it fails, the caller does the share itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

from ..load.parallel import processes

T = TypeVar("T")


class Forked(Generic[T]):
    """A share running in a forked process: `result` waits for it, `stop` ends it."""

    def __init__(self, pid: int, reader: int) -> None:
        self._pid = pid
        self._reader: int | None = reader
        self._waited = False

    def result(self) -> T | None:
        """What the share made, or None when it failed (then the caller does it itself)."""
        reader, self._reader = self._reader, None  # closed with the stream, whatever happens
        try:
            with os.fdopen(reader, "rb") as pipe:
                sent = pipe.read()
        except BaseException:  # Ctrl+C while waiting: the process is ended first
            self.stop()
            raise
        self._waited = True
        _, status = os.waitpid(self._pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not sent:
            return None
        # Sent by the process forked from this one, through a pipe only the two of them hold.
        return pickle.loads(sent)

    def stop(self) -> None:
        """End the process now (Ctrl+C, or the caller failed) and wait for it; nothing once
        `result` has waited for it (its number may be another process's by then)."""
        if self._waited:
            return
        self._waited = True
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGTERM)
        if self._reader is not None:
            with contextlib.suppress(OSError):
                os.close(self._reader)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)


def beside(share: Callable[[], T]) -> Forked[T] | None:
    """Start `share` in a forked process; None when this system or the settings (LEDGER_JOBS=1,
    one core) give no second process, or none can be started."""
    if processes() < 2 or not hasattr(os, "fork"):
        return None
    reader, writer = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # what is buffered is written once, by this process
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        pid = os.fork()
    except OSError:  # limits, a sandbox: the caller does the share itself
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # pragma: no cover (the forked process ends by os._exit; its work is checked)
        code = 1
        try:
            os.close(reader)
            # Ctrl+C is the command's to answer: it stops this process (Forked.stop).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            sent = pickle.dumps(share(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(sent)
            code = 0
        finally:
            # Not the parent's exit handlers, buffers or temporary files: they are the parent's.
            os._exit(code)
    os.close(writer)
    return Forked(pid, reader)
