"""Terminal rendering with Rich: tables that keep CJK columns aligned at 80 columns."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..reports.status import AttentionItem, GroupRow, StatusReport
from ..vocabulary import (
    FIGURES_LEGEND,
    LIGHT_WORDS,
    NEVER_REPORTED,
    STATUS_LABELS,
    light_legend,
    milestone_line,
)
from .cjk import ambiguous_wide, fit_name, for_terminal, plain, say
from .plain_tables import Column, layout

LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "blue": "bold blue", "green": "green"}
STATUS_COLUMNS = ("not_started", "in_progress", "delayed", "done")


class SafeConsole(Console):
    """A console that shows every string literally: no markup, unsafe characters made visible."""

    def render_str(self, text: str, **options) -> Text:
        """Strings (table cells too) are data: never markup, never escape sequences."""
        options["markup"] = False
        options["emoji"] = False
        return super().render_str(for_terminal(text), **options)

    def _render_buffer(self, buffer) -> str:
        """Without colour (a pipe, a file, NO_COLOR), lines carry no padding after their last cell."""
        text = super()._render_buffer(buffer)
        if ambiguous_wide():
            text = text.replace("…", "⋯")  # the ellipsis Rich itself puts where it cuts a cell
        if self.color_system is None:
            text = "\n".join(line.rstrip(" ") for line in text.split("\n"))
        return text

    def on_broken_pipe(self) -> None:
        """The reader went away: let the command end quietly instead of Rich's exit code 1."""
        raise BrokenPipeError


