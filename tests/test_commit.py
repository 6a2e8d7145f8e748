"""`--commit`: exactly the changed file, a structured message, refusals before anything is written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qc_ledger.git.lock import ledger_lock
from qc_ledger.load.loader import load_ledger

from conftest import COMMIT_ENV as GIT
from conftest import G1T2, G2T1, MINI, REPO, git, run_cli


def update(root: Path, *args: str, **env: str):
    return run_cli(root, "update", *args, **{**GIT, **env})


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def files_of(root: Path, revision: str = "HEAD") -> list[str]:
    return git(root, "show", "--name-only", "--format=", revision).split()


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}


def test_a_commit_holds_exactly_the_changed_file(mini):
    (mini / G2T1).write_text((mini / G2T1).read_text(encoding="utf-8") + "# 未提交的草稿\n")
    units = mini / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# 已暂存的修改\n")
    git(mini, "add", "data/units.yaml")
    result = update(mini, "g1-t2-m1", "--progress", "40", "--note", "已起草方案。", "--commit")
    assert result.exit_code == 0, result.stderr
    assert files_of(mini) == [G1T2]
    assert git(mini, "status", "--porcelain").splitlines() == [
        " M data/tasks/g2-t1.yaml",
        "M  data/units.yaml",
    ]
    assert "已提交" in result.stdout


def test_the_commit_message_is_structured_and_signed(mini):
    result = update(
        mini,
        "g1-t2-m1",
        "--progress",
        "40",
        "--note",
        "已起草方案。",
        "--commit",
        "--author",
        "张三 <zhangsan@example.org>",
    )
    assert result.exit_code == 0, result.stderr
    message = git(mini, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "g1-t2-m1: 未启动 → 推进中 (40%)"
    assert "已起草方案。" in message and "进度：0% → 40%" in message
    assert git(mini, "log", "-1", "--format=%an <%ae>|%cn").strip() == (
        "张三 <zhangsan@example.org>|测试员"
    )
    assert load_ledger(mini).measures["g1-t2-m1"][1].progress_log[-1].author == "张三"


def test_other_subjects(mini):
    update(mini, "g1-t1-m2", "--progress", "70", "--commit")
    assert git(mini, "log", "-1", "--format=%s").strip() == "g1-t1-m2: 进度 40% → 70%"
    update(mini, "g1-t1-m2", "--person", "钱八", "--commit")
    assert git(mini, "log", "-1", "--format=%s").strip() == "g1-t1-m2: 责任人：钱八"
    update(mini, "g1-t1-m2", "--note", "继续推进。", "--commit")
    assert git(mini, "log", "-1", "--format=%s").strip() == "g1-t1-m2: 进展记录"


def test_without_commit_the_file_is_written_and_nothing_committed(mini):
    before = head(mini)
    assert update(mini, "g1-t2-m1", "--note", "只写文件。").exit_code == 0
    assert head(mini) == before
    assert git(mini, "status", "--porcelain").strip() == f"M {G1T2}"


def test_commit_outside_a_repository_changes_nothing(tmp_path):
    root = tmp_path / "plain"
    shutil.copytree(MINI / "data", root / "data")
    before = snapshot(root)
    result = update(root, "g1-t2-m1", "--progress", "40", "--commit")
    assert result.exit_code == 1
    assert "不在 git 仓库中" in result.stderr and "去掉 --commit" in result.stderr
    assert snapshot(root) == before


def test_commit_with_a_bad_value_changes_nothing(mini):
    before, files = head(mini), snapshot(mini)
    result = update(mini, "g1-t2-m1", "--progress", "140", "--commit")
    assert result.exit_code == 2 and "--progress" in result.stderr
    assert head(mini) == before and snapshot(mini) == files
    assert git(mini, "status", "--porcelain") == ""


def test_commit_refuses_a_file_modified_by_someone_else(mini):
    draft = (mini / G1T2).read_text(encoding="utf-8") + "# 别人的草稿\n"
    (mini / G1T2).write_text(draft, encoding="utf-8")
    before = head(mini)
    result = update(mini, "g1-t2-m1", "--note", "x", "--commit")
    assert result.exit_code == 1
    assert "尚未提交的修改" in result.stderr and f"git diff -- {G1T2}" in result.stderr
    assert (mini / G1T2).read_text(encoding="utf-8") == draft and head(mini) == before


def test_commit_refuses_an_untracked_file(mini, tmp_path):
    git(mini, "rm", "-q", "--cached", G1T2)
    git(mini, "commit", "-q", "-m", "untrack")
    result = update(mini, "g1-t2-m1", "--note", "x", "--commit")
    assert result.exit_code == 1 and "还没有提交到 git" in result.stderr


def _conflict(root: Path) -> None:
    git(root, "switch", "-q", "-c", "other")
    (root / G1T2).write_text((root / G1T2).read_text(encoding="utf-8").replace("null", "~", 1))
    git(root, "commit", "-q", "-am", "other")
    git(root, "switch", "-q", "main")
    (root / G1T2).write_text((root / G1T2).read_text(encoding="utf-8").replace("null", "无", 1))
    git(root, "commit", "-q", "-am", "main")
    subprocess.run(["git", "merge", "-q", "other"], cwd=root, capture_output=True, check=False)


def test_commit_refuses_a_conflicted_index(mini):
    _conflict(mini)
    files = snapshot(mini)
    result = update(mini, "g1-t1-m2", "--note", "x", "--commit")
    assert result.exit_code == 1
    assert "合并" in result.stderr or "冲突" in result.stderr
    assert snapshot(mini) == files


def test_commit_refuses_an_unfinished_merge(mini):
    git(mini, "switch", "-q", "-c", "other")
    path = mini / "data" / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# x\n")
    git(mini, "commit", "-q", "-am", "other")
    git(mini, "switch", "-q", "main")
    git(mini, "merge", "-q", "--no-ff", "--no-commit", "other")
    files = snapshot(mini)
    result = update(mini, "g1-t1-m2", "--note", "x", "--commit")
    assert result.exit_code == 1 and "未完成的合并" in result.stderr
    assert "git merge --abort" in result.stderr
    assert snapshot(mini) == files


def test_commit_refuses_a_detached_head(mini):
    git(mini, "switch", "-q", "--detach")
    result = update(mini, "g1-t1-m2", "--note", "x", "--commit")
    assert result.exit_code == 1 and "detached HEAD" in result.stderr
    assert git(mini, "status", "--porcelain") == ""


def test_commit_needs_an_identity(tmp_path):
    root = tmp_path / "anonymous"
    shutil.copytree(MINI / "data", root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "init")
    result = update(root, "g1-t2-m1", "--note", "x", "--commit")
    assert result.exit_code == 1
    assert "不知道由谁提交" in result.stderr and "git config" in result.stderr
    assert git(root, "status", "--porcelain") == ""
    result = update(root, "g1-t2-m1", "--note", "x", "--commit", "--author", "张三")
    assert result.exit_code == 1 and "邮箱" in result.stderr
    result = update(root, "g1-t2-m1", "--note", "x", "--commit", "--author", "张三 <z@example.org>")
    assert result.exit_code == 0, result.stderr
    assert git(root, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == (
        "张三 <z@example.org>|张三 <z@example.org>"
    )


def test_a_refused_commit_puts_the_file_back(mini):
    hook = mini / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'blocked by policy' >&2\nexit 1\n")
    hook.chmod(0o755)
    files = snapshot(mini)
    result = update(mini, "g1-t2-m1", "--note", "x", "--commit")
    assert result.exit_code == 1
    assert "blocked by policy" in result.stderr and "已恢复原样" in result.stderr
    assert snapshot(mini) == files
    assert git(mini, "status", "--porcelain") == ""


def _run_ledger(root: Path, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **GIT,
        "LEDGER_TODAY": "2024-07-15",
        "NO_COLOR": "1",
        "LEDGER_NO_CACHE": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "qc_ledger", "--root", str(root), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("commit", [False, True], ids=["write", "commit"])
def test_ten_concurrent_updates_to_one_file_lose_nothing(mini, commit):
    measures = ["g2-t1-m1", "g2-t1-m2", "g2-t1-m3"]
    extra = ["--commit"] if commit else []
    processes = [
        _run_ledger(mini, "update", measures[i % 3], "--note", f"并发报送 {i}", *extra)
        for i in range(10)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    ledger = load_ledger(mini)
    notes = [
        entry.note
        for measure_id in measures
        for entry in ledger.measures[measure_id][1].progress_log
        if entry.note.startswith("并发报送")
    ]
    assert sorted(notes) == sorted(f"并发报送 {i}" for i in range(10))
    if commit:
        revisions = git(mini, "rev-list", "HEAD").split()
        assert len(revisions) == 11
        assert all(files_of(mini, revision) == [G2T1] for revision in revisions[:10])
        assert git(mini, "status", "--porcelain") == ""


def test_a_held_lock_times_out_with_a_clear_message(mini):
    files = snapshot(mini)
    with ledger_lock(mini):
        result = update(mini, "g1-t2-m1", "--note", "x", LEDGER_LOCK_TIMEOUT="0.2")
    assert result.exit_code == 75
    assert "正被另一个命令修改" in result.stderr and "稍后重试" in result.stderr
    assert snapshot(mini) == files


def test_bad_lock_timeout_is_a_usage_error(mini):
    result = update(mini, "g1-t2-m1", "--note", "x", LEDGER_LOCK_TIMEOUT="soon")
    assert result.exit_code == 2 and "LEDGER_LOCK_TIMEOUT" in result.stderr


def test_the_lock_file_is_ignored_by_git():
    assert ".ledger.lock" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


def test_update_does_not_import_git_without_commit(mini):
    code = (
        "import sys\n"
        "from qc_ledger.cli import main\n"
        f"sys.argv = ['ledger', '--root', {str(mini)!r}, 'update', 'g1-t2-m1', '--note', 'x']\n"
        "import atexit\n"
        "atexit.register(lambda: sys.stderr.write(repr('git' in sys.modules)))\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "LEDGER_TODAY": "2024-07-15"},
        check=False,
    )
    assert result.stderr.endswith("False"), result.stderr
