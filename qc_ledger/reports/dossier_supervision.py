"""The supervision parts of a dossier (一件一档): reminders, inspections, receipt and closing.

Pure; reports/dossier.py puts them in place among the measure's other parts.
"""

from __future__ import annotations

import datetime as dt

from ..domain.ledger import Ledger
from ..domain.models import Measure, Task
from ..vocabulary import (
    CLOSING_LABELS,
    CLOSING_REQUESTED,
    RECTIFICATION_LABELS,
    SOURCE_KIND_LABELS,
    UNACKNOWLEDGED,
)
from .documents import Section, TableModel


def part_title(name: str, measure: Measure, level: int) -> str:
    """A part's heading; in a task's file, the measure's id leads it (the parts of several measures)."""
    return name if level == 2 else f"{measure.id} {name}"


def _units(ledger: Ledger, measure: Measure) -> list[str]:
    canonical = ledger.registry.canonical
    return list(
        dict.fromkeys(canonical(u) for u in [measure.lead_unit, *measure.cooperating_units])
    )


def reminders(ledger: Ledger, measure: Measure, day: dt.date, level: int) -> Section:
    """Every reminder in data/office.yaml that named the measure, up to `day`."""
    title = part_title("催办记录", measure, level)
    canonical = ledger.registry.canonical
    sent = [r for r in ledger.office.reminders if measure.id in r.measures and r.date <= day]
    if not sent:
        return Section(title, ["data/office.yaml 中没有催办这项措施的记录。"], level=level)
    rows = [[r.date, canonical(r.unit), "、".join(r.measures), r.note or ""] for r in sent]
    header = ["催办日期", "被催办单位", "同次催办的措施", "说明"]
    line = f"催办 {len(sent)} 次（data/office.yaml 的 reminders，含 ledger reminders --record 记下的）。"
    return Section(title, [line], [TableModel("", header, rows, wide=frozenset({2, 3}))], level)


def inspections(ledger: Ledger, measure: Measure, day: dt.date, level: int) -> list[Section]:
    """The inspections of its lead or cooperating units up to `day` (no part when there were none)."""
    canonical = ledger.registry.canonical
    units = set(_units(ledger, measure))
    found = [
        i
        for i in ledger.office.inspections
        if i.date <= day and units & {canonical(u) for u in i.units}
    ]
    if not found:
        return []
    rows = [
        [
            i.id,
            i.date,
            "、".join(canonical(u) for u in i.units),
            "；".join(i.problems),
            i.rectification or "",
            RECTIFICATION_LABELS[i.rectification_status]
            + (f"（{i.rectified.isoformat()}）" if i.rectified else ""),
        ]
        for i in found
    ]
    header = ["编号", "检查日期", "检查的单位", "发现的问题", "整改情况", "整改状态"]
    line = "督导检查涉及本措施的牵头或配合单位（检查不一定针对本措施）。"
    table = TableModel("", header, rows, wide=frozenset({3, 4}))
    return [Section(part_title("督导检查", measure, level), [line], [table], level)]


def receipts(ledger: Ledger, task: Task, measure: Measure, day: dt.date, level: int) -> Section:
    """Who acknowledged the measure (签收) and when, and which units owe it by the rules."""
    title = part_title("签收", measure, level)
    canonical = ledger.registry.canonical
    signed = [r for r in measure.receipts if r.date <= day]
    rows = [[canonical(r.unit), r.date, r.author or "", r.note or ""] for r in signed]
    lines = [_receipt_state(ledger, task, measure, signed)]
    tables = [TableModel("", ["单位", "签收日期", "签收人", "说明"], rows, wide=frozenset({3}))]
    return Section(title, lines, tables if rows else [], level)


def _receipt_state(ledger: Ledger, task: Task, measure: Measure, given) -> str:
    rules = ledger.rules.receipt
    canonical = ledger.registry.canonical
    if task.kind not in rules.kinds:
        kind = SOURCE_KIND_LABELS[task.kind]
        return f"{kind}按规则不须签收。" if not given else f"{kind}按规则不须签收；签收记录如下。"
    owed = [canonical(measure.lead_unit)]
    if rules.units == "lead_and_cooperating":
        owed += [canonical(u) for u in measure.cooperating_units]
    signed = {canonical(r.unit) for r in given}
    missing = [u for u in dict.fromkeys(owed) if u not in signed]
    if missing:
        return f"{UNACKNOWLEDGED}：{'、'.join(missing)}。"
    return "应签收的单位均已签收。"


def closing(measure: Measure, day: dt.date, level: int) -> Section:
    """Every step of closing (申请办结, 审核办结, 退回) up to `day`, and where it stands."""
    title = part_title("办结", measure, level)
    steps = [s for s in measure.closing if s.date <= day]
    if not steps:
        return Section(title, ["没有办结申请。"], level=level)
    rows = [[s.date, CLOSING_LABELS[s.action], s.author or "", s.note or ""] for s in steps]
    header = ["日期", "环节", "经办人", "报告或理由"]
    table = TableModel("", header, rows, wide=frozenset({3}))
    return Section(title, [_closing_state(steps)], [table], level)


def _closing_state(steps) -> str:
    last = steps[-1]
    if last.action == "request":
        return f"{CLOSING_REQUESTED}（{last.date.isoformat()} 申请）。"
    if last.action == "approve":
        return f"已审核办结（{last.date.isoformat()}）。"
    return f"办结申请已退回（{last.date.isoformat()}），待重新申请。"
