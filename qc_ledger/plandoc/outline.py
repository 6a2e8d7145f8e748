"""The structure found in a plan document: groups, tasks, measures, each with its place in the source."""

from __future__ import annotations

from dataclasses import dataclass, field

from .assignments import Assignment


@dataclass
class Inference:
    """Something the reading decided that the source does not say outright, and where."""

    where: str
    what: str
    record: str = ""  # the id of the record it concerns, once ids are given


@dataclass
class MeasureItem:
    """One measure: its words as written, its units and deadline as given, where it stands."""

    text: str
    where: str
    assignment: Assignment | None = None
    lead_from: str = ""  # where an inherited lead came from: a heading, "下同", the group
    inferences: list[Inference] = field(default_factory=list)


@dataclass
class TaskItem:
    """One task (工作任务) and its measures."""

    title: str
    where: str
    measures: list[MeasureItem] = field(default_factory=list)
    inferences: list[Inference] = field(default_factory=list)


@dataclass
class GroupItem:
    """One work group, or a section of the plan taken as one."""

    name: str
    where: str
    leader: tuple[str, str] | None = None  # (name, title)
    lead: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    tasks: list[TaskItem] = field(default_factory=list)
    inferences: list[Inference] = field(default_factory=list)


@dataclass
class Outline:
    """What a plan document holds, as read: the ledger's structure before any file is written."""

    title: str
    layout: str  # 工作组 · 编号条目 · 附件表格 (several joined by " + ")
    groups: list[GroupItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, title) not tasks
    consumed: list[tuple[str, str]] = field(default_factory=list)  # (where, text) read as structure
    outside: list[str] = field(default_factory=list)  # where each line outside the task part stands
    inferences: list[Inference] = field(default_factory=list)
    period_text: str | None = None
    status: str | None = None  # 稿, 征求意见稿: what the title's brackets say

    def measures(self) -> list[MeasureItem]:
        return [m for g in self.groups for t in g.tasks for m in t.measures]
