"""Core commands: `status`, `validate`, `schemas`, `cache`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_DATA, EXIT_OK
from .base import _session, app, emit, guarded
from .formats import FormatOption, OutputOption, _format, _print_table
from .helptext import HelpGroup, LedgerTyper


def _stdout_console():
    from ..render.terminal import make_console

    return make_console()


class ProblemFormat(StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


class OutputFormat(StrEnum):
    """Output formats of reports that are tables on screen."""

    table = "table"
    json = "json"


@app.command()
@guarded
def status(
    ctx: typer.Context,
    output_format: FormatOption = None,
    out_file: OutputOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="列出所有需要关注的措施（默认每类最多 10 项）。")
    ] = False,
) -> None:
    """各工作组进展总览：状态计数、逾期、完成率、红黄绿灯，以及需要关注的措施。

    例：ledger status；LEDGER_TODAY=2025-06-30 ledger status --all；ledger status -o 进展.md
    """
    from ..reports.status import build_status

    chosen = _format(output_format, out_file)
    session = _session(ctx)
    today = session.today()
    # The screen lists 10 of each kind of measure to chase; files and other formats list all.
    limit = None if show_all or out_file is not None or chosen != "table" else 10
    report = build_status(session.load(cached=True), today, limit)
    root = session.root()
    if chosen == "json":
        from ..render.jsonout import to_json

        emit(to_json(report), out_file, root)
    elif chosen in ("md", "csv"):
        from ..render import office_reports

        render = office_reports.status_md if chosen == "md" else office_reports.status_csv
        emit(render(report), out_file, root)
    else:
        from ..render.terminal import print_status

        _print_table(
            lambda console, value: print_status(console, value, limit), report, out_file, root
        )


@app.command()
@guarded
def validate(
    ctx: typer.Context,
    output: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（默认）、json、github（GitHub/Gitea Actions 行内标注）"
            "或 gitlab（GitLab 代码质量报告）。",
        ),
    ] = ProblemFormat.text,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="把 json、github 或 gitlab 格式的结果写入文件（CI 用）。"
        ),
    ] = None,
) -> None:
    """校验全部台账文件：字段、格式、编号、单位名称和跨文件引用。有错误时退出码为 1。

    例：ledger validate；CI 中 ledger validate --format github（或 gitlab --output 报告.json）
    """
    from ..errors import DataError
    from ..load.crosscheck import dated_problems
    from ..load.loader import discover

    session = _session(ctx)
    root = session.root()
    try:
        # Files unchanged since this user's ledger last checked them come from the cache: each was
        # stored only when it passed every check of its own; the rules across files run every time.
        ledger = session.load(cached=True)
        future = dated_problems(ledger, session.today())
        problems, valid = [*future, *ledger.warnings], not future
        files = list(ledger.sources)
    except DataError as exc:
        problems, valid = exc.problems, False
        files, _ = discover(root)
    if output is ProblemFormat.gitlab:
        from ..render.problems import code_quality

        emit(code_quality(problems, root), out_file, root)
    elif output is ProblemFormat.json:
        from ..render.jsonout import to_json

        emit(
            to_json(
                {
                    "valid": valid,
                    "files": len(files),
                    "errors": [p.as_dict(root) for p in problems if p.severity == "error"],
                    "warnings": [p.as_dict(root) for p in problems if p.severity != "error"],
                }
            ),
            out_file,
            root,
        )
    else:
        from ..render.problems import github_annotations, problems_text, summary_line

        if output is ProblemFormat.github:
            emit(github_annotations(problems, root), out_file, root)
        elif out_file is not None:
            body = problems_text(problems, root) if problems else ""
            emit(body + summary_line(problems, len(files)) + "\n", out_file, root)
            raise typer.Exit(EXIT_OK if valid else EXIT_DATA)
        elif problems:
            sys.stderr.write(problems_text(problems, root))
        sys.stdout.write(summary_line(problems, len(files)) + "\n")
    if not valid:
        raise typer.Exit(EXIT_DATA)


@app.command()
@guarded
def schemas(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查 schemas/ 是否与模型一致，不写文件。")
    ] = False,
) -> None:
    """由数据模型生成 schemas/ 下的 JSON Schema（编辑器据此提示字段和取值）。

    例：ledger schemas；CI 中 ledger schemas --check
    """
    from ..usecases.schemas import SCHEMA_DIR, generate
    from .writing import generated_files

    root = _session(ctx).root()
    files = {f"{SCHEMA_DIR}/{name}": text for name, text in generate(root).items()}
    generated_files(root, files, check, "模型和单位名录", "schemas")


cache_app = LedgerTyper(
    cls=HelpGroup,
    help="缓存：只读命令把已读过的文件内容缓存在用户缓存目录（纯数据，不在仓库里）。",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
@guarded
def cache_clear() -> None:
    """删除 qc-ledger 的全部缓存文件；下次运行时按需重建。

    例：ledger cache clear
    """
    from ..load.cache import private as cache
    from ..render.safe import visible

    folder = cache.cache_folder()
    removed = cache.clear()
    where = f"（{visible(str(folder))}）" if folder is not None else ""
    sys.stdout.write(f"已删除 {len(removed)} 个缓存文件{where}。\n")
