"""CSV for Excel and WPS: UTF-8 with BOM, one header row, formulas defused. Standard library only."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from ..vocabulary import LIGHT_WORDS
from .safe import visible

if TYPE_CHECKING:
    from ..reports.listing import MeasureRow
    from ..reports.unit import UnitPage, UnitsReport

BOM = "\ufeff"
# A cell starting with one of these is a formula (or a DDE payload) to Excel and WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MEASURE_HEADER = [
    "序号",
    "编号",
    "工作组",
    "改革任务",
    "具体措施",
    "牵头单位",
    "配合单位",
    "责任人",
    "完成时限",
    "成果形式",
    "进度",
    "进展情况",
    "最近报送",
    "状态",
    "灯",
    "提示",
]


def safe_cell(value: object) -> str:
    """A value as CSV text; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = visible(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    """A whole CSV document: BOM, header row, one row per record, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return BOM + buffer.getvalue()


def _measure_cells(number: int, row: MeasureRow) -> list[object]:
    return [
        number,
        row.id,
        row.group_short_name,
        row.task_title,
        row.text,
        row.lead_unit,
        "、".join(row.cooperating_units),
        row.responsible_person,
        row.deadline,
        row.deliverable,
        f"{row.progress}%",
        row.last_note,
        row.last_report,
        row.status_label,
        LIGHT_WORDS.get(row.light or "", ""),
        "、".join(row.flags()),
    ]


def measures_csv(rows: list[MeasureRow]) -> str:
    """Measures in the layout of a responsibility list (责任清单)."""
    return csv_text(MEASURE_HEADER, [_measure_cells(i, row) for i, row in enumerate(rows, 1)])


def unit_csv(page: UnitPage) -> str:
    """A unit's measures, with the unit's part in each (牵头 or 配合)."""
    header = [*MEASURE_HEADER[:2], "本单位角色", *MEASURE_HEADER[2:]]
    rows = []
    for number, item in enumerate(page.measures, 1):
        cells = _measure_cells(number, item.row)
        rows.append([*cells[:2], item.role_label, *cells[2:]])
    return csv_text(header, rows)


def units_csv(report: UnitsReport) -> str:
    """The unit registry with counts."""
    header = [
        "单位",
        "类别",
        "别名",
        "联系人",
        "联系电话",
        "所在工作组",
        "牵头工作组",
        "牵头措施",
        "配合措施",
        "未完成",
        "逾期",
        "备注",
    ]
    rows = [
        [
            u.name,
            u.kind,
            "、".join(u.aliases),
            u.contact_name,
            u.contact_phone,
            "、".join(u.groups),
            "、".join(u.lead_groups),
            u.lead_measures,
            u.cooperating_measures,
            u.open_measures,
            u.overdue,
            u.note,
        ]
        for u in report.units
    ]
    return csv_text(header, rows)
