"""`ledger list`, `show`, `unit`, `units` through the CLI: formats, errors, goldens, 80 columns."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

from qc_ledger.render.cjk import wrap_cjk

from conftest import REPO, run_cli
from golden import check_golden

PLAN_DAY = "2025-06-30"


def ok(root, *args, today=None, **env):
    result = run_cli(root, *args, **({"today": today} if today else {}), **env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def usage_error(root, *args):
    result = run_cli(root, *args)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


def fits(text: str, width: int = 80) -> None:
    assert "\x1b[" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= width


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- goldens: the fixture at 2024-07-15 and the plan at 2025-06-30, 80 columns, no colour ----


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("list-mini.txt", ["list"]),
        ("list-mini-unit-finance.txt", ["list", "--unit", "区财政局", "--sort", "deadline"]),
        ("list-mini.md", ["list", "--format", "md"]),
        ("list-mini.csv", ["list", "--format", "csv"]),
        ("list-mini-empty.txt", ["list", "--group", "g1", "--status", "滞后"]),
        ("show-mini-group.txt", ["show", "g1"]),
        ("show-mini-task.txt", ["show", "g2-t1"]),
        ("show-mini-measure.txt", ["show", "g1-t1-m2"]),
        ("unit-mini-finance.txt", ["unit", "区财政局"]),
        ("unit-mini-alias.txt", ["unit", "区发展和改革局"]),
        ("unit-mini-finance.md", ["unit", "区财政局", "--format", "md"]),
        ("units-mini.txt", ["units"]),
        ("units-mini.md", ["units", "-f", "md"]),
    ],
)
def test_goldens_on_the_fixture(mini, name, args):
    output = ok(mini, *args)
    check_golden(name, output)
    if name.endswith(".txt"):
        fits(output)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("list-plan-g4.txt", ["list", "--group", "g4"]),
        ("list-plan-unit-finance.txt", ["list", "--unit", "区财政局"]),
        ("show-plan-g1.txt", ["show", "g1"]),
        ("show-plan-g4-t1-m1.txt", ["show", "g4-t1-m1"]),
        ("unit-plan-yuantan.txt", ["unit", "源潭镇"]),
        ("units-plan.txt", ["units"]),
    ],
)
def test_goldens_on_the_plan(name, args):
    output = ok(REPO, *args, today=PLAN_DAY)
    check_golden(name, output)
    fits(output)


# ---- list: formats ----


def test_list_json_is_an_array_of_measures_with_the_export_field_names(mini):
    data = json.loads(ok(mini, "list", "--format", "json"))["measures"]
    assert [m["id"] for m in data] == [
        "g1-t1-m1",
        "g1-t1-m2",
        "g1-t2-m1",
        "g2-t1-m1",
        "g2-t1-m2",
        "g2-t1-m3",
    ]
    exported = {
        m["id"]: m for task in json.loads(ok(mini, "export"))["tasks"] for m in task["measures"]
    }
    for measure in data:
        assert {"id", "task", "group", "text", "lead_unit", "status", "deadline"} <= measure.keys()
        # Every exported field, under the same name and with the same value.
        assert {k: measure[k] for k in exported[measure["id"]]} == exported[measure["id"]]
    overdue = data[1]
    assert overdue["group"] == "g1" and overdue["task"] == "g1-t1"
    assert overdue["overdue"] is True and overdue["days_overdue"] == 15
    assert overdue["light"] == "red" and overdue["stale"] is True
    assert data[5]["due_soon"] is True and data[5]["days_to_deadline"] == 26


def test_list_csv_has_a_bom_one_header_and_one_row_per_measure(mini):
    rows = csv_rows(ok(mini, "list", "--format", "csv"))
    header, *body = rows
    assert header[:5] == ["序号", "编号", "工作组", "改革任务", "具体措施"]
    assert len(body) == 6 and [row[1] for row in body][:2] == ["g1-t1-m1", "g1-t1-m2"]
    by_id = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    measure = by_id["g2-t1-m3"]
    assert measure["配合单位"] == "源潭镇、区财政局" and measure["完成时限"] == "2024-08-10"
    assert measure["状态"] == "推进中" and measure["提示"] == "26天后到期、严重滞后"
    assert measure["进展情况"] == "已与两家企业洽谈。" and measure["最近报送"] == "2024-07-10"
    assert by_id["g1-t1-m2"]["灯"] == "红" and by_id["g1-t1-m2"]["责任人"] == ""


def test_csv_defuses_spreadsheet_formulas_and_markdown_escapes_pipes(mini):
    path = mini / "data/tasks/g1-t1.yaml"
    edit(path, "text: 建立教育联合体。", 'text: "=HYPERLINK(\\"http://x\\",\\"点我\\")"')
    edit(path, "text: 完善“县管校聘”制度。", "text: 完善“县管|校聘”制度。")
    edit(path, "deliverable: 联合体章程", 'deliverable: "@SUM(A1)"')
    rows = csv_rows(ok(mini, "list", "--task", "g1-t1", "--format", "csv"))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["具体措施"] == '\'=HYPERLINK("http://x","点我")'
    assert first["成果形式"] == "'@SUM(A1)"
    markdown = ok(mini, "list", "--task", "g1-t1", "--format", "md")
    line = next(line for line in markdown.splitlines() if "g1-t1-m2" in line)
    assert "完善“县管\\|校聘”制度。" in line
    assert line.count(" | ") == 9  # ten cells: the escaped pipe does not split a cell


def test_list_markdown_is_a_pipe_table(plan_copy):
    text = ok(plan_copy, "list", "--group", "g2", "--format", "md", today=PLAN_DAY)
    lines = text.splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert table[0].startswith("| 序号 | 编号 | 工作组 | 具体措施 |")
    assert table[1].startswith("| ---: | --- |")
    assert len(table) == 2 + 6
    assert lines[-1] == "共 6 项措施。"


def test_real_plan_csv_and_json_hold_every_measure(plan_copy):
    rows = csv_rows(ok(plan_copy, "list", "--format", "csv", today=PLAN_DAY))
    assert len(rows) == 1 + 59
    assert all(len(row) == len(rows[0]) for row in rows)
    data = json.loads(ok(plan_copy, "list", "-f", "json", today=PLAN_DAY))["measures"]
    assert len(data) == 59 and {m["group"] for m in data} == {f"g{i}" for i in range(1, 8)}


def test_a_long_list_shows_a_page_and_says_how_many_more(plan_copy):
    page = ok(plan_copy, "list", today=PLAN_DAY)
    assert "……另有 39 项未列出；加 --all 显示全部。" in page
    assert "g1-t1-m1" in page and "g7-t3-m2" not in page
    assert "另有" not in ok(plan_copy, "list", "--all", today=PLAN_DAY)
    assert "另有" not in ok(plan_copy, "list", "-f", "md", today=PLAN_DAY)


def test_empty_results_say_so_and_exit_0(mini):
    args = ("list", "--unit", "源潭镇", "--overdue")
    assert "没有符合条件的措施。" in ok(mini, *args)
    data = json.loads(ok(mini, *args, "--format", "json"))
    assert data["measures"] == [] and data["count"] == 0 and data["as_of"] == "2024-07-15"
    rows = csv_rows(ok(mini, *args, "--format", "csv"))
    assert len(rows) == 1 and rows[0][0] == "序号"
    assert "没有符合条件的措施。" in ok(mini, *args, "--format", "md")


def test_alias_and_canonical_name_give_identical_output(mini):
    # Write an alias into the data too: it must still be found under either name.
    edit(mini / "data/tasks/g2-t1.yaml", "lead_unit: 区发展改革局", "lead_unit: 区发展和改革局")
    for output in ("table", "json", "csv", "md"):
        canonical = ok(mini, "list", "--unit", "区发展改革局", "--format", output)
        alias = ok(mini, "list", "--unit", "区发展和改革局", "--format", output)
        assert canonical == alias
    data = json.loads(ok(mini, "list", "-u", "区发展和改革局", "-f", "json"))["measures"]
    assert [m["id"] for m in data] == ["g2-t1-m1", "g2-t1-m2", "g2-t1-m3"]
    assert {m["lead_unit"] for m in data} == {"区发展改革局"}


def test_alias_on_the_real_plan(plan_copy):
    canonical = ok(plan_copy, "list", "-u", "区人力资源和社会保障局", "-f", "json")
    assert canonical == ok(plan_copy, "list", "-u", "区人力资源社会保障局", "-f", "json")
    canonical = ok(plan_copy, "list", "-u", "区发展改革局", "-f", "csv")
    assert canonical == ok(plan_copy, "list", "-u", "区发展和改革局", "-f", "csv")
    assert len(csv_rows(canonical)) == 1 + 31


def test_ledger_today_moves_every_flag(mini):
    assert "逾期15天" in ok(mini, "list")
    later = json.loads(ok(mini, "list", "--overdue", "-f", "json", today="2025-01-10"))["measures"]
    assert [m["id"] for m in later] == ["g1-t1-m2", "g2-t1-m1", "g2-t1-m3"]
    assert later[0]["days_overdue"] == 194


def test_output_file_gets_utf8_with_bom_and_format_from_extension(mini, tmp_path):
    target = tmp_path / "清单.csv"
    result = run_cli(mini, "list", "--unit", "区财政局", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == "" and "已写入" in result.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert len(csv_rows(data.decode("utf-8"))) == 1 + 3
    notice = tmp_path / "通知.md"
    assert run_cli(mini, "units", "-o", str(notice)).exit_code == 0
    assert notice.read_text(encoding="utf-8").startswith("| 单位 |")
    page = tmp_path / "page.txt"
    assert run_cli(mini, "unit", "区财政局", "-o", str(page)).exit_code == 0
    assert page.read_text(encoding="utf-8") == ok(mini, "unit", "区财政局")


def test_output_to_a_missing_folder_is_a_clean_error(mini, tmp_path):
    result = run_cli(mini, "list", "-o", str(tmp_path / "nowhere" / "x.csv"))
    assert result.exit_code == 2 and "无法写入文件" in result.stderr


# ---- errors ----


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["list", "--unit", "区财政"], ["未登记的单位“区财政”", "区财政局"]),
        (["list", "--group", "g3"], ["没有工作组“g3”", "g1"]),
        (["list", "--task", "g2-t2"], ["没有任务“g2-t2”", "g2-t1"]),
        (["list", "--status", "进行中"], ["不是有效状态", "推进中"]),
        (["list", "--due-within", "soon"], ["不是天数"]),
        (["list", "--due-within", "-5"], ["不是天数"]),
        (["list", "--sort", "date"], ["--sort 的值“date”无效", "deadline"]),
        (["list", "--format", "xlsx"], ["--format 的值“xlsx”无效", "csv"]),
        (["list", "--format", "jsno"], ["是不是想写：json"]),
        (["show", "g1-t1-m9"], ["没有编号为“g1-t1-m9”", "g1-t1-m1"]),
        (["show", "g1-t1", "--format", "csv"], ["--format 的值“csv”无效", "json"]),
        (["unit", "财政局"], ["未登记的单位“财政局”", "区财政局"]),
        (["units", "--format", "html"], ["无效"]),
    ],
)
def test_bad_input_is_a_clean_usage_error(mini, args, words):
    message = usage_error(mini, *args)
    for word in words:
        assert word in message


def test_unknown_id_on_the_real_plan_suggests_close_ids():
    result = run_cli(REPO, "show", "g1-t4")
    assert result.exit_code == 2
    assert "g1-t1" in result.stderr and "最接近的编号" in result.stderr


# ---- show ----


def test_show_measure_lists_every_field_and_the_whole_history(mini):
    path = mini / "data/tasks/g2-t1.yaml"
    edit(
        path,
        "    deadline: 2024-12-31\n    deliverable: 先行区规划",
        "    deadline: 2025-03-31\n    deliverable: 先行区规划",
    )
    edit(
        path,
        "    evidence: []\n  - id: g2-t1-m2",
        "    evidence:\n      - 测发〔2024〕8号\n"
        "    deadline_history:\n"
        "      - date: 2024-07-02\n        previous: 2024-12-31\n        new: 2025-03-31\n"
        "        reason: 规划编制需补充调研。\n        author: 王五\n"
        "  - id: g2-t1-m2",
    )
    text = ok(mini, "show", "g2-t1-m1")
    fits(text)
    for expected in (
        "措施 g2-t1-m1",
        "g2 发展（发展测试组）",
        "g2-t1 建设产业先行区",
        "重点建设源潭镇先行区。",
        "牵头单位 区发展改革局",
        "配合单位 源潭镇",
        "责任人   王五",
        "2025-03-31（原定 2024-12-31）",
        "成果形式 先行区规划",
        "滞后，进度 20%",
        "完成时限调整（1 次）",
        "2024-12-31 → 2025-03-31：规划编制需补充调研。（王五）",
        "2024-07-01 王五：规划编制滞后于计划。（滞后，20%）",
        "1. 测发〔2024〕8号",
        "data/tasks/g2-t1.yaml:5",
    ):
        assert expected in text, expected
    data = json.loads(ok(mini, "show", "g2-t1-m1", "--format", "json"))
    assert data["kind"] == "measure" and data["original_deadline"] == "2024-12-31"
    assert data["deadline_history"][0]["reason"] == "规划编制需补充调研。"
    assert data["file"] == "data/tasks/g2-t1.yaml" and data["line"] == 5


def test_show_json_for_group_and_task(mini):
    group = json.loads(ok(mini, "show", "g1", "-f", "json"))
    assert group["kind"] == "group" and group["leader"] == {"name": "张三", "title": "副区长"}
    assert [t["id"] for t in group["tasks"]] == ["g1-t1", "g1-t2"]
    assert group["tasks"][0]["measures"] == 2 and group["overdue"] == 1
    task = json.loads(ok(mini, "show", "g2-t1", "-f", "json"))
    assert task["kind"] == "task" and [m["id"] for m in task["measures"]] == [
        "g2-t1-m1",
        "g2-t1-m2",
        "g2-t1-m3",
    ]


def test_show_every_record_of_the_plan_fits_80_columns():
    for record_id in ("g3", "g6-t2", "g5-t1-m3", "g7-t3-m2"):
        fits(ok(REPO, "show", record_id, today=PLAN_DAY))


# ---- unit and units ----


def test_unit_page_knows_what_the_unit_owes(mini):
    page = json.loads(ok(mini, "unit", "区财政局", "--format", "json"))
    assert page["name"] == "区财政局" and page["alias_used"] is False
    assert page["contact"] == {"name": "孙六", "phone": "0763-1234567"}
    assert [g["id"] for g in page["groups"]] == ["g1", "g2"]
    assert page["lead_measures"] == []
    assert [m["id"] for m in page["cooperating_measures"]] == ["g1-t1-m2", "g1-t2-m1", "g2-t1-m3"]
    assert page["overdue"] == ["g1-t1-m2"] and page["due_soon"] == ["g2-t1-m3"]


def test_unit_by_alias_names_the_canonical_unit(mini):
    text = ok(mini, "unit", "区发展和改革局")
    assert text.startswith("区发展改革局（区直部门）\n")
    assert "“区发展和改革局”是“区发展改革局”的别名" in text
    assert "区统筹办设在本单位" in text
    canonical = json.loads(ok(mini, "unit", "区发展改革局", "-f", "json"))
    alias = json.loads(ok(mini, "unit", "区发展和改革局", "-f", "json"))
    assert alias.pop("written") == "区发展和改革局" and alias.pop("alias_used") is True
    canonical.pop("written"), canonical.pop("alias_used")
    assert alias == canonical


def test_unit_csv_marks_the_units_part(mini):
    rows = csv_rows(ok(mini, "unit", "源潭镇", "--format", "csv"))
    assert rows[0][2] == "本单位角色"
    assert [(row[1], row[2]) for row in rows[1:]] == [("g2-t1-m1", "配合"), ("g2-t1-m3", "配合")]


def test_units_counts_on_the_plan(plan_copy):
    data = json.loads(ok(plan_copy, "units", "--format", "json", today=PLAN_DAY))
    by_name = {u["name"]: u for u in data}
    assert len(data) == 36
    assert by_name["区发展改革局"]["aliases"] == ["区发展和改革局"]
    assert by_name["区发展改革局"]["lead_measures"] == 31
    # The plan names no cooperating unit for any measure.
    assert sum(u["cooperating_measures"] for u in data) == 0
    assert by_name["区财政局"]["groups"] == ["g1", "g2", "g4", "g5", "g6", "g7"]
    assert sum(u["lead_measures"] for u in data) == 59
    rows = csv_rows(ok(plan_copy, "units", "--format", "csv"))
    assert len(rows) == 1 + 36 and rows[0][:3] == ["单位", "类别", "别名"]


def test_units_overdue_counts_match_list(mini):
    data = json.loads(ok(mini, "units", "-f", "json"))
    for unit in data:
        listed = json.loads(ok(mini, "list", "--unit", unit["name"], "--overdue", "-f", "json"))[
            "measures"
        ]
        assert unit["overdue"] == len(listed)


# ---- terminal manners ----


def test_tables_fit_narrow_and_wide_terminals_without_colour(mini):
    for columns in ("60", "80", "160"):
        for args in (["list"], ["unit", "区财政局"], ["units"], ["show", "g1-t1-m2"]):
            text = ok(mini, *args, COLUMNS=columns)
            fits(text, int(columns))
    wide = ok(REPO, "list", "--group", "g4", today=PLAN_DAY, COLUMNS="200")
    assert "重点建设源潭镇城乡产业协同发展先行区，扎实推进广清产业园" in wide


def test_no_colour_when_piped_even_without_no_color(mini):
    result = run_cli(mini, "list", NO_COLOR=None)
    assert result.exit_code == 0 and "\x1b[" not in result.stdout


def test_wrap_cjk_breaks_at_cell_width_and_keeps_punctuation_rules():
    text = "区财政局没有牵头或配合任何措施，但它是 6 个工作组（人口迁徙、土地入市）的成员单位；ledger unit 区财政局"
    for width in (10, 17, 24, 40):
        lines = wrap_cjk(text, width)
        assert all(cell_len(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line.startswith(("，", "、", "）", "；")) for line in lines)
        assert not any(line.endswith("（") for line in lines)
    assert wrap_cjk("ledger unit 区财政局", 12) == ["ledger unit", "区财政局"]


def test_csv_bytes_reach_a_real_pipe_with_the_bom(mini):
    result = subprocess.run(
        [sys.executable, "-m", "qc_ledger", "--root", str(mini), "list", "-f", "csv"],
        capture_output=True,
        env={**os.environ, "LEDGER_TODAY": "2024-07-15", "PYTHONIOENCODING": "gbk"},
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout.startswith(b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7")  # BOM, then 序号
    assert result.stdout.decode("utf-8").count("\r\n") == 7


def test_list_does_not_import_git():
    code = (
        "import sys\n"
        "from qc_ledger.cli import main\n"
        f"sys.argv = ['ledger', '--root', {str(REPO)!r}, 'list', '--unit', '区财政局']\n"
        "import atexit\n"
        "atexit.register(lambda: sys.stderr.write(repr([m for m in ('git', 'openpyxl') if m in sys.modules])))\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().endswith("[]"), result.stderr


def test_show_finds_the_line_when_the_ledger_comes_from_the_cache(mini, private_cache):
    first = json.loads(ok(mini, "show", "g2-t1-m3", "-f", "json"))
    assert any(private_cache.iterdir())  # the first run filled the cache
    second = json.loads(ok(mini, "show", "g2-t1-m3", "-f", "json"))
    assert first["line"] == second["line"] == 37
    assert "data/tasks/g2-t1.yaml:37" in ok(mini, "show", "g2-t1-m3")


def test_list_sees_an_edit_made_after_the_cache_was_filled(mini):
    assert json.loads(ok(mini, "list", "--person", "赵六", "-f", "json"))["measures"] == []
    edit(mini / "data/tasks/g1-t2.yaml", "responsible_person: null", "responsible_person: 赵六")
    assert [
        m["id"] for m in json.loads(ok(mini, "list", "-p", "赵六", "-f", "json"))["measures"]
    ] == ["g1-t2-m1"]


def test_show_a_group_without_tasks(mini):
    (mini / "data/groups/g3.yaml").write_text(
        (mini / "data/groups/g2.yaml")
        .read_text(encoding="utf-8")
        .replace("id: g2", "id: g3")
        .replace("发展测试组", "空测试组"),
        encoding="utf-8",
    )
    text = ok(mini, "show", "g3")
    assert "该工作组还没有任务" in text and "0 项任务，0 项措施" in text
    assert json.loads(ok(mini, "show", "g3", "-f", "json"))["tasks"] == []


def test_an_id_typed_full_width_or_in_capitals_finds_its_record(mini):
    shown = run_cli(mini, "show", "g1-t1-m2").stdout
    assert run_cli(mini, "show", "ｇ１－ｔ１－ｍ２").stdout == shown
    assert run_cli(mini, "show", " G1-T1-M2 ").stdout == shown
    empty = run_cli(mini, "show", "")
    assert empty.exit_code == 2 and "没有编号为“”的工作组、任务或措施" in empty.stderr
