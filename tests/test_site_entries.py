"""`site` copies each measure's progress entries from an earlier page for a task file of the same
content: the same page as writing them all, and never a piece kept for other content or other code."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from qc_ledger.load.cache import private
from qc_ledger.load.cache.task_pieces import joined, split

from conftest import run_cli, settle

# The minute it was built, and whether git saw the file edited in place (same size and times) yet.
_BUILT = re.compile(
    r"生成于 \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d{4}|\"built\":\"[^\"]*\"|（另有未提交的修改）"
)


def page(root: Path, *options: str, today: str = "2026-12-06") -> str:
    """The page `site` writes, without what differs from run to run (_BUILT)."""
    out = root.parent / "看板"
    result = run_cli(root, *options, "site", str(out), today=today)
    assert result.exit_code == 0, result.stderr
    return _BUILT.sub("", (out / "index.html").read_text("utf-8"))


def edit(root: Path, name: str, old: str, new: str, *, same_stat: bool = False) -> None:
    """Change a file in place; with `same_stat`, to text of the same size, its times put back."""
    path = root / "data" / name
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new, 1), "utf-8")
    if same_stat:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    else:
        past = time.time() - 60
        os.utime(path, (past, past))


def pieces_of(cache: Path) -> Path:
    (store,) = cache.glob("pieces-site-entries-*")
    return store


@pytest.mark.parametrize("today", ["2025-03-15", "2026-12-06"])
def test_entries_are_kept_then_copied_and_give_the_same_page(plan_copy, private_cache, today):
    want = page(plan_copy, "--no-cache", today=today)
    assert "<li>" in want
    for _ in range(3):  # a full load, then restored: the pieces made, then copied
        assert page(plan_copy, today=today) == want
    assert pieces_of(private_cache).stat().st_size > 0


def test_the_kept_entries_are_what_the_page_shows(mini, private_cache, monkeypatch):
    page(mini)
    want = page(mini)
    store = pieces_of(private_cache)
    kept = store.read_bytes()
    assert "章程已印发。".encode() in kept
    # Changed in place to text of the same size: copied, not written again.
    store.write_bytes(kept.replace("章程已印发。".encode(), "章程已废止。".encode()))
    assert page(mini) == want.replace("章程已印发。", "章程已废止。")
    # Kept by other code: never used.
    monkeypatch.setattr(private, "_code_digest", lambda: "0" * 64)
    assert page(mini) == want


@pytest.mark.parametrize("same_stat", [False, True])
def test_an_edited_task_file_is_never_shown_its_old_entries(mini, same_stat):
    page(mini)
    page(mini)  # the pieces made
    edit(mini, "tasks/g1-t1.yaml", "章程已印发。", "章程已下发。", same_stat=same_stat)
    want = page(mini, "--no-cache")
    assert "章程已下发。" in want and "章程已印发。" not in want
    for _ in range(3):  # rechecked alone, then a full load, then restored with new pieces
        assert page(mini) == want
        settle(mini)


def test_a_damaged_store_of_entries_is_a_miss(mini, private_cache):
    want = page(mini, "--no-cache")
    page(mini)
    page(mini)
    store = pieces_of(private_cache)
    data = store.read_bytes()
    store.write_bytes(data[: len(data) // 2] + b"x" * (len(data) - len(data) // 2))
    assert page(mini) == want
    store.write_bytes(data[:-30])
    assert page(mini) == want
    assert page(mini) == want


@pytest.mark.parametrize("pieces", [[], [b""], [b"<li>a</li>", b"", "<li>乙\n丙</li>".encode()]])
def test_a_tasks_pieces_come_back_as_they_were_kept(pieces):
    fragment = joined(pieces)
    assert split(fragment) == pieces
    if pieces:
        assert split(fragment[:-1]) is None
        assert split(fragment + b"x") is None
    assert split(b"1,x\nab") is None
    assert split(b"-1,3\nab") is None
    assert split(b"no line") is None


def test_the_spooled_details_are_copied_whole_into_a_file_or_a_stream(tmp_path):
    import io
    import tempfile

    from qc_ledger.usecases.site import _copy

    details = os.urandom(3 << 20) + "各项措施".encode()
    for target in (open(tmp_path / "page", "w+b"), io.BytesIO()):  # noqa: SIM115
        with tempfile.TemporaryFile(dir=tmp_path) as spool, target:
            spool.write(details)
            spool.write(b"</article>")  # still in the spool's buffer
            target.write(b"<head>")
            _copy(spool, target, spool.tell())
            target.write(b"</html>")
            target.flush()
            target.seek(0)
            assert target.read() == b"<head>" + details + b"</article></html>"
