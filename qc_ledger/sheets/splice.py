"""Body rows written apart spliced into the workbook package openpyxl saved without them.

openpyxl saves the sheets' titles, headers, styles, validations and print setup (small); each sheet's
body, already written as XML and deflated to a temporary file (see deflate.py), goes in before
`</sheetData>` and its declared dimension is set to its last row. Standard library only.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .deflate import Deflated, Piece, write_member
from .package import sheet_parts

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)1:([A-Z]+)(\d+)"/>')
_END = b"</sheetData>"


@dataclass(frozen=True)
class Body:
    """A sheet's body rows as deflated XML (in pieces, in order), and the sheet's last row."""

    rows: tuple[Deflated | Piece, ...]
    last_row: int


def spliced(skeleton: bytes, bodies: dict[str, Body], level: int) -> bytes:
    """The package with each titled sheet's body in place (deflated at `level`)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(skeleton)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        parts = {
            part: bodies[title] for part, title in sheet_parts(source).items() if title in bodies
        }
        for member in source.infolist():
            data = source.read(member)
            body = parts.get(member.filename)
            if body is None:
                target.writestr(member.filename, data)
                continue
            head, tail = _split(data, body.last_row)
            write_member(target, member.filename, head, body.rows, tail, level)
    return out.getvalue()


def _split(sheet: bytes, last_row: int) -> tuple[bytes, bytes]:
    """The sheet's XML before and after where the body goes, its dimension reaching `last_row`."""

    def reach(found: re.Match) -> bytes:
        row = max(int(found.group(3)), last_row)
        return b'<dimension ref="%s1:%s%d"/>' % (found.group(1), found.group(2), row)

    sheet = _DIMENSION.sub(reach, sheet, count=1)
    at = sheet.rindex(_END)
    return sheet[:at], sheet[at:]
