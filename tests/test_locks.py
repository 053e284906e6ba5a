"""A month locked after review: its returns are not imported, voided or changed without a
recorded reason, which `check` and the summary then show; `unlock` needs a reason; a lock
taken by another process while an import reads its files is respected. On SQLite and, when
NGOCOORD_TEST_POSTGRES is set, on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, report_csv, table_dump
from openpyxl import load_workbook
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)
from typer.testing import CliRunner

from ngocoord.cli.app import app

REASON = "ফেব্রুয়ারির সভায় পর্যালোচিত"
LATE = "CTW-এর প্রতিবেদন ডাকে দেরিতে এসেছে"
CHANGED_BN = "পর্যালোচনার পর তথ্য পরিবর্তিত"


def run(where: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--db", where, *args])
    assert result.exit_code == code, f"{args}: exit {result.exit_code}\n{result.output}"
    return result.output


def prepared(where: str, tmp_path: Path) -> str:
    """A Dinajpur register with MBSK, CTW and DAM on the list, MBSK's January report in."""
    run(where, "init", "--district", "দিনাজপুর")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "এনজিও কোড,সংস্থার নাম\nMBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র\nCTW,কাম-টু-ওয়ার্ক\nDAM,ঢাকা আহছানিয়া মিশন\n",
        encoding="utf-8",
    )
    run(where, "ngo", "import", str(roster))
    first = report_csv(tmp_path / "first", "MBSK", "2021-01")
    run(where, "report", "import", str(first), "--received-on", "2021-02-05")
    return where


def current(where: str, month: str) -> dict[str, int]:
    """NGO code: current version, of the month's reports."""
    listed = json.loads(run(where, "report", "list", "--month", month, "--format", "json"))
    return {r["unit"]: r["version"] for r in listed}


def checked(where: str, month: str) -> dict[str, Any]:
    out = run(
        where,
        "check",
        "--kind",
        "ngo-report",
        "--month",
        month,
        "--as-of",
        "2021-03-20",
        "--format",
        "json",
        code=3,
    )
    found: dict[str, Any] = json.loads(out)["checks"][0]
    return found


