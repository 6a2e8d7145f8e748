"""Commands that change the ledger or read its history: `update`, `new`, `fmt`, `log`, `changes`."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .base import _session, app, guarded
from .core import OutputFormat

new_app = typer.Typer(
    help="新建任务或措施：自动取下一个编号，写入前按校验规则检查。",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(new_app, name="new")

AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--author",
        metavar="NAME",
        help="署名：“姓名”或“姓名 <邮箱>”。默认取 git 的 user.name / user.email。",
        show_default=False,
    ),
]
CommitOption = Annotated[
    bool,
    typer.Option(
        "--commit",
        help="写入后立即用 git 提交（只提交这一个文件）。不能提交时事先拒绝，文件不动。",
    ),
]
PersonOption = Annotated[
    str | None, typer.Option("--person", metavar="NAME", help="责任人。", show_default=False)
]
DeliverableOption = Annotated[
    str | None,
    typer.Option("--deliverable", metavar="TEXT", help="成果形式。", show_default=False),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="只显示将要做的修改（差异），不写文件、不提交。")
]


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the ledger's lock; say on stderr if a dead process's lock had to be cleared first."""
    from ..locking import ledger_lock
    from .base import print_problems

    with ledger_lock(root) as held:
        if held.notes:
            print_problems(list(held.notes), root)
        yield


def _note_author(root: Path, author: str | None) -> str | None:
    """Who signs a progress entry without --commit: --author, else git's user.name, else nobody."""
    from ..gitrepo import configured_name, parse_author

    if author:
        return parse_author(author)[0]
    return configured_name(root)


@contextmanager
def _repository(root: Path, author: str | None, wanted: bool) -> Iterator[tuple]:
    """When committing: the repository and the committer, checked before anything is written."""
    if not wanted:
        yield None, None
        return
    from ..gitrepo import LedgerRepo

    repo = LedgerRepo(root)
    try:
        yield repo, repo.identity(author)
    finally:
        repo.close()


def _write_and_commit(root: Path, repo, identity, target, write, message, *, new=False):
    """Under the lock: refuse a commit git would not make (to `target()`), write, then commit."""
    with _locked(root):
        if repo is not None:
            repo.preflight([target()], new=new)
        edit = write()
        sha = _commit(repo, edit, message(edit), identity, new=new) if repo else None
    return edit, sha


def _commit(repo, edit, message: str, identity, *, new: bool = False) -> str:
    """Commit the edited file; if git refuses, put the file back as it was and say so."""
    from ..errors import GitError, LedgerError, Problem

    try:
        return repo.commit([edit.path], message, identity, new=new)
    except GitError as exc:
        try:
            edit.restore()
        except (LedgerError, OSError) as failure:
            reason = failure.problems[0].message if isinstance(failure, LedgerError) else failure
            raise GitError(
                [
                    *exc.problems,
                    Problem(
                        f"提交没有完成，而且未能把文件恢复原样（{reason}）：文件中是本次修改后的内容，尚未提交",
                        edit.path,
                        hint="用 git diff 查看；要保留就按上面 git 的说明处理后自己 git commit，"
                        "不要就用 git restore 撤销",
                        code="git",
                    ),
                ]
            ) from None
        raise GitError(
            [
                *exc.problems,
                Problem(
                    "提交没有完成，文件已恢复原样",
                    edit.path,
                    hint="按上面 git 的说明处理后重试",
                    code="git",
                ),
            ]
        ) from None


def _show_dry_run(edit, root: Path, message: str | None) -> None:
    _out("（试运行：没有写文件，也没有提交）")
    diff = edit.diff(root)
    if diff:
        sys.stdout.write(diff)
    if message:
        _out("提交说明将是：\n" + "\n".join("  " + line for line in message.rstrip().split("\n")))


