"""A prompt never opens a window: a commit that lands while a question waits survives the answer.

The real CLI runs on a pseudo-terminal; at its prompt another `ledger` command commits, then the
prompt is answered "y". Under the lock, after the answer, the command re-checks what it decided on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import COMMIT_ENV, G1T1, G2T1, MINI_TODAY, git, run_cli
from terminal import _drive

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")

ENV = {**COMMIT_ENV, "LEDGER_TODAY": MINI_TODAY, "GIT_AUTHOR_NAME": "测试员"}
ENV |= {"GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "测试员"}
ENV |= {"GIT_COMMITTER_EMAIL": "t@example.org"}


def meanwhile(root: Path, *args: str):
    """At the prompt: another command commits, then the user answers yes."""

    def at_prompt(leader: int, _process) -> None:
        other = subprocess.run(
            [sys.executable, "-m", "qc_ledger", "--root", str(root), *args, "--commit"],
            env={**os.environ, **ENV},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert other.returncode == 0, other.stderr
        os.write(leader, b"y\n")

    return at_prompt


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def test_undo_never_erases_a_commit_made_while_it_asked(mini):
    made = run_cli(mini, "update", "g1-t1-m2", "--note", "第一次报送。", "--commit", **COMMIT_ENV)
    assert made.exit_code == 0, made.stderr
    report = ("update", "g1-t1-m2", "--note", "确认期间的报送。")
    code, shown = _drive(mini, ["undo"], ENV, meanwhile(mini, *report))
    assert code == 2 and "确认期间台账有了新的修改" in shown and "什么也没有撤销" in shown, shown
    assert "确认期间的报送。" in (mini / G1T1).read_text(encoding="utf-8")
    assert "确认期间的报送" in git(mini, "log", "-1", "--format=%B")
    assert git(mini, "status", "--porcelain") == ""


def test_import_never_overwrites_a_change_committed_while_it_asked(mini, tmp_path):
    exported = tmp_path / "a.xlsx"
    assert run_cli(mini, "export", "-f", "xlsx", "-o", str(exported)).exit_code == 0
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    headers = {cell.value: cell.column for cell in sheet[2]}
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, headers["编号"]).value == "g2-t1-m3":
            sheet.cell(row, headers["进度"]).value = 80
    book.save(tmp_path / "b.xlsx")
    base = head(mini)
    concurrent = ("update", "g2-t1-m3", "--progress", "50", "--note", "确认期间改的。")
    args = ["import", str(tmp_path / "b.xlsx"), "--commit"]
    code, shown = _drive(mini, args, ENV, meanwhile(mini, *concurrent))
    assert code == 1 and "原来的比较已经不能作数" in shown and "什么也没有导入" in shown, shown
    assert git(mini, "rev-list", "--count", f"{base}..HEAD").strip() == "1"
    assert "确认期间改的。" in (mini / G2T1).read_text(encoding="utf-8")
    assert git(mini, "status", "--porcelain") == ""


def test_an_update_confirmed_after_a_commit_to_its_file_keeps_that_commit(mini):
    base = head(mini)
    other = ("update", "g1-t1-m1", "--note", "同一文件中另一项措施的报送。")
    args = ["update", "g1-t1-m2", "--progress", "100", "--note", "x", "--commit"]
    code, shown = _drive(mini, args, ENV, meanwhile(mini, *other))
    assert code == 0, shown
    # Both commits landed, the second on top of the first: the file holds both reports.
    assert git(mini, "rev-list", "--count", f"{base}..HEAD").strip() == "2"
    text = (mini / G1T1).read_text(encoding="utf-8")
    assert "同一文件中另一项措施的报送。" in text and "progress: 100" in text
    assert git(mini, "status", "--porcelain") == ""
