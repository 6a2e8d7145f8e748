"""What an editor shows for each field of each record: its meaning, format and an example, in Chinese.

Titles come from the vocabulary's field labels; this module holds only the longer explanations.
"""

from __future__ import annotations

# Record model -> what the record is.
MODEL_DOCS: dict[str, str] = {
    "Plan": "实施方案：名称、实施期、试验任务、目标、领导小组、统筹办和时间节点",
    "Person": "一位具体负责的人：姓名和职务",
    "Period": "实施期，起止日期都包含在内",
    "Milestone": "方案规定的一个时间节点",
    "LeadingGroup": "领导小组",
    "CoordinationOffice": "统筹办及其所在单位",
    "UnitRegistry": "单位名录：每个单位一个规范名称，其他写法列为别名",
    "Unit": "名录中的一个单位",
    "Contact": "本单位指定的联系人",
    "Group": "工作组：组长、牵头单位和成员单位",
    "Task": "工作任务及其具体措施",
    "Measure": "一项具体措施：责任落实和进展跟踪的基本单位",
    "ProgressEntry": "进展记录中的一条：只在末尾追加，不改写、不删除",
    "DeadlineChange": "一次完成时限调整：原时限永远保留",
    "Rules": "统筹办的预警规则：未报送天数、即将到期天数和红黄灯条件",
}

