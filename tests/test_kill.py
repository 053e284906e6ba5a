"""SIGKILL in the middle of `ngocoord report import` and `ngocoord ngo import`.

Each command runs in a process of its own and is killed at a random moment (a seeded RNG,
spread over the command's run time, measured before the kills by runs not killed). After each kill
the register must be intact (integrity and foreign keys), hold whole files only, and a re-run
of the same command must finish the job without duplicates.

The command runs in a child forked from this process, which has already imported ngocoord:
the child starts at the command itself, so a kill lands in its work and not in Python's
start-up, and thirty kills cost seconds. The slow run (`pytest --slow`) also kills the
`ngocoord` program itself, start-up included, and a batch big enough for the worker processes.
The whole process group is killed, reading workers included.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, report_csv

from ngocoord import places

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="SIGKILL and fork are POSIX (the CI runs on Linux)"
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
MONTH = "2021-01"
RECEIVED = "2021-02-06"
REJECTED = 1  # the documented exit status of a batch in which a file was rejected

# kills per test: the default run, and `pytest --slow`
KILLS, SLOW_KILLS = 15, 100
SLOW_EXEC_KILLS = 20  # of the `ngocoord` program, start-up included (slow run only)


# ---------------------------------------------------------------- running and killing


def _child(argv: list[str], log: str) -> None:
    """The command, in a forked child: its own process group, its output to a log file."""
    os.setsid()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    from ngocoord.cli.app import app

    code = 0
    try:
        app(argv, prog_name="ngocoord")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    sys.stdout.flush()
    os._exit(code)


@dataclass
class Run:
    exit: int | None  # None: killed before it finished
    seconds: float
    log: Path
    started: float  # time.time() at the start, to place the register's own timestamps

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class Launcher:
    """Runs one ngocoord command line in a new process group, killing it after `kill_after`."""

    def __init__(self, log_dir: Path, *, exec_program: bool = False) -> None:
        self.log_dir = log_dir
        self.exec_program = exec_program
        self.count = 0

    def __call__(self, argv: Sequence[str], kill_after: float | None = None) -> Run:
        self.count += 1
        log = self.log_dir / f"run-{self.count}.log"
        started, start = time.time(), time.monotonic()
        if self.exec_program:
            import subprocess

            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "ngocoord", *argv],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            try:
                code: int | None = proc.wait(kill_after)
            except subprocess.TimeoutExpired:
                code = None
            if code is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            pid = proc.pid
        else:
            child = multiprocessing.get_context("fork").Process(
                target=_child, args=(list(argv), str(log))
            )
            child.start()
            child.join(kill_after)
            code = child.exitcode
            if code is None:
                assert child.pid is not None
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except ProcessLookupError:  # killed before it made its group: none to kill
                    os.kill(child.pid, signal.SIGKILL)
                child.join()
            pid = child.pid or 0
        seconds = time.monotonic() - start
        if code is None:
            _reap_group(pid)
        return Run(code, seconds, log, started)


def _reap_group(pgid: int) -> None:
    """Wait until no process of the killed group is alive (forked reading workers too). A
    zombie is dead (its files and locks are let go) even before its parent reaps it, so on
    Linux the group's processes are read from /proc, their state with them; the bound is
    for a test that fails, not a guess at how long the kill takes."""
    deadline = time.monotonic() + 120
    while _alive_in_group(pgid):
        assert time.monotonic() < deadline, f"processes of group {pgid} outlived SIGKILL"
        time.sleep(0.01)


def _alive_in_group(pgid: int) -> bool:
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):  # gone meanwhile
            continue
        if int(group) == pgid and state not in ("Z", "X"):
            return True
    return False


def reference_run(launch: Launcher, argv: Sequence[str], prepare: Any) -> tuple[Run, float]:
    """The command run twice without a kill, each time on a fresh copy: the first warms the
    caches. Returns the second run and the shorter time, so that few runs end before their
    kill when the machine is less busy than it was."""
    prepare()
    first = launch(argv)
    prepare()
    run = launch(argv)
    assert first.exit == run.exit, run.output
    return run, min(first.seconds, run.seconds)


def kill_runs(
    launch: Launcher,
    case: Any,
    kills: int,
    seconds: float,
    writes: tuple[float, float],
    seed: int,
    check_killed: Any,
    check_rerun: Any,
) -> Counter[str]:
    """Kill `argv` `kills` times at a random moment, each time on a fresh copy of the prepared
    register; after each kill check the register, re-run, check again. Half the moments fall
    anywhere in the run's `seconds`, half in `writes`, the stretch of it in which the register
    was written (both measured before the kills, by `reference_run`), so that kills land in
    the writes too. A run that finished before its moment is checked as well but does not
    count as a kill. `case` is a ReportCase or RosterCase: its command, its register, and the
    prepared copy each run starts from."""
    db, argv = case.db, case.argv
    rng = random.Random(seed)
    writes = (min(writes[0], seconds), min(writes[1], seconds))
    tally: Counter[str] = Counter()
    while tally["killed"] < kills:
        assert tally["finished first"] < 3 * kills, f"the runs end before their kill: {tally}"
        delay = rng.uniform(0, seconds) if rng.random() < 0.5 else rng.uniform(*writes)
        copy_register(case.base, db)
        run = launch(argv, kill_after=delay)
        where = f"seed {seed}, kill {tally['killed'] + 1} at {delay:.3f}s"
        finished = run.exit is not None
        if finished:
            tally["finished first"] += 1
            assert run.exit in (0, REJECTED), f"{where}: exit {run.exit}\n{run.output}"
        else:
            tally["killed"] += 1
        wal = Path(f"{db}-wal")
        # frames in the WAL but none of them committed: a transaction cut off as it committed
        cut = wal.exists() and wal.stat().st_size > 0
        got = check_killed(where)
        tally[got] += 1
        if got == "nothing written" and cut:
            tally["cut off in its commit"] += 1
        if finished:  # complete: its re-run is the one after a kill that came after the writes
            continue
        rerun = launch(argv)
        assert rerun.exit in (0, REJECTED), f"{where}: re-run exit {rerun.exit}\n{rerun.output}"
        check_rerun(where)
    return tally


# ---------------------------------------------------------------- the register, read plainly


def _rows(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def assert_intact(db: Path, where: str) -> None:
    """SQLite's own checks, on the register as the kill left it (its WAL recovered on open)."""
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)], where
    assert _rows(db, "PRAGMA foreign_key_check") == [], where


