"""`ledger setup` and the merge driver on their own: repeat runs, foreign hooks, files it cannot merge."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import G1T2, GIT_ENV, MINI, git, run_cli

# The console script pip installed next to the interpreter running the tests.
SCRIPT = Path(sys.executable).parent / ("ledger.exe" if sys.platform == "win32" else "ledger")


def commit(root: Path, message: str) -> subprocess.CompletedProcess:
    """`git commit -am` with the pre-commit hook, as a contact person would run it."""
    return subprocess.run(
        ["git", "commit", "-qam", message],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
    )


def test_setup_twice_changes_nothing_more(mini):
    first = run_cli(mini, "setup")
    assert first.exit_code == 0, first.stderr
    assert "已在 .gitattributes 中加入“data/tasks/**/*.yaml merge=ledger”" in first.stdout
    attributes = (mini / ".gitattributes").read_text(encoding="utf-8")
    second = run_cli(mini, "setup")
    assert second.exit_code == 0
    assert (mini / ".gitattributes").read_text(encoding="utf-8") == attributes
    assert "gitattributes" not in second.stdout
    driver = git(mini, "config", "merge.ledger.driver").strip()
    assert driver == f"{shlex.quote(SCRIPT.as_posix())} merge-file %O %A %B %P"


def test_hook_and_driver_run_the_installed_tool_and_carry_no_path_of_the_clone(mini):
    assert run_cli(mini, "setup").exit_code == 0
    hook = (mini / ".git/hooks/pre-commit").read_text(encoding="utf-8")
    driver = git(mini, "config", "merge.ledger.driver")
    for text in (hook, driver):
        assert str(mini) not in text and mini.as_posix() not in text
        assert shlex.quote(SCRIPT.as_posix()) in text
        assert "-m qc_ledger" not in text
    assert '--root "$top" validate' in hook


def test_a_copied_clone_validates_itself(mini, tmp_path):
    assert run_cli(mini, "setup").exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(mini, copy, symlinks=True)
    path = copy / G1T2
    path.write_text(
        path.read_text(encoding="utf-8").replace("progress: 0", "progress: 50"), encoding="utf-8"
    )
    result = commit(copy, "bad")
    assert result.returncode != 0
    assert "状态为未启动（not_started），进度却是 50%" in result.stderr + result.stdout


def test_a_moved_clone_still_commits(mini, tmp_path):
    assert run_cli(mini, "setup").exit_code == 0
    moved = tmp_path / "moved to a folder with spaces"
    shutil.move(mini, moved)
    path = moved / G1T2
    path.write_text(
        path.read_text(encoding="utf-8").replace("deliverable: null", "deliverable: 方案"),
        encoding="utf-8",
    )
    result = commit(moved, "good")
    assert result.returncode == 0, result.stderr + result.stdout
    assert git(moved, "log", "-1", "--format=%s").strip() == "good"


REPORT = (
    "    status: in_progress\n    progress: 30\n    progress_log:\n      - date: {day}\n"
    "        author: {who}\n        note: {note}\n        status: in_progress\n"
    "        progress: 30\n"
)


def _report(root: Path, who: str, day: str, note: str) -> None:
    path = root / G1T2
    text = path.read_text(encoding="utf-8")
    old = "    status: not_started\n    progress: 0\n    progress_log: []\n"
    assert old in text
    path.write_text(text.replace(old, REPORT.format(day=day, who=who, note=note)), "utf-8")
    result = commit(root, f"{who} report")
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_branch_with_its_own_qc_ledger_runs_none_of_it(mini, tmp_path):
    """Checking out a branch that carries a `qc_ledger/` runs none of its code through git."""
    marker = tmp_path / "the branch's code ran"
    code = f"open({str(marker)!r}, 'w').write('ran')\n"
    package = mini / "qc_ledger"
    (package / "cli").mkdir(parents=True)
    for name in ("__init__.py", "__main__.py", "cli/__init__.py"):
        (package / name).write_text(code + "def main():\n    pass\n", encoding="utf-8")
    git(mini, "checkout", "-q", "-b", "tool")
    git(mini, "add", "qc_ledger")
    git(mini, "commit", "-q", "-m", "a tool of its own")
    assert run_cli(mini, "setup").exit_code == 0
    git(mini, "checkout", "-q", "-b", "a")
    _report(mini, "周七", "2024-07-02", "教育局：已摸底。")
    git(mini, "checkout", "-q", "tool")
    git(mini, "checkout", "-q", "-b", "b")
    _report(mini, "孙六", "2024-07-03", "财政局：已测算经费。")
    git(mini, "merge", "-q", "--no-ff", "-m", "merge a", "a")  # the driver merges the reports
    assert not marker.exists()
    text = (mini / G1T2).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert text.index("教育局：已摸底。") < text.index("财政局：已测算经费。")


NOT_A_TASK = "id: g9-t1\ntitle: 甲\ngroup: g9\nowner: 丙\nkind: 丁\nnote: 乙\n"
UNREADABLE = {
    "no measures": NOT_A_TASK,
    "measures not a list": NOT_A_TASK + "measures: 无\n",
    "a measure without an id": NOT_A_TASK + "measures:\n  - text: 戊\n",
    "a measure that is not a mapping": NOT_A_TASK + "measures:\n  - 戊\n",
    "twice the same measure": NOT_A_TASK + "measures:\n  - id: m\n  - id: m\n",
    "a list": "- 甲\n- 丙\n- 丁\n- 戊\n- 己\n- 乙\n",
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_merge_file_falls_back_to_git_for_a_file_it_cannot_merge_by_records(mini, tmp_path, case):
    base = UNREADABLE[case]
    ours = base.replace("甲", "甲一")
    theirs = base.replace("乙", "乙二")
    paths = _versions(tmp_path, base, ours, theirs)
    result = run_cli(mini, "merge-file", *paths, "data/tasks/g9-t1.yaml")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    merged = (tmp_path / "ours.yaml").read_text(encoding="utf-8")
    assert "甲一" in merged and "乙二" in merged and "<<<<<<<" not in merged


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_merge_file_marks_conflicts_where_git_would(mini, tmp_path, case):
    base = UNREADABLE[case]
    ours, theirs = base.replace("甲", "甲一"), base.replace("甲", "甲二")
    paths = _versions(tmp_path, base, ours, theirs)
    labels = ["-L", "这边", "-L", "共同基础", "-L", "另一边"]
    expected = subprocess.run(
        ["git", "merge-file", "-p", *labels, paths[1], paths[0], paths[2]],
        capture_output=True,
        text=True,
    ).stdout
    result = run_cli(mini, "merge-file", *paths, "data/tasks/g9-t1.yaml")
    assert result.exit_code == 1
    assert "<<<<<<< 这边" in expected
    assert (tmp_path / "ours.yaml").read_text(encoding="utf-8") == expected


def test_setup_keeps_a_hook_it_did_not_write(mini):
    hook = mini / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    result = run_cli(mini, "setup")
    assert result.exit_code == 0
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
    assert "已有别的内容，没有覆盖" in result.stdout


def test_setup_outside_git_is_refused(tmp_path):
    import shutil

    shutil.copytree(MINI / "data", tmp_path / "plain" / "data")
    result = run_cli(tmp_path / "plain", "setup")
    assert result.exit_code == 1
    assert "不在 git 仓库中" in result.stderr


def test_the_hook_refuses_an_invalid_commit(mini):
    assert run_cli(mini, "setup").exit_code == 0
    path = mini / G1T2
    path.write_text(
        path.read_text(encoding="utf-8").replace("progress: 0", "progress: 50"), encoding="utf-8"
    )
    import subprocess

    result = subprocess.run(
        ["git", "commit", "-qam", "bad"], cwd=mini, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "状态为未启动（not_started），进度却是 50%" in result.stderr + result.stdout


def _versions(tmp_path, base: str, ours: str, theirs: str):
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_merge_file_leaves_markers_when_a_side_cannot_be_read(mini, tmp_path):
    text = (MINI / G1T2).read_text(encoding="utf-8")
    broken = text.replace("title: 教师编制挂钩", "title: [教师编制挂钩").replace(
        "deliverable: null", "deliverable: 方案"
    )
    other = text.replace("deliverable: null", "deliverable: 细则")
    base, ours, theirs = _versions(tmp_path, text, broken, other)
    result = run_cli(mini, "merge-file", base, ours, theirs, G1T2)
    assert result.exit_code == 1
    assert "有需要人工决定的冲突" in result.stderr
    assert "<<<<<<< 这边" in (tmp_path / "ours.yaml").read_text(encoding="utf-8")


def test_merge_file_refuses_a_report_on_a_measure_the_other_side_removed(mini, tmp_path):
    text = (MINI / G2T1_PATH).read_text(encoding="utf-8")
    start = text.index("  - id: g2-t1-m3")
    removed = text[:start]
    reported = text.replace("已与两家企业洽谈。", "已签约一家。")
    base, ours, theirs = _versions(tmp_path, text, removed, reported)
    result = run_cli(mini, "merge-file", base, ours, theirs, G2T1_PATH)
    assert result.exit_code == 1
    assert "措施 g2-t1-m3 在这边被删除了，另一边却修改了它" in result.stderr


G2T1_PATH = "data/tasks/g2-t1.yaml"
