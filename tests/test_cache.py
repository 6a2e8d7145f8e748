"""The stat-keyed ledger cache: used by read commands, invalidated by any change, never trusted blindly."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import run_cli


def overdue_ids(root: Path, **env: str) -> list[str]:
    result = run_cli(root, "status", "--format", "json", **env)
    assert result.exit_code == 0, result.stderr
    return [item["measure_id"] for item in json.loads(result.stdout)["overdue"]]


def test_status_writes_a_cache_outside_the_repository(mini, private_cache):
    overdue_ids(mini)
    files = list(private_cache.iterdir())
    assert len(files) == 1 and files[0].suffix == ".pickle"
    assert not any(p.suffix == ".pickle" for p in mini.rglob("*"))


def test_an_edit_invalidates_the_cache(mini):
    assert overdue_ids(mini) == ["g1-t1-m2"]
    path = mini / "data/tasks/g1-t1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: in_progress", "status: done"), encoding="utf-8")
    assert overdue_ids(mini) == []


def test_a_new_file_invalidates_the_cache(mini):
    assert overdue_ids(mini) == ["g1-t1-m2"]
    source = (mini / "data/tasks/g1-t2.yaml").read_text(encoding="utf-8")
    (mini / "data/tasks/g1-t3.yaml").write_text(
        source.replace("g1-t2", "g1-t3").replace("2025-06-30", "2024-07-01"), encoding="utf-8"
    )
    assert overdue_ids(mini) == ["g1-t1-m2", "g1-t3-m1"]


def test_an_invalid_edit_is_reported_not_hidden_by_the_cache(mini):
    overdue_ids(mini)
    path = mini / "data/tasks/g1-t2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 0", "progress: 140"))
    result = run_cli(mini, "status")
    assert result.exit_code == 1 and "140" in result.stderr


def test_a_corrupt_cache_is_a_miss(mini, private_cache):
    overdue_ids(mini)
    (cache_file,) = private_cache.iterdir()
    cache_file.write_bytes(b"not a pickle")
    assert overdue_ids(mini) == ["g1-t1-m2"]


def test_an_unwritable_cache_folder_is_skipped(mini, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert overdue_ids(mini, LEDGER_CACHE_DIR=str(blocked / "sub")) == ["g1-t1-m2"]


def test_no_cache_when_disabled(mini, private_cache):
    overdue_ids(mini, LEDGER_NO_CACHE="1")
    assert list(private_cache.iterdir()) == []
    assert os.environ.get("LEDGER_NO_CACHE") is None
