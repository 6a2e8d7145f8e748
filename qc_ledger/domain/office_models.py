"""The office's own records and rules (section 五 of the plan): pydantic models, no I/O.

data/office.yaml holds what the office and the units did — responsibility lists submitted, work
teams and work plans set up, inspections, requests for provincial policies, reminders sent;
data/rules.yaml holds the reporting cycle and the assessment rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .fieldtypes import Id, IsoDate, Name, Record, Text

Points = float  # points of an assessment rule (negative: a deduction)


class Reporting(Record):
    """The reporting cycle (the plan sets none: the office's rule)."""

    cadence: Literal["weekly", "monthly", "bimonthly", "quarterly", "none"] = Field(
        default="monthly",
        description="默认报送周期（措施可用 cadence 另定）：weekly 周报、monthly 月报、"
        "bimonthly 双月报、quarterly 季报、none 不用报",
    )
    weekday: int = Field(default=5, ge=1, le=7, description="周报在每周几前报送（1 周一 … 7 周日）")

    day_of_month: int = Field(
        default=28, ge=1, le=28, description="每月几日前报送进展（1–28，每个月都有这一天）"
    )
    units: Literal["lead", "lead_and_cooperating"] = Field(
        default="lead", description="谁报送：lead 牵头单位，lead_and_cooperating 牵头和配合单位"
    )


class DocumentSettings(Record):
    """What the office prints on the documents it issues (the Word notice): set once, used every time."""

    issuer: Name | None = Field(
        default=None, description="发文单位（落款），例：清城区城乡融合发展工作领导小组办公室"
    )
    reference: Text | None = Field(
        default=None,
        description="文号，{year} 换成通报截止日期的年份，例：清城融发办〔{year}〕 号（序号留空待登记时填写）",
    )


class AssessmentRules(Record):
    """How the office scores units for the year-end assessment (考核评价办法)."""

    base: Points = Field(default=80, ge=0, le=100, description="基础分")
    done_on_time: Points = Field(default=2, description="每项按期完成的措施加分")
    done_late: Points = Field(default=0.5, description="每项逾期后才完成的措施加分")
    overdue: Points = Field(default=-3, description="每项逾期未完成的措施扣分（负数）")
    missed_report: Points = Field(default=-0.5, description="每项措施每缺报一期扣分（负数）")
    list_on_time: Points = Field(default=2, description="牵头单位按时报送责任清单加分")
    list_late: Points = Field(default=-2, description="牵头单位逾期或未报送责任清单扣分（负数）")
    cooperating_weight: float = Field(
        default=0.5, ge=0, le=1, description="配合单位按牵头单位的多少倍计分（0–1）"
    )
    party_building_weight: float = Field(
        default=0.1, ge=0, le=1, description="折算计入年底党建考核的权重（0–1）"
    )
    rate_basis: int | None = Field(
        default=10,
        ge=1,
        description="措施的分值按单位的措施数折算：每项 × 该数 ÷ 单位牵头（或配合）的措施数，"
        "同样比例的表现得同样的分；null 为不折算",
    )


class ResponsibilityList(Record):
    """A lead unit's responsibility list (责任清单) as submitted to the office."""

    unit: Name
    submitted: IsoDate
    reference: Text | None = None
    note: Text | None = None


class WorkTeam(Record):
    """A unit's special team (工作小组或工作专班)."""

    unit: Name
    name: Name
    date: IsoDate
    reference: Text | None = None


class WorkPlan(Record):
    """A unit's work plan (工作方案)."""

    unit: Name
    title: Text
    date: IsoDate
    reference: Text | None = None


class Inspection(Record):
    """A supervision inspection (督导检查) and the rectification of what it found."""

    id: Id
    date: IsoDate
    units: list[Name] = Field(min_length=1)
    problems: list[Text] = []
    rectification: Text | None = None
    rectification_status: Literal["pending", "in_progress", "done"] = "pending"
    rectified: IsoDate | None = None


class PolicyRequest(Record):
    """A request for a provincial support policy, passed through the office (省级支持政策)."""

    id: Id
    date: IsoDate
    unit: Name
    policy: Text
    status: Literal["submitted", "forwarded", "answered", "closed"] = "submitted"
    forwarded: IsoDate | None = None
    answer: Text | None = None


class Reminder(Record):
    """A reminder (催办) the office sent a unit."""

    date: IsoDate
    unit: Name
    measures: list[Id] = Field(min_length=1)
    note: Text | None = None


class OfficeRecords(Record):
    """data/office.yaml: what the office and the units did besides reporting progress."""

    responsibility_lists: list[ResponsibilityList] = []
    work_teams: list[WorkTeam] = []
    work_plans: list[WorkPlan] = []
    inspections: list[Inspection] = []
    policy_requests: list[PolicyRequest] = []
    reminders: list[Reminder] = []


class WorkbookLimits(Record):
    """How big a workbook `ledger import` agrees to read: checked before any of it is parsed."""

    file_bytes: int = Field(default=20_000_000, ge=1, description="工作簿文件最大字节数")
    unpacked_bytes: int = Field(
        default=60_000_000, ge=1, description="工作簿解压后的总字节数上限（xlsx 是 zip 压缩包）"
    )
    part_bytes: int = Field(
        default=30_000_000,
        ge=1,
        description="工作簿中单个部件（工作表、共享文字等）解压后的字节数上限",
    )
    ratio: int = Field(default=200, ge=1, description="单个部件的压缩比上限（超过即视为压缩炸弹）")
    parts: int = Field(default=500, ge=1, description="工作簿中部件（zip 成员）的个数上限")
    sheets: int = Field(default=60, ge=1, description="工作表个数上限")
    rows: int = Field(default=20_000, ge=10, description="每张工作表最多读取的行数（含表头）")
    columns: int = Field(default=100, ge=16, description="每张工作表最多读取的列数")
    cell_chars: int = Field(default=10_000, ge=100, description="一个单元格最多的字数")
