"""`ledger units`: the register of units with their counts."""

from __future__ import annotations

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
def units(
    ctx: typer.Context,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """单位名录：规范名称、类别、别名，以及所在工作组数、牵头和配合的措施数、逾期数。

    例：ledger units；ledger units -f md -o 单位名录.md
    """
    from ...reports.unit import build_units

    chosen = _format(output_format, output)
    session = _session(ctx)
    report = build_units(session.load(cached=True), session.today())
    if chosen == "json":
        from ...render.jsonout import to_json
        from ...reports.unit import units_record

        emit(to_json(units_record(report)), output, session.root())
    elif chosen == "csv":
        from ...render.csvout import units_csv

        emit(units_csv(report), output, session.root())
    elif chosen == "md":
        from ...render.markdown import units_md

        emit(units_md(report), output, session.root())
    else:
        from ...render.unit_registry import print_units

        _print_table(print_units, report, output, session.root())
