"""Loading the ledger: find its data files, check each through one pipeline, then across files.

Never prints or exits: every problem found in every file is raised as one DataError.
"""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.models import MODEL_FOR_KIND, Record
from ..domain.names import natural_key
from ..domain.rebuild import trusted
from ..errors import DataError, Problem
from ..store.root import DATA_DIR
from ..store.source import SourceFile
from ..vocabulary import FILE_KIND_LABELS
from .cache import folders as folder_state
from .cache import snapshot
from .crosscheck import CrossChecker
from .filecheck import check_text, file_identity, unreadable
from .parallel import check_files

KINDS = ("plan", "units", "rules", "policy", "office", "group", "task")


OPTIONAL_FILES = {"policy.yaml": "policy", "office.yaml": "office"}


def _new_file_kind(root: Path, path: Path) -> str:
    """What a file about to be created holds: an optional file of data/ by its name, else a task."""
    if path.parent == root / DATA_DIR and path.name in OPTIONAL_FILES:
        return OPTIONAL_FILES[path.name]
    return "task"


def _cached(cache, path: Path, kind: str) -> tuple[Record, tuple] | None:
    """The record of a file the cache holds unchanged (checked by this user's ledger when stored),
    with the identity it was found by."""
    data, identity = cache.get_with_identity(path, kind) if cache is not None else (None, None)
    if not isinstance(data, dict):
        return None
    try:
        return trusted(MODEL_FOR_KIND[kind], data), identity
    except (AttributeError, KeyError, TypeError, ValueError):  # not in the shape it was stored in
        return None


# What Windows Explorer, macOS Finder and office habits name a copy: "g1-t2 - 副本.yaml",
# "g1-t2 - Copy (2).yaml", "g1-t2 copy.yaml", "g1-t2(1).yaml".
_COPY = re.compile(
    r"^(.+?)(?:\s*-\s*(?:副本|复件|Copy|copy)|\s+(?:副本|copy))(?:\s*\(\d+\))?\.yaml$"
    r"|^(.+?)\s*[(（]\d+[)）]\.yaml$"
)


def _copy_of(name: str) -> str | None:
    """The file a copy's name was made from, or None when the name is no copy's."""
    found = _COPY.match(name)
    return None if found is None else (found.group(1) or found.group(2)) + ".yaml"


# Files that may sit among the data files without being data: documentation and hidden files.
_IGNORED_SUFFIXES = (".md",)


def discover(
    root: Path, folders: list | None = None
) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """List the data files to load with their kind, and problems with the folders themselves.

    `folders` collects each folder walked with its identity: a file added or removed since shows.
    """
    data = root / DATA_DIR
    if folders is not None:
        seen = file_identity(data)
        try:
            folders.append(folder_state.walked(data, seen, os.listdir(data)))
        except OSError:
            folders.append((data, None, None))
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    if not data.is_dir():
        problems.append(
            Problem(
                f"缺少 {DATA_DIR}/ 目录",
                data,
                hint="在台账仓库的根目录运行，或从 git 恢复 data/ 目录",
                code="missing_file",
            )
        )
        return files, problems
    for name, kind in (("plan.yaml", "plan"), ("units.yaml", "units"), ("rules.yaml", "rules")):
        path = data / name
        if not path.exists() and not path.is_symlink():
            problems.append(
                Problem(
                    f"缺少 {DATA_DIR}/{name}（{FILE_KIND_LABELS[kind]}）",
                    path,
                    hint=f"从 git 恢复该文件：git checkout HEAD -- {DATA_DIR}/{name}",
                    code="missing_file",
                )
            )
        else:
            files.append((path, kind))
    for name, kind in OPTIONAL_FILES.items():
        optional = data / name  # policy: only `review` needs it; office: the office's records
        if optional.exists() or optional.is_symlink():
            files.append((optional, kind))
    for folder, kind in (("groups", "group"), ("tasks", "task")):
        base = data / folder
        if base.is_symlink() or (base.exists() and not base.is_dir()):
            problems.append(
                Problem(
                    f"{DATA_DIR}/{folder} 应是一个目录"
                    + ("，实际是符号链接" if base.is_symlink() else "，实际是一个文件"),
                    base,
                    hint=f"从 git 恢复 {DATA_DIR}/{folder} 目录",
                    code="file",
                )
            )
            continue
        if base.is_dir():
            _walk(base, kind, root, files, problems, folders)
    return files, problems


