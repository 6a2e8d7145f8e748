"""Text made from a data file's content alone (a task's part of an export), kept by that content.

Standard library only. One cache file per ledger and purpose: the pieces one after another, then an
index (content digest to place) and, on the last line, where the index starts. Keyed by the code, as
every cache is, and each piece by its file's content digest, so a piece is never served for other
content or by other code. A command reads the pieces it needs one at a time and, when it made new
ones, writes the file again with exactly the pieces it used (older ones copied through).
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .private import code_key, disabled, open_body, path_for, write_body

_TAIL = 21  # the last line: where the index starts in the body, 20 digits and a newline
_BUFFER = 1 << 20


class FragmentStore:
    """Pieces of text by content digest, read from the last writing and written again when new."""

    def __init__(self, root: Path, purpose: str):
        self.name = path_for(f"pieces-{purpose}", str(root))
        self.key = code_key("pieces", purpose)
        self._stream = None
        self._start = 0
        self._index: dict[str, list[int]] | None = None
        self._used: dict[str, None] = {}  # in order of use: the next writing keeps these
        self._spool = None  # the pieces made this time, until written
        self._made: dict[str, tuple[int, int]] = {}

    def _open(self) -> dict[str, list[int]]:
        if self._index is not None:
            return self._index
        self._index = {}
        opened = open_body(self.name, self.key)
        if opened is None:
            return self._index
        stream, _ = opened
        try:
            start = stream.tell()
            # The pieces are read in the order they were written: a big buffer reads them in a
            # few calls, not one or two a piece.
            stream = io.BufferedReader(stream.detach(), _BUFFER)
            stream.seek(-_TAIL, 2)
            at = int(stream.read(_TAIL))
            stream.seek(start + at)
            index = json.loads(stream.readline())
            if not isinstance(index, dict):
                raise ValueError("index")
        except (OSError, ValueError, RecursionError):
            stream.close()
            return self._index
        self._stream, self._start, self._index = stream, start, index
        return self._index

    def get(self, digest: str) -> bytes | None:
        """The piece kept for this content digest, or None."""
        place = self._open().get(digest)
        if place is not None and self._stream is not None:
            try:
                offset, size = place
                self._stream.seek(self._start + offset)
                piece = self._stream.read(size)
            except (OSError, ValueError, TypeError):
                return None
            if len(piece) == size:
                self._used[digest] = None
                return piece
            return None
        found = self._made.get(digest)
        if found is not None:
            self._spool.seek(found[0])
            return self._spool.read(found[1])
        return None

    def put(self, digest: str, piece: bytes) -> None:
        """Keep a piece made from content of this digest (written with the others by `save`)."""
        if disabled() or digest in self._made or self._spool is False:
            return
        if self._spool is None:
            try:
                self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by save)
            except OSError:  # no temporary folder to write in: nothing kept, the command goes on
                self._spool = False
                return
        self._spool.seek(0, 2)
        self._made[digest] = (self._spool.tell(), len(piece))
        self._spool.write(piece)
        self._used[digest] = None

    def keep(self, digest: str) -> None:
        """Keep the piece of this digest in the next writing (used by another process)."""
        if digest in self._open():
            self._used[digest] = None

    def adopt(self, sent: list[tuple[str, int | None]], made) -> None:
        """Keep what a forked process used and made, as if this one had: `sent` names each digest
        with the size of the piece it made (in `made`, one after another), or None if it used it."""
        made.seek(0)
        for digest, size in sent:
            if size is None:
                self.keep(digest)
            else:
                self.put(digest, made.read(size))  # read even when not kept: the next is after it

    def save(self) -> None:
        """Write the pieces used this time when any was made, or when most kept ones were not used
        (a file edited since the last full load has no digest at hand, so its old piece is not
        used: that alone is not worth writing them all again)."""
        index = self._index or {}
        try:
            unused = len(index) - sum(digest in index for digest in self._used)
            if self._made or unused * 2 > len(index):
                write_body(self.name, self.key, self._body())
        finally:
            for stream in (self._stream, self._spool):
                if stream:
                    stream.close()
            self._stream = self._spool = None
            self._index, self._used, self._made = None, {}, {}

    def _body(self) -> Iterator[bytes]:
        places: dict[str, list[int]] = {}
        offset = 0
        for digest in self._used:
            made = self._made.get(digest)
            if made is not None:
                self._spool.seek(made[0])
                piece = self._spool.read(made[1])
            else:
                piece = self.get(digest)
                if piece is None:
                    continue
            places[digest] = [offset, len(piece)]
            offset += len(piece)
            yield piece
        yield json.dumps(places, separators=(",", ":")).encode("ascii") + b"\n"
        yield b"%020d\n" % offset
