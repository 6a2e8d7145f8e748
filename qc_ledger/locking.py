"""The ledger's write lock: one lock file per ledger, held across read-modify-write and the commit.

The only module that imports filelock. Never prints or exits.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LedgerError, Problem, UsageError

LOCK_NAME = ".ledger.lock"
GIT_LOCK_NAME = "ledger.lock"
DEFAULT_TIMEOUT = 30.0
# EX_TEMPFAIL: the command did nothing and may simply be run again.
EXIT_BUSY = 75


class LockBusy(LedgerError):
    """Another command held the ledger's lock for longer than the timeout; nothing was changed."""


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
def ledger_lock(root: Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the ledger's lock for the duration of the block (read-modify-write and the commit)."""
    from filelock import FileLock, Timeout

    path = lock_path(root.resolve())
    wait = lock_timeout() if timeout is None else timeout
    lock = FileLock(path, timeout=wait, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise LockBusy(
            [
                Problem(
                    f"台账正被另一个命令修改，等待 {wait:g} 秒后仍未轮到本命令；什么也没有改动",
                    path,
                    hint="稍后重试；若确定没有其他 ledger 命令在运行，删除该锁文件后重试",
                    code="busy",
                )
            ],
            EXIT_BUSY,
        ) from None
    except OSError as exc:
        raise LedgerError(
            [
                Problem(
                    f"无法创建锁文件（{exc.strerror or exc}）；什么也没有改动",
                    path,
                    hint="检查台账目录是否可写",
                    code="file",
                )
            ]
        ) from None
    try:
        yield path
    finally:
        lock.release()
