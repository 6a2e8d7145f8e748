"""Expected progress (序时进度) and how reported progress compares, with thresholds from rules.yaml."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from qc_ledger.domain.models import Measure, Period, Rules
from qc_ledger.domain.timeliness import expected_progress, pace

from conftest import run_cli

PERIOD = Period(start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
RULES = Rules(stale_days=30, due_soon_days=30, red=["overdue"], yellow=["delayed"])
TODAY = dt.date(2024, 12, 31)  # half of 2024-01-01 … 2025-12-31 has gone


def measure(**fields) -> Measure:
    base = {
        "id": "g1-t1-m1",
        "text": "一项措施。",
        "lead_unit": "区教育局",
        "deadline": dt.date(2025, 12, 31),
    }
    return Measure(**{**base, **fields})


def test_the_expected_progress_is_the_share_of_time_gone():
    assert expected_progress(measure(), PERIOD, TODAY) == 50
    assert expected_progress(measure(), PERIOD, dt.date(2023, 6, 1)) == 0
    assert expected_progress(measure(), PERIOD, dt.date(2026, 3, 1)) == 100
    own_start = measure(start=dt.date(2025, 1, 1))
    assert expected_progress(own_start, PERIOD, TODAY) == 0


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"status": "in_progress", "progress": 65}, "ahead"),
        ({"status": "in_progress", "progress": 60}, "ahead"),
        ({"status": "in_progress", "progress": 59}, "on_pace"),
        ({"status": "in_progress", "progress": 41}, "on_pace"),
        ({"status": "in_progress", "progress": 40}, "behind"),
        ({"status": "in_progress", "progress": 31}, "behind"),
        ({"status": "in_progress", "progress": 30}, "far_behind"),
        ({"status": "not_started", "progress": 0}, "far_behind"),
        ({"status": "in_progress", "progress": 10, "deadline": dt.date(2024, 6, 30)}, "overdue"),
        ({"status": "done", "progress": 100, "evidence": ["文号"]}, "done"),
        (
            {
                "status": "cancelled",
                "progress": 0,
                "progress_log": [
                    {"date": dt.date(2024, 3, 1), "note": "并入", "status": "cancelled"}
                ],
            },
            None,
        ),
    ],
)
def test_each_pace_label_at_its_threshold(fields, label):
    assert pace(measure(**fields), PERIOD, TODAY, RULES) == label


def test_thresholds_come_from_the_rules():
    strict = RULES.model_copy(update={"behind_points": 5, "serious_points": 8})
    assert pace(measure(status="in_progress", progress=44), PERIOD, TODAY, strict) == "behind"
    assert pace(measure(status="in_progress", progress=42), PERIOD, TODAY, strict) == "far_behind"


def test_show_list_and_status_carry_it(mini):
    shown = run_cli(mini, "show", "g1-t1-m2", today="2024-07-15").stdout
    assert "序时进度 100%（逾期）" in shown
    data = json.loads(run_cli(mini, "list", "-f", "json").stdout)
    record = next(m for m in data["measures"] if m["id"] == "g2-t1-m1")
    assert (record["expected_progress"], record["pace"], record["pace_label"]) == (
        54,
        "far_behind",
        "严重滞后",
    )
    status = run_cli(mini, "status").stdout
    assert "均进度" in status
    md = run_cli(mini, "status", "-f", "md").stdout
    assert "| 平均进度 |" in md


def test_the_conditions_and_standing_agree_with_each_rule_asked_in_turn_and_a_digest_with_its_record():
    from qc_ledger.domain.digest import facts_of
    from qc_ledger.domain.models import STATUSES, ProgressEntry, Task
    from qc_ledger.domain.timeliness import (
        Standing,
        conditions,
        days_overdue,
        is_due_soon,
        is_overdue,
        is_stale,
        light,
        milestone_missed,
        timely_state,
    )
    from qc_ledger.reports.export import timely_values

    checked = 0
    answers: dict[tuple, set] = {}  # by day and `timely_state`: one answer each
    for status in STATUSES:
        for progress in (0, 30, 60, 100):
            for deadline in (dt.date(2024, 6, 30), dt.date(2025, 1, 15), dt.date(2025, 12, 31)):
                for logged in (None, dt.date(2024, 12, 20), dt.date(2024, 9, 1)):
                    log = [] if logged is None else [ProgressEntry(date=logged, note="进展。")]
                    # A milestone at 50% by the autumn: missed while the progress is below it.
                    marks = (
                        [{"date": dt.date(2024, 10, 1), "progress": 50}] if progress == 30 else []
                    )
                    m = measure(status=status, progress=progress, deadline=deadline,
                                progress_log=log, milestones=marks)  # fmt: skip
                    facts = facts_of(Task(id="g1-t1", group="g1", title="任务", measures=[m]))
                    for today in (TODAY, dt.date(2025, 1, 1), dt.date(2026, 2, 1)):
                        expected = {
                            name
                            for name, holds in (
                                ("overdue", is_overdue(m, today)),
                                ("delayed", status == "delayed"),
                                ("due_soon", is_due_soon(m, today, RULES)),
                                ("stale", is_stale(m, today, RULES)),
                                ("behind", pace(m, PERIOD, today, RULES) == "behind"),
                                ("far_behind", pace(m, PERIOD, today, RULES) == "far_behind"),
                            )
                            if holds
                        }
                        assert conditions(m, today, RULES, PERIOD) == expected
                        assert conditions(facts.measures[0], today, RULES, PERIOD) == expected
                        assert light(facts.measures[0], today, RULES, PERIOD) == light(
                            m, today, RULES, PERIOD
                        )
                        standing = Standing(today, RULES, PERIOD)
                        asked = (light(m, today, RULES, PERIOD), days_overdue(m, today),
                                 is_stale(m, today, RULES))  # fmt: skip
                        assert standing.of(m) == standing.of(facts.measures[0]) == asked
                        listed = (light(m, today, RULES, PERIOD), pace(m, PERIOD, today, RULES),
                                  is_overdue(m, today), is_due_soon(m, today, RULES),
                                  is_stale(m, today, RULES), milestone_missed(m, today))  # fmt: skip
                        assert standing.listed(m) == standing.listed(facts.measures[0]) == listed
                        values = timely_values(m, today, RULES, PERIOD)
                        assert standing.timely(m) == standing.timely(facts.measures[0]) == values
                        # Written by type too (True and 1 are equal): the types must agree.
                        assert list(map(type, standing.timely(m))) == list(map(type, values))
                        answers.setdefault((today, timely_state(m)), set()).add(values)
                        answers.setdefault((today, timely_state(facts.measures[0])), set()).add(
                            values
                        )
                        checked += 1
    assert checked == len(STATUSES) * 4 * 3 * 3 * 3
    assert all(len(values) == 1 for values in answers.values())
    assert len(answers) < checked  # closed measures of other progress and reports share a state
