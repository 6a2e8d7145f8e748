"""A cache of parsed history: the records of each committed data-file version, keyed by its blob id.

Standard library only. A blob id names its content, so an entry never goes stale; the cache is
dropped when the parsing code changes. It lives beside the ledger cache in the user's cache folder
(never in the repository), is off with LEDGER_NO_CACHE, and a cache that cannot be read or written
is simply a miss.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__
from .cache import cache_folder, disabled

CACHE_FORMAT = 1
MAX_ENTRIES = 20_000
_CODE = ("recorddiff.py", "store/parsing.py", "models.py")


def _code_key() -> str:
    here = Path(__file__).resolve().parent
    stats = []
    for name in _CODE:
        try:
            info = (here / name).stat()
            stats.append((name, info.st_mtime_ns, info.st_size))
        except OSError:
            stats.append((name, None, None))
    return repr((CACHE_FORMAT, __version__, stats))


def _path_for(top: Path) -> Path:
    name = hashlib.sha256(str(top).encode("utf-8")).hexdigest()[:24]
    return cache_folder() / f"history-{name}.pickle"


def load(top: Path) -> dict:
    """The parsed versions cached for the repository at top (empty when none or stale)."""
    if disabled():
        return {}
    paused = gc.isenabled()
    gc.disable()
    try:
        with open(_path_for(top), "rb") as stream:
            key, known = pickle.load(stream)
    except Exception:  # missing, truncated or from older code: a miss
        return {}
    finally:
        if paused:
            gc.enable()
    return known if key == _code_key() and isinstance(known, dict) else {}


def save(top: Path, known: dict, loaded: int) -> None:
    """Store the parsed versions when new ones were added (oldest dropped beyond the limit)."""
    if disabled() or len(known) == loaded:
        return
    if len(known) > MAX_ENTRIES:
        known = dict(list(known.items())[-MAX_ENTRIES:])
    target = _path_for(top)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((_code_key(), known), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        return
