"""The models: strict fields, statuses, dates and the Chinese messages of validation failures."""

from __future__ import annotations

import datetime as dt

import pytest

from qc_ledger.domain.models import STATUSES, Measure
from qc_ledger.domain.timeliness import last_report
from qc_ledger.domain.validation import validate_record
from qc_ledger.vocabulary import STATUS_LABELS


def measure(**changes) -> dict:
    base = {
        "id": "g1-t1-m1",
        "text": "测试措施。",
        "lead_unit": "区财政局",
        "deadline": dt.date(2025, 12, 31),
    }
    base.update(changes)
    return base


def task(**measure_changes) -> dict:
    return {"id": "g1-t1", "group": "g1", "title": "测试", "measures": [measure(**measure_changes)]}


def issues(**measure_changes):
    record, found = validate_record("task", task(**measure_changes))
    assert record is None
    return found


def test_statuses_have_chinese_labels():
    assert STATUSES == ("not_started", "in_progress", "delayed", "done", "cancelled")
    assert [STATUS_LABELS[s] for s in STATUSES] == ["未启动", "推进中", "滞后", "已完成", "已取消"]


def test_defaults_describe_an_unreported_measure():
    record = Measure.model_validate(measure())
    assert record.status == "not_started"
    assert record.progress == 0
    assert record.progress_log == [] and last_report(record) is None
    assert record.original_deadline == dt.date(2025, 12, 31)


def test_iso_text_dates_are_accepted():
    record = Measure.model_validate(measure(deadline="2025-06-30"))
    assert record.deadline == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "不是存在的日期"),
        ("2025/06/30", "不是 YYYY-MM-DD"),
        (" 2025-06-30", "前后有空格"),
        ("2025-06-30 ", "应写作 2025-06-30"),
        (20250630, "应为日期"),
        (dt.datetime(2025, 6, 30, 8, 0), "不要带时间"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(value, message):
    (found,) = issues(deadline=value)
    assert found.loc == ("measures", 0, "deadline")
    assert message in found.message


def test_unknown_field_suggests_the_nearest_known_one():
    (found,) = issues(statu="done")
    assert found.code == "unknown_field"
    assert "statu" in found.message and "status" in found.hint


def test_chinese_status_label_is_explained():
    (found,) = issues(status="推进中")
    assert "in_progress" in found.hint


@pytest.mark.parametrize("value", [101, -1])
def test_progress_out_of_range(value):
    (found,) = issues(progress=value)
    assert found.code == "out_of_range" and "0–100" in found.hint


@pytest.mark.parametrize("value", ["40", 40.0, True])
def test_strict_types_refuse_coercion(value):
    (found,) = issues(progress=value)
    assert found.code == "bad_type"


def test_yaml11_booleans_are_not_text():
    (found,) = issues(responsible_person=False)
    assert "应为文字" in found.message and "双引号" in found.hint


def test_missing_required_field():
    data = measure()
    del data["lead_unit"]
    record, found = validate_record("task", {**task(), "measures": [data]})
    assert record is None
    assert found[0].code == "missing_field" and "lead_unit" in found[0].message


def test_a_file_that_is_not_a_mapping():
    record, found = validate_record("group", ["a", "b"])
    assert record is None and found[0].code == "not_a_mapping"
