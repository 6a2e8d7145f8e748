"""The contributor path on real git repositories: accounts, every form report answered, two reports on
one measure landing without a hand-made merge, and a review run by trusted code on fetched data."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from test_forms import BODY

from conftest import G1T2, REPO, git, run_cli

GIT = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture
def fresh(mini):
    """The fixture ledger with the shipped policy (no office account yet), committed on main."""
    shutil.copyfile(REPO / "data/policy.yaml", mini / "data/policy.yaml")
    git(mini, "add", "data")
    git(mini, "commit", "-q", "-m", "policy")
    return mini


@pytest.fixture
def ready(fresh):
    """A repository past its first step: the office and one unit's contact registered on main."""
    assert run_cli(fresh, "accounts", "add", "@qc-office", "--commit").exit_code == 0
    result = run_cli(fresh, "accounts", "add", "zhou7", "--unit", "区教育局", "--commit")
    assert result.exit_code == 0, result.stderr
    return fresh


def report(root, tmp_path, body: str, *args: str):
    path = tmp_path / "body.md"
    path.write_text(body, encoding="utf-8")
    reply = tmp_path / "reply.md"
    reply.unlink(missing_ok=True)
    result = run_cli(root, "apply-form", str(path), "--reply", str(reply), *args, **GIT)
    return result, reply.read_text(encoding="utf-8")


def test_a_fresh_repository_says_what_to_set_up_and_accounts_are_registered(fresh):
    result = run_cli(fresh, "accounts", "list")
    assert result.exit_code == 0
    assert "权限尚未配置" in result.stdout and "ledger accounts add" in result.stdout
    assert run_cli(fresh, "accounts", "add", "@qc-office", "--commit").exit_code == 0
    assert run_cli(fresh, "accounts", "add", "zhou7", "--unit", "区教育局").exit_code == 0
    listed = run_cli(fresh, "accounts", "list").stdout
    assert listed == "统筹办\t@qc-office\n区教育局\t@zhou7\n"
    assert "  - '@qc-office'\n" in (fresh / "data/policy.yaml").read_text(encoding="utf-8")
    assert git(fresh, "log", "-1", "--format=%s").strip() == "登记统筹办的账号 @qc-office"
    again = run_cli(fresh, "accounts", "add", "@QC-Office")
    assert again.exit_code == 2 and "已登记为统筹办的账号" in again.stderr
    assert run_cli(fresh, "validate").exit_code == 0


def test_review_names_the_setup_state_until_the_office_is_registered(fresh):
    git(fresh, "checkout", "-q", "-b", "first")
    assert run_cli(fresh, "accounts", "add", "@qc-office", "--commit").exit_code == 0
    result = run_cli(fresh, "review", "main", "HEAD", "--author", "qc-office")
    assert result.exit_code == 1
    assert "权限尚未配置" in result.stderr and "ledger accounts add" in result.stderr
    git(fresh, "checkout", "-q", "main")
    git(fresh, "merge", "-q", "--ff-only", "first")  # the first account goes straight to main
    git(fresh, "checkout", "-q", "-b", "second")
    assert (
        run_cli(fresh, "accounts", "add", "zhou7", "--unit", "区教育局", "--commit").exit_code == 0
    )
    result = run_cli(fresh, "review", "main", "HEAD", "--author", "qc-office")
    assert result.exit_code == 0, result.stdout
    assert "权限尚未配置" not in result.stderr


