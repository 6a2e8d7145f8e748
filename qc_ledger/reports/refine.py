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


def build_refine(ledger: Ledger, today: dt.date) -> RefineReport:
    """Every unit that leads a measure, the units leading a work group first."""
    canonical = ledger.registry.canonical
    group_leads = {canonical(group.lead_unit) for group in ledger.groups.values()}
    by_unit: dict[str, list] = {}
    for _group, _task, measure in ledger.iter_measures():
        if measure.status != "cancelled":
            by_unit.setdefault(canonical(measure.lead_unit), []).append(measure)
    for unit in group_leads:
        by_unit.setdefault(unit, [])
    lists = {}
    for item in sorted(ledger.office.responsibility_lists, key=lambda item: item.submitted):
        lists.setdefault(canonical(item.unit), item)  # the first submission counts
    end = ledger.plan.period.end
    rows = []
    for unit, measures in by_unit.items():
        person = sum(bool(m.responsible_person) for m in measures)
        leader = sum(bool(m.responsible_leader) for m in measures)
        deadline = sum(m.deadline != end for m in measures)
        deliverable = sum(bool(m.deliverable) for m in measures)
        complete = sum(
            bool(m.responsible_person and m.responsible_leader and m.deliverable)
            and m.deadline != end
            for m in measures
        )
        submitted = lists.get(unit)
        rows.append(
            RefineRow(
                unit,
                ledger.registry.short(unit),
                unit in group_leads,
                len(measures),
                person,
                leader,
                deadline,
                deliverable,
                complete,
                submitted.submitted if submitted else None,
                submitted.reference if submitted else None,
            )
        )
    rows.sort(key=lambda row: (not row.must_submit, -row.measures, row.unit))
    milestone = next((m for m in ledger.plan.milestones if m.id == LIST_MILESTONE), None)
    return RefineReport(
        today,
        milestone.date if milestone else None,
        bool(milestone and milestone.inferred),
        rows,
    )
