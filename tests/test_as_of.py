"""Figures as of a past day: read from the last commit on or before it, equal to that checkout's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import COMMIT_ENV, MINI, git, make_repo, run_cli

END = "2024-06-30"  # the period's end: two commits before it, one after


def _update(root: Path, day: str, *args: str) -> None:
    env = {
        **COMMIT_ENV,
        "GIT_AUTHOR_DATE": f"{day}T10:00:00",
        "GIT_COMMITTER_DATE": f"{day}T10:00:00",
    }
    result = run_cli(root, "update", *args, "--author", "周七", "--commit", today=day, **env)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """The fixture ledger with a known history: changes on 2024-06-10, 2024-06-30 and 2024-07-10."""
    root = make_repo(MINI, tmp_path / "dated")
    _update(root, "2024-06-10", "g1-t1-m2", "-s", "done", "-p", "100", "-n", "制度已印发")
    _update(root, "2024-06-30", "g1-t2-m1", "-p", "50", "-n", "过半")
    _update(root, "2024-07-10", "g2-t1-m1", "-s", "done", "-p", "100", "-n", "已完成")
    return root


def _checkout_at_end(root: Path, tmp_path: Path) -> Path:
    """A clone of the ledger checked out at the last commit on or before the period's end."""
    clone = tmp_path / "then"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    sha = git(clone, "rev-list", "-1", f"--before={END} 23:59:59", "HEAD").strip()
    git(clone, "checkout", "-q", sha)
    return clone


def _json(root: Path, *args: str, today: str) -> dict:
    result = run_cli(root, *args, "--format", "json", today=today)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_past_notice_equals_the_ledger_checked_out_at_the_periods_end(dated, tmp_path):
    period = ("report", "--since", "2024-06-01", "--until", END)
    past = _json(dated, *period, today="2024-07-15")
    then = _json(_checkout_at_end(dated, tmp_path), *period, today=END)
    basis = past["notice"].pop("basis")
    assert then["notice"].pop("basis") == ""
    assert "2024-06-30 当日的台账" in basis
    assert past == then  # every figure: counts, done, late, groups, total, changes
    # The change of 2024-07-10 is not in it: g2-t1-m1 is not done as of the period's end.
    assert past["notice"]["counts"]["done"] == 2
    now = _json(dated, "report", "--since", "2024-06-01", today="2024-07-15")
    assert now["notice"]["counts"]["done"] == 3


def test_status_as_of_a_past_day_equals_that_days_checkout(dated, tmp_path):
    past = _json(dated, "status", "--as-of", END, today="2024-07-15")
    then = _json(_checkout_at_end(dated, tmp_path), "status", today=END)
    assert past.pop("basis") and then.pop("basis") == ""
    assert past == then


def test_the_last_commit_of_the_day_counts_and_a_day_before_any_commit_is_refused(dated, tmp_path):
    on_day = _json(dated, "status", "--as-of", "2024-06-10", today="2024-07-15")
    before = _json(dated, "status", "--as-of", "2024-06-09", today="2024-07-15")
    assert on_day["total"]["counts"]["done"] == before["total"]["counts"]["done"] + 1
    result = run_cli(dated, "status", "--as-of", "2023-12-31", today="2024-07-15")
    assert result.exit_code != 0
    assert "2023-12-31 及以前没有提交" in result.stderr


def test_today_and_later_read_the_files_as_they_are(dated):
    before = _json(dated, "status", today="2024-07-15")["total"]["counts"]["cancelled"]
    result = run_cli(
        dated, "update", "g1-t2-m1", "-s", "cancelled", "-n", "不再推进", today="2024-07-15"
    )
    assert result.exit_code == 0, result.stderr  # written, not committed
    status = _json(dated, "status", "--as-of", "2024-07-15", today="2024-07-15")
    assert status["basis"] == ""
    assert status["total"]["counts"]["cancelled"] == before + 1


def test_outside_git_a_past_day_says_the_figures_are_todays(tmp_path, cli):
    import shutil

    root = tmp_path / "plain"
    shutil.copytree(MINI / "data", root / "data")
    status = _json(root, "status", "--as-of", "2024-06-01", today="2024-07-15")
    assert "不在 git 仓库中" in status["basis"]


def test_a_day_whose_ledger_was_invalid_is_refused_naming_its_commit(dated):
    path = dated / "data/tasks/g1-t1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("deadline: 2024-06-30", "deadline: 2024-02-30", 1),
        encoding="utf-8",
    )
    env = {"GIT_AUTHOR_DATE": "2024-07-12T10:00:00", "GIT_COMMITTER_DATE": "2024-07-12T10:00:00"}
    git(dated, "commit", "-qam", "A slip", env=env)
    result = run_cli(dated, "status", "--as-of", "2024-07-12", today="2024-07-15")
    assert result.exit_code == 2
    assert "2024-07-12 当日的台账" in result.stderr and "未通过校验" in result.stderr
    assert "ledger-past-" not in result.stderr  # no temporary path
