"""Faults lose no data: kills mid-write, concurrent commits, stale locks, git refusals, bad input.

The CLI runs for real in subprocesses. A fault is injected from outside, never through a hook in the
product: a small `python -c` prelude replaces `os.replace` (or `fcntl.flock`) before the CLI starts,
so a SIGKILL lands exactly between writing the temporary file and renaming it, or right after.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import COMMIT_ENV as GIT
from conftest import G1T1, G1T2, G2T1, MINI, MINI_TODAY, git, make_repo, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and flock are POSIX")

LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
UPDATE = ("update", "g1-t2-m1", "--progress", "30", "--note", "已形成初稿。", "--author", "张三")

# Preludes run before the CLI in the child process; each takes its parameters from the environment.
KILL_AROUND_RENAME = """
import os, signal
_target = os.path.realpath(os.environ["FAULT_TARGET"])
_moment = os.environ["FAULT_AT"]
def _dying(real):
    def rename(src, dst, *args, **kwargs):
        hit = os.path.realpath(dst) == _target
        if hit and _moment == "before-rename":
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst, *args, **kwargs)
        if hit and _moment == "after-rename":
            os.kill(os.getpid(), signal.SIGKILL)
    return rename
# New files are linked into place (never overwriting), existing ones replaced.
os.replace, os.link = _dying(os.replace), _dying(os.link)
"""
NO_FLOCK = """
import errno, fcntl
def _no_flock(fd, operation):
    raise OSError(errno.ENOSYS, "flock is not supported on this file system")
fcntl.flock = _no_flock
"""
RUN_CLI = """
import sys
sys.argv = ["ledger", *sys.argv[1:]]
from qc_ledger.cli import main
main()
"""
HOLD_LOCK = """
import sys, time
from pathlib import Path
from qc_ledger.git.lock import ledger_lock
with ledger_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, **GIT, "LEDGER_TODAY": MINI_TODAY, "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("LEDGER_ROOT", None)
    env.update(extra)
    return env


def argv(root: Path, *args: str, prelude: str | None = None) -> list[str]:
    if prelude is None:
        return [sys.executable, "-m", "qc_ledger", "--root", str(root), *args]
    return [sys.executable, "-c", prelude + RUN_CLI, "--root", str(root), *args]


def ledger(
    root: Path, *args: str, prelude: str | None = None, wrap: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*wrap, *argv(root, *args, prelude=prelude)],
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def files_of(root: Path, revision: str = "HEAD") -> list[str]:
    return git(root, "show", "--name-only", "--format=", revision).split()


def leftovers(root: Path) -> list[Path]:
    return sorted(p for p in (root / "data").rglob(".*") if LEFTOVER.match(p.name))


def state(root: Path) -> dict:
    """Everything a refused command must leave as it was: files, index, HEAD, status."""
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
    repo = (root / ".git").exists()
    return {
        "files": files,
        "head": head(root) if repo else None,
        "index": git(root, "ls-files", "--stage") if repo else None,
        "status": git(root, "status", "--porcelain=v1", "--untracked-files=all") if repo else None,
    }


def validates(root: Path) -> bool:
    result = run_cli(root, "validate")
    return result.exit_code == 0 and "错误" not in result.stderr


def twin_after(tmp_path: Path, *args: str) -> bytes:
    """The file g1-t2.yaml as the same command, run to completion on a fresh copy, leaves it."""
    twin = make_repo(MINI, tmp_path / "twin")
    result = ledger(twin, *args)
    assert result.returncode == 0, result.stderr
    return (twin / G1T2).read_bytes()


# ---------------------------------------------------------------------------------------------
# Killed at the worst moments


