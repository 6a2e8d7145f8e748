"""The one way the ledger's files change: a transaction over any number of files and one commit.

Under the ledger's lock: git's preconditions checked for every path before anything is written, the
resulting ledger checked as the loader would check it, every file written aside and a rollback
journal kept (rollback.py) before any is replaced, then exactly one commit of exactly those files. On any failure every file is put back byte for byte and the error
says which; a commit git made is never undone or reported as failed. Never prints or exits.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, GitError, LedgerError, Problem, UsageError
from ..store.files import remove_leftovers
from ..vocabulary import os_reason
from .patching import Edit
from .rollback import Change, recover_locked


@dataclass(frozen=True)
class Applied:
    """What a transaction did: the files it wrote, the commit it made, and what to tell the user."""

    paths: tuple[Path, ...]
    sha: str | None = None
    notes: tuple[Problem, ...] = ()


class Transaction:
    """`with Transaction(root, commit=True) as tx: tx.add(edit); tx.apply(message)`."""

    def __init__(
        self,
        root: Path,
        *,
        commit: bool = False,
        author: str | None = None,
        base=None,
        undoes: str | None = None,
        when=None,
    ):
        self.root = root
        # The commit's date (a datetime): a demonstration's LEDGER_TODAY, else git's own clock.
        self.when = when
        # The commit an undo reverts: the journal then records the new commit as its undo.
        self.undoes = undoes
        # The ledger as loaded before the lock was taken: when still current, only the edited
        # files are checked again.
        self.base = base
        self.committing = commit
        self.author = author
        self.edits: list[Edit] = []
        self.notes: list[Problem] = []
        self.repo = None
        self.identity = None
        self._stack = ExitStack()

    def __enter__(self) -> Transaction:
        from ..git.lock import ledger_lock

        try:
            if self.committing:
                from ..git.repo import LedgerRepo

                self.repo = LedgerRepo(self.root)
                self._stack.callback(self.repo.close)
                self.identity = self.repo.identity(self.author)
            held = self._stack.enter_context(ledger_lock(self.root))
        except BaseException:
            self._stack.close()
            raise
        self.notes.extend(held.notes)
        try:
            # A change an earlier command left half done is settled before this one starts.
            self.notes.extend(recover_locked(self.root))
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.close()

    def signer(self) -> str | None:
        """Who signs a progress entry: the committer, else --author, else git's user.name."""
        if self.identity is not None:
            return self.identity.name
        from ..git.repo import configured_name, parse_author

        return parse_author(self.author)[0] if self.author else configured_name(self.root)

    def add(self, edit: Edit) -> None:
        """Take one more file's change into the transaction (nothing is written yet)."""
        if any(other.path == edit.path for other in self.edits):
            raise ValueError(f"{edit.path} is edited twice in one transaction")
        self.edits.append(edit)

    def apply(self, message: str) -> Applied:
        """Check, write and (when committing) commit every file added; all or nothing."""
        edits = [edit for edit in self.edits if edit.changed]
        paths = tuple(edit.path for edit in edits)
        if not edits:
            return Applied((), None, tuple(self.notes))
        _refuse_oversized(edits)
        created = frozenset(edit.path for edit in edits if edit.created)
        if self.repo is not None:
            self.repo.preflight(list(paths), created=created)
        self._check_result(edits)
        for one_per_folder in {edit.path.parent: edit.path for edit in edits}.values():
            # Under the lock no other command writes: a temporary file there is a leftover.
            remove_leftovers(one_per_folder)
        change = Change(
            self.root,
            commit=self.repo is not None,
            head=self.repo.head() if self.repo is not None else None,
            undoes=self.undoes,
        )
        # Every new file is written aside before any is replaced: a full disk changes nothing.
        change.prepare(edits)
        try:
            _put_in_place(change)
            if self.repo is None:
                change.finish()
                return Applied(paths, None, tuple(self.notes))
            sha = self.repo.commit(
                list(paths), message, self.identity, created=created, when=self.when
            )
            change.committed()
        except GitError as exc:
            from ..git.repo import CommittedWithError

            if isinstance(exc, CommittedWithError):
                self._journal(exc.sha)
                change.finish()
                return Applied(paths, exc.sha, (*self.notes, *_committed_notes(exc)))
            raise _restored(change, exc.problems, "提交没有完成") from None
        except LedgerError as exc:
            raise _restored(change, exc.problems, "写入没有完成") from None
        except KeyboardInterrupt:
            raise self._interrupted(change, paths) from None
        except BaseException:
            # A crash between the writes and the commit: put back whatever was not committed;
            # what cannot be put back now, the next command rolls back from the journal.
            if self.repo is None or not _was_committed(self.repo, paths):
                change.roll_back()
            raise
        # The commit exists: nothing after this point may undo it or report it as failed.
        try:
            self._journal(sha)
            change.finish()
            self.notes.extend(self._after_commit(edits))
        except KeyboardInterrupt:
            raise LedgerError(
                [
                    Problem(
                        f"已中断，但提交已经完成（{sha[:7]}）",
                        hint="用 git status 查看",
                        code="interrupted",
                    )
                ],
                130,
            ) from None
        except (LedgerError, OSError) as exc:
            reason = exc.problems[0].message if isinstance(exc, LedgerError) else exc
            self.notes.append(
                Problem(
                    f"已提交 {sha[:7]}，但检查提交后的文件时出错（{reason}）",
                    hint="运行 git status 和 ledger validate 查看",
                    severity="warning",
                    code="git",
                )
            )
        return Applied(paths, sha, tuple(self.notes))

    def _journal(self, sha: str) -> None:
        """Note the commit for `ledger undo`; a journal that cannot be written only costs undo."""
        from ..git.journal import record

        try:
            record(self.repo, sha, self.undoes)
        except (OSError, LedgerError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else exc.problems[0].message
            self.notes.append(
                Problem(
                    f"已提交 {sha[:7]}，但没能记下它供 ledger undo 使用（{reason or exc}）",
                    hint="需要撤销这次提交时用 git revert",
                    severity="warning",
                    code="git",
                )
            )

    def _after_commit(self, edits: list[Edit]) -> list[Problem]:
        """What hooks did to the committed files: said plainly, and checked like any data file."""
        from ..load.filecheck import check_text
        from ..store.source import SourceFile

        notes: list[Problem] = []
        for edit in edits:
            committed, worktree_differs = self.repo.after_commit(edit.path)
            if worktree_differs:
                notes.append(
                    Problem(
                        "提交后工作区中的这个文件又被改动了（多半是提交钩子改的），改动尚未提交",
                        edit.path,
                        hint=f"用 git diff -- {edit.path.name} 查看；要保留就再提交一次",
                        severity="warning",
                        code="hook",
                    )
                )
            # git hands the text back without its last newline, and may store LF for CRLF.
            if committed is None or _same(committed, edit.new_text):
                continue
            checked = check_text(SourceFile(edit.path, edit.kind, committed))
            detail = "；".join(p.message for p in checked.problems)
            notes.append(
                Problem(
                    "提交钩子改动了提交的内容"
                    + (f"，改动后的文件未通过校验：{detail}" if checked.problems else ""),
                    edit.path,
                    hint="运行 ledger validate 查看；必要时修正后再提交一次"
                    if checked.problems
                    else "用 git show HEAD 查看钩子改了什么",
                    severity="warning",
                    code="hook",
                )
            )
        return notes

    def _interrupted(self, change: Change, paths: tuple[Path, ...]) -> LedgerError:
        """Ctrl-C while writing or committing: end committed or restored, and say which."""
        if self.repo is not None and change.in_place and _was_committed(self.repo, paths):
            change.finish()
            sha = (self.repo.head() or "")[:7]
            message = f"已中断，但提交已经完成（{sha}）：文件是提交后的内容"
        else:
            # What the disk holds decides, not what was counted: a rename may have just happened.
            restored, failed = change.roll_back()
            if failed:
                names = "、".join(path.name for path, _ in failed)
                message = f"已中断：没有提交；{names} 没能恢复，下一条 ledger 命令会撤回它"
            elif restored:
                names = "、".join(path.name for path in restored)
                message = f"已中断：没有提交，文件已恢复原样（{names}）"
            else:
                message = "已中断：什么也没有写入"
        return LedgerError([Problem(message, hint="用 git status 查看", code="interrupted")], 130)

    def _check_result(self, edits: list[Edit]) -> None:
        """The ledger as it will be must load without errors, or nothing is written."""
        from ..load.cache.opening import open_ledger
        from ..load.loader import recheck

        pending = {edit.path: edit.new_text for edit in edits}
        try:
            if self.base is None or not recheck(self.base, pending):
                open_ledger(self.root, pending=pending)
        except DataError as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            raise DataError(
                [
                    *errors,
                    Problem(
                        "修改后的台账未通过校验，什么也没有写入",
                        hint="先运行 ledger validate 修正上面列出的问题，再重试",
                        code="invalid",
                    ),
                ]
            ) from None


def _same(committed: str, written: str) -> bool:
    return committed.replace("\r\n", "\n").rstrip("\n") == written.rstrip("\n")


def _refuse_oversized(edits: list[Edit]) -> None:
    """A file the reader would refuse is never written."""
    from ..store.textcheck import MAX_FILE_BYTES

    for edit in edits:
        size = len(edit.new_bytes)
        if size > MAX_FILE_BYTES:
            raise UsageError.single(
                f"修改后 {edit.path.name} 将有 {size / 1024 / 1024:.1f} MiB，超过台账文件 "
                f"{MAX_FILE_BYTES // 1024 // 1024} MiB 的上限；什么也没有写入",
                path=edit.path,
                hint="佐证材料写文件号或链接，进展说明写要点，不要粘贴全文",
            )


def _put_in_place(change: Change) -> None:
    try:
        change.put_in_place()
    except FileExistsError as exc:
        path = exc.args[0]
        raise DataError.single(
            f"文件 {path.name} 已存在",
            path=path,
            hint="重新运行命令以取下一个编号",
        ) from None


def _restored(change: Change, problems: list[Problem], what: str) -> LedgerError:
    """Put every written file back and say, file by file, whether that worked."""
    restored, failed = change.roll_back()
    notes = [
        Problem(
            f"{what}，而且未能把文件恢复原样（{reason}）：文件中是本次修改后的内容，尚未提交",
            path,
            hint="用 git diff 查看；下一条 ledger 命令会再试着撤回它，不要就用 git restore 撤销",
            code="git",
        )
        for path, reason in failed
    ]
    if restored:
        names = "、".join(path.name for path in restored)
        notes.append(
            Problem(
                f"{what}，文件已恢复原样（{names}）",
                hint="按上面的说明处理后重试",
                code="git",
            )
        )
    error_type = GitError if any(p.code == "git" for p in problems) else LedgerError
    return error_type([*problems, *notes])


def _was_committed(repo, paths: tuple[Path, ...]) -> bool:
    """Whether every path is as HEAD has it (the commit was made before the interruption)."""
    try:
        from ..git.history import is_modified

        return not any(is_modified(repo, path) for path in paths)
    except (LedgerError, OSError):
        return False


def _committed_notes(exc: GitError) -> tuple[Problem, ...]:
    detail = "；".join(problem.message for problem in exc.problems)
    return (
        Problem(
            f"已提交 {exc.sha[:7]}，但 git 随后报告了错误（{detail}）；"
            "提交和文件都已保留，没有撤销",
            hint="运行 git status 查看仓库状态；若索引（index）有问题，git reset 可按 HEAD 重建它",
            severity="warning",
            code="git",
        ),
    )
