"""`ledger undo` reverts exactly the last ledger commit of this clone, as a new commit."""

from __future__ import annotations

from conftest import COMMIT_ENV, G1T2, G2T1, git, run_cli


def update(root, *args: str, day: str = "2024-07-15"):
    env = {
        **COMMIT_ENV,
        "GIT_AUTHOR_DATE": f"{day}T10:00:00",
        "GIT_COMMITTER_DATE": f"{day}T10:00:00",
    }
    result = run_cli(
        root, "update", *args, "--commit", "--author", "甲 <a@example.org>", today=day, **env
    )
    assert result.exit_code == 0, result.stderr
    return result


def test_undo_reverts_exactly_the_last_ledger_commit(mini):
    before = (mini / G1T2).read_bytes()
    update(mini, "g1-t2-m1", "--progress", "20", "--note", "一", day="2024-07-10")
    after_first = (mini / G1T2).read_bytes()
    update(mini, "g2-t1-m3", "--progress", "80", "--note", "二", day="2024-07-11")
    g2_before = git(mini, "show", f"HEAD~1:{G2T1}")
    preview = run_cli(mini, "undo", "--dry-run")
    assert "将撤销提交" in preview.stdout and "g2-t1-m3：进度：80% → 60%" in preview.stdout
    assert git(mini, "status", "--porcelain") == ""
    result = run_cli(mini, "undo", "--yes", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    assert (mini / G2T1).read_text(encoding="utf-8") == g2_before
    assert (mini / G1T2).read_bytes() == after_first  # the earlier commit stays
    assert git(mini, "log", "-1", "--format=%s").startswith("撤销 ")
    assert git(mini, "rev-list", "--count", "HEAD").strip() == "4"  # a new commit, no rewrite
    # Once more: the commit before it.
    assert run_cli(mini, "undo", "--yes", **COMMIT_ENV).exit_code == 0
    assert (mini / G1T2).read_bytes() == before
    assert run_cli(mini, "undo", "--yes").exit_code == 2  # nothing left of this clone's


def test_undo_refuses_when_the_file_changed_since(mini):
    update(mini, "g1-t2-m1", "--progress", "20", "--note", "一")
    path = mini / G1T2
    path.write_text(path.read_text(encoding="utf-8").replace("一", "一（补）"), encoding="utf-8")
    snapshot = path.read_bytes()
    result = run_cli(mini, "undo", "--yes")
    assert result.exit_code == 2
    assert "在提交" in result.stderr and "之后又有修改" in result.stderr
    assert path.read_bytes() == snapshot


def test_undo_needs_a_yes_in_a_script_and_never_touches_other_commits(mini):
    git(mini, "commit", "-q", "--allow-empty", "-m", "someone else's commit")
    assert "没有可以撤销的台账提交" in run_cli(mini, "undo").stderr
    update(mini, "g1-t2-m1", "--progress", "20", "--note", "一")
    result = run_cli(mini, "undo")
    assert result.exit_code == 2 and "撤销前需要确认" in result.stderr


def test_undo_of_a_new_task_points_to_git_revert(mini):
    result = run_cli(
        mini,
        "new",
        "task",
        "--group",
        "g2",
        "--title",
        "新任务",
        "--measure",
        "一项措施。",
        "--commit",
        **COMMIT_ENV,
    )
    assert result.exit_code == 0, result.stderr
    result = run_cli(mini, "undo", "--yes")
    assert result.exit_code == 2
    assert "新建了文件 data/tasks/g2-t2.yaml" in result.stderr and "git revert" in result.stderr
