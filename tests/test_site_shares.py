"""The dashboard of a province made in two processes: the later half of the tasks counted and
written in a forked process, merged in order, is the page one process makes, byte for byte."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import time
from functools import partial

import pytest

from qc_ledger.load.cache.task_pieces import TaskPieces
from qc_ledger.load.loader import load_ledger
from qc_ledger.usecases import forked
from qc_ledger.usecases import site as site_usecase

from conftest import MINI_TODAY, restored

TODAY = dt.date.fromisoformat(MINI_TODAY)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")


def _counted(make, seen: list, key, raw):
    seen.append(key)
    return make(key, raw)


def _expected_page(root, provenance) -> bytes:
    """The page as one process makes it from the validated records (the tests of the page's parts
    check that this is what `site` writes)."""
    from qc_ledger.render.site_html import page_closing, page_opening
    from qc_ledger.render.site_measures import measure_details
    from qc_ledger.reports.site import LABELS, build_site

    shown: list[dict] = []
    site = build_site(load_ledger(root), TODAY, provenance, shown.append)
    text = page_opening(site) + "".join(measure_details(m, LABELS) for m in shown)
    return (text + page_closing(site)).encode("utf-8")


@pytest.fixture
def two_processes(monkeypatch):
    """Any ledger of two tasks or more is shared between two processes."""
    monkeypatch.setattr(forked, "MIN_TASKS", 2)
    monkeypatch.setenv("LEDGER_JOBS", "2")


def test_the_later_half_is_made_in_another_process_and_the_page_is_the_same(
    plan_copy, tmp_path, two_processes
):
    ledger = restored(plan_copy)
    rebuilt: list[str] = []
    ledger.tasks._make = partial(_counted, ledger.tasks._make, rebuilt)
    task_ids = list(ledger.tasks)
    page = site_usecase.build_site_page(ledger, TODAY, tmp_path / "看板")
    # This process rebuilt the first half only: the other half was the forked process's.
    assert rebuilt == task_ids[: len(task_ids) // 2]
    assert [path.name for path in (tmp_path / "看板").iterdir()] == ["index.html"]
    expected = _expected_page(plan_copy, page.provenance)
    assert page.path.read_bytes() == expected and page.size == len(expected)

    # The entries both processes made are kept: the next page copies every task's.
    again = restored(plan_copy)
    pieces = TaskPieces(plan_copy, "site-entries")
    assert all(pieces.get(again.tasks.stamp(task_id)) is not None for task_id in task_ids)
    page = site_usecase.build_site_page(again, TODAY, tmp_path / "看板")
    assert page.path.read_bytes() == _expected_page(plan_copy, page.provenance)
    kept = TaskPieces(plan_copy, "site-entries")
    assert all(kept.get(again.tasks.stamp(task_id)) is not None for task_id in task_ids)

    # Only the last tasks' pieces kept: this process makes the first half's (so the store is
    # written again), the other uses the later half's but one and makes that one; all are kept.
    digests = [again.tasks.stamp(task_id) for task_id in task_ids]
    pruned = TaskPieces(plan_copy, "site-entries")
    for digest in digests[-(len(digests) // 2 - 1) :]:
        assert pruned.get(digest) is not None
    pruned.save()
    left = TaskPieces(plan_copy, "site-entries")
    assert [left.get(digest) is not None for digest in digests].count(True) < len(digests) // 2
    page = site_usecase.build_site_page(restored(plan_copy), TODAY, tmp_path / "看板")
    assert page.path.read_bytes() == _expected_page(plan_copy, page.provenance)
    final = TaskPieces(plan_copy, "site-entries")
    assert all(final.get(digest) is not None for digest in digests)


def test_counts_of_two_halves_merged_are_the_counts_of_the_whole(plan_copy):
    from qc_ledger.reports.site import Provenance, SiteCounts

    ledger = restored(plan_copy)
    provenance = Provenance(TODAY, TODAY, None, False, "", "", 0, 0, 0, 0)
    whole = SiteCounts(ledger, TODAY)
    whole.count()
    expected = whole.data(provenance)  # once: the scores take the units' own points in
    for half in (1, 7, len(ledger.tasks) // 2, len(ledger.tasks) - 1):
        task_ids = list(ledger.tasks)
        first, later = SiteCounts(ledger, TODAY), SiteCounts(ledger, TODAY)
        first.count(task_ids=task_ids[:half])
        later.count(task_ids=task_ids[half:])
        first.merge(pickle.loads(pickle.dumps(later.part())))  # as it comes through the pipe
        assert first.data(provenance) == expected, half


def test_a_forked_half_that_fails_is_made_here(plan_copy, tmp_path, two_processes, monkeypatch):
    def fails(self):
        raise MemoryError

    monkeypatch.setattr(site_usecase._Later, "_share", fails)
    ledger = restored(plan_copy)
    rebuilt: list[str] = []
    ledger.tasks._make = partial(_counted, ledger.tasks._make, rebuilt)
    page = site_usecase.build_site_page(ledger, TODAY, tmp_path / "看板")
    assert rebuilt == list(ledger.tasks), "every task made here, in plan order"
    assert page.path.read_bytes() == _expected_page(plan_copy, page.provenance)
    assert [path.name for path in (tmp_path / "看板").iterdir()] == ["index.html"]


def test_with_no_process_to_be_had_the_page_is_made_here(
    plan_copy, tmp_path, two_processes, monkeypatch
):
    def refused():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    page = site_usecase.build_site_page(restored(plan_copy), TODAY, tmp_path / "看板")
    assert page.path.read_bytes() == _expected_page(plan_copy, page.provenance)


def test_one_process_when_asked_or_when_the_ledger_was_checked_again(
    plan_copy, tmp_path, two_processes, monkeypatch
):
    started: list[bool] = []
    real = forked.beside
    monkeypatch.setattr(site_usecase, "beside", lambda share: started.append(True) or real(share))
    monkeypatch.setenv("LEDGER_JOBS", "1")
    ledger = restored(plan_copy)
    rebuilt: list[str] = []
    ledger.tasks._make = partial(_counted, ledger.tasks._make, rebuilt)
    site_usecase.build_site_page(ledger, TODAY, tmp_path / "一")
    assert started and rebuilt == list(ledger.tasks)  # asked for one process: no fork
    # Validated records (no snapshot restored whole): never shared, whatever the settings.
    monkeypatch.setenv("LEDGER_JOBS", "2")
    started.clear()
    page = site_usecase.build_site_page(load_ledger(plan_copy), TODAY, tmp_path / "二")
    assert not started
    assert page.path.read_bytes() == _expected_page(plan_copy, page.provenance)


def test_a_forked_share_sends_back_what_it_made_or_nothing(monkeypatch):
    monkeypatch.setenv("LEDGER_JOBS", "2")
    share = forked.beside(lambda: {"计数": [1, 2, 3], "文字": "进展"})
    assert share is not None and share.result() == {"计数": [1, 2, 3], "文字": "进展"}
    share.stop()  # after result: nothing to end (its number may be another process's)

    def fails():
        raise ValueError("坏")

    assert forked.beside(fails).result() is None
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert forked.beside(lambda: 1) is None


def test_a_forked_share_is_ended_when_the_command_stops(monkeypatch):
    monkeypatch.setenv("LEDGER_JOBS", "2")
    share = forked.beside(lambda: time.sleep(60))
    started = time.monotonic()
    share.stop()
    assert time.monotonic() - started < 10
    assert share._process.exitcode is not None  # ended and waited for: no process left
    assert share.result() is None
