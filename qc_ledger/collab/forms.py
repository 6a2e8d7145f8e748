"""Reporting progress without touching YAML: the issue form (GitHub, Gitea/Forgejo) and the parsing of
a submitted issue's body into the same update request `ledger update` makes.

Pure: the ledger in, the form's plain data out; an issue body in, a measure id and an UpdateRequest
out, or one UsageError listing every field to fix. Never prints, exits or writes.
"""

from __future__ import annotations

import re
import unicodedata

from ..domain.ledger import Ledger
from ..domain.models import Task, status_value
from ..domain.privacy import find_in_text
from ..edit.update_rules import UpdateRequest
from ..edit.values import clean_text
from ..errors import Problem, UsageError
from ..vocabulary import SOURCE_KIND_LABELS, STATUS_LABELS

LABEL = "进展报送"
FORM_FILES = (
    ".github/ISSUE_TEMPLATE/progress-report.yml",
    ".gitea/ISSUE_TEMPLATE/progress-report.yaml",
)
FIELDS = {
    "measure": "措施",
    "status": "状态",
    "progress": "进度（%）",
    "note": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "evidence": "佐证材料",
}
UNCHANGED = "不改"
# What GitHub writes for an optional field left empty (Gitea leaves it empty).
NO_RESPONSE = {"_No response_", "_无回应_", "None", ""}
SHORT_TEXT = 24


def _option(measure_id: str, text: str) -> str:
    short = text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"
    return f"{measure_id} {short}"


def _label(task: Task, text: str) -> str:
    """What the drop-down shows of a measure: its text, or an item's source and title."""
    if task.source is None:
        return text
    return f"【{SOURCE_KIND_LABELS[task.source.kind]}】{task.title.replace(chr(10), ' ')}"


def form(ledger: Ledger) -> dict:
    """The issue form: a drop-down of every measure, then status, progress, note and evidence."""
    options = [
        _option(measure.id, _label(task, measure.text.replace("\n", " ")))
        for _group, task, measure in ledger.iter_measures()
    ]
    statuses = [UNCHANGED, *(label for label in STATUS_LABELS.values())]
    return {
        "name": "进展报送",
        "description": "报送一项措施的进展：提交后自动生成修改台账的合并请求，由统筹办审核合并。",
        "title": "进展报送：",
        "labels": [LABEL],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": "每次报送一项措施。提交后机器人会检查内容；有需要修改的地方，"
                    "会在这里回复，改好后编辑本议题即可重新检查。"
                    "请不要填写手机号、身份证号或电子邮箱。"
                },
            },
            {
                "type": "dropdown",
                "id": "measure",
                "attributes": {"label": FIELDS["measure"], "options": options},
                "validations": {"required": True},
            },
            {
                "type": "dropdown",
                "id": "status",
                "attributes": {
                    "label": FIELDS["status"],
                    "options": statuses,
                    "description": "状态没有变化时选“不改”",
                },
                "validations": {"required": True},
            },
            {
                "type": "input",
                "id": "progress",
                "attributes": {
                    "label": FIELDS["progress"],
                    "description": "0 到 100 的整数；没有变化时留空",
                    "placeholder": "40",
                },
            },
            {
                "type": "textarea",
                "id": "note",
                "attributes": {
                    "label": FIELDS["note"],
                    "description": "做了什么（数字、日期、文号或成果）；已完成或取消时写明情况或理由",
                },
                "validations": {"required": True},
            },
            {
                "type": "textarea",
                "id": "problems",
                "attributes": {
                    "label": FIELDS["problems"],
                    "description": "遇到的困难和原因；滞后、逾期的措施请写明，没有时留空",
                },
            },
            {
                "type": "textarea",
                "id": "next_steps",
                "attributes": {
                    "label": FIELDS["next_steps"],
                    "description": "下一步做什么、何时完成；没有时留空",
                },
            },
            {
                "type": "textarea",
                "id": "evidence",
                "attributes": {
                    "label": FIELDS["evidence"],
                    "description": "文件号或链接，每行一项；没有时留空",
                },
            },
        ],
    }


def form_files(ledger: Ledger) -> dict[str, str]:
    """The form as each platform's issue-template file (GitHub and Gitea read the same syntax)."""
    from ..store import yaml as store

    text = "# 由 ledger forms 根据台账的措施生成，请勿手工修改。\n" + store.dump_new(form(ledger))
    return dict.fromkeys(FORM_FILES, text)


