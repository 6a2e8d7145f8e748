"""Listed rows made from each task's digest and its cached row, not its record: the same rows and
records as a full load gives, a record rebuilt only where no row serves; widths as Rich counts them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest
from rich.cells import cell_len as rich_cell_len
from test_items import with_items

from qc_ledger.domain.digest import ROW_FORMAT, briefs_of, row_data, row_of_text, shown_of
from qc_ledger.domain.query import QueryOptions, build_query
from qc_ledger.load.cache import private
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger
from qc_ledger.render import measure_tables, quick_table
from qc_ledger.render.cells import cell_len, cut, cut_sized
from qc_ledger.render.cjk import clip
from qc_ledger.render.plain_tables import Column, layout
from qc_ledger.reports.listing import MeasureRow, build_listing
from qc_ledger.reports.table_rows import TableRow
from qc_ledger.vocabulary import STATUS_LABELS

from conftest import MINI_TODAY, restored, run_cli, settle

TODAY = dt.date.fromisoformat(MINI_TODAY)
FIELDS = {field.name for field in dataclasses.fields(MeasureRow)}

# Two entries of one day (the later one in the file is the newest), problems and next steps, a
# leader and a deadline the plan did not give.
LOG_OF_A_DAY = """    progress_log:
      - date: 2024-05-20
        author: 周七
        note: 已起草方案。
        status: in_progress
        progress: 40
      - date: 2024-05-20
        note: 同日第二条：方案已报区政府。
        problems: 编制不足。
        next_steps: 协调编办。
      - date: 2024-04-01
        note: 更早的一条。
