"""No secret leaves: a password in a --db URL is masked in the audit trail, in `log`, in `db
path`, in error messages and tracebacks; the PostgreSQL part runs on a real server when
NGOCOORD_TEST_POSTGRES is set (`.ci/run` starts one whose role has a password)."""

from __future__ import annotations

import os
import socket
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from conftest import Cli
from typer.testing import CliRunner

from ngocoord.cli.app import app
from ngocoord.masking import hide, mask, mask_argv, password_of
from ngocoord.store import audit, runs
from ngocoord.store.location import describe

SECRET = "Tr0ub4dor-secret"

URL_SHAPES = [
    (f"postgresql://u:{SECRET}@host/db", "postgresql://u:***@host/db"),
    (f"postgresql+psycopg://u:{SECRET}@host:5432/db", "postgresql+psycopg://u:***@host:5432/db"),
    (f"postgresql://u:{SECRET}@[::1]:5432/db", "postgresql://u:***@[::1]:5432/db"),
    (f"postgresql://u:{SECRET}@h/db?sslmode=require", "postgresql://u:***@h/db?sslmode=require"),
    (f"postgresql://:{SECRET}@h/db", "postgresql://:***@h/db"),
    (f"postgresql://u:a@b:{SECRET}@h/db", "postgresql://u:***@h/db"),  # @ and : unencoded
    (f"postgresql://u:p%40{SECRET}@h/db", "postgresql://u:***@h/db"),  # @ encoded
    (f"mysql+pymysql://u:{SECRET}@h/db", "mysql+pymysql://u:***@h/db"),
    (
        f"postgresql:///db?host=/tmp&user=u&password={SECRET}&port=5",
        "postgresql:///db?host=/tmp&user=u&password=***&port=5",
    ),
    (f"postgresql://u@h/db?PASSWORD={SECRET}", "postgresql://u@h/db?PASSWORD=***"),
    (f"--db=postgresql://u:{SECRET}@h/db", "--db=postgresql://u:***@h/db"),
]
NO_SECRET = ["postgresql://u@host/db", "postgresql://host:5432/db", "sqlite:////tmp/r.sqlite"]


@pytest.mark.parametrize(("url", "masked"), URL_SHAPES)
def test_every_url_shape_is_masked(url: str, masked: str) -> None:
    assert mask(url) == masked
    assert mask_argv([url]) == [masked]
    assert mask(f"Error: cannot use {url} now") == f"Error: cannot use {masked} now"
    assert password_of(url.removeprefix("--db=")) is not None


@pytest.mark.parametrize("url", NO_SECRET)
def test_urls_without_a_password_are_unchanged(url: str) -> None:
    assert mask(url) == url and mask_argv([url]) == [url] and password_of(url) is None


def test_a_password_with_a_space_is_masked_as_one_argument() -> None:
    argv = ["--db", f"postgresql://u:two {SECRET}@h/db", "log"]
    assert mask_argv(argv) == ["--db", "postgresql://u:***@h/db", "log"]
    secret = password_of(argv[1])
    text = f"could not parse 'postgresql://u:two {SECRET}@h/db'"
    assert SECRET not in hide(text, [secret])


def test_the_audit_command_is_recorded_masked() -> None:
    runs.begin_command(["--db", f"postgresql://ngo:{SECRET}@db.example/ngocoord", "ngo", "add"])
    try:
        row = audit.entry("ngo", "MBSK", "insert", None, {"code": "MBSK"})
    finally:
        runs.begin_command([])
    # quoted as a shell reads it (shlex.join), so `log` gives a line that pastes back
    assert row["command"] == "ngocoord --db 'postgresql://ngo:***@db.example/ngocoord' ngo add"


def test_db_path_prints_the_url_masked() -> None:
    url = f"postgresql+psycopg://ngo:{SECRET}@db.example:5432/ngocoord"
    assert describe(url) == "postgresql+psycopg://ngo:***@db.example:5432/ngocoord"
    result = CliRunner().invoke(app, ["--db", url, "db", "path"])
    assert result.exit_code == 0
    assert result.output.strip() == "postgresql+psycopg://ngo:***@db.example:5432/ngocoord"


def test_log_masks_a_password_recorded_before(register: Cli) -> None:
    """A register written by an older version may hold a password in the command column."""
    conn = sqlite3.connect(register.db)
    at, command = datetime(2021, 2, 1).isoformat(" "), f"ngocoord --db postgresql://u:{SECRET}@h/d"
    with conn:  # as migration 0008 groups such a row into a run of its own
        (run,) = conn.execute(
            "INSERT INTO run (command, os_user, started, ended, outcome) "
            "VALUES (?, 'clerk', ?, ?, 'ok') RETURNING id",
            (command, at, at),
        ).fetchone()
        conn.execute(
            "INSERT INTO audit (run_id, at, os_user, command, table_name, row_key, action) "
            "VALUES (?, ?, 'clerk', ?, 'setting', 'x', 'update')",
            (run, at, command),
        )
    conn.close()
    for args in (["log"], ["log", "--changes"]):
        for fmt in ("table", "json", "csv"):
            out = register(*args, "--format", fmt).output
            assert "postgresql://u:***@h/d" in out and SECRET not in out


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_a_server_that_is_down_is_a_message_without_the_password(verbose: list[str]) -> None:
    url = f"postgresql+psycopg://ngo:{SECRET}@127.0.0.1:{_closed_port()}/ngocoord"
    for args in (["check"], ["init", "--district", "দিনাজপুর"], ["log"]):
        result = CliRunner().invoke(app, [*verbose, "--db", url, *args])
        assert result.exit_code == 1, (result.output, result.exception)
        assert "Cannot reach the database server" in result.output
        assert "postgresql+psycopg://ngo:***@127.0.0.1" in result.output
        assert "pg_isready" in result.output
        assert SECRET not in result.output
        assert ("Traceback" in result.output) == bool(verbose)


def test_an_unparsable_url_is_a_message_without_the_password() -> None:
    url = f"postgresql://ngo:{SECRET}@host:notaport/db"
    result = CliRunner().invoke(app, ["--verbose", "--db", url, "check"])
    assert result.exit_code == 1, (result.output, result.exception)
    assert "Cannot use" in result.output and SECRET not in result.output


# ---------------------------------------------------------------- on a real server

PG = os.environ.get("NGOCOORD_TEST_POSTGRES")


@pytest.mark.skipif(not PG, reason="set NGOCOORD_TEST_POSTGRES to a database URL")
def test_password_never_reaches_the_audit_table_on_postgresql(tmp_path: Path) -> None:
    assert PG
    from sqlalchemy import create_engine, text

    secret = password_of(PG)
    assert secret, "NGOCOORD_TEST_POSTGRES should log in with a password"
    engine = create_engine(PG)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    outputs = []
    for args in (
        ["init", "--district", "দিনাজপুর"],
        ["config", "set", "chair.name", "মোঃ মাহমুদুল আলম"],
        ["db", "path"],
        ["log", "--format", "json"],
        ["log"],
    ):
        result = CliRunner().invoke(app, ["--db", PG, *args])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    with engine.connect() as conn:
        commands = [r[0] for r in conn.execute(text("SELECT command FROM audit"))]
        everything = " ".join(
            str(row)
            for table in ("audit", "run", "setting", "office")
            for row in conn.execute(text(f'SELECT * FROM "{table}"'))
        )
    engine.dispose()
    assert commands and all("***@" in c for c in commands), commands
    assert secret not in everything
    assert all(secret not in out for out in outputs)
    assert "***@" in outputs[2]