def sections(body: str) -> dict[str, str]:
    """The answers of a rendered issue form: `### label` headings, each followed by its value."""
    found: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # Not a regular expression: `###\s+(.+?)\s*$` is quadratic on a long run of spaces.
        label = line[3:].strip() if line.startswith("###") and line[3:4].isspace() else ""
        if label:
            if current is not None:
                found[current] = "\n".join(lines).strip()
            current, lines = label, []
        elif current is not None:
            lines.append(line)
    if current is not None:
        found[current] = "\n".join(lines).strip()
    return found


def _answer(found: dict[str, str], key: str) -> str | None:
    value = found.get(FIELDS[key])
    return None if value is None or value.strip() in NO_RESPONSE else value.strip()


def parse(body: str, ledger: Ledger) -> tuple[str, UpdateRequest]:
    """The measure and the update a submitted form asks for; every mistake listed at once."""
    found = sections(body)
    problems: list[Problem] = []

    def refuse(field: str, message: str, hint: str) -> None:
        problems.append(Problem(f"「{FIELDS[field]}」{message}", hint=hint, code="form"))

    missing = [key for key in ("measure", "status", "note") if FIELDS[key] not in found]
    if missing:
        names = "、".join(f"「{FIELDS[key]}」" for key in missing)
        raise UsageError(
            [
                Problem(
                    f"议题内容里找不到 {names} 这几栏（内容像是被改动过，不是表单生成的）",
                    hint="用“进展报送”表单重新提交，不要删改以 ### 开头的栏目标题",
                    code="form",
                )
            ]
        )
    measure_id = ""
    choice = _answer(found, "measure")
    if choice is None:
        refuse("measure", "没有选择", "在下拉列表中选择要报送的措施")
    else:
        measure_id = choice.split()[0]
        if measure_id not in ledger.measures:
            refuse("measure", f"中的编号“{measure_id}”不存在", "在下拉列表中重新选择措施")
    status = None
    chosen = _answer(found, "status")
    if chosen is not None and chosen != UNCHANGED:
        status = status_value(chosen)
        if status is None:
            choices = "、".join([UNCHANGED, *STATUS_LABELS.values()])
            refuse("status", f"的值“{chosen}”不是可选的状态", f"从下拉列表中选择：{choices}")
    progress = None
    written = _answer(found, "progress")
    if written is not None:
        raw = unicodedata.normalize("NFKC", written).strip().removesuffix("%").strip()
        if re.fullmatch(r"\d{1,3}", raw) and int(raw) <= 100:
            progress = int(raw)
        else:
            refuse(
                "progress",
                f"的值“{written}”不是 0 到 100 的整数",
                "只写数字，例如 40；没有变化时留空",
            )
    note = None
    try:
        text = _answer(found, "note")
        note = clean_text(text or "", f"「{FIELDS['note']}」", multiline=True)
    except UsageError as exc:
        problems.extend(exc.problems)
    stated: dict[str, str | None] = {}
    for key in ("problems", "next_steps"):
        try:
            text = _answer(found, key)
            stated[key] = (
                clean_text(text, f"「{FIELDS[key]}」", multiline=True) if text is not None else None
            )
        except UsageError as exc:
            problems.extend(exc.problems)
            stated[key] = None
    evidence: list[str] = []
    for line in (_answer(found, "evidence") or "").split("\n"):
        item = re.sub(r"^\s*(?:[-*]|\d+[.、])\s*", "", line).strip()
        if item:
            try:
                evidence.append(clean_text(item, f"「{FIELDS['evidence']}」"))
            except UsageError as exc:
                problems.extend(exc.problems)
    written = [("note", [note or ""]), ("evidence", evidence)]
    written += [(key, [value]) for key, value in stated.items() if value]
    for key, values in written:
        for kind, masked in (found for value in values for found in find_in_text(value)):
            refuse(
                key,
                f"中有个人信息（{kind} {masked}）：git 会永久保存，不能写进台账",
                "删除这个号码或地址；需要联系时写“详见联系人”",
            )
    if problems:
        raise UsageError(problems)
    return measure_id, UpdateRequest(
        status=status,
        progress=progress,
        note=note,
        evidence=tuple(evidence),
        problems=stated["problems"],
        next_steps=stated["next_steps"],
    )
