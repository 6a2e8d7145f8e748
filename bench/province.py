"""Build a synthetic province-sized ledger (demo data, invented) and time the read commands on it.

Usage: python bench/province.py [--groups 100] [--tasks-per-group 100] [--measures 3] [--keep DIR]
Tasks are sharded into one folder per group (data/tasks/<group>/), as a province would keep them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STATUSES = ("not_started", "in_progress", "delayed", "done")


def build(root: Path, groups: int, tasks_per_group: int, measures: int) -> int:
    """Write the synthetic ledger under root; return the number of task files."""
    data = root / "data"
    (data / "groups").mkdir(parents=True)
    shutil.copy(REPO / "data" / "plan.yaml", data / "plan.yaml")
    shutil.copy(REPO / "data" / "units.yaml", data / "units.yaml")
    shutil.copy(REPO / "data" / "rules.yaml", data / "rules.yaml")
    units = ["区发展改革局", "区财政局", "区教育局", "区农业农村局", "源潭镇"]
    count = 0
    for g in range(1, groups + 1):
        gid = f"p{g}"
        (data / "groups" / f"{gid}.yaml").write_text(
            f"# 演示数据（虚构）\nid: {gid}\nname: 演示工作组{g}\nshort_name: 演示{g}\n"
            f"leader:\n  name: 演示组长{g}\n  title: 副区长\nlead_unit: {units[g % 5]}\n"
            f"member_units:\n  - {units[(g + 1) % 5]}\n",
            encoding="utf-8",
        )
        folder = data / "tasks" / gid
        folder.mkdir(parents=True)
        for t in range(1, tasks_per_group + 1):
            tid = f"{gid}-t{t}"
            lines = [
                f"# 演示数据（虚构）\nid: {tid}\ngroup: {gid}\ntitle: 演示任务{t}\nmeasures:\n"
            ]
            for m in range(1, measures + 1):
                status = STATUSES[(g + t + m) % 4]
                progress = {"done": 100, "not_started": 0}.get(status, (t * 7 + m) % 99 + 1)
                day = dt.date(2024, 1, 1) + dt.timedelta(days=(g * 31 + t * 7 + m) % 700)
                log = (
                    "[]"
                    if status == "not_started"
                    else f"\n      - date: 2024-06-01\n        author: 演示\n        note: 演示进展。"
                    f"\n        status: {status}\n        progress: {progress}"
                )
                lines.append(
                    f"  - id: {tid}-m{m}\n    text: 演示措施{m}。\n    lead_unit: {units[m % 5]}\n"
                    f"    cooperating_units: []\n    responsible_person: null\n"
                    f"    deadline: {day.isoformat()}\n    deliverable: null\n    status: {status}\n"
                    f"    progress: {progress}\n    progress_log:{' ' if log == '[]' else ''}{log}\n"
                    "    evidence: []\n"
                )
            (folder / f"{tid}.yaml").write_text("".join(lines), encoding="utf-8")
            count += 1
    return count


def timed(command: list[str], env: dict, runs: int) -> float:
    """Median wall time of a command, in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    """Build the ledger and print medians of validate (cold) and status (warm cache)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--tasks-per-group", type=int, default=100)
    parser.add_argument("--measures", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="province-"))
    tasks = build(root, args.groups, args.tasks_per_group, args.measures)
    ledger = shutil.which("ledger") or "ledger"
    cache_dir = tempfile.mkdtemp(prefix="ledger-cache-")
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "LEDGER_TODAY": "2025-06-30",
        "LEDGER_CACHE_DIR": cache_dir,
    }
    print(f"{args.groups} groups, {tasks} tasks, {tasks * args.measures} measures in {root}")
    base = timed([sys.executable, "-c", "pass"], env, args.runs)
    results = {
        "ledger validate (no cache)": timed(
            [ledger, "--root", str(root), "validate"], env, args.runs
        ),
        "ledger status (cache cold)": timed(
            [ledger, "--root", str(root), "status"], {**env, "LEDGER_NO_CACHE": "1"}, args.runs
        ),
    }
    subprocess.run([ledger, "--root", str(root), "status"], env=env, stdout=subprocess.DEVNULL)
    results["ledger status (cache warm)"] = timed(
        [ledger, "--root", str(root), "status"], env, args.runs
    )
    print(f"{base * 1000:9.1f} ms  1.0x  python -c pass")
    for name, seconds in results.items():
        print(f"{seconds * 1000:9.1f} ms  {seconds / base:5.1f}x  {name}")
    shutil.rmtree(cache_dir, ignore_errors=True)
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
