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
            os.write(leader, b"\x04")  # the terminal holds it until the process reads
        else:
            # What the terminal does for Ctrl-C: SIGINT to the process waiting at the prompt. A
            # signal is not held: sent after the prompt is written but before the read begins, it
            # is noted and the read then waits for a key that never comes. So wait for the read.
            wait_until_reading_the_terminal(process)
            process.send_signal(signal.SIGINT)

    return _drive(root, args, env, cancel)


# The read(2) system call's number, by machine, as /proc/PID/syscall shows it.
_READ = {"x86_64": 0, "amd64": 0, "aarch64": 63, "arm64": 63, "riscv64": 63}


def wait_until_reading_the_terminal(process: subprocess.Popen, timeout: float = 60) -> None:
    """Return once the process is blocked reading its standard input (where the system shows it).

    Linux shows each process's current system call in /proc/PID/syscall; elsewhere, or where that
    file cannot be read, the prompt on the screen is all there is to go by.
    """
    number = _READ.get(os.uname().machine.lower())
    path = Path(f"/proc/{process.pid}/syscall")
    deadline = time.monotonic() + timeout
    while number is not None and time.monotonic() < deadline and process.poll() is None:
        try:
            fields = path.read_text().split()
        except OSError:
            return
        if len(fields) >= 2 and fields[0] == str(number) and int(fields[1], 16) == 0:
            return  # read(0, …): waiting for a key
        time.sleep(0.005)