"""


def enriched(root: Path) -> Path:
    path = root / "data" / "tasks" / "g1-t1.yaml"
    text = path.read_text("utf-8")
    old = text[text.index("    progress_log:\n      - date: 2024-05-20") :]
    old = old[: old.index("    evidence: []")]
    text = text.replace(old, LOG_OF_A_DAY, 1)
    text = text.replace("    responsible_person: null\n", "    responsible_person: null\n"
                        "    responsible_leader: 王副区长\n    inferred: [deadline]\n", 1)  # fmt: skip
    path.write_text(text, "utf-8")
    settle(root)
    return root


def listed(ledger):
    listing = build_listing(ledger, build_query(ledger, QueryOptions()), TODAY)
    return listing.rows


def test_rows_from_the_cache_are_the_rows_a_full_load_gives_with_no_record_rebuilt(mini):
    enriched(mini)
    ledger = restored(mini)
    rows = listed(ledger)
    assert ledger.tasks.built() == 0, "no task was rebuilt for its rows"
    expected = listed(load_ledger(mini))
    assert rows == expected and len(rows) > 3
    row = next(r for r in rows if r.id == "g1-t1-m2")
    assert (row.last_report, row.last_note) == (
        dt.date(2024, 5, 20),
        "同日第二条：方案已报区政府。",
    )
    assert (row.last_problems, row.last_next_steps) == ("编制不足。", "协调编办。")
    assert row.deadline_inferred and row.responsible_leader == "王副区长"
    assert [r.record for r in rows] == [r.record for r in expected]
    # Made without the dataclass's __init__: every field set, no other.
    assert all(set(vars(r)) - {"record"} == FIELDS for r in rows)


def test_supervised_items_are_listed_from_their_records_and_the_plan_from_its_rows(mini):
    with_items(mini)
    settle(mini)
    ledger = restored(mini)
    rows = listed(ledger)
    assert rows == listed(load_ledger(mini))
    assert {row.kind for row in rows} > {"plan"}
    supervised = {facts.id for facts in ledger.index.tasks.values() if facts.supervised}
    assert supervised and {task.id for task in ledger.tasks._built.values()} <= supervised


def test_rules_asking_plan_measures_for_receipts_list_them_from_their_records(mini):
    rules = mini / "data" / "rules.yaml"
    rules.write_text(rules.read_text("utf-8") + "receipt:\n  kinds: [plan]\n", "utf-8")
    settle(mini)
    ledger = restored(mini)
    rows = listed(ledger)
    assert rows == listed(load_ledger(mini)) and any(row.unacknowledged for row in rows)


def test_a_row_of_another_format_in_the_cache_is_not_read_but_rebuilt(mini):
    enriched(mini)
    restored(mini)
    folder = private.cache_folder()
    (name,) = [n for n in os.listdir(folder) if n.startswith("ledger-")]
    body = (folder / name).read_bytes()
    marker = f'"row":[{ROW_FORMAT},'.encode()
    assert body.count(marker) == 3
    (folder / name).write_bytes(body.replace(marker, b'"row":[9,'))  # the same length: same places
    ledger = open_ledger(mini, cached=FileCache(mini))
    assert listed(ledger) == listed(load_ledger(mini))
    assert ledger.tasks.built() == 0  # each task rebuilt for its rows and let go, as before


def test_the_row_data_reads_back_as_the_briefs_of_its_measures():
    data = {"measures": [
        {"text": "甲", "progress_log": [{"date": dt.date(2024, 1, 2), "note": "一"},
                                        {"date": "2024-01-02", "note": "二", "problems": "难"}]},
        {"text": "乙", "deliverable": "报告", "inferred": ["deadline"]},
    ]}  # fmt: skip
    first, second = briefs_of(row_data(data), 2)
    assert (first.last_report, first.last_note, first.last_problems) == (
        dt.date(2024, 1, 2), "二", "难")  # fmt: skip
    assert second.last_report is None and second.deadline_inferred and second.deliverable == "报告"
    assert briefs_of(row_data(data), 3) is None  # not the task's measures
    assert briefs_of([ROW_FORMAT + 1, row_data(data)[1]], 2) is None
    assert briefs_of("not a row", 2) is None


def random_text(chance: random.Random, length: int) -> str:
    pools = ["abc XYZ 09-", "\t\x00\x1b\x7f\x85", "清远区发展改革局，。、；：？！（）《》「」“”…—·※",
             "ｱｲｳﾞﾟ＃１", "\u200d\ufe0f👍🇨🇳👨‍👩‍👧", "éüñ\u0301\u0300\u00ad\u200b\u3000",
             "".join(map(chr, chance.sample(range(0x20, 0x2FFFF), 400)))]  # fmt: skip
    return "".join(chance.choice(chance.choice(pools)) for _ in range(length))


def test_cell_widths_and_cuts_are_the_ones_rich_and_clip_give():
    chance = random.Random(26)
    for _ in range(20000):
        text = random_text(chance, chance.randrange(0, 30))
        assert cell_len(text) == rich_cell_len(text), repr(text)
        width = chance.randrange(0, 25)
        assert cut(text, width) == clip(text, width), (repr(text), width)
        assert cut_sized(text, width) == (clip(text, width), rich_cell_len(clip(text, width)))


def test_the_streamed_table_is_the_one_the_plain_layout_gives(monkeypatch):
    chance = random.Random(7)
    monkeypatch.setattr(measure_tables, "_BATCH", 3)  # rows written a few at a time
    for _ in range(200):
        count = chance.randrange(1, 5)
        columns = [Column(random_text(chance, 4) + "\n" + random_text(chance, 2),
                          min_width=chance.randrange(0, 6),
                          max_width=chance.choice([None, chance.randrange(1, 12)]))
                   for _ in range(count)]  # fmt: skip
        rows = [["\n".join(random_text(chance, chance.randrange(0, 14))
                           for _ in range(chance.randrange(1, 4))) for _ in columns]
                for _ in range(chance.randrange(1, 9))]  # fmt: skip
        width = chance.randrange(8, 60)
        expected = layout(columns, rows, width)
        chunks = measure_tables._written(columns, rows, width, "─", False)
        assert (None if chunks is None else "".join(chunks)) == expected


def test_a_task_file_edited_between_exports_is_exported_as_it_now_reads(mini):
    before = run_cli(mini, "export", "-f", "json").stdout
    assert run_cli(mini, "export", "-f", "json").stdout == before  # served from the cache
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("text: 完善“县管校聘”制度。", "text: 推行教师轮岗交流。", 1), "utf-8"
    )
    after = run_cli(mini, "export", "-f", "json").stdout
    assert "推行教师轮岗交流" in after and "县管校聘" not in after
    fresh = run_cli(mini, "export", "-f", "json", LEDGER_CACHE_DIR=str(mini.parent / "fresh"))
    assert after == fresh.stdout


def test_a_task_read_from_the_cache_is_its_data_without_its_row(mini):
    restored(mini)
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    data = FileCache(mini).held(str(path))
    assert data == FileCache(mini).get(path, "task") and "row" not in data
    assert data["measures"][0]["id"] == "g1-t1-m1"


def test_a_task_file_edited_between_listings_is_listed_as_it_now_reads(mini):
    before = run_cli(mini, "list", "--all").stdout
    assert run_cli(mini, "list", "--all").stdout == before  # served from the cache
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    text = path.read_text("utf-8")
    text = text.replace("text: 完善“县管校聘”制度。", "text: 推行教师轮岗交流。", 1)
    path.write_text(
        text.replace("responsible_person: null", "responsible_person: 李四", 1), "utf-8"
    )
    outcome = run_cli(mini, "list", "--all")
    assert outcome.exit_code == 0, outcome.stderr
    after = outcome.stdout
    assert "推行教师轮岗交流" in after and "县管校聘" not in after and "李四" in after
    assert after != before
    # The same as a listing that reads every file afresh.
    fresh = run_cli(mini, "list", "--all", LEDGER_CACHE_DIR=str(mini.parent / "fresh-cache"))
    assert after == fresh.stdout


def test_a_stored_row_is_read_with_only_what_a_table_shows_decoded():
    data = {"measures": [
        {"text": "甲“引号”\\", "responsible_person": "张三", "progress_log": [
            {"date": "2024-01-02", "note": "一]，[", "next_steps": "下步"}]},
        {"text": "乙", "deliverable": "报告", "inferred": ["deadline"]},
    ]}  # fmt: skip
    stored = json.dumps(row_data(data), ensure_ascii=False, separators=(",", ":")).encode()
    read = row_of_text(stored)
    assert read[:2] == row_data(data)[:2] and isinstance(read[2], str)  # the rest left as text
    assert briefs_of(read, 2) == briefs_of(row_data(data), 2)
    assert shown_of(read, 2) == shown_of(row_data(data), 2) == [
        ("甲“引号”\\", "张三", 0), ("乙", None, 1)]  # fmt: skip
    assert briefs_of(read, 3) is None and shown_of(read, 1) is None
    older = stored.replace(f"[{ROW_FORMAT},".encode(), b"[1,", 1)
    assert briefs_of(row_of_text(older), 2) is None and shown_of(row_of_text(older), 2) is None
    assert briefs_of([ROW_FORMAT, read[1], "[[1,2]"], 2) is None  # a rest that is not JSON
    assert briefs_of(row_of_text(stored[:-1]), 2) is None  # cut short: its rest is not read
    for broken in (stored[:20], b"\xff", f"[{ROW_FORMAT},[]]".encode()):
        with pytest.raises(ValueError):
            row_of_text(broken)


def test_a_whole_tables_counts_are_those_the_rules_give(mini):
    enriched(mini)
    ledger = restored(mini)
    every = build_query(ledger, QueryOptions())
    some = build_query(ledger, QueryOptions(statuses=("in_progress",)))  # part of a task's measures
    for day in ("2023-01-01", MINI_TODAY, "2024-12-25", "2025-06-30", "2026-12-06"):
        today = dt.date.fromisoformat(day)
        for query in (every, some):
            expected = build_listing(ledger, query, today).counts()
            listing = build_listing(ledger, query, today)
            assert listing.table_shown(None) is not None
            assert listing.counts() == expected, (day, query)
            # Counted on the way by a table of whole tasks only, else by the rules afresh.
            assert ("_counts" in vars(listing)) == (query is every), (day, query)
    assert any(build_listing(ledger, every, dt.date(2026, 12, 6)).counts().values())


def test_table_rows_from_digests_are_what_the_table_shows_of_the_full_rows(mini):
    enriched(mini)
    ledger = restored(mini)
    query = build_query(ledger, QueryOptions())
    # Days before, around and after the deadlines: late, due soon, behind, stale, done alike.
    for day in ("2023-01-01", MINI_TODAY, "2024-12-25", "2025-06-30", "2026-12-06"):
        today = dt.date.fromisoformat(day)
        listing = build_listing(ledger, query, today)
        quick = listing.table_shown(None)
        assert quick == [measure_tables.table_row(row) for row in listing.rows]
        assert len({row.flags for row in quick}) > 1
    assert ledger.tasks.built() == 0, "no task was rebuilt for its table rows"


def test_supervised_tasks_give_no_table_rows_and_are_listed_from_records(mini):
    with_items(mini)
    settle(mini)
    listing = build_listing(restored(mini), build_query(restored(mini), QueryOptions()), TODAY)
    assert listing.table_shown(None) is None
    assert listing.rows


def test_the_table_of_table_rows_is_the_one_of_the_full_rows(mini, monkeypatch):
    enriched(mini)
    ledger = restored(mini)
    query = build_query(ledger, QueryOptions())
    monkeypatch.setattr(quick_table, "_BATCH", 2)  # rows written a few at a time
    for day in ("2023-01-01", MINI_TODAY, "2025-06-30"):
        full = build_listing(ledger, query, dt.date.fromisoformat(day)).rows
        rows = [measure_tables.table_row(row) for row in full]
        for width in (40, 60, 80, 100, 120, 200):
            chunks = measure_tables.table_plain_chunks(rows, width)
            made = None if chunks is None else "".join(chunks)
            assert made == measure_tables.measures_plain(full, width), (day, width)


def random_row(chance: random.Random) -> TableRow:
    def text(length: int) -> str:
        # Mostly printable CJK and ASCII, now and then what the general layout must handle.
        return random_text(chance, length) if chance.random() < 0.02 else chance.choice(
            ["清远区发展改革局", "p1-t1", "abc", "深化户籍制度改革（试点）", "区财政局"]
        ) * chance.randrange(1, 4)  # fmt: skip

    words = ["逾期3天", "7天后到期", "今天到期", "欠进度", "严重滞后", "未报送", "节点未达"]
    return TableRow(
        chance.choice([None, "red", "yellow", "blue", "green"]),
        ("项目-1" if chance.random() < 0.02 else chance.choice(["g1-t1-m", "p10-t2-m"]))
        + str(chance.randrange(99)),
        text(2), text(8), text(20), text(5), chance.choice(["", text(2)]),
        chance.choice(["-", text(3)]), "2025-06-30", chance.choice(list(STATUS_LABELS)),
        chance.randrange(101), tuple(chance.sample(words, chance.randrange(0, 4))),
        chance.random() < 0.1,
    )  # fmt: skip


def test_the_quick_table_writes_what_the_general_layout_gives(monkeypatch):
    chance = random.Random(3)
    monkeypatch.setattr(quick_table, "_BATCH", 3)
    for _ in range(600):
        rows = [random_row(chance) for _ in range(chance.randrange(1, 7))]
        width = chance.choice([50, 60, 80, 100, 120, 200])
        chunks = measure_tables.table_plain_chunks(rows, width)
        expected = measure_tables._chunks(rows, width, None)
        assert (chunks is None) == (expected is None)
        if chunks is not None:
            assert "".join(chunks) == "".join(expected)


def test_an_empty_table_is_drawn_the_general_way():
    chunks = measure_tables.table_plain_chunks([], 100)
    expected = measure_tables._chunks([], 100, None)
    assert (chunks is None) == (expected is None)
    if chunks is not None:
        assert "".join(chunks) == "".join(expected)


def test_the_widest_id_is_counted_in_cells_whatever_the_ids():
    for ids in ([], ["g1-t1-m1"], ["g1-t1-m1", "g10-t1-m12"], ["措施1", "g1"], ["g1\tx", "g1"],
                ["ｇ１", "g12"], [""]):  # fmt: skip
        assert measure_tables._widest_id(ids) == max(map(rich_cell_len, ids), default=0)
