"""The ledger as the last full load found it, restored when not a file or folder has changed since.

A full load walks every folder and runs every check across files; when nothing changed, both give
what they gave last time. So each full load that passed remembers (in the private cache) its
folders with their identities, its files in order and its warnings, and the next load, finding
every folder and every file as it was, assembles the same Ledger from the per-file cache without
walking or cross-checking again. Any change, or a snapshot too close in time to a folder's last
change to tell, means a full load.
"""

from __future__ import annotations

import time
from pathlib import Path

from .cache import RACY_NS, FileCache
from .errors import Problem
from .filecheck import file_identity
from .ledger import OFFICE_KEY, PLAN_KEY, POLICY_KEY, RULES_KEY, UNITS_KEY, Ledger, SourceFile
from .models import MODEL_FOR_KIND
from .rebuild import trusted
from .registry import Registry


def _problem_data(problem: Problem) -> list:
    path = None if problem.path is None else str(problem.path)
    return [problem.message, path, problem.line, problem.column, problem.hint, problem.severity,
            problem.code]  # fmt: skip


def _problem(data: list) -> Problem:
    message, path, line, column, hint, severity, code = data
    return Problem(
        message, None if path is None else Path(path), line, column, hint, severity, code
    )


def _folders_unchanged(snapshot: dict) -> list | None:
    """The snapshot's folders with their identities when every one is as it was, else None."""
    written = snapshot.get("written", 0)
    folders = []
    for name, identity in snapshot.get("folders", ()):
        now = file_identity(Path(name))
        # A file added in the same timestamp tick as the snapshot would leave no trace.
        if now is None or list(now) != identity or written - now[1] < RACY_NS:
            return None
        folders.append((Path(name), now))
    return folders or None


def restore(root: Path, cache: FileCache) -> Ledger | None:
    """The ledger of the last full load when nothing changed since, else None."""
    stored = cache.snapshot()
    if not isinstance(stored, dict) or stored.get("root") != str(root):
        return None
    try:
        folders = _folders_unchanged(stored)
        if folders is None:
            return None
        loaded = []
        for name, kind in stored["files"]:
            path = Path(name)
            data, identity = cache.get_with_identity(path, kind)
            if not isinstance(data, dict):
                return None
            loaded.append(
                (SourceFile(path, kind, identity=identity), trusted(MODEL_FOR_KIND[kind], data))
            )
        ledger = _assembled(root, loaded)
        ledger.warnings = [_problem(item) for item in stored["warnings"]]
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):  # not in the stored shape
        return None
    ledger.loaded = loaded
    ledger.folders = tuple(folders)
    return ledger


def remember(ledger: Ledger, files: list[tuple[Path, str]], cache: FileCache) -> None:
    """Store what a full load that passed found, unless the stored snapshot already says it."""
    if any(identity is None for _, identity in ledger.folders):
        return
    body = {
        "root": str(ledger.root),
        "folders": [[str(path), list(identity)] for path, identity in ledger.folders],
        "files": [[str(path), kind] for path, kind in files],
        "warnings": [_problem_data(problem) for problem in ledger.warnings],
    }
    stored = cache.snapshot()
    same = isinstance(stored, dict) and {k: v for k, v in stored.items() if k != "written"} == body
    if same and _folders_unchanged(stored) is not None:
        return
    cache.put_snapshot({**body, "written": time.time_ns()})


def _assembled(root: Path, loaded: list) -> Ledger:
    """The Ledger of records that passed every check together, as the cross-check builds it."""
    by_kind: dict[str, list] = {}
    for source, record in loaded:
        by_kind.setdefault(source.kind, []).append((source, record))
    (plan_source, plan), (units_source, units) = by_kind["plan"][0], by_kind["units"][0]
    rules_source, rules = by_kind["rules"][0]
    groups, tasks, sources = {}, {}, {}
    for source, group in by_kind.get("group", ()):
        groups[group.id] = group
        sources[group.id] = source
    for source, task in by_kind.get("task", ()):
        tasks[task.id] = task
        sources[task.id] = source
    ledger = Ledger(root, plan, Registry(units.units), groups, tasks, rules, sources)
    sources[PLAN_KEY], sources[UNITS_KEY], sources[RULES_KEY] = (
        plan_source,
        units_source,
        rules_source,
    )
    for source, policy in by_kind.get("policy", ()):
        ledger.policy = policy
        sources[POLICY_KEY] = source
    for source, office in by_kind.get("office", ()):
        ledger.office = office
        sources[OFFICE_KEY] = source
    return ledger
