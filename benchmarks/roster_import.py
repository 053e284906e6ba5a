"""Benchmark: importing a big NGO roster (default 100,000 rows) into a new register.

Generates a roster workbook shaped like a district office's list (title row, Bangla headers,
Bengali digits), then times on that same file, in one run:

  a. ngocoord's import in-process into a new SQLite register (import_roster + commit),
  e. the same file imported again into that register (every row unchanged),
  d. the whole `ngocoord ngo import FILE` command as a subprocess,
  b. pandas.read_excel(..., engine="openpyxl") reading the file (nothing written),
  c. the floor: python-calamine reading the sheet + sqlite3 executemany into one plain table,
  f. for reference, the floor of ngocoord's own tables: python-calamine reading the sheet +
     sqlite3 executemany of exactly the rows step a wrote (NGOs, memberships, upazilas,
     registrations, audit trail) into an empty register, with ngocoord's SQLite settings.

Goals: ngocoord at least 10x faster than pandas+openpyxl, and at most 2x the floor.

    python benchmarks/roster_import.py                 # 100,000 rows
    python benchmarks/roster_import.py --rows 20000 --profile
    python benchmarks/roster_import.py --codes both    # also time codes derived from names

pandas is a benchmark-only dependency (`pip install pandas`); without it step b is skipped.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import math
import os
import platform
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import floors
from common import cli_command, profile_text, versions

if TYPE_CHECKING:
    from ngocoord.intake.roster_file import RosterResult
    from ngocoord.store.db import Register

T = TypeVar("T")

DISTRICT = "দিনাজপুর"
TITLE = "দিনাজপুর জেলায় কর্মরত এনজিওসমূহের তালিকা"
HEADERS = [
    "ক্রমিক নং",
    "সংস্থার নাম",
    "Name of NGO",
    "প্রধান নির্বাহীর নাম",
    "পদবি",
    "মোবাইল নম্বর",
    "ই-মেইল",
    "ঠিকানা",
    "কর্ম এলাকা (উপজেলা)",
    "কার্যক্রমের ধরন",
    "জেলায় কাজের শুরু (সাল)",
    "এনজিও বিষয়ক ব্যুরো নিবন্ধন নং/তারিখ",
    "সমাজসেবা নিবন্ধন নং",
]
UPAZILAS = [
    "দিনাজপুর সদর",
    "বিরল",
    "বিরামপুর",
    "বীরগঞ্জ",
    "বোচাগঞ্জ",
    "চিরিরবন্দর",
    "ফুলবাড়ী",
    "ঘোড়াঘাট",
    "হাকিমপুর",
    "কাহারোল",
    "খানসামা",
    "নবাবগঞ্জ",
    "পার্বতীপুর",
]
# Name parts in Bangla and English, in step, so both names of an NGO say the same thing.
NAME_FIRST = [
    ("গ্রামীণ", "Gramin"),
    ("পল্লী", "Palli"),
    ("সমাজ", "Samaj"),
    ("নারী", "Nari"),
    ("শিশু", "Shishu"),
    ("জনকল্যাণ", "Jonokallyan"),
    ("মানব", "Manob"),
    ("উত্তরবঙ্গ", "Uttarbanga"),
    ("আলোর পথে", "Alor Pothe"),
    ("নতুন দিগন্ত", "Notun Digonto"),
    ("সবুজ", "Sabuj"),
    ("প্রগতি", "Progoti"),
]
NAME_SECOND = [
    ("উন্নয়ন", "Unnayan"),
    ("কল্যাণ", "Kallyan"),
    ("সেবা", "Seba"),
    ("শিক্ষা", "Shikkha"),
    ("স্বাস্থ্য", "Sasthya"),
    ("অধিকার", "Adhikar"),
    ("বহুমুখী", "Bohumukhi"),
    ("স্বনির্ভর", "Swanirbhar"),
]
NAME_KIND = [
    ("সংস্থা", "Sangstha"),
    ("সমিতি", "Samity"),
    ("ফাউন্ডেশন", "Foundation"),
    ("কেন্দ্র", "Kendro"),
    ("সংঘ", "Sangha"),
    ("পরিষদ", "Parishad"),
    ("ট্রাস্ট", "Trust"),
    ("মিশন", "Mission"),
]
GIVEN = ["আব্দুল", "রফিকুল", "সালমা", "নাসরিন", "হারুন", "মিজানুর", "আজিজুল", "রোকেয়া", "কামরুল"]
FAMILY = ["হাকিম", "ইসলাম", "খাতুন", "রহমান", "হক", "বেগম", "আলম", "সরকার", "চৌধুরী"]
HONORIFIC = ["মোঃ ", "মো: ", "বেগম ", "জনাব ", ""]
DESIGNATIONS = ["নির্বাহী পরিচালক", "প্রজেক্ট কো-অর্ডিনেটর", "জোনাল ম্যানেজার", "পরিচালক", "সভাপতি"]
SECTORS = [
    "শিক্ষা",
    "স্বাস্থ্য",
    "নারী উন্নয়ন",
    "শিশু অধিকার",
    "ক্ষুদ্রঋণ",
    "কৃষি",
    "দুর্যোগ ব্যবস্থাপনা",
    "মানবাধিকার",
    "প্রতিবন্ধী উন্নয়ন",
    "পানি ও স্যানিটেশন",
]
VILLAGES = ["বালুবাড়ী", "মুন্সিপাড়া", "পাটুয়াপাড়া", "ঈদগাহ বস্তি", "কালিতলা", "উপশহর", "রামনগর"]
# --codes: which roster files, by whether English names carry an acronym.
VARIANTS = {"acronym": [True], "derived": [False], "both": [True, False]}
_BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def bn(value: object) -> str:
    """Bengali digits, as offices type them."""
    return str(value).translate(_BN)


def roster_row(i: int, rng: random.Random, acronyms: bool) -> list[Any]:
    """Row i (1-based) of the roster; the same i and seed give the same row in both variants."""
    first_bn, first_en = NAME_FIRST[i % len(NAME_FIRST)]
    second_bn, second_en = NAME_SECOND[(i // len(NAME_FIRST)) % len(NAME_SECOND)]
    kind_bn, kind_en = NAME_KIND[(i // 7) % len(NAME_KIND)]
    name_en = f"{first_en} {second_en} {kind_en} {i}"
    if acronyms:
        name_en += f" (N{i:05d})"  # unique: the code is taken from it as is
    # Unique valid mobile: 01[3-9] + 8 digits; i * 7919 mod 10^8 is a bijection.
    mobile = bn(f"01{3 + i % 7}{(i * 7919) % 10**8:08d}")
    if i % 3 == 0:
        mobile = mobile[:5] + "-" + mobile[5:]
    areas = rng.sample(UPAZILAS, rng.choice((1, 1, 2, 2, 3)))
    year = rng.randint(1972, 2024)
    ngoab = None
    if rng.random() < 0.6:
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        reg_year = rng.randint(max(year - 30, 1981), 2024) % 100
        # registrations are the NGO's own: two rows with one are refused as one NGO twice
        ngoab = bn(f"{i:06d}/{day:02d}.{month:02d}.{reg_year:02d}")
    dss = bn(f"দিনা-{i}/{year % 100:02d}") if rng.random() < 0.7 else None
    upazila = areas[0]
    return [
        bn(i),
        f"{first_bn} {second_bn} {kind_bn} {bn(i)}",
        name_en,
        f"{rng.choice(HONORIFIC)}{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        rng.choice(DESIGNATIONS),
        mobile,
        f"info.ngo{i}@example.org" if rng.random() < 0.7 else None,
        f"গ্রাম: {rng.choice(VILLAGES)}, ডাকঘর: {upazila}, উপজেলা: {upazila}, জেলা: দিনাজপুর",
        ", ".join(areas),
        ", ".join(rng.sample(SECTORS, rng.randint(1, 3))),
        bn(year) + (" সাল থেকে" if rng.random() < 0.2 else ""),
        ngoab,
        dss,
    ]


def roster_path(folder: Path, rows: int, acronyms: bool) -> Path:
    return folder / f"roster-{rows}-{'acronym' if acronyms else 'derived'}.xlsx"


def make_roster(path: Path, rows: int, *, acronyms: bool, seed: int) -> None:
    """Write the roster with openpyxl in write-only mode: title, blank row, headers, data.

    Run it where OPENPYXL_LXML=False was set before openpyxl was imported (see
    generate_rosters): with lxml openpyxl writes every Bangla letter as a character
    reference (&#2470;), a file half again as big and much slower for every reader.
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("তালিকা")
    ws.append([TITLE])
    ws.append([])
    ws.append(HEADERS)
    rng = random.Random(seed)
    for i in range(1, rows + 1):
        ws.append(roster_row(i, rng, acronyms))
    wb.save(path)


def generate_rosters(folder: Path, rows: int, codes: str, seed: int) -> float:
    """Write the roster file(s) in a child process without lxml; return the seconds taken."""
    start = time.perf_counter()
    command = [sys.executable, __file__, "--generate-only", str(folder)]
    command += ["--rows", str(rows), "--seed", str(seed), "--codes", codes]
    subprocess.run(command, check=True, env={**os.environ, "OPENPYXL_LXML": "False"})
    return time.perf_counter() - start


# --------------------------------------------------------------------------- the contenders


def new_register(folder: Path) -> Register:
    """A new SQLite register for Dinajpur (create_register + offices.set_up in one session)."""
    from ngocoord import places
    from ngocoord.store import offices
    from ngocoord.store.db import create_register

    folder.mkdir(parents=True, exist_ok=True)
    register = create_register(f"sqlite:///{(folder / 'register.sqlite').resolve()}")
    with register.session() as s:
        offices.set_up(s, places.find_district(DISTRICT), None)
    return register


def ngocoord_import(register: Register, path: Path) -> RosterResult:
    from ngocoord.intake.roster_file import import_roster

    with register.session() as s:
        return import_roster(s, path)


def pandas_read(path: Path) -> int:
    import pandas as pd

    frame = pd.read_excel(path, engine="openpyxl", header=2)
    return len(frame)


def floor(path: Path, db: Path) -> int:
    """The least any importer must do: read the cells (calamine) and insert them (sqlite3)."""
    return floors.roster(path, db, HEADERS[0])


SCHEMA_TABLES = ("ngo", "membership", "ngo_area", "registration", "audit")


def stored_rows(db: Path, empty: Path) -> dict[str, tuple[str, list[tuple[Any, ...]]]]:
    """The rows an import wrote to each of ngocoord's tables (those beyond what the `empty`
    register already holds from setting up the office), as INSERT statements' inputs."""
    conn = sqlite3.connect(db)
    conn.execute("ATTACH DATABASE ? AS empty", (str(empty),))
    try:
        found = {}
        for name in SCHEMA_TABLES:
            (start,) = conn.execute(
                f'SELECT coalesce(max(rowid), 0) FROM empty."{name}"'
            ).fetchone()
            cursor = conn.execute(f'SELECT * FROM main."{name}" WHERE rowid > ?', (start,))
            width = len(cursor.description)
            found[name] = (
                f'INSERT INTO "{name}" VALUES ({", ".join("?" * width)})',
                cursor.fetchall(),
            )
        return found
    finally:
        conn.close()


def schema_floor(path: Path, db: Path, rows: dict[str, tuple[str, list[tuple[Any, ...]]]]) -> int:
    """The least ngocoord's schema allows: read the cells, insert the rows it stores, commit."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    try:
        wb.get_sheet_by_index(0).to_python()
    finally:
        wb.close()
    conn = sqlite3.connect(db)
    try:
        for pragma in (
            "foreign_keys=ON",
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "cache_size=-65536",
        ):
            conn.execute(f"PRAGMA {pragma}")
        for sql, data in rows.values():
            conn.executemany(sql, data)
        conn.commit()
    finally:
        conn.close()
    return sum(len(data) for _, data in rows.values())


def cli_env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}


def cli_init(db: Path) -> None:
    subprocess.run(
        [*cli_command(), "--db", str(db), "init", "--district", DISTRICT],
        check=True,
        capture_output=True,
        env=cli_env(),
    )


def cli_import(db: Path, path: Path) -> str:
    done = subprocess.run(
        [*cli_command(), "--db", str(db), "ngo", "import", str(path)],
        capture_output=True,
        env=cli_env(),
    )
    out = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace")
        raise RuntimeError(f"ngocoord ngo import exited {done.returncode}:\n{err[-2000:]}")
    summary = [line for line in out.splitlines() if " were added, " in line]
    return summary[-1] if summary else "(no summary line)"


# --------------------------------------------------------------------------- measuring


class TimeLimit(BaseException):
    """Raised in the main thread when a step runs past --time-limit."""


def _time_is_up(_signum: int, _frame: Any) -> None:
    raise TimeLimit


def measure(fn: Callable[[], T], limit: float) -> tuple[float, T | None]:
    """Wall time of fn(), and its value; None if it was stopped after `limit` seconds.

    The limit uses SIGALRM (not on Windows: there steps always run to the end). A step
    stopped in ngocoord's session is rolled back; a subprocess is killed by subprocess.run.
    """
    armed = limit > 0 and hasattr(signal, "setitimer")
    previous: Any = None
    gc.collect()
    if armed:
        previous = signal.signal(signal.SIGALRM, _time_is_up)
        signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        value = fn()
        took = time.perf_counter() - start
    except BaseException:
        took = time.perf_counter() - start
        if armed and took >= limit:  # whatever the code under test made of the TimeLimit
            return took, None
        raise
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return took, value


@dataclass
class Figure:
    label: str
    seconds: float | None  # None: skipped
    rows: int
    note: str = ""
    cut: bool = False  # stopped at the time limit: seconds is a lower bound

    def line(self) -> str:
        if self.seconds is None:
            return f"{self.label:<52} {'skipped':>9} {'':>9}  {self.note}".rstrip()
        if self.cut:
            stopped = f">{self.seconds:.0f}"
            return f"{self.label:<52} {stopped:>9} {'':>9}  {self.note}".rstrip()
        rate = self.rows / self.seconds if self.seconds else float("inf")
        return f"{self.label:<52} {self.seconds:>9.2f} {rate:>9,.0f}  {self.note}".rstrip()


def check_import(result: RosterResult, rows: int, *, again: bool) -> str:
    """The import's counts, flagged when they are not what this roster must give."""
    added, changed, unchanged = len(result.added), len(result.changed), result.unchanged
    counts = f"{added:,} added, {changed:,} changed, {unchanged:,} unchanged"
    if result.rejected:
        counts += f", {len(result.rejected):,} rejected"
    expected = (0, 0, rows) if again else (rows, 0, 0)
    if (added, changed, unchanged) != expected or result.rejected:
        counts += "  <-- UNEXPECTED"
    return counts


def ratio_line(
    label: str, slow: Figure, fast: Figure, goal: str, passes: Callable[[float], bool]
) -> str:
    """slow / fast against a goal; a step stopped at the limit makes the ratio a bound."""
    if slow.seconds is None or fast.seconds is None:
        return f"{label:<32} {'n/a':>8}   (goal {goal})   not measured"
    ratio = slow.seconds / fast.seconds
    if slow.cut and fast.cut:
        return f"{label:<32} {'?':>8}   (goal {goal})   both stopped at the time limit"
    bound = ">" if slow.cut else "<" if fast.cut else ""
    # The true ratio lies in [low, high]; the verdict is sure only if both ends agree.
    low, high = {">": (ratio, math.inf), "<": (0.0, ratio), "": (ratio, ratio)}[bound]
    if passes(low) and passes(high):
        verdict = "PASS"
    elif not passes(low) and not passes(high):
        verdict = "FAIL"
    else:
        verdict = "unknown (a step was stopped at the time limit)"
    return f"{label:<32} {bound + f'{ratio:.1f}x':>8}   (goal {goal})   {verdict}"


def profile_import(work: Path, path: Path, top: int, limit: float) -> str:
    """cProfile of one more in-process import into a new register (not part of the figures)."""
    register = new_register(work / "profiled")
    profiler = cProfile.Profile()

    def profiled() -> RosterResult:
        profiler.enable()
        try:
            return ngocoord_import(register, path)
        finally:
            profiler.disable()

    try:
        took, result = measure(profiled, limit)
    finally:
        register.close()
    head = ""
    if result is None:
        head = f"(stopped at the time limit after {took:.0f} s: a partial profile)\n"
    return profile_text(profiler, top, "cumulative", "tottime", head=head)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("--rows", type=int, default=100_000, help="roster rows (default 100000)")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the roster(s) and registers in DIR (new or empty) and keep them; "
        "default: a temporary folder, removed at the end",
    )
    parser.add_argument(
        "--codes",
        choices=("acronym", "derived", "both"),
        default="acronym",
        help="'acronym': each English name ends in a unique acronym like (N12345), taken as "
        "the code; 'derived': no acronym, codes are made from the names' initials; "
        "'both': steps on the acronym file, plus ngocoord's import of the derived file "
        "(default: acronym)",
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed of the roster (2024)")
    parser.add_argument(
        "--generate-only",
        type=Path,
        metavar="DIR",
        help="only write the roster file(s) into DIR (as roster-ROWS-acronym.xlsx and/or "
        "roster-ROWS-derived.xlsx) and exit; set OPENPYXL_LXML=False for the same bytes as "
        "the benchmark",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=120,
        metavar="SECONDS",
        help="stop any one step after this long and report it as '>SECONDS'; "
        "0: no limit (default 120)",
    )
    parser.add_argument("--skip-cli", action="store_true", help="skip d (the subprocess)")
    parser.add_argument("--skip-pandas", action="store_true", help="skip b (pandas)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run one more in-process import under cProfile and print its top functions "
        "by cumulative and by own time",
    )
    parser.add_argument("--top", type=int, default=15, help="functions listed by --profile (15)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.generate_only:
        folder = Path(args.generate_only)
        folder.mkdir(parents=True, exist_ok=True)
        for acronyms in VARIANTS[args.codes]:
            path = roster_path(folder, args.rows, acronyms)
            make_roster(path, args.rows, acronyms=acronyms, seed=args.seed)
        return 0
    if args.keep:
        work = Path(args.keep).resolve()
        if work.exists() and any(work.iterdir()):
            sys.exit(f"{work} is not empty; give a new or empty folder to --keep")
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="ngocoord-bench-"))
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run_step(
    label: str, fn: Callable[[], T], rows: int, limit: float, describe: Callable[[T], str]
) -> tuple[Figure, T | None]:
    """Measure one step and print its line at once; a failing step is reported, not raised."""
    try:
        took, value = measure(fn, limit)
    except Exception as exc:  # e.g. the subprocess was killed: keep the other figures
        figure = Figure(label, None, rows, f"FAILED: {str(exc).strip().splitlines()[0]}")
        value = None
    else:
        note = "stopped" if value is None else describe(value)
        figure = Figure(label, took, rows, note, cut=value is None)
    print(figure.line(), flush=True)
    return figure, value


