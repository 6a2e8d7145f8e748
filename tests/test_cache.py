"""The per-file cache: plain JSON in a private folder, checked before use, never able to run code."""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path

import pytest

from qc_ledger.load.cache import private as cache

from conftest import run_cli


def overdue_ids(root: Path, **env: str) -> list[str]:
    result = run_cli(root, "status", "--format", "json", **env)
    assert result.exit_code == 0, result.stderr
    return [item["measure_id"] for item in json.loads(result.stdout)["overdue"]]


def test_status_writes_a_cache_outside_the_repository(mini, private_cache):
    overdue_ids(mini)
    # code.json: the digest of the tool's code, under its files' stat (written once a process)
    files = sorted(p for p in private_cache.iterdir() if p.name != "code.json")
    assert [p.name.split("-")[0] for p in files] == ["ledger", "snapshot", "status"]
    for path in files:
        assert path.suffix == ".json"
        header = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[0])
        assert set(header) == {"format", "key"}
    assert not any(p.name.startswith("ledger-") for p in mini.rglob("*"))


def test_an_edit_invalidates_the_cache(mini):
    assert overdue_ids(mini) == ["g1-t1-m2"]
    path = mini / "data/tasks/g1-t1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: in_progress", "status: cancelled"), encoding="utf-8")
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


def test_validate_uses_the_cache_and_still_finds_every_edit(mini, private_cache):
    assert run_cli(mini, "validate").exit_code == 0
    (cache_file,) = private_cache.glob("ledger-*")
    entries = cache_file.read_text(encoding="utf-8").split("\n", 1)[1]
    assert "data/tasks/g1-t2.yaml" in entries  # the second run reads it from here
    path = mini / "data/tasks/g1-t2.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("status: not_started", "status: not_starte ", 1)
    assert broken != text and len(broken) == len(text)  # the same size, within the same second
    path.write_text(broken, encoding="utf-8")
    result = run_cli(mini, "validate")
    assert result.exit_code == 1 and "g1-t2.yaml:" in result.stdout + result.stderr
    path.write_text(text, encoding="utf-8")
    assert run_cli(mini, "validate").exit_code == 0
    assert run_cli(mini, "--no-cache", "validate").exit_code == 0


def test_a_corrupt_cache_is_a_miss(mini, private_cache):
    overdue_ids(mini)
    for cache_file in private_cache.iterdir():
        cache_file.write_bytes(b"not json at all")
    assert overdue_ids(mini) == ["g1-t1-m2"]


def test_an_unwritable_cache_folder_is_skipped(mini, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert overdue_ids(mini, LEDGER_CACHE_DIR=str(blocked / "sub")) == ["g1-t1-m2"]


def test_no_cache_when_disabled(mini, private_cache):
    overdue_ids(mini, LEDGER_NO_CACHE="1")
    assert list(private_cache.iterdir()) == []
    assert os.environ.get("LEDGER_NO_CACHE") is None


def _cache_files(folder: Path) -> list[Path]:
    """The per-file cache and the snapshot: a load may read either, so each test plants in both."""
    found = sorted(p for p in folder.iterdir() if p.name.startswith(("ledger-", "snapshot-")))
    assert len(found) == 2, found
    return found


def test_a_planted_pickle_is_never_loaded(mini, private_cache, tmp_path):
    import pickle

    overdue_ids(mini)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for path in _cache_files(private_cache):
        path.write_bytes(pickle.dumps(Payload()))
    assert overdue_ids(mini) == ["g1-t1-m2"]
    assert not marker.exists()


def test_an_old_format_header_is_rebuilt(mini, private_cache):
    overdue_ids(mini)
    for path in _cache_files(private_cache):
        _, body = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text(json.dumps({"format": 1, "key": "x"}) + "\n" + body, encoding="utf-8")
    assert overdue_ids(mini) == ["g1-t1-m2"]
    for path in _cache_files(private_cache):
        header = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[0])
        assert header["format"] == cache.CACHE_FORMAT


def _forge(path: Path) -> None:
    """Rewrite the cached data so that the overdue measure reads as done (stat keys kept)."""
    from qc_ledger.domain.models import STATUSES

    header, body = path.read_text(encoding="utf-8").split("\n", 1)
    if path.name.startswith("ledger-"):
        path.write_text(header + "\n" + body.replace('"in_progress"', '"done"'), encoding="utf-8")
        return
    head, *lines = body.rstrip("\n").split("\n")  # the snapshot: statuses stored as numbers
    forged = []
    for at, line in enumerate(lines):  # three lines a task: name and outline, digest, shown rows
        if at % 3 != 1:
            forged.append(line)
            continue
        digest = json.loads(line)
        for measure in digest[3]:
            if measure[3] == STATUSES.index("in_progress"):
                measure[3] = STATUSES.index("done")
        forged.append(json.dumps(digest, ensure_ascii=False))
    lines_text = "".join(f"{line}\n" for line in forged)
    summed = {**json.loads(head), "sum": zlib.crc32(lines_text.encode("utf-8"))}  # as if written
    head = json.dumps(summed, ensure_ascii=False, separators=(",", ":"))
    path.write_text(header + "\n" + head + "\n" + lines_text, encoding="utf-8")


