"""A pull request's review as plain text (terminal, CI log) and as Markdown (a review comment).

Standard library only; every value from data or git is escaped by the safe and markdown helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import RECORD_KIND_LABELS, SEVERITY_LABELS
from . import markdown
from .safe import visible

if TYPE_CHECKING:
    from ..collab.review import ReviewReport
    from ..history.recorddiff import RecordChange


def _title(change: RecordChange) -> str:
    kind = RECORD_KIND_LABELS.get(change.kind, change.kind)
    name = change.record_id.removeprefix("unit:")
    if change.record_id.startswith("@"):
        return kind
    return f"{kind} {name}"


def _who(report: ReviewReport) -> list[str]:
    return [
        f"{author.name}（{author.party or '未登记'}）"
        if author.party
        else f"{author.name}（未登记）"
        for author in report.authors
    ]


def _identity(report: ReviewReport) -> str:
    from ..collab.identity import IDENTITY_NOTES

    return IDENTITY_NOTES.get(report.identity, "")


def _verdict(report: ReviewReport) -> str:
    if report.allowed:
        return "结论：所有修改都在提交者的权限之内。"
    return f"结论：{len(report.violations)} 处修改超出提交者的权限，合并前须更正。"


def review_text(report: ReviewReport) -> str:
    """The review as lines for a terminal or a CI log."""
    lines = [
        f"{report.head} 相对于 {report.base} 的修改（{len(report.changes)} 项记录）",
        "提交者：" + ("、".join(_who(report)) or "（没有新的提交）"),
        "",
    ]
    for change in report.changes:
        lines.append(f"{_title(change)}：{change.title.splitlines()[0] if change.title else ''}")
        lines.extend(f"  {line}" for line in change.lines())
    if report.other_files:
        lines.append(
            "台账数据以外的文件（由 CODEOWNERS 指定的人审核）：" + "、".join(report.other_files)
        )
    if report.policy_missing:
        lines.append("注意：基准版本没有 data/policy.yaml，只检查对所有人都适用的规则。")
    lines.append(_identity(report))
    lines.append("")
    for violation in report.violations:
        place = violation.record_id.removeprefix("unit:") or "全部修改"
        who = f"（{violation.author}）" if violation.author else ""
        lines.append(f"错误：{place}：{violation.rule}{who}")
        lines.append(f"  → {violation.hint}")
    for note in report.notes:
        lines.append(f"{SEVERITY_LABELS['warning']}：{note.message}")
        lines.append(f"  → {note.hint}")
    lines.append(_verdict(report))
    return "\n".join(visible(line) for line in lines) + "\n"


def review_markdown(report: ReviewReport) -> str:
    """The review as a pull-request comment: a table of changes, then what must be fixed."""
    md = markdown.text
    out = [
        "### 台账修改审核（ledger review）",
        "",
        f"**{md(_verdict(report))}**",
        "",
        f"提交者：{md('、'.join(_who(report)) or '（没有新的提交）')}",
        "",
        md(_identity(report)),
        "",
    ]
    if report.changes:
        out += ["| 记录 | 字段 | 原来 | 改为 |", "|---|---|---|---|"]
        for change in report.changes:
            title = _title(change)
            if change.action != "changed":
                out.append(f"| {md(title)} | {md(change.lines()[0])} | | |")
                continue
            if change.moved:
                before, after = (md(path) for path in change.moved)
                out.append(f"| {md(title)} | 文件位置 | {before} | {after} |")
            for item in change.changes:
                if item.added or item.removed:
                    before = "<br>".join(f"− {md(v)}" for v in _plain(item.removed))
                    after = "<br>".join(f"＋ {md(v)}" for v in _plain(item.added))
                else:
                    before, after = md(_one(item.field, item.old)), md(_one(item.field, item.new))
                out.append(f"| {md(title)} | {md(item.label)} | {before} | {after} |")
        out.append("")
    if report.other_files:
        out.append(
            "台账数据以外的文件（由 CODEOWNERS 指定的人审核）："
            + "、".join(md(p) for p in report.other_files)
        )
        out.append("")
    if report.violations:
        out += ["#### 须更正", ""]
        for violation in report.violations:
            place = violation.record_id.removeprefix("unit:") or "全部修改"
            who = f"（{md(violation.author)}）" if violation.author else ""
            out.append(f"- **{md(place)}**：{md(violation.rule)}{who}  ")
            out.append(f"  → {md(violation.hint)}")
        out.append("")
    if report.notes:
        out += ["#### 进展质量提示（不影响合并，请报送单位留意）", ""]
        for note in report.notes:
            out.append(f"- {md(note.message)}  ")
            out.append(f"  → {md(note.hint)}")
        out.append("")
    return "\n".join(out)


def _one(name: str, value: object) -> str:
    from ..vocabulary import blank, status_label

    if name == "status":
        return status_label(value)
    if name == "progress" and isinstance(value, int):
        return f"{value}%"
    return blank(value).replace("\n", " ")


def _plain(values: tuple) -> list[str]:
    """List items as text: a log entry as `date author：note`, other records field by field."""
    out = []
    for value in values:
        if isinstance(value, dict) and "note" in value:
            head = " ".join(str(value[k]) for k in ("date", "author") if value.get(k) is not None)
            out.append(f"{head}：{value['note']}".replace("\n", " "))
        elif isinstance(value, dict):
            out.append("，".join(str(v) for v in value.values() if v not in (None, "", [])))
        else:
            out.append(str(value))
    return out
