"""A rollback journal for every change of the ledger's files, so that no change is ever left half done.

As in SQLite's rollback journal: every new file is first written under a temporary name (so a full
disk is met before anything is replaced) and every file about to be replaced is kept under a second
name (a hard link, which needs no space); then a small JSON journal naming them all, with the SHA-256
of each file's bytes before and after, is written atomically and fsynced beside the ledger's lock
(inside .git, like ORIG_HEAD) before the first rename. The journal is removed once the change is
complete. The next command that finds one, under the lock, decides from the disk and git: a commit
that landed is finished (and remembered for `ledger undo`); anything else is rolled back, file by
file, to the bytes it had before. Plain JSON, never pickle. Never prints or exits.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GitError, LedgerError, Problem
from ..store.files import install, keep, stage, sync_folder, write_atomic, write_error

if TYPE_CHECKING:  # only the type: a command that finds no journal must start fast
    from .patching import Edit

JOURNAL_FORMAT = 1
# The journal and the kept copies live in one folder: inside the clone's git folder, else beside data/.
_IN_GIT = "ledger-rollback"
_BESIDE_DATA = ".ledger-rollback"
_JOURNAL = "journal.json"

# Called after each step of a change ("journal", "write", "commit") with how many files are in
# place: the command line's fault-injection switch for tests; nothing else sets it.
_step_hook: Callable[[str, int], None] | None = None


def on_step(hook: Callable[[str, int], None] | None) -> None:
    """Have `hook(step, files_in_place)` called after every step of every change (tests only)."""
    global _step_hook
    _step_hook = hook


def _reached(step: str, count: int) -> None:
    if _step_hook is not None:
        _step_hook(step, count)


def journal_path(root: Path) -> Path:
    """Where the journal lives: in the clone's git folder (as ORIG_HEAD does), else beside data/."""
    root = root.resolve()
    for folder in (root, *root.parents):
        marker = folder / ".git"
        if marker.is_dir():
            return marker / _IN_GIT / _JOURNAL
        if marker.is_file():
            # A linked worktree or a submodule: `.git` names the git folder.
            try:
                line = marker.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeError):
                break
            if line.startswith("gitdir:"):
                gitdir = Path(line.removeprefix("gitdir:").strip())
                return (folder / gitdir).resolve() / _IN_GIT / _JOURNAL
            break
    return root / _BESIDE_DATA / _JOURNAL


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _current(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except FileNotFoundError:
        return None


@dataclass
class _Entry:
    path: Path
    created: bool
    staged: Path | None
    kept: Path | None
    old: str | None
    new: str


class Change:
    """One change of several files: staged, journaled, put in place, then finished or rolled back."""

    def __init__(self, root: Path, *, commit: bool, head: str | None, undoes: str | None):
        self.journal = journal_path(root)
        self.commit = commit
        self.head = head
        self.undoes = undoes
        self.entries: list[_Entry] = []
        self.in_place = 0

    def prepare(self, edits: Sequence[Edit]) -> None:
        """Write every new file aside and keep every old one, then the journal; nothing replaced yet."""
        try:
            self.journal.parent.mkdir(exist_ok=True)
            for number, edit in enumerate(edits, 1):
                entry = _Entry(edit.path, edit.created, None, None, None, _digest(edit.new_bytes))
                self.entries.append(entry)
                entry.staged = stage(edit.path, edit.new_bytes)
                if not edit.created:
                    entry.kept = keep(edit.path, self.journal.parent, f"{number}-{edit.path.name}")
                    entry.old = _digest(edit.old_bytes)
            write_atomic(self.journal, self._journal_text())
        except OSError as exc:
            self._discard()
            raise write_error(exc, self.journal) from None
        except BaseException:
            self._discard()
            raise
        _reached("journal", 0)

    def _journal_text(self) -> str:
        def name(path: Path | None) -> str | None:
            return None if path is None else str(path)

        files = [
            {
                "path": name(e.path),
                "created": e.created,
                "staged": name(e.staged),
                "kept": name(e.kept),
                "old_sha256": e.old,
                "new_sha256": e.new,
            }
            for e in self.entries
        ]
        data = {
            "format": JOURNAL_FORMAT,
            "commit": self.commit,
            "head": self.head,
            "undoes": self.undoes,
            "pid": os.getpid(),
            "files": files,
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def put_in_place(self) -> None:
        """Rename every staged file over its target (FileExistsError(path): a new file appeared)."""
        for entry in self.entries:
            assert entry.staged is not None
            try:
                install(entry.staged, entry.path, created=entry.created)
            except FileExistsError:
                raise FileExistsError(entry.path) from None
            entry.staged = None
            self.in_place += 1
            _reached("write", self.in_place)

    def committed(self) -> None:
        """The commit was made: tell the fault hook (the journal is still there)."""
        _reached("commit", self.in_place)

    def finish(self) -> None:
        """The change is complete: drop the kept copies, then the journal."""
        for entry in self.entries:
            if entry.kept is not None:
                entry.kept.unlink(missing_ok=True)
        self._drop_journal()

    def roll_back(self) -> tuple[list[Path], list[tuple[Path, str]]]:
        """Put back every file that holds this change's bytes; (restored, [(failed, why)])."""
        restored, failed = _roll_back(self.entries)
        if not failed:
            self._discard()
        return restored, failed

    def _discard(self) -> None:
        for entry in self.entries:
            for leftover in (entry.staged, entry.kept):
                if leftover is not None:
                    leftover.unlink(missing_ok=True)
        self._drop_journal()

    def _drop_journal(self) -> None:
        try:
            self.journal.unlink(missing_ok=True)
        except OSError:
            return
        sync_folder(self.journal.parent)


def _roll_back(entries: Sequence[_Entry]) -> tuple[list[Path], list[tuple[Path, str]]]:
    restored: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for entry in reversed(entries):
        now = _current(entry.path)
        if now == entry.old:
            continue  # never replaced
        if now != entry.new:
            failed.append((entry.path, "文件又被其他程序改动过，保留了它现在的内容"))
            continue
        try:
            if entry.created:
                entry.path.unlink()
            elif entry.kept is not None and entry.kept.exists():
                os.replace(entry.kept, entry.path)  # a rename: needs no space
                entry.kept = None
                sync_folder(entry.path.parent)
            else:
                failed.append((entry.path, "找不到保留的原文件"))
                continue
        except OSError as exc:
            failed.append((entry.path, str(exc)))
            continue
        restored.append(entry.path)
    restored.reverse()
    return restored, failed


# -- the next command ----------------------------------------------------------------------------


def recover(root: Path) -> list[Problem]:
    """Finish or roll back a change an interrupted command left, under the lock; say which."""
    if not journal_path(root).exists():
        return []
    from ..git.lock import ledger_lock

    with ledger_lock(root) as held:
        return [*held.notes, *recover_locked(root)]


def recover_locked(root: Path) -> list[Problem]:
    """`recover` for a caller that already holds the ledger's lock."""
    journal = journal_path(root)
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        entries = _entries(data)
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        return [
            Problem(
                "找到上次被中断的命令留下的恢复记录，但它无法读取，没有据此恢复",
                journal,
                hint="运行 git status 查看文件是否有未提交的改动；确认后删除这个文件",
                code="recovered",
            )
        ]
    sha = _landed(root, data, entries) if data.get("commit") else None
    if sha is not None or (
        not data.get("commit") and all(_current(e.path) == e.new for e in entries)
    ):
        change = Change(root, commit=bool(data.get("commit")), head=None, undoes=None)
        change.entries = entries
        change.finish()
        for entry in entries:
            if entry.staged is not None:
                entry.staged.unlink(missing_ok=True)
        what = f"并已提交（{sha[:7]}）" if sha else "（没有要求提交）"
        return [_said(f"上次被中断的命令已经把修改完整写入{what}；本命令照常执行")]
    restored, failed = _roll_back(entries)
    if data.get("commit"):
        _unstage_created(root, [e.path for e in entries if e.created])
    for entry in entries:
        for leftover in (entry.staged, entry.kept):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
    journal.unlink(missing_ok=True)
    sync_folder(journal.parent)
    names = "、".join(path.name for path in restored) or "没有文件需要恢复"
    notes = [
        _said(
            f"上次被中断的命令没有完成，已撤回它的修改（{names}）：台账和那条命令运行前一样；"
            "本命令照常执行"
        )
    ]
    notes += [
        Problem(
            f"撤回上次被中断的修改时没有恢复这个文件：{why}",
            path,
            hint="用 git diff 查看；不要的改动用 git restore 撤销",
            code="recovered",
        )
        for path, why in failed
    ]
    return notes


def _said(message: str) -> Problem:
    return Problem(
        message,
        hint="这通常是命令被强行中断（关机、kill、断电）所致，不需要处理；用 git status 可以核对",
        severity="warning",
        code="recovered",
    )


def _entries(data: dict) -> list[_Entry]:
    if data.get("format") != JOURNAL_FORMAT:
        raise ValueError(data.get("format"))

    def path(value: str | None) -> Path | None:
        return None if value is None else Path(value)

    return [
        _Entry(
            Path(item["path"]),
            bool(item["created"]),
            path(item.get("staged")),
            path(item.get("kept")),
            item.get("old_sha256"),
            item["new_sha256"],
        )
        for item in data["files"]
    ]


def _landed(root: Path, data: dict, entries: Sequence[_Entry]) -> str | None:
    """The commit the interrupted change made, if it made one (HEAD moved, files as committed)."""
    from ..git.history import is_modified
    from ..git.journal import knows, record
    from ..git.repo import LedgerRepo

    try:
        repo = LedgerRepo(root)
    except LedgerError:
        return None
    try:
        head = repo.head()
        if head is None or head == data.get("head"):
            return None
        if any(_current(e.path) != e.new or is_modified(repo, e.path) for e in entries):
            return None
        parent = repo.run("rev-parse", "--verify", "--quiet", f"{head}^").strip()
        if parent == data.get("head") and not knows(repo, head):
            # Killed between the commit and noting it: `ledger undo` can still revert it.
            record(repo, head, data.get("undoes"))
        return head
    except (GitError, OSError):
        return None
    finally:
        repo.close()


def _unstage_created(root: Path, created: list[Path]) -> None:
    """A new file announced to git (`add --intent-to-add`) before the kill is forgotten again."""
    if not created:
        return
    from ..git.repo import LedgerRepo

    try:
        repo = LedgerRepo(root)
    except LedgerError:
        return
    try:
        relatives = [repo.relative(path) for path in created]
        repo.run("rm", "--cached", "--quiet", "--ignore-unmatch", "--", *relatives)
    except (GitError, OSError, ValueError):
        pass
    finally:
        repo.close()
