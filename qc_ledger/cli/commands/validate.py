"""`ledger validate`: check every file of the ledger; exit 1 on an error (for CI too)."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ...errors import EXIT_DATA, EXIT_OK, DataError
from ..base import _session, app, emit, guarded


class ProblemFormat(StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


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

    还对每项未完成措施最近一次进展给出进展质量提示（套话、照抄、无佐证跳升、亮红灯未写存在问题），只提示不算错误。

    例：ledger validate；CI 中 ledger validate --format github（或 gitlab --output 报告.json）
    """
    from ...load.cache.notes import cached_note_problems
    from ...load.crosscheck import dated_problems, unapproved_problems
    from ...load.loader import discover

    session = _session(ctx)
    root = session.root()
    started = time.time_ns()  # the files' notes are kept only when not changed since it
    try:
        # Files unchanged since this user's ledger last checked them come from the cache: each was
        # stored only when it passed every check of its own; the rules across files run every time.
        ledger = session.load(cached=True)
        future = dated_problems(ledger, session.today())
        notes = cached_note_problems(ledger, session.today(), started)
        unapproved = unapproved_problems(ledger)
        problems = [*future, *ledger.warnings, *notes, *unapproved]
        valid = not future and not unapproved
        files = list(ledger.sources)
    except DataError as exc:
        problems, valid = exc.problems, False
        files, _ = discover(root)
    if output is ProblemFormat.gitlab:
        from ...render.problems import code_quality

        emit(code_quality(problems, root), out_file, root)
    elif output is ProblemFormat.json:
        from ...render.jsonout import to_json

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
        from ...render.problems import github_annotations, problems_text, summary_line

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
