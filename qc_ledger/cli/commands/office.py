"""`ledger office`: the office's own records (data/office.yaml) as a document."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..formats import (
    FormatOption,
    OutputOption,
    emit_document,
)


@app.command()
@guarded
def office(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", metavar="UNIT", help="只看这个单位的记录。", show_default=False
        ),
    ] = None,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
) -> None:
    """统筹办工作记录：责任清单报送、工作专班、工作方案、督导检查及整改、省级支持政策申请、催办记录。

    例：ledger office；ledger office --unit 区教育局；ledger office -f json
    """
    from ...domain.names import unit_argument
    from ...reports.office_records import office_document

    session = _session(ctx)
    ledger = session.load(cached=True)
    wanted = unit_argument(ledger, unit) if unit is not None else None
    document = office_document(ledger.office, session.today(), ledger.registry.canonical, wanted)
    data = ledger.office.model_dump(mode="json")
    emit_document(document, data, output_format, out_file, session.root())
