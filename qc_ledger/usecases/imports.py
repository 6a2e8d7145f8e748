"""The `import` use case: a workbook a unit filled in, compared three ways and applied as one change.

The plan (what the sheet changes against the version it was exported from and the ledger now) is
shown and confirmed by the CLI; applying it refuses everything unless `partial`. Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..domain.ledger import Ledger
from ..edit.patching import Edit
from ..edit.update_rules import UpdateRequest
from ..errors import DataError, Problem
from .outcome import Outcome, WriteOptions, run_edits


def plan_workbook(ledger: Ledger, file: Path, today: dt.date):
    """What the workbook would change (an ImportPlan); refused when exported from unknown history."""
    from ..git.provenance import knows_commit
    from ..sheets.compare import plan_import
    from ..sheets.reader import read_workbook

    plan = plan_import(ledger, read_workbook(file, ledger.rules.workbook), today)
    if plan.commit and knows_commit(ledger.root, plan.commit) is False:
        raise DataError.single(
            f"{file.name} 导出自提交 {plan.commit[:7]}，本台账的 git 历史中没有这个提交",
            path=file,
            hint="确认这个表格是从本台账导出的；先 git pull 取得最新的历史后重试",
        )
    return plan


def import_sheet(
    ledger: Ledger,
    plan,
    *,
    source: str,
    today: dt.date,
    partial: bool = False,
    options: WriteOptions,
) -> Outcome:
    """Apply a workbook's updates (an ImportPlan) as one transaction; refuse all unless `partial`."""
    from ..sheets.batch import update_measures
    from ..sheets.compare import conflict_problems

    refused = [*plan.refusals, *conflict_problems(plan)]
    if refused and not partial:
        raise DataError(refused)
    requests = plan.applicable()
    by_path: dict[Path, list[tuple[str, UpdateRequest]]] = {}
    for measure_id, request in requests.items():
        task, _measure = ledger.measures[measure_id]
        by_path.setdefault(ledger.path_of(task.id), []).append((measure_id, request))
    notes = tuple(problem_as_warning(problem) for problem in refused)
    if not by_path:
        return Outcome((), "", dry_run=options.dry_run, notes=notes)

    def make(signer: str | None) -> list[Edit]:
        period = ledger.plan.period
        return [
            update_measures(path, items, today=today, author=signer, period=period)
            for path, items in by_path.items()
        ]

    def message(edits: tuple[Edit, ...]) -> str:
        updates = [update for edit in edits for update in edit.updates]
        ids = "、".join(update.measure_id for update in updates[:5])
        more = f" 等 {len(updates)} 项" if len(updates) > 5 else ""
        body = "\n\n".join(update.message().rstrip("\n") for update in updates)
        return f"导入表格 {source}：{ids}{more}\n\n{body}\n"

    outcome = run_edits(ledger, make, message, options)
    return Outcome(
        outcome.edits, outcome.message, outcome.sha, options.dry_run, (*notes, *outcome.notes)
    )


def problem_as_warning(problem: Problem) -> Problem:
    """A refusal that --partial passed over, kept to tell the user."""
    return Problem(problem.message, problem.path, hint=problem.hint, severity="warning")
