"""The per-file cache across clones (what CI restores): used by content digest, never by stat alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from qc_ledger.load.cache import private as cache

from conftest import run_cli

TASK = Path("data/tasks/g1-t1.yaml")  # holds g1-t1-m2, overdue on the fixture's day


def overdue_ids(root: Path) -> list[str]:
    result = run_cli(root, "status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [item["measure_id"] for item in json.loads(result.stdout)["overdue"]]


def clone(source: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True)
    return target


def per_file_caches(folder: Path) -> list[Path]:
    return sorted(folder.glob("ledger-*.json"))


def forge(path: Path) -> None:
    """Rewrite the cached data so that the overdue measure reads as done (digests kept): a load
    that shows it took that file's data from the cache instead of parsing the file."""
    header, body = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header + "\n" + body.replace('"in_progress"', '"done"'), encoding="utf-8")


def test_a_second_clone_of_the_same_commit_uses_the_first_clones_cache(
    mini, tmp_path, private_cache
):
    assert run_cli(mini, "validate").exit_code == 0
    [first] = per_file_caches(private_cache)
    forge(first)
    second = clone(mini, tmp_path / "second")
    # Every stat differs in the new clone; the contents match, so nothing is parsed again.
    assert overdue_ids(second) == []
    assert len(per_file_caches(private_cache)) == 2  # the second clone keeps its own from now on
    # A clone made again at the same place (a CI runner's checkout) is served by its own entries.
    shutil.rmtree(second)
    clone(mini, second)
    assert overdue_ids(second) == []


def test_an_entry_whose_file_changed_is_not_used_in_another_clone(mini, tmp_path, private_cache):
    assert run_cli(mini, "validate").exit_code == 0
    [first] = per_file_caches(private_cache)
    forge(first)
    second = clone(mini, tmp_path / "second")
    path = second / TASK
    path.write_text(path.read_text(encoding="utf-8") + "# 改过的\n", encoding="utf-8")
    assert overdue_ids(second) == ["g1-t1-m2"]


def test_a_garbage_or_foreign_cache_is_ignored_in_a_new_clone(mini, tmp_path, private_cache):
    assert run_cli(mini, "validate").exit_code == 0
    [first] = per_file_caches(private_cache)
    header, body = first.read_text(encoding="utf-8").split("\n", 1)
    forged = body.replace('"in_progress"', '"done"')
    other_code = json.dumps({"format": cache.CACHE_FORMAT, "key": "0" * 64})
    plants = {
        "garbage": "\x00\ufffdnot json at all\n" * 3,
        "garbage body": header + "\n[[[\n{\nx\t{\n",
        "foreign format": json.dumps({"format": 1, "key": "x"}) + "\n" + forged,
        "other code": other_code + "\n" + forged,
        "digest not matching": header + "\n" + forged.replace('"sha256":"', '"sha256":"0'),
    }
    for number, (what, planted) in enumerate(plants.items()):
        for path in private_cache.iterdir():
            path.unlink()
        first.write_bytes(planted.encode())
        first.chmod(0o600)
        second = clone(mini, tmp_path / f"clone{number}")
        assert overdue_ids(second) == ["g1-t1-m2"], what
        assert run_cli(second, "validate").exit_code == 0, what


def test_a_cache_others_may_write_is_not_used_by_another_clone(mini, tmp_path, private_cache):
    assert run_cli(mini, "validate").exit_code == 0
    [first] = per_file_caches(private_cache)
    forge(first)
    first.chmod(0o666)
    second = clone(mini, tmp_path / "second")
    assert overdue_ids(second) == ["g1-t1-m2"]


def test_the_code_key_follows_the_code_not_its_files_times(private_cache):
    cache._code_digest.cache_clear()
    key = cache.code_key("files")
    memo = (private_cache / "code.json").read_text(encoding="utf-8").split("\n")
    assert len(memo) == 2 and len(memo[1]) == 64  # the digest, under the files' stat
    cache._code_digest.cache_clear()
    (private_cache / "code.json").unlink()  # as in a fresh install: the digest is made again
    assert cache.code_key("files") == key
    cache._code_digest.cache_clear()
    (private_cache / "code.json").write_text(memo[0] + "\n" + "f" * 64, encoding="utf-8")
    try:
        assert cache.code_key("files") != key  # what the memo says is what the key is made of
    finally:
        cache._code_digest.cache_clear()
