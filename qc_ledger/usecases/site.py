"""The `site` use case: the leaders' dashboard as one offline HTML file, saying what it was built from.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..domain.ledger import Ledger
from ..errors import UsageError
from ..load.cache.task_pieces import TaskPieces
from ..render.site_measures import MEASURE_CLOSING, entries
from ..reports.site import Provenance

# How many bytes of measure details are held before they are spooled.
_CHUNK = 1 << 22
_CLOSING = MEASURE_CLOSING.encode("utf-8")


@dataclass(frozen=True)
class SitePage:
    """The page written, its size in bytes and where it came from."""

    path: Path
    size: int
    provenance: Provenance


def build_site_page(ledger: Ledger, today: dt.date, outdir: Path) -> SitePage:
    """Write the dashboard for `today` as index.html in `outdir` (made when missing)."""
    from ..git.provenance import source_of
    from ..render.site_html import page_closing, page_opening
    from ..render.site_measures import measure_opening
    from ..reports.site import LABELS, build_site
    from .outputs import write_atomically

    source = source_of(ledger.root)
    built = dt.datetime.now().astimezone()
    provenance = Provenance(
        as_of=today,
        real_today=built.date(),
        commit=source.commit,
        dirty=source.dirty,
        built=built.strftime("%Y-%m-%d %H:%M %z"),
        generator=f"qc-ledger {__version__}",
        groups=len(ledger.groups),
        tasks=len(ledger.tasks),
        measures=len(ledger.measures),
        units=len(ledger.registry.units),
    )
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError.single(
            f"无法创建目录 {outdir}（{exc.strerror}）", hint="换一个目录"
        ) from None
    path = outdir / "index.html"
    # The measures' details come before the figures above them are all counted: they are spooled
    # to a nameless file beside the page as each task passes, so that a province's page is never
    # held whole, as text or as bytes, and no task is rebuilt twice.
    entries = _Entries(ledger)
    with tempfile.TemporaryFile(dir=outdir) as spool:
        held: list[bytes] = []  # written a few hundred measures at a time: one write, not one each
        size = 0

        def spooled(m: dict) -> None:
            nonlocal size
            opening = measure_opening(m, LABELS).encode("utf-8")
            listed = entries.of(m)
            held.extend((opening, listed, _CLOSING))
            size += len(opening) + len(listed)
            if size > _CHUNK:
                spool.write(b"".join(held))
                held.clear()
                size = 0

        site = build_site(ledger, today, provenance, spooled)
        spool.write(b"".join(held))
        held.clear()
        written = 0

        def write(stream) -> None:
            nonlocal written
            opening = page_opening(site).encode("utf-8")
            stream.write(opening)
            size = spool.tell()
            _copy(spool, stream, size)
            closing = page_closing(site).encode("utf-8")
            stream.write(closing)
            written = len(opening) + size + len(closing)

        write_atomically(write, path, ledger.root)
    entries.keep()
    return SitePage(path, written, provenance)


def _copy(spool, stream, size: int) -> None:
    """The spooled details, copied into the page by the kernel where it can (no round trip of a
    gigabyte through this process), else through a buffer."""
    copied = 0
    copy = getattr(os, "copy_file_range", None)
    if copy is not None:
        try:
            source, target = spool.fileno(), stream.fileno()
            spool.flush()
            stream.flush()
            while copied < size:
                done = copy(source, target, size - copied, copied)
                if done <= 0:
                    break
                copied += done
        except (OSError, ValueError, AttributeError):
            pass  # not between two files (a pipe, another file system): the rest by reading
    spool.seek(copied)
    shutil.copyfileobj(spool, stream)


class _Entries:
    """Each measure's progress entries as its article lists them, copied from an earlier page's
    for a task file of the same content (they depend on its log alone), else written and kept."""

    def __init__(self, ledger: Ledger) -> None:
        self._stamp = getattr(ledger.tasks, "stamp", None)
        self._pieces = None if self._stamp is None else TaskPieces(ledger.root, "site-entries")
        self._task: str | None = None
        self._digest: str | None = None
        self._kept: list[bytes] | None = None  # the task's pieces from an earlier page
        self._made: list[bytes] | None = None  # the task's pieces written now, to keep
        self._at = 0

    def of(self, m: dict) -> bytes:
        """The entries of a measure, given in plan order."""
        if m["task"] != self._task:
            self._next(m["task"])
        at, kept = self._at, self._kept
        self._at += 1
        if kept is not None and at < len(kept):
            return kept[at]
        listed = entries(m["log"]).encode("utf-8")
        if self._made is not None:
            self._made.append(listed)
        return listed

    def _next(self, task_id: str) -> None:
        self._finish()
        self._task, self._at = task_id, 0
        # A file checked since the last full load has no digest at hand: written, not kept.
        digest = self._digest = None if self._stamp is None else self._stamp(task_id)
        self._kept = None if digest is None else self._pieces.get(digest)
        self._made = [] if digest is not None and self._kept is None else None

    def _finish(self) -> None:
        if self._made is not None and self._digest is not None:
            self._pieces.put(self._digest, self._made)
        self._made = None

    def keep(self) -> None:
        """Store the pieces made (after the page is written whole)."""
        self._finish()
        if self._pieces is not None:
            self._pieces.save()
