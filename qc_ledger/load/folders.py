"""A data folder as a load walked it: its identity and a digest of the names it listed.

Editors and the ledger's own writes replace a file by renaming a new one over it, which changes the
folder's identity though the same files are there. The names it lists tell the two apart: a folder
whose identity moved but whose names are as they were holds the same files, each checked on its own.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..store.reader import RACY_NS


def listing(names: list[str]) -> str:
    """A digest of a folder's entries, hidden ones left out as the walk leaves them out."""
    shown = sorted(name for name in names if not name.startswith("."))
    return hashlib.blake2b(
        "\0".join(shown).encode("utf-8", "surrogateescape"), digest_size=16
    ).hexdigest()


def listed(path: Path | str) -> str | None:
    """The digest of what the folder lists now, or None when it cannot be listed."""
    try:
        return listing(os.listdir(path))
    except OSError:
        return None


def walked(path: Path, seen: tuple | None, names: list[str]) -> tuple[Path, tuple | None, str]:
    """A folder as a walk saw it: its identity taken before it was listed, so a change shows."""
    return path, seen, listing(names)


def current(folders, written: int | None = None) -> list | None:
    """The folders with their identities now when each lists the names it listed, else None.

    A folder whose identity is as it was (and was not changed within the racy window before
    `written`) is taken as it was; any other is listed again.
    """
    found, lstat = [], os.lstat
    for path, was, names in folders:
        # Each path as it came (text from a snapshot): thousands of folders, no Path built for any.
        try:
            info = lstat(path)
        except OSError:
            return None
        now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if was is None or names is None:
            return None
        unsure = now != tuple(was) or (written is not None and written - now[1] < RACY_NS)
        if unsure and listed(path) != names:
            return None
        found.append((path, now, names))
    return found
