"""Finding a ledger's data files: each with its kind, and what does not belong said plainly.

Never follows a link or reads a file; never prints or exits. Each folder walked is noted with its
identity and the names it listed (folders.py), so that a later change to the folder shows.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..domain.names import natural_key
from ..errors import Problem
from ..store.reader import file_identity, unreadable
from ..store.root import DATA_DIR
from ..vocabulary import FILE_KIND_LABELS
from . import folders as folder_state

OPTIONAL_FILES = {"policy.yaml": "policy", "office.yaml": "office"}


def new_file_kind(root: Path, path: Path) -> str:
    """What a file about to be created holds: an optional file of data/ by its name, a group by its
    folder, else a task."""
    if path.parent == root / DATA_DIR and path.name in OPTIONAL_FILES:
        return OPTIONAL_FILES[path.name]
    return "group" if path.is_relative_to(root / DATA_DIR / "groups") else "task"


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
