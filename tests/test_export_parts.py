"""`export -f json` copies each task's part from an earlier export of the same file content: the same
bytes as writing every record, whatever the day, the rules or the unit names, and never a stale part."""

from __future__ import annotations

import json
import os
import time
from functools import partial
from pathlib import Path

import pytest

from qc_ledger.load.cache.filecache import FileCache
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.loader import load_ledger
from qc_ledger.render.jsonout import _default
from qc_ledger.reports.export import build_export
from qc_ledger.usecases.export_json import JsonExport

from conftest import MINI_TODAY, run_cli, settle


def expected(root: Path, today: str, *kinds: str) -> str:
    """What the export gives, every record loaded without any cache and written by json.dumps."""
    import datetime as dt

    from qc_ledger.domain.kinds import of_kinds, parse_kinds

    ledger = load_ledger(root)
    if kinds:
        ledger = of_kinds(ledger, parse_kinds(list(kinds)))
    document = build_export(ledger, dt.date.fromisoformat(today))
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n"


def exported(root: Path, today: str = MINI_TODAY, *args: str) -> str:
    result = run_cli(root, "export", *args, today=today)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _counted(make, seen: list, key, raw):
    seen.append(key)
    return make(key, raw)


def restored(root: Path):
    ledger = open_ledger(root, cached=FileCache(root))
    rebuilt: list[str] = []
    ledger.tasks._make = partial(_counted, ledger.tasks._make, rebuilt)
    return ledger, rebuilt


def written(export: JsonExport) -> str:
    from qc_ledger.render.jsonout import to_json

    text = to_json(export.document())
    export.keep()
    return text


def test_parts_are_made_once_then_copied_and_give_the_same_bytes(aliased_mini, private_cache):
    import datetime as dt

    today = dt.date.fromisoformat(MINI_TODAY)
    want = expected(aliased_mini, MINI_TODAY)
    assert "区发展和改革局" in (aliased_mini / "data" / "tasks" / "g1-t2.yaml").read_text("utf-8")
    assert exported(aliased_mini) == want  # the full load that remembers
    ledger, rebuilt = restored(aliased_mini)
    assert written(JsonExport(ledger, today)) == want
    assert sorted(rebuilt) == sorted(ledger.index.tasks), "each part made from its record, once"
    assert list(private_cache.glob("pieces-export-json-*"))
    ledger, rebuilt = restored(aliased_mini)
    assert written(JsonExport(ledger, today)) == want
    assert rebuilt == [], "every part copied: no record rebuilt"
    assert exported(aliased_mini) == want


@pytest.mark.parametrize(
    "today", ["2023-12-31", "2024-06-30", "2024-07-01", "2025-03-15", "2026-12-06"]
)
def test_the_fields_as_of_the_day_are_worked_out_again_for_any_day(aliased_mini, today):
    exported(aliased_mini)
    exported(aliased_mini)  # the parts made
    assert exported(aliased_mini, today) == expected(aliased_mini, today)


def test_kinds_narrowed_give_what_they_give_without_the_parts(plan_copy):
    for _ in range(3):
        assert exported(plan_copy, "2026-12-06", "--kind", "plan") == expected(
            plan_copy, "2026-12-06", "plan"
        )
        assert exported(plan_copy, "2026-12-06") == expected(plan_copy, "2026-12-06")


def edit(root: Path, name: str, old: str, new: str, *, same_stat: bool = False) -> None:
    """Change a file in place; with `same_stat`, to text of the same size, its times put back."""
    path = root / "data" / name
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text, old
    if same_stat:
        assert len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new, 1), "utf-8")
    if same_stat:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size
    else:
        past = time.time() - 60
        os.utime(path, (past, past))


@pytest.mark.parametrize("same_stat", [False, True])
def test_an_edited_task_file_is_never_served_its_old_part(aliased_mini, same_stat):
    exported(aliased_mini)
    exported(aliased_mini)  # the parts made
    edit(
        aliased_mini,
        "tasks/g1-t1.yaml",
        "建立教育联合体。",
        "建立教育共同体。",
        same_stat=same_stat,
    )
    want = expected(aliased_mini, MINI_TODAY)
    assert "建立教育共同体。" in want
    for _ in range(3):  # rechecked alone, then a full load, then restored with new parts
        assert exported(aliased_mini) == want
        settle(aliased_mini)


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        # The alias made the name and the name an alias: the canonical names in the holes change.
        ("units.yaml", [("name: 区发展改革局", "name: 区发展和改革局"),
                        ("- 区发展和改革局", "- 区发展改革局")]),
        ("rules.yaml", [("stale_days: 30", "stale_days: 3")]),
        ("rules.yaml", [("red:                # 亮红灯的条件，满足其一即是\n  - overdue",
                         "red:\n  - overdue\n  - stale")]),
    ],
)  # fmt: skip
def test_other_files_change_only_the_holes(aliased_mini, name, changes):
    exported(aliased_mini)
    exported(aliased_mini)
    before = expected(aliased_mini, MINI_TODAY)
    for old, new in changes:
        edit(aliased_mini, name, old, new)
    want = expected(aliased_mini, MINI_TODAY)
    assert want != before
    assert exported(aliased_mini) == want
    assert exported(aliased_mini) == want


def test_a_damaged_store_of_parts_is_a_miss(aliased_mini, private_cache):
    want = expected(aliased_mini, MINI_TODAY)
    exported(aliased_mini)
    exported(aliased_mini)
    (store,) = private_cache.glob("pieces-export-json-*")
    data = store.read_bytes()
    store.write_bytes(data[: len(data) // 2] + b"x" * (len(data) - len(data) // 2))
    assert exported(aliased_mini) == want
    store.write_bytes(data[:-30])
    assert exported(aliased_mini) == want
    assert exported(aliased_mini) == want


@pytest.mark.parametrize(
    "texts",
    [[], ["甲"], ["区发展改革局", 'a "quoted" \\ name', "控制\u202e字符", "del\x7f", "换\n行"]],
)
@pytest.mark.parametrize("level", [0, 1, 5])
def test_a_list_of_text_is_written_as_the_general_writer_writes_it(texts, level):
    from qc_ledger.render.jsonout import texts_written_at, written_at

    assert texts_written_at(texts, level) == written_at(texts, level)
