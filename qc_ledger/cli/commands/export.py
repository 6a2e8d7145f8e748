"""`ledger export`: the whole ledger as JSON for tools, xlsx for people, or an SQLite database."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, emit_json, guarded
from ..formats import KindOption, of_kinds
from ..writing import out


class ExportFormat(StrEnum):
    """Formats of `export`."""

    json = "json"
    xlsx = "xlsx"
    sqlite = "sqlite"


@app.command(short_help="导出整个台账：JSON、xlsx 工作簿、sqlite 数据库等。")
@guarded
def export(
    ctx: typer.Context,
    output: Annotated[ExportFormat, typer.Option("--format", "-f", help="导出格式。")] = (
        ExportFormat.json
    ),
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入文件（xlsx、sqlite 必须给出；JSON 默认输出到屏幕）。",
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            metavar="UNIT",
            help="xlsx：只导出这个单位牵头或配合的措施（发给该单位填写）。",
            show_default=False,
        ),
    ] = None,
    by_unit: Annotated[
        bool, typer.Option("--by-unit", help="xlsx：每个牵头单位一张工作表。")
    ] = False,
    kind: KindOption = None,
) -> None:
    """导出整个台账：JSON 文档供其他工具使用；xlsx 工作簿（标准台账格式）发给单位填写或给领导阅看；sqlite 数据库（含历史）供分析。

    例：ledger export > 台账.json；ledger export -f xlsx -o 台账.xlsx；ledger export -f xlsx --unit 区教育局 -o 教育局.xlsx
    """
    from ...usecases.export import SQLITE_SUFFIXES

    session = _session(ctx)
    root = session.root()
    # Checked before any file is named, so a wrong --kind is the first thing said.
    ledger = of_kinds(session.load(cached=True), kind)
    suffix = out_file.suffix.lower() if out_file else ""
    if output is ExportFormat.xlsx or suffix == ".xlsx":
        _export_xlsx(session, ledger, out_file, unit, by_unit)
        return
    if output is ExportFormat.sqlite or suffix in SQLITE_SUFFIXES:
        _export_sqlite(session, ledger, out_file)
        return
    if unit is not None or by_unit:
        raise UsageError.single(
            "--unit 和 --by-unit 只用于 xlsx 导出", hint="加 --format xlsx -o 文件名.xlsx"
        )
    from ...usecases.export_json import JsonExport

    # Written task by task: a province's records are never all held at once.
    with JsonExport(ledger, session.today()) as export:
        emit_json(export.document(), out_file, root)
        export.keep()


def _export_sqlite(session, ledger, out_file: Path | None) -> None:
    from ...usecases.export import SQLITE_SUFFIXES, database

    if out_file is None or out_file.suffix.lower() not in SQLITE_SUFFIXES:
        raise UsageError.single(
            "sqlite 需要用 -o 给出以 .db 或 .sqlite 结尾的文件名",
            hint="例：ledger export -f sqlite -o 台账.db",
        )
    written = database(ledger, session.today(), out_file)
    out(f"已写入 {written.path}：{written.measures} 项措施，{written.commits} 次提交的历史。")


def _export_xlsx(session, ledger, out_file: Path | None, unit: str | None, by_unit: bool) -> None:
    from ...usecases.export import workbook
    from ..base import write_output

    if out_file is None:
        raise UsageError.single(
            "xlsx 需要用 -o 给出文件名", hint="例：ledger export -f xlsx -o 台账.xlsx"
        )
    if out_file.suffix.lower() != ".xlsx":
        raise UsageError.single(
            f"xlsx 文件名应以 .xlsx 结尾：{out_file.name}", hint="例：-o 台账.xlsx"
        )
    if unit is not None and by_unit:
        raise UsageError.single("--unit 与 --by-unit 只能选一个", hint="去掉其中一个")
    book = workbook(ledger, session.today(), unit=unit, by_unit=by_unit)
    write_output(book.data, out_file, session.root())
    out(f"共 {book.measures} 项措施，{book.sheets} 张工作表；{book.provenance}")
