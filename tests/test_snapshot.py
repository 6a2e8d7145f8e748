"""The snapshot of the last load: used when no folder changed, rechecking only the task files edited
since, and then giving exactly the ledger (records, order, warnings) a full load gives."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from qc_ledger.errors import DataError
from qc_ledger.load.cache import snapshot, unchanged
from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger

from conftest import settle


def picture(ledger) -> tuple:
    """What a loaded ledger holds, in order, warnings included."""
    return (
        [(t.id, t.model_dump_json()) for t in ledger.tasks.values()],
        [(g.id, g.model_dump_json()) for g in ledger.groups.values()],
        ledger.plan.model_dump_json(),
        [(p.message, str(p.path), p.line, p.column, p.severity) for p in ledger.warnings],
        sorted(ledger.sources),
    )


def load(root: Path):
    files = FileCache(root)
    ledger = open_ledger(root, cached=files)
    files.save(ledger.file_names())
    return ledger


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Change a file in place, as an editor does, and date it a minute back (not racy)."""
    path = root / "data" / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))


def test_an_unchanged_ledger_is_restored_as_a_full_load_gives_it(aliased_mini):
    full = load_ledger(aliased_mini)
    assert any("别名" in p.message for p in full.warnings)
    load(aliased_mini)  # the full load that remembers
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None
    assert restored.tasks.built() == 0, "no task record is rebuilt until a command reads it"
    assert restored.index.tasks == full.index.tasks
    assert picture(restored) == picture(full) == picture(load(aliased_mini))
    assert [s.path for s, _ in restored.support] == [s.path for s, _ in full.support]
    assert restored.file_names() == full.file_names()


def test_an_edited_task_file_is_checked_alone_and_gives_what_a_full_load_gives(aliased_mini):
    load(aliased_mini)
    edit(aliased_mini, "tasks/g1-t2.yaml", "区发展和改革局", "区教育局")  # the alias goes
    edit(aliased_mini, "tasks/g1-t1.yaml", "title: 均衡配置教育资源", "title: 均衡配置城乡教育资源")
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None
    assert restored.tasks.built() == 2, "only the edited files are read"
    assert not any("别名" in p.message for p in restored.warnings)
    assert picture(restored) == picture(load_ledger(aliased_mini))
    assert restored.index.tasks == load_ledger(aliased_mini).index.tasks
    again = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert again.tasks.built() == 0, "the snapshot was brought up to date"
    assert picture(again) == picture(restored)


def test_warnings_merged_after_an_edit_keep_the_order_of_a_full_load(aliased_mini):
    load(aliased_mini)  # g1-t2 has an alias; now the files before and after it gain one too
    edit(aliased_mini, "tasks/g1-t1.yaml", "lead_unit: 区教育局", "lead_unit: 区发展和改革局")
    edit(aliased_mini, "tasks/g2-t1.yaml", "lead_unit: 区发展改革局", "lead_unit: 区发展和改革局")
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None and restored.tasks.built() == 2
    full = load_ledger(aliased_mini)
    assert [p.path.name for p in full.warnings][:1] == ["g1-t1.yaml"]
    assert {p.path.name for p in full.warnings} == {"g1-t1.yaml", "g1-t2.yaml", "g2-t1.yaml"}
    assert picture(restored) == picture(full)


def test_an_edit_with_a_problem_means_a_full_load_that_reports_it(aliased_mini):
    load(aliased_mini)
    edit(aliased_mini, "tasks/g1-t2.yaml", "id: g1-t2-m1", "id: g1-t1-m1")  # taken by g1-t1
    assert snapshot.restore(aliased_mini, FileCache(aliased_mini)) is None
    with pytest.raises(DataError) as raised:
        load(aliased_mini)
    assert any("g1-t1-m1" in p.message and p.severity == "error" for p in raised.value.problems)


def test_an_edit_to_a_file_other_than_a_task_means_a_full_load(aliased_mini):
    load(aliased_mini)
    edit(aliased_mini, "groups/g1.yaml", "\n", "\n# 注释\n")
    assert snapshot.restore(aliased_mini, FileCache(aliased_mini)) is None
    assert picture(load(aliased_mini)) == picture(load_ledger(aliased_mini))


def test_a_task_file_written_moments_before_the_snapshot_is_read_again(aliased_mini):
    load(aliased_mini)
    path = aliased_mini / "data/tasks/g1-t1.yaml"
    path.write_text(path.read_text("utf-8").replace("均衡配置教育资源", "均衡配置城乡教育资源"))
    load(aliased_mini)  # the snapshot is written within a tick of the file: not to be trusted
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None and restored.tasks.built() >= 1
    assert picture(restored) == picture(load_ledger(aliased_mini))


