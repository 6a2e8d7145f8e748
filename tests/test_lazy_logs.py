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
from qc_ledger.reports import red_days

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
        lambda log: _entries(log, range(len(log))),
        lambda log: _entries(log, [2, 0]),  # the page's latest entries of a long log
        lazylog.month_counts,
        lazylog.sorted_dates,
        lambda log: lazylog.dated_with(log, problems, dt.date(2025, 2, 28)),
        lambda log: lazylog.dated_with(log, problems, dt.date.max, dt.date(2025, 2, 1)),
        lambda log: lazylog.latest_with(log, problems),
        lambda log: lazylog.latest_with(log, ("highlight",)),
        lambda log: lazylog.last_set_before(log, 3, "progress"),
        lambda log: lazylog.last_set_before(log, 1, "status"),
        lambda log: lazylog.first_date_with(log, "status", "done"),
    ):
        plain, built = both(read)
        assert plain == built
    assert "<br>存在问题：缺人" in _entries(fresh().progress_log, range(4))
    assert "（经验亮点）" in _entries(fresh().progress_log, range(4))


def stored(task: dict) -> Task:
    """A task as a cache entry keeps it and a restore rebuilds it: its logs left as bytes."""
    from pathlib import Path

    from qc_ledger.load.cache.entries import DATA, entry_line
    from qc_ledger.load.cache.logsplit import held_task

    line = entry_line(Path("/x/g1-t1.yaml"), "task", "text", task, (1, 2, 3, 4), 5)
    assert json.loads(line)["data"] == json.loads(json.dumps(task)), "the entry is whole JSON"
    return trusted(Task, held_task(line, line.index(DATA) + len(DATA)))


LOG = MEASURE["progress_log"] * 4  # long enough to be kept apart (`logsplit.LOCATED_FROM`)
LONG = {**MEASURE, "progress_log": LOG}
TASK = {
    "id": "g1-t1",
    "group": "g1",
    "title": "任务",
    "measures": [
        LONG,
        {**MEASURE, "id": "g1-t1-m2", "progress_log": []},
        {**MEASURE, "id": "g1-t1-m3", "status": "in_progress", "progress": 50,
         "progress_log": [*LOG[::-1], {"date": "2024-12-31", "note": "早", "status": "done",
                                       "progress": 5}]},
        {**MEASURE, "id": "g1-t1-m4"},  # a short log: decoded with its task
    {**MEASURE, "id": "g1-t1-m5", "status": "delayed", "progress": 30,
     "deadline_history": [{"date": "2025-02-20", "previous": "2025-04-30", "new": "2025-06-30",
                           "reason": "延期"}],
     "progress_log": sorted([*LOG, {"date": "2025-03-20", "note": "受阻", "status": "delayed",
                                    "progress": 30}, {"date": "2025-04-02", "note": "无状态"}],
                            key=lambda entry: entry["date"])},  # in date order, as most are
    ],
}  # fmt: skip


