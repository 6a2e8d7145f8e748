"""The ledger as the last load found it, restored without rebuilding a task it does not need.

A full load walks every folder and runs every check across files; when nothing changed, both give
what they gave last time. So each load that passed remembers (in the private cache) its folders
with their identities, the other files' records, a digest of each task file with its identity, and
its warnings. The next load, finding every folder listing the names it listed (a file replaced by a
rename, as editors and the ledger's own writes do, changes the folder but not its names):

- with every file as it was, assembles the Ledger from the snapshot: task records are rebuilt only
  when a command reads them, from data already read and checked (the per-file cache's entry for the
  same identity, vouched for here, or the snapshot line of a file checked since the last full
  load), never from the data file: a report reading a record neither reads a data file nor fails;
- with only some task files edited in place, checks just those files on their own and every rule
  across files that involves them, against the digests of the others.

Anything else (a file added or removed, a folder or a file other than a task's changed, a problem
found, a snapshot too close in time to a change to tell) means a full load, which reports.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path

from ...domain import digest
from ...domain.lazy import LazyMap, LazySupport
from ...domain.ledger import Ledger
from ...domain.models import MODEL_FOR_KIND, Group, Task
from ...domain.names import in_natural_order
from ...domain.rebuild import trusted
from ...domain.stored_index import StoredIndex, outline, stored_index
from ...errors import Problem
from ...store.source import SourceFile
from .. import folders as folder_state
from ..assemble import assemble
from .entries import entry_of
from .filecache import FileCache
from .private import iso, read_body, write_body
from .unchanged import changed as changed_files
from .unchanged import current

# The order the checks across files report in: warnings merged from two loads keep it.
_CHECK_ORDER = {"units": 0, "plan": 1, "group": 2, "task": 3, "office": 4}


def _problem_data(problem: Problem) -> list:
    path = None if problem.path is None else str(problem.path)
    return [problem.message, path, problem.line, problem.column, problem.hint, problem.severity,
            problem.code]  # fmt: skip


def _problem(data: list) -> Problem:
    message, path, line, column, hint, severity, code = data
    return Problem(
        message, None if path is None else Path(path), line, column, hint, severity, code
    )


def restore(root: Path, cache: FileCache) -> Ledger | None:
    """The ledger as the last load left it, updated for task files edited since; else None."""
    stored = _read_file(cache)
    if stored is None:
        return None
    head, lines = stored
    try:
        if head.get("root") != str(root):
            return None
        written = head["written"]
        stored_folders = head["folders"]
        folders = folder_state.current(stored_folders, written) if stored_folders else None
        if folders is None:
            return None
        # A folder listed again (a file in it replaced by a rename) is stored with its new identity.
        moved = any(
            list(now) != was
            for (_, now, _), (_, was, _) in zip(folders, stored_folders, strict=True)
        )
        pairs, paths, groups, group_files = [], [], {}, {}
        for name, kind, identity, data in head["support"]:
            if not current(name, identity, written) or not isinstance(data, dict):
                return None
            paths.append(name)
            if kind == "group":  # thousands of them: each made when a command reads it
                if not isinstance(data["id"], str):
                    return None
                groups[data["id"]] = data
                group_files[data["id"]] = (name, identity)
                pairs.append((None, data["id"]))
            else:
                source = SourceFile(Path(name), kind, identity=tuple(identity))
                pairs.append((source, trusted(MODEL_FOR_KIND[kind], data)))
        # A listing of the province shows each group's short name: told without the record.
        group_map = LazyMap(groups, _group_record, glance=_short_name)
        support = LazySupport(pairs, group_map, LazyMap(group_files, _group_source), paths)
        # Three lines a task file: its name, identity, digest's outline and its data when the
        # per-file cache lacks it; then the digest and what a table shows of its measures, each
        # read when a command reads it.
        if len(lines) % 3:
            return None
        outlines, texts, shown = lines[0::3], lines[1::3], lines[2::3]
        entries = json.loads("[" + ",".join(outlines) + "]")
        if any(not 3 <= len(entry) <= 4 for entry in entries):
            return None
        changed = changed_files(root, entries, written)
        prefix = str(root) + os.sep
        for entry in entries:  # task files are stored relative to the root: a third of the size
            entry[0] = prefix + entry[0]
        # A task's record must come without reading its file or failing: from the snapshot line
        # (a file checked since the last full load) or an entry the per-file cache holds for the
        # same identity. The writing of the cache saved with the snapshot holds one for every task
        # (kept open from now on); any other is asked, from its index, task by task. A task with
        # neither is checked again now, as an edited one is.
        vouched = head.get("cache") is not None and cache.pin(head["cache"])
        if not vouched:
            unsure = [i for i, entry in enumerate(entries)
                      if len(entry) == 3 and not cache.holds(entry[0], "task", entry[1])]  # fmt: skip
            changed = sorted({*changed, *unsure})
        names = list(head["names"])
        # Each task's digest is made when a command reads it: one unit's list reads its own.
        index = stored_index([entry[2] for entry in entries], texts, names, shown)
        index.in_id_order = head.get("ordered") is True
        ids = list(index.tasks)
        warnings = [_problem(item) for item in head["warnings"]]
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None  # not in the stored shape
    edited = {}
    if changed:
        try:
            found = _recheck(root, support, entries, index, changed, warnings)
        except (KeyError, TypeError, ValueError, IndexError):
            return None  # a digest not in the stored shape
        if found is None:
            return None
        edited, warnings = found
        for i, checked in edited.items():
            facts = digest.facts_of(checked.record)
            if facts.id != ids[i]:
                return None  # the file now holds another task: a full load checks ids across files
            index.replace(facts)
            # Kept in the snapshot line, not the per-file cache, which would be read and written
            # whole for it.
            entries[i][1] = list(checked.source.identity)
            entries[i][3:] = [_data_of(checked)]
            if entries[i][3] is None:
                return None
            index.shown.put(facts.id, digest.shown_part(digest.row_data(entries[i][3])))
    ledger = _assembled(root, support, entries, ids, index, edited, cache, warnings, folders)
    # Asked task by task, the cache's writing is recorded, so that the next restore need not ask.
    if not (edited or moved or (not vouched and cache.generation is not None)):
        index.stamp = written  # the ledger is the snapshot's as written: what is kept of it holds
    else:
        known = digest.Names(names)
        lines = [f"{first}\n{second}\n{third}"
                 for first, second, third in zip(outlines, texts, shown, strict=True)]  # fmt: skip
        for i in edited:
            name = entries[i][0][len(prefix) :]
            lines[i] = _line(name, entries[i][1], index.tasks[ids[i]], known,
                             index.shown.get(ids[i]), entries[i][3])  # fmt: skip
        _write(cache, ledger, head["support"], lines, known)
    return ledger


def _data_of(checked) -> object | None:
    """A rechecked file's data as the per-file cache keeps it (dates as ISO text), or None."""
    line = checked.cache_line or entry_of(checked)
    return None if line is None else json.loads(line)["data"]


