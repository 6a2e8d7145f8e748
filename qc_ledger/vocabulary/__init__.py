"""Every Chinese label the ledger shows for a stored value, a field, a kind of record or a derived flag.

Imports nothing: models, reports and renderers all read their words from here, so one concept has one
word everywhere.
"""

from __future__ import annotations

import datetime as dt

# The field names live in their own module; re-exported so every label is read from here.
from .fields import FIELD_LABELS, FIELD_SYNONYMS, KIND_FIELD_LABELS, SUBFIELD_LABELS, field_label  # noqa: F401

STATUS_LABELS: dict[str, str] = {
    "not_started": "未启动",
    "in_progress": "推进中",
    "delayed": "滞后",
    "done": "已完成",
    "cancelled": "已取消",
}
STATUS_CHOICES = "、".join(f"{value}（{label}）" for value, label in STATUS_LABELS.items())

# The traffic light, most urgent first: a word in tables, a longer one in sentences.
LIGHTS = ("red", "yellow", "blue", "green")
LIGHT_WORDS = {"red": "红", "yellow": "黄", "blue": "蓝", "green": "绿"}

# Derived flags of a measure, as tables and counts name them.
OVERDUE = "逾期"
DUE_SOON = "即将到期"
DUE_TODAY = "今天到期"
STALE = "未报送"
DEADLINE_INFERRED = "时限推定"  # a deadline ledger init inferred: the plan gave none
NEVER_REPORTED = "从未报送"
FLAG_LABELS = {"overdue": OVERDUE, "due_soon": DUE_SOON, "stale": STALE}

ROLE_LABELS = {"lead": "牵头", "cooperating": "配合"}
# Reported progress against the expected (序时进度).
PACE_LABELS = {
    "ahead": "超进度",
    "on_pace": "达进度",
    "behind": "欠进度",
    "far_behind": "严重滞后",
    "done": "已完成",
    "overdue": "逾期",
}
SEVERITY_LABELS = {"error": "错误", "warning": "提示"}

# Supervision (督办): where an item comes from, how often it reports, the steps of closing it.
SOURCE_KIND_LABELS = {
    "plan": "方案措施",
    "instruction": "领导批示",
    "meeting": "会议纪要",
    "proposal": "建议提案",
    "key_work": "重点工作",
}
CADENCE_LABELS = {
    "weekly": "周报",
    "monthly": "月报",
    "bimonthly": "双月报",
    "quarterly": "季报",
    "none": "不用报",
}
# The work group that holds the items beyond the plan, created with the first item.
SUPERVISION_GROUP_NAME = "督办事项"
SUPERVISION_GROUP_SHORT = "督办"
SOURCE_KIND = "来源"
CLOSING_LABELS = {"request": "申请办结", "approve": "审核办结", "reject": "退回"}
# A milestone (节点) whose date has passed unmet, and how `show` lists each milestone.
MILESTONE_MISSED = "节点未达"
MILESTONE_STATES = {"reached": "已达到", "missed": "未达到", "pending": "未到"}
UNACKNOWLEDGED = "未签收"
# An inspection's rectification (督导检查的整改).
RECTIFICATION_LABELS = {"pending": "待整改", "in_progress": "整改中", "done": "已整改"}
# Note-quality warnings (纸面销号) as reminders and the notice head them; 存在问题 missing on a red measure.
QUALITY = "进展质量"
NO_PROBLEMS_STATED = "未说明存在问题"
CLOSING_REQUESTED = "待审核办结"

# What each data file holds, and what each record is called in history.
FILE_KIND_LABELS = {
    "plan": "实施方案",
    "units": "单位名录",
    "rules": "规则",
    "policy": "修改权限",
    "office": "统筹办工作记录",
    "group": "工作组",
    "task": "任务",
}
RECORD_KIND_LABELS = {
    "plan": "实施方案",
    "unit": "单位",
    "rules": "规则",
    "policy": "修改权限",
    "office": "统筹办工作记录",
    "group": "工作组",
    "task": "任务",
    "measure": "措施",
}

HISTORY_TOTAL_LABELS = {
    "records": "改动记录",
    "measures_added": "新增措施",
    "done": "新完成",
    "notes": "新增进展",
    "status": "状态变化",
    "deadlines": "完成时限调整",
}

EMPTY = "（空）"


def status_label(value: object) -> str:
    """The Chinese label of a stored status (the value as read when unknown)."""
    return STATUS_LABELS.get(str(value), blank(value))


def blank(value: object) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(blank(item) for item in value)
    return str(value)


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


