"""Reads of the whole ledger written as they are made: the same bytes, no record kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger
from qc_ledger.render.jsonout import _default
from qc_ledger.reports.export import build_export, export_document

from conftest import MINI_TODAY, run_cli

TODAY = dt.date.fromisoformat(MINI_TODAY)


def restored(root: Path):
    """The ledger as a later command finds it: restored from the cache, no task record built."""
    files = FileCache(root)
    files.save(open_ledger(root, cached=files).file_names())  # the full load that remembers
    ledger = open_ledger(root, cached=FileCache(root))
    assert ledger.tasks.built() == 0
    return ledger


def test_the_streamed_export_is_the_document_json_dumps_writes(plan_copy, tmp_path):
    document = build_export(load_ledger(plan_copy), TODAY)
    expected = json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n"
    result = run_cli(plan_copy, "export")
    assert result.exit_code == 0 and result.stdout == expected
    target = tmp_path / "台账.json"
    result = run_cli(plan_copy, "export", "-o", str(target))
    assert result.exit_code == 0 and "已写入" in result.stderr
    assert target.read_bytes() == expected.encode("utf-8")


def test_the_export_keeps_no_task_record(mini):
    ledger = restored(mini)
    document = export_document(ledger, TODAY)
    tasks = list(document["tasks"])
    assert [task["id"] for task in tasks] == list(ledger.index.tasks)
    assert ledger.tasks.built() == 0, "each task's record was let go once exported"
    assert {**document, "tasks": tasks} == build_export(load_ledger(mini), TODAY)


def test_the_office_reports_keep_no_task_record(plan_copy):
    """reminders, assess, site, the notice and a unit's page read every task once, each rebuilt and let go,
    and say what they say when every record is loaded."""
    from qc_ledger.reports.assess import build_assessment
    from qc_ledger.reports.notice import build_notice
    from qc_ledger.reports.reminders import build_reminders
    from qc_ledger.reports.site import Provenance, build_site
    from qc_ledger.reports.unit import build_unit_page, build_units, unit_page_record

    today = dt.date(2026, 3, 31)
    loaded = load_ledger(plan_copy)
    unit = next(iter(loaded.registry.units))
    provenance = Provenance(today, today, None, False, "", "", 0, 0, 0, 0)
    reports = (
        lambda ledger: build_reminders(ledger, today),
        lambda ledger: build_assessment(ledger, today),
        lambda ledger: build_site(ledger, today, provenance),
        lambda ledger: unit_page_record(build_unit_page(ledger, unit, today)),
        lambda ledger: build_units(ledger, today),
        lambda ledger: build_notice(ledger, dt.date(2025, 1, 1), today, None),
    )
    for report in reports:
        ledger = restored(plan_copy)
        assert report(ledger) == report(loaded)
        assert ledger.tasks.built() == 0, report
