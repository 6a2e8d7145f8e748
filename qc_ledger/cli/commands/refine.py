"""`ledger refine`: the responsibility list — how far each lead unit has refined its measures."""

from __future__ import annotations

import typer

from ..base import _session, app, guarded
from ..formats import (
    FormatOption,
    OutputOption,
    emit_document,
)


@app.command()
@guarded
def refine(
    ctx: typer.Context, output_format: FormatOption = None, out_file: OutputOption = None
) -> None:
    """责任清单：各牵头单位的措施有没有落实责任领导、责任人、自定时限和成果形式，责任清单是否按时报送。

    例：ledger refine；ledger refine -o 责任清单.md
    """
    from ...reports.documents import refine_document
    from ...reports.refine import build_refine

    session = _session(ctx)
    report = build_refine(session.load(cached=True), session.today())
    emit_document(refine_document(report), report, output_format, out_file, session.root())
