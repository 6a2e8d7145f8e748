"""Receipt (签收) and closing (办结申请 → 审核) as the rules define them: who must sign, by when, and
where a measure's closing stands. Pure: records and rules in, answers out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .models import Measure, Period, Rules, Task
from .supervision_models import ClosingStep


def pending_request(measure: Measure) -> ClosingStep | None:
    """The unit's request to close that the office has neither approved nor returned yet."""
    if measure.status in ("done", "cancelled") or not measure.closing:
        return None
    last = measure.closing[-1]
    return last if last.action == "request" else None


def approved_request(measure: Measure) -> ClosingStep | None:
    """The request the office's last approval answered (None when the office never approved)."""
    request = None
    approved = None
    for step in measure.closing:
        if step.action == "request":
            request = step
        elif step.action == "approve":
            approved = request
    return approved


def approved(measure: Measure) -> bool:
    """The office has approved closing the measure at least once."""
    return any(step.action == "approve" for step in measure.closing)


def done_unapproved(measure: Measure, rules: Rules) -> bool:
    """Marked done although closing needs the office's approval and it never gave it."""
    return rules.closing.approval and measure.status == "done" and not approved(measure)


def needs_receipt(task: Task, rules: Rules) -> bool:
    """The task's kind of work must be acknowledged by its units."""
    return task.kind in rules.receipt.kinds


def signers(measure: Measure, rules: Rules) -> list[str]:
    """The units that must acknowledge the measure: lead, and cooperating when the rules say so."""
    units = [measure.lead_unit]
    if rules.receipt.units == "lead_and_cooperating":
        units += measure.cooperating_units
    return list(dict.fromkeys(units))


def assigned_on(task: Task, measure: Measure, period: Period) -> dt.date:
    """When the work was assigned: the measure's start, else the source's date, else the plan's."""
    if measure.start is not None:
        return measure.start
    if task.source is not None and task.source.date is not None:
        return task.source.date
    return period.start


def receipt_due(task: Task, measure: Measure, rules: Rules, period: Period) -> dt.date:
    """The last day to acknowledge the measure."""
    return assigned_on(task, measure, period) + dt.timedelta(days=rules.receipt.days)


def unacknowledged(
    task: Task, measure: Measure, rules: Rules, canonical: Callable[[str], str] = str
) -> list[str]:
    """The units that still owe the open measure their receipt (canonical names)."""
    if measure.status in ("done", "cancelled") or not needs_receipt(task, rules):
        return []
    signed = {canonical(receipt.unit) for receipt in measure.receipts}
    return [
        name
        for name in dict.fromkeys(canonical(unit) for unit in signers(measure, rules))
        if name not in signed
    ]


def receipt_overdue(
    task: Task, measure: Measure, rules: Rules, period: Period, today: dt.date
) -> bool:
    """Someone still owes the receipt and its day has passed."""
    return today > receipt_due(task, measure, rules, period)
