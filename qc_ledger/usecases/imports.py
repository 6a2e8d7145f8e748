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


def plan_workbook(ledger: Ledger, file: Path, today: dt.date, sender: str | None = None):
    """What the workbook would change (an ImportPlan), compared with its base as git holds it.

    `sender`: the unit that returned the workbook (canonical name); it must be the unit the workbook
    was exported for, so a workbook whose hidden claim was removed or changed cannot widen its reach.
    """
    from ..sheets.compare import check_base, plan_import
    from ..sheets.reader import read_workbook

    book = read_workbook(file, ledger.rules.workbook)
    claim = check_base(book)
    if sender is not None:
        _check_sender(file, claim.unit, sender)
    base, origin = _base(ledger, file, claim, today)
    return plan_import(ledger, book, today, claim, base, origin)


def _check_sender(file: Path, claimed: str | None, sender: str) -> None:
    """A unit's returned workbook must be one exported for that unit, not a whole-ledger one."""
    if claimed == sender:
        return
    what = f"导出给{claimed}的" if claimed else "全台账工作簿（没有注明导出给哪个单位）"
    raise DataError.single(
        f"{file.name} 是{what}，不是导出给{sender}的：单位只能交回导出给本单位的表格，什么也没有导入",
        path=file,
        hint=f"为该单位导出一份：ledger export -f xlsx --unit {sender} -o 表格.xlsx，请其填好后交回",
        code="workbook_scope",
    )


def _base(ledger: Ledger, file: Path, claim, today: dt.date) -> tuple[dict, str]:
    """The values the workbook was exported with, read from git at the commit it records.

    The hidden base sheet is only a claim: a forged one could otherwise widen what a unit's
    workbook may change or hide a concurrent change. Without a commit, the ledger now is the base.
    """
    from ..git.provenance import knows_commit
    from ..sheets.selection import exported_values

    try:
        as_of = dt.date.fromisoformat(claim.as_of)
    except ValueError:
        as_of = today
    unit = claim.unit
    if claim.commit is None:
        origin = "表格没有记录导出时的提交：与台账现状比较，发现不了导出后别人的修改"
        return exported_values(ledger, as_of, unit), origin
    known = knows_commit(ledger.root, claim.commit)
    if known is False:
        raise DataError.single(
            f"{file.name} 导出自提交 {claim.commit[:7]}，本台账的 git 历史中没有这个提交",
            path=file,
            hint="确认这个表格是从本台账导出的；先 git pull 取得最新的历史后重试",
        )
    if known is None:
        origin = "台账不在 git 仓库中，读不到导出时的版本：与台账现状比较，发现不了导出后别人的修改"
        return exported_values(ledger, as_of, unit), origin
    base = exported_values(_ledger_at(ledger, file, claim.commit), as_of, unit)
    # An older workbook holds fewer columns: compare the ones it has.
    held = {mid: {k: row[k] for k in claim.rows[mid] if k in row} for mid, row in base.items()
            if mid in claim.rows}  # fmt: skip
    # The measures must be the commit's own (values may differ when exported with unsaved edits).
    if set(base) != set(claim.rows) or (claim.clean and held != claim.rows):
        raise DataError.single(
            f"{file.name} 的隐藏底稿与 git 中提交 {claim.commit[:7]} 的台账不符：表格被改动过，"
            "或不是从这个提交导出的；什么也没有导入",
            path=file,
            hint="用 ledger export --format xlsx 重新导出一份，把改动填到新表中",
        )
    return base, ""


def _ledger_at(ledger: Ledger, file: Path, commit: str) -> Ledger:
    """The ledger as the commit holds it, loaded from a temporary copy of its data/."""
    import tempfile

    from ..git.provenance import data_at
    from ..load.loader import load_ledger

    with tempfile.TemporaryDirectory(prefix="ledger-base-") as folder:
        root = data_at(ledger.root, commit, Path(folder))
        try:
            return load_ledger(root or ledger.root)
        except DataError:
            raise DataError.single(
                f"{file.name} 导出自提交 {commit[:7]}，那个版本的台账现在读不出来，无法判断表中改了什么",
                path=file,
                hint="用 ledger export --format xlsx 重新导出一份，把改动填到新表中",
            ) from None


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
        # Under the lock, after the prompt: the comparison holds only for the files it was made on.
        _unchanged_since_loaded(ledger, by_path)
        period, approval = ledger.plan.period, ledger.rules.closing.approval
        return [
            update_measures(
                path, items, today=today, author=signer, period=period, approval=approval
            )
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


def _unchanged_since_loaded(ledger: Ledger, by_path: dict[Path, list]) -> None:
    """Refuse when a file to change was changed (e.g. committed) after the workbook was compared."""
    from ..load.filecheck import file_identity

    identities = {s.path: getattr(s, "identity", None) for s in ledger.sources.values()}
    moved = [
        path
        for path in by_path
        if identities.get(path) is not None and file_identity(path) != identities[path]
    ]
    if moved:
        raise DataError(
            [
                Problem(
                    "比较表格之后（例如等待确认时）这个文件被修改了，原来的比较已经不能作数；"
                    "什么也没有导入",
                    path,
                    hint="重新运行 ledger import，按台账现在的内容重新比较",
                    code="changed_meanwhile",
                )
                for path in moved
            ]
        )


def problem_as_warning(problem: Problem) -> Problem:
    """A refusal that --partial passed over, kept to tell the user."""
    return Problem(problem.message, problem.path, hint=problem.hint, severity="warning")
