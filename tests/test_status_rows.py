"""The status report's group rows: made without the dataclass's frozen __init__, they are still
the frozen rows it would make, with the counts and lights the time rules give each measure."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from qc_ledger.domain.timeliness import Standing, worst_light
from qc_ledger.load.loader import load_ledger
from qc_ledger.reports.status import GroupRow, build_status

from conftest import MINI, REPO


@pytest.mark.parametrize("today", ["2024-01-01", "2025-06-30", "2026-12-06"])
@pytest.mark.parametrize("root", [REPO, MINI])
def test_group_rows_are_the_rows_the_rules_give(root, today):
    ledger = load_ledger(Path(root))
    day = dt.date.fromisoformat(today)
    report = build_status(ledger, day)
    standing = Standing(day, ledger.rules, ledger.plan.period)
    names = tuple(field.name for field in dataclasses.fields(GroupRow))
    assert len(report.rows) == len(ledger.groups)
    for row in report.rows:
        assert tuple(vars(row)) == names, "every field, in declared order"
        assert row == GroupRow(**vars(row))
        with pytest.raises(dataclasses.FrozenInstanceError):
            row.overdue = 0  # type: ignore[misc]
        measures = [m for t in ledger.index.tasks.values() if t.group == row.group_id
                    for m in t.measures]  # fmt: skip
        judged = [standing.of(m) for m in measures]
        assert row.measures == len(measures)
        assert row.light == worst_light([shade for shade, _, _ in judged])
        assert row.overdue == sum(1 for _, late, _ in judged if late)
        assert row.progress_sum == sum(m.progress for m in measures if m.status != "cancelled")
        assert sum(row.counts.values()) == len(measures)
