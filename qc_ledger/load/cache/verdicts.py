"""The files `ledger fmt --check` found in canonical layout: a warm check reads no data file.

A verdict rests on the file's bytes, its kind, the schema line it must start with, the unit
registry and the code. Two stores keep it, and only "canonical" is kept, so a stale or foreign
verdict can only fail to match, never make a file pass:

- in the per-file cache, on the entry of the file's content (`entries.with_verdict`), as a digest
  of the rest (`context_key`): every load that checks a file in fmt's layout as it is marks it
  (`stamp`), and `fmt --check` trusts the mark of an entry held for the file's present stat
  (`Marks`);
- for the other files, by a digest of all it rests on (`verdict_key`), in a file of its own. Same
  rules as the other caches (private folder, header checked); another clone's verdicts serve a new
  clone.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...domain.layout import units_canonical
from ...store.root import schema_line
from . import private
from .entries import DIGEST, HEAD, head_of, with_verdict
from .filecache import FileCache
from .private import code_key, open_body, open_newest, path_for, write_body

if TYPE_CHECKING:
    from ...domain.ledger import Ledger

_DIGEST = re.compile(r"[0-9a-f]{64}")


def context_key(kind: str, line: str | None, registry: str) -> str:
    """What a verdict on a file's content rests on besides it (kind, schema line, registry)."""
    head = f"fmt\0{kind}\0{line or ''}\0{registry}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(head).hexdigest()[:32]


class Contexts:
    """The context key of each kind of file in each folder of a ledger, worked out once."""

    def __init__(self, ledger: Ledger):
        self.root = ledger.root
        self.registry = ledger.registry.fingerprint()
        self._found: dict[tuple[str, Path], tuple[str | None, str]] = {}

    def of(self, kind: str, path: Path) -> tuple[str | None, str]:
        """The schema line a file must start with and its context key."""
        where = (kind, path.parent)
        found = self._found.get(where)
        if found is None:
            line = schema_line(kind, path, self.root)
            found = self._found[where] = (line, context_key(kind, line, self.registry))
        return found


def stamp(cache: FileCache, ledger: Ledger, layouts: list[tuple[Path, str, tuple]]) -> None:
    """Mark the entries of the files a load checked that fmt would leave as they are: in its layout
    as it is (filecheck.fmt_layout), starting with the schema line, every unit named canonically."""
    contexts = Contexts(ledger)
    for path, kind, (first, units) in layouts:
        line, key = contexts.of(kind, path)
        if (line is None or first == line) and units_canonical(units, ledger.registry):
            # After the content digest, where every head is read from; an entry served to another
            # file with the same content keeps it (the context is asked again for that file).
            marked = with_verdict(cache.entry(str(path)) or b"", key)
            if marked is not None:
                cache.put_line(path, marked, spool=True)


class Marks:
    """The verdicts marked in the per-file cache, asked file by file from its index."""

    def __init__(self, root: Path):
        self.cache = None if private.disabled() else FileCache(root)

    def canonical(self, path: Path, kind: str, key: str) -> bool:
        """The file, as it is now, was marked canonical in this context."""
        if self.cache is None:
            return False
        identity = FileCache.stat(path)
        head = None if identity is None else self.cache.head(str(path), kind, identity)
        return head is not None and len(head) > 3 and head[3] == key

    def same_content(self, path: Path, kind: str, key: str, raw: bytes) -> bool:
        """The file's bytes, read now, are the content its entry was marked canonical for: what
        a file its stat alone cannot vouch for (written within the racy window, as a fresh clone's
        files are when checked at once) proves by its digest instead of a round trip."""
        if self.cache is None:
            return False
        entry = self.cache.entry_head(str(path)) or b""
        head = head_of(entry)
        found = HEAD.match(entry)
        digest = None if found is None else DIGEST.match(entry, found.end())
        if head is None or digest is None or head[0] != kind or head[3] != key:
            return False
        # The digest is of the text as read (no BOM, LF line ends, UTF-8): raw bytes hash to it only
        # when they are that text exactly, so a BOM, CRLF or another encoding never matches.
        return hashlib.sha256(raw).hexdigest().encode("ascii") == digest[1]


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
