"""Cache entries made during a load, kept on disk until the cache is written rather than in memory.

A cold load of a province makes an entry for every file: held in memory until the cache file is
written, they would take as much as the ledger's text. Spooled to a nameless private file in the
cache folder (gone when closed), each is read back when the cache is written or a record rebuilt.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterator

from .private import spool


class Spool:
    """Entries by file name, in a nameless file: where each is, and its head (kind, stat, time)."""

    def __init__(self) -> None:
        self._file = None
        self._opened = False
        self._full = False
        self._end = 0
        self._moved = False  # read since the last write: the next write seeks to the end first
        self.places: dict[str, tuple[int, int, object]] = {}

    def put(self, name: str, line: bytes, head: object) -> bool:
        """Keep an entry on disk; False when it cannot be (no cache folder, disk full)."""
        if not self._opened:
            self._opened = True
            self._file = spool()
        if self._file is None or self._full:
            return False
        try:
            if self._moved:
                self._file.seek(self._end)
                self._moved = False
            written = self._file.write(line)
        except OSError:
            written = None
        if written != len(line):  # refused or cut short (disk full, a file-size limit)
            self._full = True  # the entries already kept can still be read back
            self._moved = True
            return False
        self.places[name] = (self._end, len(line), head)
        self._end += len(line)
        return True

    def get(self, name: str, limit: int | None = None) -> bytes | None:
        """An entry kept here (its first `limit` bytes), or None."""
        place = self.places.get(name)
        if place is None or self._file is None:
            return None
        try:
            self._file.seek(place[0])
            self._moved = True
            wanted = place[1] if limit is None else min(place[1], limit)
            found = self._file.read(wanted)
        except OSError:
            return None
        return found if len(found) == wanted else None

    def drop(self, name: str) -> None:
        """Forget a file's entry (its bytes stay until the spool is closed)."""
        self.places.pop(name, None)

    def entries(self) -> Iterator[tuple[str, bytes]]:
        """Every entry kept, in the order put; OSError when one cannot be read back."""
        for name in list(self.places):
            entry = self.get(name)
            if entry is None or len(entry) != self.places[name][1]:
                raise OSError(f"cache spool: {name} could not be read back")
            yield name, entry
