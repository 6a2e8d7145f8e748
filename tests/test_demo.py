"""`ledger demo DIR`: a separate repository with a labelled, invented history that shows every light."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPO, run_cli

AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo repository for the module (building it makes about 200 commits)."""
    target = tmp_path_factory.mktemp("demo") / "演示台账"
    before = {p: p.read_bytes() for p in (REPO / "data").rglob("*.yaml")}
    result = run_cli(REPO, "demo", str(target))
    assert {p: p.read_bytes() for p in (REPO / "data").rglob("*.yaml")} == before
    assert result.exit_code == 0, result.stderr
    assert "其中的进展和报送人都是虚构的" in result.stdout
    assert "实施方案取自台账" in result.stdout  # run inside the ledger: its own plan
    return target


def test_the_demo_shows_all_three_lights_and_every_kind_of_state(demo):
    data = json.loads(run_cli(demo, "list", "-f", "json", today=AS_OF).stdout)
    measures = data["measures"] if isinstance(data, dict) else data
    assert {m["light"] for m in measures} >= {"red", "yellow", "green"}
    assert {m["status"] for m in measures} == {
        "not_started",
        "in_progress",
        "delayed",
        "done",
        "cancelled",
    }
    status = run_cli(demo, "status", today=AS_OF).stdout
    assert "\n红 合计" in status and "\n绿 " in status and "\n黄 " in status


def test_every_note_says_it_is_a_demonstration(demo):
    from qc_ledger.load.loader import load_ledger

    ledger = load_ledger(demo)
    entries = [e for _g, _t, m in ledger.iter_measures() for e in m.progress_log]
    assert len(entries) > 100
    assert all(entry.note.startswith("（演示）") for entry in entries)
    moved = [m for _g, _t, m in ledger.iter_measures() if m.deadline_history]
    assert moved and all(m.deadline_history[0].reason.startswith("（演示）") for m in moved)
    assert "虚构" in (demo / "README.md").read_text(encoding="utf-8")


def test_the_demo_has_a_history_over_the_plan_period(demo):
    dates = subprocess.run(
        ["git", "log", "--format=%ad", "--date=short"], cwd=demo, capture_output=True, text=True
    ).stdout.split()
    assert len(dates) > 100
    assert min(dates).startswith("2022") and max(dates) <= AS_OF
    assert {d[:4] for d in dates} == {"2022", "2023", "2024", "2025"}
    week = json.loads(
        run_cli(
            demo, "changes", "--since", "2024-01-01", "--until", "2024-12-31", "-f", "json"
        ).stdout
    )
    assert week["commits"] > 10
    assert run_cli(demo, "validate", today=AS_OF).exit_code == 0


def test_a_folder_with_content_is_refused(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    result = run_cli(REPO, "demo", str(tmp_path))
    assert result.exit_code == 2 and "不是空目录" in result.stderr


def test_status_after_the_period_with_no_reports_points_at_the_demo():
    result = run_cli(REPO, "status", today="2026-12-01")
    assert "实施期已于 2025-12-31 结束，台账中还没有任何进展报送" in result.stdout
    assert "ledger demo" in result.stdout
    assert "ledger demo" not in run_cli(REPO, "status", today="2025-06-30").stdout


def test_the_demo_has_office_records_marked_as_demonstration(demo):
    from qc_ledger.load.loader import load_ledger

    office = load_ledger(demo).office
    assert office.work_teams and office.work_plans and office.inspections
    assert len(office.responsibility_lists) == 3 and office.policy_requests
    texts = [t.name for t in office.work_teams] + [i.problems[0] for i in office.inspections]
    assert all("（演示）" in text for text in texts)
    refine = run_cli(demo, "refine", today=AS_OF).stdout
    assert {"按时报送", "逾期报送", "未报送"} <= set(refine.split())
    report = run_cli(demo, "report", "--since", "2022-01-01", "-f", "json", today=AS_OF).stdout
    highlights = json.loads(report)["notice"]["highlights"]
    assert highlights and all(h["note"].startswith("（演示）") for h in highlights)


def test_the_demo_is_a_living_picture_that_obeys_its_own_policy(demo):
    from qc_ledger.load.loader import load_ledger

    ledger = load_ledger(demo)
    measures = [m for _g, _t, m in ledger.iter_measures()]
    named = [m for m in measures if m.responsible_person and m.responsible_leader and m.deliverable]
    assert len(named) > len(measures) // 2
    notes = {e.note for m in measures for e in m.progress_log}
    assert len(notes) > 60  # not three sentences repeated
    units = ledger.registry.units.values()
    assert all(u.contact and u.contact.name and u.accounts for u in units)
    assert ledger.policy.office_accounts == ["demo@example.org"]
    # Who changed a deadline: only the office (policy.yaml leaves deadlines to it), never a unit.
    movers = subprocess.run(
        ["git", "log", "--format=%ae", "-G", "deadline_history", "--", "data/tasks"],
        cwd=demo,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert movers and set(movers) == {"demo@example.org"}
    reporters = subprocess.run(
        ["git", "log", "--format=%ae", "--", "data/tasks"], cwd=demo, capture_output=True, text=True
    ).stdout.split()
    assert len(set(reporters) - {"demo@example.org"}) >= 4  # each lead unit's own contact
    reminders = run_cli(demo, "reminders", today=AS_OF).stdout
    assert "联系人：未登记" not in reminders


def test_the_demo_never_copies_what_a_link_points_at(mini, tmp_path):
    task = mini / "data" / "tasks" / "g1-t1.yaml"
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(task.read_bytes())
    task.unlink()
    task.symlink_to(outside)
    result = run_cli(mini, "demo", str(tmp_path / "演示台账"))
    assert result.exit_code == 1
    assert "data/tasks/g1-t1.yaml: 错误：这是一个符号链接（指向仓库之外的" in result.stderr
    assert not (tmp_path / "演示台账").exists()


def test_the_demo_is_never_nested_in_another_repository(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "checkout")], check=True)
    result = run_cli(REPO, "demo", str(tmp_path / "checkout" / "演示台账"))
    assert result.exit_code == 2 and "不能建在另一个仓库里" in result.stderr
    assert not (tmp_path / "checkout" / "演示台账").exists()
