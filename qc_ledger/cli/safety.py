"""Around a command's own work: the fault-injection switch, and output that cannot be written.

A commit stands whatever happens to the output: with stdout closed or full, what was done is said on
stderr instead, never as an internal error.
"""

from __future__ import annotations

import os
import sys

from ..errors import EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, UsageError

# The commit this run made, once its outcome is being shown: an output failure then says so.
COMMITTED: list[str] = []


def output_lost(reason: str) -> int:
    """Stdout could not be written (closed, disk full): say on stderr what was done; the exit code.

    A commit that was made stands, and the command ends as done (0): a script that retried would
    make the change twice. Without a commit the command failed to give its answer (1).
    """
    silence_stdout()
    if COMMITTED:
        message = f"已提交 {COMMITTED[0][:7]}，但结果没能写到标准输出（{reason}）\n"
        hint = "  → 修改已经完整提交，不要重复运行；用 git log -1 查看这次提交\n"
        code = EXIT_OK
    else:
        message = f"结果没能写到标准输出（{reason}）\n"
        hint = "  → 把输出重定向到有空间的位置（或用 -o 写入文件）后重试\n"
        code = EXIT_DATA
    try:
        sys.stderr.write("错误：" + message + hint if not COMMITTED else "提示：" + message + hint)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    return code


def output_failure(exc: OSError) -> bool:
    """An error of writing stdout: data files and caches never let these through unconverted."""
    import errno

    if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF):
        return False
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    try:
        return not sys.stdout.isatty()  # the buffer was dropped with the error; a file fills up
    except (OSError, ValueError, AttributeError):
        return True


def silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def fault_injection(point: str) -> None:
    """LEDGER_FAULT_AFTER_WRITES=N (or `commit`): die at once after a change's N-th rename (0: once
    its journal is written) or after its commit, as a kill would; for the fault-injection tests."""
    from ..edit import rollback

    if not point:
        rollback.on_step(None)
        return
    if point != "commit" and not point.isdigit():
        raise UsageError.single(
            f"环境变量 LEDGER_FAULT_AFTER_WRITES 的值“{point}”无效",
            hint="写作非负整数或 commit（只供测试使用）；或取消该变量",
        )

    def stop(step: str, in_place: int) -> None:
        if (step == "commit") == (point == "commit") and (
            step == "commit" or in_place == int(point)
        ):
            os._exit(EXIT_INTERRUPTED)

    rollback.on_step(stop)
