"""The ledger's write lock: one lock file per ledger, held across read-modify-write and the commit.

The lock is an operating-system lock (flock on Unix, a byte-range lock on Windows), which the system
releases when its process dies, however it dies: a killed command never leaves the ledger locked.
On a file system without such locks (some network shares) filelock falls back to a marker file that
records the holder's process id and host; a marker whose process no longer runs on this host is
cleared by the next command, which says so. The only module that imports filelock. Never prints or
exits.
"""

from __future__ import annotations

import errno
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import EXIT_BUSY, LedgerError, Problem, UsageError
from ..vocabulary import os_reason

LOCK_NAME = ".ledger.lock"
GIT_LOCK_NAME = "ledger.lock"
DEFAULT_TIMEOUT = 30.0
_NAMESPACE_MARK = "?pidns-"


class LockBusy(LedgerError):
    """Another command held the ledger's lock for longer than the timeout; nothing was changed."""


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock, as far as can be told: process id, host, command line."""

    pid: int
    host: str | None = None
    command: str | None = None
    here: bool = True

    def describe(self) -> str:
        """The holder for people, e.g. `进程 4242：ledger update g1-t1-m2 …`."""
        text = f"进程 {self.pid}"
        if not self.here and self.host:
            text = f"另一台电脑 {self.host} 上的{text}"
        return text + (f"：{self.command}" if self.command else "")


@dataclass(frozen=True)
class Held:
    """The lock while it is held, and what was noticed on the way (a stale marker cleared)."""

    path: Path
    notes: tuple[Problem, ...] = ()


def lock_timeout() -> float:
    """Seconds to wait for the lock: LEDGER_LOCK_TIMEOUT, else 30."""
    raw = os.environ.get("LEDGER_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise UsageError.single(
            f"环境变量 LEDGER_LOCK_TIMEOUT 的值“{raw}”无效",
            hint="写作 0–3600 之间的秒数，例如 LEDGER_LOCK_TIMEOUT=60；或取消该变量（默认 30 秒）",
        )
    return value


def lock_path(root: Path) -> Path:
    """Where the lock lives: inside the repository's .git folder (invisible to git), else root/.ledger.lock."""
    for folder in (root, *root.parents):
        marker = folder / ".git"
        if marker.is_dir():
            return marker / GIT_LOCK_NAME
        if marker.exists():
            break  # a worktree or submodule: .git is a file; .ledger.lock is in .gitignore
    return root / LOCK_NAME


@contextmanager
def ledger_lock(root: Path, timeout: float | None = None) -> Iterator[Held]:
    """Hold the ledger's lock for the duration of the block (read-modify-write and the commit)."""
    from filelock import FileLock, Timeout

    path = lock_path(root.resolve())
    wait = lock_timeout() if timeout is None else timeout
    stale = _stale_marker(path)
    lock = FileLock(path, timeout=wait, thread_local=False)
    try:
        with warnings.catch_warnings():
            # The fallback to a marker file is this module's business, not the user's.
            warnings.filterwarnings("ignore", "flock not supported", UserWarning)
            lock.acquire()
    except Timeout:
        raise _busy(path, wait) from None
    except OSError as exc:
        raise _unlockable(path, exc) from None
    notes = ()
    if stale is not None:
        notes = (
            Problem(
                f"上次持有台账锁的进程 {stale.pid} 已经结束，锁没有释放；已清除，本命令照常执行",
                path,
                hint="这通常是命令被强行中断（关机、kill）所致，不需要处理",
                severity="warning",
                code="stale_lock",
            ),
        )
    try:
        yield Held(path, notes)
    finally:
        lock.release()


def _busy(path: Path, wait: float) -> LockBusy:
    holder = _marker_holder(path) or _os_lock_holder(path)
    who = "台账正被另一个命令修改" + (f"（{holder.describe()}）" if holder else "")
    if holder is None:
        hint = "稍后重试；若确定没有其他 ledger 命令在运行，删除该锁文件后重试"
    elif holder.here:
        hint = f"稍后重试；若该命令没有响应，结束它（kill {holder.pid}）后重试"
    else:
        hint = (
            "稍后重试；本机无法判断那台电脑上的命令是否还在运行——"
            "确认它已结束（或那台电脑已关机）后删除该锁文件，再重试"
        )
    return LockBusy(
        [
            Problem(
                f"{who}，等待 {wait:g} 秒后仍未轮到本命令；什么也没有改动",
                path,
                hint=hint,
                code="busy",
            )
        ],
        EXIT_BUSY,
    )


