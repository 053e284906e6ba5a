"""`db restore` checks the backup before it replaces anything, and refuses while an import
writes the register: each fault a message naming the file, exit 1, the register untouched."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Cli, report_csv
from test_concurrency import versions
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)
from typer.testing import CliRunner

from ngocoord.cli.app import app


def register_bytes(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.glob(db.name + "*"))}


@pytest.fixture
def good(office: Cli, db: Path, tmp_path: Path) -> Path:
    """A backup of the office's register, made by `db backup`."""
    report_csv(tmp_path / "inbox", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "inbox"), "--received-on", "2021-02-05")
    backup = tmp_path / "backups" / "good.sqlite"
    office("db", "backup", str(backup))
    return backup


def truncated(good: Path, out: Path) -> None:
    data = good.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def byte_flipped(good: Path, out: Path) -> None:
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(page, len(data), page):  # every page's b-tree header
        for i in range(offset, offset + 12):
            data[i] ^= 0xFF
    out.write_bytes(bytes(data))


def empty(good: Path, out: Path) -> None:
    out.write_bytes(b"")


def foreign(good: Path, out: Path) -> None:
    conn = sqlite3.connect(out)
    conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photo (name) VALUES ('holiday.jpg')")
    conn.commit()
    conn.close()


def fake(good: Path, out: Path) -> None:
    from ngocoord.store.db import SCHEMA_REVISION

    conn = sqlite3.connect(out)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_REVISION,))
    conn.execute("CREATE TABLE ngo (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def missing_column(good: Path, out: Path) -> None:
    out.write_bytes(good.read_bytes())
    conn = sqlite3.connect(out)
    conn.execute("ALTER TABLE ngo DROP COLUMN website")
    conn.commit()
    conn.close()


def unknown_revision(good: Path, out: Path) -> None:
    out.write_bytes(good.read_bytes())
    conn = sqlite3.connect(out)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()


FAULTS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "truncated": (truncated, "damaged"),
    "byte-flipped": (byte_flipped, "damaged"),
    "empty": (empty, "is empty"),
    "foreign": (foreign, "no schema version"),
    "fake": (fake, "lacks the table(s)"),
    "missing-column": (missing_column, "table ngo lacks the column(s) website"),
    "unknown-revision": (unknown_revision, "'0999', which this ngocoord does not know"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_bad_backup_is_refused_and_nothing_replaced(
    office: Cli, db: Path, good: Path, tmp_path: Path, fault: str
) -> None:
    make, expected = FAULTS[fault]
    bad = tmp_path / f"{fault}.sqlite"
    make(good, bad)
    before = register_bytes(db)
    result = office("db", "restore", str(bad), code=1)
    text = " ".join(result.output.split())
    assert str(bad) in text and expected in text, result.output
    assert "Traceback" not in result.output
    assert register_bytes(db) == before  # nothing replaced, nothing set aside
    assert not list(db.parent.glob("register.replaced-*"))
    office("ngo", "show", "MBSK")  # the register still works


def test_verbose_keeps_the_traceback(office: Cli, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.sqlite"
    bad.write_bytes(b"")
    result = office("--verbose", "db", "restore", str(bad), code=1)
    assert "is empty" in result.output and "Traceback" in result.output


def test_a_good_backup_of_an_older_schema_is_restored(
    office: Cli, db: Path, good: Path, tmp_path: Path
) -> None:
    from ngocoord.store.db import create_register

    old = tmp_path / "old.sqlite"
    fresh = create_register(f"sqlite:///{old}")
    fresh.close()
    as_on_0003(old)
    office("db", "restore", str(old))
    assert "on schema 0003" in office("ngo", "list", code=1).output
    office("db", "upgrade")


def test_restore_during_an_import_is_refused(
    office: Cli, db: Path, good: Path, tmp_path: Path
) -> None:
    """A restore while `report import` writes would leave the import writing ids of the old
    register into the restored one: refused, and the import ends as if it ran alone. The
    import is held in the middle of its run, not raced: this test holds the register's write
    lock, so the import, which holds the writers' lock from its start, waits at its first
    file until the restore has been tried."""
    inbox = tmp_path / "many"
    codes = ["MBSK", "CTW"]
    months = [f"2020-{m:02d}" for m in range(1, 13)]
    for code in codes:
        for month in months:
            report_csv(inbox, code, month, project=f"প্রকল্প {month}")
    command = [sys.executable, "-m", "ngocoord", "--db", str(db), "report", "import"]
    lock = db.with_name(db.name + "-writers")
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        proc = subprocess.Popen(
            [*command, str(inbox), "--received-on", "2021-02-05", "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120  # a bound on a failing test, not a guess
        while not _held(lock):
            assert proc.poll() is None, "the import ended before it held the writers' lock"
            assert time.monotonic() < deadline, "the import never held the writers' lock"
            time.sleep(0.01)
        result = office("db", "restore", str(good), code=1)
        assert "another ngocoord is writing" in result.output and str(db) in result.output
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, f"{out}\n{err}"
    found = versions(f"sqlite:///{db}")
    assert len(found) == len(codes) * len(months) + 1  # and the good backup's 2021-01
    assert all(rows == [(1, True)] for rows in found.values())
    assert not list(db.parent.glob("register.replaced-*"))


def _held(lock: Path) -> bool:
    """Whether some process holds the writers' lock (an exclusive lock cannot be had now)."""
    conn = sqlite3.connect(lock, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def as_on_0003(db: Path | str) -> None:
    """The register (a SQLite file or a URL) as schema 0003 left it (without the
    one-current-version indexes, and the later migrations), by Alembic's own downgrades."""
    from alembic import command

    from ngocoord.store import db as store

    engine = store.make_engine(db if isinstance(db, str) else f"sqlite:///{db}")
    try:
        with engine.begin() as conn:
            command.downgrade(store.alembic_config(conn), "0003")
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", ["restore", "upgrade"])
def test_refused_while_a_command_holds_the_write_lock(
    office: Cli, db: Path, good: Path, command: str
) -> None:
    """A command in the middle of its one transaction (here: this test's, held open)."""
    if command == "upgrade":
        as_on_0003(db)
    args = ["db", "restore", str(good)] if command == "restore" else ["db", "upgrade"]
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE ngo SET notes = 'being edited' WHERE code = 'CTW'")
        before = register_bytes(db)
        result = office(*args, code=1)
        assert f"`db {command}` refused: another ngocoord is writing" in result.output
        assert str(db) in result.output
        assert register_bytes(db) == before
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert not list(db.parent.glob("register.replaced-*"))
    assert not list(db.parent.glob("register.before-upgrade-*"))
    office(*args)  # once the writer is done


@pytest.mark.parametrize("command", ["restore", "upgrade"])
def test_refused_while_an_import_holds_the_writers_lock(
    office: Cli, db: Path, good: Path, command: str
) -> None:
    from ngocoord.store import db as store

    as_on_0003(db)
    args = ["db", "restore", str(good)] if command == "restore" else ["db", "upgrade"]
    before = register_bytes(db)
    with store.writing(f"sqlite:///{db}"):
        result = office(*args, code=1)
    assert "another ngocoord is writing" in result.output, result.output
    assert register_bytes(db) == before
    office(*args)


def test_a_reader_is_waited_for_and_sees_one_register_whole(
    office: Cli, db: Path, good: Path, tmp_path: Path
) -> None:
    """A reader in the middle of its transaction keeps reading the register it began with;
    the restore goes on, and the next reader sees the restored register."""
    office("ngo", "remove", "CTW", "--on", "2021-03-31", "--reason", "জেলায় কার্যক্রম বন্ধ")
    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        count = "SELECT count(*) FROM membership WHERE end_date IS NULL"
        during = reader.execute(count).fetchone()
        office("db", "restore", str(good))
        assert reader.execute(count).fetchone() == during  # its snapshot, whole
        reader.execute("COMMIT")
        assert reader.execute(count).fetchone() != during  # the restored register
    finally:
        reader.close()


def test_another_districts_register_is_not_restored_without_being_asked(
    office: Cli, db: Path, tmp_path: Path
) -> None:
    """A clerk who picks the wrong file is told, not left with another district's register."""
    other = Cli(tmp_path / "rangpur" / "register.sqlite")
    other("init", "--district", "রংপুর")
    backup = tmp_path / "rangpur-backup.sqlite"
    other("db", "backup", str(backup))
    before = register_bytes(db)
    result = office("db", "restore", str(backup), code=1)
    text = " ".join(result.output.split())
    assert "is a register of রংপুর district" in text and "is of দিনাজপুর district" in text, text
    assert "--other-district" in text
    assert register_bytes(db) == before
    assert not list(db.parent.glob("register.replaced-*"))
    office("db", "restore", str(backup), "--other-district")
    assert "রংপুর" in office("config", "get", "district").output
    assert list(db.parent.glob("register.replaced-*"))


def test_a_restore_is_in_the_log(office: Cli, good: Path) -> None:
    office("db", "restore", str(good))
    out = office("log", "--changes", "-n", "1", "--format", "json").output
    assert '"restore"' in out and str(good) in out, out
    assert "register.replaced-" in out


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_an_upgrade_is_in_the_log(url: str) -> None:  # noqa: F811
    """`log` tells that the schema was upgraded, from which revision, and where the backup
    written first is (SQLite); on both engines, in the upgrade's own transaction."""
    from ngocoord.store.db import SCHEMA_REVISION

    runner = CliRunner()
    assert runner.invoke(app, ["--db", url, "init", "--district", "দিনাজপুর"]).exit_code == 0
    as_on_0003(url)
    upgraded = runner.invoke(app, ["--db", url, "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    out = runner.invoke(
        app, ["--db", url, "log", "--changes", "-n", "1", "--format", "json"]
    ).output
    [row] = json.loads(out)
    assert (row["table"], row["key"]) == ("register", "upgrade"), row
    assert json.loads(row["old"]) == {"schema": "0003"}
    new = json.loads(row["new"])
    assert new["schema"] == SCHEMA_REVISION
    assert ("register.before-upgrade-" in str(new["backup"])) == url.startswith("sqlite"), new
