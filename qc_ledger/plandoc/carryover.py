"""结转: the unfinished measures of the plan a new one succeeds, listed for the office to confirm."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.ledger import Ledger
from ..domain.models import CLOSED_STATUSES
from ..vocabulary import STATUS_LABELS


@dataclass(frozen=True)
class CarriedMeasure:
    """One unfinished measure of the old ledger, as it stands there."""

    id: str
    text: str
    lead_unit: str
    status: str
    progress: int
    deadline: str
    last_reported: str


def unfinished(ledger: Ledger) -> list[CarriedMeasure]:
    """Every measure of the old ledger neither done nor cancelled, in ledger order."""
    return [
        CarriedMeasure(
            measure.id,
            measure.text,
            ledger.registry.canonical(measure.lead_unit),
            measure.status,
            measure.progress,
            measure.deadline.isoformat(),
            measure.last_reported.isoformat() if measure.last_reported else "从未报送",
        )
        for _task, measure in ledger.measures.values()
        if measure.status not in CLOSED_STATUSES
    ]


def carry_over_list(title: str, path: str, measures: list[CarriedMeasure]) -> str:
    """data/source/carry-over.md: the list the office confirms, each measure linked to the old ledger."""
    out = [
        "# 结转清单（待统筹办确认）",
        "",
        f"上一轮方案：{title}；台账：`{path}`（plan.yaml 的 `predecessor` 记着这个位置）。",
        f"上一轮台账中还有 {len(measures)} 项措施没有完成或取消。逐项确认：并入新方案的哪项措施、单独结转"
        "（`ledger new measure --task 任务编号 --text …`，措施内容照旧台账原文），或不再推进；"
        "旧台账原样保留，历史可查。",
        "",
        "| 旧编号 | 措施 | 牵头单位 | 状态 | 进度 | 完成时限 | 最近报送 | 确认 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in measures:
        text = m.text.replace("|", "｜").replace("\n", " ")
        status = STATUS_LABELS.get(m.status, m.status)
        out.append(
            f"| {m.id} | {text} | {m.lead_unit} | {status} | {m.progress}% | {m.deadline} | "
            f"{m.last_reported} | 待确认 |"
        )
    return "\n".join(out) + "\n"
