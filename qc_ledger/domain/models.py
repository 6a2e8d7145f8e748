"""What a record may contain: pydantic models and the stored values of statuses. No I/O.

Imports pydantic only; labels come from vocabulary, error translation lives in validation. YAML field
names are the JSON export's field names.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from pydantic import Field, model_validator

from ..vocabulary import STATUS_LABELS
from . import lazylog
from . import milestones as milestone_line
from .fieldtypes import Id, IsoDate, Name, Percent, Record, Text
from .office_models import (
    OfficeRecords,
)
from .rules_models import Rules
from .supervision_models import (
    Cadence,
    ClosingStep,
    ItemSource,
    MeasureMilestone,
    Receipt,
)

STATUSES: tuple[str, ...] = ("not_started", "in_progress", "delayed", "done", "cancelled")
CLOSED_STATUSES = frozenset({"done", "cancelled"})

Status = Literal["not_started", "in_progress", "delayed", "done", "cancelled"]
UnitKind = Literal[
    "区委部门",
    "区直部门",
    "市直分局",
    "垂直管理单位",
    "人民团体",
    "议事协调机构",
    "事业单位",
    "国有企业",
    "街镇",
    "其他",
    "统称",  # a collective assignee (各街镇, 各有关单位): several units, named as the plan names them
]
# Fields `ledger init` inferred rather than read (each listed with its reason in init-report.md).
Inferred = Literal["group", "title", "lead_unit", "leader", "deadline"]


def status_value(text: str) -> str | None:
    """Return the stored status for a stored value or its Chinese label, or None if neither."""
    key = text.strip()
    if key in STATUS_LABELS:
        return key
    return next((value for value, label in STATUS_LABELS.items() if label == key), None)


class Person(Record):
    """A named person and the post they hold."""

    name: Name
    title: Name


class Period(Record):
    """The plan's period, both ends inclusive."""

    start: IsoDate
    end: IsoDate
    # The plan prints the years ("2022-2025年"), not the days: the days are inferred.
    inferred: bool = False
    reasoning: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("结束日期早于开始日期")
        return self

    def contains(self, day: dt.date) -> bool:
        """The day falls within the period."""
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


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


class Predecessor(Record):
    """The plan this one succeeds, and its ledger, whose unfinished measures were carried over."""

    title: Name
    path: Text  # the old ledger's folder, as given to `ledger init --carry-over`


class Plan(Record):
    """The implementation plan (实施方案): data/plan.yaml."""

    title: Name
    document_status: Name | None = None
    basis: Text | None = None
    period: Period
    experiment_tasks: list[Text]
    goals: list[Text]
    # A plan that does not describe them leaves them out (ledger init writes what the plan says).
    leading_group: LeadingGroup | None = None
    coordination_office: CoordinationOffice | None = None
    milestones: list[Milestone] = []
    predecessor: Predecessor | None = None


class Contact(Record):
    """A unit's contact person (联系人)."""

    name: Name | None = None
    phone: Name | None = None
    email: Name | None = None  # where `ledger reminders --send` mails the unit's reminder


class Unit(Record):
    """A unit in the registry: one canonical name and the other spellings in use."""

    name: Name
    short_name: Name | None = None  # for narrow tables: 市自然资源局清城分局 → 自然资源分局
    kind: UnitKind
    aliases: list[Name] = []
    note: Text | None = None
    contact: Contact | None = None
    # Commit e-mail addresses and platform handles (@name) of the unit's contact persons.
    accounts: list[Name] = []


class UnitRegistry(Record):
    """The unit registry: data/units.yaml."""

    units: list[Unit]


class Group(Record):
    """A work group (工作组): data/groups/<id>.yaml."""

    id: Id
    name: Name
    short_name: Name
    leader: Person | None = None
    lead_unit: Name
    member_units: list[Name]
    inferred: list[Inferred] = []


