"""`ledger dossier`: a file per item (一件一档), a measure's or a task's whole record for the archive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, emit, guarded, tell_written


@app.command()
@guarded
def dossier(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="措施或任务（督办件）的编号，例如 g1-t2-m3、g1-t2；任务的档案包括它的全部措施。",
            autocompletion=completion.record_ids,
        ),
    ],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入文件：.md（Markdown）或 .docx（A4 文档，可打印归档）。默认把 Markdown 打印到屏幕。",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="按这一天结束时的台账建档（取该日及以前的最后一次提交），默认今天。",
        ),
    ] = None,
) -> None:
    """一件一档：一项措施（或一个任务及其全部措施）的完整档案。

    基本情况和来源、完成时限及每次调整、每条进展（存在问题、下步计划、亮点）和佐证材料、git 中的
    每次提交（谁、何时、改了什么）、催办和督导检查、签收和办结，以及当天的状态、进度、红黄绿灯和逾期天数。

    例：ledger dossier g1-t1-m2；ledger dossier g1-t1 -o 教育任务档案.docx
    """
    from ...edit.values import parse_date
    from ...usecases.asof import ledger_on
    from ...usecases.dossier import dossier as build
    from ...usecases.dossier import dossier_bytes, output_format
    from ...usecases.outputs import write_atomically

    chosen = output_format(out_file)
    session = _session(ctx)
    root = session.root()
    today = session.today()
    day = today if as_of is None else parse_date(as_of, "--as-of")
    basis = ledger_on(root, day, today, lambda: session.load(cached=True))
    document = build(basis, root, record_id)
    if out_file is None:
        from ...render.documents import document_md

        emit(document_md(document))
        return
    write_atomically(dossier_bytes(document, chosen, root, basis.commit, day), out_file, root)
    tell_written(out_file)
