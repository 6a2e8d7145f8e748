"""A workbook is checked against git: its hidden base is a claim, never the base of the comparison."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from test_xlsx import AUTHOR, COL, data_bytes, export, row_of

from qc_ledger.sheets.layout import COMPARED, fingerprint

from conftest import git, run_cli

OTHER = "g2-t1-m2"  # led by 区发展改革局 alone: not in 区教育局's workbook


def import_(root: Path, path: Path, *args: str):
    return run_cli(root, "import", str(path), "--yes", "--commit", "--author", AUTHOR, *args)


def forge(book, *, state: str | None = None, commit: str | None = None) -> None:
    """Re-sign the hidden base as a forger would: the checksum is recomputed over the new rows."""
    base = book["底稿"]
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in base.iter_rows(min_row=3, values_only=True)
    ]
    rows = [row[: len(COMPARED)] for row in rows if any(row)]
    if commit is not None:
        base["B1"] = commit
    if state is not None:
        base["G1"] = state
    unit = base["F1"].value or ""
    base["D1"] = fingerprint(base["B1"].value or None, base["C1"].value, rows, unit)


def add_row(book, source_row: list[str], sheet_values: dict[str, object]) -> None:
    """A row for another unit's measure, in the sheet and in the hidden base."""
    sheet = book.worksheets[0]
    row = sheet.max_row + 1
    sheet.cell(row, COL["编号"]).value = source_row[0]
    for header, value in sheet_values.items():
        sheet.cell(row, COL[header]).value = value
    base = book["底稿"]
    target = base.max_row + 1
    for index, value in enumerate(source_row, 1):
        base.cell(target, index).value = value


def row_in_full_export(root: Path, tmp_path: Path, measure_id: str) -> list[str]:
    book = load_workbook(export(root, tmp_path / "all.xlsx"))
    for row in book["底稿"].iter_rows(min_row=3, values_only=True):
        if row[0] == measure_id:
            return ["" if v is None else str(v) for v in row[: len(COMPARED)]]
    raise AssertionError(measure_id)


def test_a_unit_workbook_cannot_change_another_units_measure(mini, tmp_path):
    other = row_in_full_export(mini, tmp_path, OTHER)
    path = export(mini, tmp_path / "edu.xlsx", "--unit", "区教育局")
    before = data_bytes(mini)
    for state in ("clean", "dirty"):
        book = load_workbook(path)
        add_row(book, other, {"状态": "已完成", "进度": 100, "进展情况": "已全部完成。"})
        forge(book, state=state)
        forged = tmp_path / f"forged-{state}.xlsx"
        book.save(forged)
        for args in ((), ("--partial",)):
            result = import_(mini, forged, *args)
            assert result.exit_code == 1, result.stdout
            assert "与 git 中提交" in result.stderr and "不符" in result.stderr
            assert data_bytes(mini) == before


def test_a_row_outside_the_units_export_is_refused_with_its_place(mini, tmp_path):
    path = export(mini, tmp_path / "edu.xlsx", "--unit", "区教育局")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "g1-t1-m2"), COL["编号"]).value = OTHER
    book.save(tmp_path / "swapped.xlsx")
    before = data_bytes(mini)
    result = import_(mini, tmp_path / "swapped.xlsx")
    assert result.exit_code == 1
    assert "不在这份表格导出的范围内（导出给区教育局" in result.stderr
    assert "工作表“区教育局”第 4 行 B 列（编号）" in result.stderr
    assert data_bytes(mini) == before


def test_a_forged_base_does_not_hide_a_concurrent_change(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    changed = run_cli(mini, "update", "g1-t1-m2", "--progress", "50", "--commit")
    assert changed.exit_code == 0, changed.stderr
    before = data_bytes(mini)
    for state in ("clean", "dirty"):
        book = load_workbook(path)
        sheet = book.worksheets[0]
        sheet.cell(row_of(sheet, "g1-t1-m2"), COL["进度"]).value = 70
        base = book["底稿"]
        line = next(r for r in range(3, base.max_row + 1) if base.cell(r, 1).value == "g1-t1-m2")
        base.cell(line, 11).value = "50"  # as if exported after the change: no conflict shown
        forge(book, state=state)
        book.save(tmp_path / f"hidden-{state}.xlsx")
        result = import_(mini, tmp_path / f"hidden-{state}.xlsx", "--partial")
        assert data_bytes(mini) == before, result.stdout
        words = "不符" if state == "clean" else "导出后台账中已改为“50”"
        assert words in result.stderr


def test_a_workbook_without_a_commit_is_compared_with_the_ledger_now_and_says_so(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "g1-t1-m2"), COL["进度"]).value = 60
    forge(book, commit="")
    book.save(tmp_path / "nocommit.xlsx")
    result = run_cli(mini, "import", str(tmp_path / "nocommit.xlsx"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "导出时不在 git 仓库中" in result.stdout
    assert "注意：表格没有记录导出时的提交：与台账现状比较" in result.stdout
    assert "g1-t1-m2 进度：40 → 60" in result.stdout
    assert git(mini, "status", "--porcelain").strip() == ""


def test_a_unit_workbook_whose_claim_was_removed_is_refused_when_the_sender_is_named(
    mini, tmp_path
):
    """Strip the unit claim (a whole-ledger workbook, re-signed as dirty): `--from` still holds."""
    other = row_in_full_export(mini, tmp_path, OTHER)
    path = export(mini, tmp_path / "edu.xlsx", "--unit", "区教育局")
    book = load_workbook(path)
    add_row(book, other, {"状态": "已完成", "进度": 100, "进展情况": "已全部完成。"})
    book["底稿"]["F1"] = None
    forge(book, state="dirty")
    forged = tmp_path / "no-claim.xlsx"
    book.save(forged)
    before, head = data_bytes(mini), git(mini, "rev-parse", "HEAD")
    result = import_(mini, forged, "--from", "区教育局")
    assert result.exit_code == 1, result.stdout
    assert "全台账工作簿" in result.stderr and "不是导出给区教育局的" in result.stderr
    assert data_bytes(mini) == before and git(mini, "rev-parse", "HEAD") == head


def test_a_workbook_exported_for_another_unit_is_refused_and_its_own_unit_is_accepted(
    mini, tmp_path
):
    path = export(mini, tmp_path / "edu.xlsx", "--unit", "区教育局")
    before = data_bytes(mini)
    result = import_(mini, path, "--from", "区发展改革局")
    assert result.exit_code == 1 and "是导出给区教育局的，不是导出给区发展改革局的" in result.stderr
    assert data_bytes(mini) == before
    result = import_(mini, path, "--from", "区教育局")
    assert result.exit_code == 0, result.stderr
    assert "没有需要导入的修改" in result.stdout
