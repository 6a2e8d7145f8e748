"""`ledger apply-form`: a submitted progress-report issue applied as an update."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...errors import LedgerError, UsageError
from ...render.safe import visible
from ...vocabulary import os_reason
from ..base import _session, app, emit, guarded


@app.command("apply-form")
@guarded
def apply_form(
    ctx: typer.Context,
    body_file: Annotated[
        Path, typer.Argument(metavar="BODY_FILE", help="议题正文（表单提交的内容）所在的文件。")
    ],
    author: Annotated[
        str | None, typer.Option("--author", help='署名：报送人，如 "张三 <zhang@example.org>"。')
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="修改后提交到 git。")] = False,
    reply: Annotated[
        Path | None,
        typer.Option("--reply", metavar="FILE", help="把给报送人的答复（Markdown）写入这个文件。"),
    ] = None,
) -> None:
    """按“进展报送”议题表单更新措施：与 ledger update 同样的规则；有错时列出每一处要改的地方，不改动台账。

    例：ledger apply-form 议题.md --commit --author "张三" --reply 答复.md
    """
    from ...collab.forms import parse
    from ...render import form_reply
    from ...usecases.update import update

    session = _session(ctx)
    try:
        body = body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise UsageError.single(
            f"无法读取议题正文文件 {body_file}（{os_reason(exc)}）",
            hint="给出议题正文所在的 UTF-8 文本文件",
        ) from None
    ledger = session.load(cached=True)
    try:
        measure_id, request = parse(body, ledger)
        options = session.write_options(author, commit=commit)
        outcome = update(ledger, measure_id, request, today=session.today(), options=options)
    except LedgerError as exc:
        if reply is not None:
            emit(form_reply.refused(exc.problems), reply, ledger.root)
        raise
    lines = outcome.edit.update.lines()
    answer = form_reply.applied(measure_id, lines)
    if reply is not None:
        emit(answer, reply, ledger.root)
    sys.stdout.write(visible(answer))
    if outcome.sha:
        sys.stdout.write(f"已提交 {outcome.sha[:7]}：{visible(outcome.edit.update.subject())}\n")
