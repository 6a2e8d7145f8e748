"""Plans laid out in work-group blocks: a heading, 组长 / 成员单位 / 牵头单位, then tasks and measures.

A task is a line that reads as a title; the paragraphs under it are its measures, one per numbered
item （1）（2）… or, un-numbered, one per sentence.
"""

from __future__ import annotations

import re

from .assignments import split_units
from .common import is_structure, paragraph_measures, style_depths, title_like
from .lines import Line
from .numbering import split_number
from .outline import GroupItem, Inference, Outline, TaskItem

_LEADER = re.compile(r"^组\s*长\s*[:：]\s*(.*)$")
_MEMBERS = re.compile(r"^成员单位\s*[:：]\s*(.*)$")
_LEAD = re.compile(r"^牵头单位\s*[:：]\s*(.*)$")


def has_group_blocks(lines: list[Line]) -> bool:
    return any(_LEADER.match(line.text) for line in lines) and any(
        _MEMBERS.match(line.text) for line in lines
    )


def _group_style(lines: list[Line], first_leader: int) -> str | None:
    for line in reversed(lines[:first_leader]):
        numbered = split_number(line.text)
        if numbered.style and not is_structure(line):
            return numbered.style
    return None


def read_group_blocks(lines: list[Line], outline: Outline) -> tuple[int, int]:
    """Fill the outline's groups; return the span of lines (start, end) the blocks cover."""
    first_leader = next(i for i, line in enumerate(lines) if _LEADER.match(line.text))
    style = _group_style(lines, first_leader)
    depths = style_depths(lines)
    starts = [
        i
        for i, line in enumerate(lines)
        if split_number(line.text).style == style and not line.cells
    ]
    starts = [i for i in starts if i < first_leader][-1:] + [i for i in starts if i > first_leader]
    end = len(lines)
    for i in range(starts[0] + 1, len(lines)):
        numbered = split_number(lines[i].text)
        if numbered.style and depths.get(numbered.style, 99) < depths.get(style or "", 0):
            end = i
            break
    starts = [i for i in starts if i < end]
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else end
        outline.groups.append(_group(lines, start, stop, outline))
    return starts[0], end


def _group(lines: list[Line], start: int, stop: int, outline: Outline) -> GroupItem:
    heading = lines[start]
    group = GroupItem(split_number(heading.text).rest.strip(), heading.where)
    outline.consumed.append((heading.where, heading.text))
    task: TaskItem | None = None
    for line in lines[start + 1 : stop]:
        text = line.text
        if found := _LEADER.match(text):
            group.leader = _person(found.group(1))
            if group.leader is None and found.group(1).strip():
                group.inferences.append(
                    Inference(line.where, "组长的姓名和职务分不开，留待统筹办填写")
                )
        elif found := _MEMBERS.match(text):
            group.members = split_units(found.group(1))
        elif found := _LEAD.match(text):
            group.lead = split_units(found.group(1))
        elif is_structure(line):
            pass
        elif title_like(split_number(text).rest):
            task = TaskItem(split_number(text).rest.strip(), line.where)
            group.tasks.append(task)
        else:
            if task is None:
                task = TaskItem(group.name, line.where)
                task.inferences.append(
                    Inference(line.where, "措施之前没有任务标题：以工作组名称作任务标题")
                )
                group.tasks.append(task)
            task.measures.extend(paragraph_measures(line, split_sentences=True))
            continue
        outline.consumed.append((line.where, text))
    return group


def _person(text: str) -> tuple[str, str] | None:
    """ "欧建文  副区长" → (name, title); None when the two are not set apart by spaces."""
    parts = text.strip().split(None, 1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return None
