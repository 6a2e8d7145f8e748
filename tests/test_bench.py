"""The benchmark kit: its synthetic ledgers obey every rule, its Taskwarrior twin holds the same
measures, and the runner measures and tabulates from a fresh clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
import generate

TODAY = "2025-06-30"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A synthetic ledger of 150 tasks in two groups, with a short git history."""
    root = tmp_path_factory.mktemp("province")
    written = generate.build(root, 150)
    generate.history(root, written, 6, seed=1)
    return root, written


def test_generated_ledger_is_valid_formatted_and_labelled(province):
    root, written = province
    assert run_cli(root, "validate", today=TODAY).exit_code == 0
    assert run_cli(root, "fmt", "--check", today=TODAY).exit_code == 0
    files = [*root.glob("data/groups/*.yaml"), *root.glob("data/tasks/*/*.yaml")]
    assert len(files) == 2 + 150
    assert all(generate.LABEL in path.read_text("utf-8") for path in files)
    assert generate.LABEL in (root / "data" / "units.yaml").read_text("utf-8")
    counts = [len(measures) for measures in written.values()]
    assert min(counts) == 1 and max(counts) == 6


def test_district_units_never_repeat_at_province_scale():
    names = [name for district in range(2_000) for name, _ in generate.district_units(district)]
    assert len(names) == len(set(names))


def test_every_kind_of_generated_measure_takes_an_update(province, tmp_path):
    source, written = province
    root = tmp_path / "copy"
    shutil.copytree(source, root)
    measures = [m for ms in written.values() for m in ms]
    by_status = {m.status: m for m in measures}
    assert set(by_status) == {"not_started", "in_progress", "delayed", "done", "cancelled"}
    for status, measure in by_status.items():
        if status in ("done", "cancelled"):
            args = ["--note", "复核无误。"]
        else:
            args = ["--progress", str(measure.progress + 1), "--note", "合成进展。"]
        outcome = run_cli(root, "update", measure.id, *args, today=TODAY)
        assert outcome.exit_code == 0, (status, outcome.stderr)
    assert run_cli(root, "validate", today=TODAY).exit_code == 0


