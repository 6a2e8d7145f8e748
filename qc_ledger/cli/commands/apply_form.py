"""`ledger apply-form`: a submitted progress-report issue applied, reviewed and answered."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...errors import EXIT_DATA, LedgerError, UsageError
from ...render.safe import visible
from ...vocabulary import os_reason
from ..base import _session, app, emit, guarded


@app.command("apply-form", short_help="按“进展报送”议题表单更新措施（规则同 update）。")
@guarded
def apply_form(
    ctx: typer.Context,
    body_file: Annotated[
        Path, typer.Argument(metavar="BODY_FILE", help="议题正文（表单提交的内容）所在的文件。")
    ],
    author: Annotated[
        str | None, typer.Option("--author", help='署名：报送人，如 "张三 <zhang@example.org>"。')
    ] = None,
    login: Annotated[
        str | None,
        typer.Option(
            "--login",
            metavar="NAME",
            help="报送人（议题作者）的平台登录名：提交后按它审核权限；不给 --author 时也用它署名。",
        ),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--sender",
            metavar="NAME",
            help="这次提交或编辑议题的人的登录名（CI 传入）：与 --login 不同时拒绝。",
        ),
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="修改后提交到 git。")] = False,
    reply: Annotated[
        Path | None,
        typer.Option(
            "--reply",
            metavar="FILE",
            help="把给报送人的答复（Markdown）写入这个文件：采纳、表单有误、超出权限、出错都有答复。",
        ),
    ] = None,
) -> None:
    """按“进展报送”议题表单更新措施：与 ledger update 同样的规则；有错时列出每一处要改的地方，不改动台账。给出 --login 和 --commit 时提交后按报送人的权限审核，超出权限时退出码为 1。

    例：ledger apply-form 议题.md --commit --login <议题作者的登录名> --reply 答复.md
    """
    from ...render import form_reply

    session = _session(ctx)
    root = session.root()
    if reply is not None:
        from ...usecases.outputs import check_writable

        check_writable(reply, root)  # before the commit, not after it
    try:
        answer, report = _apply(session, _body(body_file), author, login, sender, commit)
    except LedgerError as exc:
        if reply is not None:
            emit(form_reply.refused(exc.problems), reply, root)
        raise
    except Exception:
        # A defect of the tool: the reporter still hears that the report was not lost.
        if reply is not None:
            emit(form_reply.failed(), reply, root)
        raise
    if reply is not None:
        emit(answer, reply, root)
    sys.stdout.write(visible(answer))
    sha = report.outcome.sha
    if sha and not report.withdrawn:
        sys.stdout.write(f"已提交 {sha[:7]}：{visible(report.outcome.edit.update.subject())}\n")
    if not report.allowed:
        sys.stderr.write("超出报送人的权限：已撤回刚才的提交，台账没有任何改动。\n")
        raise typer.Exit(EXIT_DATA)


def _body(body_file: Path) -> str:
    try:
        return body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise UsageError.single(
            f"无法读取议题正文文件 {body_file}（{os_reason(exc)}）",
            hint="给出议题正文所在的 UTF-8 文本文件",
        ) from None


def _apply(session, body: str, author, login, sender, commit: bool):
    """The report applied (and reviewed), with the reply its outcome calls for."""
    from ...render import form_reply
    from ...render.review_text import review_markdown
    from ...usecases.report_form import apply_report, check_sender

    check_sender(login, sender)  # before loading: a body from someone else is not read at all
    if author is None and login:
        author = login.lstrip("@")
    ledger = session.load(cached=True)
    options = session.write_options(author, commit=commit)
    report = apply_report(
        ledger, body, today=session.today(), options=options, login=login, sender=sender
    )
    if not report.allowed:
        return form_reply.refused_by_policy(login or "", review_markdown(report.review)), report
    lines = report.outcome.edit.update.lines()
    return form_reply.applied(report.measure_id, lines), report
