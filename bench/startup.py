"""Median wall time of ledger commands against `python3 -c pass`, interleaved runs.

Usage: python bench/startup.py [--runs N] [--root DIR] -- "ledger status" "ledger --help" ...
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def main() -> None:
    """Run each command N times, interleaved, and print medians and ratios to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=f"{shlex.quote(sys.executable)} -c pass")
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    commands = [args.baseline, *args.commands]
    samples: dict[str, list[float]] = {command: [] for command in commands}
    for command in commands:  # warm the file cache and byte-code once
        subprocess.run(shlex.split(command), env=env, stdout=subprocess.DEVNULL, check=False)
    for _ in range(args.runs):
        for command in commands:
            start = time.perf_counter()
            subprocess.run(shlex.split(command), env=env, stdout=subprocess.DEVNULL, check=False)
            samples[command].append(time.perf_counter() - start)
    base = statistics.median(samples[args.baseline])
    for command in commands:
        median = statistics.median(samples[command])
        print(f"{median * 1000:8.1f} ms  {median / base:5.1f}x  {command}")


if __name__ == "__main__":
    main()
