"""Reading a workbook a unit filled in (openpyxl): its visible sheets' rows and its hidden base.

Only values are read (no formulas are evaluated, no macros exist in .xlsx); every failure to read
becomes one DataError naming the file. Never prints or exits.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from .layout import BASE_SHEET, BY_HEADER, COMPARED

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


def _open(path: Path):
    from openpyxl import load_workbook

    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".csv", ".ods"):
        raise _refuse(
            path,
            f"{path.name} 不是 .xlsx 工作簿",
            "在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再导入",
        )
    try:
        return load_workbook(path, data_only=False, read_only=False)
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


def _header(sheet) -> tuple[int, dict[str, int]] | None:
    for row in range(1, HEADER_SCAN + 1):
        found = {}
        for index in range(1, sheet.max_column + 1):
            value = sheet.cell(row, index).value
            column = BY_HEADER.get(str(value).strip()) if isinstance(value, str) else None
            if column is not None and column.key not in found:
                found[column.key] = index
        if "id" in found:
            return row, found
    return None


def _rows(sheet, header_row: int, columns: dict[str, int]) -> list[tuple[int, dict[str, Cell]]]:
    rows = []
    for number in range(header_row + 1, sheet.max_row + 1):
        cells = {}
        for key, index in columns.items():
            cell = sheet.cell(number, index)
            value = cell.value
            formula = cell.data_type == "f"
            cells[key] = Cell(value, cell.number_format or "General", formula)
        if all(c.value in (None, "") for c in cells.values()):
            continue
        rows.append((number, cells))
    return rows


def read_workbook(path: Path) -> ReadWorkbook:
    """Read every visible sheet in the export's layout, and the hidden base sheet."""
    workbook = _open(path)
    if BASE_SHEET not in workbook.sheetnames:
        raise _refuse(
            path,
            f"{path.name} 中没有隐藏的“{BASE_SHEET}”工作表：它不是用 ledger export 导出的，或底稿被删除了",
            "用 ledger export --format xlsx -o 文件名.xlsx 重新导出一份，把改动填到新表中",
        )
    base_sheet = workbook[BASE_SHEET]
    grid = [
        ["" if value is None else str(value) for value in row]
        for row in base_sheet.iter_rows(values_only=True)
    ]
    head = grid[0] if grid else []
    keys = grid[1] if len(grid) > 1 else []
    width = len(COMPARED)
    base = [(row + [""] * width)[:width] for row in grid[2:] if any(row)]
    sheets, others = [], []
    for sheet in workbook.worksheets:
        if sheet.title == BASE_SHEET or sheet.sheet_state != "visible":
            continue
        found = _header(sheet)
        if found is None:
            others.append(sheet.title)
            continue
        header_row, columns = found
        sheets.append(
            ReadSheet(sheet.title, header_row, columns, _rows(sheet, header_row, columns))
        )
    return ReadWorkbook(path, head, base, keys, sheets, others)