def test_a_stored_log_answers_every_accessor_without_being_decoded():
    checked = Task.model_validate(TASK, strict=False)
    problems = ("problems", "next_steps")
    reads = (
        len,
        bool,
        lazylog.month_counts,
        lazylog.sorted_dates,
        lazylog.newest_date,
        lazylog.newest_index,
        lazylog.newest,
        lambda log: lazylog.dated_with(log, problems, dt.date(2025, 2, 28)),
        lambda log: lazylog.dated_with(log, problems, dt.date.max, dt.date(2025, 2, 1)),
        lambda log: lazylog.dated_with(log, ("highlight",), dt.date.max, dt.date(2025, 1, 1)),
        lambda log: lazylog.latest_with(log, problems),
        lambda log: lazylog.latest_with(log, ("highlight",)),
        lambda log: lazylog.last_set_before(log, 3, "progress"),
        lambda log: lazylog.last_set_before(log, 4, "progress"),
        lambda log: lazylog.last_set_before(log, 1, "progress"),
        lambda log: lazylog.first_date_with(log, "status", "done"),
        lambda log: lazylog.first_date_with(log, "status", "in_progress"),
        lambda log: lazylog.first_date_with(log, "status", "cancelled"),
        lambda log: log[0],
        lambda log: log[-1],
        lambda log: [lazylog.standing_after(log, count) for count in range(len(log) + 1)],
    )
    for rebuilt, measure in zip(stored(TASK).measures, checked.measures, strict=True):
        log = rebuilt.progress_log
        for read in reads:
            if measure.progress_log or read in (len, bool, lazylog.month_counts):
                assert read(log) == read(measure.progress_log)
        if log:
            dates = [entry.date.isoformat() for entry in measure.progress_log]
            assert (
                lazylog.iso_dates(log) == dates and lazylog.iso_dates(measure.progress_log) is None
            )
        assert lazylog.stored_sorted_days(measure.progress_log) is None
        assert lazylog.stored_months(measure.progress_log) is None
        if lazylog.kept_as_bytes(log):
            days = [entry.date.isoformat() for entry in measure.progress_log]
            assert lazylog.stored_sorted_days(log) == sorted(days)
            months = lazylog.stored_months(log)
            assert dict(zip(months[::2], months[1::2], strict=True)) == lazylog.month_counts(
                measure.progress_log
            )
            assert list(lazylog.month_counts(log)) == list(
                lazylog.month_counts(measure.progress_log)
            ), "in order of first"
        if len(measure.progress_log) < 16:
            assert type(log) is list or log._slice is None
        else:
            assert log._plain is lazylog._UNREAD, "no accessor decodes the whole log"
            quality = load_quality()
            assert note_quality.newest_note(rebuilt, quality) == note_quality.newest_note(
                measure, quality
            )
            assert log._plain is lazylog._UNREAD
    # What a red measure's history reads of it, day by day, as of the validated record: a stored
    # log in date order from its brief alone.
    for rebuilt, measure in zip(stored(TASK).measures, checked.measures, strict=True):
        mine, theirs = red_days._History(rebuilt), red_days._History(measure)
        for offset in range(-40, 200, 3):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=offset)
            assert mine.state_on(day) == theirs.state_on(day)
            assert mine.late_on(day) == theirs.late_on(day)
            assert list(mine.events_until(day)) == list(theirs.events_until(day))
    assert rebuilt.progress_log._plain is lazylog._UNREAD and len(rebuilt.progress_log) == 18
    again = stored(TASK)
    assert again == checked and again.model_dump() == checked.model_dump()
    assert stored(TASK).model_dump_json() == checked.model_dump_json()
    assert stored(TASK).measures[4].progress_log._slice.brief["sorted"]
    log = stored(TASK).measures[2].progress_log
    first = log[1]
    assert log.plain[1]["note"] == first.note and list(log)[1] is first
    log.append(log[0])
    assert len(log) == 18 and lazylog.newest_index(log) == 0 and lazylog.newest(log) is log[17]
    assert lazylog.sorted_dates(log)[-3:] == [dt.date(2025, 3, 1)] * 3


def test_a_log_that_cannot_be_located_is_kept_whole():
    from qc_ledger.load.cache.logsplit import task_json

    mark = {**MEASURE, "progress_log": [*LOG, {"date": "2025-01-01", "note": "\x00log 0\x00"}]}
    assert task_json({**TASK, "measures": [LONG]}) is not None
    assert task_json({**TASK, "measures": [{**LONG, "text": "\x00log 0\x00"}]}) is None
    assert task_json({**TASK, "measures": [mark]}) is not None, "a log's text is not searched"
    assert stored({**TASK, "measures": [mark]}).measures[0].progress_log[-1].note == "\x00log 0\x00"
    odd = {**MEASURE, "progress_log": [*LOG, {"date": "2025-1-1", "note": "x"}]}
    assert task_json({**TASK, "measures": [odd]}) is None
    task = {**TASK, "measures": [odd, LONG]}
    rebuilt = stored(task).measures[1].progress_log
    assert rebuilt._slice is None and rebuilt == trusted(Measure, LONG).progress_log


def test_a_brief_writes_every_status_a_measure_can_have():
    from qc_ledger.domain.logslice import STANDING_STATUSES
    from qc_ledger.domain.models import STATUSES

    assert STANDING_STATUSES == STATUSES


def test_a_stored_logs_points_are_the_validated_ones(mini):
    from qc_ledger.reports.assess import measure_values

    ledger = load_ledger(mini)
    checked = Task.model_validate(TASK, strict=False)
    for cadence in (None, "weekly", "monthly", "quarterly"):
        for rebuilt, measure in zip(stored(TASK).measures, checked.measures, strict=True):
            rebuilt.cadence = measure.cadence = cadence
            for as_of in (dt.date(2025, 2, 10), dt.date(2025, 3, 31), dt.date(2025, 12, 31)):
                mine = measure_values(rebuilt, ledger, 2025, as_of)
                assert mine == measure_values(measure, ledger, 2025, as_of)
            assert len(rebuilt.progress_log) < 16 or rebuilt.progress_log._plain is lazylog._UNREAD
