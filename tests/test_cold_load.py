"""A cold load through the cache holds no task record: each file is checked, checked across files and
let go, its entry kept on disk until the cache is written; the ledger is the one the plain load gives."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from qc_ledger.errors import DataError
from qc_ledger.load import filecheck, parallel
from qc_ledger.load.cache import opening
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import generate


def _picture(ledger) -> tuple:
    tasks = [(task_id, ledger.tasks[task_id].model_dump_json()) for task_id in ledger.tasks]
    groups = sorted((group.id, group.model_dump_json()) for group in ledger.groups.values())
    return tasks, groups, list(ledger.index.tasks.values()), [str(p) for p in ledger.files]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic ledger with more files than the parallel path's threshold."""
    root = tmp_path_factory.mktemp("large")
    generate.build(root, parallel.MIN_FILES + 20)
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cold_load_keeps_no_task_record_and_gives_the_plain_load(large, jobs, monkeypatch):
    monkeypatch.setenv("LEDGER_JOBS", jobs)
    files = FileCache(large)
    ledger = open_ledger(large, cached=files)
    assert ledger.tasks.built() == 0, "every task's record was let go once checked"
    assert not files.lines, "the entries made were kept on disk, not in memory"
    assert all(not ledger.sources[task_id].text for task_id in ledger.tasks)
    assert _picture(ledger) == _picture(load_ledger(large))


def test_the_cache_a_cold_load_writes_holds_every_entry_it_made(large):
    files = FileCache(large)
    ledger = open_ledger(large, cached=files)
    made = {name: files.entry(name) for name in files.names()}
    assert set(made) == ledger.file_names()
    again = FileCache(large)
    again.read_all()
    assert again.lines == made
    assert again.generation == files.generation


def test_a_partly_cached_load_serves_the_unchanged_files_and_rebuilds_them_later(large, tmp_path):
    root = tmp_path / "ledger"
    shutil.copytree(large, root)
    open_ledger(root)
    units = root / "data" / "units.yaml"
    units.write_text(units.read_text("utf-8") + "# 改过\n", "utf-8")  # no snapshot: a full load
    files = FileCache(root)
    ledger = open_ledger(root, cached=files)
    assert ledger.tasks.built() == 0
    assert files.names()[-1] == str(units), "the one file checked again"
    assert _picture(ledger) == _picture(load_ledger(root))


def test_a_task_waits_for_a_group_file_about_to_be_written(mini):
    group = (mini / "data" / "groups" / "g1.yaml").read_text("utf-8")
    task = (mini / "data" / "tasks" / "g1-t1.yaml").read_text("utf-8")
    pending = {
        mini / "data" / "tasks" / "g9-t1.yaml": task.replace("g1-t1", "g9-t1").replace(
            "group: g1", "group: g9"
        ),
        mini / "data" / "groups" / "g9.yaml": group.replace("id: g1", "id: g9"),
    }
    for cached in (False, True):
        ledger = opening.open_ledger(mini, cached=cached, pending=pending)
        assert ledger.tasks["g9-t1"].group == "g9", "the group came after the task, not unknown"


def test_a_broken_ledger_loaded_cold_is_checked_once(mini, monkeypatch):
    path = mini / "data" / "tasks" / "g2-t1.yaml"
    path.write_text(path.read_text("utf-8").replace("group: g2", "group: g7"), "utf-8")
    with pytest.raises(DataError) as plain:
        load_ledger(mini)
    checked = []

    def counted(*args):
        checked.append(args[0])
        return filecheck.check_file(*args)

    monkeypatch.setattr(parallel, "check_file", counted)
    with pytest.raises(DataError) as cold:
        open_ledger(mini)
    assert cold.value.problems == plain.value.problems
    assert len(checked) == len(set(checked)), "the problems found are those of one load"
