"""Read a plan document into an outline: choose the layouts present, settle who leads each measure."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageError
from .groupblocks import has_group_blocks, read_group_blocks
from .lines import Line, text_lines
from .numbering import split_number
from .outline import Inference, Outline
from .sections import read_sections
from .tables import read_tables

SUFFIXES = (".txt", ".md", ".docx")
_PERIOD = re.compile(r"(\d{4})\s*(?:年)?\s*[-—–~至到]\s*(\d{4})\s*年")
_STATUS = re.compile(r"[（(]([^（()）]*稿)[）)]\s*$")


def document_lines(path: Path) -> list[Line]:
    """The lines of a plan file, by its kind (.txt, .md, .docx)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError.single(
            f"不能读取 {path.name}：方案文件应为 .txt、.md 或 .docx",
            hint="PDF 请先在 WPS 或 Word 中另存为 .docx（或复制文字存为 .txt）再运行",
        )
    if suffix == ".docx":
        from .docxfile import docx_lines

        return docx_lines(path)
    from ..store.textcheck import decode

    text = decode(path.read_bytes(), path)
    return text_lines(text, markdown=suffix == ".md")


def read_outline(lines: list[Line]) -> Outline:
    """The structure of a plan: groups, tasks and measures, and what is not a task."""
    title = ""
    if lines and not split_number(lines[0].text).style and not lines[0].cells:
        title = lines[0].text
    outline = Outline(_STATUS.sub("", title).strip() or "实施方案", "")
    if title:
        outline.consumed.append((lines[0].where, title))
        found = _STATUS.search(title)
        outline.status = found.group(1) if found else None
        lines = lines[1:]
    period = next((m for line in lines for m in [_PERIOD.search(line.text)] if m), None)
    outline.period_text = period.group(0) if period else None
    layouts = []
    body = [line for line in lines if not line.cells]
    tables = read_tables(lines, outline)
    if tables:
        layouts.append("附件表格")
    for line in lines:
        if line.cells and line.table not in tables:
            outline.outside.append(line.where)
            if line.where.endswith("第1行") or not outline.skipped:
                outline.skipped.append((line.where, "（表格）" + line.cells[0][:20]))
    if has_group_blocks(body):
        layouts.insert(0, "工作组")
        start, end = read_group_blocks(body, outline)
        outside = body[:start] + body[end:]
        _skip_sections(outside, outline)
    else:
        before = len(outline.groups)
        read_sections(body, outline, bool(tables))
        if len(outline.groups) > before:
            layouts.insert(0, "编号条目")
    outline.layout = " + ".join(layouts) or "未识别"
    settle(outline)
    return outline


def _skip_sections(lines: list[Line], outline: Outline) -> None:
    """Lines outside the groups: each heading (or the preamble) listed once as not tasks."""
    depths = [d for d in (split_number(line.text).style for line in lines) if d]
    top = depths[0] if depths else None
    for line in lines:
        outline.outside.append(line.where)
        numbered = split_number(line.text)
        if (numbered.style == top and numbered.style) or not outline.skipped:
            outline.skipped.append(
                (line.where, numbered.rest[:24] if numbered.style else "（前言）")
            )


def settle(outline: Outline) -> None:
    """Give each measure its lead: its own, inherited (marked), the group's (marked), or none (flagged)."""
    for group in outline.groups:
        for task in group.tasks:
            for measure in task.measures:
                own = measure.assignment
                if own is not None and own.leads():
                    if measure.lead_from:
                        measure.inferences.append(
                            Inference(measure.where, f"牵头单位取自{measure.lead_from}")
                        )
                elif group.lead:
                    measure.lead_from = "工作组"
                    measure.inferences.append(
                        Inference(
                            measure.where,
                            f"措施没有写牵头单位：取工作组的牵头单位（{'、'.join(group.lead)}）",
                        )
                    )
                else:
                    measure.lead_from = ""
                    measure.inferences.append(
                        Inference(measure.where, "没有找到牵头单位：保留这一项，待统筹办明确")
                    )
