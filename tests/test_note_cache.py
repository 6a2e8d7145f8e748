"""validate's note cache: each task file's placed notes kept, served only for the file as loaded."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from conftest import run_cli


def _age(root: Path, seconds: int = 60) -> None:
    """Date every data file a minute back: a file changed just now is never kept (racy window)."""
    then = time.time() - seconds
    for path in (root / "data").rglob("*.yaml"):
        os.utime(path, (then, then))


def _notes_file(cache: Path) -> Path | None:
    return next(iter(cache.glob("notes-*.json")), None)


def _validate(root: Path, **env: str) -> tuple[int, str, str]:
    result = run_cli(root, "validate", **env)
    return result.exit_code, result.stdout, result.stderr


def test_a_second_validate_reads_the_kept_notes_and_says_the_same(mini, private_cache):
    _age(mini)
    first = _validate(mini)
    assert "套话" in first[2]
    kept = _notes_file(private_cache)
    assert kept is not None and "g1-t1.yaml\t" in kept.read_text(encoding="utf-8")
    assert _validate(mini) == first
    # The kept entry is what the second run shows: planted text comes back (the files are not read).
    kept.write_text(kept.read_text(encoding="utf-8").replace("是套话或过短", "是套话"), "utf-8")
    assert _validate(mini)[2] == first[2].replace("是套话或过短", "是套话")


def test_an_edited_note_is_judged_again(mini, private_cache):
    _age(mini)
    _validate(mini)
    path = mini / "data/tasks/g1-t1.yaml"
    text = path.read_text(encoding="utf-8")
    assert "已起草方案。" in text
    path.write_text(
        text.replace("已起草方案。", "已起草方案 3 份，报区政府 6 月 5 日常务会。"), "utf-8"
    )
    _age(mini, 30)
    after = _validate(mini)
    assert "已起草方案。" not in after[2]
    assert after == _validate(mini, LEDGER_NO_CACHE="1")
    assert _validate(mini) == after


def test_changed_note_rules_judge_every_file_again(mini, private_cache):
    _age(mini)
    before = _validate(mini)
    rules = mini / "data/rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "note_quality:" not in text
    rules.write_text(text + "note_quality:\n  min_chars: 1\n", "utf-8")
    after = _validate(mini)
    assert after != before and "套话" not in after[2]
    assert after == _validate(mini, LEDGER_NO_CACHE="1")


def test_files_changed_within_the_racy_window_are_not_kept(mini, private_cache):
    _age(mini, 0)  # every file written just now
    first = _validate(mini)
    kept = _notes_file(private_cache)
    assert kept is None or "\t" not in kept.read_text(encoding="utf-8")
    assert _validate(mini) == first


def _plant(cache: Path) -> None:
    """Change the kept wording, so that output showing it proves the notes came from the cache."""
    for kept in cache.glob("notes-*.json"):
        text = kept.read_text(encoding="utf-8")
        kept.write_text(text.replace("是套话或过短", "是套话（缓存）"), "utf-8")


def test_a_touched_file_with_the_same_text_keeps_its_notes(mini, private_cache):
    _age(mini)
    first = _validate(mini)
    _plant(private_cache)
    _age(mini, 90)  # every identity changes, no text does
    assert _validate(mini)[2] == first[2].replace("是套话或过短", "是套话（缓存）")


def test_a_fresh_clone_reuses_the_notes_kept_by_content(mini, tmp_path, private_cache):
    _age(mini)
    first = _validate(mini)
    _plant(private_cache)
    copy = tmp_path / "clone"
    shutil.copytree(mini, copy)
    _age(copy)
    planted = first[2].replace("是套话或过短", "是套话（缓存）")
    assert _validate(copy)[2] == planted
    assert len(list(private_cache.glob("notes-*.json"))) == 2
    # A file whose text differs in the clone is judged again, not served by its digest.
    path = copy / "data/tasks/g1-t1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("已起草方案。", "已起草方案。 "), "utf-8")
    _age(copy, 30)
    judged = _validate(copy)[2].split("data/")
    fresh = _validate(copy, LEDGER_NO_CACHE="1")[2].split("data/")
    assert [p for p in judged if p.startswith("tasks/g1-t1")] == [
        p for p in fresh if p.startswith("tasks/g1-t1")
    ]
    assert not any("（缓存）" in p for p in judged if p.startswith("tasks/g1-t1"))
    assert any("（缓存）" in p for p in judged)  # the other files still come from the cache
