"""Benchmark: the compliance check at national scale (25,000 NGOs, 10 years, ~3M submissions).

Builds (once; cached in --db) a register with one home office, N NGOs with one membership each
(some ended, some started late, a few rejoined) and about 2.8 million `ngo-report` submissions
over 120 months: each NGO sends most months it is on the list, received around the due day,
some late; about one in ten is sent again (the older version superseded), a few are voided.
The rows go in with sqlite3 executemany on the tables `create_register` made, month by month
as a real register fills up, indexes built after.

Then times (median of --runs after one warm-up):

  a. `compliance.check(session, kind, month=M, as_of=D)` in-process,
  b. `compliance.history(session, kind, first=None, last=M, as_of=D)` in-process (12 months),
  c. `ngocoord --db FILE check --kind ngo-report --month M --as-of D --format json`, subprocess,
  d. `ngocoord --db FILE check history --to M --as-of D --format json`, subprocess,

and prints EXPLAIN QUERY PLAN of every statement a. and b. send (caught with SQLAlchemy's
before_cursor_execute event), with the indexes they use; a full scan of submission is flagged.

Goals: a. under 200 ms, b. under 1 s.

    python benchmarks/check.py                       # builds /tmp/ngocoord-bench-check-*.sqlite
    python benchmarks/check.py --db big.sqlite --runs 9
    python benchmarks/check.py --try-index "submission(kind_id, month, ngo_id, received_on)"
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import cli_command, load, profile_text

if TYPE_CHECKING:
    from ngocoord.store.db import Register

DISTRICT = "দিনাজপুর"
KIND = "ngo-report"
FIRST_MONTH = "2015-01"
GOAL_CHECK_MS = 200.0
GOAL_HISTORY_MS = 1000.0
# The tables a national register's check and history read, as copied into PostgreSQL
NATIONAL_TABLES = ("office", "return_kind", "setting", "ngo", "membership", "submission")
BUILD_VERSION = 1  # bump when the generator changes, so an old cached register is not reused

# Shares of NGOs by membership pattern, and by how reliably they report.
FULL, LATE_START, ENDED = 0.84, 0.06, 0.06  # the rest (0.04) left and rejoined
RELIABLE, RELIABLE_RATE, DEFAULTER_RATE = 0.85, 0.97, 0.60
ON_TIME_SHARE = 0.80  # of reports: on or before the due day; the rest 1-45 days late
RESENT, THIRD, VOIDED = 0.10, 0.01, 0.003  # reports sent again, a third time; voided

NAME_PARTS = [
    ("গ্রামীণ", "উন্নয়ন", "সংস্থা"),
    ("পল্লী", "কল্যাণ", "সমিতি"),
    ("নারী", "সেবা", "ফাউন্ডেশন"),
    ("শিশু", "অধিকার", "কেন্দ্র"),
    ("মানব", "শিক্ষা", "সংঘ"),
    ("সবুজ", "স্বাস্থ্য", "ট্রাস্ট"),
]
PEOPLE = ["মোঃ আব্দুল হাকীম", "সালমা খাতুন", "রফিকুল ইসলাম", "নাসরিন আক্তার", "কামরুল হাসান"]
DESIGNATIONS = ["প্রজেক্ট কো-অর্ডিনেটর", "নির্বাহী পরিচালক", "হিসাবরক্ষক", "এরিয়া ম্যানেজার"]
_BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def months_from(first: str, count: int) -> list[str]:
    from ngocoord import periods

    found = [first]
    while len(found) < count:
        found.append(periods.next_month(found[-1]))
    return found


# --------------------------------------------------------------------------- building


def memberships(rng: random.Random, months: list[str]) -> list[tuple[date | None, date | None]]:
    """One NGO's periods on the list: (start, end); None is open."""
    from ngocoord import periods

    def day_in(index: int) -> date:
        return periods.first_day(months[index]) + timedelta(days=rng.randint(0, 27))

    n = len(months)
    draw = rng.random()
    if draw < FULL:
        return [(None, None)]
    if draw < FULL + LATE_START:
        return [(day_in(rng.randint(1, n - 1)), None)]
    if draw < FULL + LATE_START + ENDED:
        return [(None, day_in(rng.randint(1, n - 1)))]
    left = rng.randint(1, max(1, n - 20))
    back = min(n - 1, left + rng.randint(2, 18))
    return [(None, day_in(left)), (day_in(back), None)]


