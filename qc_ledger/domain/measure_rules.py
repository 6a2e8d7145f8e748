"""The rules a measure's state must obey however it was edited: by `ledger update` or by hand.

Pure: a measure in, findings out (each with its place inside the measure, the rule in Chinese and the
fix). `validate_record` applies the state rules to every task; `validate` and `review` add the dated
ones, which need the plan's period and today's date.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..vocabulary import status_label
from .models import Measure, Period


class Finding(NamedTuple):
    """One broken rule: where inside the measure, what is wrong, how to fix it, a stable code."""

    loc: tuple
    message: str
    hint: str
    code: str


def state_findings(measure: Measure) -> list[Finding]:
    """Status, progress, log and deadline history must agree the way `update` keeps them."""
    found: list[Finding] = []
    if measure.status == "not_started" and measure.progress > 0:
        found.append(
            Finding(
                ("progress",),
                f"状态为未启动（not_started），进度却是 {measure.progress}%",
                "已经开展的工作把 status 改为 in_progress（推进中）；尚未开展则改为 progress: 0",
                "status_progress",
            )
        )
    if measure.status == "done":
        if measure.progress != 100:
            found.append(
                Finding(
                    ("progress",),
                    f"状态为已完成（done），进度却是 {measure.progress}%",
                    "已完成的措施写 progress: 100；尚未完成则把 status 改为 in_progress",
                    "status_progress",
                )
            )
        if not measure.evidence and not _logged(measure, "done"):
            found.append(
                Finding(
                    ("status",),
                    "标记为已完成须附进展说明或佐证材料",
                    "在 progress_log 末尾加一条 status: done 的记录说明完成情况，"
                    "或在 evidence 下列出佐证材料（文件号或链接）",
                    "done_without_proof",
                )
            )
    if measure.status == "cancelled" and not _logged(measure, "cancelled"):
        found.append(
            Finding(
                ("status",),
                "取消措施须说明理由",
                "在 progress_log 末尾加一条 status: cancelled 的记录，在 note 中写明取消的理由",
                "cancelled_without_reason",
            )
        )
    found.extend(_log_agrees(measure))
    found.extend(_deadline_chain(measure))
    found.extend(_milestone_order(measure))
    return found


def _milestone_order(measure: Measure) -> list[Finding]:
    """Milestones in date order, none after the deadline, expected progress never falling."""
    found: list[Finding] = []
    before = None
    highest: tuple[int, object] | None = None  # the highest progress so far and its milestone
    for index, milestone in enumerate(measure.milestones):
        if milestone.date > measure.deadline:
            found.append(
                Finding(
                    ("milestones", index, "date"),
                    f"节点 {milestone.date} 晚于完成时限 {measure.deadline}",
                    "节点应在措施的开始与完成时限之间：改早节点日期，或先调整完成时限",
                    "milestone_out_of_span",
                )
            )
        if before is not None and milestone.date <= before:
            found.append(
                Finding(
                    ("milestones", index, "date"),
                    f"节点 {milestone.date} 不晚于上一个节点 {before}",
                    "节点按日期从早到晚排列，每个日期只写一次",
                    "milestone_order",
                )
            )
        if milestone.progress is not None:
            if highest is not None and milestone.progress < highest[0]:
                found.append(
                    Finding(
                        ("milestones", index, "progress"),
                        f"节点 {milestone.date} 的进度 {milestone.progress}% 低于之前节点 "
                        f"{highest[1]} 的 {highest[0]}%",
                        "后一个节点的应达进度不能低于前一个：改高这个节点的进度，或改低前一个",
                        "milestone_progress",
                    )
                )
            else:
                highest = (milestone.progress, milestone.date)
        before = milestone.date
    return found


def dated_findings(measure: Measure, period: Period, today: dt.date | None) -> list[Finding]:
    """Dates in the log and the deadline history lie within the plan and not after today; milestones
    not before the measure's start."""
    found: list[Finding] = milestone_start_findings(measure, period)
    for name, entries, label in (
        ("progress_log", measure.progress_log, "进展记录"),
        ("deadline_history", measure.deadline_history, "时限调整记录"),
    ):
        for index, entry in enumerate(entries):
            if entry.date < period.start:
                found.append(
                    Finding(
                        (name, index, "date"),
                        f"{label}的日期 {entry.date} 早于实施期开始（{period.start}）",
                        "写实际报送的日期；实施期开始前的工作写进第一条记录的说明里",
                        "date_before_plan",
                    )
                )
            elif today is not None and entry.date > today:
                found.append(
                    Finding(
                        (name, index, "date"),
                        f"{label}的日期 {entry.date} 晚于今天（{today}）",
                        "记录只写已经发生的事：改为实际的日期（多半是年份或月份写错了）",
                        "date_in_future",
                    )
                )
    return found


def milestone_start_findings(measure: Measure, period: Period) -> list[Finding]:
    """No milestone before the measure's start (its own, else the plan's)."""
    start = measure.start or period.start
    return [
        Finding(
            ("milestones", index, "date"),
            f"节点 {milestone.date} 早于措施的开始（{start}）",
            "节点应在措施的开始与完成时限之间：改为开始之后的日期",
            "milestone_out_of_span",
        )
        for index, milestone in enumerate(measure.milestones)
        if milestone.date < start
    ]


def _logged(measure: Measure, status: str) -> bool:
    """Some log entry records the measure reaching this status."""
    return any(entry.status == status for entry in measure.progress_log)


def _log_agrees(measure: Measure) -> list[Finding]:
    """A status other than not started was reported in the log (update logs every change)."""
    reported = {entry.status for entry in measure.progress_log if entry.status is not None}
    if reported and measure.status not in reported and measure.status != "not_started":
        last = measure.progress_log[-1]
        return [
            Finding(
                ("status",),
                f"状态是“{status_label(measure.status)}”，但没有哪条进展记录写明改为"
                f"“{status_label(measure.status)}”（最近一条是 {last.date}）",
                "改动状态时在 progress_log 末尾加一条记录写明新状态和原因（ledger update 会自动添加）",
                "status_unlogged",
            )
        ]
    return []


def _deadline_chain(measure: Measure) -> list[Finding]:
    """Each adjustment starts where the one before ended, and the last ends at today's deadline."""
    history = measure.deadline_history
    for index in range(1, len(history)):
        if history[index].previous != history[index - 1].new:
            return [
                Finding(
                    ("deadline_history", index, "previous"),
                    f"时限调整记录不连贯：上一次调整为 {history[index - 1].new}，"
                    f"这一次却从 {history[index].previous} 调整",
                    f"把 previous 改为 {history[index - 1].new}；调整记录只追加，不改写",
                    "deadline_history",
                )
            ]
    if history and history[-1].new != measure.deadline:
        return [
            Finding(
                ("deadline",),
                f"完成时限是 {measure.deadline}，但最后一次调整记录的新时限是 {history[-1].new}",
                '调整完成时限用 ledger update --deadline 日期 --reason "理由"，'
                "或手工在 deadline_history 末尾追加一条 date/previous/new/reason 记录",
                "deadline_unlogged",
            )
        ]
    return []
