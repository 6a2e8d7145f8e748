"""The measure table written directly is, line for line, what Rich prints without colour."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from qc_ledger.domain.query import QueryOptions, build_query
from qc_ledger.load.loader import load_ledger
from qc_ledger.render import cjk
from qc_ledger.render.measure_tables import measures_plain, measures_table
from qc_ledger.render.plain_tables import Column, layout
from qc_ledger.render.terminal import make_console
from qc_ledger.reports.listing import build_listing

from conftest import MINI, REPO

sys.path.insert(0, str(REPO / "bench"))
import generate


@pytest.fixture(scope="module")
def listings(tmp_path_factory: pytest.TempPathFactory) -> list:
    synthetic = tmp_path_factory.mktemp("synthetic")
    generate.build(synthetic, 40)
    found = []
    for root in (REPO, MINI, synthetic):
        ledger = load_ledger(Path(root))
        query = build_query(ledger, QueryOptions())
        found.append(build_listing(ledger, query, dt.date(2025, 6, 30)).rows)
    return found


def rich_lines(rows, width: int) -> str:
    console = make_console(file=io.StringIO(), width=width, color_system=None)
    console.print(measures_table(rows, width))
    return console.file.getvalue()


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("width", [60, 80, 100, 132, 200])
def test_direct_layout_matches_rich(listings, width, wide):
    cjk.set_ambiguous_wide(wide)
    try:
        for rows in listings:
            for chunk in (rows[:1], rows[:7], rows):
                direct = measures_plain(chunk, width)
                if direct is None:  # Rich would shrink the columns: it lays the table out
                    assert width < 80
                    continue
                assert direct == rich_lines(chunk, width)
    finally:
        cjk.set_ambiguous_wide(False)


ODD_TEXTS = ["两行\n文字", "tab\there", "\x1b[31mred", "rtl\u202eevil", "…“引号”—·※",
             "👨\u200d👩 family", "❤\ufe0f", "", "a" * 300, "很长的文字" * 40]  # fmt: skip


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("width", [100, 160])
def test_data_with_breaks_escapes_and_joiners_is_laid_out_as_rich_does(listings, width, wide):
    rows = listings[2][: len(ODD_TEXTS)]
    odd = [
        dataclasses.replace(row, text=text, task_title=text[::-1], group_short_name=text[:4],
                            responsible_person=text[-3:] or None, lead_unit=text or "单位")
        for row, text in zip(rows, ODD_TEXTS, strict=False)
    ]  # fmt: skip
    cjk.set_ambiguous_wide(wide)
    try:
        for chunk in (odd, odd[:1], [*odd, *rows]):
            direct = measures_plain(chunk, width)
            # Too wide for the screen: Rich shrinks the columns, as without these texts.
            assert direct == (None if direct is None else rich_lines(chunk, width))
        assert measures_plain(odd[:1], width) is not None
    finally:
        cjk.set_ambiguous_wide(False)


def test_cells_too_wide_are_cut_as_rich_cuts_them():
    from qc_ledger.render.terminal import _plain_table

    cells = [["一二三四五", "x"], ["abcdefg", "y"], ["一二三", "z"]]
    table = _plain_table()
    table.add_column("甲", no_wrap=True, overflow="ellipsis", max_width=6)
    table.add_column("乙", no_wrap=True)
    for row in cells:
        table.add_row(*row)
    console = make_console(file=io.StringIO(), width=80, color_system=None)
    console.print(table)
    text = layout([Column("甲", max_width=6), Column("乙")], cells, 80)
    assert text == console.file.getvalue()
    assert text.splitlines()[2:] == ["一二 … x", "abcde… y", "一二三 z"]


def test_a_table_wider_than_the_screen_is_left_to_rich():
    assert (
        layout([Column("甲", min_width=50), Column("乙", min_width=40)], [["a", "b"]], 80) is None
    )


def test_piped_list_all_uses_the_direct_layout(cli, mini):
    outcome = cli(mini, "list", "--all")
    assert outcome.exit_code == 0
    ledger = load_ledger(mini)
    rows = build_listing(ledger, build_query(ledger, QueryOptions()), dt.date(2024, 7, 15)).rows
    assert measures_plain(rows, 80) in outcome.stdout


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("width", [60, 80, 100, 200])
@pytest.mark.parametrize("today", ["2024-01-01", "2025-06-30", "2026-06-01"])
def test_direct_status_table_matches_rich(width, wide, today):
    from qc_ledger.render.terminal import status_plain, status_table
    from qc_ledger.reports.status import build_status

    cjk.set_ambiguous_wide(wide)
    try:
        for root in (REPO, MINI):
            report = build_status(load_ledger(Path(root)), dt.date.fromisoformat(today))
            console = make_console(file=io.StringIO(), width=width, color_system=None)
            console.print(status_table(report, width))
            direct = status_plain(report, width)
            assert direct == console.file.getvalue() or (direct is None and width < 80)
    finally:
        cjk.set_ambiguous_wide(False)


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("width", [40, 80, 100, 200])
def test_direct_units_table_matches_rich(width, wide, tmp_path):
    from qc_ledger.render.unit_registry import units_plain, units_table
    from qc_ledger.reports.unit import build_units

    synthetic = tmp_path / "synthetic"
    generate.build(synthetic, 12, shape=generate.SHAPES["skewed"])
    cjk.set_ambiguous_wide(wide)
    try:
        for root in (REPO, MINI, synthetic):
            report = build_units(load_ledger(Path(root)), dt.date(2025, 6, 30))
            assert any(unit.aliases for unit in report.units) or root != MINI
            console = make_console(file=io.StringIO(), width=width, color_system=None)
            console.print(units_table(report))
            direct = units_plain(report, width)
            assert direct == console.file.getvalue() or (direct is None and width < 80)
        # A tab in a name is expanded by Rich to its stops: such a table is left to Rich.
        tabbed = dataclasses.replace(report.units[0], name="区\t教育局")
        assert units_plain(dataclasses.replace(report, units=[tabbed]), width) is None
    finally:
        cjk.set_ambiguous_wide(False)
