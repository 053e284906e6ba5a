"""`report import` reads and writes the register through SQLAlchemy Core on its own tables
(store/tables.py), without SQLModel, pydantic or the model classes; what it writes is what
the ORM commands (`report list`, `log`, `undo`) read back."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from conftest import Cli, report_csv
from test_core_reads import RUN
from test_undo import last_run

# The tables `report import` inserts into through reflected tables, which carry no defaults.
WRITTEN = ("submission", "report_line", "audit", "run", "lock_override")


def _import(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`ngocoord report import ARGS` as its own process (in the register's folder, where a
    rejects workbook goes), which must load no models."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--db", str(db), "report", "import", *args],
        capture_output=True,
        text=True,
        cwd=db.parent,
    )
    assert done.stderr.strip().splitlines()[-1] == "no models", done.stderr
    return done


def current(office: Cli, month: str) -> dict[str, int]:
    listed = json.loads(office("report", "list", "--month", month, "--format", "json").output)
    return {r["unit"]: r["version"] for r in listed}


def test_report_import_loads_no_models_and_the_orm_reads_what_it_wrote(
    office: Cli, db: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    report_csv(inbox, "MBSK", "2021-01")
    report_csv(inbox, "CTW", "2021-01")
    first = _import(db, str(inbox), "--received-on", "2021-02-05")
    assert "2 imported" in first.stdout, first.stdout
    assert current(office, "2021-01") == {"MBSK": 1, "CTW": 1}

    office("lock", "2021-01", "--reason", "reviewed")
    again = tmp_path / "again"
    report_csv(again, "MBSK", "2021-01", project="কিশোরী ক্লাব")
    refused = _import(db, str(again), "--received-on", "2021-02-06")
    assert "1 rejected" in refused.stdout and "is locked" in refused.stdout, refused.stdout
    taken = _import(db, str(again), "--received-on", "2021-02-06", "--unlock-reason", "late")
    assert "1 as a new version replacing an earlier one" in taken.stdout, taken.stdout
    assert current(office, "2021-01") == {"MBSK": 2, "CTW": 1}

    conn = sqlite3.connect(db)
    try:
        (overrides,) = conn.execute("SELECT count(*) FROM lock_override").fetchone()
        unset = conn.execute("SELECT count(*) FROM audit WHERE run_id IS NULL").fetchone()
    finally:
        conn.close()
    assert overrides == 1 and unset == (0,)

    from sqlmodel import col, select

    from ngocoord.store.db import open_register
    from ngocoord.store.models import Submission

    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            rows = list(s.exec(select(Submission).order_by(col(Submission.id))))
            assert [r.version for r in rows] == [1, 1, 2]
            assert [r.received_on for r in rows][-1] == date(2021, 2, 6)
            assert all(r.imported_at.tzinfo is not None for r in rows)
            assert all(abs(datetime.now(UTC) - r.imported_at).days < 1 for r in rows)
    finally:
        register.close()

    run = last_run(office)
    office("unlock", "2021-01", "--reason", "the resubmission was a mistake")
    office("undo", str(run), "--yes")
    assert current(office, "2021-01") == {"MBSK": 1, "CTW": 1}


def test_the_tables_written_without_the_models_have_no_python_side_defaults() -> None:
    """A reflected table knows no default the models give in Python: an insert through it
    stores exactly what the models' insert would only while the models have none for it."""
    from sqlmodel import SQLModel

    from ngocoord.store import models

    assert models
    for name in WRITTEN:
        for column in SQLModel.metadata.tables[name].c:
            assert column.default is None, (name, column.key)
