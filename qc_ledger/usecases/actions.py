"""Use cases that change the ledger: update a measure, add a measure or a task, format the files.

Each runs through one Transaction and returns an outcome value for the CLI to render; a dry run
computes the same edit and writes nothing. Never prints, asks or exits: a question the user must
answer is raised as ConfirmationNeeded, and the CLI runs the use case again with the answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.models import Group, Measure, Task
from ..domain.names import lookup
from ..edit.formatting import format_ledger
from ..edit.patching import Edit, MeasureDraft, add_measure, create_task, update_measure
from ..edit.transaction import Transaction
from ..edit.update_rules import UpdateRequest
from ..errors import DataError, Problem, UsageError


@dataclass(frozen=True)
class Outcome:
    """What a use case did (or, in a dry run, would do)."""

    edits: tuple[Edit, ...]
    message: str = ""
    sha: str | None = None
    dry_run: bool = False
    notes: tuple[Problem, ...] = field(default=())

    @property
    def edit(self) -> Edit:
        """The one edit of a use case that changes one file."""
        return self.edits[0]


def _dry_signer(root: Path, author: str | None) -> str | None:
    from ..git.repo import configured_name, parse_author

    return parse_author(author)[0] if author else configured_name(root)


def _run(
    root: Path,
    make,
    message,
    *,
    commit: bool,
    author: str | None,
    dry_run: bool,
    base=None,
    when: dt.datetime | None = None,
) -> Outcome:
    """Make the edits (under the lock unless a dry run), then apply them as one transaction."""
    if dry_run:
        edits = tuple(make(_dry_signer(root, author)))
        return Outcome(edits, message(edits), dry_run=True)
    with Transaction(root, commit=commit, author=author, base=base, when=when) as tx:
        edits = tuple(make(tx.signer()))
        for edit in edits:
            tx.add(edit)
        text = message(edits)
        applied = tx.apply(text)
    return Outcome(edits, text, applied.sha, notes=applied.notes)


def update(
    ledger: Ledger,
    measure_id: str,
    request: UpdateRequest,
    *,
    today: dt.date,
    author: str | None = None,
    commit: bool = False,
    dry_run: bool = False,
    when: dt.datetime | None = None,
) -> Outcome:
    """Apply the update rules to one measure as its file is now, and write (and commit) the result."""
    record = lookup(ledger, measure_id)
    if not isinstance(record, Measure):
        kind = "工作组" if isinstance(record, Group) else "任务"
        raise UsageError.single(
            f"“{record.id}”是{kind}，不是措施；ledger update 只修改措施",
            hint=f"用 ledger show {record.id} 查看其中各项措施的编号",
        )
    path = ledger.path_of(record.id)

    def make(signer: str | None) -> list[Edit]:
        return [
            update_measure(
                path, record.id, request, today=today, author=signer, period=ledger.plan.period
            )
        ]

    return _run(
        ledger.root,
        make,
        lambda edits: edits[0].update.message(),
        commit=commit,
        author=author,
        dry_run=dry_run,
        base=ledger,
        when=when,
    )


def new_measure(
    ledger: Ledger,
    task_id: str,
    draft: MeasureDraft,
    *,
    author: str | None = None,
    commit: bool = False,
    dry_run: bool = False,
    when: dt.datetime | None = None,
) -> Outcome:
    """Add a measure to a task under the task's next free id."""
    task = lookup(ledger, task_id)
    if not isinstance(task, Task):
        raise UsageError.single(
            f"“{task.id}”不是任务",
            hint="--task 写任务编号，如 g1-t1（ledger show 工作组编号 可查看）",
        )
    path = ledger.path_of(task.id)
    return _run(
        ledger.root,
        lambda _signer: [add_measure(path, task.id, draft, period=ledger.plan.period)],
        lambda edits: f"{edits[0].record_id}: 新增措施\n\n{draft.text}\n",
        commit=commit,
        author=author,
        dry_run=dry_run,
        base=ledger,
        when=when,
    )


