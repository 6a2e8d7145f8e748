"""What the commands that change the ledger share: their options, their questions, one output tail."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_DATA, EXIT_INTERRUPTED
from ..render.safe import visible

AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--author",
        metavar="NAME",
        help="署名：“姓名”或“姓名 <邮箱>”。默认取 git 的 user.name / user.email。",
        show_default=False,
    ),
]
CommitOption = Annotated[
    bool,
    typer.Option(
        "--commit",
        help="写入后立即用 git 提交（只提交本命令改动的文件）。不能提交时事先拒绝，文件不动。",
    ),
]
PersonOption = Annotated[
    str | None, typer.Option("--person", metavar="NAME", help="责任人。", show_default=False)
]
DeliverableOption = Annotated[
    str | None,
    typer.Option("--deliverable", metavar="TEXT", help="成果形式。", show_default=False),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="只显示将要做的修改（差异），不写文件、不提交。")
]


def out(text: str) -> None:
    """Write one line (or several) to stdout."""
    text = visible(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def interactive() -> bool:
    """Both ends are a terminal: the command may ask (a closed stdin never is one)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (ValueError, OSError):
        return False


def ask(prompt: str, *, required: bool = True) -> str:
    """An answer typed at the terminal; Ctrl-C or Ctrl-D cancels the command, changing nothing."""
    from .base import Cancelled

    while True:
        try:
            answer = input(f"{prompt}: ")
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            raise Cancelled(EXIT_INTERRUPTED) from None
        except EOFError:
            sys.stdout.write("\n")
            raise Cancelled(EXIT_DATA) from None
        if answer.strip() or not required:
            return answer


def confirm(question: str) -> bool:
    """A yes-or-no question, no by default."""
    return ask(f"{question} [y/N]", required=False).strip().lower() in ("y", "yes", "是")


def relative(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the ledger's root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


UNCOMMITTED = "文件已修改，尚未提交（用 git 提交，或下次加 --commit）。"


def show_outcome(
    outcome,
    root: Path,
    done: Iterable[str] = (),
    *,
    subject: str | None = None,
    uncommitted: str | None = UNCOMMITTED,
    edit_notes: bool = True,
    diff: bool = True,
    message: bool = True,
    names_commit: bool = False,
) -> None:
    """Any write's tail: a dry run's diff, or the warnings met, what was done and its commit.

    A dry run shows its diff (and with `message` the commit message it would use); with `diff`
    off it shows `done` instead. Otherwise `done` follows the warnings, then `已提交 abc1234。`
    (`：subject` when given) or `uncommitted`, unless `done` already names the commit.
    """
    if outcome.dry_run and diff:
        _show_dry_run(outcome, root, message=message)
        return
    if outcome.sha:
        from .safety import COMMITTED

        COMMITTED[:] = [outcome.sha]  # said on stderr if the output below cannot be written
    _show_notes(outcome, root, edits=edit_notes and not outcome.dry_run)
    for line in done:
        out(line)
    if outcome.dry_run or names_commit:
        return
    if outcome.sha:
        out(f"已提交 {outcome.sha[:7]}" + (f"：{subject}" if subject else "。"))
    elif uncommitted:
        out(uncommitted)


def _show_dry_run(outcome, root: Path, *, message: bool) -> None:
    """The diff a dry run would write, and the commit message it would use."""
    out("（试运行：没有写文件，也没有提交）")
    for edit in outcome.edits:
        diff = edit.diff(root)
        if diff:
            sys.stdout.write(visible(diff))
    if message and outcome.message:
        lines = outcome.message.rstrip().split("\n")
        out("提交说明将是：\n" + "\n".join("  " + line for line in lines))


def _show_notes(outcome, root: Path, *, edits: bool) -> None:
    """Warnings met on the way (a stale lock cleared, git's trouble after a commit) and edit notes."""
    from .base import print_problems

    if outcome.notes:
        print_problems(list(outcome.notes), root)
    for edit in outcome.edits if edits else ():
        for note in edit.notes:
            out(f"  注意：{relative(edit.path, root)}：{note}")


def show_generated(generated, derived_from: str, command: str) -> None:
    """Which generated files were written; with --check, which differ (exit 1) or that none do."""
    if not generated.checked:
        for path in generated.paths:
            sys.stdout.write(f"已写入 {path}\n")
        return
    if generated.outdated:
        sys.stderr.write(
            f"以下文件与{derived_from}不一致：{visible('、'.join(generated.outdated))}\n"
            f"  → 运行 ledger {command} 重新生成，并提交\n"
        )
        raise typer.Exit(EXIT_DATA)
    sys.stdout.write(f"{'、'.join(generated.paths)} 与{derived_from}一致。\n")
