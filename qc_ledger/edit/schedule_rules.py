"""The rules for a measure's schedule: its deadline, reporting cadence and milestones (节点).

Pure: the measure and what was asked in, the changes out, or a UsageError naming the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from ..domain.models import Measure, Period
from ..errors import UsageError
from ..history.recorddiff import Change
from ..vocabulary import CADENCE_LABELS, field_label, milestones_text
from .values import DEFAULT_CADENCE


class DeadlineAsk(Protocol):
    """What an update asks of the deadline."""

    deadline: dt.date | None
    reason: str | None
    beyond_period: bool


def cadence_words(value: object) -> str:
    """A cadence as people read it; none set reads 按默认 (the rules' own)."""
    return CADENCE_LABELS.get(str(value), "") if value else "按默认"


def plan_line(change: Change) -> str | None:
    """Cadence and milestones as people read them (the generic line shows stored values)."""
    label = field_label(change.field, "measure")
    if change.field == "cadence":
        return f"{label}：{cadence_words(change.old)} → {cadence_words(change.new)}"
    if change.field == "milestones":
        return f"{label}：{milestones_text(change.old)} → {milestones_text(change.new)}"
    return None


def schedule_changes(
    measure: Measure, asked: tuple, period: Period, deadline: dt.date
) -> list[Change]:
    """The changes of the reporting cadence and the milestones (节点), checked against the span.

    `asked` is the request's (cadence, milestones, clear_milestones).
    """
    wanted, milestones, clear = asked
    changes: list[Change] = []
    if wanted is not None:
        cadence = None if wanted == DEFAULT_CADENCE else wanted
        if cadence != measure.cadence:
            changes.append(Change("cadence", measure.cadence, cadence))
    if not milestones and not clear:
        return changes
    old = [_milestone_data(m.model_dump()) for m in measure.milestones]
    by_date = {} if clear else {m["date"]: m for m in old}
    start = measure.start or period.start
    for milestone in milestones:
        if not start <= milestone["date"] <= deadline:
            raise UsageError.single(
                f"--milestone 的日期 {milestone['date']} 不在措施的开始 {start} 与完成时限 "
                f"{deadline} 之间",
                hint="节点写在措施的开始与完成时限之间；完成时限后的事先调整 --deadline",
            )
        by_date[milestone["date"]] = _milestone_data(milestone)
    new = [by_date[day] for day in sorted(by_date)]
    if new != old:
        changes.append(Change("milestones", old, new))
    return changes


def _milestone_data(milestone: dict) -> dict:
    """A milestone as written to the file: date, then progress and deliverable where given."""
    return {key: value for key, value in milestone.items() if value is not None}


def deadline_changes(
    measure: Measure, request: DeadlineAsk, period: Period, day: dt.date, author: str | None
) -> tuple[list[Change], dict | None]:
    """The deadline's changes and the deadline_history entry that records them, if it moves."""
    if request.beyond_period and request.deadline is None:
        raise UsageError.single(
            "--beyond-period 只用于把完成时限调整到实施期之外",
            hint="同时给出 --deadline 新的完成时限和 --reason 理由",
        )
    if request.reason is not None and request.deadline is None:
        raise UsageError.single(
            "--reason 只用于说明完成时限的调整", hint="同时给出 --deadline 新的完成时限"
        )
    if request.deadline is None or request.deadline == measure.deadline:
        return [], None
    if request.reason is None:
        later = request.deadline > measure.deadline
        raise UsageError.single(
            f"{'推迟' if later else '提前'}完成时限（{measure.deadline} → {request.deadline}）须说明理由",
            hint='加 --reason "调整的理由"；原时限会保留在 deadline_history 中',
        )
    inside = period.contains(request.deadline)
    if not inside and not (measure.beyond_period or request.beyond_period):
        raise UsageError.single(
            f"完成时限 {request.deadline} 不在实施期 {period} 内",
            hint="改为实施期内的日期；确需超出实施期时加 --beyond-period",
        )
    if request.beyond_period and inside:
        raise UsageError.single(
            f"新的完成时限 {request.deadline} 在实施期内，不需要 --beyond-period",
            hint="去掉 --beyond-period",
        )
    changes = [Change("deadline", measure.deadline, request.deadline)]
    if request.beyond_period and not measure.beyond_period:
        changes.append(Change("beyond_period", False, True))
    entry = {
        "date": day,
        "previous": measure.deadline,
        "new": request.deadline,
        "reason": request.reason,
        "author": author,
    }
    return changes, entry
