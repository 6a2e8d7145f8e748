"""`ledger review`: what a pull request changes, and whether its authors may change it."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ...errors import EXIT_DATA
from ...render.safe import visible
from ..base import _session, app, emit, guarded


class ReviewFormat(StrEnum):
    """Output formats of `review`."""

    text = "text"
    md = "md"
    json = "json"


@app.command(short_help="审核一个合并请求：逐项列出改动，按权限给出结论。")
@guarded
def review(
    ctx: typer.Context,
    base: Annotated[
        str, typer.Argument(metavar="BASE", help="合并的目标分支或提交，例如 main 或 origin/main。")
    ],
    head: Annotated[
        str, typer.Argument(metavar="[HEAD]", help="要审核的分支或提交（默认 HEAD，即当前分支）。")
    ] = "HEAD",
    output: Annotated[
        ReviewFormat,
        typer.Option("--format", "-f", help="输出格式：text（默认）、md（合并请求评论）或 json。"),
    ] = ReviewFormat.text,
    author: Annotated[
        list[str] | None,
        typer.Option(
            "--author",
            metavar="NAME",
            help="合并请求作者的平台用户名（可多次给出）；给出时只按它确认权限，不看提交邮箱。"
            "在本机这是自称的身份；CI 用 --platform-event。",
        ),
    ] = None,
    platform_event: Annotated[
        Path | None,
        typer.Option(
            "--platform-event",
            metavar="FILE",
            help="平台的事件文件（GitHub/Gitea 工作流给出的事件文件，或 GitLab 合并请求接口的 JSON）："
            "按其中平台认证的合并请求作者确认权限，登录名精确匹配。",
        ),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="写入文件而不是标准输出。"),
    ] = None,
) -> None:
    """审核一个合并请求：逐项列出改动的记录和字段（从什么改为什么），按 data/policy.yaml 检查提交者的权限。有越权修改时退出码为 1。

    例：ledger review main；ledger review origin/main HEAD --format md --output 审核.md
    """
    from ...render.review_text import review_markdown, review_text
    from ...usecases.review import review_branch

    session = _session(ctx)
    root = session.root()
    if platform_event is not None and author:
        from ...errors import UsageError

        raise UsageError.single(
            "--platform-event 和 --author 只能给一个",
            hint="CI 中用 --platform-event；--author 只在本机使用",
        )
    platform = None
    if platform_event is not None:
        from ...usecases.review import read_platform_event

        platform = read_platform_event(platform_event)
    report = review_branch(
        root, base, head, tuple(author or ()), platform=platform, today=session.today()
    )
    if not report.allowed and not report.policy_missing:  # a missing policy is said above
        from ...usecases.accounts import setup_state_at

        state = setup_state_at(root, base)
        if state:
            sys.stderr.write(f"{visible(state)}\n")
    if output is ReviewFormat.json:
        from ...render.jsonout import to_json

        emit(to_json(report.as_data()), out_file, root)
    elif output is ReviewFormat.md:
        emit(review_markdown(report), out_file, root)
    else:
        emit(review_text(report), out_file, root)
    if not report.allowed:
        if out_file is not None:
            sys.stderr.write(f"{len(report.violations)} 处修改超出提交者的权限。\n")
        raise typer.Exit(EXIT_DATA)
