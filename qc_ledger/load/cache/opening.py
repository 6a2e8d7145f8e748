"""The one entry point to a ledger: the plain load (loader.load_ledger), with the cache wrapped around.

Only here are the snapshot, the per-file cache and the collector pause known. Cached, an unchanged
ledger comes from the snapshot; otherwise files unchanged since last read come from the per-file
cache and only the others are checked, by the same load that runs without any cache.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

from ...domain.ledger import Ledger
from ...domain.models import MODEL_FOR_KIND, Record
from ...domain.rebuild import trusted
from ...errors import DataError
from ...store.source import SourceFile
from ..filecheck import CheckedFile, check_file
from ..loader import load_ledger
from ..parallel import stream_files
from . import private, snapshot, verdicts
from .entries import entry_of
from .filecache import FileCache


def open_ledger(
    root: Path,
    *,
    cached: bool | FileCache = True,
    pending: dict[Path, str] | None = None,
    lasting: bool = False,
) -> Ledger:
    """Load the ledger (raising one DataError listing every problem), through the cache when `cached`.

    `cached`: True for this ledger's cache (unless caching is switched off), or the FileCache to use.
    `pending` holds texts about to be written: the ledger is checked as it will be once they are.
    `lasting`: the ledger lives until the process ends, so its records are frozen out of the cyclic
    collector's reach.
    """
    cache = cached or None
    if cached is True:
        cache = None if private.disabled() else FileCache(root)
    # Validation creates tens of thousands of long-lived objects at province scale: the cyclic GC
    # would walk them again and again, so it is paused during the load. Frozen before it runs again,
    # a lasting ledger is never walked by it, neither by the collection that re-enabling it would
    # start at once (a second at province scale) nor by every later one.
    paused = gc.isenabled()
    gc.disable()
    try:
        ledger = _load(root, cache, pending or {})
        if lasting:
            gc.freeze()
    finally:
        if paused:
            gc.enable()
    return ledger


def _load(root: Path, cache: FileCache | None, pending: dict[Path, str]) -> Ledger:
    if cache is None:
        return load_ledger(root, pending)
    if not pending:
        restored = snapshot.restore(root, cache)
        if restored is not None:
            return restored
    cache.read_all()
    through = _Through(cache)
    try:
        ledger = load_ledger(root, pending, check=through, rebuild=(through.record, through.row))
    except DataError:
        if not through.served:
            raise  # every file was read and checked: the plain load would find the same
        # Problems are located from the files' text, which cached files were not read for.
        return load_ledger(root, pending)
    verdicts.stamp(cache, ledger, through.layouts)  # the registry they rest on is known now
    # The files about to be written are not cached: their stat changes with the write.
    cache.save(ledger.file_names() - {str(path) for path in pending})
    if not pending:
        written = snapshot.remember(ledger, cache)  # after the save: the snapshot names its writing
        if written is not None:
            # This ledger is the snapshot's as written, as a later restore of it is: what is kept of
            # it under its stamp (status's counts of the day) holds for that restore.
            ledger.index.stamp = written
    return ledger


class _Through:
    """Checks files as parallel.stream_files does, serving those the cache holds unchanged from it
    and storing the others' entries; the records of both are rebuilt from the cache later. The files
    stored in fmt's layout go to `layouts`, to be marked once the ledger is loaded."""

    def __init__(self, cache: FileCache):
        self.cache = cache
        self.served = 0  # files served from the cache
        self.layouts: list[tuple[Path, str, tuple]] = []

    def __call__(self, files: list[tuple[Path, str]], root: Path) -> Iterator[CheckedFile]:
        found = {}
        for path, kind in files:
            identity = self.cache.vouch(path, kind)
            if identity is not None:
                found[path] = identity
        self.served = len(found)
        fresh = stream_files([f for f in files if f[0] not in found], root, entry_of)
        for path, kind in files:
            if path not in found:
                yield self._stored(next(fresh))
                continue
            try:  # held by this user's ledger when stored
                record = self.record(path, SourceFile(path, kind))
            except (LookupError, AttributeError, TypeError, ValueError, RecursionError):
                # Not in the shape it was stored in: checked again.
                yield self._stored(check_file(path, kind, root))
                continue
            source = SourceFile(path, kind, identity=found[path])
            yield CheckedFile(source, record, stored=True)

    def _stored(self, checked: CheckedFile) -> CheckedFile:
        """A file just checked, its entry put in the cache when it is sound."""
        if checked.record is not None:
            line = checked.cache_line or entry_of(checked)
            checked.cache_line = None
            if line is not None:
                self.cache.put_line(checked.source.path, line, spool=True)
                checked.stored = True
                if checked.layout is not None:
                    self.layouts.append((checked.source.path, checked.source.kind, checked.layout))
        return checked

    def record(self, _id: object, source: SourceFile) -> Record:
        """The record of a file whose entry the cache holds (as checked data: rebuilt unchecked)."""
        name = str(source.path)
        data = self.cache.held_task(name) if source.kind == "task" else self.cache.held(name)
        if not isinstance(data, dict):
            raise TypeError(source.path)
        return trusted(MODEL_FOR_KIND[source.kind], data)

    def row(self, _id: object, source: SourceFile) -> object | None:
        """A task's listed rows (`digest.row_data`) as its entry holds them, or None."""
        return self.cache.row(str(source.path))
