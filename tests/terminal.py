"""Drive the real CLI on a pseudo-terminal (POSIX only), answering its prompts."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path


def _drive(root: Path, args: list[str], env: dict[str, str], at_prompt) -> tuple[int, str]:
    """Run `ledger --root root *args` on a pty; call `at_prompt(leader, process)` at each prompt."""
    import pty

    leader, follower = pty.openpty()
    environment = {**os.environ, "NO_COLOR": "1", "LEDGER_NO_CACHE": "1", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "qc_ledger", "--root", str(root), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        close_fds=True,
    )
    os.close(follower)
    shown = b""
    answered = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
            # A prompt is waiting when the screen ends with ":" and no answer went to it yet.
            if shown.rstrip().endswith(b":") and shown.count(b":") > answered:
                answered = shown.count(b":")
                at_prompt(leader, process)
        elif process.poll() is not None:
            break
    try:
        code = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"the command did not end; the screen showed: {shown!r}") from None
    os.close(leader)
    return code, shown.decode("utf-8", errors="replace")


def converse(
    root: Path, args: list[str], answers: list[str], env: dict[str, str]
) -> tuple[int, str]:
    """Run `ledger --root root *args` on a pty, answer each prompt in turn; return (exit code, screen)."""
    pending = list(answers)

    def answer(leader: int, _process) -> None:
        if pending:
            os.write(leader, pending.pop(0).encode("utf-8") + b"\n")

    return _drive(root, args, env, answer)


def cancel_at_prompt(root: Path, args: list[str], key: str, env: dict[str, str]) -> tuple[int, str]:
    """Run on a pty, and at the first prompt press Ctrl-D (`key="eof"`) or Ctrl-C (`key="interrupt"`)."""
    import signal

    pressed = []

    def cancel(leader: int, process) -> None:
        if pressed:
            return
        pressed.append(True)
        if key == "eof":
            os.write(leader, b"\x04")
        else:
            # What the terminal does for Ctrl-C: SIGINT to the process waiting at the prompt.
            process.send_signal(signal.SIGINT)

    return _drive(root, args, env, cancel)
