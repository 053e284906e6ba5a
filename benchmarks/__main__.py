"""`python -m benchmarks`: every measure of the speed goals, each beside its floor, one table.

    python -m benchmarks                    # full sizes (national register built once, cached)
    python -m benchmarks --quick            # smaller sizes, for a first look
    python -m benchmarks --json out.json    # the figures for comparison between commits
    python -m benchmarks --only startup,national --pairs 7
    python -m benchmarks --postgres postgresql+psycopg://USER:PASSWORD@HOST/DB

Each group runs its sides in interleaved rounds (ngocoord, floor, ngocoord, floor, ...) after
one warm-up round; the table gives the median of the pairs with (min–max) beside it. Whole
commands run as their own processes against floors that are processes too (`python -c pass`,
`benchmarks/floors.py`, the same command with `--format json`), with their bytecode cached in
a temporary PYTHONPYCACHEPREFIX, as an installed ngocoord has its .pyc files. The data comes
from the generators of check.py (national register), report_import.py (report workbooks) and
roster_import.py (roster sheet).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import check as national
import report_import
import roster_import
from common import cli_command, versions
from harness import Goal, Result, Row, Side, in_process, process, results, run_group, table

HERE = Path(__file__).resolve().parent
GROUPS = ("startup", "national", "history", "reports", "roster", "postgres")
FULL = {"ngos": 25_000, "months": 120, "reports": 1_000, "roster": 100_000}
QUICK = {"ngos": 2_000, "months": 120, "reports": 200, "roster": 10_000}
SMALL_BATCH = report_import.SMALL_BATCH  # 70 files


class Bench:
    """What every group needs: sizes, a work folder, the children's environment."""

    def __init__(self, args: argparse.Namespace, work: Path, cache: Path) -> None:
        self.args = args
        self.sizes = QUICK if args.quick else FULL
        self.work = work
        self.cli = cli_command()
        self.python = sys.executable
        self.env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
        for name in ("PYTHONDONTWRITEBYTECODE", "NGOCOORD_DB", "PYTHONPROFILEIMPORTTIME"):
            self.env.pop(name, None)
        self.env["PYTHONPYCACHEPREFIX"] = str(cache)
        # a terminal as a clerk has one: colour allowed, 160 columns (a pty made by `script`
        # has no size of its own)
        self.tty_env = {k: v for k, v in self.env.items() if k != "NO_COLOR"}
        self.tty_env.update({"TERM": "xterm-256color", "COLUMNS": "160"})

    def command(self, *args: str, ok: Sequence[int] = (0,), tty: bool = False) -> Side:
        env = self.tty_env if tty else self.env
        return Side(process([*self.cli, *args], env, ok, tty))

    def floor(self, *args: str) -> Side:
        return Side(process([self.python, str(HERE / "floors.py"), *args], self.env))


def group_startup(b: Bench) -> list[Result]:
    demo = b.work / "demo"
    shutil.rmtree(demo, ignore_errors=True)  # `ngocoord demo` builds in a new folder only
    done = process([*b.cli, "demo", "--dir", str(demo)], b.env)()
    db = str(demo / "register.sqlite")
    sides = {
        "bare": Side(process([b.python, "-c", "pass"], b.env)),
        "help": b.command("--help"),
        "check_help": b.command("check", "--help"),
        "demo_check": b.command(
            "--db", db, "check", "--month", "2021-01", "--as-of", "2021-02-10", ok=(0, 3)
        ),
    }
    samples = run_group(sides, b.args.pairs)
    return results(
        samples,
        [
            Row("`ngocoord --help`", "help", "bare", Goal("over", 0.100)),
            Row("`ngocoord check --help`", "check_help", "bare", Goal("over", 0.100)),
            Row("`ngocoord check`, demo district", "demo_check", "bare", Goal("over", 0.400)),
        ],
        note=f"demo built in {done.wall:.1f} s",
    )


