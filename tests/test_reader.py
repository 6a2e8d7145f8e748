"""Every path that reads a data file reads it through the one guarded reader: each refuses a link, an
oversize file and a file in another encoding in the same words, and each takes a BOM off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qc_ledger.errors import DataError
from qc_ledger.store.textcheck import MAX_FILE_BYTES

from conftest import COMMIT_ENV, run_cli

OFFICE = "data/office.yaml"
TASK = "data/tasks/g1-t2.yaml"


def _load(root: Path, path: Path, _state) -> str:
    from qc_ledger.load.loader import load_ledger

    load_ledger(root)
    return ""


def _edit(root: Path, path: Path, _state) -> str:
    from qc_ledger.edit.patching import open_task

    raw, text, *_ = open_task(path)
    assert raw.startswith(b"\xef\xbb\xbf"), "the bytes are kept as they are, for writing back"
    return text


def _loaded(root: Path):
    from qc_ledger.load.loader import load_ledger

    return load_ledger(root)


def _fmt(root: Path, path: Path, ledger) -> str:
    from qc_ledger.edit.formatting import format_ledger

    (edit,) = [edit for edit in format_ledger(ledger) if edit.path == path]
    return edit.old_text


def _office(root: Path, path: Path, _state) -> str:
    from qc_ledger.edit.office_edits import append_records

    return append_records(root, "reminders", []).old_text


def _merge(root: Path, path: Path, _state) -> str:
    from qc_ledger.collab.mergedriver import _text

    return _text(path)


def _committed(root: Path) -> None:
    env = {**COMMIT_ENV, "GIT_AUTHOR_DATE": "2024-07-15T10:00:00"}
    args = ("update", "g1-t2-m1", "--progress", "60", "--note", "推进。", "--commit")
    result = run_cli(root, *args, "--author", "甲 <a@example.org>", today="2024-07-15", **env)
    assert result.exit_code == 0, result.stderr


def _undo(root: Path, path: Path, _state) -> str:
    from qc_ledger.usecases.undo import plan_undo

    (edit,) = plan_undo(root).edits
    return edit.old_text


def _office_file(root: Path) -> None:
    (root / OFFICE).write_text("reminders: []\n", encoding="utf-8")


# (name, the file it reads, what to do before the file is damaged, the read)
READERS = [
    ("load", TASK, None, _load),
    ("edit", TASK, None, _edit),
    ("fmt", TASK, _loaded, _fmt),
    ("office", OFFICE, _office_file, _office),
    ("merge driver", TASK, None, _merge),
    ("undo", TASK, _committed, _undo),
]

GBK_TEXT = "id: g1-t2\ntitle: 中文写的标题\n"


def _link(path: Path, outside: Path) -> None:
    path.unlink()
    path.symlink_to(outside)


def _oversize(path: Path, outside: Path) -> None:
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))


def _gbk(path: Path, outside: Path) -> None:
    path.write_bytes(GBK_TEXT.encode("gbk"))


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (_link, "这是一个符号链接（指向仓库之外的"),
        (_oversize, "文件过大（2.0 MiB），上限为 2 MiB"),
        (_gbk, "文件是 GBK/GB18030 编码"),
    ],
    ids=["link", "oversize", "gbk"],
)
def test_every_reader_refuses_a_bad_file_in_the_same_words(mini, tmp_path, damage, words):
    outside = tmp_path / "outside.yaml"
    outside.write_text(GBK_TEXT, encoding="utf-8")
    said = {}
    for index, (name, target, prepare, read) in enumerate(READERS):
        root = mini.parent / f"copy-{index}"
        shutil.copytree(mini, root, symlinks=True)
        state = prepare(root) if prepare is not None else None
        path = root / target
        damage(path, outside)
        with pytest.raises(DataError) as raised:
            read(root, path, state)
        (problem,) = [p for p in raised.value.problems if p.path == path]
        said[name] = problem.message
        assert problem.message.startswith(words), (name, problem.message)
    assert len(set(said.values())) == 1, said


def test_every_reader_takes_the_bom_off(mini):
    for index, (name, target, prepare, read) in enumerate(READERS):
        root = mini.parent / f"bom-{index}"
        shutil.copytree(mini, root, symlinks=True)
        if prepare is not None and prepare is not _loaded:
            prepare(root)
        path = root / target
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        state = _loaded(root) if prepare is _loaded else None
        text = read(root, path, state)
        assert not text.startswith("\ufeff"), name


def test_the_edit_path_no_longer_follows_a_link_into_the_repository(mini):
    from qc_ledger.edit.patching import open_task

    path = mini / TASK
    path.unlink()
    path.symlink_to("g1-t1.yaml")
    with pytest.raises(DataError) as raised:
        open_task(path)
    assert "指向仓库内的 data/tasks/g1-t1.yaml" in raised.value.problems[0].message
