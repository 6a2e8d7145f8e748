"""The office's rules (data/rules.yaml): thresholds, lights, reporting, assessment and supervision.

Imports pydantic only; the plan sets none of these: they are the coordination office's own.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .fieldtypes import Record, Text
from .office_models import AssessmentRules, DocumentSettings, Reporting, WorkbookLimits
from .supervision_models import ClosingRules, NoteQuality, ReceiptRules

# The conditions a light rule can name, in the order legends list them.
Condition = Literal["overdue", "delayed", "due_soon", "stale", "behind", "far_behind"]
Days = Annotated[int, Field(ge=0, le=3650)]


class Rules(Record):
    """The coordination office's thresholds and light rules: data/rules.yaml (the plan sets none)."""

    stale_days: Days = Field(
        description="超过多少天没有进展记录，未完成的措施算“未报送”（从未报送也算）"
    )
    due_soon_days: Days = Field(
        description="距完成时限不超过多少天（含当天），未完成的措施算“即将到期”"
    )
    red: list[Condition] = Field(
        min_length=1,
        description="亮红灯的条件（满足其一即是）：overdue 逾期、delayed 滞后、"
        "due_soon 即将到期、stale 未报送、behind 欠进度、far_behind 严重滞后",
    )
    yellow: list[Condition] = Field(description="亮黄灯的条件（不是红灯时，满足其一即是）")
    blue: list[Condition] = Field(
        default_factory=list, description="亮蓝灯的条件（不是红灯、黄灯时，满足其一即是）"
    )
    # Expected progress (序时进度): points the reported progress may be off the elapsed share.
    ahead_points: Days = Field(default=10, description="进度超出序时进度多少个百分点算“超进度”")
    behind_points: Days = Field(default=10, description="进度落后序时进度多少个百分点算“欠进度”")
    serious_points: Days = Field(default=20, description="进度落后序时进度多少个百分点算“严重滞后”")
    reporting: Reporting = Field(
        default_factory=Reporting, description="报送周期：谁在每月几日前报送进展"
    )
    assessment: AssessmentRules = Field(
        default_factory=AssessmentRules, description="考核评价办法：基础分、加分、扣分和权重"
    )
    note: Text | None = Field(default=None, description="说明：规则由谁、何时、依据什么确定")
    documents: DocumentSettings = Field(
        default_factory=DocumentSettings, description="文书：通报上印的发文单位和文号"
    )
    workbook: WorkbookLimits = Field(
        default_factory=WorkbookLimits, description="导入工作簿（ledger import）的大小上限"
    )
    receipt: ReceiptRules = Field(
        default_factory=ReceiptRules, description="签收：哪些来源的工作须签收、几天内、由谁签收"
    )
    closing: ClosingRules = Field(
        default_factory=ClosingRules, description="办结：标记完成是否须统筹办审核"
    )
    note_quality: NoteQuality = Field(
        default_factory=NoteQuality, description="进展质量提示：套话、照抄、无佐证跳升的阈值"
    )
