"""`ledger setup`: configure a clone for contributors — the merge driver for task files and the
pre-commit hook that validates the ledger. Through LedgerRepo's git process; never prints or exits.

Both run the installed tool, never code from the checkout: a branch may carry any `qc_ledger/` it
likes, and checking it out must not make git run it. Neither carries the clone's path, so a copied
or moved clone checks itself.
"""

from __future__ import annotations

import os
import shlex
import site
import stat
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from ..store.files import write_atomic

ATTRIBUTES_LINE = "data/tasks/**/*.yaml merge=ledger"
HOOK_MARK = "# qc-ledger pre-commit hook"
# A console script pip wrote for this package names its entry point; another program called
# `ledger` (the accounting tool of that name, say) does not.
_ENTRY_POINT = b"qc_ledger.cli"


@dataclass
class SetupOutcome:
    """What `setup` did, and what it left for the user to do."""

    done: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)


def installed_script() -> Path | None:
    """The `ledger` console script installed with the running interpreter, if there is one."""
    name = "ledger.exe" if os.name == "nt" else "ledger"
    folders = [sysconfig.get_path("scripts")]
    if site.ENABLE_USER_SITE:  # `pip install --user` puts the script here
        folders.append(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user")))
    for folder in dict.fromkeys(folders):
        script = Path(folder) / name
        try:
            if script.is_file() and _ENTRY_POINT in script.read_bytes()[: 1 << 20]:
                return script
        except OSError:
            continue
    return None


def tool_command() -> str:
    """How git starts the installed tool, as shell words: never from the checkout it runs in."""
    script = installed_script()
    if script is not None:
        return shlex.quote(script.as_posix())
    # -P keeps the working directory (the checkout) off sys.path, -E keeps PYTHONPATH out.
    return f"{shlex.quote(Path(sys.executable).as_posix())} -E -P -m qc_ledger"


def hook_text(command: str, prefix: str) -> str:
    """The pre-commit hook: validate the ledger of the repository git runs it in."""
    root = '"$top"' if prefix == "." else f'"$top"/{shlex.quote(prefix)}'
    return (
        f"#!/bin/sh\n{HOOK_MARK}（ledger setup 安装）：提交前校验台账\n"
        "top=$(git rev-parse --show-toplevel) || exit 1\n"
        f"exec {command} --root {root} validate\n"
    )


def setup(root: Path) -> SetupOutcome:
    """Register the merge driver in the clone's git config and install the pre-commit hook."""
    from ..git.repo import LedgerRepo

    outcome = SetupOutcome()
    command = tool_command()
    repo = LedgerRepo(root)
    try:
        repo.run("config", "merge.ledger.name", "qc-ledger 任务文件合并（进展记录取并集）")
        repo.run("config", "merge.ledger.driver", f"{command} merge-file %O %A %B %P")
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
    text = hook_text(command, prefix)
    if hook.exists() and HOOK_MARK not in hook.read_text(encoding="utf-8", errors="replace"):
        outcome.advice.append(
            f"{hook} 已有别的内容，没有覆盖；如需提交前校验，在其中加一行："
            f'{command} --root "$(git rev-parse --show-toplevel)" validate'
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
