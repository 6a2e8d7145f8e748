"""`ledger federate`: a city's or province's view computed from many district ledgers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..formats import FormatOption, OutputOption, emit_document


@app.command()
@guarded
def federate(
    ctx: typer.Context,
    roots: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="DIR", help="各台账的目录（含 data/），可以给多个。", show_default=False
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            metavar="FILE",
            help="联合视图文件（YAML），列出各台账的名称和目录。",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
) -> None:
    """联合视图：把多个区县的台账汇总成一张表，并按措施落实的上级任务汇总各区县的进展。

    例：ledger federate ../清城区 ../清新区；ledger federate --file 全市台账.yaml -o 全市.md
    """
    from ...reports.documents import federation_document
    from ...usecases.federation import federate as federated
    from ...usecases.federation import members_of

    session = _session(ctx)
    title, members = members_of(list(roots or []), file)
    report = federated(title, members, session.today())
    emit_document(federation_document(report), report, output_format, out_file, Path.cwd())
