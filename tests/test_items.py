"""Supervised items beyond the plan (`ledger new item`): the files, the group made once, every view by kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from conftest import COMMIT_ENV, git, run_cli

FIRST = (
    "--kind", "领导批示", "--document", "区长批示", "--date", "2024-07-10",
    "--reference", "批示〔2024〕3号", "--title", "加快冷链物流园建设", "--text", "9月底前完成选址。",
    "--lead", "区发展和改革局", "--cooperating", "区财政局", "--deadline", "2024-09-30",
)  # fmt: skip
SECOND = (
    "--kind", "meeting", "--document", "区政府常务会议纪要", "--title", "落实教师编制",
    "--text", "报送编制测算方案。", "--lead-unit", "区教育局",
)  # fmt: skip

GROUP_FILE = """\
id: db
name: 督办事项
short_name: 督办
leader:
  name: 钱二
  title: 区委副书记
lead_unit: 区发展改革局
member_units: []
"""
ITEM_FILE = """\
id: db-t1
group: db
title: 加快冷链物流园建设
source:
  kind: instruction
  document: 区长批示
  date: 2024-07-10
  reference: 批示〔2024〕3号
measures:
  - id: db-t1-m1
    text: 9月底前完成选址。
    lead_unit: 区发展改革局
    cooperating_units:
      - 区财政局
    responsible_person: null
    deadline: 2024-09-30
    deliverable: null
    status: not_started
    progress: 0
    progress_log: []
    evidence: []
    start: 2024-07-15