def batch(tmp_path: Path) -> Path:
    """CTW's January report (new), MBSK's changed January report, DAM's February report."""
    inbox = tmp_path / "inbox"
    report_csv(inbox, "CTW", "2021-01")
    report_csv(inbox, "MBSK", "2021-01", project="কিশোরী ক্লাব")
    report_csv(inbox, "DAM", "2021-02")
    return inbox


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_locked_month_refuses_a_batch_s_files_and_takes_the_rest(
    url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    prepared(url, tmp_path)
    said = run(url, "lock", "2021-01", "--reason", REASON)
    assert "2021-01 is locked for দিনাজপুর" in said and REASON in said
    user = json.loads(run(url, "locks", "--format", "json"))[0]["locked_by"]
    out = run(url, "report", "import", str(batch(tmp_path)), "--received-on", "2021-03-06", code=1)
    refused = [line for line in out.splitlines() if "is locked for" in line]
    assert len(refused) == 2, out  # CTW's new report and MBSK's new version
    assert all(f"by {user}: {REASON}" in line and "--unlock-reason" in line for line in refused)
    assert "1 imported, 0 unchanged, 2 rejected" in out
    assert current(url, "2021-01") == {"MBSK": 1}
    assert current(url, "2021-02") == {"DAM": 1}

    passed = run(
        url,
        "report",
        "import",
        str(tmp_path / "inbox"),
        "--received-on",
        "2021-03-06",
        "--unlock-reason",
        LATE,
    )
    replaced = "2 imported (1 as a new version replacing an earlier one), 1 unchanged, 0 rejected"
    assert replaced in passed
    assert current(url, "2021-01") == {"CTW": 1, "MBSK": 2}
    data = checked(url, "2021-01")
    assert data["lock"]["reason"] == REASON and data["lock"]["meeting"] is None
    assert data["lock"]["locked_at"].endswith("+06:00")
    changes = {(c["unit"], c["change"], c["reason"]) for c in data["changed_after_review"]}
    assert changes == {
        ("CTW", "version 1 imported", LATE),
        ("MBSK", "version 2 replaced version 1", LATE),
    }
    assert checked(url, "2021-02")["changed_after_review"] == []
    text = run(
        url, "check", "--kind", "ngo-report", "--month", "2021-01", "--as-of", "2021-03-20", code=3
    )
    assert f"Figures changed after review ({CHANGED_BN}): CTW version 1 imported" in text
    assert "Locked after review: locked on" in text and REASON in text

    void = run(url, "report", "void", "CTW", "2021-01", "--reason", "ভুল মাস", code=1)
    assert "2021-01 is locked for দিনাজপুর" in void and REASON in void
    wrong = "দ্বিতীয় সংস্করণ ভুল ফাইল"
    run(url, "report", "void", "MBSK", "2021-01", "--reason", "ভুল ফাইল", "--unlock-reason", wrong)
    assert current(url, "2021-01") == {"CTW": 1, "MBSK": 1}  # the earlier version current again
    last = checked(url, "2021-01")["changed_after_review"][-1]
    assert (last["unit"], last["change"], last["reason"]) == ("MBSK", "version 2 voided", wrong)
    run(url, "unlock", "2021-01", code=2)  # the reason is required
    assert "Give the reason" in run(url, "unlock", "2021-01", "--reason", "  ", code=1)
    assert "2021-01 is unlocked" in run(url, "unlock", "2021-01", "--reason", "ভুল মাসে লক")
    assert json.loads(run(url, "locks", "--format", "json")) == []
    run(url, "report", "void", "CTW", "2021-01", "--reason", "ভুল মাস")  # unlocked: no reason
    trail = json.loads(run(url, "log", "--format", "json", "--table", "period_lock"))
    assert [r["action"] for r in trail] == ["delete", "insert"]
    passed = json.loads(run(url, "log", "--format", "json", "--table", "lock_override"))
    assert [r["action"] for r in passed] == ["override"] * 3
    assert json.loads(trail[0]["new"]) == {"reason": "ভুল মাসে লক"}
    assert json.loads(trail[0]["old"])["reason"] == REASON
    assert "2021-01 is not locked" in run(url, "unlock", "2021-01", "--reason", "x", code=1)


def test_a_single_file_of_a_locked_month_leaves_the_register_as_it_was(
    office: Cli, tmp_path: Path
) -> None:
    office(
        "report",
        "import",
        str(report_csv(tmp_path / "a", "MBSK", "2021-01")),
        "--received-on",
        "2021-02-05",
    )
    office("lock", "2021-01")
    assert "already locked" in office("lock", "2021-01", "--reason", "আবার", code=1).output
    assert "is not over yet" in office("lock", "2099-01", code=1).output
    before = table_dump(office.db)
    changed = report_csv(tmp_path / "b", "MBSK", "2021-01", project="কিশোরী ক্লাব")
    out = office("report", "import", str(changed), "--received-on", "2021-03-01", code=1).output
    assert "MBSK ngo-report 2021-01 was not changed: 2021-01 is locked" in " ".join(out.split())
    assert table_dump(office.db) == before
    dry = office(
        "report", "import", str(changed), "--received-on", "2021-03-01", "--dry-run", code=1
    ).output
    assert "is locked" in dry and table_dump(office.db) == before
    same = office("report", "import", str(tmp_path / "a"), "--received-on", "2021-03-01").output
    assert "1 unchanged" in same  # the same content again changes nothing: not refused
    listed = office("locks", "--format", "csv").output.splitlines()
    assert listed[0] == "month,office,locked_at,locked_by,reason,meeting"
    assert listed[1].startswith("2021-01,দিনাজপুর,") and "+06:00" in listed[1]


def test_upazila_returns_of_a_locked_month(office: Cli, tmp_path: Path) -> None:
    scan = tmp_path / "minutes.pdf"
    scan.write_bytes(b"%PDF-1.4")
    receive = (
        "return",
        "receive",
        "--kind",
        "upazila-minutes",
        "--from",
        "পার্বতীপুর",
        "--month",
        "2021-01",
        str(scan),
        "--received-on",
        "2021-02-04",
    )
    office("lock", "2021-01")
    out = office(*receive, code=1).output
    assert "Parbatipur upazila-minutes 2021-01 was not changed: 2021-01 is locked" in out
    assert "Recorded upazila-minutes" in office(*receive, "--unlock-reason", LATE).output
    data = json.loads(
        office(
            "check",
            "--kind",
            "upazila-minutes",
            "--month",
            "2021-01",
            "--as-of",
            "2021-02-10",
            "--format",
            "json",
            code=3,
        ).output
    )["checks"][0]
    assert [(c["unit"], c["reason"]) for c in data["changed_after_review"]] == [
        ("Parbatipur", LATE)
    ]


REPORT = (
    "এনজিও কোড,MBSK\nপ্রতিবেদনের মাস,2021-01\n\n"
    "প্রকল্পের নাম,চলতি মাসে মোট খরচ,প্রকল্পের মেয়াদ\nকিশোরী ক্লাব,১৫০০০,৩৫০০\n"
)


def test_remap_of_a_locked_month_is_refused_unless_a_reason_is_given(
    office: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "2021-01_MBSK.csv"
    path.write_text(REPORT, encoding="utf-8")
    office("report", "import", str(path), "--received-on", "2021-02-05")
    office("columns", "map", "প্রকল্পের মেয়াদ", "budget_year", "--for", "report")
    office("lock", "2021-01", "--reason", REASON)
    before = table_dump(office.db)
    out = office("report", "remap", "--month", "2021-01", code=1).output
    assert "MBSK ngo-report 2021-01 was not changed: 2021-01 is locked" in out
    assert table_dump(office.db) == before
    # the same file again would move the kept value too: that file is refused as well
    again = office("report", "import", str(path), "--received-on", "2021-02-09", code=1).output
    assert "is locked" in again and table_dump(office.db) == before
    moved = office("report", "remap", "--month", "2021-01", "--unlock-reason", "মানচিত্র যোগ")
    assert "1 value(s) moved" in moved.output
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert shown[0]["budget_year"] == 3500
    data = json.loads(
        office(
            "check",
            "--kind",
            "ngo-report",
            "--month",
            "2021-01",
            "--as-of",
            "2021-02-10",
            "--format",
            "json",
            code=3,
        ).output
    )
    (change,) = data["checks"][0]["changed_after_review"]
    assert change["change"] == "version 1: 1 kept value(s) moved into their fields"


def test_the_summary_says_what_changed_after_review_in_every_format(
    office: Cli, tmp_path: Path
) -> None:
    office(
        "report",
        "import",
        str(report_csv(tmp_path / "a", "MBSK", "2021-01")),
        "--received-on",
        "2021-02-05",
    )
    plain = tmp_path / "plain.md"
    office("render", "summary", "--month", "2021-01", "--out", str(plain))
    assert CHANGED_BN not in plain.read_text(encoding="utf-8")
    office("lock", "2021-01", "--reason", REASON)
    office(
        "report",
        "import",
        str(report_csv(tmp_path / "b", "CTW", "2021-01")),
        "--received-on",
        "2021-03-01",
        "--unlock-reason",
        LATE,
    )
    for fmt in ("md", "html", "csv"):
        out = tmp_path / f"summary.{fmt}"
        office("render", "summary", "--month", "2021-01", "--out", str(out))
        text = out.read_text(encoding="utf-8-sig")
        assert LATE in text, fmt
        assert (CHANGED_BN if fmt != "csv" else "পর্যালোচনার পর পরিবর্তন") in text, fmt
    with (tmp_path / "summary.csv").open(encoding="utf-8-sig") as fh:
        ctw = next(line for line in fh if ",CTW," in line)
    assert f"version 1 imported: {LATE}" in ctw
    book = tmp_path / "summary.xlsx"
    office("render", "summary", "--month", "2021-01", "--out", str(book))
    sheet = load_workbook(book)["সারসংক্ষেপ"]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == CHANGED_BN and LATE in str(last[1]) and "CTW" in str(last[1])


def test_finalising_a_meeting_locks_its_month_and_reopening_keeps_the_lock(
    office: Cli, tmp_path: Path
) -> None:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    out = office("meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "কক্ষ")
    meeting = out.output.split()[1]
    said = office("meeting", "finalise", meeting).output
    assert "2021-01, the month it reviewed, is locked on" in said
    assert f"when meeting {meeting} of 2021-02-10 was finalised" in said
    (held,) = json.loads(office("locks", "--format", "json").output)
    assert (held["month"], held["meeting"], held["reason"]) == ("2021-01", int(meeting), None)
    report = report_csv(tmp_path / "a", "MBSK", "2021-01")
    refused = office("report", "import", str(report), "--received-on", "2021-02-05", code=1)
    assert f"when meeting {meeting} of 2021-02-10 was finalised" in refused.output
    reopened = office("meeting", "reopen", meeting, "--reason", "সংশোধন").output
    assert "2021-01 stays locked" in reopened
    assert json.loads(office("locks", "--format", "json").output) == [held]
    office("meeting", "finalise", meeting)  # again: the lock it took is kept, not doubled
    assert json.loads(office("locks", "--format", "json").output) == [held]
    at_upazila = ("--level", "upazila", "--upazila", "পার্বতীপুর", "--time", "11:00", "--venue", "হল")
    upazila = office("meeting", "new", "--date", "12.03.2021", *at_upazila).output.split()[1]
    office("meeting", "finalise", upazila)  # its NGOs' returns come to the district: no lock
    assert json.loads(office("locks", "--format", "json").output) == [held]


# `report import` in a child process that stops once it has read its files, before it writes
# any ("read" on stdout), until a line comes on its stdin.
PAUSED_IMPORT = """
import sys
from ngocoord.intake import report_batch
write = report_batch._write
def paused(*args, **kwargs):
    print("read", flush=True)
    sys.stdin.readline()
    return write(*args, **kwargs)
report_batch._write = paused
from ngocoord.cli.app import app
app(sys.argv[1:], prog_name="ngocoord")
"""


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_lock_taken_while_an_import_reads_is_respected(
    url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The import has read and identified its files (and seen no lock) when another process
    locks January: the January files are refused, February's goes in."""
    prepared(url, tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "300"}
    env.pop("NGOCOORD_DB", None)
    args = ["--db", url, "report", "import", str(batch(tmp_path)), "--received-on", "2021-03-06"]
    importer = subprocess.Popen(
        [sys.executable, "-c", PAUSED_IMPORT, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert importer.stdout is not None
        line = importer.stdout.readline()
        assert line == "read\n", line + importer.communicate()[1]
        locker = subprocess.run(
            [sys.executable, "-m", "ngocoord", "--db", url, "lock", "2021-01", "--reason", REASON],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert locker.returncode == 0, locker.stdout + locker.stderr
    finally:
        out, err = importer.communicate("\n", timeout=120)
    assert importer.returncode == 1, out + err
    assert sum(REASON in line and "is locked" in line for line in out.splitlines()) == 2, out
    assert current(url, "2021-01") == {"MBSK": 1}
    assert current(url, "2021-02") == {"DAM": 1}


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0007_the_lock_tables_are_added(url: str, tmp_path: Path) -> None:  # noqa: F811
    """A register on 0007, its January report in, upgrades to 0009: the schema is the models',
    with one lock per office and month, and January can be locked."""
    from alembic import command
    from sqlalchemy import inspect
    from test_migrations import compare

    from ngocoord.store import db

    prepared(url, tmp_path)
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0007")
        assert not {"period_lock", "lock_override"} & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert "from schema 0007 to" in run(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        unique = inspect(engine).get_unique_constraints("period_lock")
    finally:
        engine.dispose()
    assert [u["column_names"] for u in unique] == [["office_id", "month"]]
    run(url, "lock", "2021-01")
    assert current(url, "2021-01") == {"MBSK": 1}


# `report import` in a child process that stops inside its write transaction, once the lock
# has been checked ("checked" on stdout), until a line comes on its stdin.
PAUSED_WRITE = """
import sys
from ngocoord.register import locks
guard = locks.guard
def paused(*args, **kwargs):
    guard(*args, **kwargs)
    print("checked", flush=True)
    sys.stdin.readline()
locks.guard = paused
from ngocoord.cli.app import app
app(sys.argv[1:], prog_name="ngocoord")
"""

# `ngocoord lock` in a child process that says "ordering" on stderr as it asks for the order
# of the lock's takers and the writers.
ANNOUNCED_LOCK = """
import sys
from ngocoord.register import locks
order = locks._order
def announced(*args, **kwargs):
    print("ordering", file=sys.stderr, flush=True)
    order(*args, **kwargs)
locks._order = announced
from ngocoord.cli.app import app
app(sys.argv[1:], prog_name="ngocoord")
"""


def _waiting_on_a_row(where: str) -> bool:
    """Whether a PostgreSQL backend is waiting for a row lock (the `lock` behind the writer)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(where)
    try:
        with engine.connect() as conn:
            waits = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return bool(waits)


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_lock_asked_for_while_a_version_is_written_comes_after_it(
    url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The writer has checked (no lock) and not yet committed when `lock` is asked for: the
    lock waits for the commit, so the version written is before the lock, never past it."""
    import time

    from sqlalchemy import text

    from ngocoord.store import db

    prepared(url, tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "300"}
    env.pop("NGOCOORD_DB", None)
    report = report_csv(tmp_path / "one", "CTW", "2021-01")
    pipes: dict[str, Any] = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    pipes.update(stderr=subprocess.PIPE, text=True, env=env)
    writer = subprocess.Popen(
        [sys.executable, "-c", PAUSED_WRITE, "--db", url, "report", "import", str(report),
         "--received-on", "2021-02-06"], **pipes,
    )  # fmt: skip
    locker = None
    try:
        assert writer.stdout is not None
        line = writer.stdout.readline()
        assert line == "checked\n", line + writer.communicate()[1]
        locker = subprocess.Popen(
            [sys.executable, "-c", ANNOUNCED_LOCK, "--db", url, "lock", "2021-01"], **pipes
        )
        assert locker.stderr is not None
        assert locker.stderr.readline() == "ordering\n"
        deadline = time.monotonic() + 60  # a bound on a failing test, not a guess
        while url.startswith("postgresql") and not _waiting_on_a_row(url):
            assert locker.poll() is None, "the lock did not wait for the writer"
            assert time.monotonic() < deadline, "the lock never waited"
    finally:
        out, err = writer.communicate("\n", timeout=120)
        said = locker.communicate(timeout=120) if locker is not None else ("", "")
    assert writer.returncode == 0, out + err
    assert locker is not None and locker.returncode == 0, said
    assert current(url, "2021-01") == {"CTW": 1, "MBSK": 1}
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            order = conn.execute(
                text("SELECT table_name FROM audit WHERE row_key LIKE '%2021-01' ORDER BY id")
            ).scalars()
            assert list(order)[-2:] == ["submission", "period_lock"]  # CTW's version, then the lock
    finally:
        engine.dispose()
