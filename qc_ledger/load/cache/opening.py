"""The one entry point to a ledger: the plain load (loader.load_ledger), with the cache wrapped around.

Only here are the snapshot, the per-file cache and the collector pause known. Cached, an unchanged
ledger comes from the snapshot; otherwise files unchanged since last read come from the per-file
cache and only the others are checked, by the same load that runs without any cache.
"""

from __future__ import annotations

import gc
from pathlib import Path

from ...domain.ledger import Ledger
from ...domain.models import MODEL_FOR_KIND
from ...domain.rebuild import trusted
from ...errors import DataError
from ...store.source import SourceFile
from ..filecheck import CheckedFile
from ..loader import Checker, load_ledger
from ..parallel import check_files
from . import private, snapshot
from .filecache import FileCache, entry_of


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
    try:
        ledger = load_ledger(root, pending, check=_through(cache))
    except DataError:
        # Problems are located from the files' text, which cached files were not read for.
        return load_ledger(root, pending)
    # The files about to be written are not cached: their stat changes with the write.
    cache.save(ledger.file_names() - {str(path) for path in pending})
    if not pending:
        snapshot.remember(ledger, cache)  # after the save: the snapshot names its writing
    return ledger


def _through(cache: FileCache) -> Checker:
    """Check files as parallel.check_files does, serving those the cache holds unchanged from it."""

    def check(files: list[tuple[Path, str]], root: Path) -> list[CheckedFile]:
        found = {}
        for path, kind in files:
            hit = _cached(cache, path, kind)
            if hit is not None:
                found[path] = hit
        fresh = iter(check_files([f for f in files if f[0] not in found], root, entry_of))
        results = []
        for path, kind in files:
            if path in found:
                record, identity = found[path]
                results.append(CheckedFile(SourceFile(path, kind, identity=identity), record))
                continue
            checked = next(fresh)
            if checked.record is not None:
                if checked.cache_line is None:
                    checked.cache_line = entry_of(checked)
                if checked.cache_line is not None:
                    cache.put_line(path, checked.cache_line)
            results.append(checked)
        return results

    return check


def _cached(cache: FileCache, path: Path, kind: str) -> tuple[object, tuple] | None:
    """The record of a file the cache holds unchanged (checked by this user's ledger when stored),
    with the identity it was found by."""
    data, identity = cache.get_with_identity(path, kind)
    if not isinstance(data, dict):
        return None
    try:
        return trusted(MODEL_FOR_KIND[kind], data), identity
    except (AttributeError, KeyError, TypeError, ValueError):  # not in the shape it was stored in
        return None
