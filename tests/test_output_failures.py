"""Output failures after a commit are not internal errors; bad output places are refused before it.

The CLI runs in subprocesses with stdout closed (`>&-`) or on /dev/full (every write: ENOSPC).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMMIT_ENV, G1T2, MINI_TODAY, git, run_cli

pytestmark = pytest.mark.skipif(
    not os.path.exists("/dev/full"), reason="needs /dev/full (Linux) to fill stdout"
)

BODY = "### 措施\n\ng1-t2-m1\n\n### 状态\n\n推进中\n\n### 进度（%）\n\n30\n\n### 进展情况\n\n已完成摸底调查。\n"
UPDATE = ("update", "g1-t2-m1", "--progress", "30", "--note", "已形成初稿。", "--author", "张三")


def ledger(root: Path, *args: str, stdout: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **COMMIT_ENV, "LEDGER_TODAY": MINI_TODAY, "NO_COLOR": "1"}
    env.pop("LEDGER_ROOT", None)
    command = [sys.executable, "-m", "qc_ledger", "--root", str(root), *args]
    if stdout == "closed":
        return subprocess.run(
            command, env=env, stdout=None, stderr=subprocess.PIPE, text=True, timeout=60,
            preexec_fn=lambda: os.close(1), check=False,
        )  # fmt: skip
    with open(stdout, "w") as target:
        return subprocess.run(
            command, env=env, stdout=target, stderr=subprocess.PIPE, text=True, timeout=60,
            check=False,
        )  # fmt: skip


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize("stdout", ["closed", "/dev/full"])
def test_a_commit_with_no_room_for_its_output_says_so_on_stderr(mini, stdout):
    base = head(mini)
    result = ledger(mini, *UPDATE, "--commit", stdout=stdout)
    assert result.returncode == 0, result.stderr
    sha = head(mini)
    assert sha != base and git(mini, "status", "--porcelain") == ""
    assert f"已提交 {sha[:7]}，但结果没能写到标准输出" in result.stderr, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr


def test_a_read_only_command_on_a_full_disk_fails_with_a_message(mini):
    result = ledger(mini, "list", stdout="/dev/full")
    assert result.returncode == 1
    assert "结果没能写到标准输出（磁盘已满）" in result.stderr, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr


def test_a_closed_stdout_never_lends_its_number_to_a_data_file(mini):
    result = ledger(mini, *UPDATE, stdout="closed")
    assert result.returncode == 0, result.stderr
    text = (mini / G1T2).read_text(encoding="utf-8")
    assert text.startswith("id: g1-t2") and "已更新" not in text


@pytest.mark.parametrize("reply", ["no/such/folder/答复.md", "."])
def test_apply_form_checks_the_reply_path_before_committing(mini, tmp_path, reply):
    body = tmp_path / "body.md"
    body.write_text(BODY, encoding="utf-8")
    base = head(mini)
    target = tmp_path / reply
    result = run_cli(
        mini, "apply-form", str(body), "--commit", "--reply", str(target), **COMMIT_ENV
    )
    assert result.exit_code == 2 and "什么也没有改动" in result.stderr, result.stderr
    assert head(mini) == base and git(mini, "status", "--porcelain") == ""


@pytest.mark.parametrize("author", ["张三\n", "张三\t<z@example.org>", "张\x1b[31m三"])
def test_config_refuses_an_author_with_control_characters(mini, author):
    result = run_cli(mini, "config", "set", "author", author)
    assert result.exit_code == 2 and "控制字符" in result.stderr, result.stderr
    assert run_cli(mini, "config", "get", "author").stdout.strip() in ("", "（未设置）")


def _capped_files(limit: int):
    """Let the child write no file beyond `limit` bytes (a full disk, mid-write), failing with EFBIG."""
    import resource
    import signal

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return cap


@pytest.mark.parametrize(
    ("args", "name", "said"),
    [
        (("export", "-f", "xlsx"), "台账.xlsx", "无法生成工作簿：临时文件写不下"),
        (("report",), "通报.md", "原有文件保持不变"),
        (("list",), "清单.csv", "原有文件保持不变"),
    ],
)
def test_an_output_that_cannot_be_written_whole_leaves_the_old_file(
    mini, tmp_path, args, name, said
):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(b"old")
    env = {**os.environ, "LEDGER_TODAY": MINI_TODAY, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "qc_ledger", "--root", str(mini), *args, "-o", str(target)]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60, check=False,
        preexec_fn=_capped_files(200),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and "什么也没有写入" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == [name]
