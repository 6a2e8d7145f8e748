"""The thresholds and light rules come from data/rules.yaml: every boundary, for more than one value."""

from __future__ import annotations

import datetime as dt

import pytest

from qc_ledger.models import Measure, ProgressEntry, Rules
from qc_ledger.timeliness import is_due_soon, is_stale, light
from qc_ledger.vocabulary import flag_legend, light_legend

from conftest import run_cli

TODAY = dt.date(2024, 7, 15)


def rules(stale: int = 30, due: int = 30, **lights) -> Rules:
    return Rules(
        stale_days=stale,
        due_soon_days=due,
        red=lights.get("red", ["overdue"]),
        yellow=lights.get("yellow", ["delayed", "due_soon", "stale"]),
    )


def measure(*, deadline_in: int = 200, reported_ago: int | None = 1, status="in_progress"):
    log = []
    if reported_ago is not None:
        day = TODAY - dt.timedelta(days=reported_ago)
        log = [ProgressEntry(date=day, note="报送", status=status, progress=10)]
    return Measure(
        id="g1-t1-m1",
        text="措施",
        lead_unit="区教育局",
        deadline=TODAY + dt.timedelta(days=deadline_in),
        status=status,
        progress=10 if status != "not_started" else 0,
        progress_log=log,
    )


@pytest.mark.parametrize("days", [7, 30, 45])
@pytest.mark.parametrize(("offset", "stale"), [(-1, False), (0, False), (1, True)])
def test_stale_boundary(days, offset, stale):
    assert is_stale(measure(reported_ago=days + offset), TODAY, rules(stale=days)) is stale


def test_never_reported_is_stale_and_closed_is_not():
    assert is_stale(measure(reported_ago=None), TODAY, rules())
    assert not is_stale(measure(reported_ago=None, status="done"), TODAY, rules())


DUE_SOON_CASES = [
    (days, offset, soon)
    for days in (0, 30, 45)
    for offset, soon in ((-1, True), (0, True), (1, False))
    if days + offset >= 0  # a deadline before today is overdue, not due soon
]


@pytest.mark.parametrize(("days", "offset", "soon"), DUE_SOON_CASES)
def test_due_soon_boundary(days, offset, soon):
    assert is_due_soon(measure(deadline_in=days + offset), TODAY, rules(due=days)) is soon


@pytest.mark.parametrize(
    ("case", "rule", "expected"),
    [
        (dict(deadline_in=-1), {}, "red"),
        (dict(deadline_in=30), {}, "yellow"),
        (dict(deadline_in=31), {}, "green"),
        (dict(reported_ago=31), {}, "yellow"),
        (dict(reported_ago=30), {}, "green"),
        (dict(status="delayed"), {}, "yellow"),
        (dict(status="delayed"), dict(red=["overdue", "delayed"]), "red"),
        (dict(reported_ago=31), dict(yellow=["delayed"]), "green"),
        (dict(deadline_in=-1), dict(red=["stale"], yellow=["overdue"]), "yellow"),
        (dict(status="done", deadline_in=-1), {}, "green"),
        (dict(status="cancelled"), {}, None),
    ],
)
def test_lights_follow_the_rules(case, rule, expected):
    assert light(measure(**case), TODAY, rules(**rule)) == expected


def test_legends_state_the_rules_own_numbers():
    assert (
        light_legend(rules())
        == "灯：红＝有逾期措施；黄＝有滞后、30 天内到期或 30 天未报送；绿＝其余。"
    )
    assert "45 天未报送" in light_legend(rules(stale=45))
    assert "14 天内到期" in flag_legend(rules(due=14))
    assert light_legend(rules(red=["overdue", "delayed"], yellow=[])) == (
        "灯：红＝有逾期或滞后措施；绿＝其余。"
    )


def test_changing_the_rules_file_changes_status(mini):
    path = mini / "data" / "rules.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("stale_days: 30", "stale_days: 45"),
        encoding="utf-8",
    )
    result = run_cli(mini, "status")
    assert result.exit_code == 0, result.stderr
    assert "45 天未报送" in result.stdout and "30 天未报送" not in result.stdout


def test_a_bad_rules_file_is_reported_with_its_line(mini):
    path = mini / "data" / "rules.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - overdue", "  - late"), encoding="utf-8"
    )
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert "data/rules.yaml:7:5:" in result.stderr


def test_a_missing_rules_file_is_named(mini):
    (mini / "data" / "rules.yaml").unlink()
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert "缺少 data/rules.yaml（规则）" in result.stderr


def test_status_names_units_canonically(mini):
    path = mini / "data" / "groups" / "g2.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "lead_unit: 区发展改革局", "lead_unit: 区发展和改革局"
        ),
        encoding="utf-8",
    )
    result = run_cli(mini, "status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "区发展和改革局" not in result.stdout and '"lead_unit": "区发展改革局"' in result.stdout
