"""The spreadsheet round trip: export a workbook, a unit edits it, import applies only what changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import G1T1, G1T2, G2T1, git, run_cli

HEADERS = [
    "序号",
    "编号",
    "工作组",
    "改革任务",
    "具体措施",
    "牵头单位",
    "配合单位",
    "责任领导",
    "责任人",
    "完成时限",
    "成果形式",
    "进度",
    "序时进度",
    "进展情况",
    "状态",
    "预警",
    "来源",
    "存在问题",
    "下步计划",
]
COL = {header: index for index, header in enumerate(HEADERS, 1)}
AUTHOR = "教育局联系人 <jyj@example.org>"


def export(root: Path, target: Path, *args: str) -> Path:
    result = run_cli(root, "export", "-f", "xlsx", "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target


def row_of(sheet, measure_id: str) -> int:
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, COL["编号"]).value == measure_id:
            return row
    raise AssertionError(measure_id)


def edit(source: Path, target: Path, changes: dict[tuple[str, str], object]) -> Path:
    """Save a copy of the workbook with cells changed, as a unit would in Excel."""
    book = load_workbook(source)
    sheet = book.worksheets[0]
    for (measure_id, header), value in changes.items():
        sheet.cell(row_of(sheet, measure_id), COL[header]).value = value
    book.save(target)
    return target


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def committed_files(root: Path) -> list[str]:
    return sorted(git(root, "show", "--name-only", "--format=", "HEAD").split())


def data_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "data").rglob("*.yaml")}


def import_(root: Path, path: Path, *args: str):
    return run_cli(root, "import", str(path), "--yes", "--commit", "--author", AUTHOR, *args)


def test_the_workbook_has_the_layout_styles_and_base_commit(mini, tmp_path):
    path = export(mini, tmp_path / "台账.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["台账", "说明", "底稿"]
    assert book["底稿"].sheet_state == "hidden"
    assert book["底稿"]["B1"].value == head(mini)
    sheet = book["台账"]
    assert [sheet.cell(2, i).value for i in range(1, len(HEADERS) + 1)] == HEADERS
    assert sheet.freeze_panes == "C3" and sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert head(mini)[:7] in sheet["A1"].value and "2024-07-15" in sheet["A1"].value
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and "未启动,推进中,滞后,已完成,已取消" in lists[0].formula1
    assert str(lists[0].sqref) == "O3:O8"
    overdue = row_of(sheet, "g1-t1-m2")
    assert sheet.cell(overdue, COL["具体措施"]).fill.fgColor.rgb.endswith("F8CBAD")
    assert sheet.cell(row_of(sheet, "g1-t1-m1"), COL["具体措施"]).fill.fill_type is None
    deadline = sheet.cell(overdue, COL["完成时限"])
    assert deadline.value == dt.datetime(2024, 6, 30) and deadline.number_format == "yyyy-mm-dd"
    assert sheet.cell(overdue, COL["进度"]).value == 40
    assert "逾期15天" in sheet.cell(overdue, COL["预警"]).value
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["B"].width


def test_text_that_looks_like_a_formula_stays_text(mini, tmp_path):
    run_cli(mini, "update", "g1-t1-m2", "--note", '=HYPERLINK("http://x")+1', "--commit")
    book = load_workbook(export(mini, tmp_path / "a.xlsx"))
    cell = book["台账"].cell(row_of(book["台账"], "g1-t1-m2"), COL["进展情况"])
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_one_unit_sheet_and_one_sheet_per_unit(mini, tmp_path):
    book = load_workbook(export(mini, tmp_path / "u.xlsx", "--unit", "区财政局"))
    ids = [c.value for c in book.worksheets[0]["B"][2:]]
    assert ids == ["g1-t1-m2", "g1-t2-m1", "g2-t1-m3"]  # it cooperates on these
    book = load_workbook(export(mini, tmp_path / "all.xlsx", "--by-unit"))
    assert book.sheetnames == ["区教育局", "区发改局", "说明", "底稿"]  # short names
    assert [c.value for c in book["区发改局"]["B"][2:]] == ["g2-t1-m1", "g2-t1-m2", "g2-t1-m3"]


def test_each_sheet_of_a_per_unit_workbook_imports(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx", "--by-unit")
    book = load_workbook(path)
    sheet = book["区发改局"]
    sheet.cell(row_of(sheet, "g2-t1-m3"), COL["进度"]).value = 75
    book.save(tmp_path / "b.xlsx")
    result = import_(mini, tmp_path / "b.xlsx")
    assert result.exit_code == 0, result.stderr
    assert committed_files(mini) == [G2T1]


def test_one_cell_edited_changes_that_measure_only(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    before = data_bytes(mini)
    edited = edit(path, tmp_path / "b.xlsx", {("g1-t1-m2", "进度"): 60})
    result = import_(mini, edited)
    assert result.exit_code == 0, result.stderr
    assert committed_files(mini) == [G1T1]
    after = data_bytes(mini)
    assert [name for name in after if after[name] != before[name]] == [G1T1]
    shown = run_cli(mini, "show", "g1-t1-m2").stdout
    assert "推进中，进度 60%" in shown and "进度 60%" in shown
    other = run_cli(mini, "show", "g1-t1-m1").stdout
    assert "已完成，进度 100%" in other


def test_rows_in_three_files_import_as_one_commit_of_those_files(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    old_head = head(mini)
    edited = edit(
        path,
        tmp_path / "b.xlsx",
        {
            ("g1-t1-m2", "进展情况"): "已完成教师交流轮岗方案。",
            ("g1-t1-m2", "进度"): 70,
            ("g1-t2-m1", "状态"): "推进中",
            ("g1-t2-m1", "进度"): 20,
            ("g2-t1-m3", "责任领导"): "李明（副局长）",
        },
    )
    result = import_(mini, edited)
    assert result.exit_code == 0, result.stderr
    assert git(mini, "rev-list", "--count", f"{old_head}..HEAD").strip() == "1"
    assert committed_files(mini) == sorted([G1T1, G1T2, G2T1])
    message = git(mini, "log", "-1", "--format=%B")
    assert message.startswith("导入表格 b.xlsx：") and "g2-t1-m3" in message
    assert "李明（副局长）" in (mini / G2T1).read_text(encoding="utf-8")
    log = run_cli(mini, "show", "g1-t1-m2").stdout
    assert "已完成教师交流轮岗方案。" in log
    assert git(mini, "status", "--porcelain").strip() == ""


def test_a_concurrent_change_is_flagged_not_overwritten(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    changed = run_cli(mini, "update", "g1-t1-m2", "--progress", "50", "--commit")
    assert changed.exit_code == 0, changed.stderr
    before = data_bytes(mini)
    edited = edit(path, tmp_path / "b.xlsx", {("g1-t1-m2", "进度"): 70, ("g2-t1-m3", "进度"): 80})
    refused = import_(mini, edited)
    assert refused.exit_code == 1
    assert "导出后台账中已改为“50”" in refused.stderr and "表中填的是“70”" in refused.stderr
    assert "台账!L" not in refused.stderr and "第 4 行 L 列（进度）" in refused.stderr
    assert data_bytes(mini) == before
    partial = import_(mini, edited, "--partial")
    assert partial.exit_code == 0, partial.stderr
    assert committed_files(mini) == [G2T1]
    assert "推进中，进度 50%" in run_cli(mini, "show", "g1-t1-m2").stdout


def test_the_ledger_already_holding_the_value_is_no_change(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    edited = edit(path, tmp_path / "b.xlsx", {("g1-t1-m2", "进度"): 60})
    assert import_(mini, edited).exit_code == 0
    again = import_(mini, edited)
    assert again.exit_code == 0 and "没有需要导入的修改" in again.stdout


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({("g1-t1-m2", "牵头单位"): "区财政局"}, ["第 4 行 F 列（牵头单位）", "不能在表格中修改"]),
        ({("g1-t1-m2", "完成时限"): dt.date(2025, 1, 1)}, ["J 列（完成时限）", "--reason"]),
        ({("g1-t1-m2", "进度"): 140}, ["L 列（进度）", "0 到 100"]),
        ({("g1-t1-m2", "状态"): "进行中"}, ["O 列（状态）", "是不是“推进中”"]),
        ({("g1-t1-m2", "编号"): "g1-t1-m9"}, ["B 列（编号）", "最接近的编号"]),
        ({("g1-t1-m2", "进度"): "=1+1"}, ["公式"]),
        ({("g1-t1-m2", "状态"): "已完成"}, ["g1-t1-m2", "进展说明或佐证材料"]),
        ({("g1-t1-m2", "进展情况"): "联系人手机 13812345678"}, ["个人信息"]),
        (
            {("g1-t1-m2", "进展情况"): "联系人手机１３８１２３４５６７８"},
            ["个人信息", "138****5678"],
        ),
    ],
)
def test_bad_cells_are_refused_with_sheet_row_and_column(mini, tmp_path, changes, words):
    path = export(mini, tmp_path / "a.xlsx")
    changes = {**changes, ("g2-t1-m3", "进度"): 80}  # a good row, refused along with the bad one
    before = data_bytes(mini)
    result = import_(mini, edit(path, tmp_path / "b.xlsx", changes))
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert "工作表“台账”" in result.stderr
    assert data_bytes(mini) == before


def test_broken_and_tampered_workbooks_change_nothing(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    before = data_bytes(mini)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(path.read_bytes()[:2000])
    tampered = tmp_path / "tampered.xlsx"
    book = load_workbook(edit(path, tampered, {("g1-t1-m2", "进度"): 60}))
    book["底稿"]["C4"] = "99"
    book.save(tampered)
    stripped = tmp_path / "stripped.xlsx"
    book = load_workbook(path)
    del book["底稿"]
    book.save(stripped)
    headless = tmp_path / "headless.xlsx"
    book = load_workbook(path)
    book["台账"]["B2"] = "措施编号"
    book.save(headless)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    for bad, word in (
        (broken, "已损坏"),
        (tampered, "底稿被改动过"),
        (stripped, "没有隐藏的“底稿”"),
        (headless, "没有含“编号”列的工作表"),
        (old, "另存为"),
        (tmp_path / "missing.xlsx", "找不到文件"),
    ):
        result = import_(mini, bad)
        assert result.exit_code == 1, (bad, result.stdout)
        assert word in result.stderr and "Traceback" not in result.stderr
    assert data_bytes(mini) == before


def test_a_workbook_from_another_ledger_is_refused(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    edited = edit(path, tmp_path / "b.xlsx", {("g1-t1-m2", "进度"): 60})
    git(mini, "commit", "-q", "--amend", "-m", "rewritten")
    git(mini, "reflog", "expire", "--expire=now", "--all")
    git(mini, "gc", "-q", "--prune=now")
    result = import_(mini, edited)
    assert result.exit_code == 1 and "git 历史中没有这个提交" in result.stderr


def test_values_as_wps_saves_them_are_read(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    row = row_of(sheet, "g1-t1-m2")
    sheet.cell(row, COL["进度"]).value = 0.7  # typed as 70% into a percentage cell
    sheet.cell(row, COL["进度"]).number_format = "0%"
    sheet.cell(row, COL["完成时限"]).value = "2024/06/30"  # a date kept as text
    other = row_of(sheet, "g2-t1-m3")
    sheet.cell(other, COL["进度"]).value = "80%"
    sheet.cell(other, COL["进展情况"]).value = "  已与两家企业洽谈。  "  # padded, unchanged
    book.save(tmp_path / "wps.xlsx")
    result = import_(mini, tmp_path / "wps.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "进度 70%" in run_cli(mini, "show", "g1-t1-m2").stdout
    assert "进度 80%" in run_cli(mini, "show", "g2-t1-m3").stdout
    assert committed_files(mini) == sorted([G1T1, G2T1])


def test_dry_run_and_scripts_without_yes_change_nothing(mini, tmp_path):
    path = export(mini, tmp_path / "a.xlsx")
    edited = edit(path, tmp_path / "b.xlsx", {("g1-t1-m2", "进度"): 60})
    before = data_bytes(mini)
    dry = run_cli(mini, "import", str(edited), "--dry-run")
    assert dry.exit_code == 0 and "g1-t1-m2 进度：40 → 60（台账!L4）" in dry.stdout
    unconfirmed = run_cli(mini, "import", str(edited))
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.stderr
    partial = run_cli(mini, "import", str(edited), "--partial")
    assert partial.exit_code == 2 and "--yes" in partial.stderr
    assert data_bytes(mini) == before


def test_export_refuses_bad_usage(mini, tmp_path):
    assert run_cli(mini, "export", "-f", "xlsx").exit_code == 2
    assert run_cli(mini, "export", "-f", "xlsx", "-o", str(tmp_path / "a.txt")).exit_code == 2
    unknown = run_cli(
        mini, "export", "-f", "xlsx", "--unit", "区教育厅", "-o", str(tmp_path / "a.xlsx")
    )
    assert unknown.exit_code == 2 and "区教育局" in unknown.stderr
    inside = run_cli(mini, "export", "-f", "xlsx", "-o", str(mini / "data" / "a.xlsx"))
    assert inside.exit_code == 2