@app.command()
@guarded
def update(
    ctx: typer.Context,
    measure_id: Annotated[
        str, typer.Argument(metavar="MEASURE_ID", help="措施编号，如 g1-t1-m2。")
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="新状态：not_started 未启动、in_progress 推进中、delayed 滞后、done 已完成、"
            "cancelled 已取消（英文值或中文均可）。",
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress", "-p", metavar="PERCENT", help="进度，0–100 的整数。", show_default=False
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            "-n",
            metavar="TEXT",
            help="进展说明：追加一条带日期和署名的进展记录。",
            show_default=False,
        ),
    ] = None,
    person: PersonOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            metavar="DATE",
            help="新的完成时限 YYYY-MM-DD（须同时给 --reason）。",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="调整完成时限的理由（原时限保留）。",
            show_default=False,
        ),
    ] = None,
    deliverable: DeliverableOption = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            "-e",
            metavar="TEXT",
            help="佐证材料：文件号或链接（可重复给出）。",
            show_default=False,
        ),
    ] = None,
    author: AuthorOption = None,
    commit: CommitOption = False,
    beyond_period: Annotated[
        bool,
        typer.Option(
            "--beyond-period",
            help="允许新的完成时限超出实施期（同时记下 beyond_period: true）。",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="进度 100% 而状态不是已完成时，确认按原样保存。")
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """更新一项措施：状态、进度、进展记录、责任人、完成时限、成果形式、佐证材料。"""
    import dataclasses

    from .. import editing
    from ..models import Measure

    session = _session(ctx)
    root = session.root()
    today = session.today()
    request = editing.UpdateRequest(
        status=editing.parse_status(status) if status is not None else None,
        progress=editing.parse_progress(progress) if progress is not None else None,
        note=editing.clean_text(note, "--note", multiline=True) if note is not None else None,
        person=editing.clean_text(person, "--person", limit=200) if person is not None else None,
        deadline=editing.parse_date(deadline, "--deadline") if deadline is not None else None,
        reason=editing.clean_text(reason, "--reason") if reason is not None else None,
        deliverable=editing.clean_text(deliverable, "--deliverable")
        if deliverable is not None
        else None,
        evidence=tuple(editing.clean_text(item, "--evidence") for item in evidence or ()),
        beyond_period=beyond_period,
        force=force,
    )
    ledger = session.load(cached=True)
    record = ledger.lookup(measure_id)
    if not isinstance(record, Measure):
        from ..errors import UsageError

        kind = "工作组" if record.id in ledger.groups else "任务"
        raise UsageError.single(
            f"“{record.id}”是{kind}，不是措施；ledger update 只修改措施",
            hint=f"用 ledger show {record.id} 查看其中各项措施的编号",
        )
    task = ledger.measures[record.id][0]
    path = ledger.path_of(record.id)
    period = ledger.plan.period
    with _repository(root, author, commit and not dry_run) as (repo, identity):
        note_author = identity.name if identity else _note_author(root, author)
        plan = dict(today=today, author=note_author, period=period)
        try:
            editing.plan_update(record, request, task=task, **plan)
        except editing.ConfirmationNeeded as question:
            if not _interactive() or not typer.confirm(f"{question.question}。仍要这样保存吗？"):
                raise
            request = dataclasses.replace(request, force=True)
        if dry_run:
            edit = editing.update_measure(path, record.id, request, write=False, **plan)
            _show_dry_run(edit, root, edit.update.message())
            return
        edit, sha = _write_and_commit(
            root,
            repo,
            identity,
            lambda: path,
            lambda: editing.update_measure(path, record.id, request, **plan),
            lambda edit: edit.update.message(),
        )
    _out(f"已更新措施 {record.id}（{_relative(path, root)}）：")
    for line in edit.update.lines():
        _out(f"  {line}")
    if sha:
        _out(f"已提交 {sha[:7]}：{edit.update.subject()}")
    else:
        _out("文件已修改，尚未提交（用 git 提交，或下次加 --commit）。")


# ---------------------------------------------------------------------------------------------
# new task / new measure


def _ask(value: str | None, prompt: str, option: str, missing: list[str]) -> str | None:
    """A required value: given, asked for on a terminal, or recorded as missing."""
    if value is not None:
        return value
    if _interactive():
        return typer.prompt(prompt)
    missing.append(option)
    return None


def _refuse_missing(missing: list[str], command: str) -> None:
    if missing:
        from ..errors import UsageError

        raise UsageError.single(
            f"缺少{'、'.join(missing)}",
            hint=f"在命令中给出这些选项（运行 ledger new {command} --help 查看用法）；"
            "在终端中运行时会逐项询问",
        )


def _units(ledger, names: list[str] | None) -> tuple[str, ...]:
    found: list[str] = []
    for name in names or ():
        canonical = ledger.unit_argument(name)
        if canonical not in found:
            found.append(canonical)
    return tuple(found)


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
    author: AuthorOption = None,
    commit: CommitOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """在任务下新建一项措施，编号取该任务的下一个（如 g1-t1-m5）。"""
    from .. import editing
    from ..errors import UsageError
    from ..models import Task

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    missing: list[str] = []
    task_id = _ask(task_id, "所属任务编号（如 g1-t1）", "--task", missing)
    text = _ask(text, "措施内容", "--text", missing)
    _refuse_missing(missing, "measure")
    task = ledger.lookup(task_id)
    if not isinstance(task, Task):
        raise UsageError.single(
            f"“{task.id}”不是任务",
            hint="--task 写任务编号，如 g1-t1（ledger show 工作组编号 可查看）",
        )
    group = ledger.groups[task.group]
    draft = editing.MeasureDraft(
        text=editing.clean_text(text, "--text"),
        lead_unit=ledger.unit_argument(lead_unit) if lead_unit else group.lead_unit,
        cooperating_units=_units(ledger, cooperating),
        responsible_person=editing.clean_text(person, "--person", limit=200) if person else None,
        deadline=editing.parse_date(deadline, "--deadline") if deadline else None,
        deliverable=editing.clean_text(deliverable, "--deliverable") if deliverable else None,
    )
    editing.check_deadline(draft.deadline or ledger.plan.period.end, ledger.plan.period)
    path = ledger.path_of(task.id)
    if dry_run:
        edit = editing.add_measure(path, task.id, draft, period=ledger.plan.period, write=False)
        _show_dry_run(edit, root, None)
        return
    with _repository(root, author, commit) as (repo, identity):
        edit, sha = _write_and_commit(
            root,
            repo,
            identity,
            lambda: path,
            lambda: editing.add_measure(path, task.id, draft, period=ledger.plan.period),
            lambda edit: f"{edit.record_id}: 新增措施\n\n{draft.text}\n",
        )
    _out(f"已新建措施 {edit.record_id}（{_relative(path, root)}）：{draft.text}")
    _out(f"  牵头单位：{draft.lead_unit}；完成时限：{draft.deadline or ledger.plan.period.end}")
    _out(
        f"已提交 {sha[:7]}。" if sha else "文件已修改，尚未提交（用 git 提交，或下次加 --commit）。"
    )


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
    """在工作组下新建一项任务（一个新文件），编号取该组的下一个（如 g1-t4），至少含一项措施。"""
    from .. import editing
    from ..errors import UsageError
    from ..models import Group

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    missing: list[str] = []
    group_id = _ask(group_id, f"所属工作组编号（{'、'.join(ledger.groups)}）", "--group", missing)
    title = _ask(title, "任务名称", "--title", missing)
    texts = list(measures or ())
    if not texts:
        if _interactive():
            while True:
                answer = typer.prompt(
                    f"第 {len(texts) + 1} 项措施内容（直接回车结束）"
                    if texts
                    else "第 1 项措施内容",
                    default="" if texts else None,
                    show_default=False,
                )
                if not answer.strip():
                    break
                texts.append(answer)
        else:
            missing.append("--measure")
    _refuse_missing(missing, "task")
    group = ledger.lookup(group_id)
    if not isinstance(group, Group):
        raise UsageError.single(
            f"“{group.id}”不是工作组", hint=f"--group 写工作组编号：{'、'.join(ledger.groups)}"
        )
    unit = ledger.unit_argument(lead_unit) if lead_unit else group.lead_unit
    due = editing.parse_date(deadline, "--deadline") if deadline else None
    drafts = [
        editing.MeasureDraft(
            text=editing.clean_text(item, "--measure"), lead_unit=unit, deadline=due
        )
        for item in texts
    ]
    clean_title = editing.clean_text(title, "--title", limit=200)
    if dry_run:
        edit = editing.create_task(ledger, group.id, clean_title, drafts, write=False)
        _show_dry_run(edit, root, None)
        return
    with _repository(root, author, commit) as (repo, identity):
        edit, sha = _write_and_commit(
            root,
            repo,
            identity,
            # Named under the lock, as create_task names it, so both see the same free id.
            lambda: root / "data" / "tasks" / f"{editing.next_task_id(ledger, group.id)}.yaml",
            lambda: editing.create_task(ledger, group.id, clean_title, drafts),
            lambda edit: f"{edit.record_id}: 新增任务（{len(drafts)} 项措施）\n\n{clean_title}\n",
            new=True,
        )
    _out(f"已新建任务 {edit.record_id}（{_relative(edit.path, root)}）：{clean_title}")
    for number, draft in enumerate(drafts, start=1):
        _out(f"  {edit.record_id}-m{number}：{draft.text}")
    _out(f"已提交 {sha[:7]}。" if sha else "新文件尚未提交（用 git 提交，或下次加 --commit）。")


# ---------------------------------------------------------------------------------------------
# fmt


@app.command()
@guarded
def fmt(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="只检查：列出不是规范格式的文件，有则退出码为 1，不写文件。"),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="只显示将要做的修改（差异），不写文件；有修改时退出码为 1。"),
    ] = False,
) -> None:
    """把数据文件整理为规范格式：单位别名换成规范名称、字段按规范顺序、统一缩进。"""
    from .. import editing

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    if check or diff:
        results = editing.format_ledger(ledger)
        changed = [r for r in results if r.changed]
        for result in changed:
            name = _relative(result.path, root)
            if diff:
                import difflib

                old = result.old_bytes.decode("utf-8", errors="replace").splitlines(keepends=True)
                new = result.new_text.splitlines(keepends=True)
                sys.stdout.write("".join(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}")))
            else:
                _out(name + ("：" + "；".join(result.notes) if result.notes else ""))
        if changed:
            sys.stderr.write(
                f"{len(changed)} 个文件不是规范格式；运行 ledger fmt 整理（会保留注释）。\n"
            )
            raise typer.Exit(1)
        _out(f"{len(results)} 个文件都是规范格式。")
        return
    with _locked(root):
        results = editing.format_ledger(ledger)
        changed = [r for r in results if r.changed]
        for result in changed:
            editing.write_formatted(result)
    for result in changed:
        notes = "；".join(result.notes)
        _out(f"已整理 {_relative(result.path, root)}" + (f"：{notes}" if notes else ""))
    _out(
        f"已整理 {len(changed)} 个文件，其余 {len(results) - len(changed)} 个已是规范格式。"
        if changed
        else f"{len(results)} 个文件都是规范格式，没有改动。"
    )


# ---------------------------------------------------------------------------------------------
# log / changes


def _versions(repo, revisions, root: Path):
    """Each revision with the ledger data files it changed (blob ids, paths under root)."""
    from ..reports.history import FileVersion, kind_of

    return [
        (
            revision,
            [
                FileVersion(change.path, change.old_blob, change.new_blob)
                for change in repo.under(root, revision)
                if kind_of(change.path) is not None
            ],
        )
        for revision in revisions
    ]


def _history(root: Path, work):
    """Run `work(repo, known)` on the repository with the parsed-history cache loaded and saved."""
    from .. import historycache
    from ..gitrepo import LedgerRepo

    repo = LedgerRepo(root)
    try:
        known = historycache.load(repo.top)
        loaded = len(known)
        result = work(repo, known)
        historycache.save(repo.top, known, loaded)
        return result
    finally:
        repo.close()


@app.command()
@guarded
def log(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="措施、任务或工作组编号，如 g1-t1-m2、g1-t1、g1。")
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式：table（表格）或 json。")
    ] = OutputFormat.table,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", metavar="N", min=1, help="只列出最近的若干次提交。", show_default=False
        ),
    ] = None,
) -> None:
    """一项措施（或任务、工作组）在 git 中的修改历史：日期、作者、改了什么、提交编号。"""
    from ..models import Group, Measure
    from ..reports.history import build_log

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    record = ledger.lookup(record_id)
    if isinstance(record, Measure):
        kind, title, paths = "measure", record.text, [ledger.path_of(record.id)]
    elif isinstance(record, Group):
        kind, title = "group", record.name
        paths = [ledger.path_of(record.id)] + [
            ledger.path_of(t.id) for t in ledger.tasks_of(record.id)
        ]
    else:
        kind, title, paths = "task", record.title, [ledger.path_of(record.id)]

    def work(repo, known):
        return build_log(
            record.id,
            kind,
            title,
            _versions(repo, repo.history(paths), root),
            repo.read_blob,
            paths=tuple(_relative(path, root) for path in paths),
            pending=any(repo.is_modified(path) for path in paths),
            known=known,
        )

    report = _history(root, work)
    if limit is not None:
        import dataclasses

        report = dataclasses.replace(report, entries=report.entries[:limit])
    if output is OutputFormat.json:
        from ..render.jsonout import to_json

        sys.stdout.write(to_json(report.as_data()))
        return
    from ..render.history_tables import print_log
    from ..render.terminal import make_console

    print_log(make_console(), report)