def listed(spans: list[tuple[date | None, date | None]], on: date) -> bool:
    return any((b is None or b <= on) and (e is None or e > on) for b, e in spans)


def build(path: Path, ngos: int, month_count: int, seed: int) -> dict[str, Any]:
    """Create the register at `path` and fill it; the counts made."""
    from ngocoord import names, periods, places
    from ngocoord.store import offices
    from ngocoord.store.db import create_register

    register = create_register(f"sqlite:///{path.resolve()}")
    try:
        with register.session() as s:
            home_id = offices.set_up(s, places.find_district(DISTRICT), None).id
    finally:
        register.close()
    rng = random.Random(seed)
    months = months_from(FIRST_MONTH, month_count)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MB while building
        (kind_id,) = conn.execute("SELECT id FROM return_kind WHERE name = ?", (KIND,)).fetchone()
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'submission' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')

        ngo_rows = []
        spans: list[list[tuple[date | None, date | None]]] = []
        member_rows = []
        rates: list[float] = []
        people: list[tuple[str, str, str]] = []
        for i in range(1, ngos + 1):
            first, second, kind = NAME_PARTS[i % len(NAME_PARTS)]
            name_bn = f"{first} {second} {kind} {str(i).translate(_BN)}"
            mobile = f"01{rng.randint(3, 9)}{rng.randint(0, 99_999_999):08d}"
            head = rng.choice(PEOPLE)
            ngo_rows.append(
                (i, f"N{i:05d}", name_bn, f"NGO {i}", names.name_key(name_bn), head, mobile)
            )
            mine = memberships(rng, months)
            spans.append(mine)
            for start, end in mine:
                member_rows.append(
                    (i, home_id, start, end, "joined" if start else None, "left" if end else None)
                )
            rates.append(RELIABLE_RATE if rng.random() < RELIABLE else DEFAULTER_RATE)
            people.append((head, rng.choice(DESIGNATIONS), mobile))
        conn.executemany(
            "INSERT INTO ngo (id, code, name_bn, name_en, name_key, head_name, mobile) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ngo_rows,
        )
        conn.executemany(
            "INSERT INTO membership (ngo_id, office_id, start_date, end_date, start_reason, "
            "end_reason) VALUES (?, ?, ?, ?, ?, ?)",
            [tuple(v.isoformat() if isinstance(v, date) else v for v in r) for r in member_rows],
        )

        insert = (
            "INSERT INTO submission (kind_id, office_id, ngo_id, month, version, is_current, "
            "received_on, content_hash, source_file, prepared_by, designation, mobile, "
            "report_date, imported_at, imported_by, voided_at, void_reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        total = voided = 0
        for month in months:
            last = periods.last_day(month)
            due = periods.due_date(month, 7)
            rows = []
            for i in range(ngos):
                if not listed(spans[i], last) or rng.random() >= rates[i]:
                    continue
                if rng.random() < ON_TIME_SHARE:
                    received = due - timedelta(days=rng.randint(0, 6))
                else:
                    received = due + timedelta(days=rng.randint(1, 45))
                sent = [received]
                if rng.random() < RESENT:
                    sent.append(received + timedelta(days=rng.randint(1, 20)))
                    if rng.random() < THIRD:
                        sent.append(sent[-1] + timedelta(days=rng.randint(1, 20)))
                void = len(sent) if rng.random() < VOIDED else 0  # the newest version voided
                code = f"N{i + 1:05d}"
                head, designation, mobile = people[i]
                for version, on in enumerate(sent, start=1):
                    at = f"{on.isoformat()} 0{rng.randint(3, 9)}:{rng.randint(10, 59)}:07.000000"
                    is_void = version == void
                    current = version == len(sent) - (1 if void else 0)
                    rows.append(
                        (
                            kind_id,
                            home_id,
                            i + 1,
                            month,
                            version,
                            current and not is_void,
                            on.isoformat(),
                            f"{rng.getrandbits(256):064x}",
                            f"D:\\NGO reports\\{month}\\{month}_{code}.xlsx",
                            head,
                            designation,
                            mobile,
                            (on - timedelta(days=2)).isoformat(),
                            at,
                            "clerk",
                            at if is_void else None,
                            "filed under the wrong NGO" if is_void else None,
                        )
                    )
                voided += 1 if void else 0
            conn.executemany(insert, rows)
            total += len(rows)
        for _name, sql in indexes:
            conn.execute(sql)
        conn.commit()
        conn.execute("PRAGMA journal_mode=WAL")  # as ngocoord's engine leaves it
        memberships_made = len(member_rows)
    finally:
        conn.close()
    return {
        "ngos": ngos,
        "months": month_count,
        "memberships": memberships_made,
        "submissions": total,
        "voided": voided,
        "first_month": months[0],
        "last_month": months[-1],
    }


def cached_register(
    path: Path, ngos: int, months: int, seed: int, rebuild: bool, replace_stale: bool = False
) -> dict:
    """The counts of the register at `path`, built first unless a matching one is there (same
    sizes, generator and schema revision); with `replace_stale`, one that does not match is
    built again instead of refused."""
    from ngocoord.store.db import SCHEMA_REVISION

    meta_path = path.with_name(path.name + ".json")
    wanted = {
        "ngos": ngos,
        "months": months,
        "seed": seed,
        "build": BUILD_VERSION,
        "schema": SCHEMA_REVISION,
    }
    if path.exists() and not rebuild:
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        if {k: meta.get(k) for k in wanted} == wanted:
            size = path.stat().st_size / 1e9
            print(f"register: reusing {path} ({size:.2f} GB; --rebuild to build it again)")
            return meta
        if not replace_stale:
            sys.exit(
                f"{path} exists but was not built by this script with these sizes and this "
                "schema; give another --db, or --rebuild to replace it"
            )
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"register: building {path} ...", flush=True)
    start = time.perf_counter()
    meta = {**wanted, **build(path, ngos, months, seed)}
    took = time.perf_counter() - start
    meta["build_seconds"] = round(took, 1)
    meta_path.write_text(json.dumps(meta, indent=1))
    print(f"          built in {took:.0f} s, {path.stat().st_size / 1e9:.2f} GB")
    return meta