def test_history_is_dated_commits_that_log_and_changes_read(province):
    root, _ = province
    subjects = subprocess.run(
        ["git", "log", "--format=%ad %s", "--date=short"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert subjects[-1] == "2024-12-31 合成台账（基准测试用）"
    reported = [line.split()[1] for line in subjects[:-1]]
    assert reported and all(line.startswith("2025-") for line in subjects[:-1])
    outcome = run_cli(root, "log", reported[0], today=TODAY)
    commits = reported.count(reported[0]) + 1  # its reports and the first commit
    assert outcome.exit_code == 0 and f"（{commits} 次提交）" in outcome.stdout
    changes = run_cli(root, "changes", "--since", "2025-01-01", "-f", "json", today=TODAY)
    assert changes.exit_code == 0 and reported[0] in changes.stdout


@pytest.mark.parametrize("shape", ["many-groups", "skewed", "long-logs"])
def test_every_shape_is_a_valid_formatted_ledger_of_its_shape(shape, tmp_path):
    tasks = 120 if shape == "long-logs" else 200
    written = generate.build(tmp_path, tasks, shape=generate.SHAPES[shape])
    assert run_cli(tmp_path, "validate", today=TODAY).exit_code == 0
    assert run_cli(tmp_path, "fmt", "--check", today=TODAY).exit_code == 0
    measures = [m for ms in written.values() for m in ms]
    begun = [m for m in measures if m.log]
    sizes = {}
    for path in written:
        group = path.split("/")[2]
        sizes[group] = sizes.get(group, 0) + 1
    leads = {}
    for m in measures:
        leads[m.lead_unit] = leads.get(m.lead_unit, 0) + 1
    if shape == "long-logs":
        assert set(sizes.values()) == {100, 20}
        assert all(50 <= len(m.log) <= 100 for m in begun)
        return
    assert len(written) == tasks and set(sizes.values()) <= {1, 2, 3, 4}  # the last may be short
    assert len(sizes) >= tasks // 4
    share = max(leads.values()) / len(measures)
    if shape == "many-groups":
        assert share < 0.05 and all(len(m.log) < 5 for m in measures)
    else:
        assert 0.18 < share < 0.32 and len(leads) > len(generate.DEPARTMENTS)  # a tail
        long = [m for m in begun if len(m.log) >= 50]
        assert long and all(len(m.log) <= 100 for m in long)


def test_a_unit_in_dozens_of_groups_gets_a_one_line_hint(tmp_path):
    generate.build(tmp_path, 150, shape=generate.SHAPES["many-groups"])
    groups = sorted((tmp_path / "data" / "groups").glob("*.yaml"))
    for path in groups:
        path.write_text(path.read_text("utf-8") + "  - 合成督查室\n", "utf-8")
    units = tmp_path / "data" / "units.yaml"
    entry = "  - name: 合成督查室\n    kind: 区直部门\n    aliases: []\n    contact: null\n"
    units.write_text(units.read_text("utf-8") + entry, "utf-8")
    outcome = run_cli(tmp_path, "list", "--unit", "合成督查室", today=TODAY, COLUMNS="300")
    assert outcome.exit_code == 0, outcome.stderr
    hint = next(line for line in outcome.stdout.splitlines() if "合成督查室没有" in line)
    assert f"…等 {len(groups)} 个工作组的成员单位" in hint
    assert hint.count("、") == 7 and len(hint) < 200


def test_taskwarrior_twin_holds_the_same_measures(province, tmp_path):
    _, written = province
    rc = generate.taskwarrior(tmp_path / "tw", written)
    measures = [m for ms in written.values() for m in ms]
    closed = [m for m in measures if m.status in ("done", "cancelled")]
    pending = (tmp_path / "tw" / "pending.data").read_text("utf-8").splitlines()
    completed = (tmp_path / "tw" / "completed.data").read_text("utf-8").splitlines()
    assert len(pending) == len(measures) - len(closed) and len(completed) == len(closed)
    task = shutil.which("task")
    if task is None:
        pytest.skip("Taskwarrior is not installed (CI installs it): apt-get install -y taskwarrior")
    env = {**os.environ, "TASKRC": str(rc)}
    unit = measures[0].lead_unit

    def count(*args: str) -> int:
        run = subprocess.run([task, *args, "count"], env=env, capture_output=True, text=True)
        return int(run.stdout.strip())

    assert count("status:pending") == len(measures) - len(closed)
    assert count(f"unit:{unit}", "status:pending") == sum(
        1 for m in measures if m.lead_unit == unit and m not in closed
    )


def test_runner_times_every_case_and_writes_json_and_table(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "results.json"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--sizes",
            "20",
            "--runs",
            "1",
            "--json",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(out.read_text("utf-8"))
    size = results["sizes"]["20"]
    cases = {row["case"] for row in size["rows"]}
    assert {"status", "list --unit X", "update --commit", "validate after one edit",
            "validate (cold: empty cache)", "unit X", "units", "export -f json",
            "export -f xlsx", "site", "reminders", "assess", "status -f json"} <= cases  # fmt: skip
    assert all(row["seconds"] > 0 and row["peak_mib"] > 0 for row in size["rows"])
    assert "| `status` |" in run.stdout and "python3 -c pass" in run.stdout


def test_runner_keeps_each_shape_apart_in_one_table(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "results.json"
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "12", "--runs", "1"]
    command += ["--json", str(out), "--shape", "skewed"]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    size = json.loads(out.read_text("utf-8"))["sizes"]["12-skewed"]
    assert size["shape"] == "skewed" and size["entries"] > 0
    assert "**skewed**" in run.stdout and "| `unit X` |" in run.stdout


def _size(shape: str, tasks: int, seconds: float) -> dict:
    rows = [
        {"case": "status", "seconds": seconds, "ratio": 1.0, "peak_mib": 40,
         "peer": "task summary", "peer_seconds": 0.5},
        {"case": "update --commit", "seconds": seconds, "ratio": 1.0, "peak_mib": 50,
         "peer": "task UUID modify", "peer_seconds": 0.25},
        {"case": "git commit (one file)", "seconds": 0.1, "ratio": 1.0, "peak_mib": 10},
    ]  # fmt: skip
    return {"tasks": tasks, "shape": shape, "measures": tasks * 3, "entries": 0, "runs": 3,
            "python_seconds": 0.03, "rows": rows}  # fmt: skip


def test_tables_put_the_slowest_shape_first_and_mark_what_is_behind():
    import run

    results = {"sizes": {"10": _size("flat", 10, 0.4), "10-skewed": _size("skewed", 10, 0.95),
                         "20": _size("flat", 20, 0.3)}}  # fmt: skip
    for text in (run.table(results), run.readme_table(results)):
        assert text.index("**skewed**") < text.index("**flat**")
    # Shapes compare at the largest size both were measured at, not at the flat shape's 20.
    results["sizes"]["10-skewed"] = _size("skewed", 10, 0.1)
    assert run.shapes_worst_first(results) == ["flat", "skewed"]
    compact = run.readme_table({"sizes": {"10": _size("flat", 10, 0.95)}})
    # A read slower than its peer is marked; a write within 3x (modify + git commit) is not.
    assert "| `status` / `task summary` | 950 ms / 500 ms ⚠ |" in compact
    assert "| `update --commit` / `task UUID modify` | 950 ms / 250 ms |" in compact


def test_the_readme_shows_the_saved_results_as_the_runner_prints_them():
    import run

    readme = (REPO / "README.md").read_text("utf-8")
    shown = readme.split("<!-- bench:start -->\n", 1)[1].split("\n<!-- bench:end -->", 1)[0]
    saved = json.loads((REPO / "bench" / "results.json").read_text("utf-8"))
    assert shown.strip() == run.readme_table(saved).strip()
    guide = (REPO / "docs" / "development.md").read_text("utf-8")
    full = guide.split("<!-- bench-full:start -->\n", 1)[1].split("\n<!-- bench-full:end -->", 1)[0]
    assert full.strip() == run.table(saved).strip()


def test_the_launcher_reports_a_command_s_own_peak_memory_not_the_runner_s(tmp_path):
    import run

    held = bytearray(300 * 2**20)  # the runner holding a large generated ledger
    held[::4096] = b"x" * len(held[::4096])  # touched, so resident
    launcher = run.Launcher()
    try:
        _, small = launcher.run([sys.executable, "-c", "pass"], dict(os.environ), tmp_path)
        grow = "b = bytearray(120 * 2**20); b[::4096] = b'x' * len(b[::4096])"
        _, large = launcher.run([sys.executable, "-c", grow], dict(os.environ), tmp_path)
        with pytest.raises(SystemExit, match="failed"):
            launcher.run([sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ), tmp_path)
    finally:
        launcher.close()
    assert small < 100 * 1024 < 120 * 1024 < large < 300 * 1024
    del held
