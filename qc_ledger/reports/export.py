"""The machine-readable export: the contract in DOMAIN.md, as plain JSON-ready data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .. import __version__
from ..domain.digest import MeasureFacts
from ..domain.ledger import Ledger
from ..domain.models import Measure, Period, Rules, Task
from ..domain.plaindump import plain
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
    data = stored_fields(measure, kind)
    data["lead_unit"] = ledger.registry.canonical(measure.lead_unit)
    data["cooperating_units"] = [ledger.registry.canonical(u) for u in measure.cooperating_units]
    data.update(timely_fields(ledger, measure, today))
    return data


def stored_fields(measure: Measure, kind: str) -> dict:
    """What a measure's export takes from its task file alone: its fields as stored (unit names as
    written), then those derived from them. The rest (`timely_fields`) follows them."""
    data = plain(measure)
    data["status_label"] = STATUS_LABELS[measure.status]
    data["source_kind"] = kind
    data["source_kind_label"] = SOURCE_KIND_LABELS[kind]
    data["original_deadline"] = measure.original_deadline.isoformat()
    # Set by ledger init where the plan gave no deadline: the plan's end, until the office confirms.
    data["deadline_inferred"] = "deadline" in measure.inferred
    last = last_report(measure)
    data["last_report"] = last.isoformat() if last else None
    return data


# The fields `timely_fields` gives, in their order in a measure's export.
TIMELY_KEYS = ("overdue", "stale", "light", "expected_progress", "pace", "pace_label",
               "milestone_missed")  # fmt: skip


def timely_fields(ledger: Ledger, measure: Measure | MeasureFacts, today: dt.date) -> dict:
    """What a measure's export says of it as of a day by the ledger's rules and period: the same
    from its record or its digest."""
    values = timely_values(measure, today, ledger.rules, ledger.plan.period)
    return dict(zip(TIMELY_KEYS, values, strict=True))


def timely_values(measure: Measure | MeasureFacts, today: dt.date, rules: Rules,
                  period: Period) -> tuple:  # fmt: skip
    """The values of `timely_fields` in the order of TIMELY_KEYS, by these rules and period."""
    found = pace(measure, period, today, rules)
    return (
        is_overdue(measure, today),
        is_stale(measure, today, rules),
        light(measure, today, rules, period),
        expected_progress(measure, period, today),
        found,
        PACE_LABELS[found] if found else None,
        milestone_missed(measure, today),
    )


def build_export(ledger: Ledger, today: dt.date) -> dict:
    """The whole ledger as one JSON-ready document."""
    export = export_document(ledger, today)
    export["tasks"] = list(export["tasks"])
    return export


def export_document(ledger: Ledger, today: dt.date) -> dict:
    """The document `build_export` gives with its tasks as an iterator: each task's record is
    rebuilt, exported and let go in turn, so a province's are never all held at once."""
    tasks = (
        task_record(task, [measure_record(ledger, m, today, task.kind) for m in task.measures])
        for task in ledger.each_task()
    )
    return document(ledger, today, tasks)


def task_record(task: Task, measures: list) -> dict:
    """A task as exported, with its measures' records as given."""
    return {
        "id": task.id,
        "group": task.group,
        "title": task.title,
        "source": plain(task.source) if task.source else None,
        "measures": measures,
    }


def document(ledger: Ledger, today: dt.date, tasks: Iterable) -> dict:
    """The export document with its tasks as given (an iterator: written as they come)."""
    canonical = ledger.registry.canonical
    plan = plain(ledger.plan)
    if ledger.plan.coordination_office is not None:
        office = ledger.plan.coordination_office
        plan["coordination_office"]["host_unit"] = canonical(office.host_unit)
    groups = []
    for group in ledger.groups.values():
        data = plain(group)
        data["lead_unit"] = canonical(group.lead_unit)
        data["member_units"] = [canonical(unit) for unit in group.member_units]
        data["tasks"] = list(ledger.index.by_group.get(group.id, ()))  # no record rebuilt
        groups.append(data)
    return {
        "version": EXPORT_VERSION,
        "generator": f"qc-ledger {__version__}",
        "as_of": today.isoformat(),
        "plan": plan,
        "units": [plain(unit) for unit in ledger.registry.units.values()],
        "groups": groups,
        "tasks": tasks,
        "office": plain(ledger.office),
    }
