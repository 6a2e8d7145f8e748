"""Who a plan item assigns: 牵头单位/配合单位 clauses, label lines, "X牵头，Y配合", "下同".

Unit names are split as written; collective assignees (各街镇, 各有关单位) stay what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LABELS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "参与单位": "cooperating",
    "协办单位": "cooperating",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "时间节点": "deadline",
    "时限要求": "deadline",
}
_LABEL = re.compile(r"(" + "|".join(LABELS) + r")\s*[:：]\s*")
_CLAUSE = re.compile(
    r"[（(]([^（()）]*(?:" + "|".join(LABELS) + r"|牵头)[^（()）]*)[）)]\s*[。；;]?$"
)
_INLINE = re.compile(
    r"(?P<lead>[^，,。；;（(]+?)牵头(?:[，,、](?P<coop>[^。；;]+?)(?:配合|参与|协助|协同))?"
    r"(?P<same>[，,]\s*下同)?[。；;]?$"
)
_DUTY = re.compile(r"(?P<units>[^，,。；;（(]+?)按职责分工负责(?P<same>[，,]\s*下同)?[。；;]?$")
_SAME_BELOW = re.compile(r"[，,；;]?\s*下同\s*$")
_UNIT_SUFFIX = re.compile(
    r"(局|委|办|部|院|厅|室|中心|会|社|所|站|队|组|馆|处|公司|集团|街道|镇|乡|政府|联|团|行|台|校)$"
)
COLLECTIVE_WORDS = ("有关单位", "相关单位", "有关部门", "相关部门", "成员单位")


@dataclass
class Assignment:
    """The units (and deadline) one clause or line names, as written."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline: str | None = None
    same_below: bool = False  # "下同": the items after it share its units
    raw: str = ""

    def leads(self) -> list[str]:
        """The lead units: named as such, else the first of the responsible units."""
        return self.lead or self.responsible[:1]

    def others(self) -> list[str]:
        """The cooperating units: named as such, plus responsible units that do not lead."""
        rest = self.responsible if self.lead else self.responsible[1:]
        return [name for name in [*self.cooperating, *rest] if name not in self.leads()]

    def names_units(self) -> bool:
        return bool(self.lead or self.cooperating or self.responsible)


def is_collective(name: str) -> bool:
    """A collective assignee (各街镇, 各区、县级市, 各有关单位), not a single unit."""
    return name.startswith("各") or name in COLLECTIVE_WORDS


def split_units(text: str) -> list[str]:
    """Unit names in a list "A、B，C和D等", "各区、县级市" kept whole."""
    text = re.sub(r"(等单位|等部门|等)$", "", text.strip().rstrip("。；;，,.").strip())
    pieces = [p.strip() for p in re.split(r"[、，,；;/]|\s{2,}", text) if p.strip()]
    names: list[str] = []
    for piece in pieces:
        # "各区、县级市": a short piece after a collective one is part of it.
        if (
            names
            and names[-1].startswith("各")
            and len(piece) <= 3
            and not _UNIT_SUFFIX.search(piece)
        ):
            names[-1] += "、" + piece
        else:
            names.append(piece)
    return [name for name in names if name and name not in ("无", "—", "-", "/")]


def labelled(text: str) -> Assignment | None:
    """The labelled values of a text: "牵头单位：A；配合单位：B、C；完成时限：2023年底前"."""
    marks = list(_LABEL.finditer(text))
    if not marks:
        return None
    found = Assignment(raw=text)
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        value = text[mark.end() : end].strip().rstrip("，,；;。").strip()
        if _SAME_BELOW.search(value):
            found.same_below = True
            value = _SAME_BELOW.sub("", value)
        kind = LABELS[mark.group(1)]
        if kind == "deadline":
            found.deadline = value or None
        else:
            getattr(found, kind).extend(split_units(value))
    return found


def label_line(text: str) -> Assignment | None:
    """A line that is only labelled values (starts with 牵头单位：/责任单位：/配合单位：/完成时限：)."""
    mark = _LABEL.match(text)
    return labelled(text) if mark else None


def inline(text: str) -> Assignment | None:
    """ "X牵头，Y配合" or "X按职责分工负责" as the whole of a text."""
    found = _INLINE.fullmatch(text.strip()) or None
    if found:
        return Assignment(
            lead=split_units(found["lead"]),
            cooperating=split_units(found["coop"] or ""),
            same_below=bool(found["same"]),
            raw=text,
        )
    duty = _DUTY.fullmatch(text.strip())
    if duty:
        return Assignment(
            responsible=split_units(duty["units"]), same_below=bool(duty["same"]), raw=text
        )
    return None


def take_assignment(text: str) -> tuple[str, Assignment | None]:
    """An item's words and the assignment at its end: a bracketed clause, or a last sentence."""
    clause = _CLAUSE.search(text)
    if clause:
        inner = clause.group(1)
        found = labelled(inner) or inline(inner)
        if found is not None:
            found.raw = clause.group(0).strip()
            return text[: clause.start()].rstrip(), found
    from .numbering import sentences

    parts = sentences(text)
    if len(parts) > 1:
        last = parts[-1]
        found = labelled(last) if _LABEL.match(last) else inline(last)
        if found is not None:
            found.raw = last
            return text[: text.rfind(last)].rstrip(), found
    return text, None
