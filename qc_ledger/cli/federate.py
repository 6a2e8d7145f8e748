"""`ledger federate`: a city's or province's view computed from many district ledgers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import DataError, LedgerError, Problem, UsageError
from .base import _session, app, guarded
from .formats import FormatOption, OutputOption


def _members(roots: list[Path], file: Path | None) -> tuple[str, list[tuple[str, Path]]]:
    """The federation's title and each member's name and folder."""
    if file is None:
        if not roots:
            raise UsageError.single(
                "没有给出要汇总的台账",
                hint="ledger federate 目录A 目录B，或 ledger federate --file 全市台账.yaml",
            )
        return "联合视图", [(root.resolve().name, root) for root in roots]
    if roots:
        raise UsageError.single("目录和 --file 只能选一种", hint="把目录写进联合视图文件的 members")
    from ..load.filecheck import check_file

    checked = check_file(file, "federation", file.parent)
    if checked.record is None:
        raise DataError(checked.problems)
    federation = checked.record
    return federation.title, [(m.name, file.parent / m.path) for m in federation.members]


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
    from ..load.cache.opening import open_ledger
    from ..reports.documents import federation_document
    from ..reports.federation import build_federation
    from .office import _emit

    session = _session(ctx)
    title, members = _members(list(roots or []), file)
    ledgers, problems = [], []
    for name, folder in members:
        if not (folder / "data").is_dir():
            problems.append(
                Problem(f"台账“{name}”的目录 {folder} 中没有 data/", hint="检查路径是否写对")
            )
            continue
        try:
            ledgers.append((name, open_ledger(folder)))
        except LedgerError as exc:
            problems.append(
                Problem(f"台账“{name}”（{folder}）未通过校验", hint="在该目录运行 ledger validate")
            )
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    report = build_federation(title, ledgers, session.today())
    _emit(federation_document(report), report, output_format, out_file, Path.cwd())
