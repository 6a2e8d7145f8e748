"""The standard spreadsheet layout (责任清单) shared by the xlsx export and the import: one table model.

Each column names the value it holds, whether a unit may change it in the sheet, and its width;
rows get the height their wrapped text needs. Standard library only; pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..vocabulary import LIGHT_WORDS, SOURCE_KIND, SOURCE_KIND_LABELS

# stored: a value of the ledger a unit must not change in the sheet; editable: one it may;
# derived: computed for the reader (序号, 序时进度, 预警), ignored on import.
Role = Literal["stored", "editable", "derived"]


@dataclass(frozen=True)
class Column:
    """One column of the sheet."""

    key: str
    header: str
    role: Role
    width: int  # in spreadsheet width units (a digit of the default font; a CJK character is about two)
    wrap: bool = False


# Widths chosen so that all nineteen columns print across A4 landscape at about 75 % (12 pt text
# prints at about 9 pt): the long texts wrap over several lines and rows grow to hold them.
COLUMNS = (
    Column("number", "序号", "derived", 4),
    Column("id", "编号", "stored", 10),
    Column("group", "工作组", "stored", 7, wrap=True),
    Column("task", "改革任务", "stored", 11, wrap=True),
    Column("text", "具体措施", "stored", 23, wrap=True),
    Column("lead_unit", "牵头单位", "stored", 9, wrap=True),
    Column("cooperating_units", "配合单位", "stored", 9, wrap=True),
    Column("responsible_leader", "责任领导", "editable", 7, wrap=True),
    Column("responsible_person", "责任人", "editable", 7, wrap=True),
    Column("deadline", "完成时限", "stored", 11),
    Column("deliverable", "成果形式", "editable", 9, wrap=True),
    Column("progress", "进度", "editable", 6),
    Column("expected_progress", "序时进度", "derived", 6),
    Column("note", "进展情况", "editable", 18, wrap=True),
    Column("status", "状态", "editable", 6),
    Column("warning", "预警", "derived", 7, wrap=True),
    # Last, so the letters of the columns before it stay as they were: 方案措施, or 领导批示….
    Column("source", SOURCE_KIND, "derived", 6, wrap=True),
    # Later still: 存在问题 and 下步计划 of the newest entry, which a unit may fill in.
    Column("problems", "存在问题", "editable", 9, wrap=True),
    Column("next_steps", "下步计划", "editable", 9, wrap=True),
)
BY_KEY = {column.key: column for column in COLUMNS}
BY_HEADER = {column.header: column for column in COLUMNS}
# Columns the import compares with the exported base (derived ones are for reading only).
COMPARED = tuple(column for column in COLUMNS if column.role != "derived")
# Columns added after workbooks were first exported: an older workbook's base lacks them.
LATER = ("problems", "next_steps")


def base_keys_known(keys: list[str]) -> bool:
    """The base sheet's column keys are this layout's, or an older layout's without LATER."""
    now = [column.key for column in COMPARED]
    return keys in (now, [key for key in now if key not in LATER])


SHEET_NAME = "台账"
BASE_SHEET = "底稿"  # hidden: the values as exported, for the three-way comparison
ABOUT_SHEET = "说明"
HEADER_ROW = 2  # row 1 is the title
FIRST_ROW = HEADER_ROW + 1


# The cells' text size (小四): the sheet prints at about 75 % to fit A4 landscape, about 9 pt on paper.
TEXT_SIZE = 12
# Line height of that text, in points, and a cell's inner padding in width units.
LINE_POINTS = 16
PADDING_UNITS = 1


class _Widths(dict):
    """Each character's width in units, looked up once per distinct character (a province's notes
    hold a few thousand distinct characters among hundreds of millions)."""

    def __missing__(self, char: str) -> float:
        import unicodedata

        # Width units are a digit of the default 11 pt font: a CJK character of 12 pt is 1.8
        # (LibreOffice) to 2.3 (Excel) of them.
        width = self[char] = 2.1 if unicodedata.east_asian_width(char) in "WF" else 1.1
        return width


_WIDTHS = _Widths()


def text_lines(text: str, width: int) -> int:
    """Lines a wrapped cell of `width` units needs for `text` (a CJK character takes about two)."""
    import math

    room = max(width - PADDING_UNITS, 1)
    lines = 0
    for paragraph in text.split("\n"):
        used = sum(map(_WIDTHS.__getitem__, paragraph))
        lines += max(1, math.ceil(used / room))
    return lines


def letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column number (1 → A, 27 → AA)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def row_values(row, expected: int | None = None) -> dict[str, object]:
    """A listed measure (a MeasureRow) as the sheet's values by column key; `expected` is its
    序时进度 when the caller has it (else read from the measure's full record)."""
    warning = [LIGHT_WORDS[row.light] + "灯"] if row.light else []
    warning += row.flags()
    return {
        "id": row.id,
        "group": row.group_short_name,
        "source": SOURCE_KIND_LABELS[row.kind],
        "task": row.task_title,
        "text": row.text,
        "lead_unit": row.lead_unit,
        "cooperating_units": "、".join(row.cooperating_units),
        "responsible_leader": row.responsible_leader,
        "responsible_person": row.responsible_person,
        "deadline": row.deadline,
        "deliverable": row.deliverable,
        "progress": row.progress,
        "expected_progress": row.record["expected_progress"] if expected is None else expected,
        "note": row.last_note,
        "problems": row.last_problems,
        "next_steps": row.last_next_steps,
        "status": row.status_label,
        "warning": "，".join(word for word in warning if word),
    }


def comparable(value: object) -> str:
    """A cell's value as the import compares it: text stripped, dates ISO, numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def shortened(text: str, limit: int = 40) -> str:
    """A cell's text as messages quote it: long values cut, with their length, one line."""
    text = " ".join(str(text).split()) if "\n" in str(text) else str(text)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}…（共 {len(text):,} 字）"


def fingerprint(commit: str | None, as_of: str, base: list[list[str]], unit: str = "") -> str:
    """A checksum of the exported base, so a hand-edited or mixed-up base sheet is noticed."""
    import hashlib
    import json

    # The unit joined the checksum later: workbooks exported for all measures keep their checksum.
    fields = [commit, as_of, base, *([unit] if unit else [])]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Fingerprint:
    """`fingerprint` made as the base is written, a batch of rows at a time: none need be held."""

    def __init__(self, commit: str | None, as_of: str) -> None:
        import hashlib

        self._hash = hashlib.sha256()
        self._rows = 0
        # The JSON text of [commit, as_of, [rows...], unit?], fed in pieces.
        self._hash.update(_json([commit, as_of])[:-1].encode("utf-8") + b",[")

    def add(self, rows: list[list[str]]) -> None:
        """Rows of the base, in order (a batch: one JSON call for many rows)."""
        if rows:
            self.add_text(self.text(rows), len(rows))

    @staticmethod
    def text(rows: list[list[str]]) -> bytes:
        """What `add` hashes of rows, to hash later with `add_text` (in another process)."""
        return _json(rows)[1:-1].encode("utf-8")

    def add_text(self, text: bytes, count: int) -> None:
        """`count` rows of the base, in order, as `text` gives them."""
        if count:
            self._hash.update((b"," if self._rows else b"") + text)
            self._rows += count

    def hexdigest(self, unit: str = "") -> str:
        """The checksum of every row added, as `fingerprint` gives for them."""
        self._hash.update(b"]" + (f",{_json(unit)}".encode() if unit else b"") + b"]")
        return self._hash.hexdigest()


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
