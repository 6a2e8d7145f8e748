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


def split(fragment: bytes) -> list[memoryview] | None:
    """The pieces of a fragment made by `joined` (views of it: a province's pieces are a gigabyte,
    copied once, into the page), or None when it does not add up."""
    newline = fragment.find(b"\n")
    if newline < 0:
        return None
    head = fragment[:newline]
    try:
        sizes = [int(size) for size in head.split(b",")] if head else []
    except ValueError:
        return None
    at = newline + 1
    if any(size < 0 for size in sizes) or sum(sizes) != len(fragment) - at:
        return None
    pieces, view = [], memoryview(fragment)
    for size in sizes:
        pieces.append(view[at : at + size])
        at += size
    return pieces


class TaskPieces:
    """Each task's pieces, one per measure in file order, by the task file's content digest."""

    def __init__(self, root: Path, purpose: str):
        self._store = FragmentStore(root, purpose)

    def get(self, digest: str) -> list[memoryview] | None:
        """The pieces kept for a task file of this content digest, or None."""
        fragment = self._store.get(digest)
        return None if fragment is None else split(fragment)

    def put(self, digest: str, pieces: list[bytes]) -> None:
        """Keep a task's pieces, made from a file of this content digest (written by `save`)."""
        self._store.put(digest, joined(pieces))

    def adopt(self, sent: list[tuple[str, int | None]], made) -> None:
        """Keep the pieces a forked process used and made, `joined` (FragmentStore.adopt)."""
        self._store.adopt(sent, made)

    def save(self) -> None:
        """Write the pieces used this time, when any were made (fragments.FragmentStore.save)."""
        self._store.save()
