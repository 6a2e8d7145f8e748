"""`ledger undo`: revert the last ledger commit this clone made, as a new commit (never a rewrite).

Each file the commit changed gets back its version from before the commit, through the one write
path (checked, atomic, one commit). Refused when a later change touched those files or the commit
created a file. Never prints or exits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..edit.patching import Edit
from ..errors import DataError, UsageError
from ..history.recorddiff import RecordChange, diff_records, kind_of, records_in
from ..store import yaml as store
from ..store.reader import read_data


@dataclass(frozen=True)
class UndoPlan:
    """The commit to revert, what reverting it changes, and the edits that do it."""

    sha: str
    subject: str
    author: str
    edits: tuple[Edit, ...]
    changes: tuple[RecordChange, ...]


def plan_undo(root: Path) -> UndoPlan:
    """What `undo` would do now: the last undoable commit and the files' versions before it."""
    from ..git.history import commit_files, read_blob
    from ..git.journal import last_undoable
    from ..git.repo import LedgerRepo

    repo = LedgerRepo(root)
    try:
        sha = last_undoable(repo)
        if sha is None:
            raise UsageError.single(
                "这个克隆中没有可以撤销的台账提交",
                hint="ledger undo 只撤销本克隆中 ledger 命令（--commit）做出的提交；其他提交用 git revert",
            )
        subject, author = repo.run("log", "-1", "--format=%s%x1f%an", sha).strip().split("\x1f", 1)
        prefix = repo.relative(root)
        prefix = "" if prefix == "." else prefix + "/"
        edits, changes = [], []
        for change in commit_files(repo, sha):
            path, old_blob, new_blob = change.path, change.old_blob, change.new_blob
            relative = path[len(prefix) :] if path.startswith(prefix) else path
            target = repo.top / path
            if old_blob is None:
                raise UsageError.single(
                    f"提交 {sha[:7]} 新建了文件 {relative}，ledger undo 不删除文件",
                    hint=f"用 git revert {sha[:7]} 撤销这次提交",
                )
            before = read_blob(repo, old_blob)
            after = read_blob(repo, new_blob) if new_blob else None
            # Read as every data file is read: a link, an oversize or undecodable file is refused.
            current = read_data(target, root) if os.path.lexists(target) else None
            if before is None or after is None or current is None or current.text != after:
                raise UsageError.single(
                    f"{relative} 在提交 {sha[:7]} 之后又有修改，不能只撤销这一次",
                    hint="先提交或放弃之后的修改（git status 查看），或用 git revert 处理",
                )
            kind = kind_of(relative) or "task"
            edits.append(Edit(target, before, current.raw, kind, notes=(f"撤销 {sha[:7]}",)))
            changes.extend(_record_changes(kind, after, before, Path(relative)))
    finally:
        repo.close()
    return UndoPlan(sha, subject, author, tuple(edits), tuple(changes))


def _record_changes(kind: str, now: str, back: str, path: Path) -> list[RecordChange]:
    try:
        return diff_records(
            records_in(kind, store.parse_fast(now, path)),
            records_in(kind, store.parse_fast(back, path)),
        )
    except DataError:
        return []


def _still_the_plan(root: Path, plan: UndoPlan) -> None:
    """The commit to undo and the files' contents are still what the user confirmed."""
    now = plan_undo(root)
    same = now.sha == plan.sha and [(e.path, e.old_bytes) for e in now.edits] == [
        (e.path, e.old_bytes) for e in plan.edits
    ]
    if not same:
        raise UsageError.single(
            f"确认期间台账有了新的修改（最近一次可撤销的提交现在是 {now.sha[:7]}）；什么也没有撤销",
            hint="重新运行 ledger undo，看清这次要撤销的是什么",
            code="changed_meanwhile",
        )


def undo(root: Path, plan: UndoPlan, *, author: str | None = None):
    """Write the files' earlier versions and commit them as the undo of `plan.sha`."""
    from ..edit.transaction import Transaction
    from .outcome import Outcome

    message = f"撤销 {plan.sha[:7]}：{plan.subject}\n\n撤销提交 {plan.sha}（{plan.author}）。\n"
    with Transaction(root, commit=True, author=author, undoes=plan.sha) as tx:
        # Under the lock, after the prompt: a commit made meanwhile is never erased.
        _still_the_plan(root, plan)
        for edit in plan.edits:
            tx.add(edit)
        applied = tx.apply(message)
    return Outcome(plan.edits, message, applied.sha, notes=applied.notes)
