"""A workbook's zip package checked before any of its XML is parsed: sizes, ratios, dimensions.

An .xlsx file is a zip of XML parts; a small file can unpack to gigabytes or declare a million
rows. Everything here reads the zip directory and the first bytes of each sheet (standard library
only), so refusing a hostile file costs milliseconds. Never prints or exits.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from ..domain.office_models import WorkbookLimits
from ..errors import DataError

# The <dimension ref="A1:P40"/> element comes right after the sheet's properties.
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\""
)
_HEAD_BYTES = 4096
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_HINT = (
    "用 ledger export --format xlsx 重新导出一份，只在表中填写；不要粘贴大段内容或整列整行的格式"
)


def _refuse(path: Path, message: str) -> DataError:
    return DataError.single(f"{path.name} {message}，没有读取", path=path, hint=_HINT)


def column_number(letters: str) -> int:
    """The 1-based number of a column's letters (A → 1, XFD → 16384)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _dimension(archive: zipfile.ZipFile, name: str) -> tuple[int, int] | None:
    """The last row and column a sheet declares, read from its first bytes only."""
    with archive.open(name) as stream:
        head = stream.read(_HEAD_BYTES)
    found = _DIMENSION.search(head)
    if found is None:
        return None
    first_col, first_row, last_col, last_row = found.groups()
    column = (last_col or first_col or b"A").decode("ascii")
    row = last_row or first_row or b"1"
    return int(row), column_number(column)


def _attribute(tag: str, name: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else ""


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's title as the user sees it on the sheet's tab (both parts are small)."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        target = _attribute(tag, "Target").lstrip("/")
        targets[_attribute(tag, "Id")] = target if target.startswith("xl/") else f"xl/{target}"
    return {
        targets.get(_attribute(tag, r"r:id"), ""): _attribute(tag, "name")
        for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book)
    }


def check_package(path: Path, limits: WorkbookLimits) -> None:
    """Refuse a workbook too large to read safely, naming the limit it breaks."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise _refuse(path, f"有 {size:,} 字节，超过上限 {limits.file_bytes:,} 字节")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > limits.parts:
            raise _refuse(path, f"含 {len(members)} 个部件，超过上限 {limits.parts} 个")
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > limits.part_bytes:
                raise _refuse(
                    path,
                    f"的部件 {member.filename[:60]} 解压后有 {member.file_size:,} 字节，"
                    f"超过上限 {limits.part_bytes:,} 字节",
                )
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1_000_000 and ratio > limits.ratio:
                raise _refuse(
                    path,
                    f"的部件 {member.filename[:60]} 压缩比为 {ratio:.0f} 倍，超过上限 {limits.ratio} 倍"
                    "（像是压缩炸弹）",
                )
        if total > limits.unpacked_bytes:
            raise _refuse(
                path, f"解压后共有 {total:,} 字节，超过上限 {limits.unpacked_bytes:,} 字节"
            )
        sheets = [m.filename for m in members if _SHEET_PART.match(m.filename)]
        if len(sheets) > limits.sheets:
            raise _refuse(path, f"含 {len(sheets)} 张工作表，超过上限 {limits.sheets} 张")
        for name in sheets:
            declared = _dimension(archive, name)
            if declared is None:
                continue
            rows, columns = declared
            if rows <= limits.rows and columns <= limits.columns:
                continue
            where = "工作表“" + sheet_parts(archive).get(name, name.rsplit("/", 1)[-1])[:31] + "”"
            if rows > limits.rows:
                raise _refuse(path, f"的{where}声明有 {rows:,} 行，超过上限 {limits.rows:,} 行")
            if columns > limits.columns:
                raise _refuse(path, f"的{where}声明有 {columns:,} 列，超过上限 {limits.columns} 列")
