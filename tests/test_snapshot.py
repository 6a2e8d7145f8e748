"""The snapshot of the last full load: used only when no folder and no file changed, and then giving
exactly the ledger (records, order, warnings) a full load gives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from qc_ledger import snapshot
from qc_ledger.cache import FileCache
from qc_ledger.loader import load_ledger


def settle(root: Path) -> None:
    """Date every folder under data/ a minute back, as folders are that did not just change."""
    past = time.time() - 60
    for folder in [root / "data", *(p for p in (root / "data").rglob("*") if p.is_dir())]:
        os.utime(folder, (past, past))


def picture(ledger) -> tuple:
    """What a loaded ledger holds, in order, warnings included."""
    return (
        [(t.id, t.model_dump_json()) for t in ledger.tasks.values()],
        [(g.id, g.model_dump_json()) for g in ledger.groups.values()],
        ledger.plan.model_dump_json(),
        [(p.message, str(p.path), p.line, p.column, p.severity) for p in ledger.warnings],
        sorted(ledger.sources),
    )


@pytest.fixture
def ledger_root(mini: Path) -> Path:
    # An alias where a canonical name belongs: a warning the snapshot must keep.
    path = mini / "data" / "tasks" / "g1-t2.yaml"
    path.write_text(path.read_text("utf-8").replace("区教育局", "区发展和改革局"), "utf-8")
    settle(mini)
    return mini


def load(root: Path):
    files = FileCache(root)
    ledger = load_ledger(root, cache=files)
    files.save({str(source.path) for source in ledger.sources.values()})
    return ledger


def test_an_unchanged_ledger_is_restored_as_a_full_load_gives_it(ledger_root):
    full = load_ledger(ledger_root)
    assert any("别名" in p.message for p in full.warnings)
    load(ledger_root)  # the full load that remembers
    restored = snapshot.restore(ledger_root, FileCache(ledger_root))
    assert restored is not None
    assert picture(restored) == picture(full) == picture(load(ledger_root))
    assert [s.path for s, _ in restored.loaded] == [s.path for s, _ in full.loaded]


def test_an_edited_file_means_a_full_load(ledger_root):
    load(ledger_root)
    path = ledger_root / "data" / "tasks" / "g1-t2.yaml"
    path.write_text(path.read_text("utf-8").replace("区发展和改革局", "区教育局"), "utf-8")
    assert snapshot.restore(ledger_root, FileCache(ledger_root)) is None
    ledger = load(ledger_root)
    assert not any("别名" in p.message for p in ledger.warnings)
    assert picture(ledger) == picture(load_ledger(ledger_root))


def test_an_added_or_removed_file_means_a_full_load(ledger_root):
    load(ledger_root)
    tasks = ledger_root / "data" / "tasks"
    text = (tasks / "g1-t2.yaml").read_text("utf-8")
    (tasks / "g1-t9.yaml").write_text(text.replace("g1-t2", "g1-t9"), "utf-8")
    assert snapshot.restore(ledger_root, FileCache(ledger_root)) is None
    assert "g1-t9" in load(ledger_root).tasks
    settle(ledger_root)
    load(ledger_root)
    (tasks / "g1-t9.yaml").unlink()
    assert snapshot.restore(ledger_root, FileCache(ledger_root)) is None
    assert "g1-t9" not in load(ledger_root).tasks


def test_a_folder_changed_moments_before_the_snapshot_is_not_trusted(mini):
    os.utime(mini / "data" / "tasks")  # changed just now: a file added in the same tick may hide
    load(mini)
    assert snapshot.restore(mini, FileCache(mini)) is None
    settle(mini)
    load(mini)
    assert snapshot.restore(mini, FileCache(mini)) is not None


def test_a_snapshot_of_another_shape_is_ignored(ledger_root, private_cache):
    load(ledger_root)
    (stored,) = private_cache.glob("snapshot-*")
    header, _ = stored.read_text("utf-8").split("\n", 1)
    stored.write_text(header + '\n{"root": "' + str(ledger_root) + '", "files": 3}', "utf-8")
    assert snapshot.restore(ledger_root, FileCache(ledger_root)) is None
    assert picture(load(ledger_root)) == picture(load_ledger(ledger_root))


def test_warnings_of_files_read_from_the_cache_keep_their_line_and_column(ledger_root, cli):
    first = cli(ledger_root, "validate")
    again = cli(ledger_root, "validate")
    assert first.exit_code == again.exit_code == 0
    assert "data/tasks/g1-t2.yaml:7:16: 提示" in first.stderr
    assert (first.stdout, first.stderr) == (again.stdout, again.stderr)
