"""An outline turned into the ledger's records (plain data, as the YAML files hold them) and the
list of every inference with its place in the source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from .deadlines import read_deadline
from .outline import Inference, MeasureItem, Outline
from .units import UNASSIGNED, AliasProposal, alias_proposals, registry_entries

_YEARS = re.compile(r"(\d{4})\D+(\d{4})")


@dataclass
class LedgerRecords:
    """Everything `ledger init` writes under data/, and what it had to infer."""

    plan: dict
    units: list[dict]
    groups: list[dict]
    tasks: list[dict]
    inferences: list[Inference] = field(default_factory=list)
    aliases: list[AliasProposal] = field(default_factory=list)

    def measure_count(self) -> int:
        return sum(len(task["measures"]) for task in self.tasks)


def _period(outline: Outline, today: dt.date) -> tuple[dt.date, dt.date, str]:
    found = _YEARS.search(outline.period_text or "")
    if found:
        start, end = int(found.group(1)), int(found.group(2))
        reason = f"原文只写“{outline.period_text}”：起止日期按年份取 {start} 年 1 月 1 日至 {end} 年 12 月 31 日，待统筹办确认"
        return dt.date(start, 1, 1), dt.date(end, 12, 31), reason
    titled = re.search(r"(\d{4})\s*年", outline.title)
    if titled:
        year = int(titled.group(1))
        reason = f"原文没有写实施期：按标题中的“{titled.group(0)}”取 {year} 年全年，待统筹办确认"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), reason
    years = [
        d.day.year
        for m in outline.measures()
        for text in (m.text, m.assignment.deadline if m.assignment else None)
        if text
        for d in [read_deadline(text, today.year, strict=text is m.text)]
        if d is not None and d.day is not None and not d.year_inferred
    ]
    start, end = (min(years), max(years)) if years else (today.year, today.year)
    basis = "措施中写明的最早和最晚年份" if years else "方案没有写实施期，也没有写年份：取今年"
    return (
        dt.date(start, 1, 1),
        dt.date(end, 12, 31),
        f"原文没有写实施期：按{basis}推定，待统筹办确认",
    )


def build_records(outline: Outline, today: dt.date) -> LedgerRecords:
    """The plan, registry, groups and tasks an outline implies; every guess listed and marked."""
    start, end, reason = _period(outline, today)
    inferences = [Inference("实施期", reason, "plan")]
    plan = {
        "title": outline.title,
        "document_status": outline.status,
        "period": {"start": start, "end": end, "inferred": True, "reasoning": reason},
        "experiment_tasks": [],
        "goals": [],
    }
    if plan["document_status"] is None:
        del plan["document_status"]
    counts: Counter = Counter()
    groups, tasks = [], []
    for g_index, group in enumerate(outline.groups, 1):
        group_id = f"g{g_index}"
        group_leads = [
            m.assignment.leads()[0] for t in group.tasks for m in t.measures if _leads(m)
        ]
        lead = group.lead[0] if group.lead else None
        marks = ["group"] if any("工作组" in i.what for i in group.inferences) else []
        if lead is None:
            lead = Counter(group_leads).most_common(1)[0][0] if group_leads else UNASSIGNED
            marks.append("lead_unit")
            inferences.append(
                Inference(
                    group.where, f"工作组没有写牵头单位：取其措施最常见的牵头单位“{lead}”", group_id
                )
            )
        inferences.extend(Inference(i.where, i.what, group_id) for i in group.inferences)
        counts.update([lead, *group.members])
        record = {"id": group_id, "name": group.name, "short_name": group.name}
        if group.leader:
            record["leader"] = {"name": group.leader[0], "title": group.leader[1]}
        record.update({"lead_unit": lead, "member_units": list(dict.fromkeys(group.members))})
        if marks:
            record["inferred"] = marks
        groups.append(record)
        for t_index, task in enumerate(group.tasks, 1):
            task_id = f"{group_id}-t{t_index}"
            measures = []
            for m_index, measure in enumerate(task.measures, 1):
                measure_id = f"{task_id}-m{m_index}"
                entry = _measure(measure, measure_id, lead, start, end, inferences)
                counts.update([entry["lead_unit"], *entry["cooperating_units"]])
                measures.append(entry)
            inferences.extend(Inference(i.where, i.what, task_id) for i in task.inferences)
            task_record = {
                "id": task_id,
                "group": group_id,
                "title": task.title,
                "measures": measures,
            }
            if task.inferences:
                task_record["inferred"] = ["title"]
            tasks.append(task_record)
    proposals = alias_proposals(counts)
    for proposal in proposals:
        inferences.append(
            Inference(
                "单位名录",
                f"“{proposal.variant}”可能就是“{proposal.canonical}”：列为建议，没有合并",
                "units",
            )
        )
    return LedgerRecords(
        plan, registry_entries(counts, proposals), groups, tasks, inferences, proposals
    )


def _leads(measure: MeasureItem) -> bool:
    return measure.assignment is not None and bool(measure.assignment.leads())


def _measure(
    measure: MeasureItem,
    measure_id: str,
    group_lead: str,
    start: dt.date,
    end: dt.date,
    inferences: list,
) -> dict:
    marks: list[str] = []
    assignment = measure.assignment
    leads = assignment.leads() if assignment else []
    lead = leads[0] if leads else (group_lead if measure.lead_from == "工作组" else UNASSIGNED)
    cooperating = [
        n for n in [*leads[1:], *(assignment.others() if assignment else [])] if n != lead
    ]
    if len(leads) > 1:
        inferences.append(
            Inference(
                measure.where,
                f"写了几个牵头单位：“{leads[0]}”作牵头单位，其余列为配合单位",
                measure_id,
            )
        )
    if measure.lead_from or not leads:
        marks.append("lead_unit")
    inferences.extend(Inference(i.where, i.what, measure_id) for i in measure.inferences)
    written = assignment.deadline if assignment and assignment.deadline else None
    deadline = read_deadline(written, start.year, strict=False) if written else None
    deadline = deadline or read_deadline(measure.text, start.year)
    entry = {
        "id": measure_id,
        "text": measure.text,
        "lead_unit": lead,
        "cooperating_units": list(dict.fromkeys(cooperating)),
        "responsible_person": None,
        "deadline": end,
        "deliverable": None,
        "status": "not_started",
        "progress": 0,
        "progress_log": [],
        "evidence": [],
    }
    if deadline is not None and deadline.day is not None:
        entry["deadline"] = deadline.day
        if deadline.day > end:
            entry["beyond_period"] = True
        if deadline.year_inferred:
            marks.append("deadline")
            inferences.append(
                Inference(
                    measure.where,
                    f"“{deadline.as_written}”没有写年份：取实施期第一年 {start.year} 年",
                    measure_id,
                )
            )
    elif deadline is not None and deadline.open:
        entry["open_ended"] = True
        inferences.append(
            Inference(
                measure.where,
                f"“{deadline.as_written}”没有终点：完成时限取实施期末 {end}，标为长期",
                measure_id,
            )
        )
    else:
        marks.append("deadline")
        if written:
            inferences.append(
                Inference(
                    measure.where, f"读不懂时限“{written}”：完成时限暂取实施期末 {end}", measure_id
                )
            )
    if deadline is not None or written:
        entry["deadline_as_written"] = written or deadline.as_written
    if deadline is not None and deadline.open:
        entry["open_ended"] = True
    if marks:
        entry["inferred"] = marks
    return entry