def national_register(b: Bench) -> tuple[Path, str, str, dict[str, Any]]:
    """The national register of check.py (built once, cached in the temp folder); the month
    checked and the day judged on, as check.py chooses them."""
    from ngocoord import periods

    ngos, months = b.sizes["ngos"], b.sizes["months"]
    db = b.args.national_db or national.default_path(ngos, months)
    meta = national.cached_register(db, ngos, months, 2015, b.args.rebuild, replace_stale=True)
    month = national.months_from(national.FIRST_MONTH, months)[-2]
    as_of = periods.first_day(periods.next_month(periods.next_month(month))).replace(day=20)
    return db, month, as_of.isoformat(), meta


def group_national(b: Bench) -> list[Result]:
    db, month, day, meta = national_register(b)
    return table_against_json(b, str(db), month, day, f"{meta['ngos']:,} NGOs")


def table_against_json(b: Bench, db: str, month: str, day: str, scale: str) -> list[Result]:
    """`check` and `check history` on the national register, table output against
    `--format json` of the same command, each to a pipe and to a terminal."""
    base = ["--db", db, "check"]
    check = [*base, "--kind", national.KIND, "--month", month, "--as-of", day]
    history = [*base, "history", "--to", month, "--as-of", day]
    sides: dict[str, Side] = {}
    for name, args in (("check", check), ("history", history)):
        for tty in (False, True):
            where = "tty" if tty else "pipe"
            sides[f"{name}_table_{where}"] = b.command(*args, ok=(0, 3), tty=tty)
            sides[f"{name}_json_{where}"] = b.command(*args, "--format", "json", ok=(0, 3), tty=tty)
    samples = run_group(sides, b.args.pairs)
    rows = []
    for name in ("check", "history"):
        for where, shown in (("pipe", "to a pipe"), ("tty", "to a terminal")):
            rows.append(
                Row(
                    f"`{name if name == 'check' else 'check history'}` table {shown}, {scale}",
                    f"{name}_table_{where}",
                    f"{name}_json_{where}",
                    Goal("ratio", 1.3),
                )
            )
    return results(samples, rows)


HAND_SQL = (
    "SELECT ngo_id, month, min(received_on) FROM submission "
    "WHERE kind_id = ? AND month >= ? AND month <= ? AND voided_at IS NULL "
    "AND received_on <= ? GROUP BY month, ngo_id",
    "SELECT ngo_id, start_date, end_date FROM membership WHERE office_id = ?",
    "SELECT id, code, coalesce(name_bn, name_en) FROM ngo ORDER BY code",
)


def group_history(b: Bench) -> list[Result]:
    """compliance.history for 12 months against the same three queries written by hand."""
    db, month, day, meta = national_register(b)
    found = history_pair(b, f"sqlite:///{db}", month, day, f"{meta['ngos']:,} NGOs")
    if b.args.postgres:
        url, month, day, meta = postgres_register(b)
        found += history_pair(b, url, month, day, f"{meta['ngos']:,} NGOs, PostgreSQL")
    return found


def history_pair(b: Bench, url: str, month: str, day: str, scale: str) -> list[Result]:
    from datetime import date

    from sqlalchemy.engine import make_url

    from ngocoord.compliance import check as compliance
    from ngocoord.register import returns
    from ngocoord.store.db import open_register

    as_of = date.fromisoformat(day)
    first = compliance.month_range_back(month, 12)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        conn: Any = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True)
        mark = "?"
    else:
        import psycopg

        conn, mark = psycopg.connect(national.pg_dsn(url), autocommit=True), "%s"
    register = open_register(url)
    try:
        with register.session() as s:
            kind = returns.kind(s, national.KIND)
        home_sql = "SELECT id FROM office WHERE level = 'district'"
        (home,) = conn.execute(home_sql).fetchone()
        receipts, spans, ngos = (sql.replace("?", mark) for sql in HAND_SQL)

        def ours() -> None:
            with register.session() as s:
                compliance.history(s, kind, first=None, last=month, as_of=as_of)

        def hand() -> None:
            conn.execute(receipts, (kind.id, first, month, day)).fetchall()
            conn.execute(spans, (home,)).fetchall()
            conn.execute(ngos).fetchall()

        sides = {"ours": Side(in_process(ours)), "sql": Side(in_process(hand))}
        samples = run_group(sides, b.args.pairs)
    finally:
        register.close()
        conn.close()
    measure = f"`check history` 12 months in-process, {scale}"
    return results(samples, [Row(measure, "ours", "sql", Goal("ratio", 1.5, under=1.0))])