"""


def new_item(root: Path, *args: str):
    return run_cli(root, "new", "item", *args, **COMMIT_ENV)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}


def with_items(root: Path) -> Path:
    assert new_item(root, *FIRST, "--commit").exit_code == 0
    assert new_item(root, *SECOND, "--commit").exit_code == 0
    return root


def test_the_first_item_creates_its_group_in_the_same_commit(mini):
    assert not (mini / "data" / "groups" / "db.yaml").exists()
    result = new_item(mini, *FIRST, "--commit")
    assert result.exit_code == 0, result.stderr
    assert "已新建督办事项 db-t1" in result.stdout and "已新建督办事项组 db" in result.stdout
    assert (mini / "data" / "groups" / "db.yaml").read_text(encoding="utf-8") == GROUP_FILE
    assert (mini / "data" / "tasks" / "db-t1.yaml").read_text(encoding="utf-8") == ITEM_FILE
    files = git(mini, "show", "--name-only", "--format=%s", "HEAD").split()
    assert files == [
        "db-t1:",
        "新增督办事项（领导批示）",
        "data/groups/db.yaml",
        "data/tasks/db-t1.yaml",
    ]
    assert git(mini, "status", "--porcelain") == ""
    for check in (("validate",), ("fmt", "--check")):
        assert run_cli(mini, *check).exit_code == 0, check


def test_the_second_item_reuses_the_group(mini):
    assert new_item(mini, *FIRST, "--commit").exit_code == 0
    group = (mini / "data" / "groups" / "db.yaml").read_bytes()
    result = new_item(mini, *SECOND, "--commit")
    assert result.exit_code == 0, result.stderr
    assert "db-t2（data/tasks/db-t2.yaml）：【会议纪要】落实教师编制" in result.stdout
    assert "督办事项组" not in result.stdout
    assert (mini / "data" / "groups" / "db.yaml").read_bytes() == group
    assert git(mini, "show", "--name-only", "--format=", "HEAD").split() == [
        "data/tasks/db-t2.yaml"
    ]
    text = (mini / "data" / "tasks" / "db-t2.yaml").read_text(encoding="utf-8")
    assert (
        "  kind: meeting\n  document: 区政府常务会议纪要\n  date: null\n  reference: null\n" in text
    )


def test_a_dry_run_writes_neither_file(mini):
    before = snapshot(mini)
    result = new_item(mini, *FIRST, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "+++ b/data/groups/db.yaml" in result.stdout
    assert "+++ b/data/tasks/db-t1.yaml" in result.stdout
    assert snapshot(mini) == before


def test_a_wrong_kind_lists_the_choices_and_changes_nothing(mini):
    before = snapshot(mini)
    for kind in ("批示", "plan"):  # a plan task is made with `new task`, not as an item
        args = list(FIRST)
        args[1] = kind
        result = new_item(mini, *args)
        assert result.exit_code == 2
        assert f"--kind 的值“{kind}”不是有效的来源类别" in result.stderr
        assert "instruction（领导批示）" in result.stderr and "plan（" not in result.stderr
    assert snapshot(mini) == before


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("--date", "2024-08-01"), "来源文件的日期不能在将来"),
        (("--cooperating", "区发展改革局"), "区发展改革局既是牵头单位又列为配合单位"),
        (("--deadline", "2024-07-01"), "完成时限 2024-07-01 早于今天（2024-07-15，即交办日期）"),
    ],
)
def test_an_item_that_makes_no_sense_is_refused_and_changes_nothing(mini, change, said):
    before = snapshot(mini)
    args = [*FIRST]
    option, value = change
    if option in args and option != "--cooperating":
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = new_item(mini, *args)
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    assert snapshot(mini) == before


def test_an_unknown_unit_names_the_nearest_and_changes_nothing(mini):
    before = snapshot(mini)
    result = new_item(mini, *FIRST[:-6], "--lead", "区教育", "--deadline", "2024-09-30")
    assert result.exit_code == 2
    assert "未登记的单位“区教育”" in result.stderr and "区教育局" in result.stderr
    result = new_item(mini, *FIRST, "--cooperating", "区财政")
    assert result.exit_code == 2 and "最接近的已登记单位：区财政局" in result.stderr
    assert snapshot(mini) == before


def test_missing_options_are_listed_without_a_terminal(mini):
    result = new_item(mini, "--kind", "instruction")
    assert result.exit_code == 2
    assert "缺少--document、--title、--text、--lead-unit" in result.stderr


def test_a_plan_without_a_coordination_office_says_where_to_add_it(mini):
    plan = mini / "data" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("coordination_office:")
    end = text.index("milestones:")
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    before = snapshot(mini)
    result = new_item(mini, *FIRST)
    assert result.exit_code == 1
    assert "data/plan.yaml" in result.stderr and "coordination_office" in result.stderr
    assert snapshot(mini) == before


def test_list_filters_by_kind_and_shows_the_source(mini):
    with_items(mini)
    result = run_cli(mini, "list", "--kind", "领导批示")
    assert result.exit_code == 0, result.stderr
    assert "条件：来源 领导批示" in result.stdout
    assert "db-t1-m1" in result.stdout and "db-t2-m1" not in result.stdout
    assert "g1-t1-m1" not in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.split()[:1] == ["领导批示"] for line in lines)  # under the id: its source
    plan = run_cli(mini, "list", "--kind", "plan", "--all").stdout
    assert "g1-t1-m1" in plan and "db-" not in plan and "工作组/来源" not in plan
    both = run_cli(mini, "list", "--kind", "instruction", "--kind", "会议纪要", "-f", "json")
    data = json.loads(both.stdout)
    assert [m["id"] for m in data["measures"]] == ["db-t1-m1", "db-t2-m1"]
    assert [m["source_kind"] for m in data["measures"]] == ["instruction", "meeting"]
    assert data["measures"][0]["source_kind_label"] == "领导批示"
    bad = run_cli(mini, "list", "--kind", "批示")
    assert bad.exit_code == 2 and "可用的来源类别：plan（方案措施）" in bad.stderr
    for line in result.stdout.splitlines():  # 80 columns, CJK counted double
        assert sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 80, line


def test_show_gives_an_items_source(mini):
    with_items(mini)
    task = run_cli(mini, "show", "db-t1").stdout
    assert "来源     领导批示：区长批示（批示〔2024〕3号，2024-07-10）" in task
    measure = run_cli(mini, "show", "db-t2-m1").stdout
    assert "来源     会议纪要：区政府常务会议纪要\n" in measure
    assert "来源" not in run_cli(mini, "show", "g1-t1-m1").stdout.split("进展记录")[0]
    data = json.loads(run_cli(mini, "show", "db-t1", "-f", "json").stdout)
    assert data["source"] == {
        "kind": "instruction",
        "document": "区长批示",
        "date": "2024-07-10",
        "reference": "批示〔2024〕3号",
        "kind_label": "领导批示",
    }


def test_status_has_a_row_for_the_items_and_filters_by_kind(mini):
    with_items(mini)
    result = run_cli(mini, "status")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "督办" in line)
    assert row.split()[:4] == ["绿", "督办", "区发展改革局", "2"]
    only = run_cli(mini, "status", "--kind", "instruction", "-f", "json")
    data = json.loads(only.stdout)
    assert [row["group_id"] for row in data["rows"]] == ["db"]
    assert data["total"]["measures"] == 1
    plan = json.loads(run_cli(mini, "status", "--kind", "方案措施", "-f", "json").stdout)
    assert [row["group_id"] for row in plan["rows"]] == ["g1", "g2"]


def test_the_json_export_carries_sources_and_filters_by_kind(mini):
    with_items(mini)
    data = json.loads(run_cli(mini, "export").stdout)
    tasks = {task["id"]: task for task in data["tasks"]}
    assert tasks["db-t1"]["source"]["kind"] == "instruction"
    assert tasks["g1-t1"]["source"] is None
    assert tasks["db-t2"]["measures"][0]["source_kind"] == "meeting"
    assert tasks["g1-t1"]["measures"][0]["source_kind"] == "plan"
    groups = {group["id"]: group for group in data["groups"]}
    assert groups["db"]["member_units"] == [] and groups["db"]["tasks"] == ["db-t1", "db-t2"]
    items = json.loads(run_cli(mini, "export", "--kind", "instruction,meeting").stdout)
    assert [task["id"] for task in items["tasks"]] == ["db-t1", "db-t2"]
    assert [group["id"] for group in items["groups"]] == ["db"]


def test_the_workbook_has_a_source_column_and_filters_by_kind(mini, tmp_path):
    with_items(mini)
    path = tmp_path / "all.xlsx"
    result = run_cli(mini, "export", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(path)["台账"]
    header = [cell.value for cell in sheet[2]]
    assert header[-3:] == ["来源", "存在问题", "下步计划"] and header[:3] == [
        "序号",
        "编号",
        "工作组",
    ]
    sources = {row[1].value: row[-3].value for row in sheet.iter_rows(min_row=3)}
    assert sources["db-t1-m1"] == "领导批示" and sources["g1-t1-m1"] == "方案措施"
    only = tmp_path / "items.xlsx"
    assert run_cli(mini, "export", "--kind", "会议纪要", "-o", str(only)).exit_code == 0
    ids = [row[1].value for row in load_workbook(only)["台账"].iter_rows(min_row=3)]
    assert ids == ["db-t2-m1"]
    # The workbook still imports: the source column is for reading only.
    assert run_cli(mini, "import", str(path), "--yes", **COMMIT_ENV).exit_code == 0


def test_the_dashboard_offers_a_source_filter(mini, tmp_path):
    with_items(mini)
    result = run_cli(mini, "site", str(tmp_path / "all"))
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "all" / "index.html").read_text(encoding="utf-8")
    assert '<select id="f-kind" data-filter="kind">' in page
    assert '<option value="instruction">领导批示</option>' in page
    assert 'data-kind="meeting"' in page and "督办" in page
    result = run_cli(mini, "site", "--kind", "plan", str(tmp_path / "plan"))
    page = (tmp_path / "plan" / "index.html").read_text(encoding="utf-8")
    assert "db-t1-m1" not in page and "g1-t1-m1" in page


def test_unit_reminders_and_assess_filter_by_kind(mini):
    with_items(mini)
    unit = run_cli(mini, "unit", "区发展改革局", "--kind", "领导批示").stdout
    assert "db-t1-m1" in unit and "g2-t1-m1" not in unit
    reminders = run_cli(mini, "reminders", "--kind", "plan").stdout
    assert "db-" not in reminders and "g1-t1-m2" in reminders
    assess = json.loads(run_cli(mini, "assess", "--kind", "instruction", "-f", "json").stdout)
    assert "区教育局" not in json.dumps(assess, ensure_ascii=False)


def test_forms_offer_items_by_source_and_a_report_on_one_applies(mini, tmp_path):
    with_items(mini)
    assert run_cli(mini, "forms").exit_code == 0
    form = YAML(typ="safe").load(
        (mini / ".github/ISSUE_TEMPLATE/progress-report.yml").read_text(encoding="utf-8")
    )
    options = next(f for f in form["body"] if f.get("id") == "measure")["attributes"]["options"]
    assert "db-t1-m1 【领导批示】加快冷链物流园建设" in options
    assert "db-t2-m1 【会议纪要】落实教师编制" in options
    body = tmp_path / "body.md"
    body.write_text(
        "### 措施\n\ndb-t1-m1 【领导批示】加快冷链物流园建设\n\n### 状态\n\n推进中\n\n"
        "### 进度（%）\n\n30\n\n### 进展情况\n\n已完成选址比选，报区政府审定。\n\n"
        "### 佐证材料\n\n_No response_\n",
        encoding="utf-8",
    )
    result = run_cli(mini, "apply-form", str(body), "--commit", "--author", "周七", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    text = (mini / "data" / "tasks" / "db-t1.yaml").read_text(encoding="utf-8")
    assert "    status: in_progress\n    progress: 30\n" in text
    assert "已完成选址比选" in text
    # A new item changes the form's choices and the owners: the command says to regenerate them.
    units = mini / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(
        text.replace("  - name: 区教育局\n", "  - name: 区教育局\n    accounts: ['@jiaoyu']\n"),
        encoding="utf-8",
    )
    assert run_cli(mini, "forms").exit_code == 0 and run_cli(mini, "codeowners").exit_code == 0
    result = new_item(mini, *SECOND)
    assert result.exit_code == 0, result.stderr
    assert "运行 ledger forms、ledger codeowners 重新生成并提交" in result.stdout
    assert run_cli(mini, "forms", "--check").exit_code == 1
    assert run_cli(mini, "codeowners", "--check").exit_code == 1
    # Led by a unit without accounts, the owners do not change: only the form is named.
    assert run_cli(mini, "forms").exit_code == 0 and run_cli(mini, "codeowners").exit_code == 0
    result = new_item(mini, *FIRST)
    assert "运行 ledger forms 重新生成并提交" in result.stdout
    assert run_cli(mini, "codeowners", "--check").exit_code == 0
    assert "重新生成" not in new_item(mini, *FIRST, "--dry-run").stdout.split("提交说明")[-1]


def test_no_generated_files_no_hint(mini):
    result = new_item(mini, *FIRST)
    assert result.exit_code == 0 and "重新生成" not in result.stdout
