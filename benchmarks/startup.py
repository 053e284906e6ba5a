"""Benchmark: how long `ngocoord --help` takes beyond starting Python itself.

Runs `ngocoord --help` (the console script next to this Python, else `python -m ngocoord`)
and bare `python -c pass` alternately, N times each after one untimed warm-up run of each,
and reports the median and minimum wall time of both and the difference of the medians.

Goal: `ngocoord --help` at most 100 ms more than bare Python (issue 20).

Children run with their compiled bytecode cached in a temporary PYTHONPYCACHEPREFIX (filled
by the warm-up), as an installed ngocoord has its .pyc files; an editable install run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile ngocoord's sources in every run. Give
--as-is to run the children in this environment unchanged.

Then lists the modules with the largest cumulative import time in
`python -X importtime -c "import ngocoord.cli.app"` (best of a few runs per module).

    python benchmarks/startup.py            # 20 runs each
    python benchmarks/startup.py -n 50 --top 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

from common import cli_command

GOAL_MS = 100.0


def wall_ms(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
    )
    return (time.perf_counter() - start) * 1000


def import_times(runs: int, env: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Module -> (self µs, cumulative µs), the fastest of `runs` runs for each module."""
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import ngocoord.cli.app"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            fields = line[len("import time:") :].split("|")
            if len(fields) != 3 or not fields[0].strip().isdigit():
                continue  # the column titles
            own, total, module = int(fields[0]), int(fields[1]), fields[2].strip()
            if module not in best or total < best[module][1]:
                best[module] = (own, total)
    return best


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-n", "--runs", type=int, default=20, help="timed runs of each (20)")
    parser.add_argument("--top", type=int, default=10, help="modules to list (10)")
    parser.add_argument(
        "--importtime-runs", type=int, default=5, help="-X importtime runs; best of (5)"
    )
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="run the children in this environment (no temporary bytecode cache)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if args.as_is:
        return measure(args, env, "as in this environment")
    with tempfile.TemporaryDirectory(prefix="ngocoord-pycache-") as cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
        return measure(args, env, "cached in a temporary PYTHONPYCACHEPREFIX by the warm-up")


def measure(args: argparse.Namespace, env: dict[str, str], bytecode: str) -> int:
    cli = [*cli_command(), "--help"]
    bare = [sys.executable, "-c", "pass"]
    print(f"python:   {sys.executable} ({sys.version.split()[0]})")
    print(f"ngocoord: {' '.join(cli)}")
    print(f"machine:  {os.cpu_count()} CPU(s); {args.runs} runs each, alternating, after 1 warm-up")
    print(f"bytecode: {bytecode}")
    print()

    wall_ms(bare, env)  # warm-up: file cache, .pyc files
    wall_ms(cli, env)
    times: dict[str, list[float]] = {"bare": [], "cli": []}
    for _ in range(args.runs):
        times["bare"].append(wall_ms(bare, env))
        times["cli"].append(wall_ms(cli, env))

    med = {k: statistics.median(v) for k, v in times.items()}
    low = {k: min(v) for k, v in times.items()}
    print(f"{'':<26} {'median ms':>10} {'min ms':>8}")
    print(f"{'python -c pass':<26} {med['bare']:>10.1f} {low['bare']:>8.1f}")
    print(f"{'ngocoord --help':<26} {med['cli']:>10.1f} {low['cli']:>8.1f}")
    extra = med["cli"] - med["bare"]
    verdict = "PASS" if extra <= GOAL_MS else "FAIL"
    print(f"{'difference of medians':<26} {extra:>10.1f}   (goal <= {GOAL_MS:.0f} ms)   {verdict}")
    print()

    found = import_times(args.importtime_runs, env)
    ranked = sorted(found.items(), key=lambda item: item[1][1], reverse=True)[: args.top]
    print(
        f"top {args.top} modules by cumulative import time "
        f'(python -X importtime -c "import ngocoord.cli.app", best of {args.importtime_runs}):'
    )
    print(f"{'cumulative ms':>14} {'self ms':>8}  module")
    for module, (own, total) in ranked:
        print(f"{total / 1000:>14.1f} {own / 1000:>8.1f}  {module}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
