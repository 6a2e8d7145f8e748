"""The responsibility list as an Excel/WPS workbook (openpyxl): styled, printable, safe to fill in.

A frozen styled header under a title row, widths that fit Chinese, real dates, a drop-down for the
status, overdue rows highlighted, rows as tall as their wrapped text, all columns across A4 landscape
at a readable size with the header repeated on every page, the notes wrapped to a page, every text
cell stored as text (never a formula), and a hidden base sheet with the values as exported and the
commit they came from, for `ledger import`.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from ..render.safe import visible
from ..vocabulary import STATUS_LABELS
from .later import LaterRows
from .layout import (
    ABOUT_SHEET,
    BASE_SHEET,
    COLUMNS,
    COMPARED,
    FIRST_ROW,
    HEADER_ROW,
    LINE_POINTS,
    TEXT_SIZE,
    Fingerprint,
    letter,
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
_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
# A province's sheets are hundreds of megabytes of XML: zlib's level 5 packs them within 2 % of the
# default level's size in two thirds of its time.
DEFLATE_LEVEL = 5


@dataclass(frozen=True)
class SheetPart:
    """One visible sheet: its name and its measures (values by column key, light, overdue)."""

    name: str
    rows: Iterable[tuple[dict[str, object], str | None, bool]]  # read once, as written


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


class _Styles:
    """Each body cell's style, registered in the workbook once (on a scratch sheet).

    Hundreds of thousands of cells share a handful of styles: `every` registers them all before
    the rows, in a fixed order, so that rows written in another process number theirs alike.
    """

    def __init__(self, workbook: Workbook, title: str) -> None:
        self.sheet = workbook.create_sheet(title)
        self.known: dict[tuple, int] = {}
        self.font = Font(name=FONT, size=TEXT_SIZE)
        self.wrapped = Alignment(vertical="top", wrap_text=True)
        self.unwrapped = Alignment(vertical="top", wrap_text=False)

    def every(self) -> None:
        """Register every style a body cell can have (its column, overdue, light, a date)."""
        for overdue in (False, True):
            for index, column in enumerate(COLUMNS, 1):
                for light in (None, *LIGHT_FILLS) if column.key == "warning" else (None,):
                    for dated in (False, True):
                        self(index, overdue, light, dated)

    def __call__(self, index: int, overdue: bool, light: str | None, dated: bool) -> int:
        column = COLUMNS[index - 1]
        key = (index, overdue, light if column.key == "warning" else None, dated)
        known = self.known.get(key)
        if known is not None:
            return known
        cell = self.sheet.cell(len(self.known) + 1, 1)
        if dated:
            cell.number_format = "yyyy-mm-dd"
        cell.font = self.font
        cell.alignment = self.wrapped if column.wrap else self.unwrapped
        cell.border = BORDER
        if overdue:
            cell.fill = OVERDUE_FILL
        if column.key in ("progress", "expected_progress"):
            cell.number_format = '0"%"'
        if column.key == "warning" and light:
            cell.fill = LIGHT_FILLS[light]
        known = self.known[key] = cell.style_id
        return known


def _heading(sheet, meta: WorkbookMeta) -> None:
    """The merged title row and the styled header, their styles registered in the order written."""
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
    heads = max(text_lines(c.header, c.width) for c in COLUMNS)
    sheet.row_dimensions[HEADER_ROW].height = heads * LINE_POINTS + 4
    for cell in (sheet["A1"], *sheet[HEADER_ROW]):
        cell.style_id  # noqa: B018 - registers the style now, ahead of the body's


def _setup(sheet, meta: WorkbookMeta, rows: int) -> None:
    """Validation, filter, frozen panes and print setup for a sheet of `rows` measures."""
    last = letter(len(COLUMNS))
    status_column = next(i for i, c in enumerate(COLUMNS, 1) if c.key == "status")
    progress_column = next(i for i, c in enumerate(COLUMNS, 1) if c.key == "progress")
    end = FIRST_ROW + max(rows, 1) - 1
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


def _base(workbook: Workbook, meta: WorkbookMeta, checksum: str) -> None:
    """The hidden base's two header rows (its body is written apart, see sheetxml.BaseBody)."""
    sheet = workbook.create_sheet(BASE_SHEET)
    sheet.sheet_state = "hidden"
    header = [
        "qc-ledger-base",
        meta.commit or "",
        meta.as_of.isoformat(),
        checksum,
        meta.generator,
        meta.unit or "",  # the unit it was exported for: the import accepts only its measures
        "dirty" if meta.dirty else "clean",  # clean: the base is exactly the commit's data
    ]
    for index, value in enumerate(header, 1):
        _text(sheet.cell(1, index), value)
    for index, column in enumerate(COMPARED, 1):
        _text(sheet.cell(2, index), column.key)


