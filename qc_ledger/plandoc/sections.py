"""Plans laid out as numbered sections and items, units given per item, per heading or "下同".

Sections carrying no assignment anywhere (指导思想, 工作要求) are not tasks; a single section that
holds all assigned items (三、重点任务) is a container whose sections become the groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assignments import Assignment, label_line, take_assignment
from .common import bare, is_structure, paragraph_measures, style_depths, title_like
from .lines import Line
from .numbering import split_number
from .outline import GroupItem, Inference, MeasureItem, Outline, TaskItem

# Used only when no item of the plan names a unit: sections that by their name are no tasks.
_NOT_TASKS = re.compile(
    r"指导思想|总体要求|基本原则|工作目标|主要目标|总体目标|试验目标|工作要求|保障措施|组织保障|组织实施|实施步骤|附件"
)


@dataclass
class _Node:
    line: Line | None
    depth: int
    words: str = ""
    assignment: Assignment | None = None
    children: list[_Node] = field(default_factory=list)
    numbered: bool = True

    def assigned(self) -> bool:
        own = self.assignment is not None and self.assignment.names_units()
        return own or any(child.assigned() for child in self.children)

    def headings(self) -> list[_Node]:
        return [child for child in self.children if child.numbered and child.children]


def _merge(first: Assignment | None, second: Assignment) -> Assignment:
    if first is None:
        return second
    first.lead += second.lead
    first.cooperating += second.cooperating
    first.responsible += second.responsible
    first.deadline = first.deadline or second.deadline
    first.same_below = first.same_below or second.same_below
    first.raw += second.raw
    return first


def _tree(lines: list[Line], outline: Outline) -> _Node:
    depths = style_depths(lines)
    root = _Node(None, -1)
    stack = [root]
    last = root
    for line in lines:
        numbered = split_number(line.text)
        labels = label_line(line.text)
        if labels is not None and last is not root:
            last.assignment = _merge(last.assignment, labels)
            outline.consumed.append((line.where, line.text))
            continue
        if numbered.style:
            depth = depths[numbered.style]
            while stack[-1].depth >= depth:
                stack.pop()
            words, assignment = take_assignment(numbered.rest.strip())
            node = _Node(line, depth, words, assignment)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            words, assignment = take_assignment(line.text)
            node = _Node(line, 99, words, assignment, numbered=False)
            stack[-1].children.append(node)
        last = node
    return root


def read_sections(lines: list[Line], outline: Outline, tables_have_tasks: bool) -> None:
    """Fill the outline's groups from numbered sections; list the sections that are not tasks."""
    root = _tree(lines, outline)
    tops = [child for child in root.children if child.numbered]
    for child in root.children:
        if not child.numbered:
            outline.skipped.append((child.line.where, "（前言）" + child.words[:20]))
            outline.outside.append(child.line.where)
    if any(top.assigned() for top in tops) or tables_have_tasks:
        chosen = [top for top in tops if top.assigned()]
    else:
        chosen = [top for top in tops if not _NOT_TASKS.search(top.words) and top.children]
    while len(chosen) == 1 and len(chosen[0].headings()) >= 2:
        container = chosen[0]
        outline.consumed.append((container.line.where, container.line.text))
        for child in container.children:
            if not child.numbered:
                outline.skipped.append((child.line.where, "（说明）" + child.words[:20]))
                outline.outside.append(child.line.where)
        chosen = [child for child in container.children if child.numbered]
    for top in tops:
        if top not in chosen and not any(top is c or _contains(top, c) for c in chosen):
            outline.skipped.append((top.line.where, bare(top.words)))
            outline.outside.extend(_wheres(top))
    for node in chosen:
        outline.groups.append(_group(node, outline))


def _wheres(node: _Node) -> list[str]:
    return [node.line.where, *(w for child in node.children for w in _wheres(child))]


def _contains(node: _Node, other: _Node) -> bool:
    return any(child is other or _contains(child, other) for child in node.children)


def _group(node: _Node, outline: Outline) -> GroupItem:
    group = GroupItem(bare(node.words), node.line.where)
    group.inferences.append(
        Inference(node.line.where, f"把方案的“{bare(node.words)}”一节作为一个工作组")
    )
    outline.consumed.append((node.line.where, node.line.text))
    own = node.assignment if node.assignment and node.assignment.names_units() else None
    if own is not None:
        group.lead = own.leads()
        group.members = own.others()
    _walk(node, group, [], own, node.line.where if own else "", outline)
    return group


def _walk(
    node: _Node,
    group: GroupItem,
    trail: list[_Node],
    inherited: Assignment | None,
    inherited_from: str,
    outline: Outline,
) -> None:
    """Measures of the node's subtree, each in the task of its nearest heading."""
    before: Assignment | None = None  # the previous sibling's, when it said 下同
    for child in node.children:
        if child.numbered and child.children:
            outline.consumed.append((child.line.where, child.line.text))
            own = child.assignment if child.assignment and child.assignment.names_units() else None
            where = child.line.where if own else inherited_from
            _walk(child, group, [*trail, child], own or inherited, where, outline)
            continue
        if child.numbered and is_structure(child.line):
            outline.consumed.append((child.line.where, child.line.text))
            continue
        task = _task_for(group, trail, child)
        if child.numbered:
            measures = [MeasureItem(child.words, child.line.where, child.assignment)]
        else:
            measures = paragraph_measures(child.line, split_sentences=False)
            if len(measures) == 1 and child.assignment and measures[0].assignment is None:
                measures[0].assignment = child.assignment
        for measure in measures:
            own = measure.assignment
            if own is not None and own.same_below:
                before = own
            if own is None or not own.names_units():
                if before is not None:
                    measure.assignment = _with_deadline(before, own)
                    measure.lead_from = f"“下同”（{before.raw}）"
                elif inherited is not None:
                    measure.assignment = _with_deadline(inherited, own)
                    measure.lead_from = f"上级标题（{inherited_from}）"
            task.measures.append(measure)


def _with_deadline(units: Assignment, own: Assignment | None) -> Assignment:
    return Assignment(
        lead=list(units.lead),
        cooperating=list(units.cooperating),
        responsible=list(units.responsible),
        deadline=own.deadline if own else None,
        raw=units.raw,
    )


def _task_for(group: GroupItem, trail: list[_Node], child: _Node) -> TaskItem:
    """The task of an item: its nearest heading, headings between it and the group joined."""
    if trail:
        title = "：".join(bare(node.words) for node in trail)
        where = trail[-1].line.where
    else:
        title, where = group.name, group.where
    if not group.tasks or group.tasks[-1].where != where:
        task = TaskItem(title, where)
        if not trail:
            task.inferences.append(
                Inference(where, "条目直接列在一节之下：以这一节的标题作任务标题")
            )
        elif len(trail) > 1:
            task.inferences.append(Inference(where, "任务标题由几级标题连成：" + title))
        group.tasks.append(task)
    if not title_like(group.tasks[-1].title):
        group.tasks[-1].inferences.append(Inference(where, "这一级标题读起来像句子，仍作任务标题"))
    return group.tasks[-1]
