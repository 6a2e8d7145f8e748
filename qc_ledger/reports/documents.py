"""The office's documents as one table model — a title, paragraphs and tables — for every renderer.

`refine`, `reminders`, `assess` and `report` each become a Document here; the terminal, Markdown and
CSV renderers draw the same Document. Pure; all wording is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocabulary import FIGURES_LEGEND, LIGHT_WORDS, NO_PROBLEMS_STATED, QUALITY, STATUS_LABELS
from .reminders import STATE_NAMES, state_words


@dataclass(frozen=True)
class TableModel:
    """One table: a heading, a header row, rows of plain values, and which columns are numbers."""

    title: str
    header: list[str]
    rows: list[list[object]]
    right: frozenset[int] = frozenset()
    wide: frozenset[int] = frozenset()  # long text: may wrap in a narrow terminal


@dataclass(frozen=True)
class Section:
    """A heading with its paragraphs and tables."""

    title: str
    lines: list[str] = field(default_factory=list)
    tables: list[TableModel] = field(default_factory=list)
    level: int = 2  # 2: a part of the document; 3: a part of a part (one measure of a task's file)


@dataclass(frozen=True)
class Document:
    """A whole document."""

    title: str
    lines: list[str]
    sections: list[Section]


def _num(value: float) -> str:
    return f"{value:g}"


def refine_document(report) -> Document:
    """`ledger refine`: each lead unit's responsibility list, and whether it was submitted."""
    due = report.due.isoformat() if report.due else "（方案未规定）"
    note = "（年份为推定，待统筹办确认）" if report.due_inferred else ""
    rows = [
        [
            row.unit_short,
            row.measures,
            row.with_leader,
            row.with_person,
            row.with_deadline,
            row.with_deliverable,
            row.complete,
            row.state(report.due, report.today),
            row.submitted.isoformat() if row.submitted else "",
        ]
        for row in report.rows
    ]
    header = ["牵头单位", "措施", "责任领导", "责任人", "自定时限", "成果形式", "四项齐全"]
    header += ["责任清单", "报送日期"]
    return Document(
        "责任清单细化情况",
        [
            f"统计日期 {report.today.isoformat()}。方案要求七大试验任务牵头部门细化责任清单，做到任务项目化、"
            f"项目责任化、责任人头化，于 {due}{note or ' '}前报区统筹办。",
            "“自定时限”指完成时限早于实施期末（不是照抄方案的 2025-12-31 期限）；已取消的措施不计。",
        ],
        [Section("", tables=[TableModel("", header, rows, frozenset(range(1, 7)))])],
    )


_STATES = STATE_NAMES


def _last(item) -> str:
    """The last column: the last report, or for a receipt owed the day to sign by."""
    if item.receipt_due is not None:
        return f"签收期限 {item.receipt_due.isoformat()}"
    return item.last_report.isoformat() if item.last_report else "从未报送"


def reminders_document(report) -> Document:
    """`ledger reminders`: per unit, what is due, late or never reported — a 催办 notice."""
    counts = report.counts()
    words = report.cadence_words or f"每月 {report.due_day} 日前报送"
    own = any(item.cadence for unit in report.units for item in unit.items)
    lines = [
        f"统计日期 {report.today.isoformat()}。报送周期：{words}进展"
        + ("（另定报送周期的措施按各自的周期，见“情况”）" if own else "")
        + f"；上一期截至 {report.last_due.isoformat()}，本期截至 {report.next_due.isoformat()}。",
        f"逾期未报 {counts['late']} 项、从未报送 {counts['never']} 项、本期待报 {counts['due']} 项"
        + (f"、未签收 {counts['unsigned']} 项" if counts["unsigned"] else "")
        + f"，涉及 {len(report.units)} 个单位。",
    ]
    if not report.units:
        lines.append("所有在推进的措施都已报送本期进展，无需催办。")
    sections = []
    for unit in report.units:
        times = "首次催办" if unit.round == 1 else f"第 {unit.round} 次催办"
        who = f"联系人：{unit.contact}" if unit.contact else "联系人：未登记（见 data/units.yaml）"
        rows = [
            [
                item.measure_id,
                item.task_title,
                state_words(item),
                item.missed or "",
                _last(item),
            ]
            for item in unit.items
        ]
        header = ["措施", "任务", "情况", "缺报期数", "最近报送"]
        table = TableModel("", header, rows, frozenset({3}), frozenset({1}))
        quality = [f"{QUALITY}：{line}" for line in report.quality.get(unit.unit, [])]
        sections.append(Section(f"{unit.unit}（{times}）", [who, *quality], [table]))
    owing = {unit.unit for unit in report.units}
    for name, found in sorted(report.quality.items()):
        if name not in owing:
            quality = [f"{QUALITY}：{line}" for line in found]
            sections.append(Section(f"{name}（{QUALITY}）", quality, []))
    return Document("进展报送催办", lines, sections)


