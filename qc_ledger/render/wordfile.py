"""A Document (reports/documents.py) as a Word file (python-docx): the notice the office prints.

A4 portrait, Chinese fonts (宋体 body, 黑体 headings), tables with a header row repeated on every
page, and a footer with where it came from and the page number. Every value is plain text.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .safe import visible

if TYPE_CHECKING:
    from ..reports.documents import Document

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


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


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _table(word, model) -> None:
    table = word.add_table(rows=1, cols=len(model.header))
    table.style = "Table Grid"
    _repeat_header(table.rows[0])
    for cell, header in zip(table.rows[0].cells, model.header, strict=True):
        _font(cell.paragraphs[0].add_run(_text(header)), HEADING_FONT, 10.5, bold=True)
    for values in model.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(_text(value)), BODY_FONT, 10.5)


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


def document_docx(document: Document, provenance: str) -> bytes:
    """The whole document as the bytes of a .docx file."""
    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    footer = section.footer.paragraphs[0]
    _font(footer.add_run(_text(provenance) + "　第 "), BODY_FONT, 9)
    _page_number(footer)
    _font(footer.add_run(" 页"), BODY_FONT, 9)
    title = _paragraph(word, document.title, size=18, bold=True, font=HEADING_FONT)
    title.alignment = 1  # centred
    for line in document.lines:
        _paragraph(word, line)
    for part in document.sections:
        if part.title:
            _paragraph(word, part.title, size=14, bold=True, font=HEADING_FONT)
        for line in part.lines:
            _paragraph(word, line)
        for model in part.tables:
            _table(word, model)
    word.core_properties.title = _text(document.title)
    word.core_properties.comments = _text(provenance)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
