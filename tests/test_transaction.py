"""The one write path: many files as one commit, all or nothing, and a commit git made is kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from qc_ledger.edit.patching import update_measure
from qc_ledger.edit.transaction import Transaction
from qc_ledger.edit.update_rules import UpdateRequest
from qc_ledger.errors import GitError, LedgerError
from qc_ledger.load.loader import load_ledger

from conftest import COMMIT_ENV, G1T2, G2T1, git, run_cli

TODAY = dt.date(2024, 7, 15)


@pytest.fixture
def commit_env(monkeypatch):
    for name, value in COMMIT_ENV.items():
        monkeypatch.setenv(name, value)


def _edits(root: Path):
    period = load_ledger(root).plan.period
    return [
        update_measure(
            root / path,
            measure,
            UpdateRequest(note=f"{measure} 的报送"),
            today=TODAY,
            author="测试员",
            period=period,
        )
        for path, measure in ((G1T2, "g1-t2-m1"), (G2T1, "g2-t1-m1"))
    ]


def _bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "data").rglob("*.yaml")}


def test_a_change_to_two_files_is_one_commit_of_exactly_those_two(mini, commit_env):
    units = mini / "data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# 别人未提交的修改\n", encoding="utf-8")
    before = git(mini, "rev-parse", "HEAD").strip()
    with Transaction(mini, commit=True) as tx:
        for edit in _edits(mini):
            tx.add(edit)
        applied = tx.apply("两项措施的报送\n")
    assert git(mini, "rev-parse", "HEAD^").strip() == before
    assert sorted(git(mini, "show", "--name-only", "--format=", "HEAD").split()) == [G1T2, G2T1]
    assert applied.sha == git(mini, "rev-parse", "HEAD").strip()
    assert git(mini, "status", "--porcelain").splitlines() == [" M data/units.yaml"]


def test_a_failure_writing_the_second_file_leaves_the_first_untouched(mini):
    old = _bytes(mini)
    edits = _edits(mini)
    # Someone replaces the second file by a folder after the edits were made: its write fails.
    (mini / G2T1).unlink()
    (mini / G2T1).mkdir()
    (mini / G2T1 / "keep").write_text("x")
    with pytest.raises(LedgerError) as caught, Transaction(mini) as tx:
        for edit in edits:
            tx.add(edit)
        tx.apply("不会提交\n")
    # Every file is written aside before any is replaced: the failure comes before the first rename.
    assert (mini / G1T2).read_bytes() == old[G1T2]
    messages = [p.message for p in caught.value.problems]
    assert any("文件没有改动" in m for m in messages), messages
    assert not list((mini / "data/tasks").glob(".*.tmp"))
    assert not list((mini / ".git" / "ledger-rollback").glob("*"))


def test_a_refused_commit_restores_both_files_byte_for_byte(mini, commit_env):
    hook = mini / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused' >&2\nexit 1\n")
    hook.chmod(0o755)
    old, head = _bytes(mini), git(mini, "rev-parse", "HEAD")
    with pytest.raises(GitError) as caught, Transaction(mini, commit=True) as tx:
        for edit in _edits(mini):
            tx.add(edit)
        tx.apply("两项措施的报送\n")
    assert _bytes(mini) == old
    assert git(mini, "rev-parse", "HEAD") == head
    assert git(mini, "status", "--porcelain") == ""
    assert any("g1-t2.yaml、g2-t1.yaml" in p.message for p in caught.value.problems)


def test_the_resulting_ledger_is_checked_before_anything_is_written(mini):
    old = _bytes(mini)
    edits = _edits(mini)
    # A second task file that takes the first one's id: valid alone, wrong in the ledger.
    clash = edits[1]
    clash.new_text = clash.new_text.replace("id: g2-t1\n", "id: g1-t2\n", 1)
    with pytest.raises(LedgerError) as caught, Transaction(mini) as tx:
        for edit in edits:
            tx.add(edit)
        tx.apply("")
    assert _bytes(mini) == old
    assert "修改后的台账未通过校验，什么也没有写入" in [p.message for p in caught.value.problems]


def test_thirty_long_evidence_items_commit(mini):
    items = [f"{n:02d}" + "证" * 4898 for n in range(30)]
    args = [arg for item in items for arg in ("--evidence", item)]
    result = run_cli(
        mini, "update", "g1-t2-m1", "--note", "材料齐全", *args, "--commit", **COMMIT_ENV
    )
    assert result.exit_code == 0, result.stderr
    message = git(mini, "log", "-1", "--format=%B")
    assert len(message.encode("utf-8")) > 128 * 1024
    assert all(item in message for item in items)
    assert git(mini, "status", "--porcelain") == ""


def test_a_note_line_starting_with_hash_stays_in_the_commit_message(mini):
    note = "完成摸底。\n# 第二部分：下一步计划"
    result = run_cli(mini, "update", "g1-t2-m1", "--note", note, "--commit", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    assert "# 第二部分：下一步计划" in git(mini, "log", "-1", "--format=%B")


def _git_that_fails_after_committing(folder: Path) -> str:
    real = shutil.which("git")
    script = folder / "git"
    script.write_text(
        "#!/bin/sh\n"
        f'"{real}" "$@"; status=$?\n'
        'for arg in "$@"; do [ "$arg" = commit ] && '
        "{ echo 'fatal: unable to write new index file' >&2; exit 128; }; done\n"
        "exit $status\n"
    )
    script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def test_a_commit_git_made_is_never_reported_as_failed_or_rolled_back(mini, tmp_path):
    path = _git_that_fails_after_committing(tmp_path)
    before = git(mini, "rev-parse", "HEAD").strip()
    result = run_cli(
        mini, "update", "g1-t2-m1", "--note", "报送", "--commit", PATH=path, **COMMIT_ENV
    )
    assert result.exit_code == 0, result.stderr
    after = git(mini, "rev-parse", "HEAD").strip()
    assert after != before and git(mini, "rev-parse", "HEAD^").strip() == before
    assert f"已提交 {after[:7]}" in result.stdout
    assert "但 git 随后报告了错误" in result.stderr and "unable to write new index" in result.stderr
    assert "报送" in (mini / G1T2).read_text(encoding="utf-8")


def test_fmt_commit_is_one_commit_of_the_files_it_changed(mini):
    for name in (G1T2, G2T1):
        path = mini / name
        path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), newline="")
    git(mini, "commit", "-qam", "CRLF")
    result = run_cli(mini, "fmt", "--commit", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    assert sorted(git(mini, "show", "--name-only", "--format=", "HEAD").split()) == [G1T2, G2T1]
    assert git(mini, "log", "-1", "--format=%s").startswith("整理格式（2 个文件）")
    assert run_cli(mini, "fmt", "--check").exit_code == 0


def test_a_current_base_ledger_is_rechecked_only_where_it_changes(mini):
    from qc_ledger.load.loader import recheck

    base = load_ledger(mini)
    edits = _edits(mini)
    clash = edits[1]
    clash.new_text = clash.new_text.replace("id: g2-t1\n", "id: g1-t2\n", 1)
    with pytest.raises(LedgerError) as caught:
        recheck(base, {edit.path: edit.new_text for edit in edits})
    assert any("重复" in p.message or "已用于" in p.message for p in caught.value.problems)
    assert recheck(base, {edits[0].path: edits[0].new_text}) is True
    broken = edits[0].new_text.replace("lead_unit: 区教育局", "lead_unit: 区不存在局", 1)
    with pytest.raises(LedgerError) as caught:
        recheck(base, {edits[0].path: broken})
    assert any("未登记的单位“区不存在局”" in p.message for p in caught.value.problems)
    units = mini / "data" / "units.yaml"
    assert recheck(base, {units: units.read_text(encoding="utf-8")}) is False, "not a task file"
    # A pending file that takes the id of a task nobody touched: caught against the unchanged ones.
    taken = _edits(mini)[1].new_text.replace("id: g2-t1-m1", "id: g1-t1-m1", 1)
    with pytest.raises(LedgerError) as caught:
        recheck(base, {edits[1].path: taken})
    assert any("g1-t1-m1" in p.message and "重复" in p.message for p in caught.value.problems)


def test_a_base_ledger_that_is_no_longer_current_is_not_trusted(mini):
    from qc_ledger.load.loader import recheck

    base = load_ledger(mini)
    other = mini / "data/tasks/g1-t1.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# 别人刚改过\n", encoding="utf-8")
    assert recheck(base, {}) is False
    fresh = load_ledger(mini)
    (mini / "data/tasks/g1-t9.yaml").write_text((mini / G1T2).read_text(encoding="utf-8"))
    assert recheck(fresh, {}) is False, "a file added since the load"
