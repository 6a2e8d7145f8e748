"""Annex tables (序号 · 任务 · 措施 · 牵头单位 · 配合单位 · 完成时限), in text or in Word.

Columns are found by their headers; a blank task cell continues the task above (Word's merged
cells repeat their text, so they need no guess); a row with one filled cell is a section, taken as
a group.
"""

from __future__ import annotations

from .assignments import Assignment, split_units
from .common import bare
from .lines import Line
from .numbering import split_number
from .outline import GroupItem, Inference, MeasureItem, Outline, TaskItem

_COLUMNS = (
    ("seq", ("序号", "编号")),
    ("group", ("工作组", "领域", "类别", "板块")),
    ("measure", ("措施", "内容", "工作要求", "具体工作")),
    ("task", ("任务", "事项", "项目")),
    ("lead", ("牵头",)),
    ("cooperating", ("配合", "参与", "协办")),
    ("responsible", ("责任",)),
    ("deadline", ("时限", "时间", "节点")),
)


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for kind, words in _COLUMNS:
            if kind not in found and any(word in cell for word in words):
                found[kind] = index
                break
    return found


def task_tables(lines: list[Line]) -> dict[int, dict[str, int]]:
    """The tables that list tasks (a measure or task column and a unit column), with their columns."""
    found = {}
    for line in lines:
        if line.cells and line.table not in found:
            columns = _columns(line.cells)
            units = {"lead", "responsible"} & columns.keys()
            if units and ({"measure", "task"} & columns.keys()):
                found[line.table] = columns
            else:
                found[line.table] = {}
    return {table: columns for table, columns in found.items() if columns}


def read_tables(lines: list[Line], outline: Outline) -> set[int]:
    """Fill the outline's groups from task tables; return the table numbers read."""
    tables = task_tables(lines)
    for table, columns in tables.items():
        rows = [line for line in lines if line.table == table]
        before = [line for line in lines[: lines.index(rows[0])] if not line.cells]
        caption = bare(split_number(before[-1].text).rest) if before else "附件表格"
        outline.consumed.append((rows[0].where, rows[0].text))
        group: GroupItem | None = None
        task: TaskItem | None = None
        for row in rows[1:]:
            cells = row.cells
            filled = {cell for cell in cells if cell}
            if len(filled) == 1 and len(cells) > 1:
                name = bare(split_number(filled.pop()).rest)
                group = GroupItem(name, row.where)
                outline.groups.append(group)
                outline.consumed.append((row.where, row.text))
                task = None
                continue
            if group is None or (
                "group" in columns and cells[columns["group"]] not in ("", group.name)
            ):
                name = (
                    cells[columns["group"]]
                    if "group" in columns and cells[columns["group"]]
                    else caption
                )
                group = GroupItem(name, row.where)
                if "group" not in columns:
                    group.inferences.append(
                        Inference(row.where, f"表格没有分组：以表前的“{caption}”作工作组")
                    )
                outline.groups.append(group)
                task = None
            task = _row_task(row, columns, group, task)
            text = cells[columns["measure"]] if "measure" in columns else cells[columns["task"]]
            assignment = Assignment(
                lead=split_units(_cell(cells, columns, "lead")),
                cooperating=split_units(_cell(cells, columns, "cooperating")),
                responsible=split_units(_cell(cells, columns, "responsible")),
                deadline=_cell(cells, columns, "deadline") or None,
                raw=row.text,
            )
            task.measures.append(MeasureItem(text, row.where, assignment))
    return set(tables)


def _cell(cells: tuple[str, ...], columns: dict[str, int], kind: str) -> str:
    index = columns.get(kind)
    return cells[index] if index is not None and index < len(cells) else ""


def _row_task(
    row: Line, columns: dict[str, int], group: GroupItem, task: TaskItem | None
) -> TaskItem:
    title = _cell(row.cells, columns, "task") if "measure" in columns else ""
    if title and (task is None or task.title != title):
        task = TaskItem(title, row.where)
        group.tasks.append(task)
    elif task is None:
        task = TaskItem(group.name, row.where)
        reason = "表格没有任务列：以工作组名称作任务标题" if not title else ""
        task.inferences.append(Inference(row.where, reason or "任务格空白：以工作组名称作任务标题"))
        group.tasks.append(task)
    elif not title and "task" in columns:
        task.inferences.append(Inference(row.where, "任务格空白：归入上一行的任务"))
    return task
