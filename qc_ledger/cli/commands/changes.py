"""`ledger changes`: every change to the ledger in a period, by group, from git."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, emit, guarded
from ..formats import (
    FormatOption,
    OutputOption,
    _format,
    _print_table,
)


@app.command()
@guarded
def changes(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="起始日期 YYYY-MM-DD（含）；默认为截止日期前 6 天（共 7 天）。",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="截止日期 YYYY-MM-DD（含）；默认为今天。",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
) -> None:
    """一段时间内整个台账的变化，按工作组分列（每周通报的素材）。

    例：ledger changes --since 2025-06-23 --until 2025-06-29；ledger changes -o 本周变化.md
    """
    from ...edit.values import parse_period
    from ...usecases.history import changes_report

    session = _session(ctx)
    root = session.root()
    first, last = parse_period(since, until, session.today(), days=6)
    chosen = _format(output_format, out_file)
    report = changes_report(session.load(cached=True), first, last)
    if chosen == "json":
        from ...render.jsonout import to_json

        emit(to_json(report.as_data()), out_file, root)
    elif chosen in ("md", "csv"):
        from ...render import office_reports

        render = office_reports.changes_md if chosen == "md" else office_reports.changes_csv
        emit(render(report), out_file, root)
    else:
        from ...render.history_tables import print_changes

        _print_table(print_changes, report, out_file, root)