def _unlockable(path: Path, exc: OSError) -> LedgerError:
    folder = path.parent
    if exc.errno == errno.EROFS:
        message = f"{folder} 在只读的文件系统上，无法创建台账的锁文件"
        hint = "修改台账的命令需要写入该目录；把台账放在可写的位置（例如 git clone 到自己的目录）"
    elif exc.errno in (errno.EACCES, errno.EPERM) and path.exists():
        message = "没有权限打开台账的锁文件（可能是另一个用户创建的）"
        hint = "该文件只在命令运行时使用，可以删除；或换创建它的用户运行"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        message = f"没有写入 {folder} 的权限，无法创建台账的锁文件"
        hint = "修改台账的命令需要写入该目录；换有写权限的用户运行，或修改该目录的权限"
    else:
        message = f"无法创建台账的锁文件（{os_reason(exc)}）"
        hint = "检查台账目录是否可写"
    return LedgerError([Problem(f"{message}；什么也没有改动", path, hint=hint, code="file")])


# -- who holds the lock ------------------------------------------------------------------------


def _marker_holder(path: Path) -> Holder | None:
    """The holder a marker-file lock records (`pid`, `host`, optional start time, one a line)."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(1025)
        content = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = content.splitlines()
    if not content.endswith("\n") or len(lines) not in (2, 3) or not lines[0].isdigit():
        return None
    pid, host = int(lines[0]), lines[1]
    here = _this_host(host)
    return Holder(pid, host.partition(_NAMESPACE_MARK)[0], _command(pid) if here else None, here)


def _this_host(host: str) -> bool:
    """A marker's host is this computer and this process-id namespace (so its pid can be checked)."""
    import socket  # only when a marker is found: it costs start-up time

    name, _, namespace = host.partition(_NAMESPACE_MARK)
    if name != socket.gethostname():
        return False
    try:
        ours = f"{os.stat('/proc/self/ns/pid').st_ino:x}"
    except OSError:
        ours = ""
    initial = f"{0xEFFFFFFC:x}"
    return (namespace or initial) == (ours or initial)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless probe (os.kill ends the process on Windows): assume alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _stale_marker(path: Path) -> Holder | None:
    """A marker left by a process that no longer runs here (read twice: it was not just released)."""
    holder = _marker_holder(path)
    if holder is None or not holder.here or _alive(holder.pid):
        return None
    again = _marker_holder(path)
    if again is None or again.pid != holder.pid:
        return None
    return Holder(holder.pid, holder.host, None, True)


def _os_lock_holder(path: Path) -> Holder | None:
    """The process holding an OS lock on the file, where the system tells (Linux /proc/locks)."""
    try:
        info = path.stat()
        with open("/proc/locks", encoding="ascii", errors="replace") as stream:
            table = stream.read()
    except OSError:
        return None
    inode = f":{info.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        # `1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF`; waiters' lines have `->` second.
        if len(fields) < 6 or fields[1] not in ("FLOCK", "POSIX", "OFDLCK"):
            continue
        if fields[5].endswith(inode) and fields[4].isdigit() and int(fields[4]) > 0:
            pid = int(fields[4])
            return Holder(pid, None, _command(pid), True)
    return None


def _command(pid: int) -> str | None:
    """A process's command line, shortened, where the system tells (Linux /proc)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [word.decode("utf-8", errors="replace") for word in raw.split(b"\0") if word]
    if not words:
        return None
    # `python -m qc_ledger ...` and the `ledger` script both read best as `ledger ...`.
    for index, word in enumerate(words):
        if word in ("qc_ledger", "qc_ledger.cli") or os.path.basename(word) == "ledger":
            words = ["ledger", *words[index + 1 :]]
            break
    text = " ".join(words)
    return text if len(text) <= 60 else text[:59] + "…"
