"""The later rows of a one-sheet workbook, written in a forked process while this one writes the first.

A province's sheet is hundreds of megabytes of XML: making its rows is most of an export. The
forked process writes the later rows as `SheetBody` writes any (numbered on from the first part's
count, styled from the styles registered before the fork), deflated to files of its own, and sends
back their sizes and CRCs and the base's fingerprint text; the sheet and its base are then each two
deflated streams one after the other (deflate.Piece). When no process can be had, or it fails, this
process writes the later rows itself, after the first. Standard library only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .deflate import Deflated, Piece
from .layout import Fingerprint
from .sheetxml import BaseBody, SheetBody, StyleOf


@dataclass(frozen=True)
class LaterRows:
    """The rows after the first `after` of a workbook's one sheet, and what starts a process for
    them (`usecases.forked.beside`: a share in a forked process, or None)."""

    rows: Iterable[tuple[dict[str, object], str | None, bool]]  # read once, as written
    after: int
    beside: Callable


class _Made(NamedTuple):
    """What the forked process wrote: how many rows, the sheet's and the base's deflated sizes and
    CRCs (before deflating), and the base's fingerprint text by batch with its row count."""

    rows: int
    sheet: tuple[int, int]
    base: tuple[int, int]
    fingerprint: list[tuple[bytes, int]]


class _Recorded:
    """A fingerprint's text of the rows added, kept to be hashed in the process that sums them."""

    def __init__(self) -> None:
        self.texts: list[tuple[bytes, int]] = []

    def add(self, rows: list[list[str]]) -> None:
        if rows:
            self.texts.append((Fingerprint.text(rows), len(rows)))


class Later:
    """The later rows, being written in a forked process when one could be started."""

    def __init__(self, later: LaterRows, styles: StyleOf, level: int) -> None:
        self._later, self._styles, self._level = later, styles, level
        # Closed on exit: the package is spliced from them before.
        self._files = (tempfile.TemporaryFile(), tempfile.TemporaryFile())  # noqa: SIM115
        self._forked = later.beside(self._share)

    def _share(self) -> _Made:
        """In the forked process: the later rows, as this process would write them after the first."""
        sheet, kept = (Deflated(file, self._level) for file in self._files)
        recorded = _Recorded()
        base = BaseBody(kept, recorded)
        body = SheetBody(self._styles, sheet, base)
        base.rows = body.rows = self._later.after
        body.write(self._later.rows)
        for stream in (sheet, kept):
            stream.close()
            stream.out.flush()
        made = body.rows - self._later.after
        return _Made(made, (sheet.size, sheet.crc), (kept.size, kept.crc), recorded.texts)

    def join(self, body: SheetBody, base: BaseBody, checksum: Fingerprint) -> tuple[Piece, ...]:
        """Once this process wrote the first rows: the forked process's stretches of the sheet and
        of the base, its rows counted in `body` and `base` and hashed into `checksum`; none when it
        made none (the later rows are then written here, into `body`)."""
        made = None if self._forked is None else self._forked.result()
        if made is None or body.rows != self._later.after:
            for file in self._files:
                file.truncate(0)  # what a failed process wrote (a full disk) makes room here
            body.write(self._later.rows)
            return ()
        for text, count in made.fingerprint:
            checksum.add_text(text, count)
        body.rows += made.rows
        base.rows += made.rows
        sheet, kept = self._files
        return Piece(sheet, *made.sheet), Piece(kept, *made.base)

    def __enter__(self) -> Later:
        return self

    def __exit__(self, kind, *_) -> None:
        if self._forked is not None:
            self._forked.stop()  # ended before joined (Ctrl+C, a full disk): the other ends too
        for file in self._files:
            file.close()
