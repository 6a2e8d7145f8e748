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
from typing import NamedTuple

from .. import __version__
from ..domain.lazy import collector_paused
from ..domain.ledger import Ledger
from ..errors import UsageError
from ..load.cache.task_pieces import TaskPieces, joined
from ..render.site_measures import MEASURE_CLOSING, entries, measure_opening
from ..reports.site import LABELS, Provenance, SiteCounts
from .forked import beside, halfway

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
    # held whole, as text or as bytes, and no task is rebuilt twice. A province's later half of
    # the tasks is counted and spooled in a forked process meanwhile, and merged in after.
    counts = SiteCounts(ledger, today)
    task_ids = list(ledger.tasks)
    half = halfway(ledger, task_ids)
    half = len(task_ids) if half is None else half
    entries = _Entries(ledger)
    # The page's figures and text hold no cycles: the collector would only walk them again and again.
    with (
        collector_paused(),
        tempfile.TemporaryFile(dir=outdir) as spool,
        _Later(ledger, today, task_ids[half:], outdir) as later,
    ):
        details = _Details(spool, entries)
        counts.count(details, task_ids[:half])
        sent = later.result()
        if sent is None:  # no process, or it failed: the later half here, after the first
            counts.count(details, task_ids[half:])
        else:
            counts.merge(sent.counts)
            entries.adopt(sent.entries, later.made)
        details.flush()
        site = counts.data(provenance)
        written = 0

        def write(stream) -> None:
            nonlocal written
            opening = page_opening(site).encode("utf-8")
            stream.write(opening)
            size = spool.tell()
            _copy(spool, stream, size)
            if sent is not None:
                _copy(later.spool, stream, sent.size)
                size += sent.size
            closing = page_closing(site).encode("utf-8")
            stream.write(closing)
            written = len(opening) + size + len(closing)

        write_atomically(write, path, ledger.root)
    entries.keep()
    return SitePage(path, written, provenance)


class _Details:
    """Each measure's details (its opening, entries and closing) written to a spool as they pass,
    a few hundred measures at a time: one write, not one each."""

    def __init__(self, spool, entries: _Entries) -> None:
        self.spool, self.entries = spool, entries
        self.held: list[bytes] = []
        self.size = 0

    def __call__(self, m: dict) -> None:
        opening = measure_opening(m, LABELS).encode("utf-8")
        listed = self.entries.of(m)
        self.held.extend((opening, listed, _CLOSING))
        self.size += len(opening) + len(listed)
        if self.size > _CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write what is held."""
        self.spool.write(b"".join(self.held))
        self.held.clear()
        self.size = 0


class _Sent(NamedTuple):
    """What the forked process sends back of the later half: its counts, the entries it used and
    made (see _Entries.sent), and how many bytes of details it spooled."""

    counts: tuple
    entries: list[tuple[str, int | None]]
    size: int


class _Later:
    """The later half of the tasks, counted and its details spooled in a forked process (when there
    are any, given only where `halfway` cuts, and a process can be had) while this one does the
    first half."""

    def __init__(self, ledger: Ledger, today: dt.date, task_ids: list[str], outdir: Path) -> None:
        self.ledger, self.today, self.task_ids = ledger, today, task_ids
        self.spool = self.made = self.forked = None
        if task_ids:
            self.spool = tempfile.TemporaryFile(dir=outdir)  # noqa: SIM115 (closed on exit)
            self.made = tempfile.TemporaryFile(dir=outdir)  # noqa: SIM115 (closed on exit)
            self.forked = beside(self._share)

    def _share(self) -> _Sent:
        """In the forked process: the later half, as build_site_page does the first."""
        counts = SiteCounts(self.ledger, self.today)
        entries = _Entries(self.ledger, self.made)
        details = _Details(self.spool, entries)
        counts.count(details, self.task_ids)
        details.flush()
        entries.finish()
        self.spool.flush()
        self.made.flush()
        return _Sent(counts.part(), entries.sent, self.spool.tell())

    def result(self) -> _Sent | None:
        """What the forked process sent, or None when there was none or it failed."""
        return None if self.forked is None else self.forked.result()

    def __enter__(self) -> _Later:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is not None and self.forked is not None:
            self.forked.stop()  # Ctrl+C, or this half failed: the other is ended too
        for stream in (self.spool, self.made):
            if stream is not None:
                stream.close()


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

    def __init__(self, ledger: Ledger, made=None) -> None:
        self._stamp = getattr(ledger.tasks, "stamp", None)
        self._pieces = None if self._stamp is None else TaskPieces(ledger.root, "site-entries")
        # In a forked process: the pieces made go to `made`, one after another, and `sent` says
        # which digest each task used or made (with the size made), for this process to keep.
        self._made_file = made
        self.sent: list[tuple[str, int | None]] = []
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
        listed = entries(m["log"], m["id"]).encode("utf-8")
        if self._made is not None:
            self._made.append(listed)
        return listed

    def _next(self, task_id: str) -> None:
        self.finish()
        self._task, self._at = task_id, 0
        # A file checked since the last full load has no digest at hand: written, not kept.
        digest = self._digest = None if self._stamp is None else self._stamp(task_id)
        self._kept = None if digest is None else self._pieces.get(digest)
        self._made = [] if digest is not None and self._kept is None else None
        if self._kept is not None and self._made_file is not None:
            self.sent.append((digest, None))

    def finish(self) -> None:
        """Keep the last task's pieces made (`keep` does it too)."""
        if self._made is not None and self._digest is not None:
            if self._made_file is None:
                self._pieces.put(self._digest, self._made)
            else:
                fragment = joined(self._made)
                self._made_file.write(fragment)
                self.sent.append((self._digest, len(fragment)))
        self._made = None

    def adopt(self, sent: list[tuple[str, int | None]], made) -> None:
        """Keep what a forked process used and made (its `sent`, its pieces in `made`) for the
        tasks after these, as if this one had."""
        self.finish()
        if self._pieces is not None:
            self._pieces.adopt(sent, made)

    def keep(self) -> None:
        """Store the pieces made (after the page is written whole)."""
        self.finish()
        if self._pieces is not None:
            self._pieces.save()
