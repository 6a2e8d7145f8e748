"""The body rows written as XML: texts remembered per column give the rows they would without."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from qc_ledger.sheets import sheetxml
from qc_ledger.sheets.layout import Fingerprint
from qc_ledger.sheets.writer import _Styles


def _rows():
    texts = ["区教育局", " 前后有空格 ", "控制\x1b字符", "a<b&c>", "", "换\n行" * 9, "区教育局"]
    for number in range(40):
        text = texts[number % len(texts)]
        values = {
            "id": f"p1-t1-m{number}",
            "group": texts[(number + 1) % len(texts)],
            "text": text,
            "lead_unit": text,
            "note": text * (number % 3),
            "deadline": dt.date(2025, 1, 1) + dt.timedelta(days=number),
            "progress": number,
            "expected_progress": 50,
            "problems": None,
        }
        yield values, ("red", None)[number % 2], number % 3 == 0


def _written(seen: int, monkeypatch) -> tuple[bytes, bytes, str]:
    monkeypatch.setattr(sheetxml, "_SEEN", seen)
    sheet, base = io.BytesIO(), io.BytesIO()
    checksum = Fingerprint("abc", "2025-06-30")
    body = sheetxml.BaseBody(base, checksum)
    styles = _Styles(Workbook(), "样式")
    for _ in range(2):  # two sheets share the base: its rows go on numbering
        sheetxml.SheetBody(styles, sheet, body).write(_rows())
    return sheet.getvalue(), base.getvalue(), checksum.hexdigest()


def test_texts_forgotten_as_memory_fills_change_no_row(monkeypatch):
    remembered = _written(10_000, monkeypatch)
    forgetful = _written(2, monkeypatch)
    assert forgetful == remembered
    sheet, base, _ = remembered
    assert b'<row r="42" ht=' in sheet and b'<row r="43"' not in sheet
    assert b'<row r="82">' in base and b'<row r="83"' not in base
    assert b"\0" not in sheet + base
    assert "控制\\u001b字符".encode() in sheet
    assert b'<t xml:space="preserve"> \xe5\x89\x8d' in sheet
