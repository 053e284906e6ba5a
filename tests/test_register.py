"""Creating, finding, upgrading, backing up and restoring the register."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Cli, RosterFile, table_dump
from typer.testing import CliRunner

from ngocoord.cli.app import app


def test_init_creates_district_and_upazilas(cli: Cli, db: Path) -> None:
    result = cli("init", "--district", "Dinajpur")
    assert "13 upazilas" in result.output
    conn = sqlite3.connect(db)
    levels = dict(conn.execute("SELECT level, count(*) FROM office GROUP BY level").fetchall())
    assert levels == {"district": 1, "upazila": 13}
    assert cli("config", "get", "district").output.strip() == "দিনাজপুর"
    assert "জেলা প্রশাসকের কার্যালয়, দিনাজপুর" in cli("config", "get", "office.name").output


def test_init_with_office_name_and_bangla_district(cli: Cli) -> None:
    cli("init", "--district", "দিনাজপুর", "--office", "জেলা প্রশাসকের কার্যালয়")
    assert cli("config", "get", "office.name").output.strip() == "জেলা প্রশাসকের কার্যালয়"


def test_init_unknown_district_suggests_and_creates_nothing(cli: Cli, db: Path) -> None:
    result = cli("init", "--district", "Dinajpor", code=1)
    assert "Dinajpur" in result.output
    assert not db.exists()


def test_init_twice_is_refused(register: Cli) -> None:
    result = register("init", "--district", "Rangpur", code=1)
    assert "already exists" in result.output


def test_command_before_init_says_run_init(cli: Cli) -> None:
    result = cli("ngo", "list", code=1)
    assert "ngocoord init" in result.output
    assert "Traceback" not in result.output


def test_location_from_env_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    env_db = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("NGOCOORD_DB", str(env_db))
    assert runner.invoke(app, ["db", "path"]).output.strip() == str(env_db)
    assert runner.invoke(app, ["--db", "x.sqlite", "db", "path"]).output.strip() == str(
        Path("x.sqlite").resolve()
    )
    monkeypatch.delenv("NGOCOORD_DB")
    default = runner.invoke(app, ["db", "path"]).output.strip()
    assert default.endswith("register.sqlite")
    assert str(tmp_path / "xdg") in default
    url = "postgresql://clerk:secret@db.example/ngo"
    assert "secret" not in runner.invoke(app, ["--db", url, "db", "path"]).output


def test_old_schema_is_named_and_upgrade_fixes_it(register: Cli, db: Path) -> None:
    from alembic import command

    from ngocoord.store.db import alembic_config, make_engine

    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")  # as a register made by 0001 would be
    engine.dispose()
    result = register("ngo", "list", code=1)
    assert "on schema 0001" in result.output and "db upgrade" in result.output
    result = register("db", "upgrade")
    assert "Backup written to" in result.output
    assert "from schema 0001 to" in result.output
    assert list(db.parent.glob("register.before-upgrade-*.sqlite"))
    register("ngo", "list")
    assert "already on schema" in register("db", "upgrade").output


def test_backup_and_restore_round_trip(
    register: Cli, db: Path, tmp_path: Path, roster_file: RosterFile
) -> None:
    register("ngo", "import", str(roster_file()))
    backup = tmp_path / "copy.sqlite"
    register("db", "backup", str(backup))
    before = table_dump(db)
    register("ngo", "remove", "CTW", "--on", "2021-02-10", "--reason", "test")
    assert table_dump(db) != before
    result = register("db", "restore", str(backup))
    assert "kept at" in result.output
    assert table_dump(db)["membership"] == before["membership"]
    assert list(tmp_path.glob("register.replaced-*.sqlite"))


def test_backup_refuses_existing_file(register: Cli, tmp_path: Path) -> None:
    target = tmp_path / "exists.sqlite"
    target.write_text("x")
    assert "already exists" in register("db", "backup", str(target), code=1).output


def test_restore_checks_the_file_first(register: Cli, db: Path, tmp_path: Path) -> None:
    before = table_dump(db)
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    assert "not a SQLite database" in register("db", "restore", str(bad), code=1).output
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert "not an ngocoord register" in register("db", "restore", str(other), code=1).output
    assert table_dump(db) == before


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=30)
conn.execute("PRAGMA journal_mode=WAL")
deadline = time.time() + float(sys.argv[2])
i = 0
while time.time() < deadline:
    with conn:
        conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (f"load.{i}", "x" * 500))
    i += 1
print(i)
"""


def test_backup_while_another_process_writes(register: Cli, db: Path, tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "2.5"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(0.5)
    backup = tmp_path / "during.sqlite"
    register("db", "backup", str(backup))
    out, _ = writer.communicate(timeout=30)
    assert writer.returncode == 0 and int(out) > 0
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = conn.execute("SELECT count(*) FROM setting WHERE key LIKE 'load.%'").fetchone()[0]
    assert 0 < copied <= int(out)
