"""Time ledger commands on synthetic ledgers of N tasks against Taskwarrior on the same measures.

Usage: python bench/run.py [--sizes 100,1000,10000,50000] [--runs 5] [--json bench/results.json]
       [--shape flat,many-groups,skewed,long-logs]   (one or more; the table shows the worst first)
       python bench/run.py --table bench/results.json      (print the saved table again)

Every figure is the median wall time of whole processes, run interleaved with `python3 -c pass`
(the interpreter itself) in the same rounds, so each ratio compares like with like. Peak memory is
each process's own maximum resident size (each is started by a small launcher process, not by the
runner, whose own memory a child would report). Taskwarrior runs when `task` is on PATH.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

HISTORY_COMMITS = 100


@dataclass
class Case:
    """One command to time, what to do before each run, and its Taskwarrior counterpart."""

    name: str
    ledger: Callable[[int], list[str]]
    prepare: Callable[[int], None] = lambda run: None
    peer: Callable[[int], list[str]] | None = None
    peer_name: str = ""
    samples: list[float] = field(default_factory=list)
    peer_samples: list[float] = field(default_factory=list)
    memory: list[int] = field(default_factory=list)


# Runs each timed command. A child forked from the runner itself would report the runner's own
# memory (the generated ledger it holds) as its peak: the kernel keeps the largest resident size a
# process had, and before exec a child is a copy of its parent. This launcher starts small.
LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    start = time.perf_counter()
    process = subprocess.Popen(job["command"], env=job["env"], cwd=job["cwd"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    print(json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Launcher:
    """A small process that runs commands one at a time and reports their time and peak memory."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, command: list[str], env: dict, cwd: Path) -> tuple[float, int]:
        """Wall time (s) and peak resident memory (KiB) of one whole process; fail if it fails."""
        job = {"command": command, "env": env, "cwd": str(cwd)}
        self.process.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit("the launcher ended")
        elapsed, kib, code = json.loads(answer)
        if code != 0:
            raise SystemExit(f"failed ({code}): {' '.join(command)}")
        return elapsed, kib

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def cases_for(
    root: Path, env: dict, written: dict, ledger: str, task: str | None, work: Path
) -> list[Case]:
    """The commands of the comparison, on measures picked from the generated ledger."""
    first_path = sorted(written)[len(written) // 2]
    measures = [m for ms in written.values() for m in ms]
    shown = written[first_path][0]
    # The unit leading most measures: on a skewed province, the one that leads a quarter.
    leads: dict[str, int] = {}
    for m in measures:
        leads[m.lead_unit] = leads.get(m.lead_unit, 0) + 1
    unit = max(leads, key=leads.__getitem__)
    editable = next(
        m
        for path, ms in written.items()
        if path != first_path
        for m in ms
        if m.status == "in_progress" and m.progress < 50
    )
    logged = max(written.values(), key=lambda ms: sum(len(m.log) for m in ms))[0]
    uuid_of = {m.id: generate.taskwarrior_uuid(m.id) for m in measures}
    edited = root / first_path
    original = edited.read_text("utf-8")
    note = root / "bench-note.txt"

    def edit(run: int) -> None:
        edited.write_text(original + f"# 第 {run} 次编辑\n", "utf-8")

    def fresh_cache(run: int) -> None:
        shutil.rmtree(env["LEDGER_CACHE_DIR"], ignore_errors=True)

    def stage_note(run: int) -> None:
        note.write_text(f"{run}\n", "utf-8")
        subprocess.run(["git", "add", note.name], cwd=root, check=True)

    clone = work / "bench-clone"

    def new_clone(run: int) -> None:
        # What CI starts from: a fresh clone (every file's identity new) with the cache restored.
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)

    tw = [task] if task else None
    return [
        Case(
            "status",
            lambda r: [ledger, "status"],
            peer=tw and (lambda r: [*tw, "summary"]),
            peer_name="task summary",
        ),
        Case(
            "list --unit X",
            lambda r: [ledger, "list", "--unit", unit],
            peer=tw and (lambda r: [*tw, f"unit:{unit}", "list"]),
            peer_name="task unit:X list",
        ),
        Case(
            "list --all",
            lambda r: [ledger, "list", "--all"],
            peer=tw and (lambda r: [*tw, "list"]),
            peer_name="task list",
        ),
        Case(
            "show ID",
            lambda r: [ledger, "show", shown.id],
            peer=tw and (lambda r: [*tw, uuid_of[shown.id], "info"]),
            peer_name="task UUID info",
        ),
        Case(
            "unit X",
            lambda r: [ledger, "unit", unit],
            peer=tw and (lambda r: [*tw, f"unit:{unit}", "all"]),
            peer_name="task unit:X all",
        ),
        Case("units", lambda r: [ledger, "units"]),
        Case("status -f json", lambda r: [ledger, "status", "--format", "json"]),
        Case(
            "export -f json",
            lambda r: [ledger, "export"],
            peer=tw and (lambda r: [*tw, "export"]),
            peer_name="task export",
        ),
        Case(
            "export -f xlsx",
            lambda r: [ledger, "export", "-f", "xlsx", "-o", str(work / "bench.xlsx")],
        ),
        Case("site", lambda r: [ledger, "site", str(work / "bench-site")]),
        Case("reminders", lambda r: [ledger, "reminders"]),
        Case("assess", lambda r: [ledger, "assess"]),
        Case("report", lambda r: [ledger, "report", "--since", "2025-01-01"]),
        Case("validate (warm)", lambda r: [ledger, "validate"]),
        Case("fmt --check", lambda r: [ledger, "fmt", "--check"]),
        Case("log ID", lambda r: [ledger, "log", logged.id]),
        Case("changes", lambda r: [ledger, "changes", "--since", "2025-01-01"]),
        Case(
            "update --commit",
            lambda r: [
                ledger,
                "update",
                editable.id,
                "--progress",
                str(editable.progress + 1 + r),
                "--note",
                "合成进展。",
                "--commit",
            ],
            peer=tw
            and (
                lambda r: [
                    *tw,
                    uuid_of[editable.id],
                    "modify",
                    f"progress:{editable.progress + 1 + r}",
                ]
            ),
            peer_name="task UUID modify",
        ),
        Case(
            "git commit (one file)",
            lambda r: ["git", "commit", "-q", "-m", f"合成 {r}"],
            prepare=stage_note,
        ),
        Case("status after one edit", lambda r: [ledger, "status"], prepare=edit),
        # The cold start a user meets: the first validate after changing a file.
        Case(
            "validate after one edit",
            lambda r: [ledger, "validate"],
            prepare=lambda r: edit(100 + r),
        ),
        Case(
            "validate (new clone, cache restored)",
            lambda r: [ledger, "--root", str(clone), "validate"],
            prepare=new_clone,
        ),
        Case("fmt --check (new clone)", lambda r: [ledger, "--root", str(clone), "fmt", "--check"]),
        Case("validate (cold: empty cache)", lambda r: [ledger, "validate"], prepare=fresh_cache),
        Case("status (warm, after the above)", lambda r: [ledger, "status"]),
    ]


