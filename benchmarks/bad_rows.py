"""Benchmark: a roster of 100,000 bad rows is reported as fast as 100,000 good ones are imported.

Writes two rosters of the same shape as `roster_import.py` (title row, Bangla headers), one
with every row good and one with the mobile number of every row wrong, then runs the whole
`ngocoord ngo import FILE` command on each, into a new register, and prints the wall time and
the peak memory (RSS) of each run. The bad import prints its first 20 problems, counts the
rest and writes every one to FILE.rejected.xlsx.

Goal: the bad file within 2x the time of the good one, under 500 MB.

    python benchmarks/bad_rows.py              # 100,000 rows
    python benchmarks/bad_rows.py --rows 20000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import cli_command, load, versions

DISTRICT = "দিনাজপুর"


def generate(folder: Path, rows: int) -> tuple[Path, Path]:
    """Both rosters, written in a child process without lxml (see roster_import.make_roster)."""
    good, bad = folder / "good.xlsx", folder / "bad.xlsx"
    script = f"""
import random, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from openpyxl import Workbook
import roster_import as r
for path, broken in (({str(good)!r}, False), ({str(bad)!r}, True)):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("তালিকা")
    ws.append([r.TITLE]); ws.append([]); ws.append(r.HEADERS)
    rng = random.Random(1)
    for i in range(1, {rows} + 1):
        row = r.roster_row(i, rng, True)
        if broken:
            row[5] = "০১২৩-" + r.bn(i)  # not a mobile: one problem in every row
        ws.append(row)
    wb.save(path)
"""
    env = {**os.environ, "OPENPYXL_LXML": "False"}
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    return good, bad


def run(db: Path, path: Path) -> tuple[float, float, int, str]:
    """Seconds, peak RSS in MB, exit status and the last lines printed, of one import."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    init = [*cli_command(), "--db", str(db), "init", "--district", DISTRICT]
    subprocess.run(init, check=True, capture_output=True, env=env)
    start = time.perf_counter()
    child = subprocess.Popen(
        [*cli_command(), "--db", str(db), "ngo", "import", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    text = output.decode("utf-8", "replace")
    tail = "\n".join(text.splitlines()[-3:])
    return seconds, usage.ru_maxrss / 1024, child.returncode, f"{len(text):,} characters: {tail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    print(versions() + load())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good, bad = generate(folder, args.rows)
        g_time, g_mem, g_code, g_tail = run(folder / "good.sqlite", good)
        b_time, b_mem, b_code, b_tail = run(folder / "bad.sqlite", bad)
        rejects = folder / "bad.rejected.xlsx"
        print(f"good: {g_time:.1f} s, {g_mem:.0f} MB, exit {g_code}; printed {g_tail}")
        print(f"bad:  {b_time:.1f} s, {b_mem:.0f} MB, exit {b_code}; printed {b_tail}")
        print(
            f"rejects workbook: {rejects.stat().st_size / 1e6:.1f} MB" if rejects.exists() else ""
        )
        ratio = b_time / g_time
        verdict = "PASS" if ratio <= 2 and b_mem < 500 else "FAIL"
        print(
            f"bad / good = {ratio:.2f}x (goal ≤ 2x), bad peak {b_mem:.0f} MB (goal < 500): "
            + verdict
        )


if __name__ == "__main__":
    main()
