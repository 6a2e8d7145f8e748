"""Filters, queries and the listing report, on the fixture (known answers) and on the real plan."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from qc_ledger.domain.filters import DueWithinFilter, OverdueFilter, StatusFilter
from qc_ledger.domain.names import in_natural_order, natural_key, natural_keys
from qc_ledger.domain.query import (
    Query,
    QueryOptions,
    build_query,
    parse_days,
    parse_statuses,
    sort_rows,
)
from qc_ledger.errors import UsageError
from qc_ledger.load.loader import load_ledger
from qc_ledger.reports.listing import build_listing, measure_rows

from conftest import MINI, REPO

TODAY = dt.date(2024, 7, 15)


@pytest.fixture(scope="module")
def mini_ledger():
    return load_ledger(MINI)


@pytest.fixture(scope="module")
def plan():
    return load_ledger(REPO)


def ids(ledger, today=TODAY, **options) -> list[str]:
    query = build_query(ledger, QueryOptions(**options))
    return [measure.id for _, _, measure in query.run(ledger, today)]


ALL_MINI = ["g1-t1-m1", "g1-t1-m2", "g1-t2-m1", "g2-t1-m1", "g2-t1-m2", "g2-t1-m3"]


FILTER_CASES = [
        ({}, ALL_MINI),
        ({"group": "g2"}, ["g2-t1-m1", "g2-t1-m2", "g2-t1-m3"]),
        ({"group": "教育"}, ["g1-t1-m1", "g1-t1-m2", "g1-t2-m1"]),
        ({"task": "g1-t1"}, ["g1-t1-m1", "g1-t1-m2"]),
        ({"task": "教师编制挂钩"}, ["g1-t2-m1"]),
        ({"unit": "区财政局"}, ["g1-t1-m2", "g1-t2-m1", "g2-t1-m3"]),
        ({"unit": "源潭镇"}, ["g2-t1-m1", "g2-t1-m3"]),
        ({"unit": "区教育局"}, ["g1-t1-m1", "g1-t1-m2", "g1-t2-m1"]),
        ({"statuses": ("推进中",)}, ["g1-t1-m2", "g2-t1-m3"]),
        ({"statuses": ("done", "已取消")}, ["g1-t1-m1", "g2-t1-m2"]),
        ({"statuses": ("未启动，滞后",)}, ["g1-t2-m1", "g2-t1-m1"]),
        ({"overdue": True}, ["g1-t1-m2"]),
        ({"due_within": "30"}, ["g2-t1-m3"]),
        ({"due_within": "25"}, []),
        ({"due_within": "26"}, ["g2-t1-m3"]),
        ({"due_within": "400"}, ["g1-t2-m1", "g2-t1-m1", "g2-t1-m3"]),
        ({"person": "王五"}, ["g2-t1-m1", "g2-t1-m3"]),
        ({"person": "周七"}, ["g1-t1-m1"]),
        ({"search": "冷链"}, ["g2-t1-m3"]),
        ({"search": "起草"}, ["g1-t1-m2"]),  # a progress note
        ({"search": "联合体章程"}, ["g1-t1-m1"]),  # a deliverable
        ({"search": "教育测试"}, ["g1-t1-m1", "g1-t1-m2", "g1-t2-m1"]),  # the group's name
        ({"unit": "区财政局", "statuses": ("in_progress",)}, ["g1-t1-m2", "g2-t1-m3"]),
        ({"unit": "区财政局", "overdue": True}, ["g1-t1-m2"]),
        ({"group": "g1", "person": "王五"}, []),
]  # fmt: skip


@pytest.mark.parametrize(("options", "expected"), FILTER_CASES)
def test_filters_on_the_fixture(mini_ledger, options, expected):
    assert ids(mini_ledger, **options) == expected


@pytest.mark.parametrize("sort", ["id", "deadline", "unit"])
@pytest.mark.parametrize(("options", "expected"), FILTER_CASES)
def test_the_digests_select_what_the_records_select(mini_ledger, options, expected, sort):
    query = build_query(mini_ledger, QueryOptions(**options, sort=sort))
    found = query.run_digests(mini_ledger, TODAY)
    if "person" in options or "search" in options:
        assert found is None, "the digests hold neither the people nor the text"
        return
    by_records = [measure.id for _, _, measure in query.run(mini_ledger, TODAY)]
    assert [measure.id for _, measure in found] == by_records
    assert sorted(by_records) == sorted(expected)


def test_a_listing_builds_only_the_rows_it_shows(mini):
    from qc_ledger.load.cache.filecache import FileCache
    from qc_ledger.load.cache.opening import open_ledger

    plain = load_ledger(mini)
    options = QueryOptions(unit="区财政局")
    rows = measure_rows(plain, build_query(plain, options).run(plain, TODAY), TODAY)
    files = FileCache(mini)
    files.save(open_ledger(mini, cached=files).file_names())  # the full load that remembers
    restored = open_ledger(mini, cached=FileCache(mini))
    assert restored.tasks.built() == 0
    listing = build_listing(restored, build_query(restored, options), TODAY)
    assert listing.count == 3 and restored.tasks.built() == 0
    assert listing.counts() == {
        "overdue": sum(row.overdue for row in rows),
        "due_soon": sum(row.due_soon for row in rows),
        "stale": sum(row.stale for row in rows),
    }
    assert restored.tasks.built() == 0, "the counts come from the digests"
    assert listing.shown(1) == rows[:1]
    assert restored.tasks.built() == 0, "a row keeps no record"
    assert listing.rows == rows
    assert [row.record for row in listing.rows] == [row.record for row in rows]


def test_sort_orders(mini_ledger):
    by_deadline = ids(mini_ledger, sort="deadline")
    assert by_deadline == ["g1-t1-m1", "g1-t1-m2", "g2-t1-m3", "g2-t1-m1", "g2-t1-m2", "g1-t2-m1"]
    # Registry order: 区发展改革局 is registered before 区教育局.
    assert ids(mini_ledger, sort="unit")[:3] == ["g2-t1-m1", "g2-t1-m2", "g2-t1-m3"]
    assert ids(mini_ledger, sort="ID") == ALL_MINI


def test_natural_order_of_ids():
    assert sorted(["g1-t10-m1", "g1-t2-m1", "g10-t1-m1"], key=natural_key) == [
        "g1-t2-m1",
        "g1-t10-m1",
        "g10-t1-m1",
    ]


def test_derived_flags_follow_the_given_day(mini_ledger):
    later = dt.date(2025, 1, 10)
    assert ids(mini_ledger, today=later, overdue=True) == ["g1-t1-m2", "g2-t1-m1", "g2-t1-m3"]
    assert ids(mini_ledger, today=later, due_within="30") == []
    assert ids(mini_ledger, today=dt.date(2024, 8, 10), due_within="0") == ["g2-t1-m3"]


def test_a_query_returns_a_new_list_and_changes_nothing(mini_ledger):
    before = [m.id for _, _, m in mini_ledger.iter_measures()]
    query = Query((StatusFilter(("in_progress",)),), sort="deadline")
    first = query.run(mini_ledger, TODAY)
    first.clear()
    assert [m.id for _, _, m in query.run(mini_ledger, TODAY)] == ["g1-t1-m2", "g2-t1-m3"]
    assert [m.id for _, _, m in mini_ledger.iter_measures()] == before


def test_filters_are_frozen_values():
    overdue = OverdueFilter()
    assert overdue == OverdueFilter() and hash(DueWithinFilter(3)) == hash(DueWithinFilter(3))
    with pytest.raises(AttributeError):
        DueWithinFilter(3).days = 4


def test_listing_rows_carry_flags_and_the_export_field_names(mini_ledger):
    listing = build_listing(mini_ledger, Query(), TODAY)
    rows = {row.id: row for row in listing.rows}
    assert rows["g1-t1-m2"].flags() == ["逾期15天", "未报送"]
    assert rows["g1-t1-m2"].light == "red"
    assert rows["g2-t1-m3"].flags() == ["26天后到期", "严重滞后"]
    assert rows["g2-t1-m3"].light == "yellow"
    assert rows["g1-t1-m1"].flags() == [] and rows["g2-t1-m2"].light is None
    assert listing.counts() == {"overdue": 1, "due_soon": 1, "stale": 2}
    record = rows["g2-t1-m3"].record
    assert list(record)[:3] == ["id", "group", "task"]
    assert record["lead_unit"] == "区发展改革局" and record["cooperating_units"] == [
        "源潭镇",
        "区财政局",
    ]
    assert record["deadline"] == "2024-08-10" and record["days_to_deadline"] == 26
    assert record["status"] == "in_progress" and record["status_label"] == "推进中"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"group": "g9"}, ["没有工作组“g9”", "g1"]),
        ({"group": "g1-t1"}, ["任务编号，不是工作组", "--task"]),
        ({"task": "g1-t3"}, ["没有任务“g1-t3”", "g1-t1", "g1-t2"]),
        ({"task": "g1"}, ["工作组编号，不是任务", "--group g1"]),
        ({"task": "g1-t1-m1"}, ["措施编号，不是任务", "ledger show g1-t1-m1"]),
        ({"unit": "区财政"}, ["未登记的单位“区财政”", "区财政局"]),
        ({"statuses": ("进行中",)}, ["“进行中”不是有效状态", "in_progress（推进中）"]),
        ({"statuses": ("",)}, ["不能为空"]),
        ({"due_within": "-1"}, ["不是天数", "不小于 0 的整数"]),
        ({"due_within": "三十"}, ["不是天数"]),
        ({"due_within": "１０"}, ["不是天数"]),
        ({"sort": "dead"}, ["--sort 的值“dead”无效", "deadline"]),
        ({"person": " "}, ["--person 的值不能为空"]),
        ({"search": ""}, ["--search 的值不能为空"]),
    ],
)
def test_bad_options_are_usage_errors_that_say_what_is_valid(mini_ledger, options, words):
    with pytest.raises(UsageError) as caught:
        build_query(mini_ledger, QueryOptions(**options))
    assert caught.value.exit_code == 2
    text = " ".join(f"{p.message} {p.hint}" for p in caught.value.problems)
    for word in words:
        assert word in text


def test_parsers():
    assert parse_days(" 7 ") == 7 and parse_days("0") == 0
    assert parse_statuses(["推进中", "in_progress", "滞后、已完成"]) == (
        "in_progress",
        "delayed",
        "done",
    )


def test_filters_on_the_real_plan(plan):
    today = dt.date(2025, 6, 30)
    assert len(ids(plan, today)) == 59
    assert len(ids(plan, today, group="g4")) == 8
    assert ids(plan, today, task="g1-t1") == ["g1-t1-m1", "g1-t1-m2", "g1-t1-m3", "g1-t1-m4"]
    assert ids(plan, today, unit="源潭镇") == []  # a member of groups, named for no measure
    lead = [m.id for _, _, m in plan.iter_measures() if m.lead_unit == "区发展改革局"]
    assert ids(plan, today, unit="区发展改革局") == lead and len(lead) == 31
    assert ids(plan, today, unit="区发展和改革局") == lead
    # 区财政局 sits in six groups but leads and cooperates on no measure in the plan.
    assert ids(plan, today, unit="区财政局") == []
    assert ids(plan, today, overdue=True) == []
    assert ids(plan, today, statuses=("not_started",)) == ids(plan, today)
    assert ids(plan, today, due_within="30") == []
    assert len(ids(plan, dt.date(2025, 12, 15), due_within="30")) == 59
    assert len(ids(plan, dt.date(2026, 1, 1), overdue=True)) == 59
    assert ids(plan, today, search="冷链") == [
        m.id for _, _, m in plan.iter_measures() if "冷链" in m.text
    ]
    assert ids(plan, today, search="冷链")
    assert ids(plan, today, group="人口迁徙") == ids(plan, today, group="g1")


def test_empty_unit_listing_explains_itself(plan):
    query = build_query(plan, QueryOptions(unit="区财政局"))
    listing = build_listing(plan, query, dt.date(2025, 6, 30))
    assert listing.rows == []
    (hint,) = listing.hints
    assert "6 个工作组" in hint and "ledger unit 区财政局" in hint


def test_natural_keys_are_each_texts_natural_key():
    texts = ["g1-t10-m1", "g1-t2-m1", "g10-t1-m1", "g1-t2-m01", "12", "", "a", "x9y", "p1-t1-m",
             "mé3", "g1\n-m2", "٣4"]  # fmt: skip
    assert natural_keys(texts) == [natural_key(text) for text in texts]


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["g1-t1-m1"],
        ["g1-t1-m1", "g1-t1-m2", "g1-t2-m1", "g1-t10-m1", "g2-t1-m1", "g10-t1-m1"],
        ["g1-t1-m2", "g1-t1-m1"],  # a task's measures out of order
        ["g1-t10-m1", "g1-t2-m1"],  # tasks ordered as text, not as numbers
        ["g2-t1-m1", "g10-t1-m1", "g9-t1-m1"],
        ["g1-t2-m01", "g1-t2-m1", "g1-t2-m1"],  # equal keys keep the order
        ["g1-t1-m1", "g1-t1-m", "g1-t1-m2"],  # a text with no trailing number
        ["a", "b", "a"],
        ["x9y", "x10y"],
        ["٣4", "5"],
        ["p1-t1-m3", "p1-t1a-m1", "p1-t1-m4"],  # a head met again after another
    ],
)
def test_natural_order_is_told_as_the_keys_tell_it(texts):
    keys = [natural_key(text) for text in texts]
    assert natural_keys(texts) == keys
    assert in_natural_order(texts) == all(a <= b for a, b in itertools.pairwise(keys))


def test_rows_out_of_id_order_are_sorted_and_rows_in_it_kept(mini_ledger):
    rows = [(None, None, SimpleNamespace(id=i)) for i in ("g1-t2-m1", "g1-t10-m1", "g1-t2-m01")]
    assert [r[2].id for r in sort_rows(rows, "id", mini_ledger)] == [
        "g1-t2-m1",
        "g1-t2-m01",
        "g1-t10-m1",
    ]
    shuffled = rows[::-1]
    assert [r[2].id for r in sort_rows(shuffled, "id", mini_ledger)] == [
        "g1-t2-m01",
        "g1-t2-m1",
        "g1-t10-m1",
    ]
