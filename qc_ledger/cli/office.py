"""The office's documents: `refine`, `reminders`, `assess`, `report`, and its records (`office`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .base import _session, app, emit, guarded
from .formats import FormatOption, OutputOption, _format, _print_table
from .writing import AuthorOption, CommitOption, DryRunOption, committed_line, out, show_notes


def _emit(document, data, output_format: str | None, out_file: Path | None, root: Path) -> None:
    """One document in the format asked for: a table on screen, Markdown, CSV or JSON."""
    chosen = _format(output_format, out_file)
    if chosen == "json":
        from ..render.jsonout import to_json

        emit(to_json(data), out_file, root)
    elif chosen in ("md", "csv"):
        from ..render.documents import document_csv, document_md

        emit((document_md if chosen == "md" else document_csv)(document), out_file, root)
    else:
        from ..render.document_tables import print_document

        _print_table(print_document, document, out_file, root)


@app.command()
@guarded
def refine(
    ctx: typer.Context, output_format: FormatOption = None, out_file: OutputOption = None
) -> None:
    """责任清单：各牵头单位的措施有没有落实责任领导、责任人、自定时限和成果形式，责任清单是否按时报送。

    例：ledger refine；ledger refine -o 责任清单.md
    """
    from ..reports.documents import refine_document
    from ..reports.refine import build_refine

    session = _session(ctx)
    report = build_refine(session.load(cached=True), session.today())
    _emit(refine_document(report), report, output_format, out_file, session.root())


@app.command()
@guarded
def reminders(
    ctx: typer.Context,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", metavar="UNIT", help="只看这个单位。", show_default=False),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="把这次催办记入 data/office.yaml（下次催办即为“第 2 次催办”）。"
        ),
    ] = False,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """催办：按 data/rules.yaml 的报送周期，列出各单位逾期未报、从未报送和本期待报的措施及联系人。

    例：ledger reminders；ledger reminders -o 催办通知.md；ledger reminders --record --commit
    """
    from ..domain.names import unit_argument
    from ..reports.documents import reminders_document
    from ..reports.reminders import build_reminders

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    today = session.today()
    wanted = unit_argument(ledger, unit) if unit is not None else None
    report = build_reminders(ledger, today, wanted)
    _emit(reminders_document(report), report, output_format, out_file, root)
    if not record:
        return
    owed = [(row.unit, [item.measure_id for item in row.items]) for row in report.units]
    if not owed:
        out("没有需要催办的单位，没有记录。")
        return
    from ..usecases import actions

    outcome = actions.record_reminders(
        ledger,
        owed,
        today=today,
        author=session.author(author),
        commit=commit,
        dry_run=dry_run,
        when=session.commit_time(),
    )
    if outcome.dry_run:
        out(f"（--dry-run：将在 data/office.yaml 中记下 {len(owed)} 个单位的催办，没有写文件）")
        return
    show_notes(outcome, root)
    out(f"已在 data/office.yaml 中记下 {len(owed)} 个单位的催办（{today}）。")
    out(committed_line(outcome, "文件已修改，尚未提交（用 git 提交，或下次加 --commit）。"))


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
    output_format: FormatOption = None,
    out_file: OutputOption = None,
) -> None:
    """考核评价：按 data/rules.yaml 的考核办法给每个单位和工作组打分（0–100），并折算党建考核分。

    例：ledger assess --year 2024；ledger assess --explain 区教育局；ledger assess -o 考核.md
    """
    from ..domain.names import unit_argument
    from ..reports.assess import build_assessment
    from ..reports.documents import assessment_document, explain_document

    session = _session(ctx)
    ledger = session.load(cached=True)
    today = session.today()
    if year is not None and not 2000 <= year <= today.year:
        raise UsageError.single(
            f"--year {year} 不是可以考核的年度", hint=f"写 2000 到 {today.year} 之间的年份"
        )
    assessment = build_assessment(ledger, today, year)
    root = session.root()
    if explain is None:
        document = assessment_document(assessment)
        _emit(document, assessment.as_data(), output_format, out_file, root)
        return
    name = unit_argument(ledger, explain)
    score = assessment.unit(name)
    if score is None:
        raise UsageError.single(
            f"{name}没有牵头或配合任何措施，不参加考核",
            hint="ledger assess 列出参加考核的单位",
        )
    data = {"year": assessment.year, "as_of": assessment.as_of.isoformat(), **score.as_data()}
    _emit(explain_document(assessment, score), data, output_format, out_file, root)


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

    例：ledger report --since 2025-06-01 --until 2025-06-30 -o 6月通报.md
    """
    from ..reports.documents import notice_document
    from ..reports.notice import build_notice
    from .history import changes_between, period

    session = _session(ctx)
    root = session.root()
    first, last = period(since, until, session.today(), days=30)
    ledger = session.load(cached=True)
    notice = build_notice(ledger, first, last, changes_between(root, ledger, first, last))
    document = notice_document(notice)
    suffix = out_file.suffix.lower() if out_file is not None else ""
    if output_format == "docx" or suffix == ".docx":
        _write_docx(document, notice, out_file, output_format, root)
        return
    chosen = output_format or ("md" if out_file is None else None)
    if chosen == "csv" or suffix == ".csv":
        raise UsageError.single(
            "通报没有 CSV 格式", hint="用 --format md（默认）、docx、table 或 json"
        )
    data = {"notice": notice, "changes": notice.changes.as_data() if notice.changes else None}
    _emit(document, data, chosen, out_file, root)


def _write_docx(document, notice, out_file: Path | None, output_format, root: Path) -> None:
    from .. import __version__
    from ..git.provenance import source_of
    from ..render.wordfile import document_docx
    from .base import write_output

    if out_file is None or out_file.suffix.lower() != ".docx":
        raise UsageError.single(
            "Word 格式需要用 -o 给出以 .docx 结尾的文件名", hint="例：ledger report -o 通报.docx"
        )
    if output_format not in (None, "docx"):
        raise UsageError.single(
            f"--format {output_format} 与文件扩展名 .docx 不一致", hint="去掉 --format，或改文件名"
        )
    source = source_of(root)
    commit = f"台账提交 {source.commit[:7]}" if source.commit else "台账不在 git 仓库中"
    provenance = f"截至 {notice.until.isoformat()} · {commit} · qc-ledger {__version__}"
    write_output(document_docx(document, provenance), out_file, root)


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
    from ..domain.names import unit_argument
    from ..reports.office_records import office_document

    session = _session(ctx)
    ledger = session.load(cached=True)
    wanted = unit_argument(ledger, unit) if unit is not None else None
    document = office_document(ledger.office, session.today(), ledger.registry.canonical, wanted)
    data = ledger.office.model_dump(mode="json")
    _emit(document, data, output_format, out_file, session.root())
