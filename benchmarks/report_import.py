"""Benchmark: importing a folder of NGO monthly report workbooks (default 1,000) into a register.

Generates (not timed) a register for Dinajpur with N NGOs (a roster CSV with codes, taken in
with `import_roster`) and one filled report workbook per NGO for January 2021: `write_template`
fills in code, name and month, then openpyxl fills the header block and 3-10 project rows
(some counts and amounts typed as Bengali-digit text, as NGOs do). Then times, in one run:

  a. `import_reports(register, files, received)` in-process, into a fresh register each run,
  b. the floor: python-calamine reading each file's first sheet + sqlite3 executemany of the
     project rows into a plain table, one commit per file (ngocoord commits each file too);
     b' the same floor with one commit for the whole folder, for reference,
  c. the whole `ngocoord --db FILE report import FOLDER --received-on 2021-02-05` command,
     as a subprocess, into a fresh register,
  d. the same command for the first 70 files only,
  e. `import_reports` again on the register of a. (every file unchanged).

Goals: the import within 2x the floor; 70 files in under 2 seconds (the whole command).

    python benchmarks/report_import.py                  # 1,000 workbooks, 3 runs per step
    python benchmarks/report_import.py --files 200 --repeat 1 --profile
    python benchmarks/report_import.py --keep /tmp/reports   # keep (and later reuse) the files
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import cli_command, load, profile_text, versions
from floors import report as floor

if TYPE_CHECKING:
    from ngocoord.intake.report_batch import Batch
    from ngocoord.store.db import Register

DISTRICT = "দিনাজপুর"
MONTH = "2021-01"
RECEIVED = date(2021, 2, 5)  # after the month, before the due day
SMALL_BATCH = 70
GOAL_RATIO = 2.0
GOAL_SMALL_SECONDS = 2.0
FORMAT_VERSION = 1  # of the generated set; bump when the generator changes (--keep reuse)

_BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
PROJECTS = [
    "নারী শিক্ষা কার্যক্রম",
    "নিরাপদ পানি ও স্যানিটেশন",
    "মা ও শিশু স্বাস্থ্য",
    "ক্ষুদ্রঋণ ও সঞ্চয়",
    "দুর্যোগ প্রস্তুতি",
    "শিশু সুরক্ষা",
    "কৃষি উন্নয়ন",
    "প্রতিবন্ধী পুনর্বাসন",
    "কিশোরী ক্লাব",
    "জলবায়ু সহনশীল জীবিকা",
]
DONORS = ["ইউনিসেফ", "WaterAid", "USAID", "ব্র্যাক", "পিকেএসএফ", "Plan International", None]
ACTIVITIES = [
    "উঠান বৈঠক ১২টি, স্কুল পরিদর্শন ৪টি",
    "নলকূপ স্থাপন ৩টি; স্বাস্থ্য শিক্ষা সেশন",
    "গর্ভবতী মায়েদের চেক-আপ, টিকা সহায়তা",
    "ঋণ বিতরণ ও কিস্তি আদায়",
    "Training of 25 volunteers; 2 drills",
    None,
]
PEOPLE = ["মোঃ আব্দুল হাকীম", "সালমা খাতুন", "রফিকুল ইসলাম", "নাসরিন আক্তার", "কামরুল হাসান"]
DESIGNATIONS = ["প্রজেক্ট কো-অর্ডিনেটর", "নির্বাহী পরিচালক", "হিসাবরক্ষক", "এরিয়া ম্যানেজার"]


def bn(value: object) -> str:
    """Bengali digits, as NGOs type them with Avro or Bijoy."""
    return str(value).translate(_BN)


def code_of(i: int) -> str:
    return f"N{i:05d}"


def name_of(i: int) -> str:
    return f"উন্নয়ন সংস্থা {bn(i)}"


# --------------------------------------------------------------------------- generating


def write_roster(path: Path, count: int) -> None:
    """A roster CSV: code, Bangla and English names, working area."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["এনজিও কোড", "সংস্থার নাম", "Name of NGO", "কর্ম এলাকা (উপজেলা)"])
        for i in range(1, count + 1):
            out.writerow([code_of(i), name_of(i), f"Unnayan Sangstha {i}", "সকল উপজেলা"])


