"""Reads of the whole ledger written as they are made: the same bytes, no record kept."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial

from qc_ledger.load.loader import load_ledger
from qc_ledger.render.jsonout import _default
from qc_ledger.reports.export import build_export, export_document

from conftest import MINI_TODAY, restored, run_cli

TODAY = dt.date.fromisoformat(MINI_TODAY)


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


def _counted(make, seen: list, key, raw):
    seen.append(key)
    return make(key, raw)


def test_the_dashboard_rebuilds_each_task_once_and_writes_each_measure_as_it_passes(
    plan_copy, tmp_path
):
    """The page is its opening, every measure's details in plan order and its closing; the details
    are spooled beside it as the tasks pass (each rebuilt once, none kept) and the spool is gone."""
    from qc_ledger.render.site_html import page_closing, page_opening
    from qc_ledger.render.site_measures import measure_details
    from qc_ledger.reports.site import LABELS, build_site
    from qc_ledger.usecases.site import build_site_page

    ledger = restored(plan_copy)
    rebuilt: list[str] = []
    ledger.tasks._make = partial(_counted, ledger.tasks._make, rebuilt)
    out = tmp_path / "看板"
    page = build_site_page(ledger, TODAY, out)
    assert sorted(rebuilt) == sorted(ledger.index.tasks)
    assert ledger.tasks.built() == 0
    assert [path.name for path in out.iterdir()] == ["index.html"]

    loaded = load_ledger(plan_copy)
    shown: list[dict] = []
    site = build_site(loaded, TODAY, page.provenance, shown.append)
    assert [m["id"] for m in shown] == list(loaded.measures)
    assert [m["log"] for m in shown] == [m.progress_log for _, m in loaded.measures.values()]
    expected = page_opening(site) + "".join(measure_details(m, LABELS) for m in shown)
    expected = (expected + page_closing(site)).encode("utf-8")
    assert page.path.read_bytes() == expected and page.size == len(expected)


def test_the_dashboard_keeps_the_overview_rows_only_up_to_its_limit(plan_copy, monkeypatch):
    """Up to TABLE_LIMIT measures the overview lists each; above it, the page keeps no row but the
    red ones, which it lists longest red first."""
    from qc_ledger.render.site_measures import overview
    from qc_ledger.reports import site as site_report

    ledger = load_ledger(plan_copy)
    provenance = site_report.Provenance(TODAY, TODAY, None, False, "", "", 0, 0, 0, 0)
    site = site_report.build_site(ledger, TODAY, provenance)
    assert [m["id"] for m in site.listed] == list(ledger.measures)
    assert site.count == len(ledger.measures) and "log" not in site.listed[0]
    red = [m for m in site.listed if m["light"] == "red"]
    assert red and site.attention == sorted(red, key=lambda m: (-m["red_days"], m["id"]))
    assert all(f'href="#m-{m["id"]}"' in overview(site) for m in site.listed)

    monkeypatch.setattr(site_report, "TABLE_LIMIT", site.count - 1)
    capped = site_report.build_site(ledger, TODAY, provenance)
    assert capped.listed == [] and capped.attention == site.attention
    assert (capped.headline, capped.groups, capped.units) == (
        site.headline,
        site.groups,
        site.units,
    )