def skipped(label: str, rows: int, why: str) -> Figure:
    figure = Figure(label, None, rows, why)
    print(figure.line(), flush=True)
    return figure


def run(args: argparse.Namespace, work: Path) -> int:
    # Load now what import_roster imports lazily: startup.py is the benchmark of import time.
    import python_calamine  # noqa: F401

    import ngocoord.intake.roster_file
    import ngocoord.intake.sheets  # noqa: F401

    rows: int = args.rows
    limit: float = args.time_limit
    variants = VARIANTS[args.codes]
    took = generate_rosters(work, rows, args.codes, args.seed)
    files = {acronyms: roster_path(work, rows, acronyms) for acronyms in variants}
    for path in files.values():
        size = path.stat().st_size / 1e6
        print(f"roster:   {path} ({rows:,} rows x {len(HEADERS)} columns, {size:.1f} MB)")
    print(f"          generated in {took:.1f} s (not part of the figures)")
    print(f"machine:  {os.cpu_count()} CPU(s), {platform.system()} {platform.machine()}")
    print(f"versions: {versions('pandas')}")
    print(f"limit:    {f'{limit:.0f} s per step' if limit > 0 else 'none'}")
    print()
    print(f"{'step':<52} {'seconds':>9} {'rows/s':>9}  result", flush=True)
    roster_file = files[variants[0]]

    def first(result: RosterResult) -> str:
        return check_import(result, rows, again=False)

    def again(result: RosterResult) -> str:
        return check_import(result, rows, again=True)

    # a. then e.: ngocoord in-process into a new register, then the same file again
    label_a, label_e = "a. ngocoord import, in-process", "e. ngocoord re-import, in-process"
    register = new_register(work / "inprocess")
    try:
        step = run_step(
            label_a, partial(ngocoord_import, register, roster_file), rows, limit, first
        )
        a, done = step  # unpacked apart: as the call's context, the pair made mypy infer T wrong
        if done is None:
            skipped(label_e, rows, "a did not finish")
        else:
            run_step(label_e, partial(ngocoord_import, register, roster_file), rows, limit, again)
    finally:
        register.close()

    if len(variants) == 2:
        register = new_register(work / "inprocess-derived")
        try:
            run_step(
                "a'. ngocoord import, codes derived from names",
                lambda: ngocoord_import(register, files[False]),
                rows,
                limit,
                first,
            )
        finally:
            register.close()

    # d. the whole command, in a new register made by `ngocoord init`
    label = "d. `ngocoord ngo import FILE` (subprocess)"
    if args.skip_cli:
        skipped(label, rows, "--skip-cli")
    else:
        db = work / "cli" / "register.sqlite"
        db.parent.mkdir(parents=True, exist_ok=True)
        cli_init(db)
        run_step(
            label, lambda: cli_import(db, roster_file), rows, limit, lambda s: s.split(": ")[-1]
        )

    # b. pandas + openpyxl, reading only
    label = "b. pandas.read_excel(engine='openpyxl')"
    try:
        import pandas  # noqa: F401
    except ImportError:
        b = skipped(label, rows, "pandas is not installed (pip install pandas)")
    else:
        if args.skip_pandas:
            b = skipped(label, rows, "--skip-pandas")
        else:
            b, _ = run_step(
                label, lambda: pandas_read(roster_file), rows, limit, lambda n: f"{n:,} rows read"
            )

    # c. the floor
    c, _ = run_step(
        "c. floor: calamine + sqlite3 executemany",
        lambda: floor(roster_file, work / "floor.sqlite"),
        rows,
        limit,
        lambda n: f"{n:,} rows written",
    )

    # f. the floor of ngocoord's tables (reference): an empty register, the rows a. stored
    label = "f. floor for ngocoord's tables (reference)"
    if done is None:
        f = skipped(label, rows, "a did not finish")
    else:
        empty = new_register(work / "schema-floor")
        empty.close()
        stored = stored_rows(
            work / "inprocess" / "register.sqlite", work / "schema-floor" / "register.sqlite"
        )
        f, _ = run_step(
            label,
            lambda: schema_floor(roster_file, work / "schema-floor" / "register.sqlite", stored),
            rows,
            limit,
            lambda n: f"{n:,} rows written to {len(SCHEMA_TABLES)} tables",
        )

    print()
    print("goals (ngocoord = a, the in-process import):")
    print(ratio_line("pandas+openpyxl / ngocoord", b, a, ">= 10x", lambda r: r >= 10))
    print(ratio_line("ngocoord / floor", a, c, "<= 2x", lambda r: r <= 2), flush=True)
    if f.seconds and c.seconds and a.seconds and not (a.cut or f.cut or c.cut):
        print("reference (f: storing what ngocoord stores, with no parsing or checking at all):")
        print(f"{'its tables alone / floor':<32} {f.seconds / c.seconds:>7.1f}x")
        print(f"{'ngocoord / its tables alone':<32} {a.seconds / f.seconds:>7.1f}x", flush=True)

    if args.profile:
        print()
        print(f"cProfile of one more in-process import of {roster_file.name}, top {args.top}:")
        print(profile_import(work, roster_file, args.top, limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
