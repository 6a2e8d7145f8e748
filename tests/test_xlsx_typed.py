"""Values as people type them: percentages as Excel stores them, full-width digits, Chinese dates."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from test_xlsx import COL, committed_files, data_bytes, export, import_, row_of

from qc_ledger.sheets.typed import date_of, progress_of

from conftest import G1T1, G2T1, run_cli

NEAR = dt.date(2024, 6, 30)


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (1, "0%", "100"),  # 100% typed into a percentage cell: Excel stores the integer 1
        (1.0, "0.0%", "100"),
        (0.7, "0%", "70"),
        (0.07, "0%", "7"),
        (0, "0%", "0"),
        (40, '0"%"', "40"),  # the export's own format: a literal % sign, the value as typed
        (40, "0\\%", "40"),
        ("７０％", "General", "70"),
        ("７０", "@", "70"),
        (" 80 % ", "General", "80"),
        ("80.0%", "General", "80"),
    ],
)
def test_progress_as_typed(value, number_format, expected):
    assert progress_of(value, number_format) == (expected, None)


@pytest.mark.parametrize(
    ("value", "number_format", "words"),
    [(1.5, "0%", "150%"), (0.705, "0%", "70.5%"), (140, "General", "140"), ("七成", "@", "七成")],
)
def test_progress_out_of_range_is_refused_as_shown(value, number_format, words):
    found, why = progress_of(value, number_format)
    assert found is None and words in why and "0 到 100 的整数" in why


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月5日",
        "2024.3.5",
        "2024/3/5",
        "2024-3-5",
        "2024-03-05",
        "２０２４年３月５日",
        "2024 年 3 月 5 日",
        "2024年3月5号",
        "20240305",
        "２０２４．３．５",
    ],
)
def test_dates_typed_the_usual_chinese_ways(text):
    assert date_of(text, NEAR) == ("2024-03-05", None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3月5日", ["没有写年份", "是不是 2024-03-05？"]),
        ("３/５", ["没有写年份", "是不是 2024-03-05？"]),
        ("24.3.5", ["年份只有两位", "是不是 2024-03-05？"]),
        ("2024年2月30日", ["不是有效的日期", "2 月没有 30 日"]),
        ("6月底前", ["不是日期", "2024-06-30"]),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused_with_the_correction(text, words):
    found, why = date_of(text, NEAR)
    assert found is None
    for word in words:
        assert word in why


def test_typed_values_import_as_meant(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    row = row_of(sheet, "g1-t1-m2")
    deadline = sheet.cell(row, COL["完成时限"]).value
    sheet.cell(row, COL["完成时限"]).value = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    sheet.cell(row, COL["进度"]).value = "６５％"
    other = row_of(sheet, "g2-t1-m3")
    sheet.cell(other, COL["进度"]).value = 0.55
    sheet.cell(other, COL["进度"]).number_format = "0%"
    book.save(tmp_path / "typed.xlsx")
    result = import_(mini, tmp_path / "typed.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "进度 65%" in run_cli(mini, "show", "g1-t1-m2").stdout
    assert "进度 55%" in run_cli(mini, "show", "g2-t1-m3").stdout
    assert committed_files(mini) == sorted([G1T1, G2T1])


def test_a_date_without_its_year_is_refused_with_sheet_row_column_and_correction(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    row = row_of(sheet, "g1-t1-m2")
    deadline = sheet.cell(row, COL["完成时限"]).value
    sheet.cell(row, COL["完成时限"]).value = f"{deadline.month}月{deadline.day}日"
    book.save(tmp_path / "noyear.xlsx")
    before = data_bytes(mini)
    result = import_(mini, tmp_path / "noyear.xlsx")
    assert result.exit_code == 1
    assert "工作表“台账”第 4 行 J 列（完成时限）" in result.stderr
    assert f"是不是 {deadline.date().isoformat()}？" in result.stderr
    assert data_bytes(mini) == before
