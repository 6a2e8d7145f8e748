"""The office's records and documents: office.yaml, refine, reminders, assess and the notice."""

from __future__ import annotations

import json

import pytest

from conftest import git, run_cli

OFFICE = """\
responsibility_lists:
  - unit: 区教育局
    submitted: 2024-03-20
    reference: 清教〔2024〕3号
work_teams:
  - unit: 区教育局
    name: 教育专班
    date: 2024-02-01
inspections:
  - id: dc-1
    date: 2024-05-10
    units: [区教育局, 区财政局]
    problems: [进展记录不及时]
    rectification_status: in_progress
policy_requests:
  - id: zc-1
    date: 2024-04-01
    unit: 区发展改革局
    policy: 申请复制省级冷链物流用地政策
    status: forwarded
    forwarded: 2024-04-10
"""


def write_office(root, text: str = OFFICE) -> None:
    (root / "data" / "office.yaml").write_text(text, encoding="utf-8")


def json_of(root, *args, **env):
    result = run_cli(root, *args, "-f", "json", **env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_office_records_are_validated_with_locations(mini):
    write_office(
        mini,
        """\
responsibility_lists:
  - unit: 区教育厅
    submitted: 2024-03-20
inspections:
  - id: dc-1
    date: 2024-05-10
    units: [区教育局]
    rectification_status: done
  - id: dc-1
    date: 2024-06-10
    units: [区教育局]
reminders:
  - date: 2024-06-01
    unit: 区教育局
    measures: [g1-t1-m9]
""",
    )
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    for expected in (
        "data/office.yaml:2:11: 错误：未登记的单位“区教育厅”",
        "最接近的已登记单位：区教育局",
        "data/office.yaml:8:27: 错误：整改状态为已完成，却没有整改完成日期",
        "data/office.yaml:9:9: 错误：编号“dc-1”重复",
        "data/office.yaml:15:16: 错误：没有编号为“g1-t1-m9”的措施",
    ):
        assert expected in result.stderr


def test_office_records_are_queryable_and_exported(mini):
    write_office(mini)
    shown = run_cli(mini, "office", "--unit", "区财政局").stdout
    assert "督导检查（1 条）" in shown and "dc-1" in shown and "整改中" in shown
    assert "工作专班（0 条）" in shown  # 区教育局's team is not 区财政局's
    everything = run_cli(mini, "office").stdout
    assert "教育专班" in everything and "已推送" in everything
    exported = json.loads(run_cli(mini, "export").stdout)
    assert exported["office"]["policy_requests"][0]["forwarded"] == "2024-04-10"
    assert json_of(mini, "office")["work_teams"][0]["name"] == "教育专班"


def test_refine_counts_what_each_lead_unit_made_concrete(mini):
    plan = mini / "data" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "milestones: []",
            "milestones:\n  - id: responsibility-lists\n    title: 报送责任清单\n"
            "    date: 2024-03-31\n    date_as_written: 3月31日前\n    inferred: true",
        ),
        encoding="utf-8",
    )
    write_office(mini)
    run_cli(mini, "update", "g1-t1-m2", "--leader", "李明（副局长）", "--person", "周七")
    data = json_of(mini, "refine")
    rows = {row["unit"]: row for row in data["rows"]}
    education = rows["区教育局"]
    assert (education["measures"], education["with_person"], education["with_leader"]) == (3, 2, 1)
    assert education["with_deadline"] == 3 and education["with_deliverable"] == 1
    assert education["submitted"] == "2024-03-20" and education["must_submit"]
    table = run_cli(mini, "refine").stdout
    assert "按时报送" in table and "未报送" in table  # 区发展改革局 leads g2 and sent none
    assert "2024-03-31（年份为推定，待统筹办确认）前" in table
    late = run_cli(mini, "refine", today="2024-03-01").stdout
    assert "未到期" in late


def test_reminders_follow_the_reporting_cycle(mini):
    data = json_of(mini, "reminders")
    assert (data["last_due"], data["next_due"]) == ("2024-06-28", "2024-07-28")
    units = {unit["unit"]: unit for unit in data["units"]}
    assert list(units) == ["区教育局"]  # 区发展改革局 reported this cycle
    items = {item["measure_id"]: item for item in units["区教育局"]["items"]}
    assert items["g1-t1-m2"]["state"] == "late" and items["g1-t1-m2"]["missed"] == 1
    assert items["g1-t2-m1"]["state"] == "never" and items["g1-t2-m1"]["missed"] == 6
    notice = run_cli(mini, "reminders", "-f", "md").stdout
    assert "## 区教育局（首次催办）" in notice and "| g1-t2-m1 |" in notice
    assert "联系人：" in notice


