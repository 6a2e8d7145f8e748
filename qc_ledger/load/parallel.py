"""Checking many data files on every core: what a cold load of a large ledger spends its time on.

Standard library only. Worker processes are forked (Linux), so they start with the parent's modules
already imported; each checks a share of the files through the one pipeline (filecheck.check_file)
and sends back what it found. Elsewhere, with one core, or for a few files, the files are checked
here, one after another. LEDGER_JOBS sets the number of processes (1: never in parallel).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from ..domain.models import MODEL_FOR_KIND
from ..domain.rebuild import trusted
from .filecheck import CheckedFile, check_file

# Made in the worker for each sound file, from its CheckedFile: what the caller keeps of it besides
# the record (the per-file cache's entry, say), as bytes.
EntryMaker = Callable[[CheckedFile], bytes | None]

# Below this many files, starting processes costs more than it saves.
MIN_FILES = 200
MAX_JOBS = 8
SHARE_FILES = 500
# Shares sent to each process ahead of the one the caller is taking.
AHEAD = 2


def processes() -> int:
    """How many processes a command may work in: LEDGER_JOBS, else the cores it may use (up to
    MAX_JOBS); 1 where processes are not forked (not Linux)."""
    if not sys.platform.startswith("linux"):
        return 1
    raw = os.environ.get("LEDGER_JOBS", "").strip()
    if raw.isdigit() and int(raw) >= 1:
        return int(raw)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, MAX_JOBS)


def jobs(files: int) -> int:
    """How many processes to check `files` files with."""
    if files < MIN_FILES:
        return 1
    return max(1, min(processes(), files // (MIN_FILES // 2)))


def _quiet() -> None:
    """Ctrl+C is the command's to answer: workers ignore it and end with the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool) -> None:
    """End the workers now. Python 3.14 has pool.terminate_workers(); before it, only this."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _check_share(task: tuple[list[tuple[Path, str]], Path, EntryMaker | None]) -> list[CheckedFile]:
    """Check a share of the files; send back data, not records, which cost twice as much to send
    (and each file's entry, when asked for, made here rather than one by one there)."""
    shares, root, entry = task
    checked = [check_file(path, kind, root, entry is not None) for path, kind in shares]
    for one in checked:
        if one.record is None:
            continue
        if entry is not None:
            one.cache_line = entry(one)
        # A sound file's text is read again only to place a problem found across files: a
        # province's texts would double what a cold load holds (the locator re-reads it unchanged).
        one.source = dataclasses.replace(one.source, text="")
        one.record = None
    return checked


def _rebuilt(one: CheckedFile) -> CheckedFile:
    """The record of a file a worker found sound, rebuilt from the data it checked."""
    if one.record is None and one.data is not None:  # data is kept only for a sound file
        one.record = trusted(MODEL_FOR_KIND[one.source.kind], one.data)
        one.data = None  # its cache entry is made: the record holds the same values
    return one


def check_files(files: list[tuple[Path, str]], root: Path,
                entry: EntryMaker | None = None) -> list[CheckedFile]:  # fmt: skip
    """Check each (path, kind) on its own, in order; in several processes when that pays.

    With `entry` (a module-level function), files checked in other processes come with what it made
    of each in `cache_line`; files checked here keep their text and data to make it from. Either
    way a sound file comes with its `layout` (see filecheck.check_file): a cache keeps fmt's verdict.
    """
    return list(stream_files(files, root, entry))


def stream_files(files: list[tuple[Path, str]], root: Path,
                 entry: EntryMaker | None = None) -> Iterator[CheckedFile]:  # fmt: skip
    """check_files one file at a time, as the shares come back: a caller that lets each record go
    holds a share of them, not a province's."""
    count = jobs(len(files))
    if count == 1:
        yield from (check_file(path, kind, root, entry is not None) for path, kind in files)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..store import yaml as store

    store.preload()  # imported once here, not in every process

    # Shares of a few hundred files: the results of one are taken in while the next are checked.
    size = max(MIN_FILES // 2, min(SHARE_FILES, len(files) // (count * 4) or 1))
    shares = [(files[start : start + size], root, entry)
              for start in range(0, len(files), size)]  # fmt: skip
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_quiet)
    done = 0  # files handed on: after a failure, the rest are checked here
    waiting: deque = deque()
    try:
        broken = False
        for share in range(len(shares)):
            try:
                # A few shares ahead, not all: results the caller has not taken yet are held here.
                while len(waiting) < AHEAD * count and len(waiting) + share < len(shares):
                    waiting.append(pool.submit(_check_share, shares[len(waiting) + share]))
                result = waiting.popleft().result()
            except (OSError, RuntimeError):
                broken = True  # no processes to be had (limits, a sandbox), or one died (memory)
                break
            shares[share] = None
            for i, one in enumerate(result):
                result[i] = None  # each record rebuilt in turn and held only by the caller
                done += 1
                yield _rebuilt(one)
            del result
        if broken:
            _stop(pool)
            yield from (
                check_file(path, kind, root, entry is not None) for path, kind in files[done:]
            )
            return
    except BaseException:  # Ctrl+C, or the caller stopped: the workers are stopped, not waited for
        _stop(pool)
        raise
    pool.shutdown()
