"""Where the ledger is: the folder named by --root, or the nearest one above holding data/groups."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DataError, RootNotFound

DATA_DIR = "data"


def find_root(start: Path) -> Path:
    """Return the nearest ancestor of `start` (itself included) that holds data/groups."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / DATA_DIR / "groups").is_dir():
            return _inside(folder)
    raise RootNotFound.single(
        f"在 {start} 及其上级目录中找不到台账（data/groups 目录）",
        hint="请在台账仓库内运行，或用 --root 目录 / 环境变量 LEDGER_ROOT 指定台账位置",
    )


def check_root(root: Path) -> Path:
    """Return `root` resolved when it holds a ledger, else a usage error saying what is there instead."""
    hint = "--root 和 LEDGER_ROOT 应指向台账仓库的根目录（其中有 data/groups、data/tasks）"
    data = root / DATA_DIR
    if not root.exists():
        problem = f"目录 {root} 不存在"
    elif not root.is_dir():
        problem = f"{root} 是一个文件，不是目录"
    elif not data.is_dir():
        problem = f"{root} 不是台账目录：其中没有 {DATA_DIR}/ 目录"
        found = _ledger_below(root)
        if found is not None:
            hint = f"台账似乎在 {found}；请改用 --root {found}"
    elif not (data / "groups").is_dir():
        problem = f"{root} 不是台账目录：{DATA_DIR}/ 中没有 groups 目录"
    else:
        return _inside(root.resolve())
    raise RootNotFound.single(problem, hint=hint)


def _inside(root: Path) -> Path:
    """The ledger's own folders must be in the repository: a link out of it is refused at once."""
    for name in (DATA_DIR, "schemas"):
        folder = root / name
        if not folder.is_symlink():
            continue
        target = Path(os.path.realpath(folder))
        if not target.is_relative_to(root):
            raise DataError.single(
                f"{name}/ 是指向仓库之外（{target}）的符号链接；台账不读也不写仓库之外的文件",
                path=folder,
                hint=f"删除这个链接，把真正的 {name}/ 目录放回仓库（git checkout -- {name}）",
                code="file",
            )
    return root


def _ledger_below(root: Path) -> Path | None:
    """A ledger one level below `root`, to suggest when --root points at its parent."""
    try:
        children = sorted(root.iterdir())[:200]
    except OSError:
        return None
    return next((c for c in children if (c / DATA_DIR / "groups").is_dir()), None)


def shipped_plan() -> Path | None:
    """The plan shipped with the package, as a folder holding data/ and schemas/ (None when absent)."""
    package = Path(__file__).resolve().parents[1]
    # pip install . copies the repository's data/ and schemas/ into qc_ledger/plan (pyproject.toml);
    # an editable install runs from the checkout, where they sit beside the package.
    for root in (package / "plan", package.parent):
        if (root / DATA_DIR / "groups").is_dir():
            return root
    return None


SCHEMA_PREFIX = "# yaml-language-server:"


def schema_line(kind: str, path: Path, root: Path) -> str | None:
    """The editor's schema comment for a file, or None when the repository has no such schema."""
    schema = root / "schemas" / f"{kind}.schema.json"
    if not schema.is_file():
        return None
    relative = os.path.relpath(schema, path.parent).replace(os.sep, "/")
    return f"{SCHEMA_PREFIX} $schema={relative}"
