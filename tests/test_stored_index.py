"""A restored ledger's index of stored digests answers as the index of the records does, making only
the digests read; status keeps its counts for the snapshot and day, and never serves them stale."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from qc_ledger.domain.digest import Names, TaskIndex, facts_of, to_data
from qc_ledger.domain.stored_index import outline, stored_index
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger

from conftest import run_cli


def _stored(index: TaskIndex):
    names = Names()
    facts = list(index.tasks.values())
    outlines = [outline(f, names) for f in facts]
    texts = [json.dumps(to_data(f, names), ensure_ascii=False) for f in facts]
    return stored_index(json.loads(json.dumps(outlines)), texts, names.names)


def test_stored_digests_answer_as_the_records_index_does(mini):
    full = load_ledger(mini).index
    stored = _stored(full)
    assert stored.tasks.made() == {}
    assert stored.by_group == full.by_group
    assert stored.measure_at == full.measure_at
    assert stored.measure_count() == full.measure_count()
    assert stored.supervised_ids() == full.supervised_ids()
    for unit in {m.lead_unit for _, m in full.measures()} | {"没有这个单位"}:
        assert stored.tasks_naming(frozenset({unit})) == full.tasks_naming(frozenset({unit}))
    assert stored.tasks.made() == {}, "none of these made a digest"
    first = next(iter(full.tasks))
    assert stored.tasks[first] == full.tasks[first]
    assert list(stored.tasks.made()) == [first]
    assert dict(stored.tasks.items()) == full.tasks
    assert list(stored.measures()) == list(full.measures())


def test_a_digest_given_in_place_of_the_stored_one_answers(mini):
    full = load_ledger(mini)
    stored = _stored(full.index)
    task = next(iter(full.tasks.values()))
    moved = task.model_copy(update={"group": "g-elsewhere"})
    unit = "区外单位"
    measure = task.measures[0].model_copy(update={"lead_unit": unit})
    moved = moved.model_copy(update={"measures": [measure, *task.measures[1:]]})
    stored.replace(facts_of(moved))
    assert task.id in stored.by_group["g-elsewhere"]
    assert task.id not in stored.by_group.get(task.group, [])
    assert stored.tasks_naming(frozenset({unit})) == [task.id]
    assert stored.tasks[task.id].group == "g-elsewhere"


def _status(root: Path, *args: str, **env: str) -> str:
    result = run_cli(root, "status", "--format", "json", *args, **env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _kept(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith("status-")]


def test_status_keeps_its_counts_for_the_snapshot_and_day(mini, private_cache):
    cold = _status(mini)  # a full load: its counts kept under the snapshot it wrote
    (kept,) = _kept(private_cache)
    assert cold == _status(mini, LEDGER_NO_CACHE="1")
    assert _status(mini) == cold  # restored: read back
    # Read back, not worked out again: counts planted under the same stamp and day show.
    header, body = kept.read_text("utf-8").split("\n", 1)
    data = json.loads(body)
    data["tally"]["rows"][0]["tasks"] = 99
    kept.write_text(header + "\n" + json.dumps(data, ensure_ascii=False), "utf-8")
    assert json.loads(_status(mini))["rows"][0]["tasks"] == 99
    # Another day is counted again (and kept in place of the other).
    later = _status(mini, today="2099-01-01")
    assert later == _status(mini, today="2099-01-01", LEDGER_NO_CACHE="1")
    assert json.loads(_status(mini, today="2099-01-01"))["rows"][0]["tasks"] != 99


def test_status_counts_are_not_kept_past_an_edit(mini, private_cache):
    _status(mini)
    before = _status(mini)
    assert _kept(private_cache)
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    text = path.read_text("utf-8")
    assert "    progress: 40\n" in text
    path.write_text(text.replace("    progress: 40\n", "    progress: 45\n", 1), "utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))
    after = _status(mini)
    assert after != before
    assert after == _status(mini, LEDGER_NO_CACHE="1")
    assert _status(mini) == after  # the rewritten snapshot's counts, kept anew


def test_narrowed_status_is_not_kept(mini, private_cache):
    whole = _status(mini)
    (kept,) = _kept(private_cache)
    before = kept.read_bytes()
    narrowed = _status(mini, "--kind", "plan")
    assert _kept(private_cache) == [kept] and kept.read_bytes() == before
    assert narrowed == _status(mini, "--kind", "plan", LEDGER_NO_CACHE="1")
    assert _status(mini) == whole


def test_restore_gives_a_stamp_only_to_the_snapshot_as_written(mini):
    files = FileCache(mini)
    open_ledger(mini, cached=files)  # a full load remembers
    restored = open_ledger(mini, cached=FileCache(mini))
    assert restored.index.stamp is not None
    path = mini / "data" / "tasks" / "g1-t1.yaml"
    path.write_text(path.read_text("utf-8") + "# 注释\n", "utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))
    again = open_ledger(mini, cached=FileCache(mini))
    assert getattr(again.index, "stamp", None) is None


def test_digests_read_one_after_another_are_then_made_in_one_go(mini, monkeypatch):
    import qc_ledger.domain.stored_index as stored_module

    full = load_ledger(mini).index
    stored = _stored(full)
    ids = list(full.tasks)
    assert len(ids) >= 3
    monkeypatch.setattr(stored_module, "_ONE_BY_ONE", 1)
    assert stored.tasks[ids[0]] == full.tasks[ids[0]]
    assert list(stored.tasks.made()) == ids[:1], "the first read makes its own digest only"
    assert stored.tasks[ids[-1]] == full.tasks[ids[-1]]
    assert list(stored.tasks.made()) == ids, "past the limit, every digest made, in file order"
    assert [stored.tasks[i] for i in ids] == [full.tasks[i] for i in ids]
