"""`export` (JSON for tools, xlsx for people) and `import` (a workbook a unit filled in)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .base import _session, app, emit, guarded
from .writing import (
    AuthorOption,
    CommitOption,
    DryRunOption,
    committed_line,
    confirm,
    interactive,
    out,
    relative,
    show_notes,
)


class ExportFormat(StrEnum):
    """Formats of `export`."""

    json = "json"
    xlsx = "xlsx"
    sqlite = "sqlite"


@app.command()
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
            dir_okay=False,
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
) -> None:
    """导出整个台账：JSON 文档供其他工具使用；xlsx 工作簿（标准台账格式）发给单位填写或给领导阅看；sqlite 数据库（含历史）供分析。

    例：ledger export > 台账.json；ledger export -f xlsx -o 台账.xlsx；ledger export -f xlsx --unit 区教育局 -o 教育局.xlsx
    """
    session = _session(ctx)
    root = session.root()
    suffix = out_file.suffix.lower() if out_file else ""
    if output is ExportFormat.xlsx or suffix == ".xlsx":
        _export_xlsx(session, out_file, unit, by_unit)
        return
    if output is ExportFormat.sqlite or suffix in SQLITE_SUFFIXES:
        _export_sqlite(session, out_file)
        return
    if unit is not None or by_unit:
        raise UsageError.single(
            "--unit 和 --by-unit 只用于 xlsx 导出", hint="加 --format xlsx -o 文件名.xlsx"
        )
    from ..render.jsonout import to_json
    from ..reports.export import build_export

    emit(to_json(build_export(session.load(cached=True), session.today())), out_file, root)


SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def _export_sqlite(session, out_file: Path | None) -> None:
    import os
    import tempfile

    from .. import __version__
    from ..errors import GitError
    from ..git.provenance import source_of
    from ..render.sqlite_db import write_database
    from ..reports.export import build_export
    from .base import _refuse_output_in_ledger

    if out_file is None or out_file.suffix.lower() not in SQLITE_SUFFIXES:
        raise UsageError.single(
            "sqlite 需要用 -o 给出以 .db 或 .sqlite 结尾的文件名",
            hint="例：ledger export -f sqlite -o 台账.db",
        )
    root = session.root()
    _refuse_output_in_ledger(out_file, root)
    ledger = session.load(cached=True)
    export = build_export(ledger, session.today())
    source = source_of(ledger.root)
    export["source"] = {"commit": source.commit or "", "dirty": int(source.dirty)}
    export["generator"] = f"qc-ledger {__version__}"
    try:
        commits = _commits(ledger.root)
    except GitError:
        commits = []
    folder = out_file.resolve().parent
    if not folder.is_dir():
        raise UsageError.single(f"目录 {folder} 不存在", hint="先建好目录，或换一个文件名")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".ledger-", suffix=".db")
    os.close(handle)
    try:
        write_database(Path(temporary), export, commits)
        os.replace(temporary, out_file)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    out(f"已写入 {out_file}：{len(ledger.measures)} 项措施，{len(commits)} 次提交的历史。")


def _commits(root: Path) -> list[dict]:
    """Every commit that changed the ledger's data, for the database's history tables."""
    import datetime as dt

    from ..git.history import between
    from ..git.repo import LedgerRepo

    repo = LedgerRepo(root)
    try:
        revisions = between(repo, root / "data", dt.date(1, 1, 1), dt.date(9999, 12, 31))
        top = repo.top
        return [
            {
                "sha": r.sha,
                "author": r.author,
                "authored": r.authored.isoformat(),
                "committed": r.committed.isoformat(),
                "subject": r.subject,
                "files": [(top / f.path).relative_to(root.resolve()).as_posix() for f in r.files],
            }
            for r in revisions
        ]
    finally:
        repo.close()


def _export_xlsx(session, out_file: Path | None, unit: str | None, by_unit: bool) -> None:
    from .. import __version__
    from ..domain.names import unit_argument
    from ..git.provenance import source_of
    from ..sheets.selection import build_sheets
    from ..sheets.writer import SheetPart, WorkbookMeta, workbook_bytes
    from .base import write_output

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
    ledger = session.load(cached=True)
    today = session.today()
    canonical = unit_argument(ledger, unit) if unit is not None else None
    plans = build_sheets(ledger, today, unit=canonical, by_unit=by_unit)
    source = source_of(ledger.root)
    meta = WorkbookMeta(
        ledger.plan.title, today, source.commit, source.dirty, f"qc-ledger {__version__}", canonical
    )
    parts = [SheetPart(plan.name, plan.values()) for plan in plans]
    write_output(workbook_bytes(parts, meta), out_file, session.root())
    count = sum(len(part.rows) for part in parts)
    out(f"共 {count} 项措施，{len(parts)} 张工作表；{meta.provenance()}")


@app.command("import")
@guarded
def import_sheet(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="单位填好的工作簿。")],
    dry_run: DryRunOption = False,
    partial: Annotated[
        bool,
        typer.Option("--partial", help="有被拒绝的行时，仍导入其余没有问题的措施。"),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="不询问，直接导入（脚本中使用）。")
    ] = False,
    author: AuthorOption = None,
    commit: CommitOption = False,
) -> None:
    """导入单位填好的 xlsx 工作簿：只导入表中改过的内容，逐项按更新规则检查，一次写入、一次提交。

    与导出时的底稿和台账现状三方比较：导出后台账中已被他人修改的项只列出、不覆盖；有任何一行被拒绝时什么也不改（除非 --partial）。

    例：ledger import 教育局.xlsx --dry-run；ledger import 教育局.xlsx --commit
    """
    from ..git.provenance import knows_commit
    from ..sheets.compare import plan_import
    from ..sheets.reader import read_workbook
    from ..usecases import actions

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    today = session.today()
    book = read_workbook(file)
    plan = plan_import(ledger, book, today)
    if plan.commit and knows_commit(root, plan.commit) is False:
        from ..errors import DataError

        raise DataError.single(
            f"{file.name} 导出自提交 {plan.commit[:7]}，本台账的 git 历史中没有这个提交",
            path=file,
            hint="确认这个表格是从本台账导出的；先 git pull 取得最新的历史后重试",
        )
    _show_plan(plan, file, ledger)
    if not plan.applicable() and not plan.refusals and not plan.conflicts:
        out("表中没有需要导入的修改。")
        return
    options = dict(
        source=file.name,
        today=today,
        partial=partial,
        author=session.author(author),
        commit=commit,
        when=session.commit_time(),
    )
    if dry_run:
        outcome = actions.import_sheet(ledger, plan, dry_run=True, **options)
        show_notes(outcome, root, edits=False)
        out("（--dry-run：没有写文件，也没有提交）")
        return
    refused = bool(plan.refusals or plan.conflicts)
    if not yes and (partial or not refused):
        if not interactive():
            raise UsageError.single(
                "导入前需要确认", hint="在终端中运行并回答 y，或加 --yes（脚本中）"
            )
        if not confirm("导入这些修改吗？"):
            out("没有导入，什么也没有改动。")
            return
    outcome = actions.import_sheet(ledger, plan, **options)
    show_notes(outcome, root)
    if not outcome.edits:
        out("没有可导入的修改，什么也没有改动。")
        return
    files = "、".join(relative(edit.path, root) for edit in outcome.edits)
    count = sum(len(edit.updates) for edit in outcome.edits)
    out(f"已导入 {count} 项措施的修改（{files}）。")
    out(committed_line(outcome, "文件已修改，尚未提交（用 git 提交，或下次加 --commit）。"))


def _show_plan(plan, file: Path, ledger) -> None:
    from ..sheets.layout import BY_KEY

    origin = f"导出自提交 {plan.commit[:7]}" if plan.commit else "导出时不在 git 仓库中"
    measures = len({c.measure_id for c in plan.changes})
    out(f"{file.name}：{origin}，统计日期 {plan.as_of}；{plan.rows} 行，{measures} 项措施有修改。")
    for change in plan.changes:
        header = BY_KEY[change.where.key].header
        old = change.base or "（空）"
        out(f"  {change.measure_id} {header}：{old} → {change.sheet}（{change.where.cell}）")
    if plan.meanwhile:
        out(
            f"  另有 {len(plan.meanwhile)} 处导出后台账中已修改、表中未改：保持台账现值，例如 "
            f"{plan.meanwhile[0].measure_id} {BY_KEY[plan.meanwhile[0].where.key].header}"
            f"为“{plan.meanwhile[0].now}”。"
        )
