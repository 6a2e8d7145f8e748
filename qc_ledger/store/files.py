"""Plain files: atomic writes and creations, the leftovers of interrupted writes, exact reads.

Standard library only: no YAML here. Never prints or exits.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..errors import LedgerError, Problem
from ..vocabulary import os_reason

# Temporary files are named `.<target>.<random>.tmp` next to their target: the leading dot keeps
# the loader from reading one that an interrupted write left behind.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def _temporary(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _write_temporary(path: Path, data: bytes | Callable[[IO[bytes]], None]) -> str:
    """Write data (or what a function writes, as it makes it) to a new temporary file beside
    `path` and fsync it; return its name."""
    try:
        handle, temporary = _temporary(path)
    except OSError as exc:
        raise write_error(exc, path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                data(stream)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise
    return temporary


def write_atomic(path: Path, content: str | bytes) -> None:
    """Replace a file with text (UTF-8, LF ends) or exact bytes: temporary file, fsync, rename.

    A process killed at any moment leaves either the old file or the new one, never a mix.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = _write_temporary(path, data)
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename durable; best effort (some systems cannot open or sync a folder)."""
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def write_error(exc: OSError, path: Path) -> LedgerError:
    """Say why a file could not be written, and that it was left as it was."""
    folder = path.parent
    denied = (
        (f"没有写入 {folder} 的权限", "换有写权限的用户运行，或修改该目录的权限后重试")
        if os.name != "nt"
        else (
            "无法写入：文件正被其他程序打开，或没有写权限",
            "关闭打开该文件的程序（编辑器、表格软件）后重试",
        )
    )
    reasons = {
        errno.EACCES: denied,
        errno.EPERM: denied,
        errno.EROFS: (
            f"{folder} 在只读的文件系统上",
            "把台账放在可写的位置（例如 git clone 到自己的目录）后重试",
        ),
        errno.ENOSPC: ("磁盘空间已满", "清理磁盘空间后重试"),
        errno.EDQUOT: ("超出了磁盘配额", "清理空间或申请更大的配额后重试"),
    }
    message, hint = reasons.get(
        exc.errno or 0,
        (
            f"无法写入（{os_reason(exc)}）",
            "检查该文件和所在目录是否可写、是否被其他程序占用，然后重试",
        ),
    )
    return LedgerError([Problem(f"{message}，文件没有改动", path, hint=hint, code="file")])


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporary files interrupted writes left in `path`'s folder (call under the lock)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match and match.group("name").endswith(".yaml") and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    return removed


def write_new(path: Path, text: str) -> None:
    """Create a new file atomically with the usual permissions; FileExistsError if it exists."""
    temporary = _write_temporary(path, text.encode("utf-8"))
    try:
        os.chmod(temporary, _new_file_mode())
        _link_new(Path(temporary), path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise write_error(exc, path) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    sync_folder(path.parent)


# -- a change of several files in two steps: everything written aside first, then the renames ----


def stage(path: Path, content: bytes | Callable[[IO[bytes]], None]) -> Path:
    """Write a file's next content to a temporary name beside it (fsynced), with its permissions."""
    temporary = Path(_write_temporary(path, content))
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
        os.chmod(temporary, mode)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_error(exc, path) from None
    return temporary


def keep(path: Path, folder: Path, name: str) -> Path:
    """Keep a file's present content as `folder/name` (a hard link: no space needed, else a copy)."""
    kept = folder / name
    kept.unlink(missing_ok=True)
    try:
        os.link(path, kept)
    except OSError:
        # No hard links here (another file system, FAT): a copy, which needs space a link does not.
        temporary = Path(_write_temporary(kept, path.read_bytes()))
        os.replace(temporary, kept)
    return kept


def install(temporary: Path, path: Path, *, created: bool) -> None:
    """Put a staged file in place: a rename, or a link that never replaces an existing file."""
    try:
        if created:
            _link_new(temporary, path)
            temporary.unlink(missing_ok=True)
        else:
            os.replace(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise write_error(exc, path) from None
    sync_folder(path.parent)


def _new_file_mode() -> int:
    """The permissions a new file gets under this process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _link_new(temporary: Path, path: Path) -> None:
    """Put `temporary` at `path` without ever replacing a file there (FileExistsError if one is)."""
    try:
        # A hard link never replaces an existing file, unlike a rename.
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system (FAT, some network shares): check, then rename.
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
