"""A file changed moments before the last load remembered it is read again, whatever its kind.

A file saved twice within one timestamp tick keeps its size, times and inode, so what a load
remembered of a file it read moments after a change cannot be trusted on the file's identity alone.
These tests watch which data files a real `ledger status` opens, through the interpreter's audit
hook, so they hold whatever the loader's inner functions are called.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli, settle

_OPENED: list[str] | None = None


def _watch(event: str, args: tuple) -> None:
    # Opening a file, or listing a folder (the path is the event's first argument).
    watched = event in ("open", "os.listdir", "os.scandir")
    if _OPENED is not None and watched and isinstance(args[0], str | bytes | Path):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_watch)  # a hook cannot be removed: it records only while a test asks it to


def opened_by_status(root: Path) -> set[str]:
    """The data files and folders (relative to the root) that one `ledger status` opens or lists."""
    global _OPENED
    _OPENED = []
    try:
        result = run_cli(root, "status")
    finally:
        seen, _OPENED = _OPENED, None
    assert result.exit_code == 0, result.stderr
    data = str(root / "data") + os.sep
    return {Path(name).relative_to(root).as_posix() for name in seen if name.startswith(data)}


def edit_just_now(path: Path) -> None:
    """Change a file in place, and date it a second ahead so a slow run stays within the tick."""
    path.write_text(path.read_text("utf-8") + "# 刚改过\n", "utf-8")
    ahead = time.time() + 1
    os.utime(path, (ahead, ahead))


@pytest.mark.parametrize(
    "name", ["data/groups/g1.yaml", "data/units.yaml", "data/rules.yaml", "data/tasks/g1-t1.yaml"]
)
def test_a_file_changed_moments_before_the_last_load_is_read_again(mini, name):
    settle(mini)
    run_cli(mini, "status")  # the load that remembers
    assert name not in opened_by_status(mini), "an unchanged file is not read again"
    edit_just_now(mini / name)
    assert name in opened_by_status(mini)  # changed: read, and remembered moments after
    assert name in opened_by_status(mini), "remembered within a tick of a change: read again"


def test_a_file_settled_since_the_last_load_is_trusted_again(mini):
    settle(mini)
    edit_just_now(mini / "data" / "groups" / "g1.yaml")
    run_cli(mini, "status")
    settle(mini)  # a minute has passed since the change; the file is as the load found it
    run_cli(mini, "status")  # remembered well after the change
    assert "data/groups/g1.yaml" not in opened_by_status(mini)


def test_a_folder_changed_moments_before_the_last_load_is_listed_again(mini):
    settle(mini)
    run_cli(mini, "status")
    assert "data/tasks" not in opened_by_status(mini), "an unchanged folder is not listed again"
    ahead = time.time() + 1
    os.utime(mini / "data" / "tasks", (ahead, ahead))  # as a file added or renamed just now
    assert "data/tasks" in opened_by_status(mini)
    assert "data/tasks" in opened_by_status(mini), "remembered within a tick of a change"
