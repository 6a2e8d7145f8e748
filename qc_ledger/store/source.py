"""A data file as read: its path, kind, text and where each value stands in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem


@dataclass
class SourceFile:
    """A data file as read: its text and, once parsed, its round-trip document for locations."""

    path: Path
    kind: str
    text: str = ""
    _document: object = None
    # The file's size, mtime, ctime and inode when it was read: whether a loaded ledger is current.
    identity: tuple | None = None

    def locate(self, loc: tuple, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return the 1-based line and column of `loc` in this file (None when unknown)."""
        from . import yaml as store

        if self._document is None:
            try:
                self._document = store.parse_roundtrip(self.text or self._cached_text(), self.path)
            except DataError:
                return None, None
        found = (store.key_position if key else store.position)(self._document, loc)
        return found if found else (None, None)

    def _cached_text(self) -> str:
        """The text of a file whose record came from the cache, while it is still the same file."""
        from .textcheck import decode

        if self.identity is None:
            return ""
        try:
            info = self.path.lstat()
            if (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) != self.identity:
                return ""
            return decode(self.path.read_bytes(), self.path)
        except (OSError, DataError):
            return ""

    def problem(self, loc: tuple, message: str, hint: str | None = None, **extra) -> Problem:
        """Build a Problem located at `loc` in this file."""
        line, column = self.locate(loc, key=extra.pop("key", False))
        return Problem(message, self.path, line, column, hint=hint, **extra)


def line_of(source: SourceFile, loc: tuple) -> int | None:
    """The 1-based line of `loc` in a loaded file, re-read through the decoder if its text was not kept."""
    # A fresh value: a ledger shared through the cache is never changed.
    fresh = SourceFile(source.path, source.kind, source.text, identity=source.identity)
    return fresh.locate(loc)[0]