def make_console(
    *, stderr: bool = False, width: int | None = None, file=None, color_system: str | None = "auto"
) -> Console:
    """Build a console for this invocation (Rich reads NO_COLOR and the terminal only now)."""
    return SafeConsole(
        stderr=stderr,
        width=width,
        file=file,
        color_system=color_system,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def light_text(value: str | None) -> Text:
    """A traffic light as a short coloured label that still reads without colour."""
    if value is None:
        return plain("-")
    return plain(LIGHT_WORDS[value], style=LIGHT_STYLES[value])


# The header rule in ASCII: box-drawing lines are of ambiguous width too.
ASCII_HEAD = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def head_box() -> box.Box:
    """The header rule tables use on this terminal."""
    return ASCII_HEAD if ambiguous_wide() else box.SIMPLE_HEAD


def _plain_table(**options) -> Table:
    options.setdefault("box", head_box())
    return Table(
        show_edge=False,
        pad_edge=False,
        padding=0,
        header_style="bold",
        **options,
    )


def _status_columns(report: StatusReport, width: int) -> tuple[list[str], list[str], int]:
    """The status columns shown, the count columns shown and the lead unit column's width."""
    statuses = list(STATUS_COLUMNS)
    if report.total.counts.get("cancelled"):
        statuses.append("cancelled")
    # What the other columns take (light, group, tasks, measures, statuses, overdue, share) and
    # the one-cell gaps between columns: the unit column gets the rest, up to 24 cells. When that
    # is too little for a short name (12 cells), the task count gives its place. The total row's
    # numbers are the longest: a province's have six digits where a district's have two.
    total = report.total
    numbers = {"任务": total.tasks, "措施": total.measures}

    def count_width(header: str) -> int:
        return max(4, len(str(numbers[header])))

    taken = 2 + 10 + max(4, len(str(total.overdue))) + 6
    taken += sum(max(6, len(str(total.counts[status]))) for status in statuses)
    counts = ["任务", "措施"]
    unit_width = width - taken - sum(map(count_width, counts))
    unit_width -= len(statuses) + len(counts) + 4
    if unit_width < 12:
        counts, unit_width = ["措施"], unit_width + count_width("任务") + 1
    return statuses, counts, max(8, min(24, unit_width))


def _status_cells(row: GroupRow, statuses: list[str], counts: list[str], unit_width: int) -> list:
    numbers = {"任务": row.tasks, "措施": row.measures}
    return [
        row.light,
        f"{row.short_name}\n{row.leader}" if row.leader else row.short_name,
        fit_name(row.lead_unit, row.lead_unit_short, unit_width),
        *(str(numbers[header]) for header in counts),
        *(str(row.counts[status]) for status in statuses),
        str(row.overdue),
        f"{row.done_share}%\n{row.average_progress}%",
    ]


def status_table(report: StatusReport, width: int = 80) -> Table:
    """One row per work group and a total row; unit names whole, short where the screen is narrow."""
    statuses, counts, unit_width = _status_columns(report, width)
    table = _plain_table()
    table.add_column("灯", no_wrap=True, min_width=2)
    table.add_column("工作组\n组长", no_wrap=True, min_width=10)
    table.add_column("牵头单位", no_wrap=True)
    for header in counts:
        table.add_column(header, justify="right", no_wrap=True, min_width=4)
    for status in statuses:
        table.add_column(STATUS_LABELS[status], justify="right", no_wrap=True, min_width=4)
    table.add_column("逾期", justify="right", no_wrap=True, min_width=4)
    table.add_column("完成率\n均进度", justify="right", no_wrap=True, min_width=6)

    def cells(row: GroupRow) -> list:
        found = _status_cells(row, statuses, counts, unit_width)
        found[0] = light_text(row.light)
        found[-2] = plain(found[-2], style="bold red" if row.overdue else "")
        return found

    for row in report.rows:
        table.add_row(*cells(row))
    table.add_section()
    table.add_row(*cells(report.total), style="bold")
    return table


def status_plain(report: StatusReport, width: int) -> str | None:
    """The status table as `status_table` prints it without colour, laid out directly."""
    statuses, counts, unit_width = _status_columns(report, width)
    columns = [
        Column("灯", min_width=2),
        Column("工作组\n组长", min_width=10),
        Column("牵头单位"),
        *(Column(header, min_width=4, right=True) for header in counts),
        *(Column(STATUS_LABELS[status], min_width=4, right=True) for status in statuses),
        Column("逾期", min_width=4, right=True),
        Column("完成率\n均进度", min_width=6, right=True),
    ]
    rows = []
    for row in [*report.rows, report.total]:
        cells = _status_cells(row, statuses, counts, unit_width)
        cells[0] = "-" if row.light is None else LIGHT_WORDS[row.light]
        rows.append([for_terminal(cell) for cell in cells])
    sections = frozenset({len(report.rows)})
    text = layout(columns, rows, width, rule="-" if ambiguous_wide() else "─", sections=sections)
    return text.replace("…", "⋯") if text is not None and ambiguous_wide() else text


def attention_table(
    items: list[AttentionItem], *, overdue: bool, width: int = 80, why: bool = False
) -> Table:
    """The measures to chase: overdue ones with days late, red ones with why (`why`), or unreported
    ones with their last report."""
    unit_width = 16 if width < 100 else 24
    table = _plain_table()
    id_width = max((len(item.measure_id) for item in items), default=4)
    table.add_column("措施", no_wrap=True, min_width=id_width)
    table.add_column("工作组", no_wrap=True, min_width=10)
    table.add_column("任务", overflow="ellipsis", no_wrap=True, max_width=16 if width < 100 else 40)
    table.add_column("牵头单位", no_wrap=True)
    table.add_column("完成时限", no_wrap=True, min_width=10)
    if overdue:
        table.add_column("逾期天数", justify="right", no_wrap=True, min_width=8)
    elif why:
        table.add_column("情况", no_wrap=True, min_width=8)
    else:
        table.add_column("最近报送", no_wrap=True, min_width=10)
    for item in items:
        last = item.last_report.isoformat() if item.last_report else NEVER_REPORTED
        table.add_row(
            item.measure_id,
            item.group_short_name,
            item.task_title,
            fit_name(item.lead_unit, item.lead_unit_short, unit_width),
            item.deadline.isoformat(),
            str(item.days_overdue) if overdue else (item.reason if why else last),
        )
    return table


def print_status(console: Console, report: StatusReport, limit: int | None) -> None:
    """Print the whole status screen."""
    console.print(plain(report.title, style="bold"))
    console.print(
        f"统计日期 {report.today.isoformat()}　实施期 {report.period_start.isoformat()} 至 "
        f"{report.period_end.isoformat()}"
    )
    if report.basis:
        say(console, report.basis)
    for milestone in report.milestones:
        say(console, milestone_line(milestone))
    if report.ended_unreported:
        say(
            console,
            f"实施期已于 {report.period_end.isoformat()} 结束，台账中还没有任何进展报送，"
            "所以全部亮红灯。想看看有进展时的样子：ledger demo ../演示台账",
        )
    console.print()
    # Without colour the lines are the same either way: a province's thousands of groups are
    # written directly rather than through Rich's rendering of every cell.
    text = status_plain(report, console.width) if console.color_system is None else None
    if text is not None:
        console.file.write(text)
    else:
        console.print(status_table(report, console.width))
    rules = report.rules
    say(console, light_legend(rules))
    say(console, FIGURES_LEGEND)
    if report.supervision:
        console.print()
        say(console, report.supervision)
    sections = (
        (report.overdue, report.overdue_unlisted, True, "逾期措施", "已过完成时限且未完成"),
        (report.red, report.red_unlisted, None, "红灯措施", "未逾期，但按预警规则亮红灯"),
        (
            report.stale,
            report.stale_unlisted,
            False,
            f"{rules.stale_days} 天未报送进展的措施",
            f"未逾期，但 {rules.stale_days} 天内没有进展记录",
        ),
    )
    if not report.overdue and not report.red and not report.stale:
        console.print()
        console.print(
            f"需要关注：无。所有未完成措施均未逾期，且 {rules.stale_days} 天内报送过进展。"
        )
        return
    for items, unlisted, overdue, title, meaning in sections:
        if not items:
            continue
        total = len(items) + unlisted
        console.print()
        console.print(plain(f"需要关注：{title}（{total} 项，{meaning}）", style="bold"))
        shown = items if limit is None else items[:limit]
        table = attention_table(
            shown, overdue=bool(overdue), width=console.width, why=overdue is None
        )
        console.print(table)
        if len(shown) < total:
            console.print(f"……另有 {total - len(shown)} 项未列出；加 --all 显示全部。")
