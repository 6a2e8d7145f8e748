"""Bounded work for any workbook: sizes, ratios and dimensions checked before it is parsed."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from test_xlsx import AUTHOR, COL, data_bytes, export, row_of

from conftest import run_cli


def import_(root: Path, path: Path, *args: str):
    return run_cli(root, "import", str(path), "--yes", "--commit", "--author", AUTHOR, *args)


def rewrite(source: Path, target: Path, part: str, change) -> Path:
    """A copy of the workbook with one zip member's text changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            data = old.read(member.filename)
            if member.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(member.filename, data)
    return target


def far_cell(source: Path, target: Path) -> Path:
    """One cell at the last row Excel allows: the sheet declares A1:P1048576."""
    book = load_workbook(source)
    book.worksheets[0].cell(1048576, 1).value = "x"
    book.save(target)
    return target


def refused_quickly(root: Path, path: Path, *words: str) -> None:
    before = data_bytes(root)
    started = time.monotonic()
    result = import_(root, path)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert data_bytes(root) == before


def test_a_million_declared_rows_are_refused_before_reading(mini, tmp_path):
    path = far_cell(export(mini, tmp_path / "a.xlsx"), tmp_path / "far.xlsx")
    assert path.stat().st_size < 30_000
    refused_quickly(mini, path, "的工作表“台账”声明有 1,048,576 行", "超过上限 20,000 行")


def test_a_lying_dimension_stops_at_the_row_limit(mini, tmp_path):
    far = far_cell(export(mini, tmp_path / "a.xlsx"), tmp_path / "far.xlsx")
    lying = rewrite(
        far,
        tmp_path / "lying.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda text: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:P9"/>', text),
    )
    refused_quickly(mini, lying, "工作表“台账”超过 20,000 行")


def test_a_zip_bomb_is_refused_by_its_sizes(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    bomb = rewrite(
        path,
        tmp_path / "bomb.xlsx",
        "docProps/app.xml",
        lambda text: text.replace("</Properties>", " " * 40_000_000 + "</Properties>"),
    )
    assert bomb.stat().st_size < 200_000
    refused_quickly(mini, bomb, "docProps/app.xml", "超过上限 30,000,000 字节")


def test_limits_come_from_the_rules_file(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "g1-t1-m2"), COL["进展情况"]).value = "进展" * 60
    book.save(tmp_path / "long.xlsx")
    rules = mini / "data" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "workbook:\n  cell_chars: 100\n", encoding="utf-8"
    )
    refused_quickly(mini, tmp_path / "long.xlsx", "N 列有 120 个字，超过上限 100 个字")


def test_a_long_cell_is_refused_with_its_place(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "g1-t1-m2"), COL["进展情况"]).value = "进展" * 6000
    book.save(tmp_path / "long.xlsx")
    refused_quickly(mini, tmp_path / "long.xlsx", "工作表“台账”第 4 行 N 列有 12,000 个字")


def test_long_values_are_shortened_in_messages(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "g1-t1-m2"), COL["进展情况"]).value = "新进展" * 2000
    sheet.cell(row_of(sheet, "g2-t1-m3"), COL["牵头单位"]).value = "某局" * 3000
    book.save(tmp_path / "long.xlsx")
    result = run_cli(mini, "import", str(tmp_path / "long.xlsx"), "--dry-run")
    assert result.exit_code == 1
    assert "…（共 6,000 字）" in result.stdout and "…（共 6,000 字）" in result.stderr
    assert len(result.stdout) + len(result.stderr) < 3000


def test_a_cell_in_the_last_column_is_refused_before_reading(mini, tmp_path):
    book = load_workbook(export(mini, tmp_path / "a.xlsx"))
    book.worksheets[1].cell(1, 16384).value = "x"
    book.save(tmp_path / "wide.xlsx")
    refused_quickly(mini, tmp_path / "wide.xlsx", "的工作表“说明”声明有 16,384 列", "上限 100 列")
