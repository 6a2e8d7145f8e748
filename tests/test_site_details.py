"""Each measure's details on the dashboard: the ledger's text escaped whichever field holds it,
what was last stated read right, and the details spooled in chunks written as one."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

import pytest

from qc_ledger.domain.lazylog import plain_of
from qc_ledger.domain.models import ProgressEntry
from qc_ledger.load.loader import load_ledger
from qc_ledger.render.site_measures import measure_details
from qc_ledger.reports.site import LABELS, Provenance, _stated, build_site

from conftest import MINI_TODAY, restored, run_cli, settle

TODAY = dt.date.fromisoformat(MINI_TODAY)
HOSTILE = "甲<b>&\"'乙"


def _shown(ledger_path) -> list[dict]:
    shown: list[dict] = []
    provenance = Provenance(TODAY, TODAY, None, False, "", "", 0, 0, 0, 0)
    build_site(load_ledger(ledger_path), TODAY, provenance, shown.append)
    return shown


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        ("id", 'id="m-{}"'),
        ("text", "</span> {{id}} {}</h3>"),
        ("group", 'data-group="{}"'),
        ("group_full_name", "<dt>工作组</dt><dd>{}</dd>"),
        ("task_title", "<dt>任务</dt><dd>{}</dd>"),
        ("lead_unit", "<dt>牵头单位</dt><dd>{}</dd>"),
        ("responsible_leader", "<dt>责任领导</dt><dd>{}</dd>"),
        ("responsible_person", "<dt>责任人</dt><dd>{}</dd>"),
        ("deliverable", "<dt>成果形式</dt><dd>{}</dd>"),
    ],
)
def test_a_measures_text_is_escaped_whichever_field_holds_it(mini, field, shown):
    m = dict(_shown(mini)[0])
    m[field] = HOSTILE
    html = measure_details(m, LABELS)
    assert HOSTILE not in html
    assert shown.format(escape(HOSTILE, quote=True)).replace("{id}", escape(m["id"])) in html
    assert not re.search(r"<b>", html)


def test_cooperating_units_are_escaped_in_the_facts_and_the_filter_attribute(mini):
    m = {**_shown(mini)[0], "lead_unit": "丙", "cooperating_units": [HOSTILE, "丁"]}
    html = measure_details(m, LABELS)
    safe = escape(HOSTILE, quote=True)
    assert f'data-units="丙|{safe}|丁"' in html
    assert f"<dt>配合单位</dt><dd>{safe}、丁</dd>" in html
    plain = measure_details({**m, "cooperating_units": []}, LABELS)
    assert 'data-units="丙"' in plain and "<dt>配合单位</dt><dd>无</dd>" in plain


def _entry(day: int, **stated) -> ProgressEntry:
    return ProgressEntry(date=dt.date(2025, 3, day), note="说明", **stated)


def test_the_last_stated_is_the_latest_entry_with_problems_or_steps_the_first_on_its_day():
    first = _entry(9, problems="问题一")
    log = [_entry(1, problems="旧"), first, _entry(9, next_steps="步骤"), _entry(20)]
    assert _stated(log) is first
    assert _stated([_entry(1), _entry(2)]) is None
    assert _stated([_entry(5, next_steps="后"), _entry(3, problems="前")]).next_steps == "后"


def test_red_measures_say_what_was_last_stated(mini):
    shown = _shown(mini)
    red = [m for m in shown if m["light"] == "red"]
    assert red
    for m in red:
        log = [e for e in m["log"] if e.problems or e.next_steps]
        last = max(log, key=lambda e: e.date, default=None)
        assert m["stated_on"] == (last.date.isoformat() if last else None)


def test_the_details_spooled_in_small_chunks_are_the_same_page(mini, tmp_path, monkeypatch):
    from qc_ledger.usecases import site as usecase

    ledger = load_ledger(mini)
    whole = usecase.build_site_page(ledger, TODAY, tmp_path / "一次")
    monkeypatch.setattr(usecase, "_CHUNK", 1)
    chunked = usecase.build_site_page(ledger, TODAY, tmp_path / "分块")
    built = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d{4}|'sha256-[^']*'")
    assert whole.size == chunked.size
    assert built.sub(b"", whole.path.read_bytes()) == built.sub(b"", chunked.path.read_bytes())
    assert sorted(p.name for p in chunked.path.parent.iterdir()) == ["index.html"]


def test_the_red_rows_escape_the_ledgers_text(mini):
    from qc_ledger.render.site_measures import attention

    provenance = Provenance(TODAY, TODAY, None, False, "", "", 0, 0, 0, 0)
    site = build_site(load_ledger(mini), TODAY, provenance)
    assert site.attention
    site.attention[0].update(text=HOSTILE, group_name=HOSTILE, lead_unit="丙")
    site.attention[0]["cooperating_units"] = [HOSTILE]
    html = attention(site)
    safe = escape(HOSTILE, quote=True)
    assert HOSTILE not in html and "<b>" not in html
    assert f'<td data-label="内容" class="text">{safe}</td>' in html
    assert f'<td data-label="工作组" class="nw">{safe}</td>' in html
    assert f'data-units="丙|{safe}"' in html
    plain = site.attention[-1]
    assert f'<a href="#m-{plain["id"]}">{plain["id"]}</a>' in html
    assert f'<td data-label="红灯起始" class="date">{plain["red_since"] or ""}</td></tr>' in html


def _read_both_ways(root, day: dt.date) -> list[dict]:
    """The measures' details as the page has them, from built logs and from plain ones, compared."""
    provenance = Provenance(day, day, None, False, "", "", 0, 0, 0, 0)
    built: list[dict] = []
    cheap: list[dict] = []
    want = build_site(load_ledger(root), day, provenance, built.append)
    ledger = restored(root)
    found = build_site(ledger, day, provenance, cheap.append)
    assert ledger.tasks.built() == 0
    assert found.trend == want.trend and found.attention == want.attention
    for a, b in zip(built, cheap, strict=True):
        assert plain_of(b["log"]) is not None or b["log"] == []
        assert {**a, "log": None} == {**b, "log": None}
    return built