def postgres_register(b: Bench) -> tuple[str, str, str, dict[str, Any]]:
    """The national register copied into the --postgres database (wiped first), unless the
    copy there already holds as many returns on this schema; its URL, the month and day, the
    counts."""
    import psycopg

    from ngocoord.store.db import SCHEMA_REVISION

    db, month, day, meta = national_register(b)
    url = b.args.postgres
    dsn = national.pg_dsn(url)
    with psycopg.connect(dsn) as pg:
        try:
            (found,) = pg.execute("SELECT count(*) FROM submission").fetchone() or (0,)
            (revision,) = pg.execute("SELECT version_num FROM alembic_version").fetchone() or ("",)
        except psycopg.Error:
            pg.rollback()
            found, revision = -1, ""
    if found == meta["submissions"] and revision == SCHEMA_REVISION:
        print(f"postgres: reusing the copy ({found:,} returns)")
        return url, month, day, meta
    print("postgres: copying the national register ...", flush=True)
    national.copy_to_postgres(db, url)
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
    return url, month, day, meta


def group_postgres(b: Bench) -> list[Result]:
    """The national check and history on PostgreSQL: table output against --format json."""
    url, month, day, meta = postgres_register(b)
    return table_against_json(b, url, month, day, f"{meta['ngos']:,} NGOs, PostgreSQL")


def fresh(base: Path, db: Path) -> Callable[[], None]:
    return lambda: report_import.fresh_copy(base, db) and None


def group_reports(b: Bench) -> list[Result]:
    files = b.sizes["reports"]
    work = b.work / "reports"
    base, folder, _lines = report_import.generate(work, files, 2021, os.cpu_count() or 1)
    small = work / f"first{SMALL_BATCH}"
    small.mkdir(exist_ok=True)
    for path in sorted(folder.glob("*.xlsx"))[:SMALL_BATCH]:
        shutil.copy2(path, small / path.name)
    day = report_import.RECEIVED.isoformat()
    sides = {}
    for name, where in ((str(SMALL_BATCH), small), ("all", folder)):
        db = work / f"cli-{name}.sqlite"
        side = b.command("--db", str(db), "report", "import", str(where), "--received-on", day)
        side.prepare = fresh(base, db)
        sides[f"cli_{name}"] = side
        sides[f"floor_{name}"] = b.floor("report", str(work / f"floor-{name}.sqlite"), str(where))
    samples = run_group(sides, b.args.pairs)
    return results(
        samples,
        [
            Row(
                f"`report import` {SMALL_BATCH} files",
                f"cli_{SMALL_BATCH}",
                f"floor_{SMALL_BATCH}",
                Goal("ratio", 4.0),
            ),
            Row(f"`report import` {files:,} files", "cli_all", "floor_all", Goal("ratio", 2.0)),
        ],
    )


