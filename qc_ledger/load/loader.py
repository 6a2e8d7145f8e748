"""Loading the ledger: find its data files, check each on its own, check across files, assemble.

The plain load, with no cache in it: `load_ledger` is discover → check every file → check across
files → assemble, one readable function. What makes a second load fast (load/cache/) is wrapped
around it in one place, `cache.opening.open_ledger`; the one thing it hands in is how to check a
list of files. Never prints or exits: every problem found in every file is raised as one DataError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..domain.digest import TaskFacts, TaskIndex, facts_of
from ..domain.lazy import LazyMap
from ..domain.ledger import Ledger
from ..domain.models import Record, Task
from ..errors import DataError, Problem
from ..store.reader import file_identity
from ..store.source import SourceFile
from . import folders as folder_state
from .assemble import assemble
from .crosscheck import CrossChecker
from .discovery import discover, new_file_kind
from .filecheck import CheckedFile, check_text
from .parallel import stream_files

__all__ = ["discover", "load_ledger", "recheck"]

KINDS = ("plan", "units", "rules", "policy", "office", "group", "task")

# Checks each (path, kind) on its own, in order, handing each file on as it is done:
# parallel.stream_files, or the cache's wrapper of it.
Checker = Callable[[list[tuple[Path, str]], Path], Iterable[CheckedFile]]
# Rebuilds a task's record, let go once checked, from what a file's check stored (the per-file
# cache's entry); with it, the load keeps of each stored task only its digest and file.
Rebuild = Callable[[str, SourceFile], Task]
# What a listing can read of a task not rebuilt (see LazyMap.sketch).
Sketch = Callable[[str, SourceFile], object]


def load_ledger(
    root: Path,
    pending: dict[Path, str] | None = None,
    *,
    check: Checker = stream_files,
    rebuild: tuple[Rebuild, Sketch] | None = None,
) -> Ledger:
    """Load, validate and cross-check every file; raise one DataError listing every problem.

    `pending` holds texts about to be written: the ledger is checked as it will be once they are.
    Each task file is checked across files as soon as it and every other kind of file are read:
    with `rebuild`, its record is then let go (a stored one) and rebuilt when a command reads it.
    """
    pending = pending or {}
    folders: list = []
    files, problems = discover(root, folders)
    found = {path for path, _ in files}
    files += [(path, new_file_kind(root, path)) for path in pending if path not in found]
    on_disk = [(path, kind) for path, kind in files if path not in pending]
    # The tasks are checked across files once the last file of another kind is read (it comes
    # first, unless a new one is pending): until then they wait.
    last = max((i for i, (_, kind) in enumerate(files) if kind != "task"), default=-1)
    read = iter(check(on_disk, root))
    support: list[tuple[SourceFile, Record]] = []
    unloaded: dict[str, set[str]] = {kind: set() for kind in KINDS}
    partial: list = []  # files that failed on their own, with the unit names still readable
    waiting: list[CheckedFile] = []
    tasks = _Tasks(rebuild is not None)
    checker = None
    for at, (path, kind) in enumerate(files):
        checked = (
            check_text(SourceFile(path, kind, pending[path])) if path in pending else next(read)
        )
        checked.data = None  # the record holds the same values
        if checked.record is None:
            problems.extend(checked.problems)
            unloaded[kind].add(checked.meant_id)
            if checked.unit_refs:
                partial.append((checked.source, checked.unit_refs))
        elif checked.source.kind == "task":
            waiting.append(checked)
        else:
            support.append((checked.source, checked.record))
        if at >= last:
            checker = checker or CrossChecker.streaming(root, support, unloaded)
            for one in waiting:
                if checker.task(one.source, one.record):
                    tasks.keep(one)
            waiting.clear()
        del checked
    checker = checker or CrossChecker.streaming(root, support, unloaded)
    checker.finish(support, partial)
    problems.extend(checker.problems)
    if not checker.complete or any(p.severity == "error" for p in problems):
        raise DataError(problems)
    task_map: Mapping[str, Task] = tasks.records
    if rebuild is not None:
        task_map = LazyMap(tasks.sources, rebuild[0], tasks.records, rebuild[1])
    return assemble(
        root,
        support,
        task_map,
        tasks.sources,
        (str(source.path) for source in tasks.sources.values()),
        index=TaskIndex(tasks.facts) if rebuild is not None else None,
        warnings=[p for p in problems if p.severity == "warning"],
        folders=folders,
    )


class _Tasks:
    """The task files that passed, in order: each one's file and digest, and its record unless it
    can be rebuilt (`lean`: from what its check stored)."""

    def __init__(self, lean: bool):
        self.lean = lean
        self.sources: dict[str, SourceFile] = {}
        self.records: dict[str, Task] = {}
        self.facts: list[TaskFacts] = []

    def keep(self, checked: CheckedFile) -> None:
        task, source = checked.record, checked.source
        if not self.lean:
            self.records[task.id] = task
            self.sources[task.id] = source
            return
        self.facts.append(facts_of(task))
        if checked.stored:
            # Read again only to place a problem found later, as a file checked in another
            # process is (the locator re-reads it unchanged).
            source = dataclasses.replace(source, text="")
        else:
            self.records[task.id] = task
        self.sources[task.id] = source


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
