"""Query commands: `list`, `show`, `unit`, `units`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import UsageError
from . import completion
from .base import _session, app, emit, guarded
from .formats import SHOW_FORMATS, FormatOption, OutputOption, _format, _print_table


@app.command("list")
@guarded
def list_(
    ctx: typer.Context,
    group: Annotated[
        str | None, typer.Option("--group", "-g", metavar="ID", help="工作组编号或简称，例如 g1。")
    ] = None,
    task: Annotated[
        str | None, typer.Option("--task", "-t", metavar="ID", help="任务编号，例如 g1-t2。")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", metavar="NAME", help="单位名称（别名也可）：该单位牵头或配合的措施。"
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
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期的措施。")] = False,
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
    """列出措施，可按工作组、任务、单位、状态、逾期、到期、责任人和文字筛选（条件同时满足）。

    例：ledger list --unit 区财政局 --overdue；ledger list -s 滞后 -f csv -o 滞后措施.csv
    """
    from ..domain.query import QueryOptions, build_query, parse_sort
    from ..reports.listing import build_listing

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
        overdue=overdue,
        due_within=due_within,
        person=person,
        search=search,
        sort=sort,
    )
    listing = build_listing(ledger, build_query(ledger, options), today)
    if chosen == "json":
        from ..render.jsonout import to_json

        data = {
            "as_of": today.isoformat(),
            "conditions": list(listing.conditions),
            "count": len(listing.rows),
            "measures": [row.record for row in listing.rows],
        }
        emit(to_json(data), output, session.root())
    elif chosen == "csv":
        from ..render.csvout import measures_csv

        emit(measures_csv(listing.rows), output, session.root())
    elif chosen == "md":
        from ..render.markdown import listing_md

        emit(listing_md(listing), output, session.root())
    else:
        from ..render.query_tables import LIST_PAGE, print_listing

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


@app.command()
@guarded
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="工作组、任务或措施的编号，例如 g1、g1-t2、g1-t2-m3。",
            autocompletion=completion.record_ids,
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="输出格式：table（默认）或 json。"),
    ] = None,
) -> None:
    """完整显示一个工作组、任务或措施，包括进展记录、完成时限调整和佐证材料。

    例：ledger show g1；ledger show g1-t1-m2 -f json
    """
    from ..reports.show import build_view

    chosen = _format(output_format, None, SHOW_FORMATS)
    session = _session(ctx)
    today = session.today()
    from ..store.source import line_of

    view = build_view(session.load(cached=True), record_id, today, line_of)
    if chosen == "json":
        from ..render.jsonout import to_json
        from ..reports.show import view_record

        emit(to_json(view_record(view)), None)
        return
    from ..render.query_tables import print_view

    _print_table(print_view, view, None)


@app.command()
@guarded
def unit(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="单位名称，别名也可；不写时用 ledger config set unit 保存的默认单位。",
            autocompletion=completion.unit_names,
        ),
    ] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """单位页：所在工作组、牵头和配合的措施、联系人，以及当前欠账（逾期、即将到期，天数见 data/rules.yaml）。

    例：ledger unit 区财政局；ledger config set unit 区财政局 之后直接 ledger unit
    """
    from ..reports.unit import build_unit_page

    chosen = _format(output_format, output)
    session = _session(ctx)
    name = name or session.saved("unit")
    if name is None:
        raise UsageError.single(
            "没有给出单位名称", hint="写作 ledger unit 区财政局；或先 ledger config set unit 本单位"
        )
    today = session.today()
    page = build_unit_page(session.load(cached=True), name, today)
    if chosen == "json":
        from ..render.jsonout import to_json
        from ..reports.unit import unit_page_record

        emit(to_json(unit_page_record(page)), output, session.root())
    elif chosen == "csv":
        from ..render.csvout import unit_csv

        emit(unit_csv(page), output, session.root())
    elif chosen == "md":
        from ..render.markdown import unit_md

        emit(unit_md(page), output, session.root())
    else:
        from ..render.query_tables import print_unit

        _print_table(print_unit, page, output, session.root())


@app.command()
@guarded
def units(
    ctx: typer.Context,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """单位名录：规范名称、类别、别名，以及所在工作组数、牵头和配合的措施数、逾期数。

    例：ledger units；ledger units -f md -o 单位名录.md
    """
    from ..reports.unit import build_units

    chosen = _format(output_format, output)
    session = _session(ctx)
    report = build_units(session.load(cached=True), session.today())
    if chosen == "json":
        from ..render.jsonout import to_json
        from ..reports.unit import units_record

        emit(to_json(units_record(report)), output, session.root())
    elif chosen == "csv":
        from ..render.csvout import units_csv

        emit(units_csv(report), output, session.root())
    elif chosen == "md":
        from ..render.markdown import units_md

        emit(units_md(report), output, session.root())
    else:
        from ..render.query_tables import print_units

        _print_table(print_units, report, output, session.root())
