"""Terminal rendering of queries with Rich: the measure list, show views, unit pages, the registry.

Tables keep CJK columns aligned (Rich cell widths) and fit 80 columns: long text is cut with an
ellipsis, never wrapped into a neighbour. Without a terminal or under NO_COLOR there is no colour.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ..domain.lazy import collector_paused
from ..domain.models import STATUSES
from ..vocabulary import (
    CADENCE_LABELS,
    FLAG_LABELS,
    MILESTONE_STATES,
    NEVER_REPORTED,
    SOURCE_KIND,
    STATUS_LABELS,
    UNACKNOWLEDGED,
    field_label,
    flag_legend,
    milestone_text,
)
from .cjk import Items, plain, print_facts, say
from .measure_tables import (
    measures_plain,
    measures_plain_chunks,
    measures_table,
    table_plain_chunks,
)
from .terminal import _plain_table, light_text, make_console

if TYPE_CHECKING:  # only for annotations: each command imports just the report it renders
    from ..reports.listing import Listing, MeasureRow
    from ..reports.show import GroupView, MeasureView, TaskView, View
    from ..reports.unit import UnitMeasure, UnitPage

EMPTY_LISTING = "没有符合条件的措施。"


def plain_text(printer: Callable[[Console, object], None], value: object) -> str:
    """What `printer` shows, as plain text without colour (for writing to a file)."""
    console = make_console(file=io.StringIO(), color_system=None)
    printer(console, value)
    return console.file.getvalue()


def _pace_text(row: MeasureRow, by_milestones: bool = False) -> str:
    """`45%（欠进度）`: the elapsed share of the measure's time (or the milestones' line: 按节点)
    and how the progress compares."""
    words = [row.record.get("pace_label")]
    if by_milestones:
        words.insert(0, "按节点")
    shown = "，".join(word for word in words if word)
    return f"{row.record['expected_progress']}%" + (f"（{shown}）" if shown else "")


LIST_PAGE = 20


def print_listing(console: Console, listing: Listing, limit: int | None = None) -> None:
    """The measure list: conditions and date, the table (a page of it), a count and the legend."""
    conditions = "；".join(listing.conditions) if listing.conditions else "全部措施"
    say(console, f"统计日期 {listing.today.isoformat()}　条件：{conditions}")
    if not listing.count:
        console.print(EMPTY_LISTING)
        for hint in listing.hints:
            say(console, hint, first="  → ", rest="    ")
        return
    # The rows and their cells all live until the table is written: the cyclic collector, walking
    # them again and again as they pile up, would cost more than making them.
    with collector_paused():
        listed = _print_rows(console, listing, limit)
    if listed < listing.count:
        say(console, f"……另有 {listing.count - listed} 项未列出；加 --all 显示全部。")
    counts = listing.counts()
    parts = [f"{label} {counts[key]} 项" for key, label in FLAG_LABELS.items() if counts[key]]
    tail = f"（{'，'.join(parts)}）" if parts else ""
    say(console, f"共 {listing.count} 项措施{tail}。")
    if parts:
        say(console, flag_legend(listing.rules))


def _print_rows(console: Console, listing: Listing, limit: int | None) -> int:
    listed = listing.count if limit is None else min(limit, listing.count)
    # Without colour the lines are the same either way: written directly, a long listing costs
    # a few microseconds a row instead of a millisecond.
    if console.color_system is None:
        # Only what the table shows where digests and cached briefs give it, else the full rows
        # (let go as the table is written: it holds what it writes).
        quick = listing.table_shown(limit)
        if quick is not None:
            chunks = table_plain_chunks(quick, console.width)
        else:
            chunks = measures_plain_chunks(listing.shown(limit), console.width)
        if chunks is not None:
            for chunk in chunks:
                console.file.write(chunk)
            return listed
    console.print(measures_table(listing.shown(limit), console.width))
    return listed


def _heading(console: Console, text: str) -> None:
    say(console, text, style="bold")


def print_unit(console: Console, page: UnitPage) -> None:
    """A unit's page: registry entry, groups, what it owes now, and its measures."""
    _heading(console, f"{page.name}（{page.kind}）")
    if page.alias_used:
        say(console, f"“{page.written.strip()}”是“{page.name}”的别名，以下按规范名称显示。")
    facts: list[tuple[str, str | Text]] = []
    if page.aliases:
        facts.append(("别名", Items("、".join(page.aliases))))
    contact = " ".join(v for v in (page.contact_name, page.contact_phone) if v)
    facts.append(("联系人", contact or "未指定（方案要求各单位指定一名联系人）"))
    if page.hosts_office:
        facts.append(("统筹", f"{page.hosts_office}设在本单位"))
    groups = Items("、".join(f"{g.short_name}（{g.id}，{g.role_label}）" for g in page.groups))
    facts.append(("工作组", groups or "不属于任何工作组"))
    if page.note:
        facts.append(("备注", page.note))
    print_facts(console, facts)
    console.print()
    owed = page.overdue + page.due_soon
    _heading(
        console,
        f"当前欠账（统计日期 {page.today.isoformat()}）：逾期 {len(page.overdue)} 项，"
        f"{page.rules.due_soon_days} 天内到期 {len(page.due_soon)} 项",
    )
    if owed:
        _unit_measures(console, owed)
    if page.unsigned:
        ids = "、".join(m.row.id for m in page.unsigned)
        say(console, f"{UNACKNOWLEDGED} {len(page.unsigned)} 项：{ids}（用 ledger ack 编号 签收）")
    for title, items in (("牵头的措施", page.lead), ("配合的措施", page.cooperating)):
        console.print()
        _heading(console, f"{title}（{len(items)} 项）")
        if items:
            _unit_measures(console, items)
        else:
            console.print("无。")
    if any(item.row.flags() for item in page.measures):
        console.print()
        say(console, flag_legend(page.rules))


