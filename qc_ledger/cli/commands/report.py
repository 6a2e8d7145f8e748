"""`ledger report`: the progress notice for a period, with the changes from git history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..formats import (
    OutputOption,
    emit_document,
)


@app.command()
@guarded
def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="通报期间的起始日期（默认截止日期前 30 天）。"
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="通报期间的截止日期（默认今天）。"),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="输出格式：md（默认）、docx（文档，须用 -o 给出 .docx 文件）、table 或 json。",
        ),
    ] = None,
    out_file: OutputOption = None,
) -> None:
    """进展通报：总体情况、本期完成、逾期未完成及牵头单位、本期台账变化（取自 git 历史）和经验亮点。

    截止日期早于今天时，各项数字按截止日当天的台账（该日及以前的最后一次提交）计算。

    例：ledger report --since 2025-06-01 --until 2025-06-30 -o 6月通报.md
    """
    from ...domain.lazy import collector_paused
    from ...edit.values import parse_period
    from ...usecases.asof import ledger_on

    session = _session(ctx)
    root = session.root()
    today = session.today()
    first, last = parse_period(since, until, today, days=30)
    basis = ledger_on(root, last, today, lambda: session.load(cached=True))
    # A province's notice is tens of thousands of rows that all live until it is written: the
    # cyclic collector would walk them again and again as they are made (a quarter of the time).
    with collector_paused():
        _notice(basis, root, first, output_format, out_file)


def _notice(basis, root: Path, first, output_format: str | None, out_file: Path | None) -> None:
    """Build the notice from the ledger as it stood and write it in the format asked for."""
    from ...reports.documents import notice_document
    from ...usecases.notice import progress_notice

    notice = progress_notice(basis, root, first)
    document = notice_document(notice)
    suffix = out_file.suffix.lower() if out_file is not None else ""
    if output_format == "docx" or suffix == ".docx":
        settings = basis.ledger.rules.documents
        _write_docx(document, notice, out_file, output_format, root, settings, basis.commit)
        return
    chosen = output_format or ("md" if out_file is None else None)
    if chosen == "csv" or suffix == ".csv":
        raise UsageError.single(
            "通报没有 CSV 格式", hint="用 --format md（默认）、docx、table 或 json"
        )
    data = {"notice": notice, "changes": notice.changes.as_data() if notice.changes else None}
    emit_document(document, data, chosen, out_file, root)


def _write_docx(
    document,
    notice,
    out_file: Path | None,
    output_format,
    root: Path,
    settings,
    commit: str | None,
) -> None:
    from ...usecases.notice import notice_docx
    from ..base import write_output

    if out_file is None or out_file.suffix.lower() != ".docx":
        raise UsageError.single(
            "Word 格式需要用 -o 给出以 .docx 结尾的文件名", hint="例：ledger report -o 通报.docx"
        )
    if output_format not in (None, "docx"):
        raise UsageError.single(
            f"--format {output_format} 与文件扩展名 .docx 不一致", hint="去掉 --format，或改文件名"
        )
    write_output(notice_docx(document, notice, root, settings, commit), out_file, root)
