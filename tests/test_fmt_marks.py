"""fmt's verdict kept on the per-file cache's entries: a load marks the files in fmt's layout, and a
warm `fmt --check` reads only the others; a file changed after its mark is judged again."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from qc_ledger.edit.formatting import format_ledger, unformatted
from qc_ledger.load.cache.opening import open_ledger
from qc_ledger.load.cache.verdicts import Contexts, Marks

from conftest import REPO, make_repo, run_cli

sys.path.insert(0, str(REPO / "bench"))
import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated ledger large enough to be checked in worker processes."""
    root = tmp_path_factory.mktemp("generated")
    generate.build(root, 220)
    # Written a minute ago (copies keep the mtime): a cache entry made now is trusted by the file's
    # stat alone, as for files not edited in the last two seconds.
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 60 * 10**9))
    return root


@pytest.fixture
def ledger_copy(generated: Path, tmp_path: Path) -> Path:
    """The generated ledger, copied into a fresh git repository of its own."""
    return make_repo(generated, tmp_path / "ledger")


def _marked(root: Path) -> set[Path]:
    ledger = open_ledger(root)
    contexts, marks = Contexts(ledger), Marks(root)
    return {
        source.path
        for source in ledger.sources.values()
        if marks.canonical(source.path, source.kind, contexts.of(source.kind, source.path)[1])
    }


def _tasks(root: Path) -> list[Path]:
    return sorted((root / "data" / "tasks").rglob("*.yaml"))


def test_a_load_marks_every_task_file_in_the_layout(ledger_copy, private_cache):
    tasks = _tasks(ledger_copy)
    assert len(tasks) + 3 >= 200  # enough files for the worker processes
    assert run_cli(ledger_copy, "validate").exit_code == 0
    assert set(tasks) <= _marked(ledger_copy)
    # The verdicts agree with a check that trusts no cache.
    cold = run_cli(ledger_copy, "--no-cache", "fmt", "--check")
    warm = run_cli(ledger_copy, "fmt", "--check")
    assert cold.exit_code == warm.exit_code == 0
    assert cold.stdout == warm.stdout


def _swap_first_keys(path: Path) -> None:
    """Swap two fields in place, keeping the size and the mtime: only the ctime tells."""
    before = path.stat()
    lines = path.read_bytes().split(b"\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(b"id: "))
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    with path.open("r+b") as stream:  # the same inode
        stream.write(b"\n".join(lines))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


@pytest.mark.parametrize("between", [None, "validate", "status", "fmt"])
def test_a_file_edited_after_its_mark_is_reported(ledger_copy, private_cache, between):
    assert run_cli(ledger_copy, "validate").exit_code == 0
    first = run_cli(ledger_copy, "fmt", "--check")
    assert first.exit_code == 0
    edited = _tasks(ledger_copy)[7]
    assert edited in _marked(ledger_copy)
    _swap_first_keys(edited)
    if between == "fmt":
        assert run_cli(ledger_copy, "fmt", "--check").exit_code == 1
    elif between is not None:
        assert run_cli(ledger_copy, between).exit_code == 0
    result = run_cli(ledger_copy, "fmt", "--check")
    assert result.exit_code == 1
    relative = edited.relative_to(ledger_copy).as_posix()
    assert result.stdout.startswith(f"{relative}：") and "字段按规范顺序排列" in result.stdout
    assert "1 个文件不是规范格式" in result.stderr
    assert edited not in _marked(ledger_copy)
    assert result.stdout == run_cli(ledger_copy, "--no-cache", "fmt", "--check").stdout


def test_a_mark_is_kept_for_the_content_and_rests_on_the_schema_line(
    ledger_copy, private_cache, tmp_path
):
    """Another clone of the same ledger is served this one's marks by content; the schema line a
    mark rests on is that of the file's folder, so a file moved deeper is judged again."""
    assert run_cli(ledger_copy, "validate").exit_code == 0
    clone = tmp_path / "clone"
    shutil.copytree(ledger_copy, clone)
    assert run_cli(clone, "fmt", "--check").exit_code == 0
    assert set(_tasks(clone)) <= _marked(clone)
    (clone / "schemas").mkdir()
    (clone / "schemas" / "task.schema.json").write_text("{}", encoding="utf-8")
    assert run_cli(clone, "validate").exit_code == 0
    assert run_cli(clone, "fmt", "--check").exit_code == 0  # the lines were there already
    task = _tasks(clone)[3]
    deeper = task.parent / "more" / task.name
    deeper.parent.mkdir()
    task.rename(deeper)
    assert run_cli(clone, "validate").exit_code == 0
    result = run_cli(clone, "fmt", "--check")
    assert result.exit_code == 1
    assert result.stdout == run_cli(clone, "--no-cache", "fmt", "--check").stdout
    relative = deeper.relative_to(clone).as_posix()
    assert result.stdout == f"{relative}：第一行改为编辑器用的 schema 声明\n"
    assert deeper not in _marked(clone)


def test_check_and_format_agree(ledger_copy, private_cache):
    _swap_first_keys(_tasks(ledger_copy)[2])
    ledger = open_ledger(ledger_copy)
    edits = format_ledger(ledger)
    count, changed = unformatted(ledger)
    assert count == len(edits)
    assert [e.path for e in changed] == [e.path for e in edits if e.changed]
    assert [e.new_text for e in changed] == [e.new_text for e in edits if e.changed]


def test_files_written_just_now_are_vouched_for_by_their_content(ledger_copy, private_cache):
    """A fresh clone checked at once: its files are too new for their stat to vouch for them, so
    `fmt --check` proves each one by its content digest instead of a round trip."""
    # Written "now" as far as their stat can tell (a minute ahead: however slow the load, never
    # two seconds older than the entries made of them), as `git clone` writes them.
    ahead = time.time_ns() + 60 * 10**9
    for path in ledger_copy.rglob("*.yaml"):
        os.utime(path, ns=(ahead, ahead))
    assert run_cli(ledger_copy, "validate").exit_code == 0
    ledger = open_ledger(ledger_copy)
    contexts, marks = Contexts(ledger), Marks(ledger_copy)
    tasks = _tasks(ledger_copy)
    for path in tasks:
        context = contexts.of("task", path)[1]
        assert not marks.canonical(path, "task", context)  # within the racy window
        assert marks.same_content(path, "task", context, path.read_bytes())
    assert not marks.same_content(tasks[0], "task", "0" * 32, tasks[0].read_bytes())
    edited, crlf = tasks[4], tasks[5]
    _swap_first_keys(edited)
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    for path in (edited, crlf):
        context = contexts.of("task", path)[1]
        assert not marks.same_content(path, "task", context, path.read_bytes())
    result = run_cli(ledger_copy, "fmt", "--check")
    assert result.exit_code == 1
    assert "2 个文件不是规范格式" in result.stderr
    assert result.stdout == run_cli(ledger_copy, "--no-cache", "fmt", "--check").stdout