def new_register(db: Path) -> Register:
    """A new SQLite register for Dinajpur (create_register + offices.set_up)."""
    from ngocoord import places
    from ngocoord.store import offices
    from ngocoord.store.db import create_register

    db.parent.mkdir(parents=True, exist_ok=True)
    register = create_register(f"sqlite:///{db.resolve()}")
    with register.session() as s:
        offices.set_up(s, places.find_district(DISTRICT), None)
    return register


def build_base_register(db: Path, roster: Path) -> None:
    """The register every measured run starts from: offices and the NGOs, no reports."""
    from ngocoord.intake.roster_file import import_roster

    register = new_register(db)
    try:
        with register.session() as s:
            result = import_roster(s, roster)
        if len(result.added) != sum(1 for _ in roster.open(encoding="utf-8")) - 1:
            raise RuntimeError(f"roster import added {len(result.added)} NGOs, not all of them")
    finally:
        register.close()


def fresh_copy(base: Path, db: Path) -> Path:
    """A copy of the base register (SQLite's backup API, so the WAL is folded in)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    src = sqlite3.connect(base)
    try:
        out = sqlite3.connect(db)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=WAL")
        finally:
            out.close()
    finally:
        src.close()
    return db


def project_rows(
    rng: random.Random, upazilas: Sequence[str], sectors: Sequence[str]
) -> list[list[Any]]:
    """3-10 project rows; about a third of the numbers typed as Bengali-digit text."""
    rows: list[list[Any]] = []
    for n in range(1, rng.randint(3, 10) + 1):
        male, female, children = (rng.randint(0, 900) for _ in range(3))
        budget = rng.randint(1, 400) * 25_000
        spent = round(budget / 12 * rng.uniform(0.3, 1.4), 2)
        counts: list[Any] = [male, female, children]
        if rng.random() < 0.35:
            counts = [bn(c) for c in counts]
        budget_cell: Any = budget
        spent_cell: Any = spent
        if rng.random() < 0.35:
            budget_cell = bn(f"{budget:,}")
            spent_cell = bn(f"{spent:,.2f}")
        rows.append(
            [
                bn(n),
                f"{rng.choice(PROJECTS)} - {bn(rng.randint(1, 9))}",
                rng.choice(DONORS),
                rng.choice(upazilas),
                rng.choice(sectors),
                *counts,
                budget_cell,
                spent_cell,
                rng.choice(ACTIVITIES),
            ]
        )
    return rows


def write_reports(folder: str, first: int, last: int, seed: int) -> int:
    """Reports of NGOs first..last (inclusive); the number of project rows written.

    Runs in a worker process: the arguments and the result are plain values.
    """
    from openpyxl import load_workbook

    from ngocoord import places
    from ngocoord.intake import report_format as rf
    from ngocoord.intake.report_template import layout, write_template

    upazilas = [u.bn for u in places.upazilas_of(places.find_district(DISTRICT))]
    pos = layout()
    head = pos.header_rows
    lines = 0
    for i in range(first, last + 1):
        rng = random.Random(seed * 1_000_003 + i)
        path = Path(folder) / rf.template_name(MONTH, code_of(i))
        write_template(path, code=code_of(i), name=name_of(i), month=MONTH, upazilas=upazilas)
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        ws.cell(head["prepared_by"], 2).value = rng.choice(PEOPLE)
        ws.cell(head["designation"], 2).value = rng.choice(DESIGNATIONS)
        ws.cell(head["mobile"], 2).value = bn(f"017{rng.randint(10_000_000, 99_999_999)}")
        ws.cell(head["report_date"], 2).value = bn(f"0{rng.randint(1, 5)}.02.2021")
        rows = project_rows(rng, upazilas, rf.SECTORS)
        for r, row in enumerate(rows):
            for c, value in enumerate(row, start=1):
                ws.cell(pos.first_entry_row + r, c).value = value
        wb.save(path)
        lines += len(rows)
    return lines


def generate(work: Path, files: int, seed: int, jobs: int) -> tuple[Path, Path, int]:
    """The roster, the base register and the reports folder in `work`; reused when the
    folder already holds a set made with the same parameters (see --keep)."""
    reports = work / "reports"
    base = work / "base.sqlite"
    roster = work / "roster.csv"
    manifest = work / "manifest.json"
    wanted = {"files": files, "seed": seed, "format": FORMAT_VERSION}
    if manifest.exists():
        found = json.loads(manifest.read_text(encoding="utf-8"))
        if {k: found.get(k) for k in wanted} == wanted and base.exists():
            print(f"reports:  reusing {files:,} workbooks in {reports} ({found['lines']:,} rows)")
            return base, reports, int(found["lines"])
        sys.exit(f"{work} holds another generated set ({found}); give a new or empty folder")
    reports.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    write_roster(roster, files)
    build_base_register(base, roster)
    took_register = time.perf_counter() - start
    start = time.perf_counter()
    step = max(1, -(-files // (jobs * 8)))
    chunks = [(str(reports), a, min(a + step - 1, files), seed) for a in range(1, files + 1, step)]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            lines = sum(pool.map(write_reports, *zip(*chunks, strict=True)))
    else:
        lines = sum(write_reports(*chunk) for chunk in chunks)
    took_reports = time.perf_counter() - start
    manifest.write_text(json.dumps({**wanted, "lines": lines}), encoding="utf-8")
    size = sum(p.stat().st_size for p in reports.iterdir()) / 1e6
    print(f"register: {files:,} NGOs imported from a roster CSV in {took_register:.1f} s")
    print(f"reports:  {files:,} workbooks, {lines:,} project rows, {size:.1f} MB, written in")
    print(f"          {took_reports:.1f} s with {jobs} process(es) (not part of the figures)")
    return base, reports, lines


# --------------------------------------------------------------------------- the contenders


def ngocoord_import(register: Register, folder: Path) -> Batch:
    from ngocoord.intake.report_batch import import_reports
    from ngocoord.intake.report_file import collect

    return import_reports(register, collect([folder]), lambda _path: RECEIVED)


def open_copy(base: Path, db: Path) -> Register:
    from ngocoord.store.db import open_register

    fresh_copy(base, db)
    return open_register(f"sqlite:///{db.resolve()}")


def cli_env(bytecode_cache: Path | None) -> dict[str, str]:
    """The subprocesses' environment: with their bytecode cached in `bytecode_cache` (as an
    installed ngocoord has its .pyc files), else as this one."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    if bytecode_cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


