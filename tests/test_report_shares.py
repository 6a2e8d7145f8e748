"""The reminders, the notice and the assessment of a province passed over in two processes: the
later half of the tasks in a forked process, merged in order, give what one pass over every task
gives."""

from __future__ import annotations

import datetime as dt
import os
import pickle

import pytest

from qc_ledger.load.loader import load_ledger
from qc_ledger.reports.assess import Scorer, build_assessment
from qc_ledger.reports.notice import NoticeScan, build_notice
from qc_ledger.reports.reminders import ReminderScan, build_reminders
from qc_ledger.usecases import forked
from qc_ledger.usecases.assessment import scored
from qc_ledger.usecases.reminders import owed_reports

from conftest import failing_beside, restored

TODAY = dt.date(2025, 6, 30)
SINCE = dt.date(2025, 1, 1)


@pytest.fixture
def two_processes(monkeypatch, forked_results):
    """Any ledger of two tasks or more is shared; what each forked process sent is recorded."""
    monkeypatch.setattr(forked, "MIN_TASKS", 2)
    return forked_results


def _notice(ledger):
    scan = forked.in_halves(ledger, lambda: NoticeScan(ledger, SINCE, TODAY))
    return scan.notice(None, "")


def test_the_passes_over_two_parts_merged_are_the_pass_over_the_whole(skewed):
    ledger = load_ledger(skewed)
    reminders = build_reminders(ledger, TODAY)
    notice = build_notice(ledger, SINCE, TODAY, None)
    assert reminders.units and reminders.quality, "the ledger gives something to merge"
    assert notice.late and notice.red and notice.quality
    task_ids = list(ledger.tasks)
    for cut in (1, 7, len(task_ids) // 2, len(task_ids) - 1):
        first, later = ReminderScan(ledger, TODAY), ReminderScan(ledger, TODAY)
        first.scan(task_ids[:cut])
        later.scan(task_ids[cut:])
        first.merge(pickle.loads(pickle.dumps(later.part())))  # as it comes through the pipe
        assert first.report() == build_reminders(ledger, TODAY), cut
        first, later = NoticeScan(ledger, SINCE, TODAY), NoticeScan(ledger, SINCE, TODAY)
        first.scan(task_ids[:cut])
        later.scan(task_ids[cut:])
        first.merge(pickle.loads(pickle.dumps(later.part())))
        assert first.notice(None) == notice, cut
        first, later = Scorer(ledger, TODAY), Scorer(ledger, TODAY)
        first.scan(task_ids[:cut])
        later.scan(task_ids[cut:])
        first.merge(pickle.loads(pickle.dumps(later.part())))
        assert first.result() == build_assessment(ledger, TODAY), cut


@pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")
def test_a_province_s_later_half_is_passed_over_in_another_process(skewed, two_processes):
    whole = load_ledger(skewed)
    assert owed_reports(restored(skewed), TODAY) == build_reminders(whole, TODAY)
    assert _notice(restored(skewed)) == build_notice(whole, SINCE, TODAY, None)
    assert scored(restored(skewed), TODAY) == build_assessment(whole, TODAY)
    assert two_processes == [True, True, True]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")
def test_a_forked_half_that_fails_or_no_process_is_passed_over_here(
    skewed, two_processes, monkeypatch
):
    whole = load_ledger(skewed)
    expected = build_reminders(whole, TODAY), build_notice(whole, SINCE, TODAY, None)
    monkeypatch.setattr(forked, "beside", failing_beside)
    assert (owed_reports(restored(skewed), TODAY), _notice(restored(skewed))) == expected
    assert two_processes == [False, False]
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert (owed_reports(restored(skewed), TODAY), _notice(restored(skewed))) == expected
    assert two_processes == [False, False], "one process asked for: none forked"
    # Validated records (no snapshot restored whole): never shared, whatever the settings.
    monkeypatch.setenv("LEDGER_JOBS", "2")
    assert owed_reports(load_ledger(skewed), TODAY) == expected[0]
    assert two_processes == [False, False]
