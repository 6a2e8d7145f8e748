"""`ledger status`: each group's progress, lights and the measures to chase."""

from __future__ import annotations

from typing import Annotated

import typer

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
def status(
    ctx: typer.Context,
    kind: KindOption = None,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="列出所有需要关注的措施（默认每类最多 10 项）。")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="按这一天结束时的台账统计（取该日及以前的最后一次提交），默认今天。",
        ),
    ] = None,
) -> None:
    """各工作组进展总览：状态计数、逾期、完成率、红黄绿灯，以及需要关注的措施。

    例：ledger status；ledger status --as-of 2024-12-31；ledger status -o 进展.md
    """
    from ...edit.values import parse_date
    from ...usecases.asof import ledger_on
    from ...usecases.status import status_report

    chosen = _format(output_format, out_file)
    session = _session(ctx)
    root = session.root()
    today = session.today()
    day = today if as_of is None else parse_date(as_of, "--as-of")
    # The screen lists 10 of each kind of measure to chase; files and other formats list all.
    limit = None if show_all or out_file is not None or chosen != "table" else 10
    basis = ledger_on(root, day, today, lambda: session.load(cached=True))
    chosen_ledger = of_kinds(basis.ledger, kind)
    report = status_report(chosen_ledger, day, limit, basis.line(), keep=not kind)
    if chosen == "json":
        from ...render.jsonout import to_json

        emit(to_json(report), out_file, root)
    elif chosen in ("md", "csv"):
        from ...render import office_reports

        render = office_reports.status_md if chosen == "md" else office_reports.status_csv
        emit(render(report), out_file, root)
    else:
        from ...render.terminal import print_status

        _print_table(
            lambda console, value: print_status(console, value, limit), report, out_file, root
        )
