"""The reminders as messages: one e-mail per unit, and group-bot posts within each platform's size limit.

Pure: `ledger reminders --send` shows these in a dry run and delivers exactly these.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import QUALITY, UNACKNOWLEDGED
from .reminders import RemindersReport, UnitReminder, state_words

# Bytes of UTF-8 text a group bot accepts in one message: WeCom markdown, DingTalk markdown, Feishu text.
SIZE_LIMITS = {"wecom": 4096, "dingtalk": 20000, "feishu": 30000}
STYLE_NAMES = {"wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书"}
TITLE = "进展报送催办"
# Room kept in each part for the "（第 i/n 条）" label added once the number of parts is known.
_LABEL_ROOM = 40


@dataclass(frozen=True)
class Mail:
    """One unit's reminder, addressed to its contact."""

    unit: str
    to: str
    subject: str
    body: str


def _round(unit: UnitReminder) -> str:
    return "首次催办" if unit.round == 1 else f"第 {unit.round} 次催办"


def _item_lines(unit: UnitReminder) -> list[str]:
    lines = []
    for item in unit.items:
        detail = state_words(item)
        if item.receipt_due is not None:
            detail += f"，签收期限 {item.receipt_due.isoformat()}（ledger ack {item.measure_id}）"
        if item.missed:
            detail += f"，缺报 {item.missed} 期"
        if item.last_report is not None:
            detail += f"，最近报送 {item.last_report.isoformat()}"
        lines.append(f"- {item.measure_id} {item.task_title}：{detail}")
    lines.extend(f"- {QUALITY}：{line}" for line in unit.quality)
    return lines


def _what(unit: UnitReminder) -> str:
    """What the unit owes: a report, and a receipt when some item is unsigned."""
    unsigned = any(item.state == "unsigned" for item in unit.items)
    reports = any(item.state != "unsigned" for item in unit.items)
    return "、".join(w for w, owed in (("报送进展", reports), ("签收", unsigned)) if owed)


def mail_for(report: RemindersReport, unit: UnitReminder) -> Mail:
    """The e-mail to one unit's contact (the unit must have an address)."""
    due = unit.due_by(report.next_due).isoformat()
    words = report.cadence_words or f"每月 {report.due_day} 日前报送"
    subject = f"{TITLE}：{unit.unit}（{_round(unit)}，{len(unit.items)} 项，请于 {due} 前报送）"
    body = "\n".join(
        [
            f"{unit.unit}：",
            "",
            f"截至 {report.today.isoformat()}，按报送周期（{words}进展），"
            f"贵单位以下 {len(unit.items)} 项措施需要{_what(unit)}（{_round(unit)}）：",
            "",
            *_item_lines(unit),
            "",
            f"请于 {due} 前报送本期进展。",
            "",
            "（本邮件由实施方案台账自动生成，如已报送请忽略。）",
            "",
        ]
    )
    return Mail(unit.unit, unit.email or "", subject, body)


def mails(report: RemindersReport) -> tuple[list[Mail], list[str]]:
    """One e-mail per unit with a contact address, and the units that have none."""
    found = [mail_for(report, unit) for unit in report.units if unit.email]
    missing = [unit.unit for unit in report.units if not unit.email]
    return found, missing


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _block(unit: UnitReminder, style: str, budget: int) -> str:
    """One unit's part of a group message, shortened with a note when it alone exceeds the budget."""
    name = unit.unit if style == "feishu" else f"**{unit.unit}**"
    who = f"，联系人：{unit.contact}" if unit.contact else ""
    head = f"{name}（{_round(unit)}，{len(unit.items)} 项{who}）"
    lines = _item_lines(unit)
    text = "\n".join([head, *lines])
    kept = len(lines)
    while _size(text) > budget and kept > 0:
        kept -= 1
        note = f"……另有 {len(lines) - kept} 项未列出，见 ledger reminders --unit {unit.unit}"
        text = "\n".join([head, *lines[:kept], note])
    return text


def group_texts(report: RemindersReport, style: str) -> list[str]:
    """The group message in as many parts as the platform's size limit needs (none if nobody owes)."""
    if not report.units:
        return []
    counts = report.counts()
    header = (
        f"{TITLE}（{report.today.isoformat()}）：{len(report.units)} 个单位，"
        f"逾期未报 {counts['late']} 项、从未报送 {counts['never']} 项、本期待报 {counts['due']} 项"
        + (f"、{UNACKNOWLEDGED} {counts['unsigned']} 项" if counts["unsigned"] else "")
        + "；"
        f"请于 {report.next_due.isoformat()} 前报送。"
    )
    if style != "feishu":
        header = f"### {header}"
    budget = SIZE_LIMITS[style] - _size(header) - _LABEL_ROOM
    parts: list[list[str]] = [[]]
    for unit in report.units:
        block = _block(unit, style, budget - 2)
        if parts[-1] and _size("\n\n".join([*parts[-1], block])) > budget:
            parts.append([])
        parts[-1].append(block)
    texts = []
    for number, blocks in enumerate(parts, 1):
        label = f"（第 {number}/{len(parts)} 条）" if len(parts) > 1 else ""
        texts.append("\n\n".join([header + label, *blocks]))
    return texts


def payload(style: str, text: str) -> dict:
    """The JSON a group bot of this style takes for one text."""
    if style == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if style == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": TITLE, "text": text}}
    return {"msg_type": "text", "content": {"text": text}}


def group_payloads(report: RemindersReport, style: str) -> list[dict]:
    """Every post a group bot of this style receives for the report."""
    return [payload(style, text) for text in group_texts(report, style)]