def group_roster(b: Bench) -> list[Result]:
    rows = b.sizes["roster"]
    work = b.work / "roster"
    work.mkdir(exist_ok=True)
    roster_import.generate_rosters(work, rows, "acronym", 1971)
    path = roster_import.roster_path(work, rows, True)
    empty, first, again = work / "empty.sqlite", work / "first.sqlite", work / "again.sqlite"
    bare = work / "without-runs.sqlite"
    for stale in (empty, *(empty.with_name(empty.name + end) for end in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)  # a kept folder's register of an earlier run
    process([*b.cli, "--db", str(empty), "init", "--district", roster_import.DISTRICT], b.env)()
    report_import.fresh_copy(empty, first)
    process([*b.cli, "--db", str(first), "ngo", "import", str(path)], b.env)()
    imported = work / "imported.sqlite"
    report_import.fresh_copy(first, imported)
    sides = {
        "cli": b.command("--db", str(first), "ngo", "import", str(path)),
        "floor": b.floor("roster", str(work / "floor.sqlite"), str(path), roster_import.HEADERS[0]),
        "again": b.command("--db", str(again), "ngo", "import", str(path)),
        "no_runs": b.floor("roster-without-runs", str(bare), str(path)),
    }
    sides["cli"].prepare = fresh(empty, first)
    sides["again"].prepare = fresh(imported, again)
    sides["no_runs"].prepare = fresh(empty, bare)
    wanted = [
        Row(f"`ngo import` {rows:,} rows (wall)", "cli", "floor", Goal("ratio", 3.0)),
        Row(f"`ngo import` {rows:,} rows (CPU)", "cli", "floor", None, metric="cpu"),
        Row(f"`ngo import` {rows:,} rows, peak memory", "cli", "floor", Goal("ratio", 1.5), "rss"),
        Row(f"`ngo import` {rows:,} rows again, unchanged", "again", "floor", Goal("ratio", 2.0)),
        # the same import without runs' bookkeeping (run row, ids and prior states, the end)
        Row(f"`ngo import` {rows:,} rows, with runs", "cli", "no_runs", Goal("ratio", 1.10)),
    ]
    try:
        import pandas  # noqa: F401
    except ImportError:
        print("roster:   pandas is not installed: the comparison with pandas is left out")
    else:
        sides["pandas"] = b.floor("pandas", str(work / "pandas.sqlite"), str(path), "2")
        wanted.insert(
            1, Row(f"`ngo import` {rows:,} rows vs pandas", "cli", "pandas", Goal("ratio", 1.0))
        )
    samples = run_group(sides, b.args.pairs)
    return results(samples, wanted)


RUNNERS: dict[str, Callable[[Bench], list[Result]]] = {
    "startup": group_startup,
    "national": group_national,
    "history": group_history,
    "reports": group_reports,
    "roster": group_roster,
    "postgres": group_postgres,
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes: " + str(QUICK))
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--pairs", type=int, default=5, help="measured rounds per group (5)")
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"groups to run, comma-separated: {','.join(GROUPS)}",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the national register again")
    parser.add_argument(
        "--national-db", type=Path, help="the national register (default: check.py's, cached)"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also measure on this PostgreSQL database, which is WIPED and filled with a copy "
        "of the national register (kept for the next run)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    parser.add_argument("--keep", type=Path, help="work folder to keep (and reuse) generated files")
    args = parser.parse_args(argv)
    args.groups = [g.strip() for g in args.only.split(",") if g.strip()]
    if args.postgres is None and "postgres" in args.groups:
        args.groups.remove("postgres")  # run only when a server is given
        if args.only != ",".join(GROUPS):
            print("postgres: left out, no --postgres URL given", file=sys.stderr)
    unknown = sorted(set(args.groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    return args


def postgres_version(url: str) -> str:
    """The server's version, as `SHOW server_version` gives it, and the driver's."""
    import psycopg

    with psycopg.connect(national.pg_dsn(url)) as pg:
        (version,) = pg.execute("SHOW server_version").fetchone() or ("?",)
    return f"PostgreSQL {version}, psycopg {psycopg.__version__}"


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "system": f"{platform.system()} {platform.machine()}",
        "versions": versions(),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    start = machine()
    print(f"machine:  {start['cpus']} CPU(s), {start['system']}, load average {start['load']}")
    print(f"versions: {start['versions']}")
    if args.postgres:
        start["postgres"] = postgres_version(args.postgres)
        print(f"postgres: {start['postgres']}")
    print(f"pairs:    {args.pairs} per group after a warm-up; medians, (min–max) over the pairs")
    print(flush=True)
    found: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="ngocoord-bench-") as tmp:
        work = args.keep or Path(tmp) / "work"
        work.mkdir(parents=True, exist_ok=True)
        bench = Bench(args, work, Path(tmp) / "pycache")
        for name in args.groups:
            print(f"{name} ...", flush=True)
            found += RUNNERS[name](bench)
    end = machine()
    print()
    print(table(found))
    print()
    print(f"load average at the start {start['load']}, at the end {end['load']}")
    if args.markdown:
        print()
        print(table(found, markdown=True))
    if args.json:
        payload = {
            "quick": args.quick,
            "pairs": args.pairs,
            "machine": start,
            "load_end": end["load"],
        }
        payload["results"] = [r.as_dict() for r in found]
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if any(r.passed is False for r in found) else 0


if __name__ == "__main__":
    raise SystemExit(main())