def counts(db: Path) -> dict[str, int]:
    tables = [
        r[0]
        for r in _rows(
            db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: _rows(db, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}


def stretch(db: Path, sql: str, run: Run, *args: Any) -> tuple[float, float]:
    """When, in seconds from the start of `run`, the register's timestamps selected by `sql`
    (UTC, as SQLAlchemy stores them) were taken: from the first to the last."""
    from datetime import UTC, datetime

    moments = [
        datetime.fromisoformat(r[0]).replace(tzinfo=UTC).timestamp() - run.started
        for r in _rows(db, sql, *args)
    ]
    assert moments, sql
    return min(moments), max(moments)


def copy_register(src: Path, dest: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dest)


def checkpointed(db: Path) -> None:
    """Fold the WAL into the file, so that copying the one file copies the whole register."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


# ---------------------------------------------------------------- report import


SUBMISSIONS = """
    SELECT s.id, n.code, s.month, s.version, s.is_current, s.content_hash, s.source_file,
           (SELECT count(*) FROM report_line l WHERE l.submission_id = s.id)
    FROM submission s JOIN ngo n ON n.id = s.ngo_id ORDER BY s.id
"""


@dataclass
class ReportCase:
    base: Path  # the prepared register: roster in, earlier versions of some reports
    db: Path  # where each run works
    batch: Path
    expected_lines: dict[str, int]  # each file of the batch: its project rows
    reference: dict[tuple[str, str], tuple[str, int]]  # (code, month): (content hash, lines)
    reference_counts: dict[str, int]
    base_submissions: list[tuple[Any, ...]]
    base_lines: list[tuple[Any, ...]]

    @property
    def argv(self) -> list[str]:
        batch = ["report", "import", str(self.batch), "--received-on", RECEIVED]
        return ["--db", str(self.db), *batch]


def _sample_codes(db: Path) -> list[str]:
    return [r[0] for r in _rows(db, "SELECT code FROM ngo ORDER BY code")]


def _expected_lines(batch: Path) -> dict[str, int]:
    """Each file's project rows as the reader finds them in the file."""
    from ngocoord.intake.report_file import collect, read_report

    return {str(p): len(read_report(p, lambda _name: None).lines) for p in collect([batch])}


def make_report_case(
    tmp_path: Path, launch: Launcher, *, big: bool
) -> tuple[ReportCase, float, tuple[float, float]]:
    """A register with the sample roster and, for three NGOs, an earlier January report; a
    batch of real sample reports (all 59 and 60 more for December when big: enough for the
    worker processes), three of them resubmissions, and one file of an NGO not on the list."""
    base = tmp_path / "base.sqlite"
    cli = Cli(base)
    cli("init", "--district", "দিনাজপুর")
    cli("ngo", "import", str(SAMPLE / "roster.xlsx"))
    reports = sorted((SAMPLE / "reports-2021-01").iterdir())
    template = [p for p in reports if p.name.startswith(f"{MONTH}_")]
    own_layout = [p for p in reports if not p.name.startswith(f"{MONTH}_")]
    chosen = reports if big else [*template[:5], *own_layout]
    batch = tmp_path / "batch"
    batch.mkdir()
    for p in chosen:
        shutil.copy(p, batch / p.name)
    earlier = tmp_path / "earlier"
    for p in template[:3]:
        report_csv(earlier, p.stem.split("_", 1)[1], MONTH, project="শীতবস্ত্র বিতরণ")
    cli("report", "import", str(earlier), "--received-on", "2021-02-02")
    december = _sample_codes(base)[: 60 if big else 40]
    for code in december:
        report_csv(batch, code, "2020-12")
    report_csv(batch, "NOSUCH", MONTH)  # rejected in every run: exit status 1
    checkpointed(base)

    db = tmp_path / "register.sqlite"
    case = ReportCase(
        base=base,
        db=db,
        batch=batch,
        expected_lines=_expected_lines(batch),
        reference={},
        reference_counts={},
        base_submissions=_rows(base, SUBMISSIONS),
        base_lines=_rows(base, "SELECT * FROM report_line ORDER BY id"),
    )
    run, seconds = reference_run(launch, case.argv, lambda: copy_register(base, db))
    assert run.exit == REJECTED, run.output
    assert "NOSUCH" in run.output
    for _id, code, month, _v, current, content, source, lines in _rows(db, SUBMISSIONS):
        if current:
            case.reference[(code, month)] = (content, lines)
        if source in case.expected_lines:
            assert lines == case.expected_lines[source] > 0, source
    assert len(case.reference) == len(chosen) + len(december)
    case.reference_counts = counts(db)
    stamps = "SELECT imported_at FROM submission WHERE id > ?"
    return case, seconds, stretch(db, stamps, run, max(r[0] for r in case.base_submissions))


def check_report_kill(case: ReportCase, where: str) -> str:
    """Whole files only: the earlier versions untouched, each new version with every row of
    its file, at most one current version per NGO-month, one audit insert per new version."""
    db = case.db
    assert_intact(db, where)
    now = _rows(db, SUBMISSIONS)
    before = {row[0]: row for row in case.base_submissions}
    new = [row for row in now if row[0] not in before]
    for row in now:
        if row[0] in before:  # kept, with its rows; only whether it is current may change
            assert row[:4] + row[5:] == before[row[0]][:4] + before[row[0]][5:], where
    assert len(now) == len(before) + len(new), f"{where}: an earlier version was deleted"
    lines = _rows(db, "SELECT * FROM report_line ORDER BY id")
    assert lines[: len(case.base_lines)] == case.base_lines, f"{where}: earlier rows changed"
    for _id, code, month, _version, _current, content, source, n in new:
        assert n == case.expected_lines[source], f"{where}: {source} has {n} rows in the register"
        assert (content, n) == case.reference[(code, month)], f"{where}: {source}"
    current = Counter((code, month) for _, code, month, _, is_current, *_ in now if is_current)
    assert all(c == 1 for c in current.values()), f"{where}: two current versions: {current}"
    assert set(current) == {(code, month) for _, code, month, *_ in now}, where
    audit = _rows(
        db, "SELECT count(*) FROM audit WHERE table_name = 'submission' AND action = 'insert'"
    )[0][0]
    assert audit == len(case.base_submissions) + len(new), f"{where}: audit rows {audit}"
    if not new:
        return "nothing written"
    return "all written" if len(new) == len(case.reference) else "some files written"


def check_report_rerun(case: ReportCase, where: str) -> None:
    """The re-run ends where one uninterrupted run ends: every file in once, no duplicates."""
    check_report_kill(case, where + ", re-run")
    current = {
        (code, month): (content, n)
        for _, code, month, _, is_current, content, _, n in _rows(case.db, SUBMISSIONS)
        if is_current
    }
    assert current == case.reference, where
    # the killed import is a run of its own when it wrote any file: one more run, same rows
    now = {t: n for t, n in counts(case.db).items() if t != "run"}
    assert now == {t: n for t, n in case.reference_counts.items() if t != "run"}, where


def case_kills(
    tmp_path: Path,
    kills: int,
    seed: int,
    exec_program: bool,
    make: Callable[[Launcher], tuple[Any, float, tuple[float, float]]],
    checks: tuple[Callable[[Any, str], str], Callable[[Any, str], None]],
) -> Counter[str]:
    """`kills` runs of the case `make` prepares, each killed and checked, then re-run."""
    logs = tmp_path / "logs"
    logs.mkdir()
    launch = Launcher(logs, exec_program=exec_program)
    case, seconds, writes = make(launch)
    check_killed, check_rerun = checks
    tally = kill_runs(
        launch,
        case,
        kills,
        seconds,
        writes,
        seed,
        check_killed=lambda where: check_killed(case, where),
        check_rerun=lambda where: check_rerun(case, where),
    )
    assert tally["killed"] == kills
    return tally


def report_kills(
    tmp_path: Path, kills: int, seed: int, *, big: bool, exec_program: bool
) -> Counter[str]:
    return case_kills(
        tmp_path,
        kills,
        seed,
        exec_program,
        lambda launch: make_report_case(tmp_path, launch, big=big),
        (check_report_kill, check_report_rerun),
    )


def test_report_import_killed(tmp_path: Path) -> None:
    report_kills(tmp_path, KILLS, seed=1, big=False, exec_program=False)


@pytest.mark.slow
def test_report_import_killed_often(tmp_path: Path) -> None:
    tally = report_kills(tmp_path, SLOW_KILLS, seed=2, big=True, exec_program=False)
    assert tally["some files written"], f"no kill landed between two files of the batch: {tally}"


@pytest.mark.slow
def test_report_import_program_killed(tmp_path: Path) -> None:
    report_kills(tmp_path, SLOW_EXEC_KILLS, seed=3, big=False, exec_program=True)


# ---------------------------------------------------------------- roster import

# the district's upazilas as the gazetteer spells them, which the roster import reads
UPAZILAS = [u.bn for u in places.upazilas_of(places.find_district("দিনাজপুর"))]
SECTORS = ["শিক্ষা", "স্বাস্থ্য", "নারী উন্নয়ন", "ক্ষুদ্রঋণ", "কৃষি", "শিশু অধিকার"]
ROSTER_ROWS, SLOW_ROSTER_ROWS = 3000, 6000
BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def write_roster(path: Path, rows: int, seed: int, *, mobile_from: int = 0) -> Path:
    """A district roster of `rows` NGOs as a CSV, Bangla headers and Bengali digits."""
    import csv

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "NGO Code",
                "সংস্থার নাম",
                "Name of NGO",
                "প্রধান নির্বাহীর নাম",
                "মোবাইল নম্বর",
                "কর্ম এলাকা (উপজেলা)",
                "কার্যক্রমের ধরন",
                "জেলায় কাজের শুরু (সাল)",
            ]
        )
        for i in range(1, rows + 1):
            out.writerow(
                [
                    f"K{i:05d}",
                    f"পল্লী উন্নয়ন সংস্থা {str(i).translate(BN)}",
                    f"Palli Unnayan Sangstha {i}",
                    rng.choice(["মোঃ আব্দুল করিম", "বেগম সালমা খাতুন", "শ্রী অমল রায়"]),
                    f"017{mobile_from + i:08d}".translate(BN),
                    ", ".join(rng.sample(UPAZILAS, rng.randint(1, 4))),
                    ", ".join(rng.sample(SECTORS, 2)),
                    str(rng.randint(1975, 2020)).translate(BN),
                ]
            )
    return path


