"""`ledger unit`: a unit's page — its groups, measures, contacts and what it owes."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from .. import completion
from ..base import _session, app, emit, guarded
from ..formats import (
    FormatOption,
    KindOption,
    OutputOption,
    _format,
    _print_table,
    of_kinds,
)


@app.command()
@guarded
def unit(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="单位名称，别名也可；不写时用 ledger config set unit 保存的默认单位。",
            autocompletion=completion.unit_names,
        ),
    ] = None,
    kind: KindOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """单位页：所在工作组、牵头和配合的措施、联系人，以及当前欠账（逾期、即将到期，天数见 data/rules.yaml）。

    例：ledger unit 区财政局；ledger config set unit 区财政局 之后直接 ledger unit
    """
    from ...reports.unit import build_unit_page

    chosen = _format(output_format, output)
    session = _session(ctx)
    name = name or session.saved("unit")
    if name is None:
        raise UsageError.single(
            "没有给出单位名称", hint="写作 ledger unit 区财政局；或先 ledger config set unit 本单位"
        )
    today = session.today()
    page = build_unit_page(of_kinds(session.load(cached=True), kind), name, today)
    if chosen == "json":
        from ...render.jsonout import to_json
        from ...reports.unit import unit_page_record

        emit(to_json(unit_page_record(page)), output, session.root())
    elif chosen == "csv":
        from ...render.csvout import unit_csv

        emit(unit_csv(page), output, session.root())
    elif chosen == "md":
        from ...render.markdown import unit_md

        emit(unit_md(page), output, session.root())
    else:
        from ...render.query_tables import print_unit

        _print_table(print_unit, page, output, session.root())
