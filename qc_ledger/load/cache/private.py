"""Caches that cannot run code: plain JSON in a private folder, checked before a byte of it is used.

Standard library only. A cache file is a header line (format, key) and a body line; it is read only
when the file and its folder belong to the current user and nobody else may write them, and only
when the header matches. Relative `XDG_CACHE_HOME` / `LEDGER_CACHE_DIR` are ignored (as the XDG
spec says), and without a home folder there is no cache at all. A cache that is missing, corrupt,
foreign or of another format is a miss and is rebuilt; one that cannot be written is skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ... import __version__

# Entries written within RACY_NS of their file's mtime may predate a second save within the same
# timestamp tick: those are confirmed by a content hash.
from ...store.reader import RACY_NS  # noqa: F401

CACHE_FORMAT = 8


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


def _usable(create: bool) -> Path | None:
    """The cache folder when caching is on and the folder is safe to use, else None."""
    return None if disabled() else _folder(create)


def code_key(*parts: object) -> str:
    """What a cache was built by: the format, the version, Python, and the package's own code.

    The code by its content, not its files' times: a fresh install of the same code (every CI run)
    makes the same key, so a cache restored from an earlier run is used; other code never is.
    """
    entries: list = [CACHE_FORMAT, __version__, sys.version, *map(str, parts), _code_digest()]
    return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()


_CODE_NAME = "code.json"


@functools.cache
def _code_digest() -> str:
    """A digest of the package's source, remembered under its files' stat (hashing it every time
    would cost each command more than the stat does)."""
    package = Path(__file__).resolve().parents[2]
    files = []
    for path in sorted(package.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        files.append((path, path.relative_to(package).as_posix(), info.st_mtime_ns, info.st_size))
    signature = hashlib.sha256(repr([entry[1:] for entry in files]).encode("utf-8")).hexdigest()
    known = read_body(_CODE_NAME, signature)
    if known is not None and re.fullmatch(r"[0-9a-f]{64}", known):
        return known
    digest = hashlib.sha256()
    for path, name, _, _ in files:
        try:
            content = path.read_bytes()
        except OSError:
            content = b""
        digest.update(f"{name}\0{len(content)}\0".encode("utf-8", "surrogateescape") + content)
    found = digest.hexdigest()
    write_body(_CODE_NAME, signature, found)
    return found


def path_for(prefix: str, identity: str) -> str:
    """A cache file's name for one ledger or repository."""
    return f"{prefix}-{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:24]}.json"


def open_body(name: str, key: str):
    """A safe cache file whose header matches `key`, read up to its body, with its stat; or None."""
    folder = _usable(create=False)
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


def open_newest(prefix: str, key: str, besides: str):
    """The newest safe cache file named `prefix`… other than `besides` whose header matches `key`,
    opened as `open_body` opens it; or None. Only a few are tried: each is read whole."""
    folder = _usable(create=False)
    if folder is None:
        return None
    found = []
    try:
        for path in folder.glob(prefix + "*.json"):
            if path.name != besides:
                try:
                    found.append((path.lstat().st_mtime_ns, path.name))
                except OSError:
                    continue
    except OSError:
        return None
    for _, name in sorted(found, reverse=True)[:3]:
        opened = open_body(name, key)
        if opened is not None:
            return opened
    return None


def read_body(name: str, key: str, decoded: bool = True) -> str | bytes | None:
    """What follows the header of a safe cache file whose header matches `key` (as text, or as
    bytes when not `decoded`), or None."""
    opened = open_body(name, key)
    if opened is None:
        return None
    stream, _ = opened
    with stream:
        try:
            body = stream.read()
            return body.decode("utf-8") if decoded else body
        except (OSError, ValueError):
            return None


def raw_name(name: str) -> bytes:
    """A file name as the cache stores it (names the system gave undecodable survive the trip)."""
    return name.encode("utf-8", "surrogateescape")


def text_name(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def generation(info: os.stat_result) -> list[int]:
    """Which writing of a cache file this is: its inode, size and mtime (a rename keeps all three)."""
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def read_at(descriptor: int, offset: int, size: int) -> bytes:
    """`size` bytes of an open file from `offset`, with pread where the system has it (no shared
    position moved: a forked process may read the same descriptor); OSError as os.read raises."""
    pread = getattr(os, "pread", None)
    if pread is not None:
        return pread(descriptor, size, offset)
    os.lseek(descriptor, offset, os.SEEK_SET)  # Windows has no pread
    return os.read(descriptor, size)


def spool():
    """A nameless private file in the cache folder for entries made before the cache is written
    (gone when closed), or None: kept on disk, a province's entries are not held in memory."""
    folder = _usable(create=True)
    if folder is None:
        return None
    try:
        # Unbuffered: a write the disk or a file-size limit refuses fails (or falls short) at once,
        # not later at a flush when the entry is already counted as kept.
        return tempfile.TemporaryFile(dir=folder, buffering=0)
    except OSError:
        return None


def write_body(name: str, key: str, body: str | bytes | Iterable[bytes]) -> list[int] | None:
    """Replace a cache file atomically, returning its generation; a folder or file that cannot be
    written is skipped (None).

    `body` may come in pieces (a list, or an iterator making them as they are written), written one
    after another rather than joined in memory first.
    """
    folder = _usable(create=True)
    if folder is None:
        return None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write((json.dumps({"format": CACHE_FORMAT, "key": key}) + "\n").encode())
            if not isinstance(body, str | bytes):
                stream.writelines(body)
            else:
                stream.write(body.encode("utf-8") if isinstance(body, str) else body)
            stream.flush()
            written = generation(os.fstat(stream.fileno()))
        os.replace(temporary, folder / name)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return None
    return written


def read(name: str, key: str) -> dict | None:
    """The body of a cache file whose header matches `key`, or None (missing, unsafe, stale, corrupt)."""
    body = read_body(name, key)
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
    write_body(name, key, text)


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


def iso(value: object) -> str:
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