def _recheck(root: Path, support: LazySupport, entries: list, index: StoredIndex,
             changed: list[int], warnings: list[Problem]) -> tuple[dict, list[Problem]] | None:  # fmt: skip
    """Check the edited task files and every rule across files that involves them; None on a
    problem (the full load then reports it) or when a file is no longer a readable task file."""
    from ..crosscheck import CrossChecker
    from ..parallel import check_files

    checked = check_files([(Path(entries[i][0]), "task") for i in changed], root, entry_of)
    if any(item.record is None or item.source.identity is None for item in checked):
        return None
    edited = dict(zip(changed, checked, strict=True))
    digests = list(index.tasks.values())
    others = [(SourceFile(Path(entry[0]), "task"), digests[i])
              for i, entry in enumerate(entries) if i not in edited]  # fmt: skip
    loaded = [*support, *((item.source, item.record) for item in checked)]
    checker = CrossChecker(root, loaded, {}, others=others)
    if not checker.complete or any(p.severity == "error" for p in checker.problems):
        return None
    again = {str(source.path) for source, _ in loaded}
    kept = [w for w in warnings if w.path is None or str(w.path) not in again]
    kinds = ("group" if source is None else source.kind for source, _ in support.entries)
    order = {path: (_CHECK_ORDER.get(kind, 5), i)
             for i, (path, kind) in enumerate(zip(support.paths, kinds, strict=True))}  # fmt: skip
    order.update((entry[0], (_CHECK_ORDER["task"], i)) for i, entry in enumerate(entries))

    def position(problem: Problem) -> tuple:
        # Problems of the folder walk (files that are not read) come first, as a full load has them.
        found = order.get(str(problem.path)) if problem.path is not None else None
        return (0, 0, 0) if found is None else (1, *found)

    return edited, sorted([*kept, *checker.problems], key=position)


def _group_record(_group_id: str, data: dict) -> Group:
    return trusted(Group, data)


def _short_name(_group_id: str, data: dict) -> object:
    return data.get("short_name")


def _group_source(_group_id: str, found: tuple[str, list]) -> SourceFile:
    return SourceFile(Path(found[0]), "group", identity=tuple(found[1]))


def _task_record(cache: FileCache, entry: list) -> Task:
    """A task's full record: from its snapshot line, or the per-file cache entry vouched for."""
    return trusted(Task, entry[3] if len(entry) > 3 else cache.held_task(entry[0]))


def _task_source(entry: list) -> SourceFile:
    return SourceFile(Path(entry[0]), "task", identity=tuple(entry[1]))


def _task_row(cache: FileCache, entry: list) -> object | None:
    """A task's listed rows (`digest.row_data`): from its snapshot line, or the per-file cache."""
    if len(entry) > 3:
        try:
            return digest.row_data(entry[3])
        except (KeyError, TypeError, AttributeError, ValueError):
            return None
    return cache.row(entry[0])


