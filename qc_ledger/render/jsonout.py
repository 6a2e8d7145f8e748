"""JSON rendering: UTF-8 text, Chinese kept as is, dates in ISO 8601. Standard library only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from .safe import UNSAFE


def _default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # One level at a time, as the encoder meets them: dataclasses.asdict would deep-copy
        # every value of a report first.
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):  # a record (the rules in force), without importing pydantic
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value: object) -> str:
    """Serialise report values as indented JSON with a final newline.

    Chinese stays as it is; characters that could act on a terminal (DEL, C1 controls, bidi marks),
    which JSON would leave raw, are written as \\u escapes: the same value, safe to print.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n"
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
