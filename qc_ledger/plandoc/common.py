"""What every layout shares: structural words, style depths, turning a paragraph into measures."""

from __future__ import annotations

import re

from .assignments import take_assignment
from .lines import Line
from .numbering import inline_items, is_sentence, measure_sentences, split_number
from .outline import Inference, MeasureItem

# Headings that name a part of a block rather than a task (组织机构, 工作任务).
STRUCTURE_WORDS = {
    "组织机构",
    "工作任务",
    "主要任务",
    "重点任务",
    "具体措施",
    "工作措施",
    "任务分工",
    "责任分工",
}


def bare(text: str) -> str:
    """A heading's words without trailing punctuation or spaces."""
    return re.sub(r"[\s：:。；;]+$", "", text).strip()


def is_structure(line: Line) -> bool:
    return bare(split_number(line.text).rest) in STRUCTURE_WORDS


def style_depths(lines: list[Line]) -> dict[str, int]:
    """Each numbering style's depth: the order in which the document first uses it."""
    depths: dict[str, int] = {}
    for line in lines:
        style = split_number(line.text).style
        if style and not line.cells and style not in depths:
            depths[style] = len(depths)
    return depths


def title_like(text: str) -> bool:
    return not is_sentence(text)


def paragraph_measures(line: Line, split_sentences: bool) -> list[MeasureItem]:
    """A paragraph's measures: its inline items （1）（2）…, else its sentences, else the whole."""
    items = inline_items(line.text)
    found: list[MeasureItem] = []
    if len(items) > 1:
        for label, text in items:
            measure = _measure(text, line.where)
            if not label:
                measure.inferences.append(
                    Inference(line.where, "这一项没有编号：“（2）”之前的文字取为第（1）项")
                )
            found.append(measure)
        return found
    numbered = split_number(line.text)
    text = numbered.rest if numbered.style in ("pnum", "circ", "num2") else line.text
    parts = measure_sentences(text) if split_sentences else [text]
    return [_measure(part, line.where) for part in parts]


def _measure(text: str, where: str) -> MeasureItem:
    words, assignment = take_assignment(text)
    return MeasureItem(words, where, assignment)
