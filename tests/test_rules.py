"""The thresholds and light rules come from data/rules.yaml: every boundary, for more than one value."""

from __future__ import annotations

import datetime as dt

import pytest

from qc_ledger.domain.models import Measure, Period, ProgressEntry, Rules
from qc_ledger.domain.timeliness import is_due_soon, is_stale, light
from qc_ledger.vocabulary import flag_legend, light_legend

from conftest import REPO, run_cli

TODAY = dt.date(2024, 7, 15)
# Measures start a day before TODAY unless told otherwise, so none is behind its expected progress.
PERIOD = Period(start=TODAY - dt.timedelta(days=1), end=dt.date(2025, 12, 31))


def rules(stale: int = 30, due: int = 30, **lights) -> Rules:
    return Rules(
        stale_days=stale,
        due_soon_days=due,
        red=lights.get("red", ["overdue"]),
        yellow=lights.get("yellow", ["delayed", "due_soon", "stale"]),
        blue=lights.get("blue", []),
    )


# The ladder data/rules.yaml ships: red overdue or seriously behind, yellow behind, blue due soon.
LADDER = dict(
    red=["overdue", "far_behind"], yellow=["delayed", "behind", "stale"], blue=["due_soon"]
)


def measure(
    *,
    deadline_in: int = 200,
    reported_ago: int | None = 1,
    status="in_progress",
    progress: int | None = None,
    started_ago: int | None = None,
):
    log = []
    if progress is None:
        progress = 10 if status != "not_started" else 0
    if reported_ago is not None:
        day = TODAY - dt.timedelta(days=reported_ago)
        log = [ProgressEntry(date=day, note="报送", status=status, progress=progress)]
    return Measure(
        id="g1-t1-m1",
        text="措施",
        lead_unit="区教育局",
        start=TODAY - dt.timedelta(days=started_ago) if started_ago is not None else None,
        deadline=TODAY + dt.timedelta(days=deadline_in),
        status=status,
        progress=progress,
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
    assert light(measure(**case), TODAY, rules(**rule), PERIOD) == expected


# Started 100 days ago and due in 100: half the time has gone, so 50 % is on pace.
HALFWAY = dict(started_ago=100, deadline_in=100)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (dict(deadline_in=-1), "red"),
        (dict(HALFWAY, progress=30), "red"),  # 20 points behind: seriously behind
        (dict(HALFWAY, progress=31), "yellow"),  # 19 points: behind
        (dict(HALFWAY, progress=40), "yellow"),  # 10 points: behind
        (dict(HALFWAY, progress=41), "green"),  # 9 points: on pace
        (dict(HALFWAY, progress=90), "green"),  # ahead
        (dict(status="delayed"), "yellow"),
        (dict(reported_ago=31), "yellow"),
        (dict(deadline_in=30), "blue"),
        (dict(started_ago=100, deadline_in=0, progress=95), "blue"),  # due today, on pace
        (dict(deadline_in=31), "green"),
        (dict(deadline_in=10, reported_ago=31), "yellow"),  # yellow outranks blue
        (dict(started_ago=190, deadline_in=10, progress=20), "red"),  # due soon but far behind
        (dict(status="done", deadline_in=-1, progress=100), "green"),
        (dict(status="cancelled"), None),
    ],
)
def test_the_shipped_ladder_lights_each_colour(case, expected):
    assert light(measure(**case), TODAY, rules(**LADDER), PERIOD) == expected


def test_the_shipped_rules_file_is_the_ladder():
    from qc_ledger.load.loader import load_ledger

    shipped = load_ledger(REPO).rules
    assert (shipped.red, shipped.yellow, shipped.blue) == (
        LADDER["red"],
        LADDER["yellow"],
        LADDER["blue"],
    )


def test_the_light_ladder_thresholds_come_from_the_rules():
    behind_by_15 = measure(**HALFWAY, progress=35)
    assert light(behind_by_15, TODAY, rules(**LADDER), PERIOD) == "yellow"
    stricter = rules(**LADDER).model_copy(update={"serious_points": 15})
    assert light(behind_by_15, TODAY, stricter, PERIOD) == "red"
    looser = rules(**LADDER).model_copy(update={"behind_points": 16, "serious_points": 30})
    assert light(behind_by_15, TODAY, looser, PERIOD) == "green"


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
    assert light_legend(rules(**LADDER)) == (
        "灯：红＝有逾期或严重滞后措施；黄＝有滞后、欠进度或 30 天未报送；蓝＝有 30 天内到期；"
        "绿＝其余。欠进度、严重滞后＝进度落后序时进度 10、20 个百分点以上。"
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
