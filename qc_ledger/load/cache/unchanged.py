"""Which files are as a snapshot found them: one lstat a file, compared with its stored identity."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ...store.reader import RACY_NS


def _identity(name: str) -> list[int] | None:
    """A file's size, mtime, ctime (ns) and inode as a snapshot stores them, or None."""
    try:
        info = os.lstat(name)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def current(name: str, identity: list, written: int) -> bool:
    """The file is as it was when the snapshot was written, and was not changed too close to it."""
    now = _identity(name)
    # A change in the same timestamp tick as the snapshot would leave the identity as it was.
    return now == identity and written - now[1] >= RACY_NS


def changed(root: Path, entries: list, written: int) -> list[int]:
    """The positions of the task files not as the snapshot has them (or changed too close to it).

    `entries` name their files relative to `root`, as stored.
    """
    found = []
    with under(root) as lstat:
        for i, (name, (size, mtime, ctime, inode), *_) in enumerate(entries):  # one lstat a file
            try:
                now = lstat(name)
            except OSError:
                found.append(i)
                continue
            if (now.st_mtime_ns != mtime or now.st_size != size or now.st_ctime_ns != ctime
                    or now.st_ino != inode or written - mtime < RACY_NS):  # fmt: skip
                found.append(i)
    return found


@contextlib.contextmanager
def under(root: Path) -> Iterator[Callable[[str], os.stat_result]]:
    """An lstat of paths relative to `root` (not following a last link, as os.lstat).

    Where the system allows, through a descriptor of the folder: the kernel then resolves only the
    relative part, a third less time for ten thousand files than resolving the whole path again.
    """
    prefix = str(root) + os.sep
    # os.lstat takes no folder descriptor; os.stat does, and not following a last link it is lstat.
    if os.stat not in os.supports_dir_fd or os.stat not in os.supports_follow_symlinks:
        yield lambda name: os.lstat(prefix + name)
        return
    try:
        folder = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield lambda name: os.lstat(prefix + name)
        return
    try:
        yield functools.partial(os.stat, dir_fd=folder, follow_symlinks=False)
    finally:
        os.close(folder)
