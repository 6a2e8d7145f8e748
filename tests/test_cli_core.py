"""`ledger status`, `validate`, `export`, `schemas`, root discovery and LEDGER_TODAY, through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from qc_ledger import __version__

from conftest import REPO, run_cli
from golden import check_golden


def test_version():
    result = run_cli(None, "--version")
    assert result.exit_code == 0 and result.stdout == f"ledger {__version__}\n"


def test_status_golden_on_the_fixture(mini):
    result = run_cli(mini, "status")
    assert result.exit_code == 0, result.stderr
    check_golden("status-mini.txt", result.stdout)


def test_status_golden_on_the_plan():
    result = run_cli(REPO, "status", today="2025-06-30")
    assert result.exit_code == 0, result.stderr
    check_golden("status-plan-2025-06-30.txt", result.stdout)


def test_status_after_the_plan_period_lists_every_measure_overdue():
    result = run_cli(REPO, "status", "--all", today="2026-01-31")
    assert result.exit_code == 0
    assert "逾期措施（59 项" in result.stdout
    assert "g7-t3-m2" in result.stdout and "另有" not in result.stdout


def test_status_lists_ten_of_each_kind_and_counts_the_rest_as_all_would_list_them():
    import json
    import re

    listed = run_cli(REPO, "status", today="2026-01-31").stdout
    every = run_cli(REPO, "status", "--all", today="2026-01-31").stdout
    assert "逾期措施（59 项" in listed and "……另有 49 项未列出；加 --all 显示全部。" in listed

    def ids(text: str) -> list[str]:
        return re.findall(r"^(g\d-t\d+-m\d+) ", text, re.MULTILINE)

    assert len(ids(listed)) == 10 and ids(listed) == ids(every)[:10]
    data = json.loads(run_cli(REPO, "status", "-f", "json", today="2026-01-31").stdout)
    assert len(data["overdue"]) == 59 and data["overdue_unlisted"] == 0


def test_status_fits_80_columns_without_colour(mini):
    for root in (mini, REPO):
        result = run_cli(root, "status")
        assert "\x1b[" not in result.stdout
        from rich.cells import cell_len

        assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


def test_status_json_counts(mini):
    report = json.loads(run_cli(mini, "status", "--format", "json").stdout)
    assert [row["light"] for row in report["rows"]] == ["red", "yellow"]
    assert report["total"]["counts"] == {
        "not_started": 1,
        "in_progress": 2,
        "delayed": 1,
        "done": 1,
        "cancelled": 1,
    }
    assert [item["measure_id"] for item in report["overdue"]] == ["g1-t1-m2"]
    assert [item["measure_id"] for item in report["stale"]] == ["g1-t2-m1"]


def test_ledger_today_changes_every_derived_figure(mini):
    later = json.loads(run_cli(mini, "status", "-f", "json", today="2025-01-10").stdout)
    assert {item["measure_id"] for item in later["overdue"]} == {"g1-t1-m2", "g2-t1-m1", "g2-t1-m3"}


def test_bad_ledger_today_is_a_usage_error(mini):
    result = run_cli(mini, "status", today="2025-13-01")
    assert result.exit_code == 2
    assert "LEDGER_TODAY" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_validate_passes_on_the_plan():
    result = run_cli(REPO, "validate")
    assert result.exit_code == 0
    assert "台账通过校验" in result.stdout


def test_validate_reports_every_problem_and_exits_1(mini):
    path = mini / "data/tasks/g1-t2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 0", "progress: 140"))
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert "data/tasks/g1-t2.yaml:14:15: 错误：字段“progress”的值 140 超出范围" in result.stderr
    assert "1 个错误" in result.stdout


def test_validate_json(mini):
    path = mini / "data/groups/g2.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "lead_unit: 区发展改革局", "lead_unit: 区发展和改革局"
        )
    )
    result = run_cli(mini, "validate", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["valid"] and report["errors"] == []
    (warning,) = [w for w in report["warnings"] if not w["code"].startswith("note_")]
    assert warning["file"] == "data/groups/g2.yaml" and warning["line"] == 7


def test_validate_github_annotations(mini):
    path = mini / "data/tasks/g1-t2.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: not_started", "status: 推进中")
    )
    result = run_cli(mini, "validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=data/tasks/g1-t2.yaml,line=13,col=13::")


def test_bad_format_is_a_usage_error(mini):
    result = run_cli(mini, "validate", "--format", "xml")
    assert result.exit_code == 2


def test_export_contract():
    result = run_cli(REPO, "export", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["version"] == 1
    period = data["plan"]["period"]
    assert (period["start"], period["end"], period["inferred"]) == (
        "2022-01-01",
        "2025-12-31",
        True,
    )
    canonical = {unit["name"] for unit in data["units"]}
    assert {"区发展和改革局"} <= {a for unit in data["units"] for a in unit["aliases"]}
    assert len(data["groups"]) == 7 and len(data["tasks"]) == 20
    for group in data["groups"]:
        assert {"id", "name", "short_name", "leader", "lead_unit", "member_units"} <= group.keys()
        assert group["leader"]["name"] and group["leader"]["title"]
        assert group["lead_unit"] in canonical
        assert set(group["member_units"]) <= canonical
    measures = [m for task in data["tasks"] for m in task["measures"]]
    assert len(measures) == 59
    for task in data["tasks"]:
        assert task["group"] in {g["id"] for g in data["groups"]}
    for measure in measures:
        assert {"id", "text", "lead_unit", "status", "progress", "deadline"} <= measure.keys()
        assert measure["lead_unit"] in canonical
        assert measure["status"] == "not_started" and measure["deadline"] == "2025-12-31"


def test_schemas_check_and_write(mini):
    assert run_cli(mini, "schemas", "--check").exit_code == 1
    assert run_cli(mini, "schemas").exit_code == 0
    result = run_cli(mini, "schemas", "--check")
    assert result.exit_code == 0 and "一致" in result.stdout
    assert run_cli(REPO, "schemas", "--check").exit_code == 0


def test_root_is_found_from_a_subfolder(mini, monkeypatch):
    monkeypatch.chdir(mini / "data" / "tasks")
    result = run_cli(None, "validate")
    assert result.exit_code == 0


def test_root_from_environment(mini, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli(None, "validate", LEDGER_ROOT=str(mini)).exit_code == 0


def test_no_ledger_here_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(None, "status")
    assert result.exit_code == 2 and "--root" in result.stderr


def test_root_that_is_not_a_ledger(tmp_path):
    result = run_cli(tmp_path, "status")
    assert result.exit_code == 2 and "data/groups" in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_do_not_import_heavy_modules(args):
    code = (
        "import sys\n"
        "from qc_ledger.cli import main\n"
        f"sys.argv = ['ledger', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('git', 'pydantic', 'ruamel.yaml', 'rich', 'openpyxl') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.stderr.strip().endswith("[]"), result.stderr


def test_status_does_not_import_git_and_on_a_cache_hit_not_ruamel(private_cache):
    code = (
        "import sys\n"
        "from qc_ledger.cli import main\n"
        f"sys.argv = ['ledger', '--root', {str(REPO)!r}, 'status']\n"
        "import atexit\n"
        "atexit.register(lambda: sys.stderr.write(repr([m for m in ('git', 'openpyxl', 'ruamel.yaml') if m in sys.modules])))\n"
        "main()\n"
    )
    env = {**os.environ, "LEDGER_CACHE_DIR": str(private_cache)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stderr.strip().endswith("['ruamel.yaml']"), first.stderr
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert second.stderr.strip().endswith("[]"), second.stderr


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["status", "--format", "xml"], "错误：--format 的值“xml”无效", "table"),
        (["statsu"], "错误：没有“statsu”这个命令", "是不是想用：status、setup？"),
        (["status", "--bogus"], "错误：没有“--bogus”这个选项", "ledger status --help"),
        (["status", "extra"], "错误：多余的参数：extra", "ledger status --help"),
        (["validate", "-f"], "错误：选项 -f 后面缺少值", "--help"),
    ],
)
def test_usage_errors_are_answered_in_chinese_with_exit_2(mini, args, message, hint):
    result = run_cli(mini, *args)
    assert result.exit_code == 2
    first, second = result.stderr.splitlines()[:2]
    assert first == message and hint in second
    assert "Traceback" not in result.stderr


def registering_modules(app) -> dict[str, set[str]]:
    """Each top-level command's name, with the modules its callbacks (or sub-commands') live in."""
    found: dict[str, set[str]] = {}
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        found.setdefault(name, set()).add(info.callback.__module__)
    for group in app.registered_groups:
        callbacks = [c.callback for c in group.typer_instance.registered_commands]
        found.setdefault(group.name, set()).update(c.__module__ for c in callbacks)
    return found


def test_every_command_module_registers_exactly_the_command_named_after_it():
    from typer.main import get_command

    from qc_ledger import cli

    app = cli.register()
    modules = cli.command_modules()
    registered = registering_modules(app)
    assert set(get_command(app).commands) == set(registered)
    # Every command has its module, and every module in commands/ one command: its own.
    assert sorted(cli.module_of(name) for name in registered) == modules
    for name, owners in registered.items():
        assert owners == {f"qc_ledger.cli.commands.{cli.module_of(name)}"}, name
    for module in modules:
        assert cli.module_of(cli.command_of(module)) == module


@pytest.mark.parametrize(
    ("command", "module"),
    [("status", "status"), ("merge-file", "merge_file"), ("import", "import_"), ("list", "list")],
)
def test_a_command_s_module_is_named_after_it_by_one_rule(command, module):
    from qc_ledger import cli

    assert cli.module_of(command) == module
    assert cli.command_of(module) == command


def test_the_help_lists_every_command_once_in_its_order():
    from typer.main import get_command

    from qc_ledger import cli
    from qc_ledger.cli.helptext import HELP_ORDER

    group = get_command(cli.register())
    listed = group.list_commands(None)
    assert sorted(listed) == sorted(group.commands)
    # The daily commands first, in the order given; one left out of HELP_ORDER would come after.
    assert listed[0] == "status"
    assert [name for name in listed if name in HELP_ORDER] == list(HELP_ORDER)


@pytest.mark.parametrize(
    ("argv", "name"),
    [(["status"], "status"), (["--root", "x", "list", "-f", "csv"], "list"), (["--version"], None)],
)
def test_command_name_skips_global_options(argv, name):
    from qc_ledger.cli import command_name

    assert command_name(argv) == name


def test_a_run_imports_only_its_command_module():
    code = (
        "import sys\n"
        "from qc_ledger.cli import main\n"
        f"sys.argv = ['ledger', '--root', {str(REPO)!r}, 'status']\n"
        "import atexit\n"
        "atexit.register(lambda: sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('qc_ledger.cli.')))))\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # base and helptext are the app itself; commands.status is the one command module.
    expected = (
        "['qc_ledger.cli.argv', 'qc_ledger.cli.base', 'qc_ledger.cli.commands', 'qc_ledger.cli.commands.status', "
        "'qc_ledger.cli.formats', 'qc_ledger.cli.helptext']"
    )
    assert result.stderr.strip().endswith(expected), result.stderr


def test_a_profiled_run_still_writes_its_profile(mini, tmp_path, private_cache):
    # A command that loaded a ledger ends at once (cli.main), but not under a profiler.
    out = tmp_path / "status.prof"
    env = {**os.environ, "LEDGER_CACHE_DIR": str(private_cache), "LEDGER_TODAY": "2024-07-15"}
    run = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "qc_ledger", "--root", str(mini),
         "status"],
        capture_output=True, env=env,
    )  # fmt: skip
    assert run.returncode == 0 and out.stat().st_size > 0, run.stderr


@pytest.mark.parametrize(("typed", "meant"), [("import_", "import"), ("merge_file", "merge-file")])
def test_a_module_s_name_is_not_a_command(mini, typed, meant):
    """A word that names a module but no command is unknown: every command is loaded for the hint."""
    code = (
        "import atexit, sys\n"
        "from qc_ledger.cli import main\n"
        f"sys.argv = ['ledger', '--root', {str(mini)!r}, {typed!r}]\n"
        "atexit.register(lambda: sys.stderr.write(str('qc_ledger.cli.commands.status' in sys.modules)))\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    first, second = result.stderr.splitlines()[:2]
    assert first == f"错误：没有“{typed}”这个命令" and meant in second
    assert result.stderr.endswith("True"), result.stderr