def assessment_document(assessment) -> Document:
    """`ledger assess`: every unit's and group's score."""
    weight = assessment.party_building_weight
    unit_rows = [
        [
            score.name,
            score.lead,
            score.cooperating,
            _num(score.score),
            _num(round(score.score * weight, 2)),
        ]
        for score in assessment.units
    ]
    header = ["单位", "牵头", "配合", "得分", f"折算党建考核（×{_num(weight)}）"]
    group_rows = [[score.name, _num(score.score)] for score in assessment.groups]
    return Document(
        f"{assessment.year} 年度考核评价",
        [
            f"统计截至 {assessment.as_of.isoformat()}。按 data/rules.yaml 的考核评价办法计分（满分 100，"
            "最低 0）；每一分的来由：ledger assess --explain 单位。",
        ],
        [
            Section("各单位", tables=[TableModel("", header, unit_rows, frozenset({1, 2, 3, 4}))]),
            Section(
                "各工作组（按所属措施计分）",
                tables=[TableModel("", ["工作组", "得分"], group_rows, frozenset({1}))],
            ),
        ],
    )


def explain_document(assessment, score) -> Document:
    """`ledger assess --explain UNIT`: every point of one unit, summing to its score."""
    roles = {"lead": "牵头", "cooperating": "配合", "unit": ""}
    rows = [
        [
            point.measure_id or "",
            roles[point.role],
            point.rule_label,
            _num(point.points),
            point.reason,
        ]
        for point in score.points
    ]
    rows.append(["", "", "合计", _num(score.score), ""])
    header = ["措施", "身份", "规则", "分值", "说明"]
    return Document(
        f"{score.name} {assessment.year} 年度考核得分：{_num(score.score)}",
        [f"统计截至 {assessment.as_of.isoformat()}；逐项相加即为得分。"],
        [Section("", tables=[TableModel("", header, rows, frozenset({3}), frozenset({4}))])],
    )


def notice_document(notice) -> Document:
    """`ledger report`: the progress notice."""
    return Document(
        f"{notice.title}推进情况通报",
        [
            f"通报期间 {notice.since.isoformat()} 至 {notice.until.isoformat()}，以台账为准。"
            + notice.basis
        ],
        [
            _overview_section(notice),
            _finished_section(notice),
            _late_section(notice),
            _changes_section(notice),
            _highlights_section(notice),
            _red_section(notice),
            _quality_section(notice),
        ],
    )


def _red_section(notice) -> Section:
    """六、存在问题: each red measure with the problems and next steps its unit last stated."""
    rows = [
        [
            r.measure_id,
            r.lead_unit,
            r.text,
            r.problems or NO_PROBLEMS_STATED,
            r.next_steps or "",
            r.stated_on.isoformat() if r.stated_on else "",
        ]
        for r in notice.red
    ]
    title = f"六、存在问题（亮红灯的措施 {len(rows)} 项）"
    if not rows:
        return Section(title, [f"截至 {notice.until.isoformat()} 没有亮红灯的措施。"], [])
    header = ["措施", "牵头单位", "内容", "存在问题", "下步计划", "报送日期"]
    return Section(title, [], [TableModel("", header, rows, wide=frozenset({2, 3, 4}))])


def _quality_section(notice) -> Section:
    """七、进展质量: per unit, how many newest reports say nothing checkable (纸面销号)."""
    codes = ("note_boilerplate", "note_copied", "note_jump", "note_no_problems")
    units: dict[str, dict[str, set[str]]] = {}
    for warning in notice.quality:
        units.setdefault(warning.unit, {}).setdefault(warning.code, set()).add(warning.measure_id)
    rows = [
        [
            unit,
            *(len(found.get(code, ())) or "" for code in codes),
            "、".join(sorted(set().union(*found.values()))),
        ]
        for unit, found in sorted(
            units.items(), key=lambda item: (-len(set().union(*item[1].values())), item[0])
        )
    ]
    title = f"七、{QUALITY}提示（{len(notice.quality)} 条）"
    if not rows:
        return Section(title, ["各项措施最近一次报送的进展都写明了做了什么。"], [])
    line = (
        "各单位最近一次报送中，进展是套话、与上一期或其他单位几乎相同、进度大幅提高而无佐证，"
        "或亮红灯、逾期却没写存在问题和下步计划的措施数；逐条情况见 ledger validate 或 ledger reminders。"
    )
    header = ["单位", "套话", "照抄", "无佐证跳升", "未写存在问题", "措施"]
    return Section(
        title, [line], [TableModel("", header, rows, frozenset({1, 2, 3, 4}), frozenset({5}))]
    )


def _overview_section(notice) -> Section:
    """一、总体情况: the shares of each status, and each group's figures with the total."""
    shares = "，".join(
        f"{STATUS_LABELS[s]} {notice.counts[s]} 项"
        + ("（不计入比例）" if s == "cancelled" else f"（{notice.share(s)}%）")
        for s in STATUS_LABELS
        if notice.counts.get(s)
    )
    rows = [
        [
            row.short_name,
            row.lead_unit,
            row.measures,
            row.counts.get("done", 0),
            f"{row.done_share}%",
            f"{row.average_progress}%",
            row.overdue,
        ]
        for row in [*notice.groups, notice.total]
    ]
    header = ["工作组", "牵头单位", "措施", "已完成", "完成率", "平均进度", "逾期"]
    return Section(
        "一、总体情况",
        [f"实施方案共 {notice.measures} 项具体措施：{shares}。", FIGURES_LEGEND],
        [TableModel("", header, rows, frozenset({2, 3, 4, 5, 6}))],
    )