def measure_size(
    tasks: int, runs: int, work: Path, ledger: str, launcher: Launcher, shape: str = "flat"
) -> dict:
    """Generate a ledger of `tasks` tasks and its Taskwarrior twin; time every case."""
    root, tw_folder = work / f"ledger-{tasks}", work / f"taskwarrior-{tasks}"
    started = time.perf_counter()
    written = generate.build(root, tasks, shape=generate.SHAPES[shape])
    generate.history(root, written, min(HISTORY_COMMITS, tasks), seed=1)
    task = shutil.which("task")
    rc = generate.taskwarrior(tw_folder, written) if task else None
    built = time.perf_counter() - started
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "LEDGER_TODAY": "2025-06-30",
        "LEDGER_CACHE_DIR": str(work / f"cache-{tasks}"),
        "GIT_AUTHOR_NAME": "合成数据",
        "GIT_AUTHOR_EMAIL": "synthetic@example.invalid",
        "GIT_COMMITTER_NAME": "合成数据",
        "GIT_COMMITTER_EMAIL": "synthetic@example.invalid",
    }
    # As installed for a user, the modules' bytecode is written once and then read, not compiled
    # again on every command (a sandbox may forbid writing it: that would time the compiler).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if rc:
        env["TASKRC"] = str(rc)
    cases = cases_for(root, env, written, ledger, task and f"{task}", work)
    baseline = [os.path.realpath(sys.executable), "-c", "pass"]
    base: list[float] = []
    for run in range(runs):
        # The caches as a user's second command finds them: every round starts warm, although the
        # previous one ended by emptying them (untimed). `export` keeps each task's JSON of its own,
        # `site` each task's progress entries.
        site = str(work / "bench-site")
        for warm in (["status"], ["validate"], ["fmt", "--check"], ["export"], ["site", site]):
            launcher.run([ledger, *warm], env, root)
        # What was written before a timed command (the warm-up's gigabyte page, the command before,
        # a case's preparation) is flushed to disk first, untimed: the disk writing it behind the
        # timed command would slow it by what another command left.
        os.sync()
        base.append(launcher.run(baseline, env, root)[0])
        for case in cases:
            case.prepare(run)
            os.sync()
            seconds, kib = launcher.run(case.ledger(run), env, root)
            case.samples.append(seconds)
            case.memory.append(kib)
            if case.peer:
                os.sync()
                case.peer_samples.append(launcher.run(case.peer(run), env, root)[0])
    measures = sum(len(m) for m in written.values())
    python = statistics.median(base)
    rows = []
    for case in cases:
        median = statistics.median(case.samples)
        row = {
            "case": case.name,
            "seconds": round(median, 4),
            "ratio": round(median / python, 1),
            "peak_mib": round(max(case.memory) / 1024),
        }
        if case.peer_samples:
            row |= {
                "peer": case.peer_name,
                "peer_seconds": round(statistics.median(case.peer_samples), 4),
            }
        rows.append(row)
    shutil.rmtree(work / f"cache-{tasks}", ignore_errors=True)
    shutil.rmtree(work / "bench-clone", ignore_errors=True)
    return {
        "tasks": tasks,
        "shape": shape,
        "measures": measures,
        "entries": sum(len(m.log) for ms in written.values() for m in ms),
        "runs": runs,
        "python_seconds": round(python, 4),
        "build_seconds": round(built, 1),
        "rows": rows,
    }


