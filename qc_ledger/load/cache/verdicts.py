"""The files `ledger fmt --check` found in canonical layout, by digest: a warm check parses no YAML.

A verdict is kept under a digest of all it rests on (the file's bytes, its kind, the schema line
it must start with, the unit registry) and the code (the cache key); only "canonical" is kept, so
a stale or foreign entry can only fail to match, never make a file pass. Same rules as the other
caches (private folder, header checked); another clone's verdicts serve a new clone.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .private import code_key, open_body, open_newest, path_for, write_body

_DIGEST = re.compile(r"[0-9a-f]{64}")


def verdict_key(kind: str, schema_line: str | None, registry: str, raw: bytes) -> str:
    """What a file's verdict rests on, as one digest."""
    head = f"{kind}\0{schema_line or ''}\0{registry}\0".encode("utf-8", "surrogateescape")
    return hashlib.sha256(head + raw).hexdigest()


class Verdicts:
    """The digests of files found canonical, read on first use and written when they changed."""

    def __init__(self, root: Path):
        self.name = path_for("fmt", str(root))
        self.key = code_key("fmt")
        self._stored: set[str] | None = None
        self._seen: set[str] = set()

    def _read(self) -> set[str]:
        opened = open_body(self.name, self.key) or open_newest("fmt-", self.key, self.name)
        if opened is None:
            return set()
        stream, _ = opened
        with stream:
            try:
                found = json.loads(stream.read())
            except (OSError, ValueError, RecursionError):
                return set()
        if not isinstance(found, list):
            return set()
        return {item for item in found if isinstance(item, str) and _DIGEST.fullmatch(item)}

    def canonical(self, key: str) -> bool:
        """A file with this digest was found canonical (by the same code)."""
        if self._stored is None:
            self._stored = self._read()
        if key in self._stored:
            self._seen.add(key)
            return True
        return False

    def add(self, key: str) -> None:
        """Remember a file found canonical."""
        self._seen.add(key)

    def save(self) -> None:
        """Keep the verdicts of this run's files (others' are dropped) when they changed."""
        if self._seen != self._stored:
            write_body(self.name, self.key, json.dumps(sorted(self._seen)))
