"""`ledger ack`: a unit acknowledges (签收) a measure, or the measures of a task assigned to it."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, guarded
from ..writing import AuthorOption, CommitOption, DryRunOption, out, relative, show_outcome


@app.command()
@guarded
def ack(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="措施编号（如 g1-t1-m2）或任务编号（签收其中由本单位牵头或配合的各项措施）。",
            autocompletion=completion.record_ids,
        ),
    ],
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            metavar="UNIT",
            help="签收单位；默认为提交邮箱所登记的单位，或 ledger config 设的默认单位。",
            autocompletion=completion.unit_names,
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", "-n", metavar="TEXT", help="签收说明（可不写）。", show_default=False
        ),
    ] = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """签收交办的工作：在措施的签收记录末尾记下本单位、日期和署名。

    例：ledger ack g5-t1-m1 --unit 区住房城乡建设局 --commit

    已签收过的再签收不改动任何文件。未签收的工作用 ledger list --unacknowledged 列出，并列入催办。
    """
    from ...edit import values
    from ...usecases.ack import acknowledge

    session = _session(ctx)
    root = session.root()
    text = values.clean_text(note, "--note") if note is not None else None
    ledger = session.load(cached=True)
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    result = acknowledge(
        ledger,
        record_id,
        unit,
        text,
        today=session.today(),
        options=options,
        saved_unit=session.saved("unit"),
    )
    if result.outcome is None:
        ids = "、".join(result.already)
        out(f"{result.unit}已签收过 {ids}，没有改动。")
        return
    edit = result.outcome.edit
    done = [f"{result.unit}已签收（{relative(edit.path, root)}）："]
    several = len(edit.updates) > 1
    done += [
        f"  {update.measure_id} {line}" if several else f"  {line}"
        for update in edit.updates
        for line in update.lines()
    ]
    if result.already:
        done.append(f"  此前已签收：{'、'.join(result.already)}")
    subject = result.outcome.message.split("\n", 1)[0]
    show_outcome(result.outcome, root, done, subject=subject)