def test_an_added_or_removed_file_means_a_full_load(aliased_mini):
    load(aliased_mini)
    tasks = aliased_mini / "data" / "tasks"
    text = (tasks / "g1-t2.yaml").read_text("utf-8")
    (tasks / "g1-t9.yaml").write_text(text.replace("g1-t2", "g1-t9"), "utf-8")
    assert snapshot.restore(aliased_mini, FileCache(aliased_mini)) is None
    assert "g1-t9" in load(aliased_mini).tasks
    settle(aliased_mini)
    load(aliased_mini)
    (tasks / "g1-t9.yaml").unlink()
    assert snapshot.restore(aliased_mini, FileCache(aliased_mini)) is None
    assert "g1-t9" not in load(aliased_mini).tasks


def test_a_folder_changed_moments_before_the_snapshot_is_listed_again(mini):
    os.utime(mini / "data" / "tasks")  # changed just now: a file added in the same tick may hide
    load(mini)
    assert snapshot.restore(mini, FileCache(mini)) is not None  # it lists the names it listed
    (mini / "data" / "tasks" / "g1-t1.yaml").rename(mini / "data" / "tasks" / "g1-t7.yaml")
    assert snapshot.restore(mini, FileCache(mini)) is None


def test_a_file_replaced_by_a_rename_is_checked_alone(aliased_mini):
    load(aliased_mini)
    path = aliased_mini / "data" / "tasks" / "g1-t1.yaml"
    # As editors and the ledger's own writes save: a new file renamed over the old one.
    new = path.with_name(".g1-t1.yaml.tmp")
    new.write_text(path.read_text("utf-8").replace("均衡配置教育资源", "均衡配置城乡教育资源"))
    os.replace(new, path)
    restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert restored is not None and restored.tasks.built() == 1
    assert picture(restored) == picture(load_ledger(aliased_mini))
    again = snapshot.restore(aliased_mini, FileCache(aliased_mini))
    assert again is not None and picture(again) == picture(restored)


def test_task_files_in_folders_of_their_own_are_proved_from_any_working_folder(mini, monkeypatch):
    # As a province keeps them (a folder a group): each file is looked up under the ledger's root,
    # whatever folder the command runs in.
    tasks = mini / "data" / "tasks"
    (tasks / "g1").mkdir()
    for name in ("g1-t1.yaml", "g1-t2.yaml"):
        os.replace(tasks / name, tasks / "g1" / name)
    settle(mini)
    load(mini)
    monkeypatch.chdir(mini / "data")
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored is not None and restored.tasks.built() == 0
    edit(mini, "tasks/g1/g1-t2.yaml", "区教育局", "区发展和改革局")
    restored = snapshot.restore(mini, FileCache(mini))
    assert restored is not None and restored.tasks.built() == 1, "only the edited file is read"
    assert picture(restored) == picture(load_ledger(mini))
    (tasks / "g1" / "g1-t1.yaml").unlink()
    assert snapshot.restore(mini, FileCache(mini)) is None, "a removed file means a full load"


def test_a_snapshot_of_another_shape_is_ignored(aliased_mini, private_cache):
    load(aliased_mini)
    (stored,) = private_cache.glob("snapshot-*")
    header, _ = stored.read_text("utf-8").split("\n", 1)
    stored.write_text(header + '\n{"root": "' + str(aliased_mini) + '", "files": 3}', "utf-8")
    assert snapshot.restore(aliased_mini, FileCache(aliased_mini)) is None
    assert picture(load(aliased_mini)) == picture(load_ledger(aliased_mini))


def test_warnings_of_files_read_from_the_cache_keep_their_line_and_column(aliased_mini, cli):
    first = cli(aliased_mini, "validate")
    again = cli(aliased_mini, "validate")
    assert first.exit_code == again.exit_code == 0
    assert "data/tasks/g1-t2.yaml:7:16: 提示" in first.stderr
    assert (first.stdout, first.stderr) == (again.stdout, again.stderr)


def _counted(make, seen: list, key, raw):
    seen.append(key)
    return make(key, raw)


