"""`status` and `changes` as documents to print or forward: Markdown for a notice, CSV for a sheet.

Standard library only; the tables are built by the markdown and CSV helpers that escape every value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import (
    FIGURES_LEGEND,
    LIGHT_WORDS,
    NEVER_REPORTED,
    STATUS_LABELS,
    light_legend,
    milestone_line,
)
from . import markdown
from .csvout import csv_text

if TYPE_CHECKING:
    from ..reports.history import ChangesReport
    from ..reports.status import GroupRow, StatusReport

_COUNTED = ("not_started", "in_progress", "delayed", "done", "cancelled")
_GROUP_HEADER = [
    "工作组",
    "组长",
    "牵头单位",
    "任务",
    "措施",
    *(STATUS_LABELS[s] for s in _COUNTED),
]
_GROUP_HEADER += ["逾期", "完成率", "平均进度", "灯"]


def _group_cells(row: GroupRow) -> list[object]:
    return [
        row.short_name,
        row.leader,
        row.lead_unit,
        row.tasks,
        row.measures,
        *(row.counts.get(status, 0) for status in _COUNTED),
        row.overdue,
        f"{row.done_share}%",
        f"{row.average_progress}%",
        LIGHT_WORDS.get(row.light or "", ""),
    ]


def _heading(report: StatusReport) -> list[str]:
    lines = [f"统计日期 {report.today}，实施期 {report.period_start} 至 {report.period_end}。"]
    if report.basis:
        lines.append(report.basis)
    if report.today > report.period_end:
        lines.append(f"实施期已于 {report.period_end} 结束。")
    lines += [milestone_line(milestone) + "。" for milestone in report.milestones]
    return lines


def status_md(report: StatusReport) -> str:
    """The status as a notice: the groups' table, then what to chase."""
    md = markdown.text
    out = [f"# {md(report.title)}", "", *(md(line) for line in _heading(report)), ""]
    rows = [_group_cells(row) for row in [*report.rows, report.total]]
    out.append(markdown.table(_GROUP_HEADER, rows, right=frozenset(range(3, 13))))
    out.append(md(light_legend(report.rules)))
    out += ["", md(FIGURES_LEGEND)]
    if report.supervision:
        out += ["", md(report.supervision)]
    for title, items, overdue in (
        ("逾期措施", report.overdue, True),
        ("红灯措施（未逾期）", report.red, None),
        ("未报送的措施", report.stale, False),
    ):
        if not items:
            continue
        out += ["", f"## {title}（{len(items)} 项）", ""]
        header = [
            "措施",
            "工作组",
            "任务",
            "牵头单位",
            "完成时限",
            "逾期天数" if overdue else ("情况" if overdue is None else "最近报送"),
        ]
        cells = [
            [
                item.measure_id,
                item.group_short_name,
                item.task_title,
                item.lead_unit,
                item.deadline,
                item.days_overdue
                if overdue
                else (item.reason if overdue is None else (item.last_report or NEVER_REPORTED)),
            ]
            for item in items
        ]
        out.append(markdown.table(header, cells))
    return "\n".join(out) + "\n"


def status_csv(report: StatusReport) -> str:
    """The groups' counts, one row each and a total, for a spreadsheet."""
    return csv_text(_GROUP_HEADER, [_group_cells(row) for row in [*report.rows, report.total]])


_CHANGE_HEADER = ["日期", "原提交日期", "工作组", "记录", "变化", "作者", "提交"]


def _change_rows(report: ChangesReport) -> list[list[object]]:
    rows = []
    for section in report.sections:
        for row in section.rows:
            original = row.commit.original.date() if row.commit.original else None
            rows.append(
                [
                    row.commit.committed.date(),
                    original if original and original != row.commit.committed.date() else "",
                    section.name,
                    row.record.record_id.removeprefix("unit:").removeprefix("@plan") or "方案",
                    "\n".join(row.record.lines()),
                    row.commit.author,
                    row.commit.short,
                ]
            )
    return rows


def changes_md(report: ChangesReport) -> str:
    """The period's changes as a notice: a line of totals, then a table per work group."""
    md = markdown.text
    totals = report.totals
    out = [
        f"# 台账变化（{report.since} 至 {report.until}）",
        "",
        md(
            f"{report.commits} 次提交，改动记录 {totals.get('records', 0)} 项；新完成 "
            f"{totals.get('done', 0)} 项，状态变化 {totals.get('status', 0)} 项，新增进展 "
            f"{totals.get('notes', 0)} 条，完成时限调整 {totals.get('deadlines', 0)} 项。"
        ),
    ]
    if report.shallow_from:
        out += ["", md(f"注意：本地历史只到 {report.shallow_from}（浅克隆）。")]
    rows = _change_rows(report)
    for section in report.sections:
        mine = [row for row in rows if row[2] == section.name]
        out += ["", f"## {md(section.name)}（{section.records} 项记录）", ""]
        out.append(
            markdown.table(
                [h for h in _CHANGE_HEADER if h != "工作组"],
                [[value for index, value in enumerate(row) if index != 2] for row in mine],
            )
        )
    if not report.sections:
        out += ["", "这段时间台账没有变化。"]
    return "\n".join(out) + "\n"


def changes_csv(report: ChangesReport) -> str:
    """One row per record changed by one commit."""
    return csv_text(_CHANGE_HEADER, _change_rows(report))
