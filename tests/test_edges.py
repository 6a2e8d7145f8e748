"""What unlucky users meet: closed pipes and stdin, odd consoles, odd dates, paths into the ledger."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMMIT_ENV, G1T2, git, run_cli

LEDGER = [sys.executable, "-m", "qc_ledger"]


def _env(root: Path, **extra: str) -> dict:
    return {
        **os.environ,
        **COMMIT_ENV,
        "LEDGER_ROOT": str(root),
        "LEDGER_TODAY": "2024-07-15",
        **extra,
    }


def _closed_reader(root: Path, *args: str) -> tuple[int, str]:
    process = subprocess.Popen(
        [*LEDGER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(root)
    )
    process.stdout.read(5)
    process.stdout.close()
    error = process.stderr.read().decode("utf-8", "replace")
    return process.wait(timeout=60), error


@pytest.mark.parametrize("args", [("list",), ("list", "--format", "csv"), ("status",), ("export",)])
def test_a_reader_that_goes_away_ends_the_command_quietly(mini, args):
    code, error = _closed_reader(mini, *args)
    assert (code, error) == (0, "")


def test_a_closed_stdout_after_a_commit_is_not_an_error(mini):
    before = git(mini, "rev-parse", "HEAD")
    code, error = _closed_reader(mini, "update", "g1-t2-m1", "--note", "报送", "--commit")
    assert (code, error) == (0, "")
    assert git(mini, "rev-parse", "HEAD") != before
    assert git(mini, "status", "--porcelain") == ""


def test_a_closed_stdin_is_not_an_internal_error(mini):
    result = subprocess.run(
        [*LEDGER, "update", "g1-t2-m1", "--progress", "100"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(mini),
        check=False,
    )
    closed = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m qc_ledger update g1-t2-m1 --progress 100 0<&-'],
        capture_output=True,
        env=_env(mini),
        check=False,
    )
    for outcome in (result, closed):
        assert outcome.returncode == 2, outcome.stderr.decode()
        assert "内部错误" not in outcome.stderr.decode()
        assert "--force" in outcome.stderr.decode()


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_machine_output_is_utf8_on_any_console(mini, encoding):
    for args in (("export",), ("list", "--format", "csv"), ("status", "--format", "json")):
        result = subprocess.run(
            [*LEDGER, *args],
            capture_output=True,
            env=_env(mini, PYTHONIOENCODING=encoding),
            check=False,
        )
        assert result.returncode == 0, result.stderr
        text = result.stdout.decode("utf-8")
        assert "教育" in text and "?" * 3 not in text


@pytest.mark.parametrize(
    ("target", "fmt"),
    [("data/notice.md", "md"), ("data/tasks/x.csv", "csv"), ("schemas/task.schema.json", "json")],
)
def test_output_into_the_ledger_is_refused(mini, target, fmt):
    path = mini / target
    if fmt == "json":
        path.parent.mkdir(exist_ok=True)
        path.write_text("{}")
    before = path.read_bytes() if path.exists() else None
    result = run_cli(mini, "list", "--format", fmt, "--output", str(path))
    assert result.exit_code == 2 and "会覆盖台账自己的文件" in result.stderr
    assert (path.read_bytes() if path.exists() else None) == before


def test_an_output_named_like_a_data_file_is_refused_too(mini):
    before = (mini / "data/units.yaml").read_bytes()
    result = run_cli(mini, "list", "--output", str(mini / "data/units.yaml"))
    assert result.exit_code == 2 and (mini / "data/units.yaml").read_bytes() == before


def test_changes_over_all_of_time(mini):
    result = run_cli(mini, "changes", "--since", "0001-01-01", "--until", "9999-12-31")
    assert result.exit_code == 0, result.stderr
    data = json.loads(
        run_cli(
            mini, "changes", "--since", "0001-01-01", "--until", "9999-12-31", "-f", "json"
        ).stdout
    )
    assert data["commits"] == 1


def test_hash_lines_of_a_note_survive_in_the_file(mini):
    note = "第一行\n# 第二行以井号开头\n第三行"
    assert run_cli(mini, "update", "g1-t2-m1", "--note", note).exit_code == 0
    assert "# 第二行以井号开头" in (mini / G1T2).read_text(encoding="utf-8")
    assert run_cli(mini, "validate").exit_code == 0


def test_bidi_and_invisible_characters_in_names_are_refused_with_where(mini):
    path = mini / G1T2
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "responsible_person: null", "responsible_person: 张\u202e三"
        )
    )
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert "data/tasks/g1-t2.yaml:10:" in result.stderr and "U+202E" in result.stderr


def test_bidi_in_an_option_is_refused_and_emoji_are_fine(mini):
    refused = run_cli(mini, "update", "g1-t2-m1", "--person", "李\u2066四")
    assert refused.exit_code == 2 and "--person" in refused.stderr and "U+2066" in refused.stderr
    assert "第 2 个字符处" in refused.stderr
    fine = run_cli(mini, "update", "g1-t2-m1", "--note", "全家福 👨\u200d👩\u200d👧 已完成 ✅")
    assert fine.exit_code == 0, fine.stderr
    assert run_cli(mini, "validate").exit_code == 0


def test_ctrl_c_during_the_commit_restores_and_says_so(mini):
    import signal
    import time

    marker = mini / "hook-started"
    hook = mini / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 20\n")
    hook.chmod(0o755)
    before = (mini / G1T2).read_bytes()
    process = subprocess.Popen(
        [*LEDGER, "update", "g1-t2-m1", "--note", "报送", "--commit"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(mini),
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, error = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "已中断：没有提交，文件已恢复原样" in error.decode()
    assert (mini / G1T2).read_bytes() == before
    assert git(mini, "status", "--porcelain").strip() == "?? hook-started"


def test_oversized_writes_are_refused_before_writing(mini):
    before = (mini / G1T2).read_bytes()
    items = [f"{n:03d}" + "证" * 4896 for n in range(160)]
    args = [arg for item in items for arg in ("--evidence", item)]
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "材料", *args)
    assert result.exit_code == 2 and "超过台账文件 2 MiB 的上限" in result.stderr
    assert (mini / G1T2).read_bytes() == before


def test_an_oversized_old_version_is_skipped_in_history(mini):
    import time

    path = mini / G1T2
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "# " + "x" * (3 * 1024 * 1024) + "\n")
    git(mini, "commit", "-qam", "huge")
    path.write_text(good.replace("null", "'钱八'", 1))
    git(mini, "commit", "-qam", "back")
    start = time.monotonic()
    result = run_cli(mini, "log", "g1-t2-m1")
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - start < 20
    assert "过大或无法解析" in result.stdout


def test_an_ignored_file_is_refused_before_writing(mini):
    (mini / ".gitignore").write_text("data/tasks/g1-t2.yaml\n")
    git(mini, "rm", "-q", "--cached", G1T2)
    git(mini, "commit", "-qm", "untrack")
    before = (mini / G1T2).read_bytes()
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "报送", "--commit", **COMMIT_ENV)
    assert result.exit_code == 1 and ".gitignore 忽略" in result.stderr
    assert (mini / G1T2).read_bytes() == before


@pytest.mark.parametrize("folder", ["data", "schemas"])
def test_a_ledger_folder_linked_out_of_the_repository_is_refused(mini, tmp_path, folder):
    outside = tmp_path / "elsewhere"
    if folder == "data":
        (mini / "data").rename(outside)
    else:
        outside.mkdir()
    (mini / folder).symlink_to(outside, target_is_directory=True)
    for args in (("status",), ("update", "g1-t2-m1", "--note", "x")):
        result = run_cli(mini, *args)
        assert result.exit_code == 1, result.stderr
        assert "指向仓库之外" in result.stderr and "内部错误" not in result.stderr


def _hook(root: Path, body: str) -> None:
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)


def test_a_hook_that_restages_the_file_leaves_index_and_work_tree_consistent(mini):
    _hook(mini, f"sed -i 's/note: 报送/note: 报送（钩子补充）/' {G1T2} && git add {G1T2}\n")
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "报送", "--commit", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    assert "提交钩子改动了提交的内容" in result.stderr
    assert "报送（钩子补充）" in git(mini, "show", f"HEAD:{G1T2}")
    assert git(mini, "status", "--porcelain") == ""


def test_a_hook_that_breaks_the_file_is_reported(mini):
    _hook(mini, f"sed -i 's/progress: 0/progress: 400/' {G1T2} && git add {G1T2}\n")
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "报送", "--commit", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    assert "改动后的文件未通过校验" in result.stderr and "400" in result.stderr
    assert git(mini, "status", "--porcelain") == ""


def test_a_hook_that_changes_only_the_work_tree_is_reported(mini):
    _hook(mini, f"echo '# 钩子留下的注释' >> {G1T2}\n")
    result = run_cli(mini, "update", "g1-t2-m1", "--note", "报送", "--commit", **COMMIT_ENV)
    assert result.exit_code == 0, result.stderr
    assert "改动尚未提交" in result.stderr
    assert git(mini, "status", "--porcelain").strip() == f"M {G1T2}"


def test_a_shallow_clone_says_where_history_stops(mini, tmp_path):
    for number in range(3):
        result = run_cli(
            mini, "update", "g1-t2-m1", "--note", f"第 {number} 次", "--commit", **COMMIT_ENV
        )
        assert result.exit_code == 0, result.stderr
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{mini}", str(clone)], check=True)
    data = json.loads(run_cli(clone, "log", "g1-t2-m1", "--format", "json").stdout)
    assert data["shallow_from"] is not None
    assert [c["subject"] for c in data["commits"]] == ["g1-t2-m1: 进展记录"]
    assert all(r["action"] != "added" for c in data["commits"] for r in c["records"])
    table = run_cli(clone, "log", "g1-t2-m1").stdout
    assert "浅克隆" in table and "新增措施" not in table
    full = json.loads(run_cli(mini, "log", "g1-t2-m1", "--format", "json").stdout)
    assert full["shallow_from"] is None and len(full["commits"]) == 4


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize(("key", "code"), [("eof", 1), ("interrupt", 130)])
@pytest.mark.parametrize(
    "args",
    [
        ["update", "g1-t2-m1", "--progress", "100"],
        ["new", "measure"],
        ["new", "task", "--group", "g1"],
    ],
)
def test_cancelling_at_a_prompt_changes_nothing(mini, args, key, code):
    from terminal import cancel_at_prompt

    before = {p: p.read_bytes() for p in (mini / "data").rglob("*.yaml")}
    exit_code, screen = cancel_at_prompt(mini, args, key, {"LEDGER_TODAY": "2024-07-15"})
    assert exit_code == code, screen
    assert "已取消，没有修改任何内容" in screen and "内部错误" not in screen
    assert {p: p.read_bytes() for p in (mini / "data").rglob("*.yaml")} == before


def test_bare_ledger_shows_the_status(mini):
    bare = run_cli(mini)
    assert bare.exit_code == 0, bare.stderr
    assert bare.stdout == run_cli(mini, "status").stdout
    process = subprocess.run([*LEDGER], capture_output=True, env=_env(mini), check=False)
    assert process.returncode == 0 and "测试用实施方案" in process.stdout.decode()
    helped = subprocess.run([*LEDGER, "--help"], capture_output=True, env=_env(mini), check=False)
    assert all(f" {name} " in helped.stdout.decode() for name in ("status", "update", "log", "fmt"))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("list",), "x.xlsx"),
        (("list",), "noext"),
        (("list", "-f", "json"), "x.csv"),
        (("units",), "u.docx"),
    ],
)
def test_files_are_what_their_names_say(mini, tmp_path, args, name):
    target = tmp_path / name
    result = run_cli(mini, *args, "-o", str(target))
    assert result.exit_code == 2 and "什么也没有写入" in result.stderr
    assert not target.exists()


def test_a_command_that_loaded_a_ledger_ends_at_once_with_all_its_output_and_its_code(mini):
    # Such a command ends without freeing its records one by one (cli.main): nothing may be lost.
    env = _env(mini, NO_COLOR="1", COLUMNS="80")
    shown = subprocess.run([*LEDGER, "list", "-f", "csv"], capture_output=True, env=env)
    assert shown.returncode == 0 and shown.stderr == b""
    in_process = run_cli(mini, "list", "-f", "csv", today="2024-07-15")
    assert shown.stdout.decode("utf-8").replace("\r\n", "\n") == in_process.stdout.replace(
        "\r\n", "\n"
    )
    task = mini / "data" / "tasks" / "g1-t1.yaml"
    task.write_text(task.read_text("utf-8").replace("progress: 40", "progress: 400"), "utf-8")
    failed = subprocess.run([*LEDGER, "validate"], capture_output=True, env=env)
    assert failed.returncode == 1 and "g1-t1.yaml" in failed.stderr.decode("utf-8")