def test_reminders_the_day_after_the_due_day(mini):
    data = json_of(mini, "reminders", today="2024-07-29")
    items = {i["measure_id"]: i for u in data["units"] for i in u["items"]}
    # 区发展改革局 reported on 07-01 and 07-10 for the cycle that closed on 07-28: now due again.
    assert items["g2-t1-m3"]["state"] == "due" and items["g1-t1-m2"]["missed"] == 2


def test_a_recorded_reminder_makes_the_next_the_second(mini):
    recorded = run_cli(mini, "reminders", "--record", "--commit")
    assert recorded.exit_code == 0, recorded.stderr
    assert git(mini, "show", "--name-only", "--format=", "HEAD").split() == ["data/office.yaml"]
    office = (mini / "data" / "office.yaml").read_text(encoding="utf-8")
    assert "reminders:" in office and "g1-t2-m1" in office
    assert run_cli(mini, "validate").exit_code == 0
    again = run_cli(mini, "reminders", today="2024-07-20").stdout
    assert "区教育局（第 2 次催办）" in again
    answered = run_cli(mini, "update", "g1-t1-m2", "--note", "已报送", today="2024-07-20")
    assert answered.exit_code == 0
    after = json_of(mini, "reminders", today="2024-07-21")
    assert [i["measure_id"] for u in after["units"] for i in u["items"]] == ["g1-t2-m1"]


def test_assessment_points_trace_to_rules_and_sum_to_the_score(mini):
    data = json_of(mini, "assess", "--year", "2024")
    assert data["as_of"] == "2024-07-15"
    scored = [*data["units"], *data["groups"]]
    assert len(data["units"]) == 4 and len(data["groups"]) == 2
    for score in scored:
        total = sum(point["points"] for point in score["points"])
        assert abs(total - score["score"]) < 1e-9 and 0 <= score["score"] <= 100
    explained = json_of(mini, "assess", "--explain", "区财政局")
    assert explained["score"] == 75
    rules = [(p["rule"], p["points"], p["measure_id"]) for p in explained["points"]]
    # Cooperating on g1-t1-m2, overdue since 2024-06-30: half of the lead unit's −3, as a rate
    # over the 3 measures it cooperates on (×10/3).
    assert rules == [("base", 80, None), ("overdue", -5, "g1-t1-m2")]
    assert "按配合 3 项措施折算（×10/3）" in explained["points"][1]["reason"]
    education = json_of(mini, "assess", "--explain", "区教育局")
    earned = [(p["rule"], p["measure_id"]) for p in education["points"]]
    assert ("done_on_time", "g1-t1-m1") in earned and ("overdue", "g1-t1-m2") in earned
    missed = next(
        p
        for p in education["points"]
        if p["rule"] == "missed_report" and p["measure_id"] == "g1-t2-m1"
    )
    # Jan–Jun 2024: six periods at −0.5, as a rate over the 3 measures it leads (×10/3); the
    # last point of a rule takes the cent its rounding leaves.
    assert abs(missed["points"] + 10) <= 0.01 and missed["reason"].startswith("6 期没有进展报送")
    text = run_cli(mini, "assess", "--explain", "区教育局").stdout
    assert "合计" in text and "按期完成" in text and "缺报" in text


def test_assessment_rules_come_from_the_rules_file(mini):
    rules = mini / "data" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8")
        + "assessment:\n  base: 90\n  overdue: -10\n  cooperating_weight: 1\n",
        encoding="utf-8",
    )
    explained = json_of(mini, "assess", "--explain", "区财政局")
    assert [(p["rule"], p["points"]) for p in explained["points"]] == [
        ("base", 90),
        ("overdue", -33.33),  # −10 as a rate over its 3 measures (×10/3)
    ]


def test_assessment_refuses_bad_usage(mini):
    assert run_cli(mini, "assess", "--year", "2099").exit_code == 2
    unknown = run_cli(mini, "assess", "--explain", "区教育厅")
    assert unknown.exit_code == 2 and "区教育局" in unknown.stderr


