"""Supervision as offices practise it (督办): sources, receipts, closing, cadence, milestones. No I/O.

An item beyond the plan (督办件) is a task whose `source` names the instruction, meeting or proposal
it came from; its measures are the assignments. Receipt (签收) and closing (办结申请 → 审核) are
append-only lists on a measure; cadence and milestones (节点) say when it reports and how far it
should be. The rules that govern them (who signs, whether the office closes, which notes are empty)
live in data/rules.yaml.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .fieldtypes import IsoDate, Name, Percent, Record, Text

# Where a task comes from; "plan" is the implementation plan itself (a task without a source).
SourceKind = Literal["plan", "instruction", "meeting", "proposal", "key_work"]
SOURCE_KINDS: tuple[str, ...] = ("plan", "instruction", "meeting", "proposal", "key_work")
# The kinds an item beyond the plan may have (a plan task has no source), and the group holding them.
ITEM_KINDS: tuple[str, ...] = SOURCE_KINDS[1:]
SUPERVISION_GROUP = "db"
Cadence = Literal["weekly", "monthly", "bimonthly", "quarterly", "none"]
CADENCES: tuple[str, ...] = ("weekly", "monthly", "bimonthly", "quarterly", "none")
ClosingAction = Literal["request", "approve", "reject"]


class ItemSource(Record):
    """Where a supervised item comes from: the kind, the document, its date and reference."""

    kind: SourceKind
    document: Text
    date: IsoDate | None = None
    reference: Text | None = None


class Receipt(Record):
    """An assigned unit's acknowledgement (签收) of a measure or item."""

    unit: Name
    date: IsoDate
    author: Name | None = None
    note: Text | None = None


class ClosingStep(Record):
    """One step of closing: a unit's request (申请办结), the office's approval or its return."""

    date: IsoDate
    action: ClosingAction
    author: Name | None = None
    note: Text | None = None  # the request's report, or why the office returned it

    @model_validator(mode="after")
    def _reasoned(self) -> ClosingStep:
        if self.action == "reject" and not self.note:
            raise ValueError("退回办结申请须写明理由（note）")
        return self


class MeasureMilestone(Record):
    """A dated checkpoint (节点) inside a measure: the progress or deliverable expected by then."""

    date: IsoDate
    progress: Percent | None = None
    deliverable: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> MeasureMilestone:
        if self.progress is None and self.deliverable is None:
            raise ValueError("节点须写明应达到的进度（progress）或成果（deliverable），至少一项")
        return self


ReceiptUnits = Literal["lead", "lead_and_cooperating"]


class ReceiptRules(Record):
    """Which work must be acknowledged (签收), by whom and within how many days of assignment."""

    kinds: list[SourceKind] = Field(
        default_factory=lambda: ["instruction", "meeting", "proposal", "key_work"],
        description="须签收的来源类别：plan 方案措施、instruction 领导批示、meeting 会议纪要、"
        "proposal 建议提案、key_work 重点工作",
    )
    days: int = Field(default=3, ge=0, le=365, description="交办后几天内须签收")
    units: ReceiptUnits = Field(
        default="lead_and_cooperating",
        description="谁签收：lead 牵头单位，lead_and_cooperating 牵头和配合单位",
    )


class ClosingRules(Record):
    """Whether marking a measure done is a request the office must approve (办结审核)."""

    # Absent in a ledger made before closing existed: done stays what it was (approval off).
    approval: bool = Field(
        default=False,
        description="true：单位标记完成即申请办结，统筹办 ledger close --approve 审核后才算完成；"
        "false（不写时）：标记完成即完成",
    )


class NoteQuality(Record):
    """When a progress note says nothing an office can act on (纸面销号): the warnings' thresholds."""

    boilerplate: list[Text] = Field(
        default_factory=lambda: [
            "正在推进",
            "稳步推进",
            "有序推进",
            "积极推进",
            "持续推进",
            "按计划推进",
            "进展顺利",
            "正在落实",
        ],
        description="套话：进展只有这些话、没有数字、日期、文号或成果时提示",
    )
    min_chars: int = Field(
        default=20,
        ge=0,
        le=1000,
        description="少于这么多字、又没有数字、日期、文号或成果的进展提示",
    )
    similarity: float = Field(
        default=0.9,
        ge=0.5,
        le=1,
        description="与上一期或其他单位的进展相似度达到多少（0.5–1）算照抄",
    )
    jump_points: int = Field(
        default=30, ge=1, le=100, description="进度一次提高多少个百分点以上、没有佐证材料时提示"
    )
