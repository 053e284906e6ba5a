"""Imports, checks and renders at once give the register that running them one after another
would: real processes on one register file (and on PostgreSQL when NGOCOORD_TEST_POSTGRES is
set), the same NGO-months in every batch with different content in each.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import Cli, report_csv

NGOS = 40
MONTHS = ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05"]
RECEIVED = "2021-07-01"
AS_OF = "2021-07-10"
PG_URL = os.environ.get("NGOCOORD_TEST_POSTGRES")
# Two processes racing collide less often than four: three rounds of two give the race three
# chances (without the fix, one round of two corrupts the register in about half the runs).
ROUNDS = {2: 3, 4: 1}


def code_of(i: int) -> str:
    return f"N{i:03d}"


def write_roster(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["এনজিও কোড", "সংস্থার নাম", "Name of NGO", "কর্ম এলাকা (উপজেলা)"])
        for i in range(1, NGOS + 1):
            out.writerow([code_of(i), f"উন্নয়ন সংস্থা {i}", f"Unnayan Sangstha {i}", "সকল উপজেলা"])
    return path


def write_batch(folder: Path, tag: int) -> Path:
    """Every NGO's report for every month; the batches differ in the project's donor only, so
    each batch is a new version of every NGO-month and the month's figures stay the same."""
    folder.mkdir(parents=True)
    for i in range(1, NGOS + 1):
        for month in MONTHS:
            (folder / f"{month}_{code_of(i)}.csv").write_text(
                f"এনজিও কোড,{code_of(i)}\nপ্রতিবেদনের মাস,{month}\n\n"
                f"প্রকল্পের নাম,দাতা সংস্থা,উপকারভোগী নারী\nনারী শিক্ষা,দাতা {tag},{i}\n",
                encoding="utf-8",
            )
    return folder


