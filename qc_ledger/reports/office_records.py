"""`ledger office`: the office's records (data/office.yaml) as a Document, for one unit or all."""

from __future__ import annotations

from ..vocabulary import RECTIFICATION_LABELS
from .documents import Document, Section, TableModel

_POLICY_STATES = {
    "submitted": "已提出",
    "forwarded": "已推送",
    "answered": "已答复",
    "closed": "已办结",
}


def office_document(office, today, canonical, unit: str | None = None) -> Document:
    """`ledger office`: the office's records (section 五), one table each, for one unit or all."""

    def mine(name: str) -> bool:
        return unit is None or canonical(name) == unit

    def day(value) -> str:
        return value.isoformat() if value else ""

    lists = [
        [canonical(i.unit), day(i.submitted), i.reference or "", i.note or ""]
        for i in office.responsibility_lists
        if mine(i.unit)
    ]
    teams = [
        [canonical(i.unit), i.name, day(i.date), i.reference or ""]
        for i in office.work_teams
        if mine(i.unit)
    ]
    plans = [
        [canonical(i.unit), i.title, day(i.date), i.reference or ""]
        for i in office.work_plans
        if mine(i.unit)
    ]
    inspections = [
        [
            i.id,
            day(i.date),
            "、".join(canonical(u) for u in i.units),
            "；".join(i.problems),
            i.rectification or "",
            RECTIFICATION_LABELS[i.rectification_status],
            day(i.rectified),
        ]
        for i in office.inspections
        if any(mine(u) for u in i.units)
    ]
    policies = [
        [
            i.id,
            day(i.date),
            canonical(i.unit),
            i.policy,
            _POLICY_STATES[i.status],
            day(i.forwarded),
            i.answer or "",
        ]
        for i in office.policy_requests
        if mine(i.unit)
    ]
    reminders = [
        [day(i.date), canonical(i.unit), "、".join(i.measures), i.note or ""]
        for i in office.reminders
        if mine(i.unit)
    ]
    parts = [
        ("责任清单", ["单位", "报送日期", "文号", "说明"], lists, frozenset({3})),
        ("工作专班", ["单位", "名称", "成立日期", "文号"], teams, frozenset({1})),
        ("工作方案", ["单位", "标题", "印发日期", "文号"], plans, frozenset({1})),
        (
            "督导检查",
            ["编号", "日期", "单位", "发现的问题", "整改情况", "整改状态", "整改完成"],
            inspections,
            frozenset({3, 4}),
        ),
        (
            "省级支持政策",
            ["编号", "日期", "单位", "政策", "状态", "推送日期", "答复"],
            policies,
            frozenset({3, 6}),
        ),
        ("催办记录", ["日期", "单位", "措施", "说明"], reminders, frozenset({2})),
    ]
    sections = [
        Section(
            f"{title}（{len(rows)} 条）",
            [] if rows else ["无记录。"],
            [TableModel("", header, rows, wide=wide)] if rows else [],
        )
        for title, header, rows, wide in parts
    ]
    who = f"{unit}的" if unit else ""
    return Document(
        f"{who}统筹办工作记录",
        [f"统计日期 {today.isoformat()}；记录在 data/office.yaml（按实际发生的情况追加）。"],
        sections,
    )
