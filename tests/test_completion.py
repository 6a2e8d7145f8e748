"""Shell completion: commands, options, statuses and the ledger's own ids, as a shell asks for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# The installed script: the shell completes `ledger`, and the completion variable is named for it.
LEDGER = str(Path(sys.executable).parent / "ledger")


def complete(words: str, shell: str = "bash") -> list[str]:
    env = {**os.environ, "_LEDGER_COMPLETE": f"complete_{shell}", "NO_COLOR": "1"}
    if shell == "bash":
        env["COMP_WORDS"] = words
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    result = subprocess.run([LEDGER], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_commands_options_and_values_complete():
    assert complete("ledger sta") == ["status"]
    assert "--status" in complete("ledger list --st")
    assert complete("ledger list --status d") == ["delayed", "done"]
    assert complete("ledger update g1-t1-m") == ["g1-t1-m1", "g1-t1-m2", "g1-t1-m3", "g1-t1-m4"]


def test_zsh_gets_the_names_beside_the_ids():
    words = " ".join(complete("ledger show g7-t1", shell="zsh"))
    assert '"g7-t1":' in words


def test_the_completion_script_is_offered():
    result = subprocess.run(
        [LEDGER, "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert "_LEDGER_COMPLETE=complete_bash" in result.stdout


def test_list_completes_units_groups_tasks_and_chinese_statuses():
    assert "区发改局" in complete("ledger list --unit 区发")  # the short name the tables print
    assert "区发展和改革局" in complete("ledger list --unit 区发")  # an alias
    assert complete("ledger list --status 已") == ["已完成", "已取消"]
    assert "g1" in complete("ledger list --group g")
    assert "g1-t1" in complete("ledger list --task g1-")
