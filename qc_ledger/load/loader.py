"""Loading the ledger: find its data files, check each on its own, check across files, assemble.

The plain load, with no cache in it: `load_ledger` is discover → check every file → check across
files → assemble, one readable function. What makes a second load fast (load/cache/) is wrapped
around it in one place, `cache.opening.open_ledger`; the one thing it hands in is how to check a
list of files. Never prints or exits: every problem found in every file is raised as one DataError.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.models import Record
from ..errors import DataError, Problem
from ..store.reader import file_identity
from ..store.source import SourceFile
from . import folders as folder_state
from .assemble import assemble
from .crosscheck import CrossChecker
from .discovery import discover, new_file_kind
from .filecheck import CheckedFile, check_text
from .parallel import check_files

__all__ = ["discover", "load_ledger", "recheck"]

KINDS = ("plan", "units", "rules", "policy", "office", "group", "task")

# Checks each (path, kind) on its own, in order: parallel.check_files, or the cache's wrapper of it.
Checker = Callable[[list[tuple[Path, str]], Path], list[CheckedFile]]


def load_ledger(
    root: Path, pending: dict[Path, str] | None = None, *, check: Checker = check_files
) -> Ledger:
    """Load, validate and cross-check every file; raise one DataError listing every problem.

    `pending` holds texts about to be written: the ledger is checked as it will be once they are.
    """
    pending = pending or {}
    folders: list = []
    files, problems = discover(root, folders)
    found = {path for path, _ in files}
    files += [(path, new_file_kind(root, path)) for path in pending if path not in found]
    on_disk = [(path, kind) for path, kind in files if path not in pending]
    read = dict(zip((path for path, _ in on_disk), check(on_disk, root), strict=True))
    loaded: list[tuple[SourceFile, Record]] = []
    unloaded: dict[str, set[str]] = {kind: set() for kind in KINDS}
    partial: list = []  # files that failed on their own, with the unit names still readable
    for path, kind in files:
        checked = (
            check_text(SourceFile(path, kind, pending[path])) if path in pending else read[path]
        )
        checked.data = None  # the record holds the same values
        if checked.record is None:
            problems.extend(checked.problems)
            unloaded[kind].add(checked.meant_id)
            if checked.unit_refs:
                partial.append((checked.source, checked.unit_refs))
        else:
            loaded.append((checked.source, checked.record))
    del read
    checker = CrossChecker(root, loaded, unloaded, partial=partial)
    problems.extend(checker.problems)
    if not checker.complete or any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return assemble(
        root,
        [(source, record) for source, record in loaded if source.kind != "task"],
        checker.tasks,
        checker.task_sources,
        (str(source.path) for source in checker.task_sources.values()),
        warnings=[p for p in problems if p.severity == "warning"],
        folders=folders,
    )


def recheck(base: Ledger, pending: dict[Path, str]) -> bool:
    """Check the ledger as it will be once the task files in `pending` are written: those files on
    their own, then every cross-file rule that involves them; raise DataError on a problem.

    False (nothing checked) when `base` is no longer current — a file or folder changed since it was
    loaded — or a file other than a task file is pending: the caller then loads everything.
    """
    if not base.support or not base.folders:
        return False
    task_paths = {str(base.sources[task_id].path): task_id for task_id in base.index.tasks}
    support_paths = {source.path for source, _ in base.support}
    if any(path in support_paths for path in pending):
        return False
    if any(
        str(path) not in task_paths and new_file_kind(base.root, path) != "task" for path in pending
    ):
        return False
    if folder_state.current(base.folders) is None:
        return False  # a file was added, removed or renamed
    if any(source.identity is None or file_identity(source.path) != source.identity
           for source, _ in base.support):  # fmt: skip
        return False
    pending_ids = {task_paths.get(str(path)) for path in pending}
    others = []
    for task_id, facts in base.index.tasks.items():
        if task_id in pending_ids:
            continue
        source = base.sources[task_id]
        if source.identity is None or file_identity(source.path) != source.identity:
            return False
        others.append((source, facts))
    problems: list[Problem] = []
    loaded = list(base.support)
    unloaded: dict[str, set[str]] = {kind: set() for kind in KINDS}
    partial: list = []
    for path, text in pending.items():
        checked = check_text(SourceFile(path, "task", text))
        if checked.record is None:
            problems.extend(checked.problems)
            unloaded["task"].add(checked.meant_id)
            if checked.unit_refs:
                partial.append((checked.source, checked.unit_refs))
        else:
            loaded.append((checked.source, checked.record))
    checker = CrossChecker(base.root, loaded, unloaded, others=others, partial=partial)
    problems.extend(checker.problems)
    if not checker.complete or any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return True
