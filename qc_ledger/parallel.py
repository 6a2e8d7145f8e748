"""Checking many data files on every core: what a cold load of a large ledger spends its time on.

Standard library only. Worker processes are forked (Linux), so they start with the parent's modules
already imported; each checks a share of the files through the one pipeline (filecheck.check_file)
and sends back what it found. Elsewhere, with one core, or for a few files, the files are checked
here, one after another. LEDGER_JOBS sets the number of processes (1: never in parallel).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from .filecheck import CheckedFile, check_file

# Below this many files, starting processes costs more than it saves.
MIN_FILES = 200
MAX_JOBS = 8


def jobs(files: int) -> int:
    """How many processes to check `files` files with."""
    raw = os.environ.get("LEDGER_JOBS", "").strip()
    if raw.isdigit() and int(raw) >= 1:
        wanted = int(raw)
    else:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        wanted = min(cores or 1, MAX_JOBS)
    if files < MIN_FILES or not sys.platform.startswith("linux"):
        return 1
    return max(1, min(wanted, files // (MIN_FILES // 2)))


def _quiet() -> None:
    """Ctrl+C is the command's to answer: workers ignore it and end with the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool) -> None:
    """End the workers now. Python 3.14 has pool.terminate_workers(); before it, only this."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _check_share(task: tuple[list[tuple[Path, str]], Path]) -> list[CheckedFile]:
    shares, root = task
    checked = [check_file(path, kind, root) for path, kind in shares]
    for one in checked:
        one.source._document = None  # the round-trip document was for locating; text suffices
    return checked


def check_files(files: list[tuple[Path, str]], root: Path) -> list[CheckedFile]:
    """Check each (path, kind) on its own, in order; in several processes when that pays."""
    count = jobs(len(files))
    if count == 1:
        return [check_file(path, kind, root) for path, kind in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import store  # noqa: F401  (imported once here, not in every process)

    # Interleaved shares: files of one folder are alike in size, so each process gets its part.
    shares = [(files[start::count], root) for start in range(count)]
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_quiet)
    try:
        results = list(pool.map(_check_share, shares))
    except (OSError, RuntimeError):
        # No processes to be had (limits, a sandbox), or one died (out of memory): check here.
        _stop(pool)
        return [check_file(path, kind, root) for path, kind in files]
    except BaseException:  # Ctrl+C: the workers are stopped, not waited for
        _stop(pool)
        raise
    pool.shutdown()
    ordered: list[CheckedFile] = [None] * len(files)  # type: ignore[list-item]
    for start, result in enumerate(results):
        ordered[start::count] = result
    return ordered
