"""Each column of the office documents holds its own value: a header or a value swapped shows here.

Every field of the rows below has a value no other field has, so a header over the wrong column or
a value in the wrong place changes what a header reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from qc_ledger.reports.documents import refine_document, reminders_document
from qc_ledger.reports.refine import RefineReport, RefineRow
from qc_ledger.reports.reminders import Owed, RemindersReport, UnitReminder

from conftest import run_cli

TODAY = dt.date(2024, 7, 15)


def by_header(document) -> list[dict[str, object]]:
    """Every row of every table of a document, as {header: value}."""
    return [
        dict(zip(table.header, row, strict=True))
        for section in document.sections
        for table in section.tables
        for row in table.rows
    ]


def test_each_refine_column_holds_its_own_count():
    row = RefineRow(
        unit="区教育局",
        unit_short="教育局",
        must_submit=True,
        measures=6,
        with_person=5,
        with_leader=4,
        with_deadline=3,
        with_deliverable=2,
        complete=1,
        submitted=dt.date(2024, 3, 20),
        reference="清教〔2024〕3号",
    )
    report = RefineReport(TODAY, dt.date(2024, 3, 31), True, [row])
    assert by_header(refine_document(report)) == [
        {
            "牵头单位": "教育局",
            "措施": 6,
            "责任领导": 4,
            "责任人": 5,
            "自定时限": 3,
            "成果形式": 2,
            "四项齐全": 1,
            "责任清单": "按时报送",
            "报送日期": "2024-03-20",
        }
    ]


def test_each_reminders_column_holds_its_own_value():
    item = Owed(
        measure_id="g1-t2-m1",
        task_title="教师编制挂钩",
        state="late",
        missed=3,
        last_report=dt.date(2024, 4, 1),
        reminded=1,
    )
    unit = UnitReminder("区教育局", "孙六（0763-1234567）", [item])
    report = RemindersReport(TODAY, 28, dt.date(2024, 6, 28), dt.date(2024, 7, 28), [unit])
    document = reminders_document(report)
    assert by_header(document) == [
        {
            "措施": "g1-t2-m1",
            "任务": "教师编制挂钩",
            "情况": "逾期未报",
            "缺报期数": 3,
            "最近报送": "2024-04-01",
        }
    ]
    assert [section.title for section in document.sections] == ["区教育局（第 2 次催办）"]
    assert document.sections[0].lines == ["联系人：孙六（0763-1234567）"]


def test_the_rendered_reminders_keep_each_value_under_its_header(mini):
    shown = run_cli(mini, "reminders", "-f", "csv")
    assert shown.exit_code == 0, shown.stderr
    header, *rows = csv.reader(io.StringIO(shown.stdout.removeprefix("\ufeff")))
    found = {row[header.index("措施")]: dict(zip(header, row, strict=True)) for row in rows}
    assert found["g1-t2-m1"] == {
        "措施": "g1-t2-m1",
        "任务": "教师编制挂钩",
        "情况": "从未报送",
        "缺报期数": "6",
        "最近报送": "从未报送",
    }
    assert found["g1-t1-m2"] == {
        "措施": "g1-t1-m2",
        "任务": "均衡配置教育资源",
        "情况": "逾期未报",
        "缺报期数": "1",
        "最近报送": "2024-05-20",
    }