@pytest.mark.parametrize("today", ["2024-07-15", "2025-06-30", "2026-12-06"])
def test_the_page_read_from_plain_logs_says_what_built_logs_say(mini, today):
    assert any(m["log"] for m in _read_both_ways(mini, dt.date.fromisoformat(today)))


def test_what_was_last_stated_read_from_plain_logs_is_what_built_logs_say(mini):
    red = next(m["id"] for m in _shown(mini) if m["light"] == "red")
    for stated in (["--problems", "先说的问题"], ["--next-steps", "后说的计划"]):  # the same day
        done = run_cli(mini, "update", red, "--note", "有新情况。", *stated, "--commit")
        assert done.exit_code == 0, done.stderr
    settle(mini)
    (m,) = [m for m in _read_both_ways(mini, TODAY) if m["id"] == red]
    assert (m["problems"], m["next_steps"]) == ("先说的问题", None)


def test_a_long_log_lists_its_latest_entries_after_how_many_earlier_and_how_to_see_them(mini):
    from qc_ledger.render.site_assets import PAGE_ENTRIES

    m = dict(_shown(mini)[0])
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=7 * n) for n in range(PAGE_ENTRIES + 5)]
    m["log"] = [ProgressEntry(date=day, note=f"第{n}次") for n, day in enumerate(days)]
    html = measure_details(m, LABELS)
    assert html.count("<li>") == PAGE_ENTRIES
    assert f"<li>{days[5].isoformat()} 第5次</li>" in html and "第4次" not in html
    assert f"<li>{days[-1].isoformat()} 第{len(days) - 1}次</li></ul>" in html
    note = f'<li class="earlier">另有更早的 5 条进展，用 ledger show {m["id"]} 查看全部。</li>'
    assert f"<ul>{note}<li>{days[5].isoformat()} " in html
    m["log"] = m["log"][:PAGE_ENTRIES]
    whole = measure_details(m, LABELS)
    assert whole.count("<li>") == PAGE_ENTRIES and 'class="earlier"' not in whole


def test_the_latest_entries_are_the_latest_by_date_even_when_one_was_added_late(mini):
    from qc_ledger.render.site_assets import PAGE_ENTRIES

    m = dict(_shown(mini)[0])
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=7 * n) for n in range(PAGE_ENTRIES + 2)]
    log = [ProgressEntry(date=day, note=f"第{n}次") for n, day in enumerate(days)]
    log.append(
        ProgressEntry(date=dt.date(2023, 12, 1), note="补报")
    )  # an earlier month, added last
    m["log"] = log
    html = measure_details(m, LABELS)
    assert "另有更早的 3 条进展" in html and "补报" not in html and "第1次" not in html
    assert html.count("<li>") == PAGE_ENTRIES and f"第{len(days) - 1}次</li></ul>" in html
    m["log"] = [log[-1], *log[:-1]]  # the same entries in date order: the same ones shown
    notes = re.compile(r"<li>\S+ (\S+?)</li>")
    assert notes.findall(measure_details(m, LABELS)) == notes.findall(html)
