"""Terminal rendering of history with Rich: `ledger log` and `ledger changes`, aligned at 80 columns."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from ..reports.history import ChangesReport, LogReport
from ..vocabulary import HISTORY_TOTAL_LABELS, RECORD_KIND_LABELS
from .cjk import plain
from .terminal import head_box


def _table() -> Table:
    return Table(
        box=head_box(),
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
        expand=True,
    )


def _changes_text(lines: list[str]) -> str:
    return "\n".join(lines) if lines else "（没有可列出的变化）"


def _author_width(authors, width: int, record: int) -> int:
    """The author column: as wide as the longest name, within what the other columns leave free
    (date, record, commit and at least 30 columns of changes); never under 10."""
    longest = max((cell_len(author) for author in authors), default=4)
    free = width - 10 - record - 7 - 30 - 4
    return max(10, min(longest, free))


def log_table(report: LogReport, width: int = 80) -> Table:
    """One row per commit (and record, for a task or a group): date, author, changes, commit."""
    table = _table()
    table.add_column("日期", no_wrap=True, min_width=10)
    several = report.kind != "measure"
    record = 0
    if several:
        record = min(
            max((len(r.record_id) for e in report.entries for r in e.records), default=4), 12
        )
    authors = [entry.author for entry in report.entries]
    table.add_column(
        "作者", no_wrap=True, max_width=_author_width(authors, width, record), overflow="ellipsis"
    )
    if several:
        table.add_column("记录", no_wrap=True, min_width=record)
    table.add_column("变化", overflow="fold", ratio=1)
    table.add_column("提交", no_wrap=True, min_width=7)
    for entry in report.entries:
        date = when(entry)
        if entry.unreadable and not entry.records:
            cells = [date, entry.author]
            cells += [""] if several else []
            table.add_row(*cells, "（该版本的文件过大或无法解析，变化未列出）", entry.short)
            continue
        for index, record in enumerate(entry.records):
            first = index == 0
            cells = [date if first else "", entry.author if first else ""]
            if several:
                cells.append(record.record_id)
            cells += [_changes_text(record.lines()), entry.short if first else ""]
            table.add_row(*cells)
    return table


def when(entry) -> str:
    """The day a change reached the main line, and for a merged branch the day it was made."""
    day = entry.committed.date()
    original = entry.original.date() if entry.original else None
    return f"{day}\n（原 {original}）" if original and original != day else day.isoformat()


def print_log(console: Console, report: LogReport) -> None:
    """Print the history of one record."""
    kind = RECORD_KIND_LABELS.get(report.kind, report.kind)
    files = "、".join(report.paths)
    count = len(report.entries)
    console.print(plain(f"{kind} {report.record_id} 的修改历史（{count} 次提交）", style="bold"))
    console.print(plain(report.title))
    console.print(f"文件：{files}")
    if report.pending:
        console.print("注意：文件中还有尚未提交的修改，不在下面的历史中（git diff 查看）。")
    _shallow_note(console, report.shallow_from)
    console.print()
    if not report.entries:
        console.print("git 历史中没有找到对它的修改。")
        return
    console.print(log_table(report, console.width))


def changes_table(report: ChangesReport, index: int, width: int = 80) -> Table:
    """The rows of one work group: date, record, changes, author, commit."""
    section = report.sections[index]
    table = _table()
    table.add_column("日期", no_wrap=True, min_width=10)
    record = min(max((len(row.record.record_id) for row in section.rows), default=4), 12)
    table.add_column("记录", no_wrap=True, min_width=record)
    table.add_column("变化", overflow="fold", ratio=1)
    authors = [row.commit.author for row in section.rows]
    table.add_column(
        "作者", no_wrap=True, max_width=_author_width(authors, width, record), overflow="ellipsis"
    )
    table.add_column("提交", no_wrap=True, min_width=7)
    for row in section.rows:
        table.add_row(
            when(row.commit),
            row.record.record_id.removeprefix("unit:").removeprefix("@plan") or "方案",
            _changes_text(row.record.lines()),
            row.commit.author,
            row.commit.short,
        )
    return table


def totals_line(report: ChangesReport) -> str:
    """The period in one line: commits, records, what kinds of change."""
    parts = [f"{report.commits} 次提交", f"改动记录 {report.totals.get('records', 0)} 项"]
    units = {"notes": "条"}
    for key in ("done", "status", "notes", "deadlines", "measures_added"):
        count = report.totals.get(key, 0)
        if count:
            parts.append(f"{HISTORY_TOTAL_LABELS[key]} {count} {units.get(key, '项')}")
    return "，".join(parts) + "。"


def _shallow_note(console: Console, shallow_from: str | None) -> None:
    if shallow_from:
        console.print(
            plain(
                f"注意：这是浅克隆，本地历史只到 {shallow_from} 的提交，更早的修改不在本地"
                "（git fetch --unshallow 可取得完整历史）。"
            )
        )


def print_changes(console: Console, report: ChangesReport) -> None:
    """Print the changes of a period, one section per work group."""
    console.print(
        plain(
            f"台账变化：{report.since.isoformat()} 至 {report.until.isoformat()}（按提交日期）",
            style="bold",
        )
    )
    _shallow_note(console, report.shallow_from)
    if not report.sections:
        console.print("这段时间内台账没有变化。")
        return
    console.print(totals_line(report))
    for index, section in enumerate(report.sections):
        console.print()
        head = f"{section.name}（{section.group_id}）" if section.group_id else section.name
        console.print(plain(f"{head}：{section.records} 项记录有变化", style="bold"))
        console.print(changes_table(report, index, console.width))
