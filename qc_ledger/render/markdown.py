"""Markdown for notices: pipe tables with cells escaped, plus short lines of context. Stdlib only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import LIGHT_WORDS
from .safe import visible

if TYPE_CHECKING:
    from ..reports.listing import Listing, MeasureRow
    from ..reports.unit import UnitMeasure, UnitPage, UnitsReport


# Characters that would make data into markup: links, emphasis, code, HTML, or a table's next cell.
_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)


def text(value: object) -> str:
    """Data as inline Markdown: shown literally, unsafe characters made visible."""
    raw = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return visible(raw).translate(_MARKDOWN)


def cell(value: object) -> str:
    """A value as one table cell: escaped as `text`, line breaks kept as <br>."""
    if value is None or value == "":
        return "—"
    return "<br>".join(part.strip() for part in text(value).splitlines()) or "—"


def table(header: list[str], rows: list[list[object]], right: frozenset[int] = frozenset()) -> str:
    """A GitHub-flavoured Markdown pipe table."""
    rule = ["---:" if index in right else "---" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _status(row: MeasureRow) -> str:
    light = LIGHT_WORDS.get(row.light or "")
    return f"{row.status_label}（{light}）" if light else row.status_label


MEASURE_HEADER = [
    "序号",
    "编号",
    "工作组",
    "具体措施",
    "牵头单位",
    "配合单位",
    "责任人",
    "完成时限",
    "状态",
    "提示",
]


def _measure_cells(number: int, row: MeasureRow) -> list[object]:
    return [
        number,
        row.id,
        row.group_short_name,
        row.text,
        row.lead_unit,
        "、".join(row.cooperating_units),
        row.responsible_person,
        row.deadline,
        _status(row),
        "、".join(row.flags()),
    ]


def measures_table(rows: list[MeasureRow]) -> str:
    """Measures as a pipe table, numbered from 1."""
    cells = [_measure_cells(number, row) for number, row in enumerate(rows, 1)]
    return table(MEASURE_HEADER, cells, frozenset({0}))


def listing_md(listing: Listing) -> str:
    """`ledger list` as Markdown: the conditions, the table and the count."""
    conditions = "；".join(map(text, listing.conditions)) if listing.conditions else "全部措施"
    head = f"统计日期：{listing.today.isoformat()}；条件：{conditions}\n\n"
    if not listing.rows:
        hints = "".join(f"\n{text(hint)}。\n" for hint in listing.hints)
        return head + "没有符合条件的措施。\n" + hints
    return head + measures_table(listing.rows) + "\n" + f"共 {len(listing.rows)} 项措施。\n"


def _unit_table(items: list[UnitMeasure]) -> str:
    header = [*MEASURE_HEADER[:2], "本单位", *MEASURE_HEADER[2:]]
    rows = []
    for number, item in enumerate(items, 1):
        cells = _measure_cells(number, item.row)
        rows.append([*cells[:2], item.role_label, *cells[2:]])
    return table(header, rows, frozenset({0}))


def unit_md(page: UnitPage) -> str:
    """A unit's page as Markdown: who it is, its groups, what it owes, its measures."""
    name = text(page.name)
    out = [f"## {name}\n"]
    if page.alias_used:
        out.append(f"（按别名“{text(page.written.strip())}”查询，规范名称为“{name}”。）\n")
    facts = [f"- 类别：{text(page.kind)}"]
    if page.aliases:
        facts.append(f"- 别名：{'、'.join(map(text, page.aliases))}")
    contact = " ".join(text(v) for v in (page.contact_name, page.contact_phone) if v) or "未指定"
    facts.append(f"- 联系人：{contact}")
    if page.hosts_office:
        facts.append(f"- {text(page.hosts_office)}设在本单位")
    groups = "、".join(f"{text(g.short_name)}（{g.id}，{g.role_label}）" for g in page.groups)
    facts.append(f"- 所在工作组：{groups or '无'}")
    if page.note:
        facts.append(f"- 备注：{text(page.note)}")
    out.append("\n".join(facts) + "\n")
    owed = page.overdue + page.due_soon
    out.append(
        f"### 当前欠账（统计日期 {page.today.isoformat()}）\n\n"
        f"逾期 {len(page.overdue)} 项，{page.rules.due_soon_days} 天内到期 {len(page.due_soon)} 项。\n"
    )
    if owed:
        out.append(_unit_table(owed))
    for title, items in (("牵头的措施", page.lead), ("配合的措施", page.cooperating)):
        out.append(f"### {title}（{len(items)} 项）\n")
        out.append(_unit_table(items) if items else "无。\n")
    return "\n".join(out)


def units_md(report: UnitsReport) -> str:
    """The unit registry with counts as a pipe table."""
    header = ["单位", "类别", "别名", "联系人", "工作组", "牵头措施", "配合措施", "逾期"]
    rows = [
        [
            u.name,
            u.kind,
            "、".join(u.aliases),
            " ".join(v for v in (u.contact_name, u.contact_phone) if v),
            "、".join(u.groups),
            u.lead_measures,
            u.cooperating_measures,
            u.overdue,
        ]
        for u in report.units
    ]
    return table(header, rows, frozenset({5, 6, 7})) + f"\n共 {len(report.units)} 个单位。\n"
