"""What a record may contain: pydantic models, statuses and their Chinese labels. No I/O.

Imports pydantic only. YAML field names are the JSON export's field names.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

STATUSES: tuple[str, ...] = ("not_started", "in_progress", "delayed", "done", "cancelled")
STATUS_LABELS: dict[str, str] = {
    "not_started": "未启动",
    "in_progress": "推进中",
    "delayed": "滞后",
    "done": "已完成",
    "cancelled": "已取消",
}
CLOSED_STATUSES = frozenset({"done", "cancelled"})
UNIT_KINDS: tuple[str, ...] = (
    "区委部门",
    "区直部门",
    "市直分局",
    "垂直管理单位",
    "人民团体",
    "议事协调机构",
    "街镇",
    "其他",
)

Status = Literal["not_started", "in_progress", "delayed", "done", "cancelled"]
UnitKind = Literal[
    "区委部门", "区直部门", "市直分局", "垂直管理单位", "人民团体", "议事协调机构", "街镇", "其他"
]


def status_value(text: str) -> str | None:
    """Return the stored status for a stored value or its Chinese label, or None if neither."""
    key = text.strip()
    if key in STATUS_LABELS:
        return key
    return next((value for value, label in STATUS_LABELS.items() if label == key), None)


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
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"“{text}”不是存在的日期") from None
        raise ValueError(f"“{text}”不是 YYYY-MM-DD 格式的日期")
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if len(digits) == 8:
            raise ValueError(
                f"应为日期，实际是数字 {value}；写作 {digits[:4]}-{digits[4:6]}-{digits[6:]}"
            )
        raise ValueError(f"应为日期（YYYY-MM-DD），实际是数字 {value}")
    raise ValueError(f"应为日期（YYYY-MM-DD），实际是{describe_value(value)}")


def _visible(value: str) -> str:
    """Refuse characters nobody can see or that break a line where none shows (tab and newline pass)."""
    from .textcheck import find_invisible

    if "\r" in value:
        raise ValueError("含有看不见的字符 U+000D（回车符）")
    found = find_invisible(value)
    if found is not None:
        raise ValueError(f"含有看不见的字符 {found[1]}")
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

    # defer_build: records unpickled from the cache never pay for building validators they don't use.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Person(Record):
    """A named person and the post they hold."""

    name: Name
    title: Name


class Period(Record):
    """The plan's period, both ends inclusive."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("结束日期早于开始日期")
        return self


class Milestone(Record):
    """A dated requirement of the plan; `inferred` marks a date whose year the plan does not print."""

    id: Id
    title: Text
    date: IsoDate
    date_as_written: Text
    inferred: bool = False
    reasoning: Text | None = None


class LeadingGroup(Record):
    """The leading group (领导小组)."""

    name: Name
    head: Person
    executive_deputy: Person
    deputies: Text
    members: Text


class CoordinationOffice(Record):
    """The coordination office (统筹办) and the unit hosting it."""

    name: Name
    short_name: Name
    director: Person
    host_unit: Name


class Plan(Record):
    """The implementation plan (实施方案): data/plan.yaml."""

    title: Name
    document_status: Name | None = None
    basis: Text | None = None
    period: Period
    experiment_tasks: list[Text]
    goals: list[Text]
    leading_group: LeadingGroup
    coordination_office: CoordinationOffice
    milestones: list[Milestone] = []


class Contact(Record):
    """A unit's contact person (联系人)."""

    name: Name | None = None
    phone: Name | None = None


class Unit(Record):
    """A unit in the registry: one canonical name and the other spellings in use."""

    name: Name
    kind: UnitKind
    aliases: list[Name] = []
    note: Text | None = None
    contact: Contact | None = None


class UnitRegistry(Record):
    """The unit registry: data/units.yaml."""

    units: list[Unit]


class Group(Record):
    """A work group (工作组): data/groups/<id>.yaml."""

    id: Id
    name: Name
    short_name: Name
    leader: Person
    lead_unit: Name
    member_units: list[Name]


class ProgressEntry(Record):
    """One dated entry of a measure's progress log (进展情况)."""

    date: IsoDate
    author: Name | None = None
    note: Text
    status: Status | None = None
    progress: Percent | None = None


class DeadlineChange(Record):
    """A deadline moved, kept so that the original deadline is never lost."""

    date: IsoDate
    previous: IsoDate
    new: IsoDate
    reason: Text
    author: Name | None = None


class Measure(Record):
    """A measure (具体措施): the unit of responsibility and of tracking."""

    id: Id
    text: Text
    lead_unit: Name
    cooperating_units: list[Name] = []
    responsible_person: Name | None = None
    deadline: IsoDate
    deliverable: Text | None = None
    status: Status = "not_started"
    progress: Percent = 0
    progress_log: list[ProgressEntry] = []
    evidence: list[Text] = []
    deadline_history: list[DeadlineChange] = []
    beyond_period: bool = False

    @property
    def original_deadline(self) -> dt.date:
        """The deadline first set, before any extension."""
        return self.deadline_history[0].previous if self.deadline_history else self.deadline

    @property
    def last_report(self) -> dt.date | None:
        """The date of the latest progress entry, if any."""
        return max((entry.date for entry in self.progress_log), default=None)


class Task(Record):
    """A task (工作任务) with its measures: data/tasks/<id>.yaml."""

    id: Id
    group: Id
    title: Name
    measures: list[Measure] = Field(min_length=1)


