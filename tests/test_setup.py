"""`ledger setup` and the merge driver on their own: repeat runs, foreign hooks, files it cannot merge."""

from __future__ import annotations

from conftest import G1T2, MINI, git, run_cli


def test_setup_twice_changes_nothing_more(mini):
    first = run_cli(mini, "setup")
    assert first.exit_code == 0, first.stderr
    assert "已在 .gitattributes 中加入“data/tasks/**/*.yaml merge=ledger”" in first.stdout
    attributes = (mini / ".gitattributes").read_text(encoding="utf-8")
    second = run_cli(mini, "setup")
    assert second.exit_code == 0
    assert (mini / ".gitattributes").read_text(encoding="utf-8") == attributes
    assert "gitattributes" not in second.stdout
    assert (
        git(mini, "config", "merge.ledger.driver")
        .strip()
        .endswith("-m qc_ledger merge-file %O %A %B %P")
    )


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