def new_task(
    ledger: Ledger,
    group_id: str,
    title: str,
    drafts: list[MeasureDraft],
    *,
    author: str | None = None,
    commit: bool = False,
    dry_run: bool = False,
    when: dt.datetime | None = None,
) -> Outcome:
    """Create a task file in a group under the group's next free id, with its measures."""
    group = lookup(ledger, group_id)
    if not isinstance(group, Group):
        raise UsageError.single(
            f"“{group.id}”不是工作组", hint=f"--group 写工作组编号：{'、'.join(ledger.groups)}"
        )
    return _run(
        ledger.root,
        # Named under the lock, so two commands never take the same free id.
        lambda _signer: [create_task(ledger, group.id, title, drafts)],
        lambda edits: f"{edits[0].record_id}: 新增任务（{len(drafts)} 项措施）\n\n{title}\n",
        commit=commit,
        author=author,
        dry_run=dry_run,
        base=ledger,
        when=when,
    )


def fmt(
    ledger: Ledger,
    *,
    author: str | None = None,
    commit: bool = False,
    dry_run: bool = False,
    when: dt.datetime | None = None,
) -> Outcome:
    """Bring every data file into its canonical layout; the changed ones are one commit."""

    def message(edits: tuple[Edit, ...]) -> str:
        changed = [edit for edit in edits if edit.changed]
        lines = [
            f"{edit.path.relative_to(ledger.root).as_posix()}：{'；'.join(edit.notes) or '格式'}"
            for edit in changed
        ]
        return f"整理格式（{len(changed)} 个文件）\n\n" + "\n".join(lines) + "\n"

    return _run(
        ledger.root,
        lambda _signer: format_ledger(ledger),
        message,
        commit=commit,
        author=author,
        dry_run=dry_run,
        base=ledger,
        when=when,
    )


def import_sheet(
    ledger: Ledger,
    plan,
    *,
    source: str,
    today: dt.date,
    partial: bool = False,
    author: str | None = None,
    commit: bool = False,
    dry_run: bool = False,
    when: dt.datetime | None = None,
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
        return Outcome((), "", dry_run=dry_run, notes=notes)

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

    outcome = _run(
        ledger.root,
        make,
        message,
        commit=commit,
        author=author,
        dry_run=dry_run,
        base=ledger,
        when=when,
    )
    return Outcome(outcome.edits, outcome.message, outcome.sha, dry_run, (*notes, *outcome.notes))


def problem_as_warning(problem: Problem) -> Problem:
    """A refusal that --partial passed over, kept to tell the user."""
    return Problem(problem.message, problem.path, hint=problem.hint, severity="warning")


def record_reminders(
    ledger: Ledger,
    units: list[tuple[str, list[str]]],
    *,
    today: dt.date,
    **options,
) -> Outcome:
    """Record in data/office.yaml that each unit was reminded of its measures today."""
    from ..edit.office_edits import reminder_items

    lines = [f"{unit}：{'、'.join(measures)}" for unit, measures in units]
    message = f"催办记录：{len(units)} 个单位（{today}）\n\n" + "\n".join(lines) + "\n"
    return add_office_records(ledger, "reminders", reminder_items(today, units), message, **options)


def add_office_records(
    ledger: Ledger,
    section: str,
    items: list[dict],
    message: str,
    *,
    author: str | None = None,
    commit: bool = False,
    dry_run: bool = False,
    when: dt.datetime | None = None,
) -> Outcome:
    """Append records to one list of data/office.yaml as one transaction."""
    from ..edit.office_edits import append_records

    return _run(
        ledger.root,
        lambda _signer: [append_records(ledger.root, section, items)],
        lambda _edits: message,
        commit=commit,
        author=author,
        dry_run=dry_run,
        base=ledger,
        when=when,
    )
