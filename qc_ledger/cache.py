"""A cache of the validated ledger, keyed by every data file's stat, so read commands start instantly.

Standard library only. The cache lives in the user's cache folder, never in the repository (a pickle
must not travel with a pull request), and any difference in any file under data/ or in the code
invalidates it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from . import __version__

CACHE_FORMAT = 1


def cache_folder() -> Path:
    """The folder holding caches: $LEDGER_CACHE_DIR, else $XDG_CACHE_HOME/qc-ledger, else ~/.cache."""
    explicit = os.environ.get("LEDGER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qc-ledger"


def disabled() -> bool:
    """Caching is off when LEDGER_NO_CACHE is set to anything but 0."""
    return os.environ.get("LEDGER_NO_CACHE", "0") not in ("", "0")


def _scan(folder: str, out: list, *, code_only: bool = False) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        out.append((folder, "unreadable"))
        return
    for entry in entries:
        if code_only and not (entry.name.endswith(".py") or entry.is_dir()):
            continue
        if entry.name == "__pycache__":
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            out.append((entry.path, "unstatable"))
            continue
        out.append((entry.path, info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino))
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, out, code_only=code_only)


def fingerprint(root: Path) -> str:
    """A digest of the stat of every entry under data/ and of the package's own code."""
    entries: list = [(CACHE_FORMAT, __version__, sys.version, str(root))]
    _scan(str(root / "data"), entries)
    _scan(os.path.dirname(__file__), entries, code_only=True)
    entries.sort(key=repr)
    return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()


def _path_for(root: Path) -> Path:
    name = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:24]
    return cache_folder() / f"ledger-{name}.pickle"


def load(root: Path, key: str) -> object | None:
    """Return the cached ledger for this root when its key still matches, else None."""
    # Unpickling tens of thousands of records runs several times faster with the cyclic GC paused.
    paused = gc.isenabled()
    gc.disable()
    try:
        with open(_path_for(root), "rb") as stream:
            stored_key, ledger = pickle.load(stream)
    except Exception:  # a missing, truncated or stale-format cache is simply a miss
        return None
    finally:
        if paused:
            gc.enable()
    return ledger if stored_key == key else None


def store(root: Path, key: str, ledger: object) -> None:
    """Save the ledger under this key; a cache that cannot be written is silently skipped."""
    target = _path_for(root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((key, ledger), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        return
