"""Receipt (签收) and closing (办结) steps as stored: a request appended by an update, and lines for people.

Pure: never prints, exits or reads a file.
"""

from __future__ import annotations

import datetime as dt

from ..domain.models import Measure
from ..domain.supervision import pending_request
from ..errors import DataError, Problem
from ..vocabulary import CLOSING_LABELS


def closing_request(measure: Measure, note: str | None, day: dt.date, author: str | None) -> dict:
    """The closing step `request` an update marking done appends (refused while one is pending)."""
    pending = pending_request(measure)
    if pending is not None:
        raise refused(
            f"措施 {measure.id} 已于 {pending.date} 申请办结，正等统筹办审核",
            f"统筹办用 ledger close {measure.id} --approve 审核办结，"
            f'或 ledger close {measure.id} --reject --reason "理由" 退回；退回后可再申请',
        )
    return make_step(day, "request", author, note)


def step_lines(receipt: dict | None, closing: dict | None) -> list[str]:
    """A receipt and a closing step as lines for people."""
    out = []
    if receipt is not None:
        who = receipt.get("author") or "未署名"
        out.append(f"签收：{receipt['date'].isoformat()} {receipt['unit']}（{who}）")
    if closing is not None:
        who = closing.get("author") or "未署名"
        note = f"：{closing['note']}" if closing.get("note") else ""
        label = CLOSING_LABELS[closing["action"]]
        out.append(f"{label}：{closing['date'].isoformat()} {who}{note}".replace("\n", " "))
    return out


def make_step(day: dt.date, action: str, author: str | None, note: str | None) -> dict:
    step: dict = {"date": day, "action": action, "author": author}
    if note:
        step["note"] = note
    return step


def refused(message: str, hint: str) -> DataError:
    return DataError([Problem(message, hint=hint, code="closing_state")])
