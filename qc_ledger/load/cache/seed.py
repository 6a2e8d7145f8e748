"""Another clone's per-file cache, to serve this clone's files by content: standard library only.

A fresh clone (every CI run) has no cache of its own; the newest cache of the same code in the
cache folder holds the same files' entries under other paths. Only where each entry is, by its kind
and content digest, is kept in memory: a province's entries stay on disk until one serves.
"""

from __future__ import annotations

from .entries import DIGEST, HEAD
from .private import open_newest, read_at


class Seed:
    """Where each entry of another clone's cache file (kept open) is, by kind and content digest."""

    def __init__(self) -> None:
        self._places: dict[tuple[bytes, bytes], tuple[int, int]] = {}
        self._file = None

    @classmethod
    def newest(cls, key: str, besides: str) -> Seed:
        """The newest other cache file of the code `key` (not `besides`), read a line at a time."""
        seed = cls()
        opened = open_newest("ledger-", key, besides)
        if opened is None:
            return seed
        stream, _ = opened
        try:
            offset = stream.tell()
            for number, line in enumerate(stream):  # the places, the heads, then an entry a line
                start, offset = offset, offset + len(line)
                tab = line.find(b"\t")
                head = None if number < 2 or tab < 0 else HEAD.match(line, tab + 1)
                digest = None if head is None else DIGEST.match(line, head.end())
                if digest is not None:
                    size = len(line) - tab - 1 - line.endswith(b"\n")
                    seed._places.setdefault((head[1], digest[1]), (start + tab + 1, size))
        except OSError:
            seed._places = {}
        if seed._places:
            seed._file = stream
        else:
            stream.close()
        return seed

    def __bool__(self) -> bool:
        return bool(self._places)

    def get(self, key: tuple[bytes, bytes]) -> bytes | None:
        """The entry of a kind and content digest, read back from the file; or None."""
        place = self._places.get(key)
        if place is None or self._file is None:
            return None
        try:
            found = read_at(self._file.fileno(), place[0], place[1])
        except OSError:
            return None
        return found if len(found) == place[1] else None