def test_the_notice_lists_exactly_the_known_history(mini):
    steps = [
        ("2024-07-02", "g1-t1-m2", "--progress", "50", "--note", "完成教师轮岗方案"),
        (
            "2024-07-12",
            "g2-t1-m3",
            "--status",
            "done",
            "--note",
            "签约两家企业，冷链联审做法可推广",
            "--highlight",
        ),
    ]
    for day, *args in steps:
        result = run_cli(mini, "update", *args, "--commit", today=day)
        assert result.exit_code == 0, result.stderr
    data = json_of(mini, "report", "--since", "2024-07-01", "--until", "2024-07-15")
    changes = data["changes"]
    records = [r["id"] for g in changes["groups"] for r in g["changes"]]
    assert changes["commits"] == 2 and sorted(records) == ["g1-t1-m2", "g2-t1-m3"]
    notice = data["notice"]
    assert [f["measure_id"] for f in notice["finished"]] == ["g2-t1-m3"]
    assert [h["measure_id"] for h in notice["highlights"]] == ["g2-t1-m3"]
    assert [(x["measure_id"], x["lead_unit"]) for x in notice["late"]] == [("g1-t1-m2", "区教育局")]
    md = run_cli(mini, "report", "--since", "2024-07-01", "--until", "2024-07-15").stdout
    assert md.startswith("# 测试用实施方案推进情况通报")
    for heading in (
        "## 一、总体情况",
        "## 二、本期完成的措施（1 项）",
        "## 三、逾期未完成的措施（1 项）",
    ):
        assert heading in md
    assert "2 次提交" in md and "冷链联审做法可推广" in md
    earlier = json_of(mini, "report", "--since", "2024-07-01", "--until", "2024-07-05")
    assert [r["id"] for g in earlier["changes"]["groups"] for r in g["changes"]] == ["g1-t1-m2"]


@pytest.mark.parametrize("command", ["refine", "reminders", "assess", "report", "office"])
def test_every_office_document_renders_in_each_format(mini, command, tmp_path):
    write_office(mini)
    for suffix in ("md", "json", "txt"):
        target = tmp_path / f"out.{suffix}"
        result = run_cli(mini, command, "-o", str(target))
        assert result.exit_code == 0, result.stderr
        assert target.read_text(encoding="utf-8").strip()
    if command != "report":
        assert run_cli(mini, command, "-f", "csv").stdout.startswith("\ufeff")


def test_a_score_beyond_100_is_held_there_by_a_point_of_its_own(mini):
    rules = mini / "data" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8")
        + "assessment:\n  base: 100\n  done_on_time: 5\n  overdue: 0\n  missed_report: 0\n",
        encoding="utf-8",
    )
    explained = json_of(mini, "assess", "--explain", "区教育局")
    assert explained["score"] == 100
    assert [(p["rule"], p["points"]) for p in explained["points"]][-2:] == [
        ("done_on_time", 16.67),  # 5 as a rate over its 3 measures (×10/3)
        ("bounds", -16.67),
    ]


def test_the_notice_as_a_word_document(mini, tmp_path):
    import docx

    result = run_cli(mini, "update", "g1-t1-m2", "--note", "=1+1 <b>不是标记</b>", "--commit")
    assert result.exit_code == 0, result.stderr
    target = tmp_path / "通报.docx"
    written = run_cli(mini, "report", "--since", "2024-07-01", "-o", str(target))
    assert written.exit_code == 0, written.stderr
    word = docx.Document(str(target))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert texts[0] == "测试用实施方案推进情况通报" and "一、总体情况" in texts
    header = word.tables[0].rows[0]
    assert [cell.text for cell in header.cells][:3] == ["工作组", "牵头单位", "措施"]
    assert (
        header._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )  # repeated on every page
    footer = word.sections[0].footer.paragraphs[0].text
    assert git(mini, "rev-parse", "--short=7", "HEAD").strip() in footer
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert any("=1+1 <b>不是标记</b>" in text for text in cells)
    assert run_cli(mini, "report", "-f", "docx").exit_code == 2
    assert run_cli(mini, "report", "-f", "md", "-o", str(tmp_path / "a.docx")).exit_code == 2
