"""`ledger log` and `ledger changes` read real commits of a temporary repository with fixed dates."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import MINI, git, make_repo, run_cli
from golden import check_golden

NO_GLOBAL_GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def on(day: str) -> dict[str, str]:
    """Environment for a command run on `day`: LEDGER_TODAY and both git dates."""
    stamp = f"{day}T10:00:00"
    return {
        "today": day,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        **NO_GLOBAL_GIT,
    }


def ok(result) -> None:
    assert result.exit_code == 0, result.stdout + result.stderr


def hand_commit(root: Path, relative: str, old: str, new: str, day: str, who: str, message: str):
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stamp = f"{day}T15:00:00"
    git(
        root,
        "commit",
        "-q",
        "-m",
        message,
        "--",
        relative,
        env={
            "GIT_AUTHOR_NAME": who,
            "GIT_AUTHOR_EMAIL": "hand@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        },
    )


@pytest.fixture
def history(tmp_path, monkeypatch) -> Path:
    """The fixture ledger after two weeks of reports: commits through the CLI and by hand."""
    # Commit ids in the goldens must not depend on the machine's time zone.
    monkeypatch.setenv("TZ", "UTC")
    root = make_repo(MINI, tmp_path / "history")
    ok(
        run_cli(
            root,
            "update",
            "g1-t2-m1",
            "--progress",
            "20",
            "--note",
            "完成摸底调查。",
            "--commit",
            "--author",
            "孙六 <sun@example.org>",
            **on("2024-07-01"),
        )
    )
    ok(
        run_cli(
            root,
            "update",
            "g1-t1-m2",
            "--status",
            "done",
            "--note",
            "制度已印发。",
            "--evidence",
            "测教〔2024〕8号",
            "--commit",
            **on("2024-07-03"),
        )
    )
    hand_commit(
        root,
        "data/tasks/g1-t2.yaml",
        "    responsible_person: null\n",
        "    responsible_person: 钱八\n",
        "2024-07-05",
        "李四",
        "Name the responsible person of g1-t2-m1",
    )
    ok(
        run_cli(
            root,
            "update",
            "g1-t2-m1",
            "--deadline",
            "2025-09-30",
            "--reason",
            "省级政策调整",
            "--commit",
            **on("2024-07-08"),
        )
    )
    ok(
        run_cli(
            root,
            "update",
            "g2-t1-m3",
            "--progress",
            "80",
            "--note",
            "已与一家企业签约。",
            "--commit",
            **on("2024-07-09"),
        )
    )
    ok(
        run_cli(
            root,
            "new",
            "measure",
            "--task",
            "g1-t2",
            "--text",
            "建立教师交流轮岗制度。",
            "--commit",
            **on("2024-07-10"),
        )
    )
    hand_commit(
        root,
        "data/units.yaml",
        "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n",
        "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n"
        '    contact:\n      name: 周七\n      phone: "0763-7654321"\n',
        "2024-07-12",
        "王五",
        "Contact person of the education bureau",
    )
    return root


def test_log_of_a_measure(history):
    result = run_cli(history, "log", "g1-t2-m1", today="2024-07-15")
    ok(result)
    check_golden("log-mini-measure.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0] == "措施 g1-t2-m1 的修改历史（4 次提交）"
    assert "省级政策调整" in result.stdout and "钱八" in result.stdout


def test_log_of_a_task_and_of_a_group(history):
    result = run_cli(history, "log", "g1-t2", today="2024-07-15")
    ok(result)
    check_golden("log-mini-task.txt", result.stdout)
    assert "新增措施：建立教师交流轮岗制度。" in result.stdout
    group = run_cli(history, "log", "g1", today="2024-07-15")
    ok(group)
    check_golden("log-mini-group.txt", group.stdout)
    assert "g1-t1-m2" in group.stdout and "g2-t1" not in group.stdout


def test_log_json(history):
    result = run_cli(history, "log", "g1-t2-m1", "--format", "json")
    ok(result)
    data = json.loads(result.stdout)
    assert data["id"] == "g1-t2-m1" and data["kind"] == "measure"
    assert data["files"] == ["data/tasks/g1-t2.yaml"]
    assert data["uncommitted_changes"] is False
    commits = data["commits"]
    assert [c["authored"][:10] for c in commits] == [
        "2024-07-08",
        "2024-07-05",
        "2024-07-01",
        "2024-01-01",
    ]
    assert [c["author"] for c in commits] == ["测试员", "李四", "孙六", "测试员"]
    assert commits[0]["commit"] == git(history, "log", "-1", "--format=%H", "HEAD~3").strip()
    (first,) = commits[2]["records"]
    assert first["action"] == "changed"
    changes = {c["field"]: c for c in first["changes"]}
    assert (changes["status"]["old"], changes["status"]["new"]) == ("not_started", "in_progress")
    assert (changes["progress"]["old"], changes["progress"]["new"]) == (0, 20)
    assert changes["progress_log"]["added"] == [
        {
            "date": "2024-07-01",
            "author": "孙六",
            "note": "完成摸底调查。",
            "status": "in_progress",
            "progress": 20,
        }
    ]
    deadline = {c["field"]: c for c in commits[0]["records"][0]["changes"]}
    assert (deadline["deadline"]["old"], deadline["deadline"]["new"]) == (
        "2025-06-30",
        "2025-09-30",
    )
    assert deadline["deadline_history"]["added"][0]["reason"] == "省级政策调整"
    assert commits[3]["records"][0]["action"] == "added"


def test_log_limit(history):
    data = json.loads(run_cli(history, "log", "g1-t2-m1", "-n", "2", "-f", "json").stdout)
    assert len(data["commits"]) == 2


def test_log_mentions_uncommitted_changes(history):
    path = history / "data" / "tasks" / "g1-t2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 草稿\n", encoding="utf-8")
    result = run_cli(history, "log", "g1-t2-m1")
    ok(result)
    assert "尚未提交的修改" in result.stdout
    assert json.loads(run_cli(history, "log", "g1-t2-m1", "-f", "json").stdout)[
        "uncommitted_changes"
    ]


def test_log_of_a_file_that_was_once_broken(history):
    path = history / "data" / "tasks" / "g2-t1.yaml"
    good = path.read_text(encoding="utf-8")
    stamp = {"GIT_AUTHOR_DATE": "2024-07-13T09:00:00", "GIT_COMMITTER_DATE": "2024-07-13T09:00:00"}
    path.write_text(good.replace("progress: 80\n", "progress: [80\n", 1), encoding="utf-8")
    git(history, "commit", "-q", "-am", "broken", env=stamp)
    path.write_text(good, encoding="utf-8")
    git(history, "commit", "-q", "-am", "fixed", env=stamp)
    result = run_cli(history, "log", "g2-t1-m3", "-f", "json")
    ok(result)
    commits = json.loads(result.stdout)["commits"]
    assert [c["subject"] for c in commits[:2]] == ["fixed", "broken"]
    assert commits[0]["unreadable"] and commits[1]["unreadable"]
    assert "无法解析" in run_cli(history, "log", "g2-t1-m3").stdout


def test_log_of_an_unknown_id_suggests(history):
    result = run_cli(history, "log", "g1-t2-m9")
    assert result.exit_code == 2 and "g1-t2-m1" in result.stderr


def test_changes_over_a_period_grouped_by_work_group(history):
    result = run_cli(history, "changes", "--since", "2024-07-01", "--until", "2024-07-12")
    ok(result)
    check_golden("changes-mini-2024-07-01-12.txt", result.stdout)
    text = result.stdout
    assert text.index("教育（g1）") < text.index("发展（g2）") < text.index("方案与单位名录")


def test_changes_default_to_the_last_seven_days(history):
    result = run_cli(history, "changes", today="2024-07-12")
    ok(result)
    check_golden("changes-mini-week.txt", result.stdout)
    assert "2024-07-06 至 2024-07-12" in result.stdout
    assert "2024-07-05" not in result.stdout


def test_changes_boundaries_are_inclusive(history):
    data = json.loads(
        run_cli(
            history, "changes", "--since", "2024-07-05", "--until", "2024-07-05", "-f", "json"
        ).stdout
    )
    assert data["commits"] == 1
    (section,) = data["groups"]
    assert section["group"] == "g1"
    assert [c["subject"] for c in section["changes"]] == ["Name the responsible person of g1-t2-m1"]


def test_changes_json(history):
    result = run_cli(
        history, "changes", "--since", "2024-07-01", "--until", "2024-07-31", "-f", "json"
    )
    ok(result)
    data = json.loads(result.stdout)
    assert (data["since"], data["until"], data["commits"]) == ("2024-07-01", "2024-07-31", 7)
    assert data["totals"] == {
        "records": 5,
        "measures_added": 1,
        "done": 1,
        "notes": 3,
        "status": 2,
        "deadlines": 1,
    }
    assert [g["group"] for g in data["groups"]] == ["g1", "g2", None]
    assert data["groups"][2]["changes"][0]["id"] == "unit:区教育局"


def test_an_empty_period(history):
    result = run_cli(history, "changes", "--since", "2023-01-01", "--until", "2023-12-31")
    ok(result)
    assert "这段时间内台账没有变化" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--since", "2024-13-01"), "--since"),
        (("--since", "last week"), "YYYY-MM-DD"),
        (("--until", "2024-02-30"), "--until"),
        (("--since", "2024-07-10", "--until", "2024-07-01"), "早于"),
    ],
)
def test_bad_dates_are_usage_errors(history, args, words):
    result = run_cli(history, "changes", *args)
    assert result.exit_code == 2 and words in result.stderr


def test_history_needs_a_git_repository(tmp_path):
    root = tmp_path / "plain"
    shutil.copytree(MINI / "data", root / "data")
    for args in (("log", "g1-t1-m1"), ("changes",)):
        result = run_cli(root, *args)
        assert result.exit_code == 1 and "不在 git 仓库中" in result.stderr


def test_the_parsed_history_cache_changes_nothing(history, tmp_path):
    cold = run_cli(history, "log", "g1", LEDGER_CACHE_DIR=str(tmp_path / "cache"))
    ok(cold)
    assert list((tmp_path / "cache").glob("history-*.json"))
    warm = run_cli(history, "log", "g1", LEDGER_CACHE_DIR=str(tmp_path / "cache"))
    off = run_cli(history, "log", "g1", LEDGER_NO_CACHE="1")
    assert warm.stdout == cold.stdout == off.stdout
    args = ("changes", "--since", "2024-07-01", "--until", "2024-07-31")
    assert (
        run_cli(history, *args, LEDGER_CACHE_DIR=str(tmp_path / "cache")).stdout
        == run_cli(history, *args, LEDGER_NO_CACHE="1").stdout
    )


def test_a_units_note_is_a_remark_and_a_progress_note_a_report():
    from qc_ledger.history.recorddiff import field_changes

    (unit_note,) = field_changes("unit", {"note": "旧"}, {"note": "新"})
    assert unit_note.lines() == ["说明：旧 → 新"]
    (entry,) = field_changes("measure", {"deliverable": None}, {"deliverable": "方案"})
    assert entry.lines() == ["成果形式：（空） → 方案"]
