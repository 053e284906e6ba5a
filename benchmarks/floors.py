"""The floors: the least any tool must do for the same work, as functions and as processes.

`python benchmarks/floors.py report DB FOLDER` reads the workbooks in FOLDER with python-calamine
and inserts their project rows with sqlite3 (a commit per file); `roster DB FILE HEADER` reads a
roster sheet and executemany's it into one table; `pandas DB FILE HEADER_ROW` is what a data
person would use instead (`pandas.read_excel` + `DataFrame.to_sql`, no checking);
`roster-without-runs DB FILE` is `ngocoord --db DB ngo import FILE` itself with the run
bookkeeping taken out (its audit rows go into one run made beforehand, and no run is ended), to
measure what runs cost an import. Run as their
own processes, they pay Python's start-up as a whole ngocoord command does. Only the standard
library is imported at the top, so the process floor is not slowed by this module itself.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

REPORT_HEADER = "ক্রমিক নং"  # the first header cell of a report's project table
REPORT_TOTALS = "মোট"


def _connect(db: Path) -> sqlite3.Connection:
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")  # as ngocoord's engine sets up SQLite
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _first_sheet(path: Path) -> Sequence[Sequence[object]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    try:
        return wb.get_sheet_by_index(0).to_python()
    finally:
        wb.close()


def report(files: Sequence[Path], db: Path, *, commit_each: bool = True) -> int:
    """Read the cells of each report (calamine), insert its project rows (sqlite3 executemany)
    into one plain table; one commit per file, or one for all. The rows inserted."""
    conn = _connect(db)
    count = 0
    try:
        columns = ", ".join(f"c{i}" for i in range(11))
        conn.execute(f"CREATE TABLE line (file TEXT, {columns})")
        conn.commit()
        insert = f"INSERT INTO line VALUES ({', '.join('?' * 12)})"
        for path in files:
            grid = _first_sheet(path)
            # The table starts under its two header rows and ends at the totals row.
            top = next(i for i, row in enumerate(grid) if row and row[0] == REPORT_HEADER) + 2
            name = str(path)
            rows = []
            for row in grid[top:]:
                if row[0] == REPORT_TOTALS:
                    break
                if row[1] != "":
                    rows.append((name, *row[:11]))
            conn.executemany(insert, rows)
            count += len(rows)
            if commit_each:
                conn.commit()
        conn.commit()
    finally:
        conn.close()
    return count


def roster(path: Path, db: Path, header: str) -> int:
    """Read a roster sheet (calamine) and insert every row under the header row whose first
    cell is `header` into one table (sqlite3 executemany). The rows inserted."""
    grid = _first_sheet(path)
    top = next(i for i, row in enumerate(grid) if row and row[0] == header)
    rows = grid[top + 1 :]
    width = len(grid[top])
    conn = _connect(db)
    try:
        conn.execute(f"CREATE TABLE roster ({', '.join(f'c{i} TEXT' for i in range(width))})")
        conn.executemany(f"INSERT INTO roster VALUES ({', '.join('?' * width)})", rows)
        conn.commit()
    finally:
        conn.close()
    return len(rows)


def pandas_roster(path: Path, db: Path, header_row: int) -> int:
    """`pandas.read_excel` (openpyxl) and `DataFrame.to_sql`: no checking at all."""
    import pandas as pd

    frame = pd.read_excel(path, engine="openpyxl", header=header_row)
    conn = _connect(db)
    try:
        frame.to_sql("roster", conn, index=False)
        conn.commit()
    finally:
        conn.close()
    return len(frame)


def roster_without_runs(path: Path, db: Path) -> int:
    """The whole `ngo import` command in this process, but for runs: the audit rows get the id
    of a run written before the clock started, and the command's end writes nothing."""
    from ngocoord.cli import app
    from ngocoord.store import runs

    conn = sqlite3.connect(db)
    try:
        (run_id,) = conn.execute(
            "INSERT INTO run (command, os_user, started) VALUES ('bench', 'bench', "
            "'2021-01-01 00:00:00') RETURNING id"
        ).fetchone()
        conn.commit()
    finally:
        conn.close()
    runs.current = lambda conn: run_id
    runs.finish = lambda outcome: None
    try:
        app.app(["--db", str(db), "ngo", "import", str(path)], prog_name="ngocoord")
    except SystemExit as exc:
        if exc.code:
            raise
    return 0


def main(argv: Sequence[str]) -> int:
    what, db, *rest = argv
    if what == "report":
        count = report(sorted(Path(rest[0]).glob("*.xlsx")), Path(db))
    elif what == "roster":
        count = roster(Path(rest[0]), Path(db), rest[1])
    elif what == "pandas":
        count = pandas_roster(Path(rest[0]), Path(db), int(rest[1]))
    elif what == "roster-without-runs":
        count = roster_without_runs(Path(rest[0]), Path(db))
    else:
        raise SystemExit(f"unknown floor {what!r}: report, roster, pandas, roster-without-runs")
    print(count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