@dataclass
class RosterCase:
    base: Path  # a third of the NGOs in already, with other mobile numbers
    db: Path
    roster: Path
    rows: int
    base_ngos: list[tuple[Any, ...]]
    base_counts: dict[str, int]
    reference_ngos: list[tuple[Any, ...]]
    reference_counts: dict[str, int]

    @property
    def argv(self) -> list[str]:
        return ["--db", str(self.db), "ngo", "import", str(self.roster)]


def _ngos(db: Path) -> list[tuple[Any, ...]]:
    return _rows(db, "SELECT * FROM ngo ORDER BY code")


def make_roster_case(
    tmp_path: Path, launch: Launcher, rows: int
) -> tuple[RosterCase, float, tuple[float, float]]:
    base = tmp_path / "base.sqlite"
    cli = Cli(base)
    cli("init", "--district", "দিনাজপুর")
    older = write_roster(tmp_path / "older.csv", rows // 3, seed=7, mobile_from=50_000_000)
    cli("ngo", "import", str(older))
    checkpointed(base)
    roster = write_roster(tmp_path / "roster.csv", rows, seed=7)
    db = tmp_path / "register.sqlite"
    audit_before = _rows(base, "SELECT max(id) FROM audit")[0][0]
    argv = ["--db", str(db), "ngo", "import", str(roster)]
    run, seconds = reference_run(launch, argv, lambda: copy_register(base, db))
    assert run.exit == 0, run.output
    assert f"{rows - rows // 3} were added, {rows // 3} were changed" in run.output
    case = RosterCase(
        base=base,
        db=db,
        roster=roster,
        rows=rows,
        base_ngos=_ngos(base),
        base_counts=counts(base),
        reference_ngos=_ngos(db),
        reference_counts=counts(db),
    )
    assert len(case.reference_ngos) == rows
    # The audit rows are made just before the writes: from the last of them to the end.
    planned = stretch(db, "SELECT at FROM audit WHERE id > ?", run, audit_before)[1]
    return case, seconds, (planned, seconds)


def check_roster_kill(case: RosterCase, where: str) -> str:
    """All or nothing: the register is exactly as before the import, or exactly as after."""
    assert_intact(case.db, where)
    ngos, now = _ngos(case.db), counts(case.db)
    if ngos == case.base_ngos:
        assert now == case.base_counts, f"{where}: NGOs as before, but not the rest: {now}"
        return "nothing written"
    assert ngos == case.reference_ngos, f"{where}: part of the roster is in ({len(ngos)} NGOs)"
    assert now == case.reference_counts, f"{where}: NGOs all in, but not the rest: {now}"
    return "all written"


def check_roster_rerun(case: RosterCase, where: str) -> None:
    assert check_roster_kill(case, where + ", re-run") == "all written", where
    assert len(_ngos(case.db)) == case.rows


def roster_kills(
    tmp_path: Path, kills: int, seed: int, rows: int, *, exec_program: bool = False
) -> Counter[str]:
    return case_kills(
        tmp_path,
        kills,
        seed,
        exec_program,
        lambda launch: make_roster_case(tmp_path, launch, rows),
        (check_roster_kill, check_roster_rerun),
    )


def test_roster_import_killed(tmp_path: Path) -> None:
    roster_kills(tmp_path, KILLS, seed=11, rows=ROSTER_ROWS)


@pytest.mark.slow
def test_roster_import_killed_often(tmp_path: Path) -> None:
    roster_kills(tmp_path, SLOW_KILLS, seed=12, rows=SLOW_ROSTER_ROWS)


@pytest.mark.slow
def test_roster_import_program_killed(tmp_path: Path) -> None:
    roster_kills(tmp_path, SLOW_EXEC_KILLS, seed=13, rows=ROSTER_ROWS, exec_program=True)
