"""The responsibility list as an Excel/WPS workbook (openpyxl): styled, printable, safe to fill in.

A frozen styled header under a title row, widths that fit Chinese, real dates, a drop-down for the
status, overdue rows highlighted, rows as tall as their wrapped text, all columns across A4 landscape
at a readable size with the header repeated on every page, the notes wrapped to a page, every text
cell stored as text (never a formula), and a hidden base sheet with the values as exported and the
commit they came from, for `ledger import`.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from ..render.safe import visible
from ..vocabulary import STATUS_LABELS
from .layout import (
    ABOUT_SHEET,
    BASE_SHEET,
    COLUMNS,
    COMPARED,
    FIRST_ROW,
    HEADER_ROW,
    LINE_POINTS,
    TEXT_SIZE,
    comparable,
    fingerprint,
    letter,
    row_height,
    text_lines,
)

FONT = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
LIGHT_FILLS = {
    "red": PatternFill("solid", fgColor="FF9999"),
    "yellow": PatternFill("solid", fgColor="FFE699"),
    "blue": PatternFill("solid", fgColor="9DC3E6"),
    "green": PatternFill("solid", fgColor="C6E0B4"),
}
THIN = Side(style="thin", color="808080")
ABOUT_WIDTH = 80  # width units of the 说明 sheet's one column: A4 portrait within its margins
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class SheetPart:
    """One visible sheet: its name and its measures (values by column key, light, overdue)."""

    name: str
    rows: list[tuple[dict[str, object], str | None, bool]]


@dataclass(frozen=True)
class WorkbookMeta:
    """Where the workbook came from: printed on every sheet and kept in the hidden base."""

    title: str
    as_of: dt.date
    commit: str | None
    dirty: bool
    generator: str
    unit: str | None = None

    def provenance(self) -> str:
        """`统计日期 … · 导出自提交 abc1234 · qc-ledger 0.1.0`."""
        source = f"导出自提交 {self.commit[:7]}" if self.commit else "不在 git 仓库中"
        if self.commit and self.dirty:
            source += "（另有未提交的修改）"
        return f"统计日期 {self.as_of.isoformat()} · {source} · {self.generator}"


def _text(cell, value: str) -> None:
    """Store text as text: a value starting with = + - @ stays a string, never a formula."""
    cell.value = visible(value)
    cell.data_type = "s"


def _put(cell, value: object) -> None:
    if value is None:
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, int):
        cell.value = value
    else:
        _text(cell, str(value))


def _sheet(workbook: Workbook, part: SheetPart, meta: WorkbookMeta, first: bool) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = part.name
    last = letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    heading = meta.title + (f"（{meta.unit}）" if meta.unit else "") + "工作台账"
    _text(sheet["A1"], f"{heading}　{meta.provenance()}")
    sheet["A1"].font = Font(name=FONT, bold=True, size=14)
    sheet.row_dimensions[1].height = 28
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(HEADER_ROW, index)
        _text(cell, column.header)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF", size=TEXT_SIZE)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        sheet.column_dimensions[letter(index)].width = column.width
    status_column = next(i for i, c in enumerate(COLUMNS, 1) if c.key == "status")
    progress_column = next(i for i, c in enumerate(COLUMNS, 1) if c.key == "progress")
    heads = max(text_lines(c.header, c.width) for c in COLUMNS)
    # Hundreds of thousands of cells share a handful of styles: each is made once and copied, as
    # openpyxl would otherwise hash a new font and alignment for every cell.
    body_font = Font(name=FONT, size=TEXT_SIZE)
    wrapped = Alignment(vertical="top", wrap_text=True)
    unwrapped = Alignment(vertical="top", wrap_text=False)
    styles: dict[tuple, object] = {}
    sheet.row_dimensions[HEADER_ROW].height = heads * LINE_POINTS + 4
    for offset, (values, light, overdue) in enumerate(part.rows):
        row = FIRST_ROW + offset
        values = {**values, "number": offset + 1}
        sheet.row_dimensions[row].height = row_height(
            {key: comparable(value) for key, value in values.items()}
        )
        for index, column in enumerate(COLUMNS, 1):
            cell = sheet.cell(row, index)
            value = values.get(column.key)
            _put(cell, value)
            key = (index, overdue, light if column.key == "warning" else None, type(value))
            known = styles.get(key)
            if known is not None:
                cell._style = copy(known)
                continue
            cell.font = body_font
            cell.alignment = wrapped if column.wrap else unwrapped
            cell.border = BORDER
            if overdue:
                cell.fill = OVERDUE_FILL
            if column.key in ("progress", "expected_progress"):
                cell.number_format = '0"%"'
            if column.key == "warning" and light:
                cell.fill = LIGHT_FILLS[light]
            styles[key] = copy(cell._style)
    end = FIRST_ROW + max(len(part.rows), 1) - 1
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS.values()) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="状态",
        error="请从下拉列表中选择状态",
    )
    statuses.add(f"{letter(status_column)}{FIRST_ROW}:{letter(status_column)}{end}")
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        showErrorMessage=True,
        errorTitle="进度",
        error="进度填 0 到 100 的整数",
    )
    percent.add(f"{letter(progress_column)}{FIRST_ROW}:{letter(progress_column)}{end}")
    sheet.add_data_validation(statuses)
    sheet.add_data_validation(percent)
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{end}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, footer=0.3)
    sheet.print_area = f"A1:{last}{end}"
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.oddFooter.left.text = meta.provenance().replace("&", "&&")
    sheet.oddFooter.right.text = "第 &P 页，共 &N 页"


def _about(workbook: Workbook, meta: WorkbookMeta, count: int) -> None:
    sheet = workbook.create_sheet(ABOUT_SHEET)
    editable = "、".join(c.header for c in COLUMNS if c.role == "editable")
    lines = [
        meta.title + "工作台账",
        meta.provenance(),
        f"共 {count} 项措施。",
        "",
        f"填写：只改“{editable}”几列；进展情况写本次的最新进展。其他列由台账生成，改了也不会导入。",
        "状态从下拉列表中选择；进度填 0–100 的整数。不要增删行、不要改“编号”列。",
        "交回统筹办后，由统筹办运行 ledger import 文件名.xlsx 导入：只导入表中改过的内容，"
        "导出后台账中已被他人修改的项会列出，不会被覆盖。",
        f"“{BASE_SHEET}”是隐藏的导出底稿，导入时据此判断改了什么，请勿改动。",
    ]
    for row, line in enumerate(lines, 1):
        cell = sheet.cell(row, 1)
        _text(cell, line)
        cell.font = Font(name=FONT, size=TEXT_SIZE)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.row_dimensions[row].height = text_lines(line, ABOUT_WIDTH) * LINE_POINTS + 4
    sheet["A1"].font = Font(name=FONT, bold=True, size=14)
    sheet.row_dimensions[1].height = 24
    # One column as wide as A4 portrait prints at full size: the notes wrap to the page.
    sheet.column_dimensions["A"].width = ABOUT_WIDTH
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1  # and should a font run wider than estimated, shrink a little
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.7)


def _base(workbook: Workbook, meta: WorkbookMeta, parts: list[SheetPart]) -> None:
    sheet = workbook.create_sheet(BASE_SHEET)
    sheet.sheet_state = "hidden"
    base = [
        [comparable(values.get(column.key)) for column in COMPARED]
        for part in parts
        for values, _light, _overdue in part.rows
    ]
    as_of = meta.as_of.isoformat()
    header = [
        "qc-ledger-base",
        meta.commit or "",
        as_of,
        fingerprint(meta.commit, as_of, base, meta.unit or ""),
        meta.generator,
        meta.unit or "",  # the unit it was exported for: the import accepts only its measures
        "dirty" if meta.dirty else "clean",  # clean: the base is exactly the commit's data
    ]
    for index, value in enumerate(header, 1):
        _text(sheet.cell(1, index), value)
    for index, column in enumerate(COMPARED, 1):
        _text(sheet.cell(2, index), column.key)
    for row, values in enumerate(base, 3):
        for index, value in enumerate(values, 1):
            _text(sheet.cell(row, index), value)


def workbook_bytes(parts: list[SheetPart], meta: WorkbookMeta) -> bytes:
    """The whole workbook as the bytes of an .xlsx file."""
    import io

    workbook = Workbook()
    for index, part in enumerate(parts):
        _sheet(workbook, part, meta, first=index == 0)
    _about(workbook, meta, sum(len(part.rows) for part in parts))
    _base(workbook, meta, parts)
    workbook.properties.creator = meta.generator
    workbook.properties.title = meta.title
    workbook.properties.subject = meta.provenance()
    workbook.properties.keywords = f"qc-ledger commit={meta.commit or ''} as_of={meta.as_of}"
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except Exception as exc:
        # openpyxl stages each sheet in a temporary file: a full disk surfaces as OSError or as
        # lxml's SerialisationError (IO_ENOSPC, IO_EFBIG), which is not one.
        if not isinstance(exc, OSError) and type(exc).__name__ != "SerialisationError":
            raise
        raise _no_room(exc) from None
    return buffer.getvalue()


def _no_room(exc: Exception):
    """A workbook openpyxl could not stage in the temporary folder: why, and where to make room."""
    import tempfile

    from ..errors import UsageError

    return UsageError.single(
        f"无法生成工作簿：临时文件写不下（{exc}）；什么也没有写入",
        hint=f"清理磁盘空间（临时目录 {tempfile.gettempdir()}，可用 TMPDIR 另指）后重试",
    )
