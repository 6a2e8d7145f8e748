"""Task files in sub-folders of data/tasks/ (one per group or per district) work like flat ones."""

from __future__ import annotations

import shutil

import pytest

from conftest import MINI, REPO, git, run_cli

MOVES = {
    "data/tasks/g1-t1.yaml": "data/tasks/g1/g1-t1.yaml",
    "data/tasks/g1-t2.yaml": "data/tasks/g1/g1-t2.yaml",
    "data/tasks/g2-t1.yaml": "data/tasks/区发展改革局/g2-t1.yaml",
}


@pytest.fixture
def nested(tmp_path):
    """The fixture ledger with its tasks in sub-folders (one named in Chinese), schemas and git."""
    root = tmp_path / "nested"
    shutil.copytree(MINI / "data", root / "data")
    for old, new in MOVES.items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        (root / old).rename(root / new)
    shutil.copytree(REPO / "schemas", root / "schemas")
    assert run_cli(root, "schemas").exit_code == 0
    assert run_cli(root, "fmt").exit_code == 0  # writes each file's schema line
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "nested ledger")
    return root


def test_validate_fmt_and_schema_lines_follow_the_depth(nested):
    assert run_cli(nested, "validate").exit_code == 0
    assert run_cli(nested, "fmt", "--check").exit_code == 0
    first = (nested / "data/tasks/g1/g1-t1.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/task.schema.json"


def test_update_log_changes_and_review_see_nested_files(nested):
    result = run_cli(nested, "update", "g2-t1-m3", "--progress", "70", "--commit")
    assert result.exit_code == 0, result.stderr
    changed = git(
        nested, "-c", "core.quotePath=false", "show", "--name-only", "--format=", "HEAD"
    ).split()
    assert changed == ["data/tasks/区发展改革局/g2-t1.yaml"]
    log = run_cli(nested, "log", "g2-t1-m3").stdout
    assert "data/tasks/区发展改革局/g2-t1.yaml" in log and "60% → 70%" in log
    changes = run_cli(nested, "changes", "--since", "2024-07-01").stdout
    assert "g2-t1-m3" in changes
    review = run_cli(nested, "review", "HEAD~1", "HEAD").stdout
    assert "措施 g2-t1-m3" in review and "进度：60% → 70%" in review


def test_ids_stay_unique_across_folders(nested):
    shutil.copy(nested / "data/tasks/g1/g1-t2.yaml", nested / "data/tasks/区发展改革局/g1-t2.yaml")
    result = run_cli(nested, "validate")
    assert result.exit_code == 1 and "g1-t2" in result.stderr


def test_a_new_task_goes_beside_its_group(nested):
    result = run_cli(
        nested, "new", "task", "--group", "g1", "--title", "新任务", "--measure", "新措施"
    )
    assert result.exit_code == 0, result.stderr
    created = nested / "data/tasks/g1/g1-t3.yaml"
    assert created.exists() and not (nested / "data/tasks/g1-t3.yaml").exists()
    assert created.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/task.schema.json\n"
    )
    assert (
        run_cli(nested, "validate").exit_code == 0
        and run_cli(nested, "fmt", "--check").exit_code == 0
    )


def test_codeowners_name_nested_paths(nested):
    units = nested / "data/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "- name: 区发展改革局\n", "- name: 区发展改革局\n    accounts: ['@fgj']\n", 1
        ),
        encoding="utf-8",
    )
    assert run_cli(nested, "validate").exit_code == 0, run_cli(nested, "validate").stderr
    assert run_cli(nested, "codeowners").exit_code == 0
    owners = (nested / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/data/tasks/区发展改革局/g2-t1.yaml @fgj" in owners
