"""A cache of parsed history: the records of each committed data-file version, keyed by its blob id.

Standard library only; plain JSON through cache (never anything that can run code). A blob id names
its content, so an entry never goes stale; the cache is dropped when the code changes. A cache
that cannot be read or written is simply a miss.
"""

from __future__ import annotations

from pathlib import Path

from ..load.cache import private as cache

MAX_ENTRIES = 20_000


def _name(top: Path) -> str:
    return cache.path_for("history", str(top))


def load(top: Path) -> dict:
    """The parsed versions cached for the repository at top, as plain data (empty when none)."""
    body = cache.read(_name(top), cache.code_key("history"))
    versions = body.get("versions") if body else None
    return versions if isinstance(versions, dict) else {}


def save(top: Path, versions: dict, loaded: int) -> None:
    """Store the parsed versions when new ones were added (oldest dropped beyond the limit)."""
    if len(versions) == loaded:
        return
    if len(versions) > MAX_ENTRIES:
        versions = dict(list(versions.items())[-MAX_ENTRIES:])
    cache.write(_name(top), cache.code_key("history"), {"versions": versions})
