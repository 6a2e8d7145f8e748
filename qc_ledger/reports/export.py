"""The machine-readable export: the contract in DOMAIN.md, as plain JSON-ready data."""

from __future__ import annotations

import datetime as dt

from .. import __version__
from ..domain.ledger import Ledger
from ..domain.models import Measure
from ..domain.timeliness import (
    expected_progress,
    is_overdue,
    is_stale,
    last_report,
    light,
    milestone_missed,
    pace,
)
from ..vocabulary import PACE_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS

EXPORT_VERSION = 1


def measure_record(ledger: Ledger, measure: Measure, today: dt.date, kind: str = "plan") -> dict:
    """One measure as exported: stored fields with canonical unit names, then derived ones.

    `kind`: where its task comes from (its source's kind; plan for the plan's own tasks).
    """
    data = measure.model_dump(mode="json")
    data["lead_unit"] = ledger.registry.canonical(measure.lead_unit)
    data["cooperating_units"] = [ledger.registry.canonical(u) for u in measure.cooperating_units]
    data["status_label"] = STATUS_LABELS[measure.status]
    data["source_kind"] = kind
    data["source_kind_label"] = SOURCE_KIND_LABELS[kind]
    data["original_deadline"] = measure.original_deadline.isoformat()
    # Set by ledger init where the plan gave no deadline: the plan's end, until the office confirms.
    data["deadline_inferred"] = "deadline" in measure.inferred
    last = last_report(measure)
    data["last_report"] = last.isoformat() if last else None
    data["overdue"] = is_overdue(measure, today)
    data["stale"] = is_stale(measure, today, ledger.rules)
    data["light"] = light(measure, today, ledger.rules, ledger.plan.period)
    data["expected_progress"] = expected_progress(measure, ledger.plan.period, today)
    found = pace(measure, ledger.plan.period, today, ledger.rules)
    data["pace"] = found
    data["pace_label"] = PACE_LABELS[found] if found else None
    data["milestone_missed"] = milestone_missed(measure, today)
    return data


def build_export(ledger: Ledger, today: dt.date) -> dict:
    """The whole ledger as one JSON-ready document."""
    export = export_document(ledger, today)
    export["tasks"] = list(export["tasks"])
    return export


def export_document(ledger: Ledger, today: dt.date) -> dict:
    """The document `build_export` gives with its tasks as an iterator: each task's record is
    rebuilt, exported and let go in turn, so a province's are never all held at once."""
    canonical = ledger.registry.canonical
    plan = ledger.plan.model_dump(mode="json")
    if ledger.plan.coordination_office is not None:
        office = ledger.plan.coordination_office
        plan["coordination_office"]["host_unit"] = canonical(office.host_unit)
    groups = []
    for group in ledger.groups.values():
        data = group.model_dump(mode="json")
        data["lead_unit"] = canonical(group.lead_unit)
        data["member_units"] = [canonical(unit) for unit in group.member_units]
        data["tasks"] = list(ledger.index.by_group.get(group.id, ()))  # no record rebuilt
        groups.append(data)
    tasks = (
        {
            "id": task.id,
            "group": task.group,
            "title": task.title,
            "source": task.source.model_dump(mode="json") if task.source else None,
            "measures": [measure_record(ledger, m, today, task.kind) for m in task.measures],
        }
        for task in ledger.each_task()
    )
    return {
        "version": EXPORT_VERSION,
        "generator": f"qc-ledger {__version__}",
        "as_of": today.isoformat(),
        "plan": plan,
        "units": [unit.model_dump(mode="json") for unit in ledger.registry.units.values()],
        "groups": groups,
        "tasks": tasks,
        "office": ledger.office.model_dump(mode="json"),
    }
