"""`ledger reminders`: which unit owes which report, and the record that it was reminded."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..formats import (
    FormatOption,
    OutputOption,
    emit_document,
)
from ..writing import AuthorOption, CommitOption, DryRunOption, out, show_outcome


@app.command()
@guarded
def reminders(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", metavar="UNIT", help="只看这个单位。", show_default=False),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="把这次催办记入 data/office.yaml（下次催办即为“第 2 次催办”）。"
        ),
    ] = False,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """催办：按 data/rules.yaml 的报送周期，列出各单位逾期未报、从未报送和本期待报的措施及联系人。

    例：ledger reminders；ledger reminders -o 催办通知.md；ledger reminders --record --commit
    """
    from ...domain.names import unit_argument
    from ...reports.documents import reminders_document
    from ...reports.reminders import build_reminders

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    today = session.today()
    wanted = unit_argument(ledger, unit) if unit is not None else None
    report = build_reminders(ledger, today, wanted)
    emit_document(reminders_document(report), report, output_format, out_file, root)
    if not record:
        return
    owed = [(row.unit, [item.measure_id for item in row.items]) for row in report.units]
    if not owed:
        out("没有需要催办的单位，没有记录。")
        return
    from ...usecases.office_records import record_reminders

    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = record_reminders(ledger, owed, today=today, options=options)
    if outcome.dry_run:
        done = f"（--dry-run：将在 data/office.yaml 中记下 {len(owed)} 个单位的催办，没有写文件）"
    else:
        done = f"已在 data/office.yaml 中记下 {len(owed)} 个单位的催办（{today}）。"
    show_outcome(outcome, root, [done], diff=False)
