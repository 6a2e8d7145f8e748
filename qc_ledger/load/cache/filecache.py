"""The per-file cache: each data file's checked data under its identity, one line a file.

Kept in the private cache folder through `cache`, whose rules (plain JSON, owner and permissions
checked, a key per code version) it shares; a warm load reads only the lines it needs. A file whose
stat changed (a fresh clone, a checkout) is still served when its content digest matches an entry
of its kind: a file's checked data depends on its text and the code alone.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

from ...domain.digest import row_of_text
from ...store.reader import RACY_NS
from .entries import (
    DATA,
    DIGEST,
    HEAD,
    HEAD_READ,
    ROW,
    ROW_READ,
    entries_of,
    entry_line,
    head_of,
    index_entry,
)
from .logsplit import held_task, row_end
from .private import (
    code_key,
    generation,
    open_body,
    path_for,
    raw_name,
    read_at,
    text_name,
    write_body,
)
from .seed import Seed
from .spool import Spool


class FileCache:
    """Each data file's checked content, keyed by its stat (size, mtime, ctime, inode) and the code.

    One line per file, so that saving after one edit re-encodes one entry, not the ledger; the body
    starts with where each line is, so that a command reading a few records reads only those.
    """

    def __init__(self, root: Path):
        self.name = path_for("ledger", str(root))
        self.snapshot_name = path_for("snapshot", str(root))
        # Not keyed by the folder: another clone's cache serves this one by content (`seed.Seed`).
        self.key = code_key("files")
        self._lines: dict[str, bytes] | None = None
        # Entries by kind and content digest: this cache's, or another clone's when it has none.
        self._by_content: dict[tuple[bytes, bytes], bytes] | None = None
        self._seed = Seed()  # another clone's entries, by kind and digest, when this has none
        self._places: dict[str, tuple[int, int]] | None = None
        self._heads: dict[str, list] | None = None  # each entry's kind, stat, time, fmt verdict
        self._fd: int | None = None  # the file the places were read from, open
        self._pinned = None  # the cache file opened by `pin`, up to its index
        # Which writing of the cache file holds exactly the entries this object has read or saved.
        self.generation: list[int] | None = None
        self.changed = False
        self._spool = Spool()  # entries made by this object, on disk until the cache is written

    @property
    def lines(self) -> dict[str, bytes]:
        """Each file's entry as stored (UTF-8 JSON), all read on first use (a full load reads them)."""
        if self._lines is None:
            self._lines = {}
            body = b""
            opened = open_body(self.name, self.key)
            if opened is not None:
                stream, info = opened
                with stream:
                    try:
                        body = stream.read()
                        self.generation = generation(info)
                    except OSError:
                        body = b""
            else:
                self._seed = Seed.newest(self.key, self.name)
            # After the places and the heads, one line an entry.
            for line in entries_of(body):
                path, tab, entry = line.partition(b"\t")
                if tab:
                    self._lines[text_name(path)] = entry
        return self._lines

    def read_all(self) -> None:
        """Read every entry at once, as a load that needs most of them does."""
        self.lines  # noqa: B018  (the property reads them)

    def _open_places(self, heads: bool = False) -> dict[str, tuple[int, int]]:
        """Where each entry is in the cache file, the file kept open: the places are those of this
        file, even if another command replaces it. With `heads`, each entry's kind, stat and time
        of writing too (a line of their own, which a command reading a few records skips)."""
        if self._places is not None:
            return self._places
        self._places = {}
        opened, self._pinned = self._pinned or open_body(self.name, self.key), None
        if opened is None:
            return self._places
        stream, info = opened
        self.generation = generation(info)
        with stream:
            try:
                places = json.loads(stream.readline())
                found = stream.readline()
                start = stream.tell()
                self._places = {p: (start + offset, size) for p, offset, size in places}
                if heads:
                    self._heads = dict(zip(self._places, json.loads(found), strict=True))
                self._fd = os.dup(stream.fileno())
                # Closed with this object, or at exit before the modules are torn down.
                weakref.finalize(self, os.close, self._fd)
            except (OSError, ValueError, TypeError, RecursionError):
                self._places, self._heads = {}, None
        return self._places

    def _line(self, name: str, limit: int | None = None) -> bytes | None:
        """One file's stored entry (its first `limit` bytes), read alone when the others have not
        been read."""
        spooled = self._spool.get(name, limit)
        if spooled is not None:
            return spooled
        if self._lines is not None:
            return self._lines.get(name)
        place = self._open_places().get(name)
        if place is None or self._fd is None:
            return None
        try:
            line = read_at(self._fd, place[0], place[1] if limit is None else min(place[1], limit))
        except OSError:
            return None
        path, tab, entry = line.partition(b"\t")
        return entry if tab and text_name(path) == name else None

    def pin(self, wanted: list[int]) -> bool:
        """Open the cache file now, when it is the writing `wanted`: entries read later come from it,
        whatever replaces it meanwhile."""
        opened = open_body(self.name, self.key)
        if opened is None:
            return False
        if generation(opened[1]) != wanted or self._places is not None:
            opened[0].close()
            return False
        self._pinned, self.generation = opened, wanted
        weakref.finalize(self, opened[0].close)  # closing a stream twice does nothing
        return True

    def holds(self, name: str, kind: str, identity: list[int]) -> bool:
        """The cache holds an entry of this kind for the file at exactly this identity, written long
        enough after the file's mtime to be trusted by its stat alone."""
        return self.head(name, kind, identity) is not None

    def head(self, name: str, kind: str, identity: list[int]) -> list | tuple | None:
        """The head (`entries.head_of`: kind, stat, time, fmt's verdict) of the entry `holds`
        vouches for, or None."""
        if self._lines is None and self._places is None:
            self._open_places(heads=True)
        if self._heads is not None:
            head = self._heads.get(name)
        else:  # the entries were read before being asked about: read each one's first bytes
            head = head_of(self._line(name) or b"")
        if (
            head is not None
            and head[0] == kind
            and head[1] == identity
            and head[2] - identity[1] >= RACY_NS
        ):
            return head
        return None

    def held(self, name: str) -> object:
        """The checked data of an entry `holds` vouched for, from the same cache file."""
        line = self._line(name)
        if line is None:  # the cache file was read when vouched for and is held open since
            raise LookupError(name)
        # Only the data: a task's row before it is for listings (see `row`).
        found = DIGEST.search(line)
        start = -1 if found is None else line.find(DATA, found.end() - 1)
        if start >= 0 and line.endswith(b"}"):
            return json.loads(line[start + len(DATA) : -1])
        return json.loads(line)["data"]

    def held_task(self, name: str) -> object:
        """A task's data as `held` gives it, its progress logs left undecoded (`logsplit`)."""
        line = self._line(name)
        if line is None:
            raise LookupError(name)
        found = DIGEST.search(line)
        start = -1 if found is None else line.find(DATA, found.end() - 1)
        if start < 0 or not line.endswith(b"}"):
            return json.loads(line)["data"]
        return held_task(line, start + len(DATA))

    def entry_head(self, name: str) -> bytes | None:
        """The first bytes of a file's entry (its head, content digest and fmt's verdict), or None."""
        return self._line(name, len(raw_name(name)) + 1 + HEAD_READ)  # after the name, a tab

    def content_digest(self, name: str) -> str | None:
        """The content digest (sha256) of the file an entry `holds` vouched for, or None."""
        line = self.entry_head(name)
        head = None if line is None else HEAD.match(line)
        found = None if head is None else DIGEST.match(line, head.end())
        return None if found is None else found[1].decode("ascii")

    def row(self, name: str) -> object | None:
        """The row stored with an entry `holds` vouched for (see `digest.row_data`), or None."""
        line = self._line(name, ROW_READ)
        found = None if line is None else ROW.search(line)
        if found is None:
            return None
        end = row_end(line, found.end())
        if end < 0:
            line = self._line(name)  # a long row: the whole entry
            end = -1 if line is None else row_end(line, found.end())
            if end < 0:
                return None
        try:
            return row_of_text(line[found.end() : end])
        except (ValueError, RecursionError):
            return None

    @staticmethod
    def stat(path: Path) -> list[int] | None:
        """A file's size, mtime, ctime (ns) and inode as entries keep them, or None."""
        try:
            info = path.lstat()
        except OSError:
            return None
        return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    def get(self, path: Path, kind: str) -> object | None:
        """The checked data cached for a file that has not changed since, or None."""
        return self.get_with_identity(path, kind)[0]

    def get_with_identity(self, path: Path, kind: str) -> tuple[object | None, tuple | None]:
        """The checked data of an unchanged file with the identity it was checked by, or None; a
        file whose stat changed is served by an entry of its kind with the same content digest."""
        line = self._line(str(path))
        entry = None
        if line is not None:
            try:
                entry = json.loads(line)
            except (ValueError, RecursionError):
                entry = None
        if not isinstance(entry, dict) or entry.get("kind") != kind:
            return self._by_digest(path, kind)
        now = self.stat(path)
        if now is None:
            return None, None
        if entry.get("stat") != now:
            return self._by_digest(path, kind)
        if entry.get("written", 0) - now[1] < RACY_NS:
            from ...errors import DataError
            from ...store.reader import read_data_file

            try:
                text = read_data_file(path)
            except DataError:  # unreadable or undecodable now: let the loader say why
                return None, None
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry.get("sha256"):
                return None, None
        # Dates stay ISO text: the records are rebuilt by their models, which know the dates.
        return entry.get("data"), tuple(now)

    def _by_digest(
        self, path: Path, kind: str, parse: bool = True
    ) -> tuple[object | None, tuple | None]:
        """A file's data (unless not `parse`) from any entry of its kind with its content digest,
        stored again under the file's identity (taken before it is read, as a check takes it)."""
        if self._lines is None or not (self._lines or self._seed):
            return None, None  # nothing to match: the file is read once, by its check
        from ...errors import DataError
        from ...store.reader import file_identity, read_data_file

        read_at = time.time_ns()
        identity = file_identity(path)
        try:
            text = read_data_file(path)
        except DataError:
            return None, None
        if identity is None or "\n" in str(path) or "\t" in str(path):
            return None, None
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest().encode("ascii")
        key = (kind.encode("ascii"), digest)
        found = self._content_index().get(key) or self._seed.get(key)
        head = HEAD.match(found or b"")
        if head is None:
            return None, None
        try:
            data = json.loads(found)["data"] if parse else None
        except (ValueError, RecursionError, TypeError, KeyError):
            return None, None
        stat = ",".join(str(number) for number in identity)
        fresh = f'{{"kind":"{kind}","stat":[{stat}],"written":{read_at},'.encode("ascii")
        self.put_line(path, fresh + found[head.end() :], spool=True)
        return data, identity

    def _content_index(self) -> dict[tuple[bytes, bytes], bytes]:
        """This cache's entries by kind and content digest (another clone's are in `_seed`)."""
        if self._by_content is None:
            index: dict[tuple[bytes, bytes], bytes] = {}
            for entry in (self._lines or {}).values():
                index_entry(index, entry)
            self._by_content = index
        return self._by_content

    def put(self, path: Path, kind: str, text: str, data: object, identity: tuple | None,
            read_at: int) -> None:  # fmt: skip
        """Remember a file's checked data with its identity and the time from before it was read."""
        line = entry_line(path, kind, text, data, identity, read_at)
        if line is not None:
            self.put_line(path, line)

    def put_line(self, path: Path, line: bytes, *, spool: bool = False) -> None:
        """Remember an entry `entry_line` made (in a worker process, say); with `spool` (a load
        making one for every file), kept on disk until the cache is written."""
        name = str(path)
        if spool and self._spool.put(name, line, head_of(line) or (None, None, 0, None)):
            self.lines.pop(name, None)
        else:
            self._spool.drop(name)
            self.lines[name] = line
        self.changed = True

    def entry(self, name: str) -> bytes | None:
        """A file's entry as stored or about to be (UTF-8 JSON), or None."""
        return self._line(name)

    def names(self) -> list[str]:
        """Every file the cache has an entry for, read or made by this object."""
        return [*self.lines, *self._spool.places]

    def vouch(self, path: Path, kind: str) -> tuple | None:
        """The identity of a file the cache holds unchanged (as `get_with_identity` finds it), its
        data not parsed: read with `held` when needed."""
        name = str(path)
        line = self._line(name)
        head = head_of(line or b"")
        if head is None or head[0] != kind:
            return self._by_digest(path, kind, parse=False)[1]
        now = self.stat(path)
        if now is None:
            return None
        if head[1] != now:
            return self._by_digest(path, kind)[1]
        if head[2] - now[1] < RACY_NS:
            from ...errors import DataError
            from ...store.reader import read_data_file

            try:
                text = read_data_file(path)
            except DataError:  # unreadable or undecodable now: let the loader say why
                return None
            found = DIGEST.search(line)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest().encode("ascii")
            if found is None or found[1] != digest:
                return None
        return tuple(now)

    def save(self, present: set[str]) -> None:
        """Write the cache when anything changed, dropping files no longer there."""
        if self._lines is None:
            return  # never read, so nothing in it changed
        stale = [name for name in self.lines if name not in present]
        stale += [name for name in self._spool.places if name not in present]
        for name in stale:
            self.lines.pop(name, None)
            self._spool.drop(name)
        if self.changed or stale:
            places, heads, offset = [], [], 0
            sizes = [(name, len(entry), head_of(entry)) for name, entry in self.lines.items()]
            sizes += [(name, size, head) for name, (_, size, head) in self._spool.places.items()]
            for name, length, head in sizes:
                size = len(raw_name(name)) + 1 + length
                places.append([name, offset, size])
                heads.append(head or (None, None, 0, None))
                offset += size + 1
            index = json.dumps(places, ensure_ascii=False, separators=(",", ":"))
            found = json.dumps(heads, separators=(",", ":")).encode("ascii")
            self.generation = write_body(self.name, self.key, self._body(index, found))
            self.changed = False

    def _body(self, index: str, heads: bytes) -> Iterator[bytes]:
        """The cache file's body in pieces (places, heads, then a line an entry), the spooled
        entries read back one at a time: joined, a province's entries would be held at once."""
        yield from (raw_name(index), b"\n", heads, b"\n")
        for name, entry in itertools.chain(self.lines.items(), self._spool.entries()):
            yield from (raw_name(name), b"\t", entry, b"\n")