def _walk(
    folder: Path,
    kind: str,
    root: Path,
    files: list[tuple[Path, str]],
    problems: list[Problem],
    folders: list | None = None,
) -> None:
    """Collect the .yaml files under `folder` without following links; report what does not belong."""
    seen = file_identity(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: natural_key(e.name))
    except OSError as exc:
        if folders is not None:
            folders.append((folder, None, None))
        problems.append(unreadable(folder, exc))
        return
    if folders is not None:
        folders.append(folder_state.walked(folder, seen, [entry.name for entry in entries]))
    for entry in entries:
        path = Path(entry.path)
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_symlink():
            files.append((path, kind))  # refused by _read with a message naming the target
        elif entry.is_dir(follow_symlinks=False):
            if name.endswith(".yaml"):
                files.append((path, kind))  # refused by _read: a folder where a file belongs
            else:
                _walk(path, kind, root, files, problems, folders)
        elif name.endswith(".yaml") and _copy_of(name):
            original = _copy_of(name)
            problems.append(
                Problem(
                    f"这像是复制出来的文件（Windows 资源管理器的“副本”），原文件是 {original}；它不会被读取",
                    path,
                    hint="误复制的就删除它；要新建任务请用 ledger new task（自动取编号）",
                    code="file",
                )
            )
        elif name.endswith(".yaml"):
            files.append((path, kind))
        elif name.lower().endswith((".yml", ".yaml")):
            stem = name.rsplit(".", 1)[0]
            twin = folder / f"{stem}.yaml"
            message, hint = (
                "文件扩展名应为小写的 .yaml，这个文件不会被读取",
                f"把文件改名为 {stem}.yaml",
            )
            if twin.exists():
                message = f"这像是 {twin.name} 的另一份（扩展名是 .yml），它不会被读取"
                hint = f"比较两个文件，把需要的内容合并进 {twin.name} 后删除 {name}"
            problems.append(
                Problem(
                    message,
                    path,
                    hint=hint,
                    code="file",
                )
            )
        elif name.lower().endswith(_IGNORED_SUFFIXES) or name.upper().startswith("README"):
            continue
        elif ".yaml" in name.lower() or ".yml" in name.lower():
            stem = name[: name.lower().find(".y")]
            problems.append(
                Problem(
                    "文件名不以 .yaml 结尾，台账不会读取它",
                    path,
                    hint=f"若这是台账文件，请改名为 {stem}.yaml；若是备份或合并留下的文件，请删除",
                    severity="warning",
                    code="stray_file",
                )
            )
        else:
            problems.append(
                Problem(
                    "这不是 .yaml 文件，台账不会读取它",
                    path,
                    hint="data/groups 和 data/tasks 只放台账的 .yaml 文件（说明文档可用 .md）；"
                    "请移走或删除该文件",
                    severity="warning",
                    code="stray_file",
                )
            )


def load_ledger(root: Path, pending: dict[Path, str] | None = None, cache=None) -> Ledger:
    """Load, validate and cross-check every file; raise one DataError listing every problem.

    `pending` holds texts about to be written: the ledger is checked as it will be once they are.
    `cache` (a filecache.FileCache) serves the parsed data of files unchanged since they were read.
    """
    # Validation creates tens of thousands of long-lived objects at province scale: the cyclic GC
    # would walk them again and again, so it is paused during the load.
    paused = gc.isenabled()
    gc.disable()
    try:
        try:
            return _load_ledger(root, pending or {}, cache)
        except DataError:
            if cache is None:
                raise
            # Problems are located from the files' text, which cached files were not read for.
            return _load_ledger(root, pending or {}, None)
    finally:
        if paused:
            gc.enable()


def _load_ledger(root: Path, pending: dict[Path, str], cache) -> Ledger:
    if cache is not None and not pending:
        ledger = snapshot.restore(root, cache)
        if ledger is not None:
            return ledger
    if cache is not None:
        cache.read_all()
    folders: list = []
    files, problems = discover(root, folders)
    found = {path for path, _ in files}
    files += [(path, _new_file_kind(root, path)) for path in pending if path not in found]
    loaded: list[tuple[SourceFile, Record]] = []
    unloaded: dict[str, set[str]] = {kind: set() for kind in KINDS}
    found_in_cache = {}
    for path, kind in files:
        if path not in pending:
            found = _cached(cache, path, kind)
            if found is not None:
                found_in_cache[path] = found
    to_read = [(p, k) for p, k in files if p not in pending and p not in found_in_cache]
    read = dict(
        zip((p for p, _ in to_read), check_files(to_read, root, cache is not None), strict=True)
    )
    for path, kind in files:
        if path in pending:
            checked = check_text(SourceFile(path, kind, pending[path]))
        elif path in found_in_cache:
            record, identity = found_in_cache[path]
            loaded.append((SourceFile(path, kind, identity=identity), record))
            continue
        else:
            checked = read[path]
            if checked.record is not None and cache is not None:
                if checked.cache_line is not None:
                    cache.put_line(path, checked.cache_line)
                else:
                    cache.put(path, kind, checked.source.text, checked.data,
                              checked.source.identity, checked.read_at)  # fmt: skip
            checked.data = None  # in the cache entry now; the record holds the same values
        if checked.record is None:
            problems.extend(checked.problems)
            unloaded[kind].add(checked.meant_id)
        else:
            loaded.append((checked.source, checked.record))
    ledger = _cross_checked(root, loaded, unloaded, problems)
    ledger.folders = tuple(folders)
    ledger.files = tuple(str(source.path) for source, _ in loaded)
    if cache is not None and not pending:
        snapshot.remember(ledger, cache)
    return ledger


def _cross_checked(root: Path, loaded: list, unloaded: dict, problems: list[Problem]) -> Ledger:
    checker = CrossChecker(root, loaded, unloaded)
    problems.extend(checker.problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors or checker.ledger is None:
        raise DataError(problems)
    checker.ledger.warnings = [p for p in problems if p.severity == "warning"]
    checker.ledger.support = [(s, r) for s, r in loaded if s.kind != "task"]
    return checker.ledger


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
        str(path) not in task_paths and _new_file_kind(base.root, path) != "task"
        for path in pending
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
    for path, text in pending.items():
        checked = check_text(SourceFile(path, "task", text))
        if checked.record is None:
            problems.extend(checked.problems)
            unloaded["task"].add(checked.meant_id)
        else:
            loaded.append((checked.source, checked.record))
    checker = CrossChecker(base.root, loaded, unloaded, others=others)
    problems.extend(checker.problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors or checker.ledger is None:
        raise DataError(problems)
    return True
