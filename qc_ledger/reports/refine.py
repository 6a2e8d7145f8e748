"""The responsibility lists (责任清单): how far each lead unit has made its measures concrete.

The plan asks the lead departments of the seven tasks to refine the plan into a responsibility list —
任务项目化、项目责任化、责任人头化 — and submit it to the office by its due date. Pure data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.ledger import Ledger

# The plan's milestone that sets the responsibility lists' due date (data/plan.yaml).
LIST_MILESTONE = "responsibility-lists"


@dataclass(frozen=True)
class RefineRow:
    """One lead unit: its measures and how many of them are concrete, and its list's submission."""

    unit: str
    unit_short: str
    must_submit: bool  # it leads one of the plan's seven tasks (a work group)
    measures: int
    with_person: int
    with_leader: int
    with_deadline: int  # a deadline of its own, not the plan period's end
    with_deliverable: int
    complete: int  # all four
    submitted: dt.date | None
    reference: str | None

    def state(self, due: dt.date | None, today: dt.date) -> str:
        """按时报送, 逾期报送, 未报送, 未到期 or 不需报送 (a unit that leads no work group)."""
        if not self.must_submit:
            return "不需报送"
        if self.submitted is not None:
            return "逾期报送" if due is not None and self.submitted > due else "按时报送"
        if due is not None and today <= due:
            return "未到期"
        return "未报送"


@dataclass(frozen=True)
class RefineReport:
    """What `ledger refine` shows."""

    today: dt.date
    due: dt.date | None
    due_inferred: bool
    rows: list[RefineRow]


def _first_lists(ledger: Ledger) -> dict:
    """Each unit's first submitted responsibility list (the first submission counts)."""
    canonical = ledger.registry.canonical
    lists = {}
    for item in sorted(ledger.office.responsibility_lists, key=lambda item: item.submitted):
        lists.setdefault(canonical(item.unit), item)
    return lists


def _due(ledger: Ledger) -> tuple[dt.date | None, bool]:
    milestone = next((m for m in ledger.plan.milestones if m.id == LIST_MILESTONE), None)
    return (milestone.date if milestone else None), bool(milestone and milestone.inferred)


def build_refine(ledger: Ledger, today: dt.date) -> RefineReport:
    """Every unit that leads a measure, the units leading a work group first."""
    canonical = ledger.registry.canonical
    group_leads = {canonical(group.lead_unit) for group in ledger.groups.values()}
    end = ledger.plan.period.end
    # Per unit: measures, with person, leader, deadline, deliverable, all four. Counted in one
    # pass over the tasks, each rebuilt and let go: a province's measures are never held at once.
    by_unit: dict[str, list[int]] = {}
    for _group, _task, m in ledger.each_measure():
        if m.status == "cancelled":
            continue
        counts = by_unit.setdefault(canonical(m.lead_unit), [0] * 6)
        own_deadline = m.deadline != end
        counts[0] += 1
        counts[1] += bool(m.responsible_person)
        counts[2] += bool(m.responsible_leader)
        counts[3] += own_deadline
        counts[4] += bool(m.deliverable)
        counts[5] += (
            bool(m.responsible_person and m.responsible_leader and m.deliverable) and own_deadline
        )
    for unit in group_leads:
        by_unit.setdefault(unit, [0] * 6)
    lists = _first_lists(ledger)
    rows = []
    for unit, counts in by_unit.items():
        submitted = lists.get(unit)
        rows.append(
            RefineRow(
                unit,
                ledger.registry.short(unit),
                unit in group_leads,
                *counts,
                submitted.submitted if submitted else None,
                submitted.reference if submitted else None,
            )
        )
    rows.sort(key=lambda row: (not row.must_submit, -row.measures, row.unit))
    return RefineReport(today, *_due(ledger), rows)


def list_states(
    ledger: Ledger, today: dt.date
) -> tuple[dt.date | None, list[tuple[RefineRow, str]]]:
    """The lists' due day, and each unit leading a work group with its list's state, without
    reading a measure (the assessment scores only these; their measure counts are left at 0)."""
    canonical = ledger.registry.canonical
    lists = _first_lists(ledger)
    due = _due(ledger)[0]
    found = []
    for unit in sorted({canonical(group.lead_unit) for group in ledger.groups.values()}):
        submitted = lists.get(unit)
        row = RefineRow(
            unit,
            ledger.registry.short(unit),
            True,
            *([0] * 6),
            submitted.submitted if submitted else None,
            submitted.reference if submitted else None,
        )
        found.append((row, row.state(due, today)))
    return due, found
