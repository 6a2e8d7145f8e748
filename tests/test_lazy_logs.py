"""Progress logs of records rebuilt from the cache stay plain data until an entry is read, and
behave as the lists a validated record holds: equality, dumps, copies, reports."""

from __future__ import annotations

import copy
import datetime as dt
import json

from test_snapshot import edit, load

from qc_ledger.domain import lazylog, note_quality, timeliness
from qc_ledger.domain.lazylog import LazyList
from qc_ledger.domain.models import Measure, Task
from qc_ledger.domain.rebuild import trusted
from qc_ledger.load.cache import snapshot
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.loader import load_ledger

MEASURE = {
    "id": "g1-t1-m1",
    "text": "措施",
    "lead_unit": "甲局",
    "deadline": "2025-06-30",
    "status": "done",
    "progress": 100,
    "progress_log": [
        {
            "date": "2025-02-01",
            "note": "开始",
            "status": "in_progress",
            "progress": 10,
            "highlight": True,
        },
        {"date": "2025-01-15", "note": "补记", "problems": "缺人"},
        {"date": "2025-03-01", "note": "完成", "status": "done", "progress": 100},
        {"date": "2025-03-01", "note": "同日再记", "next_steps": "归档"},
    ],
}


def fresh() -> Measure:
    return trusted(Measure, json.loads(json.dumps(MEASURE)))


def validated() -> Measure:
    return Measure.model_validate(json.loads(json.dumps(MEASURE)), strict=False)


def test_a_rebuilt_log_is_plain_until_read_and_then_the_validated_list():
    measure = fresh()
    log = measure.progress_log
    assert type(log) is LazyList and log.plain is not None
    assert len(log) == 4 and log
    assert timeliness.report_dates(measure) == sorted(e.date for e in validated().progress_log)
    assert measure.last_reported == dt.date(2025, 3, 1)
    assert timeliness.reached_on(measure, "done") == dt.date(2025, 3, 1)
    assert timeliness.last_entry(measure).note == "同日再记"  # the later of one day
    assert lazylog.newest_index(log) == 2  # the earlier of one day
    assert log.plain is not None, "the accessors build no list"
    assert log[1].problems == "缺人" and log[-1].note == "同日再记"
    assert log.plain is not None
    one = log[2]
    assert list(log)[2] is one, "a record read alone is the one the whole list holds"
    assert log == validated().progress_log and measure == validated()


def test_a_rebuilt_log_dumps_compares_and_copies_as_a_list():
    assert fresh() == fresh() and fresh().progress_log == fresh().progress_log
    assert fresh().model_dump() == validated().model_dump()
    assert fresh().model_dump(mode="json") == validated().model_dump(mode="json")
    assert fresh().model_dump_json() == validated().model_dump_json()
    task = {"id": "g1-t1", "group": "g1", "title": "任务", "measures": [MEASURE]}
    rebuilt = trusted(Task, json.loads(json.dumps(task)))
    assert rebuilt.model_dump_json() == Task.model_validate(task, strict=False).model_dump_json()
    copied = copy.deepcopy(fresh())
    assert type(copied.progress_log) is list and copied == validated()
    assert json.dumps([e.note for e in fresh().progress_log])
    assert [*fresh().progress_log] == list(reversed(list(reversed(validated().progress_log))))
    assert [] + fresh().progress_log == validated().progress_log  # noqa: RUF005
    assert fresh().progress_log + [] == validated().progress_log  # noqa: RUF005
    assert next(e.note for e in reversed(fresh().progress_log)) == "同日再记"
    assert fresh().progress_log[1:2] == validated().progress_log[1:2]
    assert repr(fresh().progress_log) == repr(validated().progress_log)


def test_the_newest_note_of_a_rebuilt_log_is_the_validated_ones():
    quality = load_quality()
    open_measure = {**MEASURE, "status": "in_progress", "progress": 50}
    rebuilt = trusted(Measure, json.loads(json.dumps(open_measure)))
    checked = Measure.model_validate(open_measure, strict=False)
    assert note_quality.newest_note(rebuilt, quality) == note_quality.newest_note(checked, quality)


def load_quality():
    from qc_ledger.domain.supervision_models import NoteQuality

    return NoteQuality()


def test_a_restored_ledger_reports_as_a_full_load_and_sees_an_edited_log(aliased_mini):
    full = load_ledger(aliased_mini)
    load(aliased_mini)
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    pairs = zip(restored.each_measure(), full.each_measure(), strict=True)
    for (*_, measure), (*_, checked) in pairs:
        assert timeliness.report_dates(measure) == sorted(e.date for e in checked.progress_log)
        assert measure.last_reported == checked.last_reported
        assert timeliness.last_entry(measure) == timeliness.last_entry(checked)
        assert measure == checked and measure.model_dump() == checked.model_dump()
    edit(aliased_mini, "tasks/g1-t1.yaml", "note: 已起草方案。", "note: 方案已起草。")
    again = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    notes = [e.note for *_, m in again.each_measure() for e in m.progress_log]
    assert "方案已起草。" in notes and "已起草方案。" not in notes
    assert [m for *_, m in again.each_measure()] == [
        m for *_, m in load_ledger(aliased_mini).each_measure()
    ]


def test_what_the_report_and_the_site_read_of_a_plain_log_is_what_they_read_of_the_list():
    from qc_ledger.render.site_measures import _entries

    def both(read):
        return read(fresh().progress_log), read(validated().progress_log)

    problems = ("problems", "next_steps")
    for read in (
        _entries,
        lazylog.month_counts,
        lazylog.sorted_dates,
        lambda log: lazylog.dated_with(log, problems, dt.date(2025, 2, 28)),
        lambda log: lazylog.dated_with(log, problems, dt.date.max, dt.date(2025, 2, 1)),
        lambda log: lazylog.last_set_before(log, 3, "progress"),
        lambda log: lazylog.last_set_before(log, 1, "status"),
        lambda log: lazylog.first_date_with(log, "status", "done"),
    ):
        plain, built = both(read)
        assert plain == built
    assert "<br>存在问题：缺人" in _entries(fresh().progress_log)
    assert "（经验亮点）" in _entries(fresh().progress_log)
