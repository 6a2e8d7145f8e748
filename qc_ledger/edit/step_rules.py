"""What `ack` and `close` append to a measure, decided against its current state.

Pure: a measure and what was asked in, a MeasureUpdate (or None: nothing to do) out, or an error
naming the rule and the next command. Never prints, exits or reads a file.
"""

from __future__ import annotations

import datetime as dt

from ..domain.models import Measure
from ..domain.supervision import approved, pending_request
from ..errors import DataError
from ..history.recorddiff import Change
from .steps import make_step, refused
from .update_rules import MeasureUpdate


def plan_receipt(
    measure: Measure, unit: str, note: str | None, today: dt.date, author: str | None
) -> MeasureUpdate | None:
    """The receipt a unit appends to a measure; None when the unit has signed already."""
    if any(receipt.unit == unit for receipt in measure.receipts):
        return None
    receipt = {"unit": unit, "date": today, "author": author}
    if note:
        receipt["note"] = note
    return MeasureUpdate(measure.id, (), receipt=receipt, note=note)


def plan_close(
    measure: Measure, approve: bool, note: str | None, today: dt.date, author: str | None
) -> MeasureUpdate:
    """The office's decision on a pending request: approve (done, 100%) or return it with a reason."""
    pending = pending_request(measure)
    if pending is None and measure.status == "done" and not approved(measure):
        return _settle_unapproved(measure, approve, note, today, author)
    if pending is None:
        raise _no_request(measure)
    action = "approve" if approve else "reject"
    step = make_step(today, action, author, note)
    if not approve:
        return MeasureUpdate(measure.id, (), closing_step=step, note=note)
    changes = [Change("status", measure.status, "done")]
    if measure.progress != 100:
        changes.append(Change("progress", measure.progress, 100))
    said = (f"{note}；" if note else "") + f"审核办结（{pending.date} 申请）"
    entry = {"date": today, "author": author, "note": said, "status": "done", "progress": 100}
    return MeasureUpdate(measure.id, tuple(changes), entry=entry, closing_step=step, note=note)


def _settle_unapproved(
    measure: Measure, approve: bool, note: str | None, today: dt.date, author: str | None
) -> MeasureUpdate:
    """A measure marked done without a request (by hand, or before approval was on): decide it now."""
    if approve:
        step = make_step(today, "approve", author, note or "补审核办结")
        return MeasureUpdate(measure.id, (), closing_step=step, note=note)
    step = make_step(today, "reject", author, note)
    changes = (Change("status", "done", "in_progress"),)
    # The log says why the status went back: every status change has its entry.
    entry = {
        "date": today,
        "author": author,
        "note": f"退回办结：{note}",
        "status": "in_progress",
        "progress": measure.progress,
    }
    return MeasureUpdate(measure.id, changes, entry=entry, closing_step=step, note=note)


def _no_request(measure: Measure) -> DataError:
    if measure.status == "done":
        return refused(
            f"措施 {measure.id} 已办结，没有待审核的办结申请",
            f"用 ledger log {measure.id} 查看办结记录",
        )
    if measure.closing and measure.closing[-1].action == "reject":
        last = measure.closing[-1]
        return refused(
            f"措施 {measure.id} 的办结申请已于 {last.date} 退回，单位尚未重新申请",
            f'单位改正后用 ledger update {measure.id} --status done --note "完成情况" 重新申请',
        )
    return refused(
        f"措施 {measure.id} 没有待审核的办结申请",
        f'先由单位用 ledger update {measure.id} --status done --note "完成情况" 申请办结；'
        "ledger list --closing 列出待审核的申请",
    )
