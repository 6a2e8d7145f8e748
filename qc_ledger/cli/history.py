"""`ledger log` and `ledger changes`: the ledger's history, record by record, from git."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from . import completion
from .base import _session, app, emit, guarded
from .core import OutputFormat
from .formats import FormatOption, OutputOption, _format, _print_table
from .writing import relative


def _versions(repo, revisions, root: Path):
    """Each revision with the ledger data files it changed (blob ids, paths under root).

    A shallow clone's boundary commit has no parent here: git would show every file as added by
    it, so it is listed with no changes, and the report says where history stops.
    """
    from ..git.history import shallow_boundaries, under
    from ..history.recorddiff import kind_of
    from ..reports.history import FileVersion

    boundaries = shallow_boundaries(repo)
    return [
        (
            revision,
            []
            if revision.sha in boundaries
            else [
                FileVersion(change.path, change.old_blob, change.new_blob)
                for change in under(repo, root, revision)
                if kind_of(change.path) is not None
            ],
        )
        for revision in revisions
    ]


def _shallow_from(repo, revisions) -> str | None:
    """Where a shallow clone's history stops, for the report (None in a full clone)."""
    from ..git.history import shallow_boundaries

    boundaries = shallow_boundaries(repo)
    if not boundaries:
        return None
    stops = [r for r in revisions if r.sha in boundaries]
    oldest = stops[-1] if stops else None
    return f"{oldest.committed.date()}（{oldest.short}）" if oldest else "本地最早的提交"


def _history(root: Path, work):
    """Run `work(repo, known)` on the repository with the parsed-history cache loaded and saved."""
    from ..git.repo import LedgerRepo
    from ..history import cache as historycache
    from ..history.recorddiff import known_as_plain, known_from_plain

    repo = LedgerRepo(root)
    try:
        known = known_from_plain(historycache.load(repo.top))
        loaded = len(known)
        result = work(repo, known)
        historycache.save(repo.top, known_as_plain(known), loaded)
        return result
    finally:
        repo.close()


@app.command()
@guarded
def log(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="措施、任务或工作组编号，如 g1-t1-m2、g1-t1、g1。",
            autocompletion=completion.record_ids,
        ),
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
    """一项措施（或任务、工作组）在 git 中的修改历史：日期、作者、改了什么、提交编号。

    例：ledger log g1-t1-m2；ledger log g1 -n 5 -f json
    """
    from ..domain.models import Group, Measure
    from ..domain.names import lookup
    from ..git.history import history, is_modified, read_blob
    from ..reports.history import build_log

    session = _session(ctx)
    root = session.root()
    ledger = session.load(cached=True)
    record = lookup(ledger, record_id)
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
        revisions = history(repo, paths)
        report = build_log(
            record.id,
            kind,
            title,
            _versions(repo, revisions, root),
            lambda blob: read_blob(repo, blob),
            paths=tuple(relative(path, root) for path in paths),
            pending=any(is_modified(repo, path) for path in paths),
            known=known,
        )
        return dataclasses.replace(report, shallow_from=_shallow_from(repo, revisions))

    report = _history(root, work)
    if limit is not None:
        report = dataclasses.replace(report, entries=report.entries[:limit])
    if output is OutputFormat.json:
        from ..render.jsonout import to_json

        emit(to_json(report.as_data()))
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
    output_format: FormatOption = None,
    out_file: OutputOption = None,
) -> None:
    """一段时间内整个台账的变化，按工作组分列（每周通报的素材）。

    例：ledger changes --since 2025-06-23 --until 2025-06-29；ledger changes -o 本周变化.md
    """
    session = _session(ctx)
    root = session.root()
    first, last = period(since, until, session.today(), days=6)
    chosen = _format(output_format, out_file)
    report = changes_report(root, session.load(cached=True), first, last)
    if chosen == "json":
        from ..render.jsonout import to_json

        emit(to_json(report.as_data()), out_file, root)
    elif chosen in ("md", "csv"):
        from ..render import office_reports

        render = office_reports.changes_md if chosen == "md" else office_reports.changes_csv
        emit(render(report), out_file, root)
    else:
        from ..render.history_tables import print_changes

        _print_table(print_changes, report, out_file, root)


def period(since: str | None, until: str | None, today: dt.date, *, days: int):
    """--since and --until as dates: until defaults to today, since to `days` before it."""
    from ..edit.values import parse_date
    from ..errors import UsageError

    last = parse_date(until, "--until") if until is not None else today
    first = parse_date(since, "--since") if since is not None else last - dt.timedelta(days=days)
    if last < first:
        raise UsageError.single(
            f"--until {last} 早于 --since {first}", hint="截止日期应不早于起始日期"
        )
    return first, last


def changes_report(root: Path, ledger, first: dt.date, last: dt.date):
    """Every change to the ledger from `first` to `last`, read from git history."""
    from ..git.history import between, read_blob
    from ..reports.history import build_changes

    groups = {group.id: group.short_name for group in ledger.groups.values()}

    def work(repo, known):
        revisions = between(repo, root / "data", first, last)
        versions = _versions(repo, revisions, root)
        report = build_changes(
            first, last, versions, lambda blob: read_blob(repo, blob), groups, known
        )
        return dataclasses.replace(report, shallow_from=_shallow_from(repo, revisions))

    return _history(root, work)


def changes_between(root: Path, ledger, first: dt.date, last: dt.date):
    """The changes report for a period, or None when the ledger is not in a git repository."""
    from ..errors import GitError

    try:
        return changes_report(root, ledger, first, last)
    except GitError:
        return None
