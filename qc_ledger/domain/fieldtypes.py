"""The value types of record fields: dates, ids, one-line names, visible text, percentages.

Imports pydantic only; each type's check says in Chinese what is wrong (validation places it).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ..vocabulary import describe_value


def _iso_date(value: object) -> object:
    """Accept a calendar date or its ISO text (YYYY-MM-DD); reject timestamps and numbers."""
    if isinstance(value, dt.datetime):
        raise ValueError("应为日期（YYYY-MM-DD），不要带时间")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"“{text}”不是存在的日期") from None
            if text != value:
                # Refused, not stripped: records restored from the cache read the text as written.
                raise ValueError(f"日期前后有空格：“{value}”应写作 {text}")
            return day
        raise ValueError(f"“{text}”不是 YYYY-MM-DD 格式的日期{_corrected(text)}")
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if len(digits) == 8:
            raise ValueError(
                f"应为日期，实际是数字 {value}；写作 {digits[:4]}-{digits[4:6]}-{digits[6:]}"
            )
        raise ValueError(f"应为日期（YYYY-MM-DD），实际是数字 {value}")
    raise ValueError(f"应为日期（YYYY-MM-DD），实际是{describe_value(value)}")


def _corrected(text: str) -> str:
    """`（请改为 2024-07-15）` for a date written another common way, else nothing."""
    import re
    import unicodedata

    found = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?",
        unicodedata.normalize("NFKC", text),
    )
    try:
        day = dt.date(*(int(part) for part in found.groups())) if found else None
    except ValueError:
        day = None
    return f"（请改为 {day.isoformat()}）" if day else ""


def _visible(value: str) -> str:
    """Refuse characters nobody can see or that break a line where none shows (tab and newline pass)."""
    from .invisible import find_invisible

    if "\r" in value:
        raise ValueError("含有看不见的字符 U+000D（回车符）")
    found = find_invisible(value)
    if found is not None:
        index, name = found
        around = value[max(0, index - 6) : index].replace("\n", " ")
        where = f"“{around}”之后" if around else "开头"
        raise ValueError(f"第 {index + 1} 个字符处（{where}）有看不见的字符 {name}，请删除")
    return value


def _one_line(value: str) -> str:
    """A name is one line."""
    if "\n" in value:
        raise ValueError("名称不能换行")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(_visible)]
Name = Annotated[
    str, Field(min_length=1, max_length=200), AfterValidator(_visible), AfterValidator(_one_line)
]
Percent = Annotated[int, Field(ge=0, le=100)]


class Record(BaseModel):
    """Base of every record: unknown keys and silent type coercion are errors."""

    # defer_build: a command builds only the validators of the records it meets.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
