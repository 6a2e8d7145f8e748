"""`ledger new task` / `ledger new measure`: the next free id, defaults, checks before writing."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from qc_ledger.load.loader import load_ledger

from conftest import COMMIT_ENV as GIT
from conftest import git, run_cli
from terminal import converse


def new(root: Path, *args: str):
    return run_cli(root, "new", *args, **GIT)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}


def test_new_measure_takes_the_next_id_and_the_defaults(mini):
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    before = path.read_text(encoding="utf-8")
    result = new(mini, "measure", "--task", "g1-t1", "--text", "建立随迁子女入学服务专窗。")
    assert result.exit_code == 0, result.stderr
    assert "g1-t1-m3" in result.stdout
    assert path.read_text(encoding="utf-8") == before + (
        "  - id: g1-t1-m3\n"
        "    text: 建立随迁子女入学服务专窗。\n"
        "    lead_unit: 区教育局\n"
        "    cooperating_units: []\n"
        "    responsible_person: null\n"
        "    deadline: 2025-12-31\n"
        "    deliverable: null\n"
        "    status: not_started\n"
        "    progress: 0\n"
        "    progress_log: []\n"
        "    evidence: []\n"
        "    start: 2024-07-15\n"  # born today: its expected progress counts from here
    )
    assert run_cli(mini, "validate").exit_code == 0


def test_new_measure_with_every_option_and_unit_aliases(mini):
    result = new(
        mini,
        "measure",
        "--task",
        "g2-t1",
        "--text",
        "建设冷链物流园。",
        "--lead-unit",
        "区发展和改革局",
        "--cooperating-unit",
        "源潭镇",
        "--cooperating-unit",
        "区财政局",
        "--person",
        "王五",
        "--deadline",
        "2025-06-30",
        "--deliverable",
        "园区规划",
    )
    assert result.exit_code == 0, result.stderr
    ledger = load_ledger(mini)
    measure = ledger.measures["g2-t1-m4"][1]
    assert measure.lead_unit == "区发展改革局"  # the alias became the canonical name
    assert measure.cooperating_units == ["源潭镇", "区财政局"]
    assert (measure.responsible_person, str(measure.deadline), measure.deliverable) == (
        "王五",
        "2025-06-30",
        "园区规划",
    )
    assert ledger.warnings == ()


def test_new_measure_after_a_gap_takes_the_highest_plus_one(mini):
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("g1-t1-m2", "g1-t1-m7"))
    result = new(mini, "measure", "--task", "g1-t1", "--text", "新措施。")
    assert result.exit_code == 0, result.stderr
    assert "g1-t1-m8" in load_ledger(mini).measures


def test_new_measure_refuses_bad_values_and_writes_nothing(mini):
    files = snapshot(mini)
    cases = [
        (("--task", "g1-t9", "--text", "x"), "g1-t1"),
        (("--task", "g1-t1-m1", "--text", "x"), "不是任务"),
        (("--task", "g1-t1", "--text", "x", "--lead-unit", "区教育厅"), "区教育局"),
        (("--task", "g1-t1", "--text", "x", "--deadline", "2026-01-31"), "不在实施期"),
        (("--task", "g1-t1", "--text", "x", "--deadline", "明年"), "YYYY-MM-DD"),
        (("--task", "g1-t1", "--text", "  "), "不能为空"),
        (("--text", "x"), "--task"),
        ((), "缺少--task、--text"),
    ]
    for args, words in cases:
        result = new(mini, "measure", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert words in result.stderr, (args, result.stderr)
    assert snapshot(mini) == files


def test_new_task_writes_a_new_file_with_its_measures(mini):
    result = new(
        mini,
        "task",
        "--group",
        "g1",
        "--title",
        "完善随迁子女教育保障",
        "--measure",
        "建立入学服务专窗。",
        "--measure",
        "落实“两为主”政策。",
        "--deadline",
        "2025-06-30",
    )
    assert result.exit_code == 0, result.stderr
    path = mini / "data" / "tasks" / "g1-t3.yaml"
    assert path.read_text(encoding="utf-8") == (
        "id: g1-t3\n"
        "group: g1\n"
        "title: 完善随迁子女教育保障\n"
        "measures:\n"
        "  - id: g1-t3-m1\n"
        "    text: 建立入学服务专窗。\n"
        "    lead_unit: 区教育局\n"
        "    cooperating_units: []\n"
        "    responsible_person: null\n"
        "    deadline: 2025-06-30\n"
        "    deliverable: null\n"
        "    status: not_started\n"
        "    progress: 0\n"
        "    progress_log: []\n"
        "    evidence: []\n"
        "    start: 2024-07-15\n"
        "  - id: g1-t3-m2\n"
        "    text: 落实“两为主”政策。\n"
        "    lead_unit: 区教育局\n"
        "    cooperating_units: []\n"
        "    responsible_person: null\n"
        "    deadline: 2025-06-30\n"
        "    deliverable: null\n"
        "    status: not_started\n"
        "    progress: 0\n"
        "    progress_log: []\n"
        "    evidence: []\n"
        "    start: 2024-07-15\n"
    )
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    ledger = load_ledger(mini)
    assert [t.id for t in ledger.tasks_of("g1")] == ["g1-t1", "g1-t2", "g1-t3"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_task_gets_the_schema_line_when_the_repository_has_schemas(mini):
    (mini / "schemas").mkdir()
    (mini / "schemas" / "task.schema.json").write_text("{}")
    result = new(mini, "task", "--group", "g2", "--title", "新任务", "--measure", "一项措施。")
    assert result.exit_code == 0, result.stderr
    text = (mini / "data" / "tasks" / "g2-t2.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/task.schema.json\nid: g2-t2\n"
    )


def test_new_task_refuses_bad_values_and_writes_nothing(mini):
    files = snapshot(mini)
    for args, words in [
        (("--group", "g9", "--title", "x", "--measure", "y"), "g1"),
        (("--group", "g1-t1", "--title", "x", "--measure", "y"), "不是工作组"),
        (("--group", "g1", "--title", "x"), "--measure"),
        (("--group", "g1", "--title", "x", "--measure", "y", "--lead-unit", "无此局"), "未登记"),
    ]:
        result = new(mini, "task", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert words in result.stderr, (args, result.stderr)
    assert snapshot(mini) == files


def test_new_with_commit_commits_exactly_the_new_or_changed_file(mini):
    result = new(
        mini, "task", "--group", "g2", "--title", "新任务", "--measure", "一项措施。", "--commit"
    )
    assert result.exit_code == 0, result.stderr
    assert git(mini, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "g2-t2:",
        "新增任务（1",
        "项措施）",
        "data/tasks/g2-t2.yaml",
    ]
    result = new(mini, "measure", "--task", "g2-t2", "--text", "第二项。", "--commit")
    assert result.exit_code == 0, result.stderr
    assert git(mini, "log", "-1", "--format=%s").strip() == "g2-t2-m2: 新增措施"
    assert git(mini, "show", "--name-only", "--format=", "HEAD").split() == [
        "data/tasks/g2-t2.yaml"
    ]
    assert git(mini, "status", "--porcelain") == ""


def test_new_measure_dry_run_writes_nothing(mini):
    files = snapshot(mini)
    result = new(mini, "measure", "--task", "g1-t2", "--text", "试一试。", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "+  - id: g1-t2-m2" in result.stdout
    assert snapshot(mini) == files


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_on_a_terminal_missing_values_are_asked_for(mini):
    env = {**GIT, "LEDGER_TODAY": "2024-07-15"}
    code, shown = converse(mini, ["new", "measure"], ["g1-t2", "问一问的措施。"], env)
    assert code == 0, shown
    assert "所属任务编号" in shown and "措施内容" in shown
    assert "g1-t2-m2" in load_ledger(mini).measures
    code, shown = converse(
        mini, ["new", "task", "--group", "g2"], ["交互任务", "第一项。", "第二项。", ""], env
    )
    assert code == 0, shown
    task = load_ledger(mini).tasks["g2-t2"]
    assert task.title == "交互任务"
    assert [m.text for m in task.measures] == ["第一项。", "第二项。"]


def test_a_new_measure_is_neither_far_behind_nor_unreported_on_the_day_it_is_born(mini):
    # Created late in the period with a near deadline: judged from its own start.
    args = ("--text", "新增措施。", "--deadline", "2024-12-31")
    assert new(mini, "measure", "--task", "g1-t1", *args).exit_code == 0
    _task, measure = load_ledger(mini).measures["g1-t1-m3"]
    assert measure.start == dt.date(2024, 7, 15)
    from qc_ledger.domain.timeliness import conditions

    ledger = load_ledger(mini)
    on = {
        day: conditions(measure, dt.date.fromisoformat(day), ledger.rules, ledger.plan.period)
        for day in ("2024-07-15", "2024-08-14", "2024-08-15")
    }
    assert on["2024-07-15"] == set()  # at birth: on pace, not unreported
    assert "stale" not in on["2024-08-14"]  # 30 days after its start: still within the rule
    assert "stale" in on["2024-08-15"]  # the 31st day without a report


def test_a_new_measure_takes_start_and_refuses_one_after_its_deadline(mini):
    args = ("--task", "g1-t1", "--text", "新增措施。", "--deadline", "2024-12-31")
    assert new(mini, "measure", *args, "--start", "2024-07-01").exit_code == 0
    assert load_ledger(mini).measures["g1-t1-m3"][1].start == dt.date(2024, 7, 1)
    result = new(mini, "measure", *args, "--start", "2025-01-01")
    assert result.exit_code == 2 and "晚于完成时限" in result.stderr
