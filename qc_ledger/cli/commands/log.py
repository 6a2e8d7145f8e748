"""`ledger log`: one record's history, commit by commit, from git."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, emit, guarded
from ..formats import OutputFormat


@app.command()
@guarded
def log(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="措施、任务或工作组编号，如 g1-t1-m2、g1-t1、g1。",
            autocompletion=completion.record_ids,
        ),
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式：table（表格）或 json。")
    ] = OutputFormat.table,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", metavar="N", min=1, help="只列出最近的若干次提交。", show_default=False
        ),
    ] = None,
) -> None:
    """一项措施（或任务、工作组）在 git 中的修改历史：日期、作者、改了什么、提交编号。

    例：ledger log g1-t1-m2；ledger log g1 -n 5 -f json
    """
    from ...usecases.history import record_log

    report = record_log(_session(ctx).load(cached=True), record_id, limit=limit)
    if output is OutputFormat.json:
        from ...render.jsonout import to_json

        emit(to_json(report.as_data()))
        return
    from ...render.history_tables import print_log
    from ...render.terminal import make_console

    print_log(make_console(), report)
