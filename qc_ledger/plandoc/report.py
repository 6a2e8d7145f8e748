"""What `ledger init` tells the office: the structure as a tree (--dry-run), and init-report.md."""

from __future__ import annotations

from ..vocabulary import field_label
from .fidelity import Fidelity
from .outline import Outline
from .records import LedgerRecords


def _short(text: str, size: int = 36) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def structure_tree(outline: Outline, records: LedgerRecords) -> list[str]:
    """The groups, tasks and measures found, one line each, as a tree."""
    lines = [f"{outline.title}（版式：{outline.layout}）"]
    by_group = {}
    for task in records.tasks:
        by_group.setdefault(task["group"], []).append(task)
    for g_index, group in enumerate(records.groups):
        last_group = g_index == len(records.groups) - 1
        leader = group.get("leader")
        head = f"{group['id']} {group['name']}  牵头：{group['lead_unit']}"
        if leader:
            head += f"  组长：{leader['name']}"
        lines.append(("└─ " if last_group else "├─ ") + head)
        stem = "   " if last_group else "│  "
        tasks = by_group.get(group["id"], [])
        for t_index, task in enumerate(tasks):
            last_task = t_index == len(tasks) - 1
            lines.append(stem + ("└─ " if last_task else "├─ ") + f"{task['id']} {task['title']}")
            twig = stem + ("   " if last_task else "│  ")
            for m_index, measure in enumerate(task["measures"]):
                mark = "└─ " if m_index == len(task["measures"]) - 1 else "├─ "
                flags = (
                    "（推定："
                    + "、".join(field_label(f, "measure") for f in measure["inferred"])
                    + "）"
                    if measure.get("inferred")
                    else ""
                )
                lines.append(
                    twig + mark + f"{measure['id']} {_short(measure['text'])}  "
                    f"牵头：{measure['lead_unit']}  时限：{measure['deadline']}{flags}"
                )
    for where, title in outline.skipped:
        lines.append(f"（不是任务）{where} {title}")
    return lines


def init_report(
    outline: Outline, records: LedgerRecords, fidelity: Fidelity, source_name: str
) -> str:
    """data/source/init-report.md: what was read, what was inferred and where, the fidelity check."""
    measures = [m for t in records.tasks for m in t["measures"]]
    no_deadline = sum(1 for m in measures if "deadline_as_written" not in m)
    out = [
        "# 台账初建报告（ledger init）",
        "",
        f"方案文件：`data/source/{source_name}`；版式：{outline.layout}。",
        f"读出 {len(records.groups)} 个工作组、{len(records.tasks)} 项任务、{len(measures)} 项措施、"
        f"{len(records.units)} 个单位名称。",
        "",
        "措施内容照录原文；下面列出的每一项都是推定的，数据中以 `inferred` 标出，统筹办确认后删去该标记。",
        "",
        "## 忠实性检查",
        "",
    ]
    if fidelity.ok:
        out.append("通过：方案任务部分的每一句都在台账中，台账中的措施内容都出自原文。")
    for where, text in fidelity.missing:
        out.append(f"- 未收录：{where}“{text}”")
    for where, text in fidelity.added:
        out.append(f"- 原文中找不到：{where}“{text}”")
    out += ["", "## 推定事项", ""]
    if no_deadline:
        out.append(
            f"{no_deadline} 项措施原文没有写完成时限：暂取实施期末 {records.plan['period']['end']}（`inferred: [deadline]`）。"
        )
        out.append("")
    out += ["| 位置 | 记录 | 推定 |", "|---|---|---|"]
    for inference in records.inferences:
        out.append(f"| {inference.where} | {inference.record} | {inference.what} |")
    out += ["", "## 单位名称", ""]
    if records.aliases:
        out.append("下列写法相近，可能是同一单位；没有合并，确认后在 data/units.yaml 中改为别名：")
        out.append("")
        out += [f"- “{p.variant}” → “{p.canonical}”" for p in records.aliases]
    else:
        out.append("没有发现写法相近的单位名称。")
    collective = [u["name"] for u in records.units if u["kind"] == "统称"]
    if collective:
        out += ["", "统称（不是一个单位，原样保留）：" + "、".join(collective)]
    out += ["", "## 不是任务的部分", ""]
    out += [f"- {where} {title}" for where, title in outline.skipped] or ["（无）"]
    return "\n".join(out) + "\n"
