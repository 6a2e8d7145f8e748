"""An --output that is a pipe or a link: written through, never replaced by a file of the same name.

A rename puts a new file in place of whatever has the name: of `/dev/null` or `/dev/stdout` (a
device, a pipe) that would leave a plain file where the system's device was, and of a link a file
where the link was. Tested with a named pipe, which any user can make, not with a real device.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from conftest import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def _drained(pipe: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader that takes everything written to the pipe."""
    received: list[bytes] = []

    def read() -> None:
        with pipe.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, received


@pytest.mark.parametrize(
    ("name", "args", "starts"),
    [
        ("out.json", ("export",), b"{"),
        ("out.db", ("export", "-f", "sqlite"), b"SQLite format 3\0"),
        ("out.md", ("status", "-f", "md"), b"# "),
    ],
)
def test_a_named_pipe_is_written_to_and_stays_a_pipe(mini, tmp_path, name, args, starts):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    reader, received = _drained(pipe)
    result = run_cli(mini, *args, "-o", str(pipe))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert received and received[0].startswith(starts), received[:1]
    if name == "out.json":
        plain = tmp_path / "plain.json"
        assert run_cli(mini, "export", "-o", str(plain)).exit_code == 0
        assert json.loads(received[0]) == json.loads(plain.read_bytes())


def test_a_link_keeps_pointing_at_the_file_it_names(mini, tmp_path):
    real = tmp_path / "shared" / "台账.json"
    real.parent.mkdir()
    real.write_text("旧内容", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = run_cli(mini, "export", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads(real.read_text(encoding="utf-8"))["tasks"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["台账.json"]  # nothing left beside it


def test_a_loop_of_links_is_refused_with_a_message(mini, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    result = run_cli(mini, "export", "-o", str(first))
    assert result.exit_code == 2, result.stderr
    assert "是循环的符号链接；什么也没有写入" in result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert first.is_symlink() and second.is_symlink()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_dev_stdout_into_a_file_writes_the_file_the_shell_opened(mini, tmp_path):
    """`-o /dev/stdout > out.json`: the link leads through /proc/self/fd to the file the shell
    opened; that file is written through its descriptor, not replaced by a new one."""
    import subprocess
    import sys

    out = tmp_path / "out" / "out.json"
    out.parent.mkdir()
    with out.open("wb") as stream:
        before = os.fstat(stream.fileno()).st_ino
        done = subprocess.run(
            [sys.executable, "-m", "qc_ledger", "--root", str(mini), "export", "-o", "/dev/stdout"],
            stdout=stream, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.stat().st_ino == before
    assert json.loads(out.read_bytes())["tasks"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.json"]