def _either(words: list[str]) -> str:
    """`A`, `A或B`, `A、B或C` (a space between 或 and a figure, as in running text)."""
    if len(words) == 1:
        return words[0]
    last = words[-1]
    return "、".join(words[:-1]) + ("或 " if last[:1].isascii() else "或") + last


def condition_word(name: str, rules) -> str:
    """A light rule's condition in words, with the rules' own number of days."""
    return {
        "overdue": OVERDUE,
        "delayed": STATUS_LABELS["delayed"],
        "due_soon": f"{rules.due_soon_days} 天内到期",
        "stale": f"{rules.stale_days} 天未报送",
        "behind": PACE_LABELS["behind"],
        "far_behind": PACE_LABELS["far_behind"],
    }[name]


def light_legend(rules) -> str:
    """What each light of a group means under these rules."""
    parts = []
    for word, names in (("红", rules.red), ("黄", rules.yellow), ("蓝", rules.blue)):
        if names:
            either = _either([condition_word(name, rules) for name in names])
            parts.append(f"{word}＝有{' ' if either[:1].isascii() else ''}{either}")
    parts[0] += "措施"
    parts.append("绿＝其余")
    legend = "灯：" + "；".join(parts) + "。"
    used = {*rules.red, *rules.yellow, *rules.blue}
    if used & {"behind", "far_behind"}:
        legend += pace_legend(rules)
    return legend


def milestone_line(milestone) -> str:
    """`时间节点 2022-08-30（年份为推定，已过）：…` for a status header."""
    notes = ["年份为推定"] if milestone.inferred else []
    notes.append("已过" if milestone.passed else "未到")
    return f"时间节点 {milestone.date.isoformat()}（{'，'.join(notes)}）：{milestone.title}"


def milestone_text(day, progress, deliverable) -> str:
    """A milestone in a line: `2026-06-30 60%（方案印发）`."""
    text = str(day)
    if progress is not None:
        text += f" {progress}%"
    if deliverable:
        text += f"（{deliverable}）" if progress is not None else f" {deliverable}"
    return text


def milestones_text(items) -> str:
    """Milestones as plain dicts (date, progress, deliverable) in a line; 无 when there are none."""
    if not items:
        return "无"
    return "；".join(
        milestone_text(m["date"], m.get("progress"), m.get("deliverable")) for m in items
    )


def pace_legend(rules) -> str:
    """What the expected-progress labels mean under these rules."""
    return (
        f"{PACE_LABELS['behind']}、{PACE_LABELS['far_behind']}＝进度落后序时进度"
        f" {rules.behind_points}、{rules.serious_points} 个百分点以上。"
    )


def flag_legend(rules) -> str:
    """What the flags of a listed measure mean under these rules."""
    return (
        f"提示：{OVERDUE}＝已过完成时限未完成；{DUE_SOON}＝{rules.due_soon_days} 天内到期；"
        f"{STALE}＝{rules.stale_days} 天内没有进展记录；" + pace_legend(rules)
    )


_OS_REASONS = {
    "ENOENT": "文件或目录不存在",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "ENOSPC": "磁盘已满",
    "EROFS": "只读的文件系统",
    "EISDIR": "这是一个目录",
    "ENOTDIR": "路径中有一段不是目录",
    "EEXIST": "已经存在",
    "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用",
    "ENAMETOOLONG": "文件名太长",
    "EMFILE": "打开的文件太多",
    "EDQUOT": "超出磁盘配额",
    "ECONNREFUSED": "连接被拒绝（对方没有在这个端口上提供服务）",
    "ECONNRESET": "连接被对方断开",
    "ETIMEDOUT": "连接超时",
    "EHOSTUNREACH": "无法到达对方主机",
    "ENETUNREACH": "网络不通",
    "EPIPE": "读取的一方已经关闭",
    "ENXIO": "这是套接字或没有连上的设备，不能当作文件写入",
    "ELOOP": "符号链接构成了循环",
}


def os_reason(exc: BaseException) -> str:
    """Why the operating system refused, in Chinese (its own words when there is no translation)."""
    import errno

    name = errno.errorcode.get(getattr(exc, "errno", None) or -1, "")
    return _OS_REASONS.get(name) or getattr(exc, "strerror", None) or type(exc).__name__


# How the headline figures are defined (domain/figures.py), said wherever they are shown.
FIGURES_LEGEND = (
    "完成率＝已完成÷未取消的措施；平均进度、序时进度＝未取消措施的平均；"
    "逾期＝已过完成时限仍未完成；百分数四舍五入。"
)
