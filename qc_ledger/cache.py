"""Caches that cannot run code: plain JSON in a private folder, checked before a byte of it is used.

Standard library only. A cache file is a header line (format, key) and a body line; it is read only
when the file and its folder belong to the current user and nobody else may write them, and only
when the header matches. Relative `XDG_CACHE_HOME` / `LEDGER_CACHE_DIR` are ignored (as the XDG
spec says), and without a home folder there is no cache at all. A cache that is missing, corrupt,
foreign or of another format is a miss and is rebuilt; one that cannot be written is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import __version__

CACHE_FORMAT = 5
# Entries written this close to their file's mtime may predate a second save within the same
# timestamp tick (1 s on some file systems, 2 s on FAT): those are confirmed by a content hash.
RACY_NS = 2_000_000_000


_switched_off = False


def switch_off(off: bool = True) -> None:
    """Turn caching off for this process (the `--no-cache` option)."""
    global _switched_off
    _switched_off = off


def disabled() -> bool:
    """Caching is off with --no-cache, or when LEDGER_NO_CACHE is set to anything but 0."""
    return _switched_off or os.environ.get("LEDGER_NO_CACHE", "0") not in ("", "0")


def cache_folder() -> Path | None:
    """$LEDGER_CACHE_DIR, else $XDG_CACHE_HOME/qc-ledger, else ~/.cache/qc-ledger; None if none."""
    explicit = os.environ.get("LEDGER_CACHE_DIR", "")
    if explicit and os.path.isabs(explicit):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / "qc-ledger"
    home = os.environ.get("HOME") or (os.path.expanduser("~") if os.name == "nt" else "")
    if not home or not os.path.isabs(home) or not os.path.isdir(home):
        return None
    return Path(home) / ".cache" / "qc-ledger"


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (on systems that have owners)."""
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _folder(create: bool) -> Path | None:
    """The cache folder when it is safe to use (made private when created), else None."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        if create and not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
        info = folder.lstat()
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _private(info) else None


def code_key(*parts: object) -> str:
    """What a cache was built by: the format, the version, Python, and the package's own code."""
    entries: list = [CACHE_FORMAT, __version__, sys.version, *map(str, parts)]
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        entries.append((path.relative_to(package).as_posix(), info.st_mtime_ns, info.st_size))
    return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()


def path_for(prefix: str, identity: str) -> str:
    """A cache file's name for one ledger or repository."""
    return f"{prefix}-{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:24]}.json"


def _open_body(name: str, key: str):
    """A safe cache file whose header matches `key`, read up to its body, with its stat; or None."""
    if disabled():
        return None
    folder = _folder(create=False)
    if folder is None:
        return None
    try:
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    stream = os.fdopen(fd, "rb")
    try:
        info = os.fstat(stream.fileno())
        header = {"format": CACHE_FORMAT, "key": key}
        if (
            stat.S_ISREG(info.st_mode)
            and _private(info)
            and json.loads(stream.readline()) == header
        ):
            return stream, info
    except (OSError, ValueError, RecursionError):
        pass
    stream.close()
    return None


def _read_body(name: str, key: str, decoded: bool = True) -> str | bytes | None:
    """What follows the header of a safe cache file whose header matches `key` (as text, or as
    bytes when not `decoded`), or None."""
    opened = _open_body(name, key)
    if opened is None:
        return None
    stream, _ = opened
    with stream:
        try:
            body = stream.read()
            return body.decode("utf-8") if decoded else body
        except (OSError, ValueError):
            return None


def _raw(name: str) -> bytes:
    """A file name as the cache stores it (names the system gave undecodable survive the trip)."""
    return name.encode("utf-8", "surrogateescape")