def test_a_damaged_snapshot_line_is_a_miss(mini, private_cache):
    assert overdue_ids(mini) == ["g1-t1-m2"]
    (snapshot,) = private_cache.glob("snapshot-*")
    header, head, *lines = snapshot.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines[1] = lines[1][: len(lines[1]) // 2]  # the first task's digest, read only when needed
    snapshot.write_text("\n".join([header, head, *lines]) + "\n", encoding="utf-8")
    for command in (["list", "--all"], ["show", "g1-t1-m1"], ["status"]):
        result = run_cli(mini, *command)
        assert result.exit_code == 0, result.stdout + result.stderr
    assert overdue_ids(mini) == ["g1-t1-m2"]


def test_a_cache_others_may_write_is_ignored(mini, private_cache):
    overdue_ids(mini)
    paths = _cache_files(private_cache)

    def forge(mode: int) -> None:
        for path in paths:
            _forge(path)
            path.chmod(mode)

    forge(0o600)
    assert overdue_ids(mini) == [], "a private cache is trusted: the forgery shows"
    forge(0o666)
    assert overdue_ids(mini) == ["g1-t1-m2"]
    forge(0o600)
    private_cache.chmod(0o777)
    try:
        assert overdue_ids(mini) == ["g1-t1-m2"]
    finally:
        private_cache.chmod(0o700)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_cache_owned_by_another_user_is_ignored(mini, private_cache):
    overdue_ids(mini)
    for path in _cache_files(private_cache):
        _forge(path)
        os.chown(path, 65534, 65534)
    assert overdue_ids(mini) == ["g1-t1-m2"]


def test_relative_cache_folders_are_ignored(mini, tmp_path, monkeypatch):
    monkeypatch.chdir(mini)
    home = tmp_path / "home"
    home.mkdir()
    overdue_ids(mini, LEDGER_CACHE_DIR="cache", XDG_CACHE_HOME=".cache", HOME=str(home))
    assert not (mini / "cache").exists() and not (mini / ".cache").exists()
    assert (home / ".cache" / "qc-ledger").is_dir()
    assert oct((home / ".cache" / "qc-ledger").stat().st_mode & 0o777) == "0o700"


def test_no_home_means_no_cache_folder(mini, tmp_path):
    missing = tmp_path / "nowhere"
    assert overdue_ids(mini, LEDGER_CACHE_DIR="", XDG_CACHE_HOME="", HOME=str(missing)) == [
        "g1-t1-m2"
    ]
    assert not missing.exists()


def test_cache_clear_and_no_cache(mini, private_cache):
    overdue_ids(mini)
    count = len(list(private_cache.iterdir()))
    assert count in (2, 3)  # the ledger's two files, and code.json when this process wrote it
    result = run_cli(mini, "cache", "clear")
    assert result.exit_code == 0 and f"已删除 {count} 个缓存文件" in result.stdout
    assert list(private_cache.iterdir()) == []
    assert run_cli(mini, "--no-cache", "status").exit_code == 0
    assert list(private_cache.iterdir()) == []


def test_a_file_changed_after_it_was_read_is_not_cached_as_the_new_file(tmp_path):
    from qc_ledger.load.cache.filecache import FileCache
    from qc_ledger.load.filecheck import file_identity

    path = tmp_path / "g1-t1.yaml"
    path.write_text("id: g1-t1\n", encoding="utf-8")
    identity, read_at = file_identity(path), time.time_ns()
    path.write_text("id: g1-t1\ntitle: 改过的\n", encoding="utf-8")  # while a long load goes on
    past = time.time() - 60
    os.utime(path, (past, past))  # and long enough ago that no racy check would look at it
    files = FileCache(tmp_path)
    files.put(path, "task", "id: g1-t1\n", {"id": "g1-t1"}, identity, read_at)
    assert files.get(path, "task") is None


def test_a_same_stat_change_within_the_racy_window_is_confirmed_by_content(tmp_path):
    from qc_ledger.load.cache.filecache import FileCache
    from qc_ledger.load.cache.private import RACY_NS
    from qc_ledger.load.filecheck import file_identity

    path = tmp_path / "g1-t1.yaml"
    path.write_text("id: g1-t1\n", encoding="utf-8")
    files = FileCache(tmp_path)
    files.put(path, "task", "id: g1-t1\n", {"id": "g1-t1"}, file_identity(path), time.time_ns())
    entry = json.loads(files.lines[str(path)])

    def stored(**changes):
        files.lines[str(path)] = json.dumps({**entry, **changes}).encode()
        return files.get(path, "task")

    # The file's stat is unchanged, but it was saved within the timestamp tick of the entry:
    racy = entry["stat"][1] + RACY_NS // 2
    assert stored(written=racy) == {"id": "g1-t1"}
    # What a same-size save within the same second looks like: same stat, other content.
    assert stored(written=racy, sha256="0" * 64) is None
    # An entry written well after the file's mtime is trusted by its stat alone.
    assert stored(written=entry["stat"][1] + 10 * RACY_NS, sha256="0" * 64) == {"id": "g1-t1"}


def test_dates_and_dollar_keys_survive_the_json_round_trip():
    import datetime as dt

    from qc_ledger.load.cache.private import _decode, _encode

    value = {"d": dt.date(2024, 7, 15), "m": {"$date": "not a date"}, "l": [dt.date(2025, 1, 1)]}
    assert json.loads(json.dumps(_encode(value)), object_hook=_decode) == value


def test_a_file_name_the_system_gave_undecodable_survives_the_cache(tmp_path):
    from qc_ledger.load.cache.filecache import FileCache

    name = str(tmp_path / os.fsdecode(b"g1-t1-\xff.yaml"))  # a byte that is not UTF-8
    files = FileCache(tmp_path)
    files.lines  # noqa: B018  (read, so that saving writes)
    files.put_line(Path(name), b'{"kind":"task"}')
    files.save({name})
    assert FileCache(tmp_path).lines == {name: b'{"kind":"task"}'}
