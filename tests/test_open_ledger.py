"""One entry point wraps the cache around the plain load; the Ledger it gives is frozen, and a restored
ledger's task records come from data already read and checked, never from the data files."""

from __future__ import annotations

import ast
import dataclasses
import os
import time
from pathlib import Path

import pytest

from qc_ledger.load.cache import snapshot
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger

from conftest import REPO

LOAD = REPO / "qc_ledger" / "load"


def _settled(root: Path) -> Path:
    """Date every data file a minute back: no identity is too close to a snapshot to be trusted."""
    past = time.time() - 60
    for path in (root / "data").rglob("*.yaml"):
        os.utime(path, (past, past))
    return root


def test_the_plain_load_imports_nothing_from_the_cache():
    for path in LOAD.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
                assert not any(n == "cache" or n.startswith("cache.") for n in names), path.name


def test_the_ledger_is_frozen(mini):
    ledger = load_ledger(mini)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ledger.warnings = ()  # type: ignore[misc]
    assert isinstance(ledger.warnings, tuple) and isinstance(ledger.support, tuple)


def test_the_cached_and_the_plain_load_give_the_same_ledger(mini):
    _settled(mini)
    plain = load_ledger(mini)
    first = open_ledger(mini)  # full load through the per-file cache; remembers a snapshot
    restored = open_ledger(mini)
    for ledger in (first, restored):
        assert ledger.index.tasks == plain.index.tasks
        assert dict(ledger.tasks) == dict(plain.tasks)
        assert ledger.warnings == plain.warnings
        assert ledger.files == plain.files
    assert restored.tasks.built() == len(plain.tasks), "dict() above read every record"


def test_a_restored_ledger_builds_a_group_record_only_when_it_is_read(mini):
    _settled(mini)
    plain = load_ledger(mini)
    open_ledger(mini)
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored is not None and restored.groups.built() == 0
    assert restored.support.sources.built() == 0, "no group's path made either"
    assert restored.files == plain.files
    assert sorted(restored.sources) == sorted(plain.sources)
    assert list(restored.groups) == list(plain.groups)
    first = next(iter(plain.groups))
    assert restored.groups[first] == plain.groups[first] and restored.groups.built() == 1
    seen = restored.sources[first]
    assert (seen.path, seen.kind, seen.identity) == (plain.sources[first].path, "group",
                                                     plain.sources[first].identity)  # fmt: skip
    # Read as pairs (a write checking against the ledger), every group is there, in load order.
    pairs = [(source.path, record) for source, record in restored.support]
    assert pairs == [(source.path, record) for source, record in plain.support]
    assert [record for _, record in restored.support[1:3]] == [r for _, r in plain.support[1:3]]
    assert dict(restored.groups) == plain.groups


def test_a_restored_ledger_reads_its_records_without_reading_a_data_file(mini):
    _settled(mini)
    open_ledger(mini)
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored is not None and restored.tasks.built() == 0
    path = mini / "data" / "tasks" / "g2-t1.yaml"
    before = load_ledger(mini).tasks["g2-t1"]
    path.write_text("这已经不是任务文件了\n", encoding="utf-8")  # after the load, before the read
    assert restored.tasks["g2-t1"] == before, "the ledger is the value its load found"


def test_a_task_the_per_file_cache_lacks_is_checked_when_restored_and_kept_in_the_snapshot(mini):
    _settled(mini)
    open_ledger(mini)
    files = FileCache(mini)
    files.read_all()
    del files.lines[str(mini / "data" / "tasks" / "g1-t1.yaml")]
    files.changed = True
    files.save(set(files.lines))
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored is not None
    assert restored.tasks.built() == 1, "checked now, from its file, not when a report reads it"
    again = snapshot.restore(mini, FileCache(mini))
    assert again.tasks.built() == 0, "its data is in the snapshot line now"
    (mini / "data" / "tasks" / "g1-t1.yaml").unlink()
    assert again.tasks["g1-t1"] == restored.tasks["g1-t1"]


def test_the_cache_saved_with_the_snapshot_vouches_for_every_task_without_reading_its_index(mini):
    _settled(mini)
    open_ledger(mini)
    files = FileCache(mini)
    restored = snapshot.restore(mini, files)
    assert restored is not None and files._places is None, "status reads no entry and no index"
    assert restored.tasks["g1-t2"].id == "g1-t2"
    other = FileCache(mini)  # another command rewrites the cache: the index is asked, once
    other.read_all()
    other.changed = True
    other.save(set(other.lines))
    asked = FileCache(mini)
    assert snapshot.restore(mini, asked) is not None and asked._places is not None
    again = FileCache(mini)
    assert snapshot.restore(mini, again) is not None and again._places is None
