"""What the commands that change the ledger share: their common options and how outcomes are shown."""

from __future__ import annotations

import sys
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


def show_dry_run(outcome, root: Path, *, message: bool = True) -> None:
    """The diff a dry run would write, and the commit message it would use."""
    out("（试运行：没有写文件，也没有提交）")
    for edit in outcome.edits:
        diff = edit.diff(root)
        if diff:
            sys.stdout.write(visible(diff))
    if message and outcome.message:
        lines = outcome.message.rstrip().split("\n")
        out("提交说明将是：\n" + "\n".join("  " + line for line in lines))


def show_notes(outcome, root: Path, *, edits: bool = True) -> None:
    """Warnings met on the way (a stale lock cleared, git's trouble after a commit) and edit notes."""
    from .base import print_problems

    if outcome.notes:
        print_problems(list(outcome.notes), root)
    for edit in outcome.edits if edits else ():
        for note in edit.notes:
            out(f"  注意：{relative(edit.path, root)}：{note}")


def committed_line(outcome, uncommitted: str) -> str:
    """`已提交 abc1234。` or what to do with the uncommitted files."""
    return f"已提交 {outcome.sha[:7]}。" if outcome.sha else uncommitted


def generated_files(
    root: Path, files: dict[str, str], check: bool, derived_from: str, command: str
):
    """Write generated files, or with --check say which differ from what they are derived from."""
    from ..store.files import write_atomic

    if check:
        outdated = [
            path
            for path, text in files.items()
            if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
        ]
        if outdated:
            sys.stderr.write(
                f"以下文件与{derived_from}不一致：{visible('、'.join(outdated))}\n"
                f"  → 运行 ledger {command} 重新生成，并提交\n"
            )
            raise typer.Exit(EXIT_DATA)
        sys.stdout.write(f"{'、'.join(files)} 与{derived_from}一致。\n")
        return
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
        sys.stdout.write(f"已写入 {path}\n")