def test_every_report_is_answered(ready, tmp_path):
    git(ready, "checkout", "-q", "-b", "report/issue-1")
    result, reply = report(ready, tmp_path, BODY, "--login", "zhou7", "--commit")
    assert result.exit_code == 0, result.stderr
    assert reply.startswith("已按这份报送更新措施 g1-t2-m1")
    assert git(ready, "log", "-1", "--format=%an").strip() == "zhou7"

    git(ready, "checkout", "-q", "-b", "report/issue-2", "main")
    head, file_before = git(ready, "rev-parse", "HEAD"), (ready / G1T2).read_bytes()
    result, reply = report(ready, tmp_path, BODY, "--login", "stranger", "--commit")
    assert result.exit_code == 1
    assert reply.startswith("这份进展报送超出了 stranger 的修改权限")
    assert "提交者未登记" in reply and "已撤回" in result.stderr
    # A refused report leaves no commit and no changed file behind.
    assert git(ready, "rev-parse", "HEAD") == head
    assert (ready / G1T2).read_bytes() == file_before
    assert git(ready, "status", "--porcelain") == ""

    before = (ready / G1T2).read_bytes()
    result, reply = report(ready, tmp_path, BODY, "--login", "zhou7", "--sender", "mallory")
    assert result.exit_code == 2
    assert "由 mallory 修改过，不是报送人 zhou7 本人" in reply
    result, reply = report(ready, tmp_path, BODY.replace("\n30\n", "\n三十\n"), "--login", "zhou7")
    assert result.exit_code == 2 and "「进度（%）」" in reply
    assert (ready / G1T2).read_bytes() == before

    missing = tmp_path / "reply-missing.md"
    result = run_cli(ready, "apply-form", str(tmp_path / "none.md"), "--reply", str(missing))
    assert result.exit_code == 2 and "无法读取议题正文" in missing.read_text(encoding="utf-8")


def _merges_cleanly(root, branch: str) -> bool:
    """What a forge's merge button does: git's own merge, no custom driver."""
    done = subprocess.run(
        ["git", "merge-tree", "--write-tree", "main", branch], cwd=root, capture_output=True
    )
    return done.returncode == 0


def test_two_reports_on_one_measure_land_by_re_applying_the_second(ready, tmp_path):
    second = BODY.replace("\n30\n", "\n45\n")
    second = second.replace("已完成摸底调查，\n下一步测算编制。", "已完成测算。")
    for branch, body in (("report/issue-1", BODY), ("report/issue-2", second)):
        git(ready, "checkout", "-q", "-b", branch, "main")
        result, _reply = report(ready, tmp_path, body, "--login", "zhou7", "--commit")
        assert result.exit_code == 0, result.stderr
    git(ready, "checkout", "-q", "main")
    git(ready, "merge", "-q", "--no-ff", "-m", "merge report 1", "report/issue-1")
    assert not _merges_cleanly(ready, "report/issue-2")  # the forge would show a conflict

    # What the workflow does on a push to main for an open report that fell behind.
    git(ready, "checkout", "-q", "-B", "report/issue-2", "main")
    result, reply = report(ready, tmp_path, second, "--login", "zhou7", "--commit")
    assert result.exit_code == 0, result.stderr
    assert "进度：30% → 45%" in reply
    assert _merges_cleanly(ready, "report/issue-2")
    git(ready, "checkout", "-q", "main")
    git(ready, "merge", "-q", "--no-ff", "-m", "merge report 2", "report/issue-2")
    text = (ready / G1T2).read_text(encoding="utf-8")
    assert "已完成摸底调查" in text and "已完成测算。" in text and "progress: 45" in text
    assert run_cli(ready, "validate").exit_code == 0


def test_review_judges_a_fetched_pull_request_without_checking_it_out(ready, tmp_path):
    """CI's trusted pattern: the base checkout runs the tool; the PR head is fetched as data only."""
    fork = tmp_path / "fork"
    git(tmp_path, "clone", "-q", str(ready), str(fork))
    git(fork, "checkout", "-q", "-b", "feature")
    tool = fork / "qc_ledger"
    tool.mkdir()
    (tool / "__init__.py").write_text("raise SystemExit('the pull request ran its own code')\n")
    target = fork / G1T2
    target.write_text(
        target.read_text(encoding="utf-8").replace("deadline: 2025-06-30", "deadline: 2030-12-31"),
        encoding="utf-8",
    )
    git(fork, "add", "-A")
    git(fork, "commit", "-q", "-m", "move a deadline and bring my own tool")
    git(ready, "fetch", "-q", str(fork), "feature:refs/pull/7/head")
    before = git(ready, "status", "--porcelain")
    result = run_cli(ready, "review", "main", "refs/pull/7/head", "--author", "zhou7")
    assert result.exit_code == 1
    assert "qc_ledger/__init__.py" in result.stdout
    assert git(ready, "status", "--porcelain") == before and not (ready / "qc_ledger").exists()
