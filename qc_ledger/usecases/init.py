"""`ledger init --from-plan FILE DIR`: a new ledger repository read from a plan document.

Reads the plan (plandoc), refuses when the fidelity check finds words lost or added, writes data/,
schemas, CI workflows (checks and a trusted review) and a README stub, copies the plan under
data/source/ with init-report.md, and makes one first commit. `dry_run` stops before anything is written. Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem, UsageError
from ..plandoc.carryover import CarriedMeasure, carry_over_list, unfinished
from ..plandoc.fidelity import Fidelity, check_fidelity
from ..plandoc.outline import Outline
from ..plandoc.reading import document_lines, read_outline
from ..plandoc.records import LedgerRecords, build_records
from ..plandoc.report import init_report, structure_tree
from ..store import yaml as store
from ..store.files import write_new

RULES = {
    "stale_days": 30,
    "due_soon_days": 30,
    "red": ["overdue", "far_behind"],
    "yellow": ["delayed", "behind", "stale"],
    "blue": ["due_soon"],
    "closing": {"approval": True},  # marking done asks the office to close (办结审核)
    "note": "阈值、报送周期和考核分值为台账初建时的默认值（方案未作规定），待统筹办确认。",
}
POLICY = {
    "office_accounts": [],
    "unit_fields": [
        "status",
        "progress",
        "progress_log",
        "evidence",
        "responsible_person",
        "responsible_leader",
        "deliverable",
        "receipts",
        "closing",
    ],
    "units_act_on": "lead_or_cooperating",
    "append_only": ["progress_log", "deadline_history", "receipts", "closing"],
    "note": "初建台账时的默认权限，待统筹办确认；统筹办的账号填在 office_accounts。",
}
GITATTRIBUTES = "* text=auto eol=lf\n*.yaml text eol=lf\n*.xlsx binary\n*.docx binary\n"
GITIGNORE = ".ledger.lock\n__pycache__/\n"
README = """# {title}：工作台账

本仓库由 `ledger init --from-plan` 从方案文件 `data/source/{source}` 生成（{layout}），
共 {groups} 个工作组、{tasks} 项任务、{measures} 项措施。

**先看 `data/source/init-report.md`**：其中列出每一项推定（牵头单位、完成时限、单位别名等）及其在原文中的位置，
确认后删去数据中的 `inferred` 标记。

```bash
ledger validate        # 校验
ledger status          # 总览
ledger units           # 单位名录
```
"""


@dataclass(frozen=True)
class PlanReading:
    """A plan document as read: its outline, the records it implies, the fidelity check, the tree."""

    source: Path
    outline: Outline
    records: LedgerRecords
    fidelity: Fidelity
    tree: list[str]
    carried: tuple[CarriedMeasure, ...] = ()


@dataclass(frozen=True)
class InitOutcome:
    """The ledger created (or, in a dry run, what would be)."""

    reading: PlanReading
    path: Path
    written: bool
    commit: str | None = None


def read_plan(source: Path, today: dt.date, carry_over: Path | None = None) -> PlanReading:
    """Read a plan file into records and check them against its words (and an old ledger's rest)."""
    if not source.is_file():
        raise UsageError.single(
            f"找不到方案文件 {source}", hint="给出 .txt、.md 或 .docx 文件的路径"
        )
    lines = document_lines(source)
    outline = read_outline(lines)
    if not outline.measures():
        raise UsageError.single(
            f"没有在 {source.name} 中找到任何措施",
            hint="用 ledger init --from-plan 文件 目录 --dry-run 查看读出的结构；支持的版式见 docs/init.md",
        )
    records = build_records(outline, today)
    fidelity = check_fidelity(lines, outline)
    tree = structure_tree(outline, records)
    carried: tuple[CarriedMeasure, ...] = ()
    if carry_over is not None:
        from ..load.loader import load_ledger

        old = load_ledger(carry_over)
        carried = tuple(unfinished(old))
        records.plan["predecessor"] = {"title": old.plan.title, "path": carry_over.as_posix()}
        tree.append(
            f"（结转）上一轮台账 {carry_over.as_posix()} 中未完成的措施 {len(carried)} 项，待确认"
        )
    return PlanReading(source, outline, records, fidelity, tree, carried)


def _refuse_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError.single(
            f"{target} 已存在且不是空目录，新台账不会覆盖它", hint="换一个新的目录名"
        )


def _refuse_unfaithful(reading: PlanReading) -> None:
    if reading.fidelity.ok:
        return
    problems = [
        Problem(
            f"原文的这段文字没有收进台账：“{text}”", reading.source, hint=where, code="init_missing"
        )
        for where, text in reading.fidelity.missing
    ] + [
        Problem(
            f"台账中的这段文字在原文中找不到：“{text}”",
            reading.source,
            hint=where,
            code="init_added",
        )
        for where, text in reading.fidelity.added
    ]
    raise DataError(problems)


def _yaml(kind: str, depth: int, data: object) -> str:
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}schemas/{kind}.schema.json\n" + store.dump_new(
        data
    )


