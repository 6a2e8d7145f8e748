"""Files a command writes for people or tools (reports, workbooks, databases): never into the ledger.

An --output inside data/ or schemas/ would overwrite the ledger's own files, so it is refused before
anything is written. Never prints or exits.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..errors import LedgerError, UsageError


def refuse_inside_ledger(output: Path, root: Path | None) -> None:
    """Refuse an output file that lies in the ledger's data/ or schemas/ folder."""
    if root is None:
        return
    target = _resolved(output)
    for folder in ("data", "schemas"):
        base = (root / folder).resolve()
        if target == base or target.is_relative_to(base):
            raise UsageError.single(
                f"--output 指向台账的 {folder}/ 目录（{output}），会覆盖台账自己的文件；什么也没有写入",
                hint=f"把输出写到台账目录之外，例如 --output ~/{output.name}",
            )


def write_bytes(data: bytes, output: Path, root: Path | None) -> None:
    """Write a report or a workbook outside the ledger's folders, whole or not at all."""
    write_atomically(data, output, root)


def check_writable(output: Path, root: Path | None) -> None:
    """Refuse now a file that could not be written later (asked before a commit is made)."""
    refuse_inside_ledger(output, root)
    folder = _resolved(output).parent
    if output.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UsageError.single(
            f"无法写入文件 {output}（目录不存在、不可写，或这是一个目录）；什么也没有改动",
            hint="换一个可以写入的文件名后重试",
        )
    if output.exists() and not os.access(output, os.W_OK):
        raise UsageError.single(
            f"无法写入文件 {output}（没有写权限）；什么也没有改动",
            hint="换一个可以写入的文件名后重试",
        )


# Where a path names a process's descriptors or devices, not files: followed into a rename, a link
# there (/dev/stdout -> /proc/self/fd/1 -> the file the shell opened) would replace that file.
_STREAMS = ("/dev/", "/proc/")


def _stream_target(output: Path) -> bool:
    """`output` is a device, a pipe, a socket or a process's descriptor (`/dev/stdout`, a FIFO, a
    link through /proc/self/fd): written as a stream, never replaced by a file of the same name."""
    try:
        mode = os.stat(output).st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return True
    hop = Path(os.path.abspath(output))
    for _ in range(40):  # the kernel's own limit on links followed
        if hop.as_posix().startswith(_STREAMS):
            return True
        if not hop.is_symlink():
            return False
        try:
            hop = Path(os.path.abspath(hop.parent / os.readlink(hop)))
        except OSError:
            return False
    return False


def _resolved(output: Path) -> Path:
    """The path with every link followed (a dangling link: the file it names); a loop of links is a
    usage error, not a crash (RuntimeError before Python 3.13, ELOOP since)."""
    import errno

    try:
        return output.resolve(strict=True)
    except FileNotFoundError:
        pass
    except RuntimeError:
        raise _loop(output) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _loop(output) from None
    try:
        return output.resolve()
    except RuntimeError:
        raise _loop(output) from None


def _loop(output: Path) -> UsageError:
    return UsageError.single(
        f"--output {output} 是循环的符号链接；什么也没有写入",
        hint="换一个文件名，或修正这个链接指向的位置",
    )


def _through_link(output: Path) -> Path:
    """The file a link names (a rename would replace the link itself with a file); else `output`."""
    return _resolved(output) if output.is_symlink() else output


def _write_stream(output: Path, data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write to a device or pipe as it comes: there is no file to stage beside it."""
    from ..vocabulary import os_reason

    try:
        with open(output, "wb") as stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data)
    except OSError as exc:
        raise UsageError.single(
            f"无法写入 {output}（{os_reason(exc)}）；写出的内容可能不完整",
            hint="确认读取的一方在运行、设备可以写入，或改写到一个普通文件",
        ) from None


def write_by_rename(output: Path, root: Path | None, write: Callable[[Path], None]) -> None:
    """Let `write` fill a temporary file beside `output`, then put it in place at once."""
    refuse_inside_ledger(output, root)
    if _stream_target(output):
        with tempfile.TemporaryDirectory(prefix="ledger-") as folder:
            made = Path(folder) / f"output{output.suffix}"
            write(made)
            with made.open("rb") as stream:
                _write_stream(output, lambda target: shutil.copyfileobj(stream, target))
        return
    output = _through_link(output)
    folder = output.resolve().parent
    if not folder.is_dir():
        raise UsageError.single(f"目录 {folder} 不存在", hint="先建好目录，或换一个文件名")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".ledger-", suffix=output.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_atomically(
    data: bytes | Callable[[IO[bytes]], None], output: Path, root: Path | None
) -> None:
    """Write a file whole or not at all: staged beside it, then put in place by one rename.

    `data` may be a function writing to a stream: a long report is written as it is made.
    """
    from ..store.files import install, stage

    refuse_inside_ledger(output, root)
    if _stream_target(output):
        _write_stream(output, data)
        return
    output = _through_link(output)
    if output.is_dir() or not output.resolve().parent.is_dir():
        why = (
            "这是一个目录" if output.is_dir() else f"目录 {output.parent} 不存在：文件或目录不存在"
        )
        raise UsageError.single(
            f"无法写入文件 {output}（{why}）；什么也没有写入",
            hint="先建好目录，或换一个文件名",
        )
    try:
        temporary = stage(output, data)
    except LedgerError as exc:
        raise _unwritable(output, exc) from None
    try:
        install(temporary, output, created=False)
    except LedgerError as exc:
        raise _unwritable(output, exc) from None
    finally:
        temporary.unlink(missing_ok=True)


def _unwritable(output: Path, cause: LedgerError) -> UsageError:
    """An output that could not be written: why, and that any file already there is as it was."""
    hint = next((p.hint for p in cause.problems if p.hint), None)
    return UsageError.single(
        f"无法写入文件 {output}（{cause}）；什么也没有写入，原有文件保持不变",
        hint=hint or "检查是否有写权限、磁盘是否已满，或文件是否正被 Excel/WPS 打开",
    )