def ngocoord(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("NGOCOORD_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "ngocoord", "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def run(url: str, *args: str, codes: tuple[int, ...] = (0,)) -> str:
    proc = ngocoord(url, *args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in codes, f"{args}: exit {proc.returncode}\n{out}\n{err}"
    return out


def prepared(url: str, tmp_path: Path) -> str:
    run(url, "init", "--district", "দিনাজপুর")
    run(url, "ngo", "import", str(write_roster(tmp_path / "roster.csv")))
    return url


def import_args(folder: Path) -> list[str]:
    return ["report", "import", str(folder), "--received-on", RECEIVED, "--jobs", "1"]


def readers(url: str, tmp_path: Path, n: int) -> list[subprocess.Popen[str]]:
    month = MONTHS[n % len(MONTHS)]
    out = tmp_path / f"summary-{n}.csv"
    return [
        ngocoord(url, "check", "--kind", "ngo-report", "--month", month, "--as-of", AS_OF),
        ngocoord(url, "render", "summary", "--month", month, "--as-of", AS_OF, "--out", str(out)),
    ]


def import_at_once(url: str, tmp_path: Path, batches: list[Path]) -> None:
    """Every batch imported by its own process, all started together, while `check` and
    `render summary` run over and over; each process must end well."""
    imports = [ngocoord(url, *import_args(folder)) for folder in batches]
    n = 0
    while any(p.poll() is None for p in imports):
        for reader, ok in zip(readers(url, tmp_path, n), [(0, 3), (0,)], strict=True):
            out, err = reader.communicate(timeout=300)
            assert reader.returncode in ok, f"{reader.args}: exit {reader.returncode}\n{err}"
        n += 1
    for proc in imports:
        out, err = proc.communicate()
        assert proc.returncode == 0, f"import: exit {proc.returncode}\n{out}\n{err}"
        assert f"{NGOS * len(MONTHS)} " in out, out


def versions(url: str) -> dict[tuple[int, str], list[tuple[int, bool]]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT ngo_id, month, version, is_current FROM submission "
                    "WHERE voided_at IS NULL ORDER BY ngo_id, month, version"
                )
            )
            found: dict[tuple[int, str], list[tuple[int, bool]]] = defaultdict(list)
            for ngo_id, month, version, is_current in rows:
                found[(ngo_id, month)].append((version, bool(is_current)))
            return found
    finally:
        engine.dispose()


def figures(url: str, tmp_path: Path) -> list[object]:
    """What the clerk reads for each month: the check as JSON and the summary as CSV."""
    seen: list[object] = []
    for month in (MONTHS[0], MONTHS[-1]):
        check = run(
            url,
            *("check", "--kind", "ngo-report", "--month", month, "--as-of", AS_OF),
            *("--format", "json"),
        )
        out = tmp_path / f"figures-{month}.csv"
        run(url, "render", "summary", "--month", month, "--as-of", AS_OF, "--out", str(out))
        seen += [json.loads(check), out.read_text("utf-8")]
    return seen


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("batches")
    return [write_batch(root / f"batch-{tag}", tag) for tag in range(1, 7)]


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory, batches: list[Path]) -> list[object]:
    """The figures after the four batches imported one after another."""
    tmp = tmp_path_factory.mktemp("sequential")
    url = prepared(f"sqlite:///{tmp / 'register.sqlite'}", tmp)
    for folder in batches[:4]:
        run(url, *import_args(folder))
    return figures(url, tmp)


def assert_as_if_one_after_another(
    url: str, tmp_path: Path, processes: int, sequential: list[object]
) -> None:
    found = versions(url)
    assert len(found) == NGOS * len(MONTHS)
    wrong = {
        key: rows
        for key, rows in found.items()
        if [v for v, _ in rows] != list(range(1, processes + 1))
        or [c for _, c in rows] != [False] * (processes - 1) + [True]
    }
    assert not wrong, f"{len(wrong)} NGO-months are not versions 1..{processes}, the last current"
    # same figures as the sequential run of four batches (the figures do not depend on which
    # batch is current, nor on how many were imported)
    assert figures(url, tmp_path) == sequential


@pytest.mark.parametrize("processes", [2, 4])
def test_imports_at_once_on_sqlite(
    tmp_path: Path, batches: list[Path], sequential: list[object], processes: int
) -> None:
    url = prepared(f"sqlite:///{tmp_path / 'register.sqlite'}", tmp_path)
    rounds = ROUNDS[processes]
    for r in range(rounds):
        import_at_once(url, tmp_path, batches[r * processes : (r + 1) * processes])
    assert_as_if_one_after_another(url, tmp_path, rounds * processes, sequential)


@pytest.fixture
def pg() -> str:
    if not PG_URL:
        pytest.skip("set NGOCOORD_TEST_POSTGRES to a database URL")
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.mark.parametrize("processes", [2, 4])
def test_imports_at_once_on_postgresql(
    pg: str, tmp_path: Path, batches: list[Path], sequential: list[object], processes: int
) -> None:
    url = prepared(pg, tmp_path)
    rounds = ROUNDS[processes]
    for r in range(rounds):
        import_at_once(url, tmp_path, batches[r * processes : (r + 1) * processes])
    assert_as_if_one_after_another(url, tmp_path, rounds * processes, sequential)


def test_a_first_version_written_at_once_by_many_is_written_once(tmp_path: Path) -> None:
    """The narrowest race: one NGO-month, never seen before, imported by four processes with
    four contents at the same moment; then the same four again, each unchanged or a version."""
    url = prepared(f"sqlite:///{tmp_path / 'register.sqlite'}", tmp_path)
    files = []
    for tag in range(4):
        folder = tmp_path / f"one-{tag}"
        folder.mkdir()
        files.append(folder / f"2021-01_{code_of(1)}.csv")
        files[-1].write_text(
            f"এনজিও কোড,{code_of(1)}\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\n"
            f"প্রকল্প {tag},{tag}\n",
            encoding="utf-8",
        )
    started = time.monotonic()
    procs = [ngocoord(url, "report", "import", str(f), "--received-on", RECEIVED) for f in files]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{out}\n{err}"
    assert time.monotonic() - started < 120
    rows = versions(url)[(1, "2021-01")]
    assert [v for v, _ in rows] == [1, 2, 3, 4]
    assert [c for _, c in rows] == [False, False, False, True]


def test_returns_received_at_once_are_versions_one_after_another(tmp_path: Path) -> None:
    """`return receive` takes its version through the same writer: four upazila minutes for
    one month at once are versions 1 to 4, one of them current."""
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    run(url, "init", "--district", "দিনাজপুর")
    files = []
    for tag in range(4):
        files.append(tmp_path / f"minutes-{tag}.pdf")
        files[-1].write_bytes(b"%PDF-1.4 minutes " + bytes([tag]) * 64)
    procs = [
        ngocoord(
            url,
            *("return", "receive", "--kind", "upazila-minutes", "--from", "পার্বতীপুর"),
            *("--month", "2021-01", "--received-on", "2021-02-02", str(path)),
        )
        for path in files
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{out}\n{err}"
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT version, is_current FROM submission WHERE unit_office_id IS NOT NULL "
                    "ORDER BY version"
                )
            ).all()
    finally:
        engine.dispose()
    assert [(v, bool(c)) for v, c in rows] == [(1, False), (2, False), (3, False), (4, True)]


def test_a_register_locked_the_whole_wait_rejects_the_file_with_a_message(
    office: Cli, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the write lock past the busy timeout: the report is rejected
    as busy, with a message, not a traceback; the register is as it was."""
    import sqlite3

    from ngocoord.store import db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 300)
    inbox = tmp_path / "inbox"
    report_csv(inbox, "MBSK", "2021-01")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = office("report", "import", str(inbox), "--received-on", "2021-02-05", code=1)
    finally:
        holder.rollback()
        holder.close()
    assert "Traceback" not in result.output
    assert "run the import again" in " ".join(result.output.split()), result.output
    assert sqlite3.connect(db).execute("SELECT count(*) FROM submission").fetchone() == (0,)
