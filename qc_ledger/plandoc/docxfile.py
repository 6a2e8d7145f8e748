"""A Word plan (.docx) as lines: its paragraphs and table rows in the order the body holds them.

The one reader of python-docx in the package besides render.wordfile (which writes).
"""

from __future__ import annotations

from pathlib import Path

from .lines import Line, clean


def docx_lines(path: Path) -> list[Line]:
    """Paragraphs as lines, tables as rows of cells; merged cells repeat their text as Word does."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    found: list[Line] = []
    paragraph = 0
    table = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph += 1
            text = clean(block.text)
            if text:
                found.append(Line(text, f"第{paragraph}段"))
        elif isinstance(block, Table):
            table += 1
            for row_number, row in enumerate(block.rows, 1):
                cells = tuple(clean(cell.text) for cell in row.cells)
                if any(cells):
                    text = "|" + "|".join(cells) + "|"
                    found.append(Line(text, f"表{table}第{row_number}行", cells, table))
    return found
