"""Text made for each measure of a task from that task's file alone, kept by the file's content.

Standard library only. A task's pieces are kept as one fragment (fragments.py): their sizes on the
first line, then the pieces one after another; keyed by the code, as every cache is, and by the
task file's content digest, so a piece is never served for other content or by other code. A
fragment that does not add up is a miss.
"""

from __future__ import annotations

from pathlib import Path

from .fragments import FragmentStore


def joined(pieces: list[bytes]) -> bytes:
    """One task's pieces as one fragment: their sizes, a newline, the pieces."""
    return b",".join(b"%d" % len(piece) for piece in pieces) + b"\n" + b"".join(pieces)


def split(fragment: bytes) -> list[bytes] | None:
    """The pieces of a fragment made by `joined`, or None when it does not add up."""
    head, newline, body = fragment.partition(b"\n")
    if not newline:
        return None
    try:
        sizes = [int(size) for size in head.split(b",")] if head else []
    except ValueError:
        return None
    if any(size < 0 for size in sizes) or sum(sizes) != len(body):
        return None
    pieces, at = [], 0
    for size in sizes:
        pieces.append(body[at : at + size])
        at += size
    return pieces


class TaskPieces:
    """Each task's pieces, one per measure in file order, by the task file's content digest."""

    def __init__(self, root: Path, purpose: str):
        self._store = FragmentStore(root, purpose)

    def get(self, digest: str) -> list[bytes] | None:
        """The pieces kept for a task file of this content digest, or None."""
        fragment = self._store.get(digest)
        return None if fragment is None else split(fragment)

    def put(self, digest: str, pieces: list[bytes]) -> None:
        """Keep a task's pieces, made from a file of this content digest (written by `save`)."""
        self._store.put(digest, joined(pieces))

    def save(self) -> None:
        """Write the pieces used this time, when any were made (fragments.FragmentStore.save)."""
        self._store.save()