def test_killed_between_write_and_rename_leaves_the_old_file(mini, tmp_path):
    new = twin_after(tmp_path, *UPDATE, "--commit")
    before = state(mini)
    result = ledger(
        mini,
        *UPDATE,
        "--commit",
        prelude=KILL_AROUND_RENAME,
        FAULT_AT="before-rename",
        FAULT_TARGET=str(mini / G1T2),
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    # The target is byte for byte the old file; the complete new text sits in a dot-file beside it,
    # which the loader never reads and git shows as untracked.
    assert state(mini)["files"][G1T2] == before["files"][G1T2]
    assert head(mini) == before["head"]
    (leftover,) = leftovers(mini)
    assert leftover.parent == (mini / G1T2).parent and leftover.read_bytes() == new
    assert validates(mini)
    # Running the command again does the update and sweeps the leftover away.
    result = ledger(mini, *UPDATE, "--commit")
    assert result.returncode == 0, result.stderr
    assert (mini / G1T2).read_bytes() == new
    assert leftovers(mini) == [] and git(mini, "status", "--porcelain") == ""
    assert files_of(mini) == [G1T2]


def test_killed_after_rename_before_commit_is_rolled_back_by_the_next_command(mini, tmp_path):
    new = twin_after(tmp_path, *UPDATE, "--commit")
    base, old = head(mini), (mini / G1T2).read_bytes()
    result = ledger(
        mini,
        *UPDATE,
        "--commit",
        prelude=KILL_AROUND_RENAME,
        FAULT_AT="after-rename",
        FAULT_TARGET=str(mini / G1T2),
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    # The file is the complete new version, not committed; the journal says how to undo it.
    assert (mini / G1T2).read_bytes() == new and head(mini) == base
    assert (mini / ".git" / "ledger-rollback" / "journal.json").is_file()
    # The next command, whatever it is, rolls the change back under the lock and says so.
    check = ledger(mini, "validate")
    assert check.returncode == 0 and "已撤回它的修改（g1-t2.yaml）" in check.stderr, check.stderr
    assert (mini / G1T2).read_bytes() == old and head(mini) == base
    assert git(mini, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (mini / ".git" / "ledger-rollback" / "journal.json").exists()
    result = ledger(mini, *UPDATE, "--commit")
    assert result.returncode == 0, result.stderr
    assert (mini / G1T2).read_bytes() == new and files_of(mini) == [G1T2]
    assert git(mini, "status", "--porcelain") == ""


def test_only_leftovers_of_interrupted_writes_are_swept(mini):
    tasks = mini / "data" / "tasks"
    keep = [".gitkeep", ".g1-t1.yaml.swp", ".notes.abcdefgh.tmp", ".g1-t1.yaml.tmp"]
    for name in keep:
        (tasks / name).write_text("别人的文件\n", encoding="utf-8")
    (tasks / ".g1-t1.yaml.k3_x9q2z.tmp").write_text("id: g1-t1\n", encoding="utf-8")
    (tasks / ".g2-t1.yaml.abcdefgh.tmp").write_text("id: g2", encoding="utf-8")
    assert validates(mini)  # the loader reads none of them
    result = ledger(mini, *UPDATE)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tasks.glob(".*")) == sorted(keep)


@pytest.mark.parametrize("moment", ["before-rename", "after-rename"])
def test_new_task_killed_around_creating_its_file(mini, tmp_path, moment):
    args = ("new", "task", "--group", "g1", "--title", "随迁子女入学", "--measure", "设立专窗。")
    twin = make_repo(MINI, tmp_path / "twin")
    assert ledger(twin, *args, "--commit").returncode == 0
    created = "data/tasks/g1-t3.yaml"
    base = head(mini)
    result = ledger(
        mini,
        *args,
        "--commit",
        prelude=KILL_AROUND_RENAME,
        FAULT_AT=moment,
        FAULT_TARGET=str(mini / created),
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert head(mini) == base
    if moment == "before-rename":
        # No task file at all; its text waits in a dot-file the loader skips.
        assert not (mini / created).exists()
        assert [p.read_bytes() for p in leftovers(mini)] == [(twin / created).read_bytes()]
    else:
        assert (mini / created).read_bytes() == (twin / created).read_bytes()
    # The next command rolls the creation back: no file, nothing announced to git, no leftovers.
    assert validates(mini)
    assert not (mini / created).exists() and leftovers(mini) == []
    assert git(mini, "status", "--porcelain", "--untracked-files=all") == ""
    result = ledger(mini, *args, "--commit")
    assert result.returncode == 0 and "g1-t3" in result.stdout, result.stderr
    assert files_of(mini) == [created] and git(mini, "status", "--porcelain") == ""
    assert (mini / created).read_bytes() == (twin / created).read_bytes()


def test_fmt_killed_halfway_is_rolled_back_and_can_be_rerun(mini):
    for name in (G1T1, G2T1):
        path = mini / name
        text = path.read_text(encoding="utf-8")
        flow = re.sub(r"cooperating_units:\n((?:      - .+\n)+)", _flow, text)
        assert flow != text
        path.write_text(flow, encoding="utf-8")
    git(mini, "commit", "-q", "-am", "flow lists")
    old = {name: (mini / name).read_bytes() for name in (G1T1, G2T1)}
    result = ledger(
        mini,
        "fmt",
        prelude=KILL_AROUND_RENAME,
        FAULT_AT="after-rename",
        FAULT_TARGET=str(mini / G1T1),
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert (mini / G1T1).read_bytes() != old[G1T1]  # the first file was done, whole
    assert (mini / G2T1).read_bytes() == old[G2T1]  # the second was not touched
    # The next command puts the first back (the change was not finished), then does its own.
    assert validates(mini)
    assert {name: (mini / name).read_bytes() for name in old} == old
    result = ledger(mini, "fmt")
    assert result.returncode == 0, result.stderr
    assert "已整理 2 个文件" in result.stdout
    assert ledger(mini, "fmt", "--check").returncode == 0


def _flow(match: re.Match) -> str:
    items = [line.strip()[2:] for line in match.group(1).splitlines()]
    return f"cooperating_units: [{', '.join(items)}]\n"


def test_random_kills_leave_old_or_new_never_torn(mini):
    """SIGKILL the whole process group (CLI and git) at random moments of `update --commit`."""
    path = mini / G1T2
    base, old = head(mini), path.read_bytes()
    started = time.monotonic()
    done = ledger(mini, *UPDATE, "--commit")
    span = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    new = path.read_bytes()
    rng = random.Random(int(os.environ.get("LEDGER_FAULT_SEED", "20240715")))
    seen: dict[str, int] = {}
    deadline = time.monotonic() + 25
    for _ in range(16):
        if time.monotonic() > deadline:
            break
        _reset(mini, base)
        process = subprocess.Popen(
            argv(mini, *UPDATE, "--commit"),
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.3, 1.1) * span)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        data = path.read_bytes()
        assert data in (old, new), "torn file"
        if head(mini) != base:
            assert data == new and files_of(mini) == [G1T2]
            assert git(mini, "show", f"HEAD:{G1T2}").encode("utf-8") == new
            outcome = "committed"
        else:
            outcome = "written" if data == new else "untouched"
        if (mini / ".git" / "index.lock").exists():
            outcome += "+index.lock"
            refused = run_cli(mini, "update", "g2-t1-m1", "--note", "x", "--commit", **GIT)
            assert refused.exit_code == 1 and "index.lock" in refused.stderr
        seen[outcome] = seen.get(outcome, 0) + 1
        assert validates(mini), outcome
    assert sum(seen.values()) >= 6, seen
    _reset(mini, base)
    result = ledger(mini, *UPDATE, "--commit")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == new and leftovers(mini) == []


def _reset(root: Path, base: str) -> None:
    """Undo whatever the last killed run did (git's own leftovers included) before the next one."""
    for name in ("index.lock", "HEAD.lock", "refs/heads/main.lock"):
        (root / ".git" / name).unlink(missing_ok=True)
    git(root, "reset", "-q", "--hard", base)


# ---------------------------------------------------------------------------------------------
# Concurrent commits


def test_eight_concurrent_commits_on_shared_and_separate_files_all_land(mini):
    jobs = [
        ("g1-t1-m1", G1T1),
        ("g1-t1-m2", G1T1),
        ("g1-t2-m1", G1T2),
        ("g2-t1-m1", G2T1),
        ("g2-t1-m2", G2T1),
        ("g2-t1-m3", G2T1),
        ("g1-t1-m2", G1T1),
        ("g2-t1-m1", G2T1),
    ]
    base = head(mini)
    processes = [
        subprocess.Popen(
            argv(mini, "update", measure, "--note", f"并发报送 {i}", "--commit"),
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, (measure, _) in enumerate(jobs)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    revisions = git(mini, "rev-list", f"{base}..HEAD").split()
    assert len(revisions) == len(jobs)
    landed = set()
    for revision in revisions:
        subject, body = git(mini, "log", "-1", "--format=%s%n%b", revision).split("\n", 1)
        measure = subject.split(":")[0]
        note = re.search(r"并发报送 \d+", body).group(0)
        assert files_of(mini, revision) == [dict(jobs)[measure]], subject
        landed.add((measure, note))
    assert landed == {(measure, f"并发报送 {i}") for i, (measure, _) in enumerate(jobs)}
    from qc_ledger.load.loader import load_ledger

    loaded = load_ledger(mini)
    recorded = {
        (measure, entry.note)
        for measure in dict(jobs)
        for entry in loaded.measures[measure][1].progress_log
        if entry.note.startswith("并发报送")
    }
    assert recorded == landed
    assert git(mini, "status", "--porcelain") == ""


# ---------------------------------------------------------------------------------------------
# Locks left by killed processes


def _hold_lock(root: Path, prelude: str = "") -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", prelude + HOLD_LOCK, str(root)],
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held", holder.stderr.read()
    return holder


def _kill(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(timeout=30)  # reaped: a zombie would still look alive


def test_a_killed_holder_never_leaves_the_os_lock_held(mini):
    holder = _hold_lock(mini)
    try:
        busy = ledger(mini, "update", "g1-t2-m1", "--note", "x", LEDGER_LOCK_TIMEOUT="0.3")
        assert busy.returncode == 75 and "正被另一个命令修改" in busy.stderr
        if _listed_in_proc_locks(holder.pid):  # Linux tells who holds a lock; say it
            assert f"进程 {holder.pid}" in busy.stderr and f"kill {holder.pid}" in busy.stderr
    finally:
        _kill(holder)
    started = time.monotonic()
    result = ledger(mini, "update", "g1-t2-m1", "--note", "x", LEDGER_LOCK_TIMEOUT="10")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 5
    assert result.stderr == ""  # an OS lock dies with its process: nothing stale to report


def _listed_in_proc_locks(pid: int) -> bool:
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return any(line.split()[4:5] == [str(pid)] for line in table.splitlines())


def test_a_dead_holders_marker_lock_is_cleared_with_a_message(mini):
    """Where the file system has no OS locks, the lock is a marker file recording pid and host."""
    holder = _hold_lock(mini, NO_FLOCK)
    marker = mini / ".git" / "ledger.lock"
    try:
        assert marker.read_text(encoding="utf-8").splitlines()[0] == str(holder.pid)
        busy = ledger(
            mini, "update", "g1-t2-m1", "--note", "x", prelude=NO_FLOCK, LEDGER_LOCK_TIMEOUT="0.3"
        )
        assert busy.returncode == 75
        assert f"进程 {holder.pid}" in busy.stderr and "UserWarning" not in busy.stderr
    finally:
        _kill(holder)
    before = (mini / G1T2).read_bytes()
    started = time.monotonic()
    result = ledger(
        mini, "update", "g1-t2-m1", "--note", "x", prelude=NO_FLOCK, LEDGER_LOCK_TIMEOUT="10"
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 5
    assert result.stderr == (
        f".git/ledger.lock: 提示：上次持有台账锁的进程 {holder.pid} 已经结束，锁没有释放；"
        "已清除，本命令照常执行\n"
        "  → 这通常是命令被强行中断（关机、kill）所致，不需要处理\n"
    )
    assert (mini / G1T2).read_bytes() != before
    assert not marker.exists()  # released normally this time


def test_a_marker_lock_from_another_computer_is_not_cleared(mini):
    marker = mini / ".git" / "ledger.lock"
    marker.write_text("4242\nother-pc\n", encoding="utf-8")
    before = state(mini)
    busy = ledger(
        mini, "update", "g1-t2-m1", "--note", "x", prelude=NO_FLOCK, LEDGER_LOCK_TIMEOUT="0.3"
    )
    assert busy.returncode == 75
    assert "另一台电脑 other-pc 上的进程 4242" in busy.stderr and "删除该锁文件" in busy.stderr
    assert state(mini) == before and marker.read_text(encoding="utf-8") == "4242\nother-pc\n"


# ---------------------------------------------------------------------------------------------
# git refuses: one clear message, a non-zero exit, nothing changed


def _no_repository(root: Path) -> None:
    shutil.rmtree(root / ".git")


def _no_identity(root: Path) -> None:
    git(root, "config", "--unset", "user.name")
    git(root, "config", "--unset", "user.email")


def _detached(root: Path) -> None:
    git(root, "switch", "-q", "--detach")


def _index_lock(root: Path) -> None:
    (root / ".git" / "index.lock").write_bytes(b"")


def _branch_lock(root: Path) -> None:
    (root / ".git" / "refs" / "heads" / "main.lock").write_bytes(b"")


def _merge_in_progress(root: Path) -> None:
    git(root, "switch", "-q", "-c", "other")
    units = root / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# 另一分支\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "other")
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "--no-commit", "other")


def _conflicted(root: Path) -> None:
    git(root, "switch", "-q", "-c", "other")
    path = root / G2T1
    path.write_text(path.read_text(encoding="utf-8").replace("王五", "赵六", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "other")
    git(root, "switch", "-q", "main")
    path.write_text(path.read_text(encoding="utf-8").replace("王五", "钱八", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "main")
    subprocess.run(["git", "merge", "-q", "other"], cwd=root, capture_output=True, check=False)


def _conflicted_index(root: Path) -> None:
    """The conflict resolved in the file but not in the index (no `git add`), merge state gone."""
    _conflicted(root)
    (root / G2T1).write_text(git(root, "show", f"HEAD:{G2T1}"), encoding="utf-8")
    (root / ".git" / "MERGE_HEAD").unlink()


def _hook(name: str):
    def install(root: Path) -> None:
        hook = root / ".git" / "hooks" / name
        hook.write_text("#!/bin/sh\necho '不符合本单位的提交规范' >&2\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)

    return install


def _modified_by_someone_else(root: Path) -> None:
    path = root / G1T2
    path.write_text(path.read_text(encoding="utf-8") + "# 别人的草稿\n", encoding="utf-8")


def _untracked(root: Path) -> None:
    git(root, "rm", "-q", "--cached", G1T2)
    git(root, "commit", "-q", "-m", "untrack")


GIT_FAULTS = {
    "no-repository": (_no_repository, ["不在 git 仓库中", "去掉 --commit"]),
    "no-identity": (_no_identity, ["不知道由谁提交", "--author", "git config --global user.name"]),
    "detached-head": (_detached, ["分离头指针", "git switch main"]),
    "index-lock": (_index_lock, ["git 仓库被锁住了", ".git/index.lock", "另有 git 程序", "rm "]),
    "branch-lock": (_branch_lock, ["git 仓库被锁住了", "refs/heads/main.lock"]),
    "merge-in-progress": (_merge_in_progress, ["未完成的合并", "git merge --abort"]),
    "conflicted-index": (_conflicted_index, ["未解决的冲突", "data/tasks/g2-t1.yaml"]),
    "conflict-markers": (_conflicted, ["未解决的合并冲突", "data/tasks/g2-t1.yaml:"]),
    "pre-commit-hook": (
        _hook("pre-commit"),
        ["pre-commit 钩子拒绝", "不符合本单位的提交规范", "文件已恢复原样"],
    ),
    "commit-msg-hook": (_hook("commit-msg"), ["commit-msg 钩子拒绝", "文件已恢复原样"]),
    "modified-by-someone-else": (_modified_by_someone_else, ["尚未提交的修改", "git diff --"]),
    "untracked-file": (_untracked, ["还没有提交到 git"]),
}


@pytest.mark.parametrize("fault", list(GIT_FAULTS))
def test_git_refusals_change_nothing(mini, fault):
    setup, expected = GIT_FAULTS[fault]
    setup(mini)
    before = state(mini)
    env = {**GIT, "GIT_AUTHOR_NAME": None, "GIT_AUTHOR_EMAIL": None}
    env.update(GIT_COMMITTER_NAME=None, GIT_COMMITTER_EMAIL=None)
    result = run_cli(mini, "update", "g1-t2-m1", "--progress", "30", "--commit", **env)
    assert result.exit_code == 1, result.stderr
    for text in expected:
        assert text in result.stderr, (text, result.stderr)
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert state(mini) == before
    assert result.stdout == ""


def test_a_crlf_file_is_restored_byte_for_byte_when_the_commit_is_refused(mini):
    path = mini / G1T2
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(mini, "commit", "-q", "-am", "crlf")
    _hook("pre-commit")(mini)
    before = state(mini)
    result = run_cli(mini, "update", "g1-t2-m1", "--progress", "30", "--commit", **GIT)
    assert result.exit_code == 1 and "文件已恢复原样" in result.stderr
    assert state(mini) == before


# ---------------------------------------------------------------------------------------------
# Folders that cannot be written


def _without_root_powers() -> tuple[str, ...]:
    """Run a child so that file permissions apply to it (root ignores them unless told not to)."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    return ("setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search")


@pytest.mark.parametrize("commit", [False, True], ids=["write", "commit"])
def test_a_read_only_data_folder_changes_nothing(mini, commit):
    wrap = _without_root_powers()
    folder = mini / "data" / "tasks"
    before = state(mini)
    folder.chmod(0o555)
    try:
        result = ledger(
            mini, *UPDATE, *(["--commit"] if commit else []), wrap=wrap, LEDGER_NO_CACHE="1"
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"{G1T2}: 错误：没有写入 {folder} 的权限，文件没有改动\n"
        "  → 换有写权限的用户运行，或修改该目录的权限后重试\n"
    )
    assert state(mini) == before and leftovers(mini) == []


def test_an_unwritable_lock_location_changes_nothing(mini):
    wrap = _without_root_powers()
    before = state(mini)
    (mini / ".git").chmod(0o555)
    try:
        result = ledger(mini, *UPDATE, wrap=wrap, LEDGER_NO_CACHE="1")
    finally:
        (mini / ".git").chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f".git/ledger.lock: 错误：没有写入 {mini / '.git'} 的权限，无法创建台账的锁文件；什么也没有改动\n"
        "  → 修改台账的命令需要写入该目录；换有写权限的用户运行，或修改该目录的权限\n"
    )
    assert state(mini) == before


def _read_only_mount(folder: Path) -> tuple[str, ...]:
    """A wrapper that runs a child in its own mount namespace with `folder` mounted read-only."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    wrap = ("unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder))
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a read-only mount needs root and unshare")
    probe = subprocess.run([*wrap, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a private read-only mount here: {probe.stderr.decode()[:200]}")
    return wrap


def test_a_read_only_file_system_changes_nothing(mini):
    folder = mini / "data" / "tasks"
    wrap = _read_only_mount(folder)
    before = state(mini)
    result = ledger(mini, *UPDATE, "--commit", wrap=wrap, LEDGER_NO_CACHE="1")
    assert result.returncode == 1, result.stderr
    assert f"{folder} 在只读的文件系统上，文件没有改动" in result.stderr
    assert state(mini) == before


# ---------------------------------------------------------------------------------------------
# Bad command-line input: exit 2 with a message, nothing written


BAD_INPUT = [
    (("update", "g9-t1-m1", "--note", "x"), "没有编号为“g9-t1-m1”"),
    (("update", "g1-t2", "--note", "x"), "是任务，不是措施"),
    (("update", "g1", "--note", "x"), "是工作组，不是措施"),
    (("update", "g1-t2-m1", "--deadline", "2025-02-30", "--reason", "r"), "不是有效日期"),
    (("update", "g1-t2-m1", "--deadline", "2025/01/01", "--reason", "r"), "不是有效日期"),
    (("update", "g1-t2-m1", "--status", "finished"), "不是有效的状态"),
    (("update", "g1-t2-m1", "--status", "完成了"), "不是有效的状态"),
    (("update", "g1-t2-m1", "--progress", "abc"), "--progress 的值“abc”无效"),
    (("update", "g1-t2-m1", "--progress", "101"), "--progress 的值“101”无效"),
    (("update", "g1-t2-m1", "--progress", "-1"), "--progress 的值“-1”无效"),
    (("update", "g1-t2-m1", "--progress", "40.5"), "--progress 的值“40.5”无效"),
    (("update", "g1-t2-m1", "--note", "   "), "--note 的内容不能为空"),
    (("update", "g1-t2-m1"), "没有给出要修改的内容"),
    (("update", "g1-t2-m1", "--note", "x", "--author", "<a@b>"), "--author"),
    (("new", "measure", "--task", "g9-t1", "--text", "x"), "没有编号为“g9-t1”"),
    (("new", "measure", "--task", "g1-t1-m1", "--text", "x"), "不是任务"),
    (("new", "measure", "--task", "g1-t1", "--text", "x", "--deadline", "2025/01/01"), "日期"),
    (("new", "measure", "--task", "g1-t1", "--text", "x", "--deadline", "2030-01-01"), "实施期"),
    (("new", "measure", "--task", "g1-t1", "--text", "x", "--lead-unit", "区不存在局"), "单位"),
    (("new", "task", "--group", "g9", "--title", "t", "--measure", "m"), "没有编号为“g9”"),
    (("new", "task", "--group", "g1", "--title", "t"), "缺少--measure"),
    (
        ("new", "task", "--group", "g1", "--title", "t", "-m", "m", "--deadline", "2025-02-30"),
        "日期",
    ),
]


@pytest.mark.parametrize(("args", "expected"), BAD_INPUT, ids=lambda v: " ".join(v)[:40])
def test_bad_command_line_input_exits_2_and_writes_nothing(mini, args, expected):
    before = state(mini)
    result = run_cli(mini, *args, "--commit", **GIT)
    assert result.exit_code == 2, result.stderr
    assert expected in result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert state(mini) == before


@pytest.mark.parametrize("where", ["file", "missing"])
def test_a_bad_root_exits_2_and_writes_nothing(mini, where):
    target = mini / "data" / "plan.yaml" if where == "file" else mini / "nowhere"
    before = state(mini)
    result = run_cli(None, "--root", str(target), "update", "g1-t2-m1", "--note", "x", **GIT)
    assert result.exit_code == 2, result.stderr
    assert "--root" in result.stderr
    assert "Traceback" not in result.stderr
    assert state(mini) == before


INTERRUPT_AFTER_RENAME = """
import os
_target = os.path.realpath(os.environ["FAULT_TARGET"])
_real, _pressed = os.replace, []
def _replace(src, dst, *args, **kwargs):
    _real(src, dst, *args, **kwargs)
    if os.path.realpath(dst) == _target and not _pressed:
        _pressed.append(True)
        raise KeyboardInterrupt  # Ctrl-C the moment the rename returns, once
os.replace = _replace
"""


def test_ctrl_c_right_after_a_rename_says_what_was_written_and_restores_it(mini):
    base, old = head(mini), (mini / G1T2).read_bytes()
    result = ledger(
        mini, *UPDATE, "--commit", prelude=INTERRUPT_AFTER_RENAME, FAULT_TARGET=str(mini / G1T2)
    )
    assert result.returncode == 130, result.stderr
    assert "没有提交，文件已恢复原样（g1-t2.yaml）" in result.stderr, result.stderr
    assert "什么也没有写入" not in result.stderr
    assert (mini / G1T2).read_bytes() == old and head(mini) == base
    assert git(mini, "status", "--porcelain", "--untracked-files=all") == ""