def _name(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _write_body(name: str, key: str, body: str | bytes | list[bytes]) -> None:
    """Replace a cache file atomically; a folder or file that cannot be written is skipped.

    `body` may come in pieces, written one after another rather than joined in memory first.
    """
    if disabled():
        return
    folder = _folder(create=True)
    if folder is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write((json.dumps({"format": CACHE_FORMAT, "key": key}) + "\n").encode())
            if isinstance(body, list):
                stream.writelines(body)
            else:
                stream.write(body.encode("utf-8") if isinstance(body, str) else body)
        os.replace(temporary, folder / name)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def read(name: str, key: str) -> dict | None:
    """The body of a cache file whose header matches `key`, or None (missing, unsafe, stale, corrupt)."""
    body = _read_body(name, key)
    try:
        value = json.loads(body, object_hook=_decode) if body is not None else None
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def write(name: str, key: str, body: dict) -> None:
    """Write a cache file of plain values (dates tagged)."""
    try:
        text = json.dumps(_encode(body), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return
    _write_body(name, key, text)


def clear() -> list[Path]:
    """Delete every cache file of qc-ledger; return what was deleted."""
    folder = _folder(create=False)
    removed: list[Path] = []
    if folder is None:
        return removed
    for path in folder.glob("*.json"):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


# Dates are tagged (JSON has none); a mapping whose keys start with "$" is escaped, so no data can
# pass for a tag.
def _encode(value: object) -> object:
    if isinstance(value, dict):
        if any(isinstance(k, str) and k.startswith("$") for k in value):
            return {"$map": [[k, _encode(v)] for k, v in value.items()]}
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return value


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _decode(mapping: dict) -> object:
    if len(mapping) == 1:
        ((tag, value),) = mapping.items()
        if tag == "$date":
            return dt.date.fromisoformat(value)
        if tag == "$datetime":
            return dt.datetime.fromisoformat(value)
        if tag == "$map":
            return {k: v for k, v in value}
    return mapping


def entry_line(path: Path, kind: str, text: str, data: object, identity: tuple | None,
               read_at: int) -> bytes | None:  # fmt: skip
    """A file's cache entry: its checked data under the identity it had before it was read.

    The identity and the time (ns) from before the read, not from now: a file changed while a long
    load went on must not be stored as the new file with the old file's data, and a change in the
    tick it was read in is caught by the racy check against that time.
    """
    if identity is None or "\n" in str(path) or "\t" in str(path):
        return None
    entry = {
        "kind": kind,
        "stat": list(identity),
        "written": read_at,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "data": data,
    }
    try:
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=_iso)
    except (TypeError, ValueError):
        return None
    # Kept as UTF-8 until written: a province's entries take half the memory they take as text.
    return text.encode("utf-8", "surrogateescape")


class FileCache:
    """Each data file's checked content, keyed by its stat (size, mtime, ctime, inode) and the code.

    One line per file, so that saving after one edit re-encodes one entry, not the ledger; the body
    starts with where each line is, so that a command reading a few records reads only those.
    """

    def __init__(self, root: Path):
        self.name = path_for("ledger", str(root))
        self.snapshot_name = path_for("snapshot", str(root))
        self.key = code_key(root)
        self._lines: dict[str, bytes] | None = None
        self._places: dict[str, tuple[int, int]] | None = None
        self._fd: int | None = None  # the file the places were read from, open
        self.changed = False

    @property
    def lines(self) -> dict[str, bytes]:
        """Each file's entry as stored (UTF-8 JSON), all read on first use (a full load reads them)."""
        if self._lines is None:
            self._lines = {}
            body = _read_body(self.name, self.key, decoded=False) or b""
            for line in body[body.find(b"\n") + 1 :].split(b"\n"):
                path, tab, entry = line.partition(b"\t")
                if tab:
                    self._lines[_name(path)] = entry
        return self._lines

    def read_all(self) -> None:
        """Read every entry at once, as a load that needs most of them does."""
        self.lines  # noqa: B018  (the property reads them)

    def _line(self, name: str) -> bytes | None:
        """One file's stored entry, read alone when the others have not been read."""
        if self._lines is not None:
            return self._lines.get(name)
        if self._places is None:
            self._places = {}
            opened = _open_body(self.name, self.key)
            if opened is None:
                return None
            stream, _ = opened
            with stream:
                try:
                    places = json.loads(stream.readline())
                    start = stream.tell()
                    self._places = {p: (start + offset, size) for p, offset, size in places}
                    # Kept open: the places are those of this file, even if another command
                    # replaces it meanwhile.
                    self._fd = os.dup(stream.fileno())
                except (OSError, ValueError, TypeError, RecursionError):
                    self._places = {}
                    return None
        place = self._places.get(name)
        if place is None or self._fd is None:
            return None
        try:
            os.lseek(self._fd, place[0], os.SEEK_SET)  # not pread: Windows has none
            line = os.read(self._fd, place[1])
        except OSError:
            return None
        path, tab, entry = line.partition(b"\t")
        return entry if tab and _name(path) == name else None

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)

    @staticmethod
    def _stat(path: Path) -> list[int] | None:
        try:
            info = path.lstat()
        except OSError:
            return None
        return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    def get(self, path: Path, kind: str) -> object | None:
        """The checked data cached for a file that has not changed since, or None."""
        return self.get_with_identity(path, kind)[0]

    def get_with_identity(self, path: Path, kind: str) -> tuple[object | None, tuple | None]:
        """The checked data of an unchanged file with the identity it was checked by, or None."""
        line = self._line(str(path))
        if line is None:
            return None, None
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            return None, None
        if not isinstance(entry, dict) or entry.get("kind") != kind:
            return None, None
        now = self._stat(path)
        if now is None or entry.get("stat") != now:
            return None, None
        if entry.get("written", 0) - now[1] < RACY_NS:
            from .textcheck import decode

            try:
                text = decode(path.read_bytes(), path)
            except Exception:  # unreadable or undecodable now: let the loader say why
                return None, None
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != entry.get("sha256"):
                return None, None
        # Dates stay ISO text: the records are rebuilt by their models, which know the dates.
        return entry.get("data"), tuple(now)

    def put(self, path: Path, kind: str, text: str, data: object, identity: tuple | None,
            read_at: int) -> None:  # fmt: skip
        """Remember a file's checked data with its identity and the time from before it was read."""
        line = entry_line(path, kind, text, data, identity, read_at)
        if line is not None:
            self.put_line(path, line)

    def put_line(self, path: Path, line: bytes) -> None:
        """Remember an entry `entry_line` made (in a worker process, say)."""
        self.lines[str(path)] = line
        self.changed = True

    def snapshot(self) -> tuple[dict, list[str]] | None:
        """What the last full load found: a head (folders, other files, warnings), a line a task."""
        body = _read_body(self.snapshot_name, self.key)
        if not body:
            return None
        first, _, rest = body.partition("\n")
        try:
            head = json.loads(first)
        except (ValueError, RecursionError):
            return None
        lines = [line for line in rest.split("\n") if line]
        return (head, lines) if isinstance(head, dict) else None

    def put_snapshot(self, head: dict, lines: list[str]) -> None:
        """Remember what a load found: `lines` are already JSON, one a task file."""
        try:
            text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), default=_iso)
        except (TypeError, ValueError):
            return
        _write_body(self.snapshot_name, self.key, "".join([text, "\n", *(f"{x}\n" for x in lines)]))

    def save(self, present: set[str]) -> None:
        """Write the cache when anything changed, dropping files no longer there."""
        if self._lines is None:
            return  # never read, so nothing in it changed
        stale = [name for name in self.lines if name not in present]
        for name in stale:
            del self.lines[name]
        if self.changed or stale:
            # Written in pieces: joined, a province's entries would be held twice more.
            pieces, places, offset = [], [], 0
            for name, entry in self.lines.items():
                raw = _raw(name)
                pieces += (raw, b"\t", entry, b"\n")
                size = len(raw) + 1 + len(entry)
                places.append([name, offset, size])
                offset += size + 1
            index = json.dumps(places, ensure_ascii=False, separators=(",", ":"))
            _write_body(self.name, self.key, [_raw(index), b"\n", *pieces])