def _finished_section(notice) -> Section:
    """二、本期完成的措施, with their evidence."""
    rows = [
        [f.measure_id, f.group, f.text, f.lead_unit, f.done_on.isoformat(), "；".join(f.evidence)]
        for f in notice.finished
    ]
    title = f"二、本期完成的措施（{len(rows)} 项）"
    if not rows:
        return Section(title, ["本期没有新完成的措施。"], [])
    header = ["措施", "工作组", "内容", "牵头单位", "完成日期", "佐证材料"]
    return Section(title, [], [TableModel("", header, rows, wide=frozenset({2}))])


def _late_section(notice) -> Section:
    """三、逾期未完成的措施, with their days overdue and state."""
    rows = [
        [
            x.measure_id,
            x.group,
            x.text,
            x.lead_unit,
            x.deadline.isoformat() + ("（推定）" if x.deadline_inferred else ""),
            x.days,
            f"{STATUS_LABELS[x.status]} {x.progress}%",
        ]
        for x in notice.late
    ]
    title = f"三、逾期未完成的措施（{len(rows)} 项）"
    if not rows:
        return Section(title, [f"截至 {notice.until.isoformat()} 没有逾期未完成的措施。"], [])
    header = ["措施", "工作组", "内容", "牵头单位", "完成时限", "逾期天数", "状态"]
    return Section(title, [], [TableModel("", header, rows, frozenset({5}), frozenset({2}))])


def _highlights_section(notice) -> Section:
    """五、经验亮点: progress entries marked as practices worth spreading."""
    rows = [[h.measure_id, h.lead_unit, h.date.isoformat(), h.note] for h in notice.highlights]
    title = f"五、经验亮点（{len(rows)} 条）"
    if not rows:
        return Section(title, ["本期没有标为经验亮点的进展。"], [])
    table = TableModel("", ["措施", "单位", "日期", "做法"], rows, wide=frozenset({3}))
    return Section(title, [], [table])


def _changes_section(notice) -> Section:
    changes = notice.changes
    if changes is None:
        return Section("四、本期台账变化", ["台账不在 git 仓库中，没有修改历史可列。"])
    rows = []
    for section in changes.sections:
        for row in section.rows:
            record = row.record.record_id.removeprefix("unit:").removeprefix("@plan") or "方案"
            rows.append(
                [
                    row.commit.committed.date().isoformat(),
                    section.name,
                    record,
                    "；".join(row.record.lines()),
                    row.commit.author,
                ]
            )
    totals = changes.totals
    line = (
        f"{changes.commits} 次提交，{totals.get('records', 0)} 项记录有变化："
        f"新增进展记录 {totals.get('notes', 0)} 条，状态变化 {totals.get('status', 0)} 项，"
        f"完成时限调整 {totals.get('deadlines', 0)} 项。"
    )
    if changes.shallow_from:
        line += f"（仓库是浅克隆，{changes.shallow_from} 之前的历史不在本地。）"
    table = TableModel("", ["日期", "工作组", "记录", "变化", "提交者"], rows, wide=frozenset({3}))
    return Section("四、本期台账变化", [line], [table] if rows else [])


def federation_document(report) -> Document:
    """`ledger federate`: each ledger's totals, then the higher tasks the measures implement."""
    rows = [
        [
            row.name,
            row.groups,
            row.measures,
            row.done,
            f"{row.done_share}%",
            f"{row.progress}%",
            f"{row.expected}%",
            row.overdue,
            LIGHT_WORDS.get(row.light or "", ""),
        ]
        for row in [*report.members, report.total]
    ]
    header = ["台账", "工作组", "措施", "已完成", "完成率", "平均进度", "序时进度", "逾期", "灯"]
    sections = [Section("各台账", tables=[TableModel("", header, rows, frozenset(range(1, 8)))])]
    linked = [
        [t.task, t.measures, t.done, t.overdue, f"{t.progress}%", "、".join(t.members)]
        for t in report.implemented
    ]
    lines = [f"另有 {report.unlinked} 项措施没有写明落实哪项上级任务（implements）。"]
    tables = []
    if linked:
        head = ["上级任务", "措施", "已完成", "逾期", "平均进度", "台账"]
        tables.append(TableModel("", head, linked, frozenset({1, 2, 3, 4}), frozenset({5})))
    else:
        lines.insert(0, "各台账的措施都没有写明落实的上级任务（implements），无从按上级任务汇总。")
    sections.append(Section("按上级任务汇总", lines, tables))
    return Document(
        f"{report.title}：{len(report.members)} 个台账的联合视图",
        [
            f"统计日期 {report.today.isoformat()}；由各台账现有的数据算出，不另行填报。",
            FIGURES_LEGEND,
        ],
        sections,
    )