# "Model.field" (or a bare field name shared by every model) -> (description, example).
FIELD_DOCS: dict[str, tuple[str, object]] = {
    "id": ("编号：小写字母、数字和连字符，与文件名一致", "g1-t2-m3"),
    "Measure.id": ("措施编号：任务编号加 -m 和序号", "g1-t2-m3"),
    "Task.id": ("任务编号：工作组编号加 -t 和序号，与文件名一致", "g1-t2"),
    "Group.id": ("工作组编号：g 加序号，与文件名一致", "g1"),
    "Milestone.id": ("时间节点编号", "m1"),
    "Measure.text": ("措施内容，照方案原文", "全面取消落户城镇限制……"),
    "Measure.lead_unit": ("牵头单位：写单位名录中的规范名称", "区发展改革局"),
    "Measure.cooperating_units": ("配合单位：每行一个，以“- ”开头；没有时写 []", ["区财政局"]),
    "Measure.responsible_person": ("责任人：姓名（不写电话）；尚未落实时写 null", "王五"),
    "Measure.responsible_leader": (
        "责任领导：牵头单位分管这项措施的领导，姓名和职务（不写电话）；尚未明确时写 null",
        "李明（副局长）",
    ),
    "ProgressEntry.highlight": (
        "经验亮点：这条进展值得在通报中推广时写 true，平时不写",
        True,
    ),
    "Measure.deadline": ("完成时限：YYYY-MM-DD，须在实施期内", "2025-12-31"),
    "Measure.deliverable": ("成果形式：完成时交出的东西；尚未明确时写 null", "实施细则"),
    "Measure.status": ("状态：填英文值，见可选值", "in_progress"),
    "Measure.progress": ("进度：0 到 100 的整数，不带 %", 40),
    "Measure.progress_log": ("进展记录：按日期从早到晚，只在末尾追加", []),
    "Measure.evidence": ("佐证材料：文件号或链接，每行一项", ["清城府办〔2024〕12号"]),
    "Measure.deadline_history": ("完成时限调整记录：只追加，原时限永远保留", []),
    "Measure.start": ("本措施的开始日期（晚于实施期开始时才写），用于计算序时进度", "2024-01-01"),
    "Measure.beyond_period": ("完成时限确需超出实施期时写 true", False),
    "Task.group": ("所属工作组的编号", "g1"),
    "Task.title": ("任务名称，照方案原文", "深化户籍制度改革"),
    "Task.measures": ("本任务的具体措施，至少一项", []),
    "Group.name": ("工作组全称", "城乡人口迁徙工作组"),
    "Group.short_name": ("工作组简称，用于表格", "人口迁徙"),
    "Group.leader": ("组长：姓名和职务", {"name": "张三", "title": "副区长"}),
    "Group.lead_unit": ("牵头单位：写单位名录中的规范名称", "区发展改革局"),
    "Group.member_units": ("成员单位：每行一个规范名称", ["区财政局"]),
    "Person.name": ("姓名", "张三"),
    "Person.title": ("职务", "副区长"),
    "ProgressEntry.date": ("报送日期：YYYY-MM-DD，不晚于今天", "2025-06-30"),
    "ProgressEntry.author": ("填报人：姓名或单位（不写电话）", "王五"),
    "ProgressEntry.note": ("进展情况：做了什么、下一步做什么", "已完成初稿，正在征求意见。"),
    "ProgressEntry.status": ("这次报送后的状态", "in_progress"),
    "ProgressEntry.progress": ("这次报送后的进度（0–100）", 40),
    "DeadlineChange.date": ("调整日期", "2025-06-30"),
    "DeadlineChange.previous": ("调整前的完成时限", "2025-06-30"),
    "DeadlineChange.new": ("调整后的完成时限", "2025-12-31"),
    "DeadlineChange.reason": ("调整的理由（必填）", "上级政策调整，需重新论证"),
    "DeadlineChange.author": ("提出调整的人或单位", "区发展改革局"),
    "Unit.name": ("单位的规范名称：方案中最常见的写法", "区发展改革局"),
    "Unit.short_name": (
        "简称：表格列宽不够时显示（通行的简称）；没有时写 null 或不写",
        "自然资源分局",
    ),
    "Unit.kind": ("单位类别", "区直部门"),
    "Unit.aliases": ("同一单位的其他写法（含方案中的笔误）", ["区发展和改革局"]),
    "Unit.note": ("说明", "方案第（二）组写作“区住房建设局”"),
    "Unit.contact": ("联系人：{name: 姓名, phone: 电话}；未指定时写 null", None),
    "Unit.accounts": (
        "本单位联系人在 git 中的身份：提交用的邮箱，或以 @ 开头的平台用户名。"
        "ledger review 据此认出提交属于哪个单位；@用户名 还写进 CODEOWNERS，由其审核本单位的措施",
        ["@wang5", "wang5@qingcheng.example"],
    ),
    "Contact.name": ("联系人姓名", "王五"),
    "Contact.phone": ("联系电话（只写在这里）", "0763-0000000"),
    "UnitRegistry.units": ("单位列表，每个单位一项", []),
    "Plan.title": ("方案全称", "清城区……实施方案"),
    "Plan.period": ("实施期", {"start": "2022-01-01", "end": "2025-12-31"}),
    "Period.start": ("开始日期（含）", "2022-01-01"),
    "Period.end": ("结束日期（含）", "2025-12-31"),
    "Period.inferred": ("起止日期是按方案写的年份推定的时为 true", True),
    "Period.reasoning": ("推定的依据", "原文只写“2022-2025年”"),
    "Plan.document_status": ("文件状态，如“征求意见稿”", "征求意见稿"),
    "Plan.basis": ("制定依据", "《……试验方案》"),
    "Plan.experiment_tasks": ("方案列出的试验任务，每行一项", []),
    "Plan.goals": ("方案列出的目标，每行一项", []),
    "Plan.leading_group": ("领导小组：组长、常务副组长、副组长和成员", None),
    "Plan.coordination_office": ("统筹办：名称、简称、主任和所在单位", None),
    "Plan.milestones": ("方案规定的时间节点", []),
    "CoordinationOffice.name": ("统筹办全称", "清城区城乡融合发展试验区建设统筹办公室"),
    "CoordinationOffice.short_name": ("简称", "区统筹办"),
    "CoordinationOffice.director": ("主任：姓名和职务", None),
    "CoordinationOffice.host_unit": ("统筹办设在哪个单位：写单位名录中的规范名称", "区发展改革局"),
    "LeadingGroup.name": ("领导小组全称", "清城区城乡融合发展试验区建设领导小组"),
    "LeadingGroup.head": ("组长：姓名和职务", None),
    "LeadingGroup.executive_deputy": ("常务副组长：姓名和职务", None),
    "LeadingGroup.deputies": ("副组长，照方案原文", "区委常委、副区长……"),
    "LeadingGroup.members": ("成员，照方案原文", "各工作组牵头单位主要负责同志"),
    "Milestone.title": ("节点要求", "完成试验方案"),
    "Milestone.date": ("节点日期", "2025-12-31"),
    "Milestone.date_as_written": ("方案原文中的日期写法", "12月底前"),
    "Milestone.inferred": ("方案未写年份、由上下文推定时为 true", False),
    "Milestone.reasoning": ("推定的依据", "上下文为 2025 年工作安排"),
}


def field_doc(model: str, field: str) -> tuple[str, object] | None:
    """The explanation and example of one field of one record model, if written."""
    return FIELD_DOCS.get(f"{model}.{field}") or FIELD_DOCS.get(field)
