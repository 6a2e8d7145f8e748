"""The one place a Ledger is built: from the records of the other files and the tasks' records.

A full load and a restored snapshot both end here, so the value is the same whichever way it came;
once built it is frozen. Never reads a file, prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..domain.digest import TaskIndex
from ..domain.lazy import LazyMap, LazySupport
from ..domain.ledger import OFFICE_KEY, PLAN_KEY, POLICY_KEY, RULES_KEY, UNITS_KEY, Ledger
from ..domain.models import Record, Task
from ..domain.registry import Registry
from ..errors import Problem
from ..store.source import SourceFile

# The key each file that holds no group or task is found under in `Ledger.sources`.
_KEY_OF_KIND = {"plan": PLAN_KEY, "units": UNITS_KEY, "rules": RULES_KEY, "policy": POLICY_KEY,
                "office": OFFICE_KEY}  # fmt: skip


def assemble(
    root: Path,
    support: Sequence[tuple[SourceFile, Record]],
    tasks: Mapping[str, Task],
    task_sources: Mapping[str, SourceFile],
    task_files: Iterable[str],
    *,
    index: TaskIndex | None = None,
    warnings: Iterable[Problem] = (),
    folders: Iterable = (),
) -> Ledger:
    """The Ledger of a load that passed its checks.

    `support`: the records of every file but the tasks, in load order (plan, units and rules among
    them); `tasks` and `task_sources` may be lazy maps (a restored snapshot), `task_files` the task
    files' paths in load order and `index` the tasks' digests, when they are known without the
    records. Restored, `support` is a LazySupport whose groups are built when read, their sources
    among the keys of `task_sources` (a LazyMap), after the tasks'.
    """
    first: dict[str, Record] = {}
    groups, group_sources, file_sources = {}, {}, {}
    lazy = isinstance(support, LazySupport)
    for source, record in support.entries if lazy else support:
        if source is None:  # a restored group, its source in `task_sources` (see the docstring)
            continue
        if source.kind == "group":
            groups[record.id] = record
            group_sources[record.id] = source
        else:
            first.setdefault(source.kind, record)
            file_sources.setdefault(_KEY_OF_KIND[source.kind], source)
    if isinstance(task_sources, LazyMap):
        every_source = task_sources.with_ready({**group_sources, **file_sources})
    else:
        every_source = {**group_sources, **task_sources, **file_sources}
    extra = {kind: first[kind] for kind in ("policy", "office") if kind in first}
    paths = support.paths if lazy else [str(source.path) for source, _ in support]
    return Ledger(
        root,
        first["plan"],
        Registry(first["units"].units),
        support.groups if lazy else groups,
        tasks,
        first["rules"],
        every_source,
        warnings=tuple(warnings),
        support=support if lazy else tuple(support),
        folders=tuple(folders),
        files=(*paths, *task_files),
        index=index,
        **extra,
    )