def _unit_measures(console: Console, items: list[UnitMeasure]) -> None:
    roles = {item.row.id: item.role_label for item in items}
    rows = [item.row for item in items]
    # A big unit's page runs to tens of thousands of lines: without colour, written directly.
    text = measures_plain(rows, console.width, role=roles) if console.color_system is None else None
    if text is not None:
        console.file.write(text)
    else:
        console.print(measures_table(rows, console.width, role=roles))


def _status_counts(counts: dict[str, int]) -> str:
    return "，".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES if counts.get(s))


def print_view(console: Console, view: View) -> None:
    """`ledger show`: a group, a task or a measure in full."""
    from ..reports.show import GroupView, TaskView

    if isinstance(view, GroupView):
        _print_group(console, view)
    elif isinstance(view, TaskView):
        _print_task(console, view)
    else:
        _print_measure(console, view)


TASK_STATUSES = ("not_started", "in_progress", "delayed", "done", "cancelled")


def _group_counts(view: GroupView) -> str:
    text = f"{len(view.tasks)} 项任务，{view.measures} 项措施"
    if view.measures:
        text += f"：{_status_counts(view.counts)}；逾期 {view.overdue}"
    return text


def _print_group(console: Console, view: GroupView) -> None:
    _heading(console, f"工作组 {view.id}　{view.name}")
    print_facts(
        console,
        [
            ("简称", view.short_name),
            ("组长", f"{view.leader_name}（{view.leader_title}）" if view.leader_name else "—"),
            ("牵头单位", view.lead_unit),
            ("成员单位", Items(f"{'、'.join(view.member_units)}（{len(view.member_units)} 个）")),
            ("措施", _group_counts(view)),
            ("灯", light_text(view.light)),
            ("文件", view.file),
        ],
    )
    console.print()
    if not view.tasks:
        console.print("该工作组还没有任务（data/tasks/ 中没有 group 为它的文件）。")
        return
    table = _plain_table()
    table.add_column("灯", no_wrap=True, min_width=2)
    table.add_column("任务", no_wrap=True, min_width=max(len(t.id) for t in view.tasks))
    table.add_column("名称", no_wrap=True, overflow="ellipsis")
    table.add_column("措施", justify="right", no_wrap=True, min_width=4)
    for status in TASK_STATUSES:
        table.add_column(STATUS_LABELS[status], justify="right", no_wrap=True, min_width=4)
    table.add_column("逾期", justify="right", no_wrap=True, min_width=4)
    for task in view.tasks:
        table.add_row(
            light_text(task.light),
            task.id,
            task.title,
            str(task.measures),
            *(str(task.counts[s]) for s in TASK_STATUSES),
            plain(str(task.overdue), style="bold red" if task.overdue else ""),
        )
    console.print(table)
    say(console, f"查看一项任务的措施：ledger show {view.tasks[0].id}")


def _source_fact(source) -> list[tuple[str, str]]:
    """An item's source (来源) as a fact line; none for the plan's own tasks."""
    from ..reports.show import source_text

    return [] if source is None else [(SOURCE_KIND, source_text(source))]


