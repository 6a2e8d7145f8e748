"""`ledger assess`: each unit's and group's score under the assessment rules."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..formats import (
    FormatOption,
    KindOption,
    OutputOption,
    emit_document,
    of_kinds,
)


@app.command()
@guarded
def assess(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="YYYY", help="考核年度（默认今年，计到今天为止）。"),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option("--explain", metavar="UNIT", help="列出这个单位每一分的来由（措施和规则）。"),
    ] = None,
    kind: KindOption = None,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
) -> None:
    """考核评价：按 data/rules.yaml 的考核办法给每个单位和工作组打分（0–100），并折算党建考核分。

    例：ledger assess --year 2024；ledger assess --explain 区教育局；ledger assess -o 考核.md
    """
    from ...domain.names import unit_argument
    from ...reports.documents import assessment_document, explain_document
    from ...usecases.assessment import scored

    session = _session(ctx)
    ledger = of_kinds(session.load(cached=True), kind)
    today = session.today()
    if year is not None and not 2000 <= year <= today.year:
        raise UsageError.single(
            f"--year {year} 不是可以考核的年度", hint=f"写 2000 到 {today.year} 之间的年份"
        )
    assessment = scored(ledger, today, year)
    root = session.root()
    if explain is None:
        document = assessment_document(assessment)
        emit_document(document, assessment.as_data(), output_format, out_file, root)
        return
    name = unit_argument(ledger, explain)
    score = assessment.unit(name)
    if score is None:
        raise UsageError.single(
            f"{name}没有牵头或配合任何措施，不参加考核",
            hint="ledger assess 列出参加考核的单位",
        )
    data = {"year": assessment.year, "as_of": assessment.as_of.isoformat(), **score.as_data()}
    emit_document(explain_document(assessment, score), data, output_format, out_file, root)
