"""Cadence and milestones per measure (报送周期、节点): periods, expected progress, reminders, assessment,
setting them with `ledger update`, and review refusing a unit that changes them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from qc_ledger.domain import cadence as periods
from qc_ledger.domain.digest import Names, facts_of, from_data, to_data
from qc_ledger.domain.models import Measure, Period, Rules, Task
from qc_ledger.domain.office_models import Reporting
from qc_ledger.domain.timeliness import conditions, expected_progress, milestone_missed, pace

from conftest import G1T1, G2T1, git, run_cli

PERIOD = Period(start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
RULES = Rules(stale_days=30, due_soon_days=30, red=["overdue"], yellow=["delayed"])
REPORTING = Reporting()  # monthly by default, the 28th, weekly on Fridays
D = dt.date


def measure(**fields) -> Measure:
    base = {
        "id": "g1-t1-m1",
        "text": "一项措施。",
        "lead_unit": "区教育局",
        "deadline": D(2025, 12, 31),
        "status": "in_progress",
        "progress": 10,
        "progress_log": [{"date": D(2024, 1, 10), "note": "启动。", "status": "in_progress"}],
    }
    return Measure(**{**base, **fields})


# ---------------------------------------------------------------------------------------------
# Periods


@pytest.mark.parametrize(
    ("cadence", "today", "window"),
    [
        ("weekly", D(2026, 3, 16), (D(2026, 3, 13), D(2026, 3, 20))),  # Monday → Friday
        ("weekly", D(2026, 3, 20), (D(2026, 3, 13), D(2026, 3, 20))),  # the due Friday itself
        ("monthly", D(2026, 3, 29), (D(2026, 3, 28), D(2026, 4, 28))),
        ("bimonthly", D(2026, 3, 1), (D(2026, 2, 28), D(2026, 4, 28))),
        ("bimonthly", D(2026, 12, 29), (D(2026, 12, 28), D(2027, 2, 28))),
        ("quarterly", D(2026, 2, 10), (D(2025, 12, 28), D(2026, 3, 28))),
        ("quarterly", D(2026, 3, 29), (D(2026, 3, 28), D(2026, 6, 28))),
        ("none", D(2026, 3, 29), None),
    ],
)
def test_each_cadence_has_its_periods(cadence, today, window):
    assert periods.cycle(today, cadence, REPORTING) == window


def test_due_dates_of_a_half_year_by_cadence():
    def count(cadence: str) -> int:
        return len(periods.due_dates(D(2026, 1, 1), D(2026, 6, 30), cadence, REPORTING))

    assert [count(c) for c in ("weekly", "monthly", "bimonthly", "quarterly", "none")] == [
        26,
        6,
        3,
        2,
        0,
    ]
    thursday = Reporting(weekday=4)
    assert periods.next_due(D(2026, 3, 16), "weekly", thursday) == D(2026, 3, 19)


# ---------------------------------------------------------------------------------------------
# Expected progress (序时进度)


def test_expected_progress_without_milestones_is_the_share_of_time_gone():
    assert expected_progress(measure(), PERIOD, D(2024, 12, 31)) == 50
    assert expected_progress(measure(), PERIOD, D(2024, 4, 1)) == 12


def test_expected_progress_follows_the_milestones():
    planned = measure(
        milestones=[
            {"date": D(2024, 3, 31), "progress": 30},
            {"date": D(2024, 6, 30), "progress": 60, "deliverable": "方案印发"},
        ]
    )
    # (2024-01-01, 0) → (03-31, 30) → (06-30, 60) → (2025-12-31, 100)
    golden = {
        D(2023, 12, 1): 0,
        D(2024, 1, 1): 0,
        D(2024, 2, 15): 15,  # 45 of 90 days to the first milestone
        D(2024, 3, 31): 30,
        D(2024, 5, 15): 45,  # half way from 30 to 60
        D(2024, 6, 30): 60,
        D(2025, 3, 31): 80,  # 274 of 549 days from 60 to 100
        D(2025, 12, 31): 100,
        D(2026, 1, 5): 100,
    }
    assert {day: expected_progress(planned, PERIOD, day) for day in golden} == golden


def test_a_deliverable_only_milestone_does_not_bend_the_line():
    planned = measure(milestones=[{"date": D(2024, 3, 31), "deliverable": "调研报告"}])
    assert expected_progress(planned, PERIOD, D(2024, 12, 31)) == 50


def test_a_missed_milestone_counts_as_behind():
    on_line = measure(progress=25, milestones=[{"date": D(2024, 3, 31), "progress": 30}])
    today = D(2024, 4, 10)  # expected 31: 6 points off, not behind by the gap alone
    assert expected_progress(on_line, PERIOD, today) == 31
    assert milestone_missed(on_line, today)
    assert pace(on_line, PERIOD, today, RULES) == "behind"
    assert "behind" in conditions(on_line, today, RULES, PERIOD)
    # On the milestone's own day it is not missed yet.
    assert not milestone_missed(on_line, D(2024, 3, 31))
    reached = on_line.model_copy(update={"progress": 30})
    assert not milestone_missed(reached, today)


def test_a_deliverable_is_met_when_evidence_names_it():
    planned = measure(milestones=[{"date": D(2024, 3, 31), "deliverable": "调研报告"}])
    assert milestone_missed(planned, D(2024, 4, 1))
    cited = planned.model_copy(update={"evidence": ["清城教〔2024〕3号 调研 报告"]})
    assert not milestone_missed(cited, D(2024, 4, 1))


def test_the_digest_carries_what_expected_progress_needs():
    planned = measure(
        cadence="weekly",
        milestones=[
            {"date": D(2024, 3, 31), "progress": 30},
            {"date": D(2024, 5, 31), "deliverable": "方案印发"},
        ],
    )
    plain = measure(id="g1-t1-m2")
    task = Task(id="g1-t1", group="g1", title="任务", measures=[planned, plain])
    names = Names()
    data = json.loads(json.dumps(to_data(facts_of(task), names)))
    assert data[3][1][-1] == 0  # a measure that sets neither costs two bytes
    facts = from_data(data, names.names)
    today = D(2024, 6, 10)
    for record, digest in zip(task.measures, facts.measures, strict=True):
        assert digest.cadence == record.cadence
        assert expected_progress(digest, PERIOD, today) == expected_progress(record, PERIOD, today)
        assert milestone_missed(digest, today) == milestone_missed(record, today)
    assert facts.measures[0].deliverable_due == D(2024, 5, 31)


# ---------------------------------------------------------------------------------------------
# A milestone turns a measure behind in status and show


def test_a_measure_becomes_behind_because_of_a_milestone(mini):
    rules = mini / "data/rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "red:                # 亮红灯的条件，满足其一即是\n  - overdue\n",
            "red:\n  - overdue\n  - behind\n",
        ),
        encoding="utf-8",
    )
    assert (
        run_cli(mini, "update", "g2-t1-m3", "--progress", "85", "--note", "签约在即。").exit_code
        == 0
    )
    before = run_cli(mini, "status").stdout
    assert "黄 发展" in before
    shown = run_cli(mini, "show", "g2-t1-m3").stdout
    assert "序时进度 88%（达进度）" in shown and "灯       黄（26天后到期）" in shown

    result = run_cli(mini, "update", "g2-t1-m3", "--milestone", "2024-07-01:90:签约协议")
    assert result.exit_code == 0, result.stderr
    after = run_cli(mini, "status").stdout
    assert "红 发展" in after
    assert run_cli(mini, "status", LEDGER_NO_CACHE="1").stdout == after  # digest = records
    shown = run_cli(mini, "show", "g2-t1-m3").stdout
    assert "序时进度 94%（按节点，欠进度）" in shown
    assert "灯       红（26天后到期、欠进度、节点未达）" in shown
    assert "节点（1 个）\n2024-07-01 应达 90%（签约协议）：未达到\n" in shown
    listed = run_cli(mini, "list", "--group", "g2").stdout
    assert "节点未达" in listed
    data = json.loads(run_cli(mini, "show", "g2-t1-m3", "-f", "json").stdout)
    assert data["milestone_missed"] is True and data["pace"] == "behind"
    assert data["milestone_states"] == [
        {"date": "2024-07-01", "progress": 90, "deliverable": "签约协议", "state": "missed"}
    ]


# ---------------------------------------------------------------------------------------------
# Reminders and assessment by cadence


def set_cadence(root, measure_id: str, cadence: str) -> None:
    result = run_cli(root, "update", measure_id, "--cadence", cadence)
    assert result.exit_code == 0, result.stderr


def reminded(root, today: str) -> dict[str, dict]:
    data = json.loads(run_cli(root, "reminders", "-f", "json", today=today).stdout)
    return {item["measure_id"]: item for unit in data["units"] for item in unit["items"]}


def test_a_weekly_measure_unreported_this_week_is_due(mini):
    set_cadence(mini, "g2-t1-m3", "周报")  # reported 2024-07-10, a Wednesday
    assert "g2-t1-m3" not in reminded(mini, "2024-07-12")  # answered this week (07-06 … 07-12)
    item = reminded(mini, "2024-07-15")["g2-t1-m3"]  # a new week: due by Friday 07-19
    assert (item["state"], item["missed"], item["due"], item["cadence"]) == (
        "due",
        0,
        "2024-07-19",
        "weekly",
    )
    late = reminded(mini, "2024-07-29")["g2-t1-m3"]  # the weeks to 07-19 and 07-26 went unanswered
    assert (late["state"], late["missed"]) == ("late", 2)
    table = run_cli(mini, "reminders", today="2024-07-15").stdout
    assert "本期待报（周报，本期截至 2024-07-19）" in table


def test_a_quarterly_measure_is_due_only_in_its_quarters_last_month(mini):
    set_cadence(mini, "g2-t1-m1", "quarterly")  # reported 2024-07-01: the quarter to 09-28 answered
    assert "g2-t1-m1" not in reminded(mini, "2024-09-02")
    assert "g2-t1-m1" not in reminded(mini, "2024-11-15")  # the next quarter ends 12-28
    item = reminded(mini, "2024-12-02")["g2-t1-m1"]
    assert (item["state"], item["due"]) == ("due", "2024-12-28")
    late = reminded(mini, "2024-12-29")["g2-t1-m1"]
    assert (late["state"], late["missed"]) == ("late", 1)
    # Monthly, the same measure is due every month.
    set_cadence(mini, "g2-t1-m1", "default")
    assert reminded(mini, "2024-11-15")["g2-t1-m1"]["state"] == "late"
    assert reminded(mini, "2024-08-15")["g2-t1-m1"]["state"] == "due"


def test_a_measure_on_no_cadence_is_never_reminded(mini):
    assert reminded(mini, "2024-07-15")["g1-t2-m1"]["state"] == "never"
    set_cadence(mini, "g1-t2-m1", "不用报")
    assert "g1-t2-m1" not in reminded(mini, "2024-07-15")


def test_the_default_cadence_comes_from_the_rules(mini):
    rules = mini / "data/rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "reporting:\n  cadence: weekly\n  weekday: 1\n",
        encoding="utf-8",
    )
    data = json.loads(run_cli(mini, "reminders", "-f", "json", today="2024-07-17").stdout)
    assert (data["cadence"], data["last_due"], data["next_due"]) == (
        "weekly",
        "2024-07-15",
        "2024-07-22",
    )
    assert data["cadence_words"] == "每周一前报送"
    table = run_cli(mini, "reminders", today="2024-07-17").stdout
    assert "报送周期：每周一前报送进展；上一期截至 2024-07-15" in table


def missed_reports(root) -> dict[str, str]:
    data = json.loads(run_cli(root, "assess", "-f", "json").stdout)
    return {
        point["measure_id"]: point["reason"].split("（")[0]
        for unit in data["units"]
        for point in unit["points"]
        if point["rule"] == "missed_report" and point["role"] == "lead"
    }


def test_assess_counts_each_measures_own_periods(mini):
    before = missed_reports(mini)
    assert before["g1-t1-m2"] == "5 期没有进展报送"  # monthly: 01-28 … 04-28, 06-28
    assert before["g2-t1-m1"] == "6 期没有进展报送"
    assert before["g1-t2-m1"] == "6 期没有进展报送"
    set_cadence(mini, "g1-t1-m2", "weekly")
    set_cadence(mini, "g2-t1-m1", "quarterly")
    set_cadence(mini, "g1-t2-m1", "none")
    after = missed_reports(mini)
    assert after["g1-t1-m2"] == "27 期周报没有进展报送"  # Fridays 01-05 … 07-12 but 05-24
    assert after["g2-t1-m1"] == "2 期季报没有进展报送"  # 03-28 and 06-28
    assert "g1-t2-m1" not in after


# ---------------------------------------------------------------------------------------------
# Setting them with `ledger update`


def test_update_sets_cadence_and_milestones_in_the_file(mini):
    result = run_cli(
        mini,
        "update",
        "g1-t2-m1",
        "--cadence",
        "季报",
        "--milestone",
        "2024-09-30:20",
        "--milestone",
        "2024-12-31：50：方案（初稿）印发",
        "--commit",
        **{"GIT_CONFIG_GLOBAL": "/dev/null"},
    )
    assert result.exit_code == 0, result.stderr
    assert "  报送周期：按默认 → 季报\n" in result.stdout
    assert "  节点：无 → 2024-09-30 20%；2024-12-31 50%（方案（初稿）印发）\n" in result.stdout
    text = (mini / "data/tasks/g1-t2.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "    evidence: []\n"
        "    cadence: quarterly\n"
        "    milestones:\n"
        "      - date: 2024-09-30\n"
        "        progress: 20\n"
        "      - date: 2024-12-31\n"
        "        progress: 50\n"
        "        deliverable: 方案（初稿）印发\n"
    )
    assert "g1-t2-m1: 报送周期：季报；节点：" in git(mini, "log", "-1", "--format=%s")
    # The same date replaces its milestone, others stay; default removes the measure's cadence.
    result = run_cli(
        mini, "update", "g1-t2-m1", "--milestone", "2024-09-30:25", "--cadence", "default"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "节点：2024-09-30 20%；2024-12-31 50%（方案（初稿）印发） → 2024-09-30 25%；"
        in result.stdout
    )
    text = (mini / "data/tasks/g1-t2.yaml").read_text(encoding="utf-8")
    assert "cadence" not in text and "progress: 25" in text
    result = run_cli(mini, "update", "g1-t2-m1", "--clear-milestones")
    assert result.exit_code == 0, result.stderr
    assert "milestones: []" in (mini / "data/tasks/g1-t2.yaml").read_text(encoding="utf-8")
    assert run_cli(mini, "validate").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cadence", "yearly"], "--cadence 的值“yearly”不是报送周期"),
        (["--milestone", "2024-09-30"], "--milestone 的值“2024-09-30”缺少进度或成果"),
        (["--milestone", "2024-09-31:20"], "--milestone 的值“2024-09-31”不是有效日期"),
        (["--milestone", "2024-09-30:120"], "--milestone 的进度“120”无效"),
        (["--milestone", "2024-09-30::"], "--milestone 的值“2024-09-30::”既没有进度也没有成果"),
        (
            ["--milestone", "2025-07-31:20"],
            "--milestone 的日期 2025-07-31 不在措施的开始 2024-01-01 与完成时限 2025-06-30 之间",
        ),
        (
            ["--milestone", "2024-09-30:60", "--milestone", "2024-12-31:40"],
            "--milestone：节点 2024-12-31 的进度 40% 低于之前节点 2024-09-30 的 60%",
        ),
    ],
)
def test_update_refuses_bad_cadence_and_milestones(mini, args, message):
    before = (mini / "data/tasks/g1-t2.yaml").read_bytes()
    result = run_cli(mini, "update", "g1-t2-m1", *args)
    assert result.exit_code == 2
    assert f"错误：{message}" in result.stderr
    assert (mini / "data/tasks/g1-t2.yaml").read_bytes() == before


def test_a_deadline_moved_before_a_milestone_is_refused(mini):
    assert run_cli(mini, "update", "g1-t2-m1", "--milestone", "2025-03-31:50").exit_code == 0
    result = run_cli(mini, "update", "g1-t2-m1", "--deadline", "2024-12-31", "--reason", "提前完成")
    assert result.exit_code == 2
    assert "错误：--deadline：节点 2025-03-31 晚于完成时限 2024-12-31" in result.stderr


def test_validate_places_bad_milestones_in_the_file(mini):
    path = mini / G1T1
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    evidence: []\n",
        "    evidence: []\n"
        "    milestones:\n"
        "      - date: 2024-05-31\n"
        "        progress: 50\n"
        "      - date: 2024-04-30\n"
        "        progress: 40\n"
        "      - date: 2024-08-31\n"
        "        progress: 60\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert f"{G1T1}:43:15: 错误：节点 2024-04-30 不晚于上一个节点 2024-05-31" in result.stderr
    assert f"{G1T1}:44:19: 错误：节点 2024-04-30 的进度 40% 低于之前节点 2024-05-31 的 50%" in (
        result.stderr
    )
    assert f"{G1T1}:45:15: 错误：节点 2024-08-31 晚于完成时限 2024-06-30" in result.stderr


def test_validate_refuses_a_milestone_before_the_measures_start(mini):
    path = mini / G2T1
    text = path.read_text(encoding="utf-8").replace(
        "    evidence: []\n",
        "    evidence: []\n    start: 2024-03-01\n    milestones:\n"
        "      - date: 2024-02-01\n        deliverable: 规划大纲\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert "错误：节点 2024-02-01 早于措施的开始（2024-03-01）" in result.stderr


# ---------------------------------------------------------------------------------------------
# Review: the office sets them; a unit may not


OFFICE = "office@qingcheng.example"
EDUCATION = "zhou7@qingcheng.example"


def as_author(name: str, email: str) -> dict:
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": "2024-07-02T09:00:00",
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": "2024-07-02T09:00:00",
    }


@pytest.fixture
def policed(mini):
    units = mini / "data/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n",
            "  - name: 区教育局\n    kind: 区直部门\n    aliases: []\n    contact: null\n"
            f"    accounts:\n      - {EDUCATION}\n",
        ),
        encoding="utf-8",
    )
    (mini / "data/policy.yaml").write_text(
        f"office_accounts:\n  - {OFFICE}\n"
        "unit_fields: [status, progress, progress_log, evidence, responsible_person, deliverable]\n"
        "units_act_on: lead_or_cooperating\nappend_only: [progress_log, deadline_history]\n",
        encoding="utf-8",
    )
    git(mini, "add", "data")
    git(mini, "commit", "-q", "-m", "accounts and policy")
    return mini


@pytest.mark.parametrize(
    ("who", "email", "allowed"), [("周七", EDUCATION, False), ("统筹办", OFFICE, True)]
)
def test_review_lets_only_the_office_set_cadence_and_milestones(policed, who, email, allowed):
    git(policed, "checkout", "-q", "-b", "plan")
    result = run_cli(
        policed, "update", "g1-t2-m1", "--cadence", "weekly", "--milestone", "2024-09-30:20"
    )
    assert result.exit_code == 0, result.stderr
    git(policed, "commit", "-q", "-am", "schedule", env=as_author(who, email))
    review = run_cli(policed, "review", "main", "HEAD", "-f", "json")
    data = json.loads(review.stdout)
    assert data["allowed"] is allowed
    refused = {(v["id"], v["field"]) for v in data["violations"]}
    expected = set() if allowed else {("g1-t2-m1", "cadence"), ("g1-t2-m1", "milestones")}
    assert refused == expected
    if not allowed:
        text = run_cli(policed, "review", "main", "HEAD").stdout
        assert "“节点”只能由统筹办修改" in text and "“报送周期”只能由统筹办修改" in text


def test_milestones_are_edited_in_place_and_a_comment_among_them_stays(mini):
    path = mini / "data/tasks/g1-t2.yaml"
    assert run_cli(mini, "update", "g1-t2-m1", "--milestone", "2024-09-30:20").exit_code == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    milestones:\n", "    milestones:\n      # 区长办公会定的节点\n"),
        encoding="utf-8",
    )
    result = run_cli(
        mini, "update", "g1-t2-m1", "--milestone", "2024-12-31:50", "--milestone", "2024-09-30:25"
    )
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8").endswith(
        "    milestones:\n"
        "      # 区长办公会定的节点\n"
        "      - date: 2024-09-30\n"
        "        progress: 25\n"
        "      - date: 2024-12-31\n"
        "        progress: 50\n"
    )
    # Dropping every milestone would drop the comment too: refused as the user's to decide.
    before = path.read_bytes()
    result = run_cli(mini, "update", "g1-t2-m1", "--clear-milestones")
    assert result.exit_code == 1, result.stderr
    assert "有注释，这次修改会删掉或移动它；已放弃写入，文件没有改动" in result.stderr
    assert "内部错误" not in result.stderr and path.read_bytes() == before


@pytest.mark.parametrize("cadence", ["weekly", "monthly", "bimonthly", "quarterly", "none"])
def test_periods_are_the_due_dates_with_where_each_opens(cadence):
    start, until = D(2024, 2, 10), D(2026, 3, 31)
    expected = [
        (periods.previous_due(day, cadence, REPORTING), day)
        for day in periods.due_dates(start, until, cadence, REPORTING)
    ]
    assert list(periods.periods(start, until, cadence, REPORTING)) == expected
    thursday = Reporting(weekday=4, day_of_month=10)  # the rules' own days, not the first's
    assert periods.periods(start, until, cadence, thursday)[:1] == tuple(
        (periods.previous_due(day, cadence, thursday), day)
        for day in periods.due_dates(start, until, cadence, thursday)[:1]
    )


@pytest.mark.parametrize("in_order", [True, False])
def test_a_measures_history_reads_the_same_by_bisection(in_order):
    """How long a measure has been red reads its state on a day by bisection when its log and
    deadline changes are in date order, and entry by entry when they are not."""
    from qc_ledger.reports.red_days import _history, _state_on

    log = [
        {"date": D(2024, 1, 10), "note": "启动。", "status": "in_progress", "progress": 10},
        {"date": D(2024, 3, 1), "note": "推进。"},
        {"date": D(2024, 3, 1), "note": "同日再报。", "progress": 30},
        {"date": D(2024, 6, 5), "note": "延期。", "status": "delayed", "progress": 40},
    ]
    changes = [
        {"date": D(2024, 2, 1), "previous": D(2024, 12, 31), "new": D(2025, 6, 30), "reason": "a"},
        {"date": D(2024, 5, 1), "previous": D(2025, 6, 30), "new": D(2025, 12, 31), "reason": "b"},
    ]
    if not in_order:
        log.reverse()
        changes.reverse()
    subject = measure(progress_log=log, deadline_history=changes, progress=40, status="delayed")
    state_on = _history(subject)
    for day in (D(2023, 12, 1), D(2024, 1, 10), D(2024, 2, 1), D(2024, 3, 1), D(2024, 7, 1)):
        assert state_on(day) == _state_on(subject, day), day


@pytest.mark.parametrize("cadence", ["weekly", "monthly", "bimonthly", "quarterly", "none"])
def test_the_periods_missed_in_a_row_read_the_same_from_the_newest_report(cadence):
    """Reminders count the periods missed in a row from the newest report when the periods tile
    their span, as a period-by-period walk back counts them, on and around every due day."""
    from bisect import bisect_right

    from qc_ledger.reports.reminders import _missed

    def walked(reports, windows):
        missed = 0
        for opened, day in reversed(windows):
            if bisect_right(reports, day) > bisect_right(reports, opened):
                break
            missed += 1
        return missed

    start, until = D(2024, 2, 10), D(2025, 3, 28)
    windows = periods.periods(start, until, cadence, REPORTING)
    ends = periods.period_ends(start, until, cadence, REPORTING)
    assert ends == tuple(day for _opened, day in windows)
    edges = [start - dt.timedelta(days=40), until + dt.timedelta(days=3)]
    for opened, day in windows:
        edges += [opened, opened + dt.timedelta(days=1), day, day + dt.timedelta(days=1)]
    for first in edges:
        for second in [None, *edges[::3]]:
            reports = sorted(d for d in (first, second) if d is not None)
            assert _missed(reports, windows, ends) == walked(reports, windows), reports
    assert _missed([], windows, ends) == len(windows)
    gapped = ((D(2024, 1, 1), D(2024, 2, 1)), (D(2024, 3, 1), D(2024, 4, 1)))
    for day in (D(2024, 1, 15), D(2024, 2, 15), D(2024, 3, 15)):  # periods with a gap: walked
        assert _missed([day], gapped, None) == walked([day], gapped)
