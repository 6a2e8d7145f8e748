"""A sheet's body deflated on a second thread as its rows are written, put in the zip as it is.

A province's sheets are hundreds of megabytes of XML: deflating them after the rows are made took a
third of an export. Here each batch of rows is deflated while the next is made (zlib lets go of the
interpreter as it works), as a raw deflate stream flushed to a byte boundary, never finished: the
sheet's head and tail, known only once every row is, are deflated apart around it, which makes one
valid stream. Its CRC is joined to theirs by `crc32_combine`. Standard library only.
"""

from __future__ import annotations

import queue
import threading
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

_BLOCK = 1 << 20
_AHEAD = 8  # batches waiting to be deflated: the rows are made no more than this far ahead


class Deflated:
    """Bytes written, deflated on a thread into `out` (from its start); `close` before reading."""

    def __init__(self, out: BinaryIO, level: int) -> None:
        self.out = out
        self.size = 0  # bytes written, before deflating
        self.crc = 0
        self._deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
        self._waiting: queue.Queue[bytes | None] = queue.Queue(_AHEAD)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> None:
        """Queue `data` to be deflated (raises what the thread met writing earlier data)."""
        self._check()
        self._waiting.put(data)

    def close(self) -> None:
        """Deflate what is queued and flush to a byte boundary (the stream is not finished)."""
        self.stop()
        self._check()

    def stop(self) -> None:
        """End the thread once what is queued is done (again: nothing more)."""
        if self._thread.is_alive():
            self._waiting.put(None)
            self._thread.join()

    def _check(self) -> None:
        if self._failed is not None:
            raise self._failed

    def _work(self) -> None:
        deflate, out = self._deflate, self.out
        while (data := self._waiting.get()) is not None:
            if self._failed is not None:
                continue  # drained so that the writer never waits on a full queue
            try:
                self.size += len(data)
                self.crc = zlib.crc32(data, self.crc)
                out.write(deflate.compress(data))
            except BaseException as exc:  # handed to the writer's thread
                self._failed = exc
        if self._failed is None:
            try:
                out.write(deflate.flush(zlib.Z_SYNC_FLUSH))
            except BaseException as exc:
                self._failed = exc


@dataclass(frozen=True)
class Piece:
    """A stretch of a sheet's body deflated elsewhere (a forked process), as `Deflated` leaves it:
    its file, from its start, flushed to a byte boundary; its size and CRC before deflating."""

    out: BinaryIO
    size: int
    crc: int


def write_member(
    target: zipfile.ZipFile,
    name: str,
    head: bytes,
    body: Sequence[Deflated | Piece],
    tail: bytes,
    level: int,
) -> None:
    """Add the member `head + body + tail` to `target`, the body's pieces copied as deflated, in
    order (each a stream of its own flushed to a byte boundary: together, one stream)."""
    opening = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = opening.compress(head) + opening.flush(zlib.Z_SYNC_FLUSH)
    closing = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = closing.compress(tail) + closing.flush()
    middle, size = 0, len(head)
    crc = zlib.crc32(head)
    for piece in body:
        piece.out.seek(0, 2)
        middle += piece.out.tell()
        size += piece.size
        crc = crc32_combine(crc, piece.crc, piece.size)
    info = zipfile.ZipInfo(name, date_time=_now())
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.file_size = size + len(tail)
    info.compress_size = len(first) + middle + len(last)
    info.CRC = crc32_combine(crc, zlib.crc32(tail), len(tail))
    # What ZipFile.open("w") does for a member, with the sizes and CRC known beforehand.
    target._writecheck(info)
    target._didModify = True
    target.fp.seek(target.start_dir)
    info.header_offset = target.fp.tell()
    target.fp.write(info.FileHeader())
    target.fp.write(first)
    for piece in body:
        piece.out.seek(0)
        while block := piece.out.read(_BLOCK):
            target.fp.write(block)
    target.fp.write(last)
    target.start_dir = target.fp.tell()
    target.filelist.append(info)
    target.NameToInfo[name] = info


def _now() -> tuple[int, int, int, int, int, int]:
    import time

    return time.localtime()[:6]


def crc32_combine(first: int, second: int, length: int) -> int:
    """The CRC-32 of A + B from A's, B's and B's length (zlib's crc32_combine)."""
    if length <= 0:
        return first
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _square(odd)  # two zero bits
    odd = _square(even)  # four
    while True:
        even = _square(odd)  # the first pass: one zero byte
        if length & 1:
            first = _times(even, first)
        length >>= 1
        if not length:
            break
        odd = _square(even)
        if length & 1:
            first = _times(odd, first)
        length >>= 1
        if not length:
            break
    return first ^ second


def _times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, row) for row in matrix]
