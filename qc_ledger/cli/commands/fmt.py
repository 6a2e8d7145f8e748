"""`ledger fmt`: every data file in its canonical layout, comments kept; one commit with --commit."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ...errors import EXIT_DATA
from ...render.safe import visible
from ..base import _session, app, guarded
from ..writing import AuthorOption, CommitOption, out, relative, show_outcome


@app.command()
@guarded
def fmt(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="只检查：列出不是规范格式的文件，有则退出码为 1，不写文件。"),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="只显示将要做的修改（差异），不写文件；有修改时退出码为 1。"),
    ] = False,
    author: AuthorOption = None,
    commit: CommitOption = False,
) -> None:
    """把数据文件整理为规范格式：单位别名换成规范名称、字段按规范顺序、统一缩进。

    例：ledger fmt --diff 先看看；ledger fmt --commit
    """
    from ...usecases.fmt import fmt as format_files

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    if check or diff:
        from ...edit.formatting import unformatted

        session.write_options(author, dry_run=True)  # a bad saved setting fails as a write would
        count, changed = unformatted(ledger)
        for edit in changed:
            if diff:
                sys.stdout.write(visible(edit.diff(root)))
            else:
                out(
                    relative(edit.path, root) + ("：" + "；".join(edit.notes) if edit.notes else "")
                )
        if changed:
            sys.stderr.write(
                f"{len(changed)} 个文件不是规范格式；运行 ledger fmt 整理（会保留注释）。\n"
            )
            raise typer.Exit(EXIT_DATA)
        out(f"{count} 个文件都是规范格式。")
        return
    outcome = format_files(ledger, options=session.write_options(author, commit=commit))
    changed = [edit for edit in outcome.edits if edit.changed]
    done = [
        f"已整理 {relative(edit.path, root)}" + (f"：{'；'.join(edit.notes)}" if edit.notes else "")
        for edit in changed
    ]
    if changed:
        kept = len(outcome.edits) - len(changed)
        done.append(f"已整理 {len(changed)} 个文件，其余 {kept} 个已是规范格式。")
    else:
        done.append(f"{len(outcome.edits)} 个文件都是规范格式，没有改动。")
    show_outcome(outcome, root, done, edit_notes=False, uncommitted=None)