def test_a_query_by_unit_or_group_rebuilds_only_the_tasks_that_can_match(aliased_mini):
    import datetime as dt

    from qc_ledger.domain.query import QueryOptions, build_query

    load(aliased_mini)
    full = load_ledger(aliased_mini)
    for options, tasks in ((QueryOptions(group="g2"), {"g2-t1"}),
                           (QueryOptions(unit="区财政局"), None)):  # fmt: skip
        restored = snapshot.restore(aliased_mini, FileCache(aliased_mini))
        rebuilt: list[str] = []
        make = restored.tasks._make
        restored.tasks._make = partial(_counted, make, rebuilt)
        query = build_query(restored, options)
        rows = query.run(restored, dt.date(2025, 6, 30))
        expected = build_query(full, options).run(full, dt.date(2025, 6, 30))
        assert [m.id for _, _, m in rows] == [m.id for _, _, m in expected] != []
        # Each candidate rebuilt once and let go (the rows hold what they show): none kept.
        assert sorted(rebuilt) == sorted(tasks or {t.id for _, t, _ in expected})
        assert restored.tasks.built() == 0
    assert len(restored.tasks) == 3


def test_a_cached_record_read_alone_is_the_one_read_with_all_the_others(aliased_mini):
    load(aliased_mini)
    path = aliased_mini / "data" / "tasks" / "g1-t1.yaml"
    alone = FileCache(aliased_mini).get(path, "task")
    everything = FileCache(aliased_mini)
    everything.read_all()
    assert alone == everything.get(path, "task") and alone["id"] == "g1-t1"
    replaced = FileCache(aliased_mini)
    assert replaced.get(path, "task") == alone
    load(aliased_mini)  # another command rewrites the cache file meanwhile
    assert replaced.get(aliased_mini / "data" / "tasks" / "g2-t1.yaml", "task")["id"] == "g2-t1"


def test_dates_after_today_are_found_from_the_digests_as_a_full_load_finds_them(aliased_mini, cli):
    assert cli(aliased_mini, "validate").exit_code == 0  # the snapshot is written
    warm = cli(aliased_mini, "validate", today="2024-07-05")
    cold = cli(aliased_mini, "validate", today="2024-07-05", LEDGER_NO_CACHE="1")
    assert warm.exit_code == cold.exit_code == 1
    assert "进展记录的日期 2024-07-10 晚于今天（2024-07-05）" in warm.stderr
    assert warm.stderr == cold.stderr


def test_the_digest_knows_the_newest_date_of_the_log_and_the_deadline_history():
    import datetime as dt

    from qc_ledger.domain.digest import facts_of
    from qc_ledger.domain.models import Task

    task = Task.model_validate({"id": "g1-t1", "group": "g1", "title": "任务", "measures": [{
        "id": "g1-t1-m1", "text": "措施", "lead_unit": "区教育局", "deadline": "2025-06-30",
        "status": "in_progress", "progress": 10,
        "progress_log": [{"date": "2024-03-01", "note": "开展。", "status": "in_progress"}],
        "deadline_history": [{"date": "2024-04-02", "previous": "2025-03-31", "new": "2025-06-30",
                              "reason": "调整"}],
    }]})  # fmt: skip
    (facts,) = facts_of(task).measures
    assert facts.last_reported == dt.date(2024, 3, 1)
    assert facts.latest_dated == dt.date(2024, 4, 2)


def test_files_are_proved_by_their_own_state_not_a_link_s_target(tmp_path):
    # Relative to a descriptor of the root where the system allows: still lstat, a link not followed.
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "a.yaml"
    target.write_text("a", "utf-8")
    (tmp_path / "data" / "b.yaml").symlink_to(target)
    with unchanged.under(tmp_path) as lstat:
        for name in ("data/a.yaml", "data/b.yaml", "data"):
            found, expected = lstat(name), os.lstat(tmp_path / name)
            assert (found.st_ino, found.st_size, found.st_mtime_ns, found.st_mode) == (
                expected.st_ino, expected.st_size, expected.st_mtime_ns, expected.st_mode
            )  # fmt: skip
        with pytest.raises(FileNotFoundError):
            lstat("data/c.yaml")


def test_a_task_file_replaced_by_a_link_to_the_same_text_is_seen(aliased_mini):
    def identity(name: str) -> list[int]:
        info = os.lstat(aliased_mini / name)
        return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    names = ["data/tasks/g1-t1.yaml", "data/tasks/g1-t2.yaml"]
    settle(aliased_mini)
    entries = [[name, identity(name)] for name in names]
    later = time.time_ns() + 10**10
    assert unchanged.changed(aliased_mini, entries, later) == []
    path = aliased_mini / names[0]
    copy = aliased_mini / "g1-t1.yaml"
    copy.write_text(path.read_text("utf-8"), "utf-8")
    os.utime(copy, ns=(path.stat().st_mtime_ns, path.stat().st_mtime_ns))
    path.unlink()
    path.symlink_to(copy)
    assert unchanged.changed(aliased_mini, entries, later) == [0]
    (aliased_mini / names[1]).unlink()
    assert unchanged.changed(aliased_mini, entries, later) == [0, 1]
