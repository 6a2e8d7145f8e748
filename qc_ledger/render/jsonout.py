"""JSON rendering: UTF-8 text, Chinese kept as is, dates in ISO 8601. Standard library only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from .safe import UNSAFE


def _plain(value: object) -> object:
    """Report values as JSON data, walked once (dataclasses.asdict would deep-copy every leaf)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):  # a record (the rules in force), without importing pydantic
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value: object) -> str:
    """Serialise report values as indented JSON with a final newline.

    Chinese stays as it is; characters that could act on a terminal (DEL, C1 controls, bidi marks),
    which JSON would leave raw, are written as \\u escapes: the same value, safe to print.
    """
    text = json.dumps(_plain(value), ensure_ascii=False, indent=2) + "\n"
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
