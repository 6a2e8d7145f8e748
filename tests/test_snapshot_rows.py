"""What a listing reads from the snapshot instead of each task's cache entry: what its table shows
of every task (decoded in one go), each group's short name, and whether the ids are in order."""

from __future__ import annotations

import json
import re
import zlib

import pytest
from test_snapshot import edit, load

from qc_ledger.domain import stored_index
from qc_ledger.domain.names import _split_tail, in_natural_order, natural_key
from qc_ledger.load.cache import snapshot
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.loader import load_ledger

from conftest import run_cli


def _shown(task) -> list:
    """What `digest.row_data` keeps of a task's record for a table: text, person, inferred date."""
    return [[m.text, m.responsible_person, int("deadline" in m.inferred)] for m in task.measures]


def _listed(root) -> str:
    result = run_cli(root, "list", "--all")
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def _uncached(root) -> str:
    result = run_cli(root, "list", "--all", LEDGER_NO_CACHE="1")
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def test_the_snapshot_tells_what_a_table_shows_without_building_a_record(aliased_mini):
    full = load_ledger(aliased_mini)
    load(aliased_mini)  # the full load that remembers
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None
    for task in full.tasks.values():
        assert restored.tasks.glance(task.id) == _shown(task)
    for group in full.groups.values():
        assert restored.groups.glance(group.id) == group.short_name
    assert restored.tasks.built() == 0 and restored.groups.built() == 0
    assert _listed(aliased_mini) == _listed(aliased_mini) == _uncached(aliased_mini)


def test_an_edited_task_is_listed_with_its_new_text_now_and_after(aliased_mini, private_cache):
    _listed(aliased_mini)
    edit(aliased_mini, "tasks/g1-t1.yaml", "text: 建立教育联合体。", "text: 建立城乡教育联合体。")
    edit(aliased_mini, "tasks/g1-t1.yaml", "responsible_person: 周七", "responsible_person: 吴八")
    first = _listed(aliased_mini)  # the edited file checked alone, the snapshot written again
    assert "建立城乡教育联合体" in first and "吴八" in first
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored.tasks.built() == 0, "the snapshot was brought up to date"
    assert restored.tasks.glance("g1-t1")[0] == ["建立城乡教育联合体。", "吴八", 0]
    assert _listed(aliased_mini) == first == _uncached(aliased_mini)


@pytest.mark.parametrize("one_by_one", [256, 0], ids=["one by one", "in one go"])
def test_a_damaged_shown_line_is_read_from_the_task_s_cache_entry(
    aliased_mini, private_cache, monkeypatch, one_by_one
):
    monkeypatch.setattr(stored_index, "_ONE_BY_ONE", one_by_one)
    expected = _listed(aliased_mini)
    (stored,) = private_cache.glob("snapshot-*")
    header, head, *lines = stored.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines[2] = lines[2][: len(lines[2]) // 2]  # the first task's shown rows: not JSON any more
    body = "".join(f"{line}\n" for line in lines)
    head = json.dumps({**json.loads(head), "sum": zlib.crc32(body.encode("utf-8"))})  # summed
    stored.write_text(f"{header}\n{head}\n{body}", encoding="utf-8")
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None and restored.tasks.glance("g1-t1") is None
    assert restored.tasks.glance("g1-t2") is not None, "the others are still read"
    assert _listed(aliased_mini) == expected


def test_ids_out_of_order_in_a_file_are_known_and_listed_in_order(mini, private_cache):
    edit(mini, "tasks/g1-t1.yaml", "- id: g1-t1-m1", "- id: g1-t1-m3")  # now m3 before m2
    full = load_ledger(mini)
    ids = [m.id for task in full.tasks.values() for m in task.measures]
    assert not in_natural_order(ids)
    load(mini)
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored.index.in_id_order is False
    listed = _listed(mini)
    assert listed.index("g1-t1-m2") < listed.index("g1-t1-m3")
    assert listed == _uncached(mini)


def test_ids_in_order_are_known_until_a_task_is_checked_again(mini):
    load(mini)
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored.index.in_id_order is True
    edit(mini, "tasks/g2-t1.yaml", "id: g2-t1-m1", "id: g2-t1-m0")
    edited = snapshot.restore(mini, FileCache(mini))
    assert edited is not None and edited.index.in_id_order is None, "not told past an edit"
    listed = [m.id for task in edited.index.tasks.values() for m in task.measures]
    assert listed == sorted(listed, key=natural_key)
    assert snapshot.restore(mini, FileCache(mini)).index.in_id_order is True


def test_the_split_of_a_trailing_number_is_the_pattern_s():
    texts = ["g1-t1-m1", "g1-t1-m10", "g1-t1-m2", "a007", "abc", "x-", "", "9", "t١٢", "t1١"]
    assert in_natural_order(sorted(texts, key=natural_key))
    assert not in_natural_order(["g1-t1-m10", "g1-t1-m2"])
    for text in texts:
        found = re.fullmatch(r"(.*?)(\d+)", text)
        expected = None if found is None else (found[1], int(found[2]))
        assert _split_tail(text) == expected, text
