"""validate's note cache: each task file's placed notes kept, served only for the file as loaded."""

from __future__ import annotations

import os
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