def cli_import(db: Path, folder: Path, env: dict[str, str]) -> str:
    """`ngocoord report import FOLDER`; its summary line."""
    day = RECEIVED.isoformat()
    done = subprocess.run(
        [*cli_command(), "--db", str(db), "report", "import", str(folder), "--received-on", day],
        capture_output=True,
        env=env,
    )
    out = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace")
        raise RuntimeError(f"ngocoord report import exited {done.returncode}:\n{err[-2000:]}")
    summary = [line for line in out.splitlines() if " file(s): " in line]
    return summary[-1] if summary else "(no summary line)"


# --------------------------------------------------------------------------- measuring


@dataclass
class Figure:
    label: str
    runs: list[float]
    files: int
    rows: int
    floor: float | None = None  # seconds of the floor for the same files
    note: str = ""

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None

    def line(self) -> str:
        ratio = f"{self.ratio:.2f}x" if self.ratio is not None else ""
        spread = f"min {min(self.runs):.2f}" if len(self.runs) > 1 else ""
        return (
            f"{self.label:<44} {self.seconds:>8.2f} {spread:>9} {self.files / self.seconds:>8,.0f} "
            f"{self.rows / self.seconds:>9,.0f} {ratio:>7}  {self.note}"
        ).rstrip()


HEADING = f"{'step':<44} {'seconds':>8} {'':>9} {'files/s':>8} {'rows/s':>9} {'/floor':>7}  result"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    import gc

    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def describe(batch: Batch, expected: str, files: int) -> str:
    """The batch's counts, flagged when they are not `expected` for every file."""
    counts = {s: batch.count(s) for s in ("imported", "unchanged", "superseded", "rejected")}
    text = ", ".join(f"{n:,} {s}" for s, n in counts.items() if n)
    if counts[expected] != files or len(batch.outcomes) != files:
        text += "  <-- UNEXPECTED"
        for o in batch.rejected[:3]:
            text += f"\n      {o.file.name}: {o.reason}"
    return text


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def profile_import(base: Path, folder: Path, work: Path, top: int) -> str:
    """cProfile of one more in-process import into a fresh register (not in the figures)."""
    register = open_copy(base, work / "profiled.sqlite")
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        try:
            ngocoord_import(register, folder)
        finally:
            profiler.disable()
    finally:
        register.close()
    return profile_text(profiler, top, "cumulative")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--files", type=int, default=1_000, help="report workbooks (and NGOs)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="measured runs of each step; the median is shown"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="generate in DIR and keep it; a DIR holding a set made with the same --files and "
        "--seed is reused without generating again; without it, a temporary folder is used",
    )
    parser.add_argument("--seed", type=int, default=2021, help="random seed of the reports")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes writing the workbooks"
    )
    parser.add_argument("--skip-cli", action="store_true", help="skip c and d (subprocesses)")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="run the subprocesses in this environment unchanged; without it they run with "
        "their bytecode cached in a temporary PYTHONPYCACHEPREFIX by an untimed warm-up run, as "
        "an installed ngocoord has its .pyc files",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one more in-process import (a) and print the top functions "
        "by cumulative time",
    )
    parser.add_argument("--top", type=int, default=20, help="functions listed by --profile")
    args = parser.parse_args(argv)
    if args.files < 1 or args.repeat < 1:
        parser.error("--files and --repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep:
        work = Path(args.keep).resolve()
        work.mkdir(parents=True, exist_ok=True)
        if any(work.iterdir()) and not (work / "manifest.json").exists():
            sys.exit(f"{work} is not empty and holds no generated set; give a new or empty folder")
    else:
        work = Path(tempfile.mkdtemp(prefix="ngocoord-bench-reports-"))
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            shutil.rmtree(work / "runs", ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    # Load now what the import loads lazily: startup.py is the benchmark of start-up.
    import python_calamine  # noqa: F401

    import ngocoord.intake.report_batch
    import ngocoord.intake.report_file
    import ngocoord.intake.sheets

    base, folder, lines = generate(work, args.files, args.seed, args.jobs)
    runs = work / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir()
    files = ngocoord.intake.report_file.collect([folder])
    small = runs / f"first{SMALL_BATCH}"
    small.mkdir()
    for path in files[:SMALL_BATCH]:
        shutil.copy2(path, small / path.name)
    small_files = ngocoord.intake.report_file.collect([small])
    small_lines = floor(small_files, runs / "count.sqlite", commit_each=False)
    n, n_small = len(files), len(small_files)
    print(f"machine:  {os.cpu_count()} CPU(s), {platform.system()} {platform.machine()}{load()}")
    print(f"versions: {versions()}")
    print(f"runs:     {args.repeat} measured run(s) per step, the median shown (min beside it)")
    print()

    # b, b': the floor, per-file commits and one commit
    floor_runs: list[float] = []
    single_runs: list[float] = []
    small_floor_runs: list[float] = []
    for _ in range(args.repeat):
        took, count = timed(lambda: floor(files, runs / "floor.sqlite", commit_each=True))
        floor_runs.append(took)
        took, _ = timed(lambda: floor(files, runs / "floor1.sqlite", commit_each=False))
        single_runs.append(took)
        took, _ = timed(lambda: floor(small_files, runs / "floor70.sqlite", commit_each=True))
        small_floor_runs.append(took)
    if count != lines:
        print(f"warning: the floor wrote {count:,} rows, the generator {lines:,}")
    b = Figure("b. floor: calamine + executemany, commit/file", floor_runs, n, lines)
    b1 = Figure("b'. floor with one commit for all files", single_runs, n, lines)
    floor_s, small_floor_s = b.seconds, statistics.median(small_floor_runs)

    # a, then e on the last run's register: in-process
    a_runs: list[float] = []
    e_runs: list[float] = []
    a_note = e_note = ""
    for k in range(args.repeat):
        register = open_copy(base, runs / f"inprocess{k}.sqlite")
        try:
            took, batch = timed(partial(ngocoord_import, register, folder))
            a_runs.append(took)
            a_note = describe(batch, "imported", n)
            took, batch = timed(partial(ngocoord_import, register, folder))
            e_runs.append(took)
            e_note = describe(batch, "unchanged", n)
        finally:
            register.close()
    a = Figure("a. import_reports, in-process", a_runs, n, lines, floor_s, a_note)
    e = Figure("e. import_reports again (all unchanged)", e_runs, n, lines, floor_s, e_note)
    figures = [a, e]

    # c, d: the whole command
    c = d = None
    if not args.skip_cli:
        env = cli_env(None if args.as_is else runs / "pycache")
        cli_import(fresh_copy(base, runs / "warm-up.sqlite"), small, env)  # .pyc, file cache
        c_runs: list[float] = []
        d_runs: list[float] = []
        c_note = d_note = ""
        for k in range(args.repeat):
            db = fresh_copy(base, runs / f"cli{k}.sqlite")
            took, c_note = timed(partial(cli_import, db, folder, env))
            c_runs.append(took)
            db = fresh_copy(base, runs / f"cli{SMALL_BATCH}-{k}.sqlite")
            took, d_note = timed(partial(cli_import, db, small, env))
            d_runs.append(took)
        c = Figure("c. `report import FOLDER`, subprocess", c_runs, n, lines, floor_s)
        c.note = c_note.split(": ", 1)[-1]
        d = Figure(f"d. `report import` of {n_small} files, subproc.", d_runs, n_small, small_lines)
        d.floor, d.note = small_floor_s, d_note.split(": ", 1)[-1]
        figures += [c, d]
    figures += [b, b1]

    print(HEADING)
    for figure in figures:
        print(figure.line())
    print()
    print("goals:")
    assert a.ratio is not None
    print(
        f"  import_reports (a) <= {GOAL_RATIO:.0f}x the floor (b): "
        f"{a.ratio:.2f}x   {verdict(a.ratio <= GOAL_RATIO)}"
    )
    if c is not None and d is not None:
        assert c.ratio is not None
        print(
            f"  whole command (c) <= {GOAL_RATIO:.0f}x the floor (b): "
            f"{c.ratio:.2f}x   {verdict(c.ratio <= GOAL_RATIO)}   (for reference)"
        )
        label = f"{n_small} files" if n_small == SMALL_BATCH else f"{n_small} files (not 70!)"
        print(
            f"  {label} < {GOAL_SMALL_SECONDS:.0f} s, whole command (d): "
            f"{d.seconds:.2f} s   {verdict(d.seconds < GOAL_SMALL_SECONDS)}"
        )
    if args.profile:
        print()
        print(f"cProfile of one more in-process import of {n:,} files, top {args.top}:")
        print(profile_import(base, folder, runs, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
