"""`ledger list`: the measures that match the conditions given."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import completion
from ..base import _session, app, emit, guarded
from ..formats import (
    FormatOption,
    KindOption,
    OutputOption,
    _format,
    _print_table,
)


@app.command("list")
@guarded
def list_(
    ctx: typer.Context,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="ID",
            help="工作组编号或简称，例如 g1。",
            autocompletion=completion.group_values,
        ),
    ] = None,
    task: Annotated[
        str | None,
        typer.Option(
            "--task",
            "-t",
            metavar="ID",
            help="任务编号或名称，例如 g1-t2。",
            autocompletion=completion.task_ids,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            metavar="NAME",
            help="单位名称（别名、简称也可）：该单位牵头或配合的措施。",
            autocompletion=completion.unit_names,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            autocompletion=completion.statuses,
            help="状态：英文值或中文名（未启动、推进中、滞后、已完成、已取消）；可重复，满足其一即可。",
        ),
    ] = None,
    kind: KindOption = None,
    cadence: Annotated[
        list[str] | None,
        typer.Option(
            "--cadence",
            metavar="CADENCE",
            autocompletion=completion.cadences,
            help="报送周期（措施自定的，否则按 rules.yaml 的默认）：周报、月报、双月报、季报、不用报"
            "（或 weekly、monthly、bimonthly、quarterly、none）；可重复，满足其一即可。",
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期的措施。")] = False,
    unacknowledged: Annotated[
        bool,
        typer.Option(
            "--unacknowledged",
            help="只列还有单位未签收的措施（哪些工作、由谁签收见 rules.yaml）。",
        ),
    ] = False,
    closing: Annotated[
        bool, typer.Option("--closing", help="只列已申请办结、待统筹办审核的措施。")
    ] = False,
    due_within: Annotated[
        str | None,
        typer.Option(
            "--due-within",
            metavar="DAYS",
            help="只列从今天起若干天（含今天）内到期、未完成的措施。",
        ),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", metavar="NAME", help="责任人姓名（包含即可）。")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-q",
            metavar="TEXT",
            help="在工作组、任务、措施、成果形式和进展记录中查找文字。",
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help="排序：id（编号，默认）、deadline（完成时限）或 unit（牵头单位）。",
        ),
    ] = "id",
    output_format: FormatOption = None,
    output: OutputOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="表格列出全部措施（默认在屏幕上每次最多 20 项）。")
    ] = False,
    all_units: Annotated[
        bool,
        typer.Option(
            "--all-units", help="不按 ledger config 保存的默认单位筛选，列出所有单位的措施。"
        ),
    ] = False,
) -> None:
    """列出措施，可按工作组、任务、单位、状态、来源、报送周期、逾期、到期、责任人和文字筛选（条件同时满足）。

    例：ledger list --unit 区财政局 --overdue；ledger list -s 滞后 -f csv -o 滞后措施.csv
    """
    from ...domain.query import QueryOptions, build_query, parse_sort
    from ...reports.listing import build_listing

    chosen = _format(output_format, output)
    parse_sort(sort)
    session = _session(ctx)
    today = session.today()
    ledger = session.load(cached=True)
    saved_unit = None if unit or all_units else session.saved("unit")
    options = QueryOptions(
        group=group,
        task=task,
        unit=unit or saved_unit,
        statuses=tuple(status or ()),
        cadences=tuple(cadence or ()),
        overdue=overdue,
        due_within=due_within,
        person=person,
        search=search,
        sort=sort,
        kinds=tuple(kind or ()),
        unacknowledged=unacknowledged,
        closing=closing,
    )
    listing = build_listing(ledger, build_query(ledger, options), today)
    if chosen == "json":
        from ...render.jsonout import to_json

        data = {
            "as_of": today.isoformat(),
            "conditions": list(listing.conditions),
            "count": len(listing.rows),
            "measures": [row.record for row in listing.rows],
        }
        emit(to_json(data), output, session.root())
    elif chosen == "csv":
        from ...render.csvout import measures_csv

        emit(measures_csv(listing.rows), output, session.root())
    elif chosen == "md":
        from ...render.markdown import listing_md

        emit(listing_md(listing), output, session.root())
    else:
        from ...render.query_tables import LIST_PAGE, print_listing

        # A page on the screen; a file gets everything.
        limit = None if show_all or output is not None else LIST_PAGE
        if saved_unit and output is None:
            sys.stdout.write(
                f"只列默认单位“{saved_unit}”的措施（ledger config 设置）；看全部加 --all-units\n"
            )
        _print_table(
            lambda console, value: print_listing(console, value, limit),
            listing,
            output,
            session.root(),
        )
