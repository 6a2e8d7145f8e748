"""Reading a workbook a unit filled in (openpyxl): its visible sheets' rows and its hidden base.

Only values are read (no formulas are evaluated, no macros exist in .xlsx); the package is checked
against the limits first, then streamed (read-only mode) no further than the row and column limits.
Every failure to read becomes one DataError naming the file. Never prints or exits.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.office_models import WorkbookLimits
from ..errors import DataError
from .layout import BASE_SHEET, BY_HEADER, COMPARED, letter
from .package import check_package

HEADER_SCAN = 6  # the header row is looked for in the first rows (a unit may add a title line)


@dataclass(frozen=True)
class Cell:
    """A cell's value as stored, and the number format that tells a percentage from a number."""

    value: object
    number_format: str = "General"
    formula: bool = False


@dataclass
class ReadSheet:
    """A visible sheet in the export's layout: where each column is, and each data row."""

    name: str
    header_row: int
    columns: dict[str, int]  # column key → 1-based column number
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)


@dataclass
class ReadWorkbook:
    """What the import needs from a workbook."""

    path: Path
    base_head: list[str]
    base: list[list[str]]  # rows of comparable values, in COMPARED order
    base_keys: list[str]
    sheets: list[ReadSheet]
    other_sheets: list[str]


def _refuse(path: Path, message: str, hint: str) -> DataError:
    return DataError.single(message, path=path, hint=hint)


def _open(path: Path, limits: WorkbookLimits):
    from openpyxl import load_workbook

    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".csv", ".ods"):
        raise _refuse(
            path,
            f"{path.name} 不是 .xlsx 工作簿",
            "在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再导入",
        )
    try:
        check_package(path, limits)
        return load_workbook(path, data_only=False, read_only=True)
    except DataError:
        raise
    except FileNotFoundError:
        raise _refuse(path, f"找不到文件 {path}", "检查文件名和所在目录") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        reason = type(exc).__name__ if not str(exc) else str(exc)[:80]
        raise _refuse(
            path,
            f"{path.name} 已损坏或不是 xlsx 工作簿，无法读取（{reason}）",
            "用 Excel 或 WPS 打开确认能正常显示，再“另存为”xlsx 后导入",
        ) from None
    except Exception as exc:  # openpyxl raises its own types for malformed parts
        raise _refuse(
            path,
            f"{path.name} 的内容无法解析（{type(exc).__name__}）",
            "用 Excel 或 WPS 打开后“另存为”xlsx 再导入；仍不行时重新导出一份填写",
        ) from None


def _header(cells: tuple) -> dict[str, int] | None:
    """The columns of the export's layout in a row, when the row has the “编号” header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells, 1):
        value = getattr(cell, "value", None)
        column = BY_HEADER.get(value.strip()) if isinstance(value, str) else None
        if column is not None and column.key not in found:
            found[column.key] = index
    return found if "id" in found else None


def _long(path: Path, sheet: str, row: int, column: int, length: int, limit: int) -> DataError:
    return _refuse(
        path,
        f"工作表“{sheet}”第 {row} 行 {letter(column)} 列有 {length:,} 个字，超过上限 {limit:,} 个字",
        "单元格只写简要的进展；长篇材料作为佐证材料另行报送",
    )


def _scan(path: Path, sheet, limits: WorkbookLimits) -> Iterator[tuple[int, tuple]]:
    """The sheet's rows, streamed no further than the row and column limits; long cells refused."""
    rows = sheet.iter_rows(min_row=1, max_row=limits.rows + 1, max_col=limits.columns)
    for number, cells in enumerate(rows, 1):
        if number > limits.rows:  # openpyxl yields a row past the limit only if the sheet has one
            raise _refuse(
                path,
                f"工作表“{sheet.title}”超过 {limits.rows:,} 行（上限由 data/rules.yaml 的 workbook.rows 规定）",
                "每张工作表只保留导出时的行；删去多余的行（含只有格式的行）后再导入",
            )
        for index, cell in enumerate(cells, 1):
            value = getattr(cell, "value", None)
            if isinstance(value, str) and len(value) > limits.cell_chars:
                raise _long(path, sheet.title, number, index, len(value), limits.cell_chars)
        yield number, cells


def _row(cells: tuple, columns: dict[str, int]) -> dict[str, Cell] | None:
    """The layout's cells of a row (None when all are empty)."""
    row = {}
    for key, index in columns.items():
        cell = cells[index - 1] if index <= len(cells) else None
        value = getattr(cell, "value", None)
        formula = getattr(cell, "data_type", None) == "f"
        row[key] = Cell(value, getattr(cell, "number_format", None) or "General", formula)
    if all(c.value in (None, "") for c in row.values()):
        return None
    return row


def _sheet(path: Path, sheet, limits: WorkbookLimits) -> ReadSheet | None:
    """A visible sheet in the export's layout (its header in the first rows), or None."""
    scan = _scan(path, sheet, limits)
    try:
        for number, cells in scan:
            columns = _header(cells)
            if columns is not None:
                break
            if number >= HEADER_SCAN:
                return None
        else:
            return None
        found = ReadSheet(sheet.title, number, columns)
        for row_number, cells in scan:
            row = _row(cells, columns)
            if row is not None:
                found.rows.append((row_number, row))
        return found
    finally:
        scan.close()


def read_workbook(path: Path, limits: WorkbookLimits | None = None) -> ReadWorkbook:
    """Read every visible sheet in the export's layout, and the hidden base sheet."""
    limits = limits or WorkbookLimits()
    workbook = _open(path, limits)
    try:
        return _read(path, workbook, limits)
    finally:
        workbook.close()


def _read(path: Path, workbook, limits: WorkbookLimits) -> ReadWorkbook:
    if BASE_SHEET not in workbook.sheetnames:
        raise _refuse(
            path,
            f"{path.name} 中没有隐藏的“{BASE_SHEET}”工作表：它不是用 ledger export 导出的，或底稿被删除了",
            "用 ledger export --format xlsx -o 文件名.xlsx 重新导出一份，把改动填到新表中",
        )
    grid = [
        ["" if getattr(cell, "value", None) is None else str(cell.value) for cell in row]
        for _number, row in _scan(path, workbook[BASE_SHEET], limits)
    ]
    head = grid[0] if grid else []
    keys = grid[1] if len(grid) > 1 else []
    # An older workbook's base has fewer columns: its rows keep their own width (and checksum).
    width = len([key for key in keys if key]) or len(COMPARED)
    base = [(row + [""] * width)[:width] for row in grid[2:] if any(row)]
    sheets, others = [], []
    for sheet in workbook.worksheets:
        if sheet.title == BASE_SHEET or sheet.sheet_state != "visible":
            continue
        found = _sheet(path, sheet, limits)
        if found is None:
            others.append(sheet.title)
        else:
            sheets.append(found)
    return ReadWorkbook(path, head, base, keys, sheets, others)