def init_from_plan(
    source: Path,
    target: Path,
    *,
    today: dt.date,
    author: str | None = None,
    dry_run: bool = False,
    when: dt.datetime | None = None,
    carry_over: Path | None = None,
) -> InitOutcome:
    """Create the ledger repository at `target` from the plan at `source` (nothing, in a dry run)."""
    _refuse_target(target)
    reading = read_plan(source, today, carry_over)
    predecessor = reading.records.plan.get("predecessor")
    if predecessor is not None:
        # Stored relative to the new ledger, so that the two folders can move together.
        predecessor["path"] = Path(
            os.path.relpath(carry_over.resolve(), target.resolve())
        ).as_posix()
    if dry_run:
        return InitOutcome(reading, target, written=False)
    _refuse_unfaithful(reading)
    from ..git.repo import LedgerRepo, init_repository

    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    init_repository(target)
    repo = LedgerRepo(target)
    try:
        try:
            identity = repo.identity(author)
        except Exception:
            repo.close()
            if created:
                shutil.rmtree(target)
            else:
                shutil.rmtree(target / ".git")
            raise
        _write(reading, target)
        commit = repo.commit_all(
            f"台账初建：由方案文件 {source.name} 生成（ledger init）",
            identity,
            when or dt.datetime.now().astimezone().replace(microsecond=0),
        )
    finally:
        repo.close()
    return InitOutcome(reading, target, written=True, commit=commit)


def _write(reading: PlanReading, target: Path) -> None:
    from .init_workflows import installed_spec, workflow_files
    from .schemas import generate

    records, outline = reading.records, reading.outline
    data = target / "data"
    _put(data / "plan.yaml", _yaml("plan", 1, records.plan))
    _put(data / "units.yaml", _yaml("units", 1, {"units": records.units}))
    _put(data / "rules.yaml", _yaml("rules", 1, RULES))
    _put(data / "policy.yaml", _yaml("policy", 1, POLICY))
    for group in records.groups:
        _put(data / "groups" / f"{group['id']}.yaml", _yaml("group", 2, group))
    for task in records.tasks:
        _put(data / "tasks" / f"{task['id']}.yaml", _yaml("task", 2, task))
    (data / "source").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(reading.source, data / "source" / reading.source.name)
    report = init_report(outline, records, reading.fidelity, reading.source.name)
    _put(data / "source" / "init-report.md", report)
    predecessor = records.plan.get("predecessor")
    if predecessor is not None:
        listing = carry_over_list(predecessor["title"], predecessor["path"], list(reading.carried))
        _put(data / "source" / "carry-over.md", listing)
    for name, text in generate(target).items():
        _put(target / "schemas" / name, text)
    for name, text in workflow_files(installed_spec()).items():
        _put(target / name, text)
    _put(target / ".gitattributes", GITATTRIBUTES)
    _put(target / ".gitignore", GITIGNORE)
    readme = README.format(
        title=outline.title,
        source=reading.source.name,
        layout=outline.layout,
        groups=len(records.groups),
        tasks=len(records.tasks),
        measures=records.measure_count(),
    )
    _put(target / "README.md", readme)


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, text)