def default_path(ngos: int, months: int) -> Path:
    """The register's place in the temp folder: one per size and schema revision, so a branch
    with another schema does not rebuild (or misread) another's."""
    from ngocoord.store.db import SCHEMA_REVISION

    name = f"ngocoord-bench-check-{ngos}x{months}-r{SCHEMA_REVISION}.sqlite"
    return Path(tempfile.gettempdir()) / name


# --------------------------------------------------------------------------- measuring


def median_ms(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """(median, min) milliseconds of `runs` calls after one warm-up call; the last value."""
    value = fn()
    took = []
    for _ in range(runs):
        value = None  # the previous result does not weigh on the collector meanwhile
        gc.collect()
        start = time.perf_counter()
        value = fn()
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took), min(took), value


def run_cli(args: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        [*cli_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    if done.returncode not in (0, 3):  # 3: something is overdue
        err = done.stderr.decode("utf-8", "replace")
        raise RuntimeError(f"ngocoord {' '.join(args)} exited {done.returncode}:\n{err[-2000:]}")
    return done.returncode


@dataclass
class Figures:
    """What one register measured: (median, min) ms of each step, the plans, a summary."""

    steps: dict[str, tuple[float, float]] = field(default_factory=dict)
    summary: str = ""
    plans: str = ""
    warnings: list[str] = field(default_factory=list)


STEP_CHECK = "a. compliance.check, in-process (one month)"
STEP_HISTORY = "b. compliance.history, in-process (12 months)"
STEP_CLI_CHECK = "c. `ngocoord check --kind ngo-report --month M --format json`"
STEP_CLI_HISTORY = "d. `ngocoord check history --to M --format json`"
GOALS = {STEP_CHECK: GOAL_CHECK_MS, STEP_HISTORY: GOAL_HISTORY_MS}


def open_reg(db: Path) -> Register:
    from ngocoord.store.db import open_register

    return open_register(f"sqlite:///{db.resolve()}")


def measure(
    db: Path, month: str, as_of: date, runs: int, env: dict[str, str] | None, profile: int
) -> Figures:
    """Time a-d on the register at `db`, and explain the statements of a and b."""
    from ngocoord.compliance import check as compliance
    from ngocoord.register import returns

    figures = Figures()
    register = open_reg(db)
    try:
        with register.session() as s:
            kind = returns.kind(s, KIND)

        def one_check() -> compliance.Check:
            with register.session() as s:
                return compliance.check(s, kind, month=month, as_of=as_of)

        def one_history() -> compliance.History:
            with register.session() as s:
                return compliance.history(s, kind, first=None, last=month, as_of=as_of)

        med, low, result = median_ms(one_check, runs)
        figures.steps[STEP_CHECK] = (med, low)
        med, low, grid = median_ms(one_history, runs)
        figures.steps[STEP_HISTORY] = (med, low)
        statements = capture_statements(register, one_check, one_history)
        if profile:
            print(profile_of(one_check, "compliance.check", profile))
            print(profile_of(one_history, "compliance.history", profile))
    finally:
        register.close()
    t = result.totals()
    figures.summary = (
        f"check {month}: {t['expected']:,} expected, {t['on_time']:,} on time, "
        f"{t['late']:,} late, {t['missing']:,} missing, {t['not_yet_due']:,} not yet due; "
        f"history: {len(grid.rows):,} NGOs x {len(grid.months)} months, "
        f"{len(grid.repeat_defaulters):,} repeat defaulters"
    )
    if env is not None:
        day = as_of.isoformat()
        check_args = ["--db", str(db), "check", "--kind", KIND, "--month", month, "--as-of", day]
        history_args = ["--db", str(db), "check", "history", "--to", month, "--as-of", day]
        for step, args in (
            (STEP_CLI_CHECK, [*check_args, "--format", "json"]),
            (STEP_CLI_HISTORY, [*history_args, "--format", "json"]),
        ):
            med, low, _ = median_ms(partial(run_cli, args, env), runs)
            figures.steps[step] = (med, low)
    figures.plans, figures.warnings = plans_report(db, statements)
    return figures


def capture_statements(
    register: Register, *steps: Callable[[], Any]
) -> dict[str, list[tuple[str, Any]]]:
    """The SQL (with parameters) each step sends, caught by before_cursor_execute."""
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: Any) -> None:
        seen.append((statement, params))

    found: dict[str, list[tuple[str, Any]]] = {}
    event.listen(register.engine, "before_cursor_execute", listen)
    try:
        for label, step in zip(("check", "history"), steps, strict=True):
            step()
            found[label], seen[:] = list(seen), []
    finally:
        event.remove(register.engine, "before_cursor_execute", listen)
    return found


def profile_of(fn: Callable[[], Any], label: str, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    text = profile_text(profiler, top, "tottime")
    return f"cProfile of one {label}, top {top} by own time:\n{text}\n"


def query_plan(conn: sqlite3.Connection, statement: str, params: Any) -> list[str]:
    """EXPLAIN QUERY PLAN as indented lines."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + statement, params or ()).fetchall()
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def statement_ms(conn: sqlite3.Connection, statement: str, params: Any) -> float:
    """Median ms of the statement alone on a plain sqlite3 connection (execute + fetchall)."""
    conn.execute(statement, params or ()).fetchall()
    took = []
    for _ in range(3):
        start = time.perf_counter()
        conn.execute(statement, params or ()).fetchall()
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took)


# A walk over a whole table or index of submission: SCAN, or SEARCH without a constraint
# (how min() over a column that no index starts with shows: it reads the whole index).
_FULL = re.compile(r"\b(SCAN submission\b.*|SEARCH submission USING (COVERING )?INDEX \w+)$")


def plans_report(db: Path, statements: dict[str, list[tuple[str, Any]]]) -> tuple[str, list[str]]:
    """Each statement with its time alone, its plan and the indexes it uses; the warnings."""
    out: list[str] = []
    warnings: list[str] = []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for step, items in statements.items():
            for k, (statement, params) in enumerate(items, start=1):
                tag = f"[{step} {k}]"
                lines = query_plan(conn, statement, params)
                plan = "\n".join(lines)
                used = sorted(set(re.findall(r"USING (?:COVERING )?INDEX (\w+)", plan)))
                if "INTEGER PRIMARY KEY" in plan:
                    used.append("rowid")
                took = statement_ms(conn, statement, params)
                out.append(f"{tag} {took:.1f} ms alone: {' '.join(statement.split())}")
                out.append(f"    parameters: {params!r}")
                out += [f"    | {line}" for line in lines]
                out.append(f"    indexes used: {', '.join(used) or 'none'}")
                for line in lines:
                    if _FULL.search(line.strip()):
                        warnings.append(
                            f"{tag} reads all of submission ({took:.0f} ms): {line.strip()}"
                        )
                    elif "TEMP B-TREE" in line:
                        out.append(f"    note: {line.strip()}: rows sorted in a temporary b-tree")
                out.append("")
    finally:
        conn.close()
    return "\n".join(out).rstrip(), warnings


def copy_register(src: Path, dest: Path) -> None:
    for stale in (dest, dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(src)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    shutil.copyfile(src, dest)


def make_trial(db: Path, indexes: list[str], settings: list[str]) -> Path:
    """A copy of the register with the trial indexes and settings."""
    trial = db.with_name(db.stem + ".trial" + db.suffix)
    print(f"trial:    copying the register to {trial} ...", flush=True)
    copy_register(db, trial)
    conn = sqlite3.connect(trial)
    try:
        for k, spec in enumerate(indexes, start=1):
            start = time.perf_counter()
            conn.execute(f"CREATE INDEX ix_trial_{k} ON {spec}")
            conn.commit()
            took = time.perf_counter() - start
            size = trial.stat().st_size - db.stat().st_size
            print(f"          CREATE INDEX ix_trial_{k} ON {spec}: {took:.1f} s, ", end="")
            print(f"the file {size / 1e6:+.0f} MB")
        for setting in settings:
            key, _, value = setting.partition("=")
            conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))
            conn.commit()
            print(f"          setting {key} = {value}")
    finally:
        conn.close()
    return trial


def verdict(ms: float, goal: float) -> str:
    return "PASS" if ms < goal else "FAIL"


def print_figures(figures: Figures, compare: Figures | None = None) -> None:
    head = f"  {'step':<62} {'median':>8} {'min':>8}"
    print(head + (f" {'as built':>9}" if compare else "") + "  goal")
    for step, (med, low) in figures.steps.items():
        line = f"  {step:<62} {med:>6.0f}ms {low:>6.0f}ms"
        if compare:
            line += f" {compare.steps[step][0]:>7.0f}ms" if step in compare.steps else " " * 10
        goal = GOALS.get(step)
        line += f"  < {goal:.0f} ms  {verdict(med, goal)}" if goal else "  (whole command)"
        print(line)
    print(f"  {figures.summary}")


def print_plans(figures: Figures) -> None:
    print("query plans (EXPLAIN QUERY PLAN of each statement a. and b. send, and its time alone):")
    print(figures.plans)
    print()
    for line in figures.warnings:
        print(f"WARNING: {line}")
    if not figures.warnings:
        print("no full scan of submission")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--ngos", type=int, default=25_000, help="NGOs in the register")
    parser.add_argument("--months", type=int, default=120, help=f"months from {FIRST_MONTH}")
    parser.add_argument("--seed", type=int, default=2015, help="random seed of the register")
    parser.add_argument(
        "--db",
        type=Path,
        help="the built register, reused when present "
        "(without it: ngocoord-bench-check-NGOSxMONTHS-rREVISION.sqlite in the temp folder)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build --db again")
    parser.add_argument("--runs", type=int, default=5, help="measured runs (after a warm-up)")
    parser.add_argument(
        "--month", help="month checked; without it, the second-last month of the register"
    )
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        help="judge as on this day; without it, the 20th of the month after next",
    )
    parser.add_argument("--skip-cli", action="store_true", help="skip c and d (subprocesses)")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="run the subprocesses in this environment unchanged; without it they run with "
        "their bytecode cached in a temporary PYTHONPYCACHEPREFIX, as an installed ngocoord has",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also print the top N functions (own time) of one check and one history",
    )
    parser.add_argument(
        "--try-index",
        action="append",
        default=[],
        metavar="TABLE(COLUMNS)",
        help="also measure a copy of the register with this index added (repeatable), e.g. "
        "'submission(kind_id, month, ngo_id, received_on)'",
    )
    parser.add_argument(
        "--try-setting",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="also measure a copy with this setting (repeatable), e.g. tracking.start=2015-01",
    )
    args = parser.parse_args(argv)
    if args.ngos < 1 or args.months < 3 or args.runs < 1:
        parser.error("--ngos and --runs must be at least 1, --months at least 3")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    db: Path = args.db or default_path(args.ngos, args.months)
    db = db.resolve()
    meta = cached_register(db, args.ngos, args.months, args.seed, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="ngocoord-pycache-") as cache:
        env: dict[str, str] | None = None
        if not args.skip_cli:
            env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
            if not args.as_is:
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                env["PYTHONPYCACHEPREFIX"] = cache
        return run(args, db, meta, env)


def run(
    args: argparse.Namespace, db: Path, meta: dict[str, Any], env: dict[str, str] | None
) -> int:
    from ngocoord import periods

    months = months_from(FIRST_MONTH, args.months)
    month: str = args.month or months[-2]
    as_of: date = args.as_of or periods.first_day(
        periods.next_month(periods.next_month(month))
    ).replace(day=20)
    print(
        f"          {meta['ngos']:,} NGOs, {meta['memberships']:,} memberships, "
        f"{meta['submissions']:,} submissions ({meta['voided']:,} voided) over "
        f"{meta['months']} months {meta['first_month']}..{meta['last_month']}"
    )
    if "build_seconds" in meta:
        print(f"          (built in {meta['build_seconds']:.0f} s)")
    print(
        f"machine:  {os.cpu_count()} CPU(s), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}{load()}"
    )
    print(f"checking: {KIND} for {month} as of {as_of}; median of {args.runs} runs after a warm-up")
    print()
    # Load now what the check loads lazily: startup.py is the benchmark of start-up.
    import ngocoord.compliance.check
    import ngocoord.store.models  # noqa: F401

    built = measure(db, month, as_of, args.runs, env, args.profile)
    print("as built (the schema's own indexes):")
    print_figures(built)
    print()
    print_plans(built)

    trial: Figures | None = None
    if args.try_index or args.try_setting:
        print()
        path = make_trial(db, args.try_index, args.try_setting)
        try:
            trial = measure(path, month, as_of, args.runs, env, 0)
        finally:
            for stale in (
                path,
                path.with_name(path.name + "-wal"),
                path.with_name(path.name + "-shm"),
            ):
                stale.unlink(missing_ok=True)
        print()
        print("with the trial changes (as built beside):")
        print_figures(trial, built)
        print()
        print_plans(trial)

    print()
    print("goals (in-process, as built" + (", and with the trial changes):" if trial else "):"))
    for step, goal in GOALS.items():
        med = built.steps[step][0]
        line = f"  {step:<48} {med:>6.0f} ms < {goal:.0f} ms  {verdict(med, goal)}"
        if trial:
            tmed = trial.steps[step][0]
            line += f"   trial: {tmed:.0f} ms  {verdict(tmed, goal)}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def pg_dsn(url: str) -> str:
    """The SQLAlchemy URL of a PostgreSQL database as psycopg's connection string."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def copy_to_postgres(db: Path, url: str) -> None:
    """A generated register's tables copied with COPY into the PostgreSQL database at `url`,
    wiped first and made a register of this schema; one copy for the harness and the tests."""
    import psycopg

    from ngocoord.store.db import create_register

    dsn = pg_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute("DROP SCHEMA public CASCADE")
        pg.execute("CREATE SCHEMA public")
    create_register(url).close()
    lite = sqlite3.connect(db)
    try:
        with psycopg.connect(dsn) as pg:
            pg.execute(f"TRUNCATE {', '.join(NATIONAL_TABLES)} RESTART IDENTITY CASCADE")
            for name in NATIONAL_TABLES:
                cursor = lite.execute(f'SELECT * FROM "{name}"')
                columns = ", ".join(f'"{d[0]}"' for d in cursor.description)
                with pg.cursor().copy(f'COPY "{name}" ({columns}) FROM STDIN') as copy:
                    for row in cursor:
                        copy.write_row(row)
            pg.commit()
    finally:
        lite.close()