def _assembled(root: Path, support: LazySupport, entries: list, ids: list[str],
               index: StoredIndex, edited: dict, cache: FileCache, warnings: list[Problem],
               folders: list) -> Ledger:  # fmt: skip
    """The Ledger of the support records and the tasks, the tasks' records built when read."""
    records = {ids[i]: checked.record for i, checked in edited.items()}
    sources = {ids[i]: checked.source for i, checked in edited.items()}
    task_map = LazyMap(
        dict(zip(ids, entries, strict=True)),
        lambda _id, entry: _task_record(cache, entry),
        records,
        lambda _id, entry: _task_row(cache, entry),
        # Data from a snapshot line (a file checked since the last full load) has no digest at hand.
        lambda _id, entry: None if len(entry) > 3 else cache.content_digest(entry[0]),
        # What a table shows of a task, decoded with every other task's from the snapshot.
        None if index.shown is None else lambda task_id, _entry: index.shown.get(task_id),
    )
    # The groups' sources after the tasks' (as a full load orders them), each made once.
    group_sources = support.sources
    source_map = LazyMap(
        {**dict(zip(ids, entries, strict=True)), **dict.fromkeys(group_sources)},
        lambda key, entry: group_sources[key] if entry is None else _task_source(entry),
        sources,
    )
    return assemble(root, support, task_map, source_map, (entry[0] for entry in entries),
                    index=index, warnings=warnings, folders=folders)  # fmt: skip


def _line(name: str, identity: list, facts: digest.TaskFacts, names: digest.Names,
          shown: list | None, data: object = None) -> str:  # fmt: skip
    """A task file's three snapshot lines: its name, identity, the digest's outline and its data
    when the cache lacks it; its digest; what a table shows of its measures (`digest.shown_part`,
    null when unknown). JSON writes a line break in a text escaped."""
    first = [name, identity, outline(facts, names)]
    parts = (first if data is None else [*first, data], digest.to_data(facts, names), shown)
    return "\n".join(json.dumps(part, ensure_ascii=False, separators=(",", ":")) for part in parts)


def _write(cache: FileCache, ledger: Ledger, support: list, lines: list[str],
           names: digest.Names) -> int:  # fmt: skip
    """Write the snapshot; when it was written (the stamp a restore of it gives its ledger)."""
    head = {
        "root": str(ledger.root),
        "folders": [[str(path), list(seen), names] for path, seen, names in ledger.folders],
        "support": support,
        "warnings": [_problem_data(problem) for problem in ledger.warnings],
        "names": names.names,
        # Whether a listing of the whole ledger in file order is in id order (then not sorted).
        "ordered": in_natural_order(
            [m.id for f in ledger.index.tasks.values() for m in f.measures]
        ),
        "written": time.time_ns(),
        # The writing of the per-file cache that holds an entry for every task without data here.
        "cache": cache.generation,
    }
    _write_file(cache, head, lines)
    return head["written"]


def remember(ledger: Ledger, cache: FileCache) -> int | None:
    """Store what a full load that passed found (its records' data come from the per-file cache,
    saved before: its writing is recorded with the snapshot); when it was written, or None."""
    if any(seen is None or names is None for _, seen, names in ledger.folders):
        return None
    support = []
    for source, _ in ledger.support:
        data = cache.get(source.path, source.kind)
        if not isinstance(data, dict) or source.identity is None:
            return None
        support.append([str(source.path), source.kind, list(source.identity), data])
    prefix = str(ledger.root) + os.sep
    names = digest.Names()
    lines = []
    for task_id, facts in ledger.index.tasks.items():
        source = ledger.sources[task_id]
        name = str(source.path)
        if source.identity is None or not name.startswith(prefix):
            return None
        shown = digest.shown_part(cache.row(name))  # the row the full load's check stored
        lines.append(_line(name[len(prefix) :], list(source.identity), facts, names, shown))
    return _write(cache, ledger, support, lines, names)


def _read_file(cache: FileCache) -> tuple[dict, list[str]] | None:
    """What the last full load found: a head (folders, other files, warnings), a line a task;
    None when the lines do not add up to the sum the head gives (digests are decoded only when a
    command reads them, so a damaged one must be a miss here, not a failure there)."""
    body = read_body(cache.snapshot_name, cache.key, decoded=False)
    if not body:
        return None
    end = body.find(b"\n")
    if end < 0:
        return None
    try:
        head = json.loads(body[:end])
        if not isinstance(head, dict) or head.get("sum") != zlib.crc32(memoryview(body)[end + 1 :]):
            return None
        rest = body[end + 1 :].decode("utf-8")
    except (ValueError, RecursionError):
        return None
    return head, [line for line in rest.split("\n") if line]


def _write_file(cache: FileCache, head: dict, lines: list[str]) -> None:
    """Remember what a load found: `lines` are already JSON, three a task file (`_line`); the head
    carries the lines' sum (`_read_file`)."""
    try:
        body = "".join(f"{x}\n" for x in lines).encode("utf-8")
        text = json.dumps({**head, "sum": zlib.crc32(body)}, ensure_ascii=False,
                          separators=(",", ":"), default=iso)  # fmt: skip
        first = text.encode("utf-8")
    except (TypeError, ValueError):
        return
    write_body(cache.snapshot_name, cache.key, [first, b"\n", body])