@app.command()
@guarded
def changes(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="起始日期 YYYY-MM-DD（含）；默认为截止日期前 6 天（共 7 天）。",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="截止日期 YYYY-MM-DD（含）；默认为今天。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式：table（表格）或 json。")
    ] = OutputFormat.table,
) -> None:
    """一段时间内整个台账的变化，按工作组分列（每周通报的素材）。"""
    from .. import editing
    from ..errors import UsageError
    from ..reports.history import build_changes

    session = _session(ctx)
    root = session.root()
    last = editing.parse_date(until, "--until") if until is not None else session.today()
    first = (
        editing.parse_date(since, "--since") if since is not None else last - dt.timedelta(days=6)
    )
    if last < first:
        raise UsageError.single(
            f"--until {last} 早于 --since {first}", hint="截止日期应不早于起始日期"
        )
    ledger = session.load(cached=True)
    groups = {group.id: group.short_name for group in ledger.groups.values()}

    def work(repo, known):
        revisions = repo.between(root / "data", first, last)
        return build_changes(
            first, last, _versions(repo, revisions, root), repo.read_blob, groups, known
        )

    report = _history(root, work)
    if output is OutputFormat.json:
        from ..render.jsonout import to_json

        sys.stdout.write(to_json(report.as_data()))
        return
    from ..render.history_tables import print_changes
    from ..render.terminal import make_console

    print_changes(make_console(), report)
