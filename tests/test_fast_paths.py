"""The fast paths of a cold load give exactly what the full paths give: the direct node walk of
regular files, and checking files in several processes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qc_ledger.errors import DataError
from qc_ledger.load import parallel
from qc_ledger.load.loader import discover, load_ledger
from qc_ledger.store.yaml import parsing

from conftest import FIXTURES, REPO, repository_records

sys.path.insert(0, str(REPO / "bench"))
import generate


def full(text: str, path: Path) -> object:
    """What ruamel's own constructor makes of a document (or the problem it reports)."""
    tags = "!" in text
    try:
        return parsing._parse(parsing._safe_yaml(tags), text, path)
    except DataError as exc:
        return [(p.message, p.line, p.column) for p in exc.problems]


def fast(text: str, path: Path) -> object:
    try:
        return parsing.parse_fast(text, path)
    except DataError as exc:
        return [(p.message, p.line, p.column) for p in exc.problems]


YAML_FILES = sorted(
    {*REPO.glob("data/**/*.yaml"), *FIXTURES.rglob("*.yaml"), *REPO.glob("tests/corpus/**/*")}
)


@pytest.mark.parametrize("path", [p for p in YAML_FILES if p.is_file()], ids=str)
def test_every_file_of_the_repository_parses_as_the_full_constructor_parses_it(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert fast(text, path) == full(text, path)


SNIPPETS = [
    "a: 1\nb: -2\nc: 0\n",
    "a: 007\nb: 0x1F\nc: 0o17\nd: 1_000\ne: +3\n",
    "a: 1.5\nb: .inf\nc: 1e3\n",
    "a: 2024-06-01\nb: 2024-02-30\nc: 2024-6-1\nd: 2024-06-01T10:00:00\ne: '2024-06-01'\n",
    "a: null\nb: ~\nc:\nd: Null\ne: NULL\n",
    "a: true\nb: False\nc: yes\nd: 'no'\ne: On\n",
    "yes: 1\n",
    "a: &x 1\nb: *x\n",
    "a: &x [1]\nb: *x\n",
    "a: 1\na: 2\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "a: !!str 12\n",
    "a: !include other.yaml\n",
    "? [1, 2]\n: x\n",
    "1: x\n",
    "a: [1, 2, {b: c}]\nd: {}\ne: []\n",
    "- a\n- b: c\n  d: [e]\n",
    "a: '引号 ''里''的文字'\nb: \"双引号\\t转义\"\n",
    "a: 文字 # 注释\nb: >\n  折叠\n  文字\nc: |\n  原样\n",
    "%YAML 1.1\n---\na: yes\n",
    "",
    "# 只有注释\n",
    "a: [1, 2\n",
    "a: b: c\n",
]


def _ledger_of(root: Path) -> tuple:
    return _picture(load_ledger(root))


def _picture(ledger) -> tuple:
    return tuple(
        sorted((task.id, task.model_dump_json()) for task in ledger.tasks.values())
    ), tuple(sorted((group.id, group.model_dump_json()) for group in ledger.groups.values()))


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic ledger with more files than the parallel path's threshold."""
    root = tmp_path_factory.mktemp("large")
    generate.build(root, parallel.MIN_FILES + 20)
    return root


def test_checking_in_several_processes_loads_the_same_ledger(large, monkeypatch):
    files, _ = discover(large)
    monkeypatch.setenv("LEDGER_JOBS", "2")
    assert parallel.jobs(len(files)) == 2
    together = _ledger_of(large)
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert parallel.jobs(len(files)) == 1
    assert _ledger_of(large) == together


def test_problems_found_in_several_processes_are_the_ones_found_in_one(
    large, tmp_path, monkeypatch
):
    import shutil

    root = tmp_path / "broken"
    shutil.copytree(large, root)
    tasks = sorted((root / "data" / "tasks").rglob("*.yaml"))
    for path in (tasks[3], tasks[-2]):
        text = path.read_text("utf-8")
        path.write_text(
            text.replace("progress: 0", "progress: 百分之十", 1).replace(
                "status: in_progress", "status: 进行", 1
            ),
            "utf-8",
        )
    found = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("LEDGER_JOBS", jobs)
        with pytest.raises(DataError) as caught:
            load_ledger(root)
        found[jobs] = [(str(p.path), p.line, p.column, p.message) for p in caught.value.problems]
    assert found["1"] and found["1"] == found["2"]


def test_few_files_or_one_job_are_checked_here(monkeypatch):
    monkeypatch.delenv("LEDGER_JOBS", raising=False)
    assert parallel.jobs(parallel.MIN_FILES - 1) == 1
    monkeypatch.setenv("LEDGER_JOBS", "1")
    assert parallel.jobs(10_000) == 1
    monkeypatch.setenv("LEDGER_JOBS", "并行")  # not a number: the cores decide
    assert parallel.jobs(10_000) >= 1


REGULAR = [
    "id: g1\nname: 名称\n",
    "a:\n  - x\n  - y\nb: []\nc: {}\n",
    "a:\n- x\n- y\nb: 1\n",
    "m:\n  - id: 1\n    t: 文字\n  - id: 2\n    k:\n      - date: 2024-06-01\n        note: 好\n",
    "a: 文字 # 注释\nb: 文字#不是注释\n# 整行注释\nc:   多个空格  \n",
    "a: '单引号 ''内''' # c\nb: \"双引号\"\nc: \"含\\\\转义\"\nd: 'x'y\n",
    "a: 2025年底前完成\nb: 3个镇街\nc: -演示\nd: +1\ne: .5\nf: 1.\ng: 10:30\n",
    "a: 1\n  b: 2\n",
    "a:\n  连续的\n  文字\n",
    "a: b\n c: d\n",
    "a: x: y\n",
    "a: 结尾冒号:\n",
    "- a\n",
    "  a: 1\n",
    "a:\n  -\n    b: 1\n",
    "a:\n  - - x\n",
    "a: 1\n---\nb: 2\n",
    "a: 文字\u2028更多\n",
    "a: 文字\r\nb: 2\r\n",
    "True: 1\nnull: 2\n",
    "a: true\nb: FALSE\nc: Null\nd: ~\ne:\nf: 'null'\n",
    "a: -0\nb: 00\nc: -12\nd: 2024-13-01\ne: 20240101\n",
    "a: 0.5\nb: -0.25\nc: 1.50\nd: 01.5\ne: 1.5e3\nf: 0.\n",
    "a: [x]\nb: {c: d}\n",
    "a: |\n  原样\n",
    "a: 文字\n\n\nb: 2\n",
    'a: "未闭合\n',
    "a: '未闭合\n",
    'a: "x" y\n',
    "a: 'x'# c\n",
    "键: 1\n",
    "a: *别名\n",
    "a: @x\n",
    "a: `x`\n",
    "a: ? x\n",
]


@pytest.mark.parametrize("text", SNIPPETS + REGULAR)
def test_unusual_documents_get_what_the_full_constructor_gives(text, tmp_path):
    path = tmp_path / "x.yaml"
    assert fast(text, path) == full(text, path)


def test_generated_files_take_the_regular_reader(large):
    from qc_ledger.store.yaml.regular import read_regular

    paths = sorted((large / "data").rglob("*.yaml"))
    for path in paths:
        text = path.read_text("utf-8")
        assert read_regular(text) == full(text, path), path


def test_cache_entries_made_in_several_processes_are_the_ones_made_in_one(
    large, monkeypatch, private_cache
):
    import json

    from qc_ledger.load.cache.filecache import FileCache
    from qc_ledger.load.cache.opening import open_ledger

    stored = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("LEDGER_JOBS", jobs)
        for found in private_cache.iterdir():
            found.unlink()
        files = FileCache(large)
        open_ledger(large, cached=files)
        entries = {name: json.loads(files.entry(name)) for name in files.names()}
        for entry in entries.values():
            entry.pop("written")  # the moment each file was read
        stored[jobs] = entries
        files.save(set(files.names()))
        again = FileCache(large)
        assert _picture(open_ledger(large, cached=again)) == _ledger_of(large)
    assert len(stored["1"]) > parallel.MIN_FILES and stored["1"] == stored["2"]


def test_a_rebuilt_record_is_the_validated_one_and_shares_its_field_set_with_its_kind(mini):
    from qc_ledger.domain.models import Task
    from qc_ledger.domain.rebuild import trusted
    from qc_ledger.store import yaml as store

    path = mini / "data" / "tasks" / "g2-t1.yaml"
    data = store.parse_fast(path.read_text("utf-8"), path)
    validated, rebuilt = Task.model_validate(data), trusted(Task, data)
    assert rebuilt == validated and rebuilt.model_dump_json() == validated.model_dump_json()
    assert rebuilt.model_fields_set == validated.model_fields_set
    entries = [e for m in rebuilt.measures for e in m.progress_log]
    alike = [e for e in entries if e.model_fields_set == entries[0].model_fields_set]
    assert len(alike) > 1 and all(
        e.__pydantic_fields_set__ is alike[0].__pydantic_fields_set__ for e in alike
    )


def test_a_ledger_without_office_records_has_the_empty_ones_validation_gives():
    from qc_ledger.domain.models import OfficeRecords
    from qc_ledger.domain.rebuild import trusted

    assert trusted(OfficeRecords, {}) == OfficeRecords()
    assert trusted(OfficeRecords, {}).model_dump() == OfficeRecords().model_dump()


def test_every_record_of_the_repository_rebuilt_from_cached_data_is_the_validated_one():
    for path, validated, rebuilt in repository_records():
        assert rebuilt == validated, path
        assert rebuilt.model_dump_json() == validated.model_dump_json(), path


def test_rules_rebuilt_without_their_sections_have_the_defaults_validation_gives():
    from qc_ledger.domain.rebuild import trusted
    from qc_ledger.domain.rules_models import Rules

    data = {"stale_days": 30, "due_soon_days": 7, "red": ["overdue"], "yellow": ["stale"]}
    rebuilt, validated = trusted(Rules, data), Rules.model_validate(data)
    assert rebuilt == validated and rebuilt.model_dump_json() == validated.model_dump_json()
    assert rebuilt.model_fields_set == validated.model_fields_set == set(data)
    assert rebuilt.workbook.model_fields_set == validated.workbook.model_fields_set == set()
    assert trusted(Rules, data).workbook is not rebuilt.workbook  # each record its own sections


def test_a_default_section_rebuilt_from_the_cache_builds_no_validator():
    # Calling a record class as a default factory would build its validator: a fiftieth of a
    # second of every command that restores the rules. A fresh process, as a command starts.
    import subprocess

    code = (
        "from qc_ledger.domain.rebuild import trusted\n"
        "from qc_ledger.domain.rules_models import Rules\n"
        "from qc_ledger.domain.office_models import WorkbookLimits\n"
        "data = {'stale_days': 30, 'due_soon_days': 7, 'red': ['overdue'], 'yellow': []}\n"
        "rules = trusted(Rules, data)\n"
        "assert rules.workbook.rows == 20_000\n"
        "print(WorkbookLimits.__pydantic_complete__, Rules.__pydantic_complete__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
