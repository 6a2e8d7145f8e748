"""`ledger new measure` and `ledger new task`: records added under the next free id."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..helptext import HelpGroup, LedgerTyper
from ..writing import (
    AuthorOption,
    CommitOption,
    DeliverableOption,
    DryRunOption,
    PersonOption,
    ask,
    interactive,
    relative,
    show_outcome,
)

new_app = LedgerTyper(
    cls=HelpGroup,
    help="新建任务或措施：自动取下一个编号，写入前按校验规则检查。",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(new_app, name="new")


def _ask(value: str | None, prompt: str, option: str, missing: list[str]) -> str | None:
    """A required value: given, asked for on a terminal, or recorded as missing."""
    if value is not None:
        return value
    if interactive():
        return ask(prompt)
    missing.append(option)
    return None


def _refuse_missing(missing: list[str], command: str) -> None:
    if missing:
        from ...errors import UsageError

        raise UsageError.single(
            f"缺少{'、'.join(missing)}",
            hint=f"在命令中给出这些选项（运行 ledger new {command} --help 查看用法）；"
            "在终端中运行时会逐项询问",
        )


@new_app.command("measure")
@guarded
def new_measure(
    ctx: typer.Context,
    task_id: Annotated[
        str | None,
        typer.Option(
            "--task", "-t", metavar="ID", help="所属任务编号，如 g1-t1。", show_default=False
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="措施内容。", show_default=False)
    ] = None,
    lead_unit: Annotated[
        str | None,
        typer.Option(
            "--lead-unit",
            metavar="NAME",
            help="牵头单位（默认：工作组的牵头单位）。",
            show_default=False,
        ),
    ] = None,
    cooperating: Annotated[
        list[str] | None,
        typer.Option(
            "--cooperating-unit",
            metavar="NAME",
            help="配合单位（可重复给出）。",
            show_default=False,
        ),
    ] = None,
    person: PersonOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            metavar="DATE",
            help="完成时限 YYYY-MM-DD（默认：实施期末）。",
            show_default=False,
        ),
    ] = None,
    deliverable: DeliverableOption = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="开始日期 YYYY-MM-DD（默认今天）：序时进度和未报送从这一天算起。",
            show_default=False,
        ),
    ] = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """在任务下新建一项措施，编号取该任务的下一个（如 g1-t1-m5）。

    例：ledger new measure --task g1-t1 --text "建立随迁子女入学服务专窗。" --commit
    """
    from ...domain.names import lookup, unit_argument, unit_arguments
    from ...edit import values
    from ...edit.patching import MeasureDraft, check_deadline, start_of_new
    from ...usecases import new

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    missing: list[str] = []
    task_id = _ask(task_id, "所属任务编号（如 g1-t1）", "--task", missing)
    text = _ask(text, "措施内容", "--text", missing)
    _refuse_missing(missing, "measure")
    task = lookup(ledger, task_id)
    group = ledger.groups.get(getattr(task, "group", ""), None)
    draft = MeasureDraft(
        text=values.clean_text(text, "--text"),
        lead_unit=unit_argument(ledger, lead_unit)
        if lead_unit
        else (group.lead_unit if group else ""),
        cooperating_units=unit_arguments(ledger, cooperating),
        responsible_person=values.clean_text(person, "--person", limit=200) if person else None,
        deadline=values.parse_date(deadline, "--deadline") if deadline else None,
        deliverable=values.clean_text(deliverable, "--deliverable") if deliverable else None,
    )
    period = ledger.plan.period
    check_deadline(draft.deadline or period.end, period)
    begins = values.parse_date(start, "--start") if start else session.today()
    draft = replace(draft, start=start_of_new(begins, draft.deadline or period.end, period))
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = new.new_measure(ledger, task_id, draft, options=options)
    edit = outcome.edit
    done = [
        f"已新建措施 {edit.record_id}（{relative(edit.path, root)}）：{draft.text}",
        f"  牵头单位：{draft.lead_unit}；完成时限：{draft.deadline or period.end}",
    ]
    show_outcome(outcome, root, done, message=False)


@new_app.command("task")
@guarded
def new_task(
    ctx: typer.Context,
    group_id: Annotated[
        str | None,
        typer.Option(
            "--group", "-g", metavar="ID", help="所属工作组编号，如 g1。", show_default=False
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="任务名称。", show_default=False)
    ] = None,
    measures: Annotated[
        list[str] | None,
        typer.Option(
            "--measure",
            "-m",
            metavar="TEXT",
            help="措施内容（至少一项，可重复给出）。",
            show_default=False,
        ),
    ] = None,
    lead_unit: Annotated[
        str | None,
        typer.Option(
            "--lead-unit",
            metavar="NAME",
            help="各措施的牵头单位（默认：工作组的牵头单位）。",
            show_default=False,
        ),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            metavar="DATE",
            help="各措施的完成时限 YYYY-MM-DD（默认：实施期末）。",
            show_default=False,
        ),
    ] = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """在工作组下新建一项任务（一个新文件），编号取该组的下一个（如 g1-t4），至少含一项措施。

    例：ledger new task --group g1 --title "完善随迁子女教育保障" --measure "第一项措施。"
    """
    from ...domain.names import lookup, unit_argument
    from ...edit import values
    from ...edit.patching import MeasureDraft, start_of_new
    from ...usecases import new

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    missing: list[str] = []
    group_id = _ask(group_id, f"所属工作组编号（{'、'.join(ledger.groups)}）", "--group", missing)
    title = _ask(title, "任务名称", "--title", missing)
    texts = list(measures or ())
    if not texts:
        if interactive():
            while True:
                answer = ask(
                    f"第 {len(texts) + 1} 项措施内容（直接回车结束）"
                    if texts
                    else "第 1 项措施内容",
                    required=not texts,
                )
                if not answer.strip():
                    break
                texts.append(answer)
        else:
            missing.append("--measure")
    _refuse_missing(missing, "task")
    group = lookup(ledger, group_id)
    unit = unit_argument(ledger, lead_unit) if lead_unit else getattr(group, "lead_unit", "")
    due = values.parse_date(deadline, "--deadline") if deadline else None
    period = ledger.plan.period
    # Born today: not behind its expected progress, nor unreported, on the day it is created.
    begins = start_of_new(session.today(), due or period.end, period)
    drafts = [
        MeasureDraft(
            text=values.clean_text(item, "--measure"), lead_unit=unit, deadline=due, start=begins
        )
        for item in texts
    ]
    clean_title = values.clean_text(title, "--title", limit=200)
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = new.new_task(ledger, group_id, clean_title, drafts, options=options)
    edit = outcome.edit
    done = [f"已新建任务 {edit.record_id}（{relative(edit.path, root)}）：{clean_title}"]
    done += [
        f"  {edit.record_id}-m{number}：{draft.text}"
        for number, draft in enumerate(drafts, start=1)
    ]
    uncommitted = "新文件尚未提交（用 git 提交，或下次加 --commit）。"
    show_outcome(outcome, root, done, message=False, uncommitted=uncommitted)


@new_app.command("item")
@guarded
def new_item(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="来源类别：instruction（领导批示）、meeting（会议纪要）、proposal（建议提案）、"
            "key_work（重点工作），英文值或中文名。",
            show_default=False,
        ),
    ] = None,
    document: Annotated[
        str | None,
        typer.Option(
            "--document",
            metavar="TEXT",
            help="来源文件：批示、纪要或提案的名称。",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="来源文件的日期 YYYY-MM-DD。", show_default=False
        ),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            metavar="TEXT",
            help="文号或编号，如 清城府办〔2024〕5号。",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="督办事项名称。", show_default=False),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", metavar="TEXT", help="办理要求（交办的内容）。", show_default=False),
    ] = None,
    lead_unit: Annotated[
        str | None,
        typer.Option(
            "--lead-unit", "--lead", metavar="NAME", help="牵头单位。", show_default=False
        ),
    ] = None,
    cooperating: Annotated[
        list[str] | None,
        typer.Option(
            "--cooperating-unit",
            "--cooperating",
            metavar="NAME",
            help="配合单位（可重复给出）。",
            show_default=False,
        ),
    ] = None,
    person: PersonOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            metavar="DATE",
            help="办理时限 YYYY-MM-DD（默认：实施期末）。",
            show_default=False,
        ),
    ] = None,
    deliverable: DeliverableOption = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """新建一项督办事项（领导批示、会议纪要、建议提案、重点工作）：督办事项组下的一个新任务，含一项交办措施，交办日期为今天。

    例：ledger new item --kind 领导批示 --document "区长批示" --title "加快冷链物流园建设" --text "9月底前完成选址。" --lead 区发展改革局 --deadline 2024-09-30
    """
    from ...domain.kinds import parse_kind
    from ...domain.names import unit_argument, unit_arguments
    from ...domain.supervision_models import ITEM_KINDS
    from ...edit import values
    from ...edit.patching import MeasureDraft, check_deadline, start_of_new
    from ...usecases import new
    from ...vocabulary import SOURCE_KIND_LABELS

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    missing: list[str] = []
    kind = _ask(kind, "来源类别（领导批示、会议纪要、建议提案、重点工作）", "--kind", missing)
    document = _ask(document, "来源文件", "--document", missing)
    title = _ask(title, "督办事项名称", "--title", missing)
    text = _ask(text, "办理要求", "--text", missing)
    lead_unit = _ask(lead_unit, "牵头单位", "--lead-unit", missing)
    _refuse_missing(missing, "item")
    source: dict = {"kind": parse_kind(kind, "--kind", ITEM_KINDS)}
    source["document"] = values.clean_text(document, "--document", limit=200)
    source["date"] = values.parse_date(date, "--date") if date else None
    source["reference"] = (
        values.clean_text(reference, "--reference", limit=200) if reference else None
    )
    draft = MeasureDraft(
        text=values.clean_text(text, "--text"),
        lead_unit=unit_argument(ledger, lead_unit),
        cooperating_units=unit_arguments(ledger, cooperating),
        responsible_person=values.clean_text(person, "--person", limit=200) if person else None,
        deadline=values.parse_date(deadline, "--deadline") if deadline else None,
        deliverable=values.clean_text(deliverable, "--deliverable") if deliverable else None,
    )
    new.check_item(source, draft, session.today())
    period = ledger.plan.period
    due = draft.deadline or period.end
    check_deadline(due, period)
    # Assigned today (交办): expected progress and receipt run from this day.
    draft = replace(draft, start=start_of_new(session.today(), due, period))
    clean_title = values.clean_text(title, "--title", limit=200)
    options = session.write_options(author, commit=commit, dry_run=dry_run)
    outcome = new.new_item(ledger, clean_title, draft, source, options=options)
    item = outcome.edits[-1]
    label = SOURCE_KIND_LABELS[source["kind"]]
    done = [
        f"已新建督办事项 {item.record_id}（{relative(item.path, root)}）：【{label}】{clean_title}",
        f"  {item.record_id}-m1：{draft.text}",
        f"  牵头单位：{draft.lead_unit}；完成时限：{due}",
    ]
    if len(outcome.edits) > 1:
        group = outcome.edits[0]
        done.append(f"已新建督办事项组 {group.record_id}（{relative(group.path, root)}）")
    if not outcome.dry_run:
        from ...usecases.generated import outdated_commands

        stale = outdated_commands(root, session.load)
        if stale:
            done.append(f"由台账生成的文件已与台账不一致：运行 {'、'.join(stale)} 重新生成并提交。")
    uncommitted = "新文件尚未提交（用 git 提交，或下次加 --commit）。"
    show_outcome(outcome, root, done, message=False, uncommitted=uncommitted)
