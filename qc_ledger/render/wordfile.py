"""A Document (reports/documents.py) as a Word file (python-docx): the notice the office prints.

A4 portrait, turned landscape for a section whose table needs it; Chinese fonts (宋体 body, 黑体
headings); tables with fixed column widths (render/page_columns.py) set both on the cells, for Word,
and on the grid, for LibreOffice, and a header row repeated on every page; the office's reference
number (文号), issuing unit and date line; a footer with its source and page number. Plain text only.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .page_columns import page_columns
from .safe import visible

if TYPE_CHECKING:
    from ..reports.documents import Document

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
TABLE_SIZE = 10.5  # 五号
MARGIN = Cm(2.2)
PAGE_SHORT, PAGE_LONG = Cm(21), Cm(29.7)
# Each cell's left and right padding (0.19 cm each in Word's default table style) and its
# borders, in display cells of TABLE_SIZE, rounded up.
PADDING_CELLS = 3


@dataclass(frozen=True)
class Letterhead:
    """What the office prints on every document it issues: 文号 above the title, unit and date below."""

    reference: str | None = None
    issuer: str | None = None
    dated: dt.date | None = None


def _font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = Pt(size)
    run.bold = bold or None


def _text(value: object) -> str:
    if value is None:
        return ""
    return visible(value.isoformat() if hasattr(value, "isoformat") else str(value))


def _paragraph(word, text: str, *, size: float = 12, bold: bool = False, font: str = BODY_FONT):
    paragraph = word.add_paragraph()
    _font(paragraph.add_run(_text(text)), font, size, bold)
    return paragraph


def _heading(word, text: str, level: int, size: float):
    """A heading: kept with what follows it, and at its outline level (Word's navigation pane)."""
    paragraph = _paragraph(word, text, size=size, bold=True, font=HEADING_FONT)
    paragraph.paragraph_format.keep_with_next = True
    if level > 1:  # a heading right under a table would touch its bottom border
        paragraph.paragraph_format.space_before = Pt(12 if level == 2 else 8)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level - 1))
    paragraph._p.get_or_add_pPr().append(outline)
    return paragraph


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _room(page_width) -> int:
    """The text width of a page, in display cells of the table font, less each column's padding."""
    return int((page_width - 2 * MARGIN) / Pt(TABLE_SIZE / 2))


def _no_wrap(cell) -> None:
    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _layout(model):
    count = len(model.header)
    pad = PADDING_CELLS * count
    return page_columns(
        [_text(h) for h in model.header],
        [[_text(v) for v in row] for row in model.rows],
        model.wide,
        _room(PAGE_SHORT) - pad,
        _room(PAGE_LONG) - pad,
    )


def _table(word, model, layout) -> None:
    table = word.add_table(rows=1, cols=len(model.header))
    table.style = "Table Grid"
    table.autofit = False  # a fixed layout: the widths below, not a share of the page each
    widths = [Pt(TABLE_SIZE / 2 * (cells + PADDING_CELLS)) for cells in layout.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice follows
    _repeat_header(table.rows[0])
    for cell, header in zip(table.rows[0].cells, model.header, strict=True):
        _font(cell.paragraphs[0].add_run(_text(header)), HEADING_FONT, TABLE_SIZE, bold=True)
    for values in model.rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _font(cell.paragraphs[0].add_run(_text(value)), BODY_FONT, TABLE_SIZE)
            if index in layout.nowrap:
                _no_wrap(cell)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # each cell's own width, which Word follows


def _turn(word, section, landscape: bool):
    """A new section on a new page when the orientation changes; the footer carries over."""
    if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return section
    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = PAGE_LONG, PAGE_SHORT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    return section


def _page_number(paragraph) -> None:
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)


def document_docx(
    document: Document, provenance: str, letterhead: Letterhead | None = None
) -> bytes:
    """The whole document as the bytes of a .docx file."""
    letterhead = letterhead or Letterhead()
    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_SHORT, PAGE_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    footer = section.footer.paragraphs[0]
    _font(footer.add_run(_text(provenance) + "　第 "), BODY_FONT, 9)
    _page_number(footer)
    _font(footer.add_run(" 页"), BODY_FONT, 9)
    if letterhead.reference:
        _paragraph(word, letterhead.reference, size=14).alignment = 1  # centred
    title = _heading(word, document.title, 1, 18)
    title.alignment = 1  # centred
    for line in document.lines:
        _paragraph(word, line)
    for part in document.sections:
        layouts = [_layout(model) for model in part.tables]
        section = _turn(word, section, any(layout.landscape for layout in layouts))
        if part.title:
            # 四号 for a part, 小四 for a part of a part
            _heading(word, part.title, part.level, 14 if part.level <= 2 else 12)
        for line in part.lines:
            _paragraph(word, line)
        for model, layout in zip(part.tables, layouts, strict=True):
            _table(word, model, layout)
    for line in (letterhead.issuer, _date_line(letterhead.dated)):
        if line:
            _paragraph(word, line).alignment = 2  # right
    word.core_properties.title = _text(document.title)
    word.core_properties.comments = _text(provenance)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _date_line(day: dt.date | None) -> str | None:
    """成文日期 as official documents write it: 2025年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else None
