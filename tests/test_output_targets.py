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
    assert result.exit_code == 0, result.output
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
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads(real.read_text(encoding="utf-8"))["tasks"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["台账.json"]  # nothing left beside it
