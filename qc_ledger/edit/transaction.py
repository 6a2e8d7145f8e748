"""The one way the ledger's files change: a transaction over any number of files and one commit.

Under the ledger's lock: git's preconditions checked for every path before anything is written, the
resulting ledger checked as the loader would check it, every file written atomically, then exactly
one commit of exactly those files. On any failure every file is put back byte for byte and the error
says which; a commit git made is never undone or reported as failed. Never prints or exits.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, GitError, LedgerError, Problem, UsageError
from ..store.files import remove_leftovers, write_atomic, write_new
from ..vocabulary import os_reason
from .patching import Edit


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
        written: list[Edit] = []
        try:
            for edit in edits:
                _write(edit)
                written.append(edit)
            if self.repo is None:
                return Applied(paths, None, tuple(self.notes))
            sha = self.repo.commit(
                list(paths), message, self.identity, created=created, when=self.when
            )
        except GitError as exc:
            from ..git.repo import CommittedWithError

            if isinstance(exc, CommittedWithError):
                self._journal(exc.sha)
                return Applied(paths, exc.sha, (*self.notes, *_committed_notes(exc)))
            raise _restored(written, exc.problems, "提交没有完成") from None
        except LedgerError as exc:
            raise _restored(written, exc.problems, "写入没有完成") from None
        except KeyboardInterrupt:
            raise self._interrupted(written, paths) from None
        except BaseException:
            # A crash between the writes and the commit: put back whatever was not committed.
            if self.repo is None or not _was_committed(self.repo, paths):
                _restore_quietly(written)
            raise
        # The commit exists: nothing after this point may undo it or report it as failed.
        try:
            self._journal(sha)
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

    def _interrupted(self, written: list[Edit], paths: tuple[Path, ...]) -> LedgerError:
        """Ctrl-C while writing or committing: end committed or restored, and say which."""
        if self.repo is not None and written and _was_committed(self.repo, paths):
            sha = (self.repo.head() or "")[:7]
            message = f"已中断，但提交已经完成（{sha}）：文件是提交后的内容"
        else:
            _restore_quietly(written)
            message = "已中断：没有提交，文件已恢复原样" if written else "已中断：什么也没有写入"
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


def _write(edit: Edit) -> None:
    # Under the lock no other command writes: a temporary file beside a data file is a leftover.
    remove_leftovers(edit.path)
    if edit.created:
        try:
            write_new(edit.path, edit.new_text)
        except FileExistsError:
            raise DataError.single(
                f"文件 {edit.path.name} 已存在",
                path=edit.path,
                hint="重新运行命令以取下一个编号",
            ) from None
    else:
        write_atomic(edit.path, edit.new_bytes)


def _put_back(edit: Edit) -> None:
    if edit.created:
        edit.path.unlink(missing_ok=True)
    else:
        write_atomic(edit.path, edit.old_bytes)


def _restore_quietly(written: list[Edit]) -> None:
    for edit in reversed(written):
        try:
            _put_back(edit)
        except (LedgerError, OSError):
            continue


def _restored(written: list[Edit], problems: list[Problem], what: str) -> LedgerError:
    """Put every written file back and say, file by file, whether that worked."""
    failed: list[tuple[Edit, str]] = []
    for edit in reversed(written):
        try:
            _put_back(edit)
        except (LedgerError, OSError) as failure:
            reason = failure.problems[0].message if isinstance(failure, LedgerError) else failure
            failed.append((edit, str(reason)))
    notes = [
        Problem(
            f"{what}，而且未能把文件恢复原样（{reason}）：文件中是本次修改后的内容，尚未提交",
            edit.path,
            hint="用 git diff 查看；要保留就按上面的说明处理后自己 git commit，"
            "不要就用 git restore 撤销",
            code="git",
        )
        for edit, reason in failed
    ]
    restored = [edit for edit in written if all(edit is not f for f, _ in failed)]
    if restored:
        names = "、".join(edit.path.name for edit in restored)
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
