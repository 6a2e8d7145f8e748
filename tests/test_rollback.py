"""Never half done: an import of many files stopped after every single write, and on a full disk.

The CLI runs for real in subprocesses. `LEDGER_FAULT_AFTER_WRITES=N` makes it end at once (as a kill
would) after the N-th file is renamed into place (0: right after its journal is written) or, with
`commit`, right after git made the commit. A full disk is a file-size limit (RLIMIT_FSIZE) on the
process and its git children: every write past it fails with EFBIG, as ENOSPC would.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import COMMIT_ENV, REPO, git, make_repo, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills and file-size limits are POSIX")

TODAY = "2025-06-30"
TASKS = 20


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, **COMMIT_ENV, "LEDGER_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "80"}
    env.update(GIT_AUTHOR_NAME="测试员", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="测试员", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("LEDGER_ROOT", None)
    env.update(extra)
    return env


def ledger(root: Path, *args: str, limit: int | None = None, **env: str):
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "qc_ledger", "--root", str(root), *args],
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limited if limit is not None else None,
    )


def workbook(root: Path, folder: Path) -> Path:
    """A unit's workbook that writes a note on one measure of every task file (20 files)."""
    exported = folder / "台账.xlsx"
    result = run_cli(root, "export", "-f", "xlsx", "-o", str(exported), today=TODAY)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    headers = {cell.value: cell.column for cell in sheet[2]}
    seen: set[str] = set()
    for row in range(3, sheet.max_row + 1):
        measure = sheet.cell(row, headers["编号"]).value
        if measure and measure.rsplit("-", 1)[0] not in seen:
            seen.add(measure.rsplit("-", 1)[0])
            sheet.cell(row, headers["进展情况"]).value = f"{measure}：已召开推进会。"
    assert len(seen) == TASKS
    edited = folder / "填好的.xlsx"
    book.save(edited)
    return edited


def snapshot(root: Path) -> dict:
    """Everything the next command must leave as before or as after: files, HEAD, index, status."""
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
    return {
        "files": files,
        "head": git(root, "rev-parse", "HEAD").strip(),
        "index": git(root, "ls-files", "--stage"),
        "status": git(root, "status", "--porcelain", "--untracked-files=all"),
    }


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """The real ledger in a repository, a workbook touching all 20 task files, and the outcome."""
    folder = tmp_path_factory.mktemp("province")
    root = make_repo(REPO, folder / "ledger")
    edited = workbook(root, folder)
    before = snapshot(root)
    twin = make_repo(REPO, folder / "twin")
    done = ledger(twin, "import", str(edited), "--yes", "--commit")
    assert done.returncode == 0, done.stderr
    after = snapshot(twin)
    assert len(git(twin, "show", "--name-only", "--format=", "HEAD").split()) == TASKS
    return root, edited, before, after


def reset(root: Path, base: str) -> None:
    # git's own locks, left when a git child met the file-size limit (the reflog grows past it).
    for name in ("index.lock", "HEAD.lock", "refs/heads/main.lock"):
        (root / ".git" / name).unlink(missing_ok=True)
    git(root, "reset", "-q", "--hard", base)
    git(root, "clean", "-qfdx")
    assert not (root / ".git" / "ledger-rollback" / "journal.json").exists()


def settled(root: Path, before: dict, after: dict) -> str:
    """Run the next command; the ledger is exactly as before, or as after and committed."""
    following = ledger(root, "status")
    assert following.returncode == 0, following.stderr
    now = snapshot(root)
    if now["files"] == before["files"]:
        assert now == before
        assert "已撤回它的修改" in following.stderr, following.stderr
        return "before"
    assert now["files"] == after["files"] and now["status"] == ""
    assert git(root, "rev-parse", "HEAD^").strip() == before["head"]
    assert git(root, "diff", "--stat", after["head"], "HEAD") == ""  # same tree as the twin's
    assert "已经把修改完整写入并已提交" in following.stderr, following.stderr
    return "after"


@pytest.mark.parametrize("point", [*map(str, range(TASKS + 1)), "commit"])
def test_an_import_stopped_after_any_write_ends_as_before_or_as_after(province, point):
    root, edited, before, after = province
    reset(root, before["head"])
    stopped = ledger(
        root, "import", str(edited), "--yes", "--commit", LEDGER_FAULT_AFTER_WRITES=point
    )
    assert stopped.returncode == 130, stopped.stderr
    assert (root / ".git" / "ledger-rollback" / "journal.json").is_file()
    assert settled(root, before, after) == ("after" if point == "commit" else "before")
    assert not any((root / ".git" / "ledger-rollback").iterdir())
    if point == "commit":
        # Stopped before noting the commit for undo: the recovery noted it, so undo still works.
        undone = ledger(root, "undo", "--yes")
        assert undone.returncode == 0, undone.stderr
        assert snapshot(root)["files"] == before["files"]
    else:
        again = ledger(root, "import", str(edited), "--yes", "--commit")
        assert again.returncode == 0, again.stderr
        assert snapshot(root)["files"] == after["files"]


LEVELS = [512 * 2**k for k in range(6)] + [
    2200,
    3000,
    4000,
    5000,
    6000,
    7000,
    9000,
    12000,
    20000,
    40000,
]


def long_reflogs(root: Path, size: int) -> None:
    """Grow git's reflogs past `size` (its own lines repeated): git then fails after the renames."""
    for log in (root / ".git" / "logs").rglob("*"):
        if log.is_file():
            line = log.read_bytes().splitlines(keepends=True)[0]
            log.write_bytes(line * (size // len(line) + 1))


@pytest.mark.parametrize("reflogs", ["short", "long"])
@pytest.mark.parametrize("limit", sorted(LEVELS))
def test_a_full_disk_at_any_level_leaves_nothing_half_written(province, limit, reflogs):
    root, edited, before, after = province
    reset(root, before["head"])
    if reflogs == "long":
        long_reflogs(root, max(LEVELS))
    result = ledger(root, "import", str(edited), "--yes", "--commit", limit=limit)
    now = snapshot(root)
    if result.returncode == 0:
        assert reflogs == "short" or limit > max(LEVELS)
        assert now["files"] == after["files"] and now["status"] == ""
        return
    assert result.returncode == 1, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    # Refused before anything was replaced, or restored after a refused commit: as before.
    assert now == before, result.stderr
    assert not (root / ".git" / "ledger-rollback" / "journal.json").exists()