def _print_task(console: Console, view: TaskView) -> None:
    _heading(console, f"任务 {view.id}　{view.title}")
    print_facts(
        console,
        [
            ("工作组", f"{view.group} {view.group_short_name}（{view.group_name}）"),
            *_source_fact(view.source),
            ("文件", view.file),
        ],
    )
    console.print()
    _heading(console, f"措施（{len(view.measures)} 项）")
    console.print(measures_table(view.measures, console.width))
    if any(row.flags() for row in view.measures):
        say(console, flag_legend(view.rules))


def _bends(view: MeasureView) -> bool:
    """Some milestone sets a progress: expected progress follows the milestones."""
    return any(m.progress is not None for m in view.milestones)


def _print_measure(console: Console, view: MeasureView) -> None:
    row = view.row
    _heading(console, f"措施 {row.id}")
    deadline = row.deadline.isoformat()
    if view.original_deadline != row.deadline:
        deadline += f"（原定 {view.original_deadline.isoformat()}）"
    if view.beyond_period:
        deadline += "（超出实施期）"
    if row.record.get("deadline_inferred"):
        deadline += "（推定：方案未写时限，暂取实施期末，待统筹办确认）"
    light = light_text(row.light)
    if row.flags():
        light = light + plain("（" + "、".join(row.flags()) + "）")
    last = row.last_report.isoformat() if row.last_report else NEVER_REPORTED
    print_facts(
        console,
        [
            ("工作组", f"{row.group} {row.group_short_name}（{view.group_name}）"),
            ("任务", f"{row.task} {row.task_title}"),
            *_source_fact(view.source),
            ("措施", row.text),
            ("牵头单位", row.lead_unit),
            ("配合单位", Items("、".join(row.cooperating_units) or "无")),
            ("责任领导", row.responsible_leader or "未明确"),
            ("责任人", row.responsible_person or "未明确"),
            ("完成时限", deadline),
            ("成果形式", row.deliverable or "未明确"),
            ("状态", f"{row.status_label}，进度 {row.progress}%"),
            ("序时进度", _pace_text(row, _bends(view))),
            ("灯", light),
            ("报送周期", CADENCE_LABELS[view.cadence] + ("" if view.own_cadence else "（默认）")),
            ("最近报送", last),
            ("文件", f"{view.file}:{view.line}" if view.line else view.file),
        ],
    )
    if view.milestones:
        console.print()
        _heading(console, f"节点（{len(view.milestones)} 个）")
        print_facts(
            console,
            [
                (
                    m.date.isoformat(),
                    "应达 "
                    + milestone_text("", m.progress, m.deliverable).strip()
                    + f"：{MILESTONE_STATES[m.state]}",
                )
                for m in view.milestones
            ],
        )
    if view.deadline_history:
        console.print()
        _heading(console, f"完成时限调整（{len(view.deadline_history)} 次）")
        changes = []
        for change in view.deadline_history:
            who = f"（{change.author}）" if change.author else ""
            moved = f"{change.previous.isoformat()} → {change.new.isoformat()}"
            changes.append((change.date.isoformat(), f"{moved}：{change.reason}{who}"))
        print_facts(console, changes)
    console.print()
    _heading(console, f"进展记录（{len(view.progress_log)} 条）")
    if not view.progress_log:
        console.print("尚无进展记录。")
    else:
        entries = []
        for entry in view.progress_log:
            tail = []
            if entry.status:
                tail.append(STATUS_LABELS[entry.status])
            if entry.progress is not None:
                tail.append(f"{entry.progress}%")
            if entry.highlight:
                tail.append("经验亮点")
            who = f"{entry.author}：" if entry.author else ""
            note = f"{who}{entry.note}" + (f"（{'，'.join(tail)}）" if tail else "")
            entries.append((entry.date.isoformat(), note))
            if entry.problems:
                entries.append(("", f"{field_label('problems', 'task')}：{entry.problems}"))
            if entry.next_steps:
                entries.append(("", f"{field_label('next_steps')}：{entry.next_steps}"))
        print_facts(console, entries)
    if view.steps or view.row.unacknowledged:
        console.print()
        _heading(console, "签收与办结")
        lines = [(day.isoformat(), text) for day, text in view.steps]
        if view.row.unacknowledged:
            lines.append((UNACKNOWLEDGED, "、".join(view.row.unacknowledged)))
        print_facts(console, lines)
    console.print()
    _heading(console, f"佐证材料（{len(view.evidence)} 项）")
    if view.evidence:
        print_facts(console, [(f"{i}.", item) for i, item in enumerate(view.evidence, 1)], 0)
    else:
        console.print("无。")