def fmt(seconds: float) -> str:
    """A duration the way the table shows it."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


SHAPE_NOTES = {
    "flat": "每组 100 个任务、5 组一区（生成器原有的形状）",
    "many-groups": "成千上万个 2–4 个任务的小组",
    "skewed": "小组 + 一个单位牵头四分之一的措施 + 6% 的措施有 50–100 条进展",
    "long-logs": "每项已开展的措施都有 50–100 条进展",
}


def shapes_worst_first(results: dict) -> list[str]:
    """The shapes measured, slowest first: by their commands' total time at the largest size
    every shape was measured at (each shape's own largest when they share none)."""
    by_shape: dict[str, dict[int, dict]] = {}
    for size in results["sizes"].values():
        by_shape.setdefault(size.get("shape", "flat"), {})[size["tasks"]] = size
    shared = set.intersection(*(set(sizes) for sizes in by_shape.values())) if by_shape else set()

    def cost(shape: str) -> float:
        sizes = by_shape[shape]
        size = sizes[max(shared)] if shared else sizes[max(sizes)]
        return sum(row["seconds"] for row in size["rows"])

    return sorted(by_shape, key=cost, reverse=True)


def behind(row: dict, size: dict) -> bool:
    """A read slower than its Taskwarrior peer; a write over 3× `task modify` + `git commit`."""
    if "peer_seconds" not in row:
        return False
    if row["case"] != "update --commit":
        return row["seconds"] > row["peer_seconds"]
    git = next((r["seconds"] for r in size["rows"] if r["case"] == "git commit (one file)"), 0)
    return row["seconds"] > 3 * (row["peer_seconds"] + git)


def _cell(row: dict, size: dict) -> str:
    cell = f"{fmt(row['seconds'])} ({row['ratio']}×, {row['peak_mib']} MiB)"
    if "peer_seconds" in row:
        mark = " ⚠" if behind(row, size) else ""
        cell += f"<br>`{row['peer']}` {fmt(row['peer_seconds'])}{mark}"
    return cell


def shape_table(results: dict, shape: str) -> str:
    """The Markdown table of one shape: one row per command, one column per size."""
    sizes = sorted(
        (s for s in results["sizes"].values() if s.get("shape", "flat") == shape),
        key=lambda s: s["tasks"],
    )
    head = ["命令"] + [
        f"{s['tasks']:,} 任务<br>{s['measures']:,} 措施<br>{s.get('entries', 0):,} 条进展"
        + (f"<br>（{s['runs']} 轮）" if s["runs"] != max(x["runs"] for x in sizes) else "")
        for s in sizes
    ]
    lines = [f"**{shape}**：{SHAPE_NOTES.get(shape, shape)}", ""]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.append(
        "| `python3 -c pass` | " + " | ".join(fmt(s["python_seconds"]) for s in sizes) + " |"
    )
    names = list(dict.fromkeys(row["case"] for size in sizes for row in size["rows"]))
    for name in names:
        cells = []
        for size in sizes:
            row = next((r for r in size["rows"] if r["case"] == name), None)
            cells.append("—" if row is None else _cell(row, size))
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(results: dict) -> str:
    """Every shape's table, the worst shape first, and the machine they were measured on."""
    parts = [shape_table(results, shape) for shape in shapes_worst_first(results)]
    machine = results.get("machine", {})
    parts.append(
        f"{machine.get('cpus', '?')} 核，{machine.get('python', '')}，{machine.get('taskwarrior', '')}；"
        "每格为中位数（× 为相对 `python3 -c pass` 的倍数，MiB 为进程内存峰值；"
        "⚠ 表示慢于 Taskwarrior 的对应命令，`update --commit` 则是超过 `task modify` 加 `git commit` 的 3 倍）。"
    )
    return "\n\n".join(parts)


# The commands the README shows for each shape, with the Taskwarrior peer each is compared with.
README_CASES = (
    "status",
    "list --unit X",
    "list --all",
    "show ID",
    "unit X",
    "units",
    "status -f json",
    "export -f json",
    "export -f xlsx",
    "site",
    "reminders",
    "assess",
    "report",
    "validate (warm)",
    "fmt --check",
    "update --commit",
    "validate (new clone, cache restored)",
    "fmt --check (new clone)",
    "validate (cold: empty cache)",
)


def _short(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def readme_table(results: dict) -> str:
    """Compact tables for the README: every shape, worst first; ledger / Taskwarrior per size."""
    parts = []
    for shape in shapes_worst_first(results):
        sizes = sorted(
            (s for s in results["sizes"].values() if s.get("shape", "flat") == shape),
            key=lambda s: s["tasks"],
        )
        head = ["命令"] + [f"{s['tasks']:,} 任务" for s in sizes]
        lines = [f"**{shape}**：{SHAPE_NOTES.get(shape, shape)}", ""]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines.append(
            "| `python3 -c pass` | " + " | ".join(_short(s["python_seconds"]) for s in sizes) + " |"
        )
        for name in README_CASES:
            rows = [next((r for r in s["rows"] if r["case"] == name), None) for s in sizes]
            if not any(rows):
                continue
            peer = next((r["peer"] for r in rows if r and "peer" in r), None)
            label = f"`{name}`" + (f" / `{peer}`" if peer else "")
            cells = []
            for size, row in zip(sizes, rows, strict=True):
                if row is None:
                    cells.append("—")
                elif "peer_seconds" in row:
                    mark = " ⚠" if behind(row, size) else ""
                    cells.append(f"{_short(row['seconds'])} / {_short(row['peer_seconds'])}{mark}")
                else:
                    cells.append(_short(row["seconds"]))
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        peaks = [max(r["peak_mib"] for r in s["rows"]) for s in sizes]
        lines.append("| 内存峰值最大的命令 | " + " | ".join(f"{p} MiB" for p in peaks) + " |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def main() -> None:
    """Measure the sizes asked for, merge them into the JSON file, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("bench/results.json"))
    parser.add_argument(
        "--work", type=Path, help="generate here and keep it (default: a temporary folder)"
    )
    parser.add_argument("--table", type=Path, help="only print the table of a saved JSON file")
    parser.add_argument(
        "--readme", action="store_true", help="with --table: the compact tables the README shows"
    )
    parser.add_argument(
        "--shape",
        default="flat",
        help="one or more of " + ",".join(sorted(generate.SHAPES)) + " (see bench/generate.py)",
    )
    args = parser.parse_args()
    if args.table:
        saved = json.loads(args.table.read_text("utf-8"))
        print(readme_table(saved) if args.readme else table(saved))
        return
    ledger = shutil.which("ledger")
    if ledger is None:
        raise SystemExit("ledger is not on PATH: pip install -e . first")
    results = json.loads(args.json.read_text("utf-8")) if args.json.exists() else {"sizes": {}}
    task = shutil.which("task")
    version = (
        subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()
        if task
        else ""
    )
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "taskwarrior": f"Taskwarrior {version}" if version else "Taskwarrior 未安装",
        "date": dt.date.today().isoformat(),
    }
    shapes = args.shape.split(",")
    unknown = [shape for shape in shapes if shape not in generate.SHAPES]
    if unknown:
        parser.error(
            f"unknown shape {unknown[0]!r}: choose from {', '.join(sorted(generate.SHAPES))}"
        )
    work = args.work or Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    launcher = Launcher()  # while this process is still small
    for shape in shapes:
        for size in (int(s) for s in args.sizes.split(",")):
            shutil.rmtree(work / f"ledger-{size}", ignore_errors=True)
            shutil.rmtree(work / f"taskwarrior-{size}", ignore_errors=True)
            result = measure_size(size, args.runs, work, ledger, launcher, shape)
            key = str(size) if shape == "flat" else f"{size}-{shape}"
            results["sizes"][key] = result
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
            print(f"{shape} {size} done (built in {result['build_seconds']} s)", file=sys.stderr)
            shutil.rmtree(work / f"ledger-{size}", ignore_errors=True)
            shutil.rmtree(work / f"taskwarrior-{size}", ignore_errors=True)
    launcher.close()
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(table(results))


if __name__ == "__main__":
    main()
