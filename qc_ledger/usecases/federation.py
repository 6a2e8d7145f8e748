"""The `federate` use case: many district ledgers loaded and checked, summed into one view.

A member that is missing or fails its checks is named with its problems, and nothing is summed.
Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import DataError, LedgerError, Problem, UsageError


def members_of(roots: list[Path], file: Path | None) -> tuple[str, list[tuple[str, Path]]]:
    """The federation's title and each member's name and folder: from the folders or a file."""
    if file is None:
        if not roots:
            raise UsageError.single(
                "没有给出要汇总的台账",
                hint="ledger federate 目录A 目录B，或 ledger federate --file 全市台账.yaml",
            )
        return "联合视图", [(root.resolve().name, root) for root in roots]
    if roots:
        raise UsageError.single("目录和 --file 只能选一种", hint="把目录写进联合视图文件的 members")
    from ..load.filecheck import check_file

    checked = check_file(file, "federation", file.parent)
    if checked.record is None:
        raise DataError(checked.problems)
    federation = checked.record
    return federation.title, [(m.name, file.parent / m.path) for m in federation.members]


def federate(title: str, members: list[tuple[str, Path]], today: dt.date):
    """Load every member's ledger (through its file cache) and build the federation's report."""
    from ..load.cache.opening import open_ledger
    from ..reports.federation import build_federation

    ledgers, problems = [], []
    for name, folder in members:
        if not (folder / "data").is_dir():
            problems.append(
                Problem(f"台账“{name}”的目录 {folder} 中没有 data/", hint="检查路径是否写对")
            )
            continue
        try:
            ledgers.append((name, open_ledger(folder)))
        except LedgerError as exc:
            problems.append(
                Problem(f"台账“{name}”（{folder}）未通过校验", hint="在该目录运行 ledger validate")
            )
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return build_federation(title, ledgers, today)