# Chinese names of fields, as the plan and the README call them: messages use them, and a key written
# in Chinese is pointed to its field.
FIELD_LABELS: dict[str, str] = {
    "id": "编号",
    "text": "措施内容",
    "lead_unit": "牵头单位",
    "cooperating_units": "配合单位",
    "responsible_person": "责任人",
    "deadline": "完成时限",
    "deliverable": "成果形式",
    "status": "状态",
    "progress": "进度",
    "progress_log": "进展记录",
    "evidence": "佐证材料",
    "deadline_history": "完成时限调整",
    "beyond_period": "超出实施期",
    "group": "工作组",
    "title": "标题",
    "measures": "措施",
    "name": "名称",
    "short_name": "简称",
    "leader": "组长",
    "member_units": "成员单位",
    "date": "日期",
    "author": "填报人",
    "note": "进展情况",
    "kind": "类别",
    "aliases": "别名",
    "contact": "联系人",
    "phone": "电话",
    "reason": "理由",
}
_LABEL_TO_FIELD: list[tuple[str, str]] = [
    *((label, field) for field, label in FIELD_LABELS.items()),
    ("内容", "text"),
    ("措施", "text"),
    ("完成时间", "deadline"),
    ("时限", "deadline"),
    ("进展", "progress_log"),
    ("进展情况", "progress_log"),
    ("佐证", "evidence"),
    ("牵头", "lead_unit"),
    ("配合", "cooperating_units"),
    ("工作组", "group"),
    ("任务", "title"),
]

MODEL_FOR_KIND: dict[str, type[Record]] = {
    "plan": Plan,
    "units": UnitRegistry,
    "group": Group,
    "task": Task,
}


def validate_record(kind: str, data: object) -> tuple[Record | None, list[RecordIssue]]:
    """Validate plain data as a record of `kind`; return the record or the issues found."""
    from pydantic import ValidationError

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
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_issue(model, error) for error in exc.errors(include_url=False)]


class RecordIssue(NamedTuple):
    """One validation failure inside a record."""

    loc: tuple
    message: str
    hint: str | None
    code: str


def describe_value(value: object) -> str:
    """Name a parsed value for a message: its kind and, when short, the value itself."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value[:30]}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, dt.datetime):
        return f"日期时间 {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"日期 {value.isoformat()}"
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow a validation location through the model's fields to the model that holds its end."""
    import typing

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
    import difflib
    import unicodedata

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


def _issue(model: type[BaseModel], error: dict) -> RecordIssue:
    loc = tuple(error["loc"])
    kind = error["type"]
    name = next((str(step) for step in reversed(loc) if isinstance(step, str)), "")
    got = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return RecordIssue(
            loc, f"未知字段“{name}”", _unknown_field_hint(name, model, loc), "unknown_field"
        )
    if kind == "missing":
        return RecordIssue(
            loc, f"缺少必填字段“{name}”", f"请补上“{name}: …”这一行", "missing_field"
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        hint = f"可选值：{expected}"
        if name == "status" and isinstance(got, str):
            for value, label in STATUS_LABELS.items():
                if got.strip() == label:
                    hint = f"状态在文件中用英文值：“{label}”请写作 {value}"
        return RecordIssue(loc, f"字段“{name}”的值{describe_value(got)}无效", hint, "bad_value")
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
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return RecordIssue(
            loc,
            f"字段“{name}”应为整数，实际是{describe_value(got)}",
            "写成不带引号的整数，例如 40",
            "bad_type",
        )
    if kind in ("bool_type", "bool_parsing"):
        return RecordIssue(
            loc,
            f"字段“{name}”应为 true 或 false，实际是{describe_value(got)}",
            "写成 true 或 false",
            "bad_type",
        )
    if kind in ("list_type", "tuple_type"):
        return RecordIssue(
            loc,
            f"字段“{name}”应为列表，实际是{describe_value(got)}",
            "写成每行一项、以“- ”开头的列表，或空列表 []",
            "bad_type",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return RecordIssue(
            loc,
            f"字段“{name}”应为“字段名: 值”的映射，实际是{describe_value(got)}",
            "参照同目录下其他文件的写法",
            "bad_type",
        )
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
    if kind == "value_error":
        message = str(ctx.get("error") or error.get("msg", ""))
        if "看不见的字符" in message:
            hint = "删除这个字符（多半是复制粘贴时带进来的）"
        elif "换行" in message:
            hint = "名称写在一行内"
        else:
            hint = "日期写作 YYYY-MM-DD，例如 2025-12-31" if "日期" in message else None
        return RecordIssue(loc, f"字段“{name}”：{message}", hint, "bad_value")
    return RecordIssue(loc, f"字段“{name}”：{error.get('msg')}", None, "invalid")


@functools.cache
def known_field_names() -> frozenset[str]:
    """Every field name of every record model, nested ones included."""
    names: set[str] = set()
    seen: set[type[Record]] = set()
    pending = list(MODEL_FOR_KIND.values())
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            pending.extend(models_in(info.annotation))
    return frozenset(names)


def models_in(annotation: object) -> list[type[Record]]:
    """The record models named in a field's annotation (inside lists and optionals too)."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, Record):
        return [annotation]
    return [found for arg in typing.get_args(annotation) for found in models_in(arg)]
