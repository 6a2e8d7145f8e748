"""`ledger show`: one group, task or measure in full."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, emit, guarded
from ..formats import (
    SHOW_FORMATS,
    _format,
    _print_table,
)


@app.command()
@guarded
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="工作组、任务或措施的编号，例如 g1、g1-t2、g1-t2-m3。",
            autocompletion=completion.record_ids,
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="输出格式：table（默认）或 json。"),
    ] = None,
) -> None:
    """完整显示一个工作组、任务或措施，包括进展记录、完成时限调整和佐证材料。

    例：ledger show g1；ledger show g1-t1-m2 -f json
    """
    from ...reports.show import build_view

    chosen = _format(output_format, None, SHOW_FORMATS)
    session = _session(ctx)
    today = session.today()
    from ...store.source import line_of

    view = build_view(session.load(cached=True), record_id, today, line_of)
    if chosen == "json":
        from ...render.jsonout import to_json
        from ...reports.show import view_record

        emit(to_json(view_record(view)), None)
        return
    from ...render.query_tables import print_view

    _print_table(print_view, view, None)
