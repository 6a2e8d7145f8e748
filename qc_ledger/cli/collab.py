"""Commands for working together through git: `setup` and the `merge-file` driver it registers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_DATA
from ..render.safe import visible
from ..vocabulary import os_reason
from .base import _session, app, guarded
from .writing import generated_files


@app.command()
@guarded
def setup(ctx: typer.Context) -> None:
    """为本仓库做好协作设置：登记任务文件的合并方式（两个单位同时报送同一措施时进展记录自动合并），安装提交前校验。

    例：ledger setup（在每个克隆中运行一次）
    """
    from ..collab.setup import setup as configure

    outcome = configure(_session(ctx).root())
    for line in outcome.done:
        sys.stdout.write(f"{visible(line)}\n")
    for line in outcome.advice:
        sys.stdout.write(f"提示：{visible(line)}\n")


@app.command("merge-file", hidden=False)
@guarded
def merge_file(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="共同基础版本（git 传入的 %O）。")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="这边的版本，合并结果写回这里（%A）。")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="另一边的版本（%B）。")],
    shown: Annotated[
        Path, typer.Argument(metavar="SHOWN", help="文件在仓库中的路径（%P），用于提示。")
    ],
) -> None:
    """git 的合并驱动（由 ledger setup 登记，不需要手工运行）：按措施合并任务文件，进展记录取并集。

    例：git 按 .gitattributes 调用 ledger merge-file %O %A %B %P
    """
    from ..collab.mergedriver import merge_file as merge

    outcome = merge(base, ours, theirs, shown)
    name = visible(shown.as_posix())
    if outcome.clean:
        if outcome.by_records:
            sys.stderr.write(f"{name}：两边的修改已按措施合并（进展记录取并集，按日期排列）。\n")
        return
    sys.stderr.write(
        f"{name}：有需要人工决定的冲突，文件中已用 <<<<<<< 这边 / >>>>>>> 另一边 标出。\n"
    )
    for conflict in outcome.conflicts:
        sys.stderr.write(f"  {visible(conflict.describe())}\n")
    for problem in outcome.problems:
        sys.stderr.write(f"  {visible(problem)}\n")
    sys.stderr.write(
        "  → 两个都是有效的报送时不要只保留一边：和对方单位确认实际的状态和进度，"
        "把两边的进展记录都留下，删去冲突标记后 ledger validate，再 git add 并提交。\n"
    )
    raise typer.Exit(EXIT_DATA)


@app.command()
@guarded
def codeowners(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查 CODEOWNERS 是否与单位名录一致，不写文件。")
    ] = False,
) -> None:
    """按单位名录的账号生成 GitHub、GitLab、Gitea 的 CODEOWNERS：任务文件由其措施的牵头单位审核，其余由统筹办审核。

    例：ledger codeowners；CI 中 ledger codeowners --check
    """
    from ..collab.codeowners import generate

    ledger = _session(ctx).load()
    generated_files(ledger.root, generate(ledger), check, "单位名录和权限", "codeowners")


@app.command()
@guarded
def forms(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="只检查议题表单是否与台账的措施一致，不写文件。")
    ] = False,
) -> None:
    """生成“进展报送”议题表单（GitHub 和 Gitea）：选措施、填状态、进度、进展情况和佐证材料，不必编辑 YAML。

    例：ledger forms；措施增减后 ledger forms --check 会失败
    """
    from ..collab.forms import form_files

    ledger = _session(ctx).load()
    generated_files(ledger.root, form_files(ledger), check, "台账的措施", "forms")


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
    from ..collab.forms import parse
    from ..errors import LedgerError, UsageError
    from ..render import form_reply
    from ..usecases import actions
    from .base import emit

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
        outcome = actions.update(
            ledger,
            measure_id,
            request,
            today=session.today(),
            author=session.author(author),
            commit=commit,
            when=session.commit_time(),
        )
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