def _spare_title(parts: list[SheetPart]) -> str:
    """A sheet title no part has, for the scratch sheet the styles are registered on."""
    title = "样式"
    while title in {part.name for part in parts} | {ABOUT_SHEET, BASE_SHEET}:
        title += "_"
    return title


def workbook_bytes(
    parts: list[SheetPart], meta: WorkbookMeta, later: LaterRows | None = None
) -> tuple[bytes, int]:
    """The whole workbook as the bytes of an .xlsx file, and how many measures it holds.

    openpyxl makes everything but the rows: the rows are written as XML, deflated on a second thread
    to temporary files as the parts give them (see sheetxml.py, deflate.py), and spliced into
    openpyxl's package (see splice.py). `later`: the rows after the one part's, written in a forked
    process meanwhile where one can be had (see later.py).
    """
    import tempfile
    from contextlib import ExitStack

    from .deflate import Deflated
    from .later import Later
    from .sheetxml import BaseBody, SheetBody
    from .splice import Body, spliced

    if later is not None and len(parts) != 1:
        raise ValueError("later rows follow a workbook's one sheet")

    def deflated() -> Deflated:
        scratch = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 - closed by files
        stream = Deflated(scratch, DEFLATE_LEVEL)
        files.callback(stream.stop)  # should the rows fail, the thread ends before its file
        return stream

    try:
        with ExitStack() as files:
            workbook = Workbook()
            styles = _Styles(workbook, _spare_title(parts))
            styles.every()
            # Forked before this process starts threads of its own (those deflating its rows).
            rest = (
                None if later is None else files.enter_context(Later(later, styles, DEFLATE_LEVEL))
            )
            checksum = Fingerprint(meta.commit, meta.as_of.isoformat())
            base = BaseBody(deflated(), checksum)
            bodies: dict[str, Body] = {}
            shared: tuple = ()  # the later rows' stretches of the sheet and of the base
            count = 0
            for index, part in enumerate(parts):
                sheet = workbook.active if index == 0 else workbook.create_sheet()
                sheet.title = part.name
                _heading(sheet, meta)
                body = SheetBody(styles, deflated(), base)
                body.write(part.rows)
                shared = () if rest is None else rest.join(body, base, checksum)
                body.out.close()
                rows = body.rows
                bodies[part.name] = Body((body.out, *shared[:1]), FIRST_ROW + rows - 1)
                _setup(sheet, meta, rows)
                count += rows
            workbook.remove(styles.sheet)
            _about(workbook, meta, count)
            _base(workbook, meta, checksum.hexdigest(meta.unit or ""))
            base.out.close()
            bodies[BASE_SHEET] = Body((base.out, *shared[1:]), BaseBody.FIRST + base.rows - 1)
            workbook.properties.creator = meta.generator
            workbook.properties.title = meta.title
            workbook.properties.subject = meta.provenance()
            workbook.properties.keywords = (
                f"qc-ledger commit={meta.commit or ''} as_of={meta.as_of}"
            )
            skeleton = io.BytesIO()
            workbook.save(skeleton)
            data = spliced(skeleton.getvalue(), bodies, DEFLATE_LEVEL)
    except Exception as exc:
        # openpyxl and the row files stage in the temporary folder: a full disk surfaces as OSError
        # or as lxml's SerialisationError (IO_ENOSPC, IO_EFBIG), which is not one. Other errors of
        # the system (reading the ledger as the rows are made) are not a full disk.
        if isinstance(exc, OSError) and exc.errno not in _FULL:
            raise
        if not isinstance(exc, OSError) and type(exc).__name__ != "SerialisationError":
            raise
        raise _no_room(exc) from None
    return data, count


def _no_room(exc: Exception):
    """A workbook openpyxl could not stage in the temporary folder: why, and where to make room."""
    import tempfile

    from ..errors import UsageError

    return UsageError.single(
        f"无法生成工作簿：临时文件写不下（{exc}）；什么也没有写入",
        hint=f"清理磁盘空间（临时目录 {tempfile.gettempdir()}，可用 TMPDIR 另指）后重试",
    )