class ProgressEntry(Record):
    """One dated entry of a measure's progress log (进展情况)."""

    date: IsoDate
    author: Name | None = None
    note: Text
    status: Status | None = None
    progress: Percent | None = None
    highlight: bool = False  # 经验亮点: worth telling others about in the office's notice
    problems: Text | None = None  # 存在问题
    next_steps: Text | None = None  # 下步计划


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
    responsible_leader: Name | None = None  # 责任领导: the unit's leader answering for it
    responsible_person: Name | None = None
    deadline: IsoDate
    deliverable: Text | None = None
    status: Status = "not_started"
    progress: Percent = 0
    progress_log: list[ProgressEntry] = []
    evidence: list[Text] = []
    deadline_history: list[DeadlineChange] = []
    beyond_period: bool = False
    start: IsoDate | None = None  # its own start, when later than the plan's (for 序时进度)
    implements: Id | None = None  # the city's or province's task this measure carries out
    deadline_as_written: Text | None = None  # the source's words: 2023年6月底前, 长期坚持
    open_ended: bool = False  # the source sets no end (长期坚持): the deadline is the plan's end
    cadence: Cadence | None = None  # its own reporting cadence; none: the rules' default
    milestones: list[MeasureMilestone] = []  # 节点: expected progress follows them
    receipts: list[Receipt] = []  # 签收 by the assigned units
    closing: list[ClosingStep] = []  # 办结申请 and the office's approval or return
    inferred: list[Inferred] = []

    @property
    def last_reported(self) -> dt.date | None:
        """The date of the newest progress entry, if any."""
        return lazylog.newest_date(self.progress_log)

    def model_dump(self, **kwargs) -> dict:
        """The record as plain data (its progress log built first: pydantic reads a list whole)."""
        return super(Measure, lazylog.settled(self)).model_dump(**kwargs)

    def model_dump_json(self, **kwargs) -> str:
        """The record as JSON (its progress log built first)."""
        return super(Measure, lazylog.settled(self)).model_dump_json(**kwargs)

    @property
    def pace_points(self) -> tuple[tuple[dt.date, int], ...]:
        """The milestones that set a progress, as (date, progress): 序时进度 runs through them."""
        return milestone_line.pace_points(self.milestones) if self.milestones else ()

    @property
    def deliverable_due(self) -> dt.date | None:
        """The earliest milestone whose deliverable no evidence entry names yet, if any."""
        return (
            milestone_line.deliverable_due(self.milestones, self.evidence)
            if self.milestones
            else None
        )

    @property
    def original_deadline(self) -> dt.date:
        """The deadline first set, before any extension."""
        return self.deadline_history[0].previous if self.deadline_history else self.deadline


class Task(Record):
    """A task (工作任务) with its measures: data/tasks/<id>.yaml."""

    id: Id
    group: Id
    title: Name
    # A supervised item (督办件): the instruction, meeting or proposal it comes from; none: the plan.
    source: ItemSource | None = None
    measures: list[Measure] = Field(min_length=1)
    inferred: list[Inferred] = []

    @property
    def kind(self) -> str:
        """The source kind: plan for the plan's own tasks."""
        return self.source.kind if self.source else "plan"

    def model_dump(self, **kwargs) -> dict:
        """The record as plain data (its measures' progress logs built first)."""
        return super(Task, lazylog.settled(self)).model_dump(**kwargs)

    def model_dump_json(self, **kwargs) -> str:
        """The record as JSON (its measures' progress logs built first)."""
        return super(Task, lazylog.settled(self)).model_dump_json(**kwargs)


# Measure fields a unit's contact persons may be allowed to change, and lists that only grow.
MeasureField = Literal[
    "status",
    "progress",
    "progress_log",
    "evidence",
    "responsible_person",
    "responsible_leader",
    "deliverable",
    "deadline",
    "receipts",
    "closing",
    "milestones",
    "cadence",
]
AppendOnly = Literal["progress_log", "deadline_history", "evidence", "receipts", "closing"]


class Policy(Record):
    """Who may change what in a pull request: data/policy.yaml, checked by `ledger review`."""

    office_accounts: list[Name] = Field(
        description="统筹办的提交邮箱或平台用户名（@用户名）：可以修改任何内容"
    )
    unit_fields: list[MeasureField] = Field(
        description="单位联系人可以修改的措施字段（仅限本单位牵头或配合的措施）"
    )
    units_act_on: Literal["lead", "lead_or_cooperating"] = Field(
        description="单位联系人能改哪些措施：lead 只限牵头的，lead_or_cooperating 牵头或配合的"
    )
    append_only: list[AppendOnly] = Field(
        description="只能在末尾追加、不能改写或删除的列表（对所有人，包括统筹办）"
    )
    note: Text | None = Field(default=None, description="说明：规则由谁、何时确定")
    open_files: list[Text] = Field(
        default_factory=list,
        description="台账数据以外、登记过的单位联系人也可以修改的文件（如 docs/*，* 可跨目录）；"
        "不在其中的文件（工作流、qc_ledger/、schemas/、data/source/ 等）只由统筹办修改",
    )
    backdate_days: int = Field(
        default=14,
        ge=0,
        description="进展记录的日期最多可以比审核当天早几天；更早的（补记的）须统筹办确认",
    )


class FederationMember(Record):
    """One district ledger of a federation."""

    name: Name
    path: Text  # the ledger's folder, relative to the federation file


class Federation(Record):
    """A city's or province's view over district ledgers: federation.yaml."""

    title: Name
    members: list[FederationMember] = Field(min_length=1)
    note: Text | None = None


MODEL_FOR_KIND: dict[str, type[Record]] = {
    "plan": Plan,
    "rules": Rules,
    "policy": Policy,
    "office": OfficeRecords,
    "federation": Federation,
    "units": UnitRegistry,
    "group": Group,
    "task": Task,
}


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
