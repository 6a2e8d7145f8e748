"""`ledger setup`: configure a clone for contributors — the merge driver for task files and the
pre-commit hook that validates the ledger. Through LedgerRepo's git process; never prints or exits.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..store.files import write_atomic

ATTRIBUTES_LINE = "data/tasks/**/*.yaml merge=ledger"
HOOK_MARK = "# qc-ledger pre-commit hook"


@dataclass
class SetupOutcome:
    """What `setup` did, and what it left for the user to do."""

    done: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)


def _command() -> str:
    """How git should start this ledger: the same Python, so the driver works from any shell."""
    python = Path(sys.executable).as_posix()
    return f'"{python}" -m qc_ledger'


def setup(root: Path) -> SetupOutcome:
    """Register the merge driver in the clone's git config and install the pre-commit hook."""
    from ..git.repo import LedgerRepo

    outcome = SetupOutcome()
    repo = LedgerRepo(root)
    try:
        repo.run("config", "merge.ledger.name", "qc-ledger 任务文件合并（进展记录取并集）")
        repo.run("config", "merge.ledger.driver", f"{_command()} merge-file %O %A %B %P")
        outcome.done.append("已在本仓库的 git 设置中登记合并驱动 merge.ledger")
        attributes = repo.top / ".gitattributes"
        prefix = repo.relative(root)
        line = ATTRIBUTES_LINE if prefix == "." else f"{prefix}/{ATTRIBUTES_LINE}"
        present = attributes.read_text(encoding="utf-8") if attributes.is_file() else ""
        if line not in present.splitlines():
            write_atomic(
                attributes,
                present + ("" if present.endswith("\n") or not present else "\n") + line + "\n",
            )
            outcome.done.append(f"已在 .gitattributes 中加入“{line}”")
            outcome.advice.append(
                "把 .gitattributes 的改动提交，其他人的仓库也就用上了这个合并方式"
            )
        hook_dir = repo.git_path("hooks")
    finally:
        repo.close()
    hook = hook_dir / "pre-commit"
    text = f'#!/bin/sh\n{HOOK_MARK}（ledger setup 安装）：提交前校验台账\nexec {_command()} --root "{root.as_posix()}" validate\n'
    if hook.exists() and HOOK_MARK not in hook.read_text(encoding="utf-8", errors="replace"):
        outcome.advice.append(
            f"{hook} 已有别的内容，没有覆盖；如需提交前校验，在其中加一行：{_command()} validate"
        )
    else:
        hook_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(hook, text)
        mode = hook.stat().st_mode
        os.chmod(hook, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        outcome.done.append(
            "已安装提交前校验（git pre-commit 钩子）：每次 git commit 先运行 ledger validate"
        )
    return outcome
