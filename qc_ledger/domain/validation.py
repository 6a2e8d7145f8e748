"""Validation of plain data as records, and pydantic's errors translated into Chinese issues.

Imports pydantic only for its error type; what a record may contain is in models.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
import unicodedata
from typing import Annotated, NamedTuple

from pydantic import BaseModel, ValidationError

from ..vocabulary import FIELD_LABELS, FIELD_SYNONYMS, STATUS_LABELS, describe_value
from .models import MODEL_FOR_KIND, Measure, Record
from .supervision_models import NoteQuality

_LABEL_TO_FIELD: list[tuple[str, str]] = [
    *((label, field) for field, label in FIELD_LABELS.items()),
    *FIELD_SYNONYMS,
]


def validate_record(kind: str, data: object) -> tuple[Record | None, list[RecordIssue]]:
    """Validate plain data as a record of `kind`; return the record or the issues found."""
    model = MODEL_FOR_KIND[kind]
    if not isinstance(data, dict):
        fields = "、".join(name for name, info in model.model_fields.items() if info.is_required())
        return None, [
            RecordIssue(
                (),
                f"文件内容应为“字段名: 值”的映射，实际是{describe_value(data)}",
                f"参照同目录下的其他文件，逐项写出 {fields}",
                "not_a_mapping",
            )
        ]
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        return None, [_issue(model, error) for error in exc.errors(include_url=False)]
    issues = _rule_issues(record, data)
    return (None, issues) if issues else (record, [])


def _rule_issues(record: Record, data: dict) -> list[RecordIssue]:
    """What a well-formed record may still not hold: personal data, a state `update` would refuse."""
    from .measure_rules import state_findings
    from .privacy import describe, find_personal_data

    issues = []
    for item in find_personal_data(data):
        message, hint = describe(item)
        issues.append(RecordIssue(item.loc, message, hint, "personal_data"))
    for index, measure in enumerate(getattr(record, "measures", ())):
        for finding in state_findings(measure):
            loc = ("measures", index, *finding.loc)
            issues.append(RecordIssue(loc, finding.message, finding.hint, finding.code))
    return issues


def _is_percent(value: object) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"\s*\d{1,3}\s*[%％]\s*", value))


def _status_hint(got: object) -> str:
    """The statuses with their labels, and the one meant when it is near (by value or label)."""
    choices = "、".join(f"{value}（{label}）" for value, label in STATUS_LABELS.items())
    if not isinstance(got, str):
        return f"可选值：{choices}"
    text = got.strip()
    for value, label in STATUS_LABELS.items():
        if text == label:
            return f"状态在文件中用英文值：“{label}”请写作 {value}"
    by_value = difflib.get_close_matches(text.lower(), list(STATUS_LABELS), n=1, cutoff=0.6)
    labels = {label: value for value, label in STATUS_LABELS.items()}
    by_label = difflib.get_close_matches(text, list(labels), n=1, cutoff=0.5)
    meant = by_value[0] if by_value else labels[by_label[0]] if by_label else None
    if meant is not None:
        return f"是不是想写 {meant}（{STATUS_LABELS[meant]}）？可选值：{choices}"
    return f"可选值：{choices}"


class RecordIssue(NamedTuple):
    """One validation failure inside a record."""

    loc: tuple
    message: str
    hint: str | None
    code: str


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow a validation location through the model's fields to the model that holds its end."""
    current: object = model
    for step in loc:
        while True:
            origin = typing.get_origin(current)
            if origin in (list, typing.Union) or str(origin) == "types.UnionType":
                args = [a for a in typing.get_args(current) if a is not type(None)]
                current = args[0] if args else None
                continue
            if origin is Annotated:
                current = typing.get_args(current)[0]
                continue
            break
        if isinstance(step, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(step)
            if field is None:
                return current
            current = field.annotation
        else:
            return None
    return None


def _field_names(model: type[BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model is not None else []


def _unknown_field_hint(name: str, model: type[BaseModel], loc: tuple) -> str:
    """Name the field meant: by its Chinese label, its full-width spelling or the nearest spelling."""
    known = _field_names(_model_at(model, loc))
    meant = next(
        (field for label, field in _LABEL_TO_FIELD if label == name and field in known), None
    )
    if meant is not None:
        return f"字段名用英文：“{name}”请写作 {meant}"
    narrow = unicodedata.normalize("NFKC", name).strip().lower()
    if narrow != name and narrow in known:
        return f"字段名中有全角字符或大写字母，请用半角小写写作 {narrow}"
    near = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.5)
    if near:
        return f"是不是想写：{'、'.join(near)}？"
    return f"可用的字段：{'、'.join(known)}"


class _Failure(NamedTuple):
    """One pydantic error, unpacked: where, what kind, the field's name, the value and its context."""

    loc: tuple
    kind: str
    name: str
    got: object
    ctx: dict
    msg: str

    @classmethod
    def of(cls, error: dict) -> _Failure:
        loc = tuple(error["loc"])
        name = next((str(step) for step in reversed(loc) if isinstance(step, str)), "")
        context = error.get("ctx") or {}
        return cls(loc, error["type"], name, error.get("input"), context, error.get("msg", ""))


def _issue(model: type[BaseModel], error: dict) -> RecordIssue:
    """One pydantic error as a Chinese issue: what is wrong with the field and how to write it."""
    failure = _Failure.of(error)
    found = (
        _field_issue(model, failure)
        or _type_issue(failure)
        or _limit_issue(failure)
        or _value_issue(failure)
    )
    if found is not None:
        return found
    return RecordIssue(failure.loc, f"字段“{failure.name}”：{failure.msg}", None, "invalid")


def _field_issue(model: type[BaseModel], failure: _Failure) -> RecordIssue | None:
    """A field that should not be there, one that is missing, or a value not among the choices."""
    loc, kind, name, got = failure.loc, failure.kind, failure.name, failure.got
    if kind == "extra_forbidden":
        return RecordIssue(
            loc, f"未知字段“{name}”", _unknown_field_hint(name, model, loc), "unknown_field"
        )
    if kind == "missing":
        return RecordIssue(
            loc, f"缺少必填字段“{name}”", f"请补上“{name}: …”这一行", "missing_field"
        )
    if kind == "literal_error":
        expected = failure.ctx.get("expected", "")
        hint = f"可选值：{expected.replace(' or ', ', ').replace(', ', '、')}".replace("'", "")
        if name == "status":
            hint = _status_hint(got)
        return RecordIssue(loc, f"字段“{name}”的值{describe_value(got)}无效", hint, "bad_value")
    return None


def _type_issue(failure: _Failure) -> RecordIssue | None:
    """A value of the wrong type: nothing written, text for a number, a number for text, …"""
    loc, kind, name, got = failure.loc, failure.kind, failure.name, failure.got
    if got is None and kind.endswith("_type") and kind not in ("list_type", "tuple_type"):
        return RecordIssue(
            loc,
            f"字段“{name}”没有填写内容",
            f"请在“{name}:”后面填写内容"
            + (f"（{FIELD_LABELS[name]}）" if name in FIELD_LABELS else ""),
            "empty",
        )
    if kind in ("string_type", "str_type"):
        if isinstance(got, bool | int | float | dt.date):
            return RecordIssue(
                loc,
                f"字段“{name}”应为文字，未加引号的值被读成了{describe_value(got)}",
                "这里要的是文字：请给它加双引号",
                "needs_quotes",
            )
        return RecordIssue(
            loc,
            f"字段“{name}”应为文字，实际是{describe_value(got)}",
            "写成一段文字；含特殊字符时加双引号",
            "bad_type",
        )
    if kind in ("int_type", "int_parsing", "int_from_float") and _is_percent(got):
        digits = str(got).strip().rstrip("%％").strip()
        return RecordIssue(
            loc,
            f"字段“{name}”应为整数，实际是文字“{got}”",
            f"去掉百分号，写作 {name}: {digits}",
            "bad_type",
        )
    expected = _EXPECTED_TYPES.get(kind)
    if expected is None:
        return None
    wanted, hint = expected
    return RecordIssue(
        loc, f"字段“{name}”应为{wanted}，实际是{describe_value(got)}", hint, "bad_type"
    )


# For each pydantic type error: what the field should be, and how to write it.
_EXPECTED_TYPES = {
    **dict.fromkeys(
        ("int_type", "int_parsing", "int_from_float"), ("整数", "写成不带引号的整数，例如 40")
    ),
    **dict.fromkeys(("bool_type", "bool_parsing"), ("true 或 false", "写成 true 或 false")),
    **dict.fromkeys(
        ("list_type", "tuple_type"),
        ("列表", "写成每行一项、以“- ”开头的列表，或空列表 []"),
    ),
    **dict.fromkeys(
        ("model_type", "dict_type", "model_attributes_type"),
        ("“字段名: 值”的映射", "参照同目录下其他文件的写法"),
    ),
}


def _limit_issue(failure: _Failure) -> RecordIssue | None:
    """A value outside its limits: a number out of range, text empty or too long, a bad id."""
    loc, kind, name, got, ctx = failure.loc, failure.kind, failure.name, failure.got, failure.ctx
    if kind in ("greater_than_equal", "less_than_equal"):
        return RecordIssue(
            loc,
            f"字段“{name}”的值 {got} 超出范围",
            f"允许范围：{'不小于 ' + str(ctx['ge']) if 'ge' in ctx else '不大于 ' + str(ctx.get('le'))}"
            + ("（进度为 0–100 的整数）" if name == "progress" else ""),
            "out_of_range",
        )
    if kind == "string_too_short":
        return RecordIssue(loc, f"字段“{name}”不能为空", "请填写内容，或删除这一行", "empty")
    if kind == "string_too_long":
        return RecordIssue(
            loc, f"字段“{name}”过长", f"不超过 {ctx.get('max_length')} 个字符", "too_long"
        )
    if kind == "string_pattern_mismatch":
        return RecordIssue(
            loc,
            f"编号“{got}”格式不对",
            "编号只用小写英文字母、数字和连字符，例如 g1-t2-m3",
            "bad_id",
        )
    if kind == "too_short" and name == "measures":
        return RecordIssue(loc, "任务至少要有一项措施", "在 measures 下添加措施", "empty")
    return None


def _value_issue(failure: _Failure) -> RecordIssue | None:
    """A value a field's own check refused (a date that does not exist, an invisible character)."""
    if failure.kind != "value_error":
        return None
    name = failure.name
    message = str(failure.ctx.get("error") or failure.msg)
    if "看不见的字符" in message:
        hint = "删除这个字符（多半是复制粘贴时带进来的）"
    elif "换行" in message:
        hint = "名称写在一行内"
    else:
        corrected = re.search(r"请改为 (\d{4}-\d{2}-\d{2})", message)
        if corrected:
            hint = f"写作 {name}: {corrected.group(1)}（日期一律写作 YYYY-MM-DD）"
        else:
            hint = "日期写作 YYYY-MM-DD，例如 2025-12-31" if "日期" in message else None
    return RecordIssue(failure.loc, f"字段“{name}”：{message}", hint, "bad_value")


def quality_of(data: object) -> NoteQuality:
    """The note_quality rules from plain data (a base branch's rules.yaml); the defaults if invalid."""
    try:
        return NoteQuality.model_validate(data or {})
    except ValidationError:
        return NoteQuality()


def measure_of(data: object) -> Measure | None:
    """A measure from plain data (a branch's file), or None when it does not validate."""
    try:
        return Measure.model_validate(data)
    except ValidationError:
        return None
