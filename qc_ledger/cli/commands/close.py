"""`ledger close`: the office approves a request to close a measure (审核办结) or returns it."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, guarded
from ..writing import AuthorOption, CommitOption, DryRunOption, relative, show_outcome


@app.command()
@guarded
def close(
    ctx: typer.Context,
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="MEASURE_ID",
            help="措施编号，如 g1-t1-m2（ledger list --closing 列出待审核的申请）。",
            autocompletion=completion.measure_ids,
        ),
    ],
    approve: Annotated[
        bool,
        typer.Option("--approve", help="审核办结：状态改为已完成、进度 100%。"),
    ] = False,
    reject: Annotated[
        bool,
        typer.Option("--reject", help="退回办结申请（须给 --reason），状态不变。"),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", help="退回的理由。", show_default=False),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", "-n", metavar="TEXT", help="审核意见（可不写）。", show_default=False
        ),
    ] = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """统筹办审核办结申请：--approve 办结，或 --reject --reason "理由" 退回。

    例：ledger close g1-t1-m2 --approve --commit

    办结须经统筹办审核时（见 rules.yaml），单位用 ledger update ID --status done 申请办结。
    """
    from ...edit import values
    from ...errors import UsageError
    from ...usecases.close import close as close_measure

    if approve == reject:
        raise UsageError.single(
            "--approve 和 --reject 须给出其中一个"
            if not approve
            else "--approve 和 --reject 不能同时给出",
            hint='审核办结用 --approve；退回用 --reject --reason "理由"',
        )
    if reject and reason is None:
        raise UsageError.single(
            "退回办结申请须说明理由", hint='加 --reason "退回的理由"（单位据此改正后重新申请）'
        )
    if approve and reason is not None:
        raise UsageError.single("--reason 只用于退回", hint="审核意见用 --note")
    if reject and note is not None:
        raise UsageError.single("退回的理由写在 --reason 中", hint="去掉 --note")
    text = reason if reject else note
    text = values.clean_text(text, "--reason" if reject else "--note") if text is not None else None
    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = close_measure(
        ledger, measure_id, approve=approve, note=text, today=session.today(), options=options
    )
    edit = outcome.edit
    head = "已审核办结" if approve else "已退回办结申请"
    done = [f"{head} {edit.record_id}（{relative(edit.path, root)}）："]
    done += [f"  {line}" for line in edit.update.lines()]
    if reject:
        done.append(
            f'  单位改正后用 ledger update {edit.record_id} --status done --note "完成情况" 重新申请'
        )
    show_outcome(outcome, root, done, subject=edit.update.subject())
