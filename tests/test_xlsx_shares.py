"""A province's workbook made in two processes: the later half of the tasks' rows written in a forked
process and joined after the first half's is the workbook one process writes, part for part."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pytest

from qc_ledger.sheets import later as later_rows
from qc_ledger.usecases import export as export_usecase
from qc_ledger.usecases import forked

from conftest import restored

TODAY = dt.date(2025, 6, 30)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked on Linux")


@pytest.fixture
def two_processes(monkeypatch):
    """Any ledger of two tasks or more is shared between two processes; the joins are recorded."""
    monkeypatch.setattr(forked, "MIN_TASKS", 2)
    monkeypatch.setenv("LEDGER_JOBS", "2")
    joined: list[int] = []
    real = later_rows.Later.join

    def join(self, *args):
        pieces = real(self, *args)
        joined.append(len(pieces))
        return pieces

    monkeypatch.setattr(later_rows.Later, "join", join)
    return joined


def _parts(data: bytes) -> dict[str, bytes]:
    """Every part of the package but its time of making (docProps/core.xml), each read whole (the
    CRCs checked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        return {name: package.read(name) for name in package.namelist() if "core" not in name}


def _one_process(root, monkeypatch) -> dict[str, bytes]:
    with monkeypatch.context() as settings:
        settings.setenv("LEDGER_JOBS", "1")
        book = export_usecase.workbook(restored(root), TODAY, unit=None, by_unit=False)
    return _parts(book.data)


def test_the_later_half_is_written_in_another_process_and_the_workbook_is_the_same(
    skewed, two_processes, monkeypatch
):
    expected = _one_process(skewed, monkeypatch)
    assert two_processes == [0], "one process: the later rows written here"
    two_processes.clear()
    book = export_usecase.workbook(restored(skewed), TODAY, unit=None, by_unit=False)
    assert two_processes == [2], "the forked process's sheet and base joined"
    assert _parts(book.data) == expected
    assert book.measures == expected["xl/worksheets/sheet1.xml"].count(b"<row ") - 2


def test_a_forked_half_that_fails_is_written_here(skewed, two_processes, monkeypatch):
    expected = _one_process(skewed, monkeypatch)

    def fails(self):
        raise MemoryError

    monkeypatch.setattr(later_rows.Later, "_share", fails)
    two_processes.clear()
    book = export_usecase.workbook(restored(skewed), TODAY, unit=None, by_unit=False)
    assert two_processes == [0]
    assert _parts(book.data) == expected


def test_with_no_process_to_be_had_the_workbook_is_written_here(skewed, two_processes, monkeypatch):
    expected = _one_process(skewed, monkeypatch)

    def refused():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    book = export_usecase.workbook(restored(skewed), TODAY, unit=None, by_unit=False)
    assert _parts(book.data) == expected


def test_a_unit_s_workbook_and_one_sheet_a_unit_are_never_shared(skewed, two_processes):
    from qc_ledger.load.loader import load_ledger

    export_usecase.workbook(restored(skewed), TODAY, unit=None, by_unit=True)
    ledger = restored(skewed)
    unit = next(iter(ledger.index.tasks.values())).measures[0].lead_unit
    export_usecase.workbook(ledger, TODAY, unit=unit, by_unit=False)
    # Validated records (no snapshot restored whole): never shared, whatever the settings.
    export_usecase.workbook(load_ledger(skewed), TODAY, unit=None, by_unit=False)
    assert two_processes == []
