"""The one reader of a data file: never through a link, never past the size limit, always decoded.

Every path that reads a data file's bytes (the loader, every edit, fmt, undo, the merge driver, the
cache's content check, locating a problem) comes here, so each refuses the same files in the same
words. Standard library only; never prints or exits.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem
from ..vocabulary import os_reason
from .root import DATA_DIR
from .textcheck import MAX_FILE_BYTES, decode, refuse_size

# A file changed twice within one timestamp tick (1 s on some file systems, 2 s on FAT) keeps its
# identity: anything recorded this close to a file's mtime is confirmed another way.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class DataBytes:
    """A data file as read: its exact bytes (a BOM and CRLF kept, for edits) and its decoded text."""

    raw: bytes
    text: str


def read_data(path: Path, root: Path | None = None) -> DataBytes:
    """Read a data file's bytes and text; `root` (found from the path when None) names a link's target."""
    try:
        info = path.lstat()
    except OSError as exc:
        raise DataError([unreadable(path, exc)]) from None
    if stat.S_ISLNK(info.st_mode):
        raise DataError([_link_problem(path, root)])
    if stat.S_ISDIR(info.st_mode):
        raise DataError.single(
            "这里应是文件，实际是一个目录",
            path=path,
            hint="把目录改名（不要以 .yaml 结尾）或移走",
            code="file",
        )
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end: never open one.
        raise DataError.single(
            "这不是普通文件（可能是管道、设备或套接字），台账不读取它",
            path=path,
            hint="用普通的 .yaml 文件代替它",
            code="file",
        )
    try:
        # O_NOFOLLOW: a link put in the file's place after the lstat is refused, not followed.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError([_link_problem(path, root)]) from None
        raise DataError([unreadable(path, exc)]) from None
    if len(data) > MAX_FILE_BYTES:
        refuse_size(max(info.st_size, len(data)), path)
    return DataBytes(data, decode(data, path))


def read_data_file(path: Path, root: Path | None = None) -> str:
    """A data file's text: UTF-8 without its BOM, line ends LF (see `read_data`)."""
    return read_data(path, root).text


def file_identity(path: Path) -> tuple | None:
    """A file's size, mtime, ctime (nanoseconds) and inode, or None when it cannot be seen."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def unreadable(path: Path, exc: OSError) -> Problem:
    """Why a file or folder could not be read, and what to do about it."""
    if exc.errno == errno.EACCES:
        return Problem(
            "没有读取该文件的权限",
            path,
            hint=f"台账文件应对所有人可读：chmod a+r {path.name}",
            code="file",
        )
    return Problem(
        f"无法读取（{os_reason(exc)}）",
        path,
        hint="检查该文件和所在目录是否存在、可读；必要时从 git 恢复",
        code="file",
    )


def _root_of(path: Path) -> Path:
    """The ledger folder a data file belongs to: the one holding its data/ folder."""
    for folder in path.parents:
        if folder.name == DATA_DIR:
            return folder.parent
    return path.parent


def _link_problem(path: Path, root: Path | None) -> Problem:
    """Say where a symbolic link points, without ever reading what it points at."""
    try:
        written = os.readlink(path)
    except OSError:
        written = "?"
    target = Path(os.path.realpath(path))
    try:
        inside = target.relative_to((root or _root_of(path)).resolve()).as_posix()
    except ValueError:
        inside = None
    if inside is None:
        where = f"指向仓库之外的 {written}"
    elif not target.exists():
        where = f"指向不存在的 {written}"
    else:
        where = f"指向仓库内的 {inside}"
    thing = "目录" if target.is_dir() else "文件"
    return Problem(
        f"这是一个符号链接（{where}），台账从不跟随链接读取",
        path,
        hint=f"删除链接，放入真正的{thing}（复制其内容）",
        code="file",
    )
