"""The writers' lock held by every command that writes, not only by a report import: `db restore`
and `db upgrade` refuse while a command writes, and a command that starts to write while they
work waits for them or is refused; no commit is lost between the copy aside and the overwrite.
Real processes: the restore and the writers are child processes, paused at the moment that
matters by a line on a pipe, not by a sleep."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)
from test_restore import _held, good  # noqa: F401  (a good backup of the office's register)
from typer.testing import CliRunner

from ngocoord.cli.app import app
from ngocoord.store import db as store
from ngocoord.store import writers

CHAIR = "মোঃ মাহমুদুল আলম"

# `db restore` in a child process that stops once the register is copied aside ("aside" on
# stdout), before it overwrites the register, until a line comes on its stdin.
PAUSED_RESTORE = """
import sys
from ngocoord.store import maintenance
copy_aside = maintenance.backup
def paused(url, dest):
    out = copy_aside(url, dest)
    print("aside", flush=True)
    sys.stdin.readline()
    return out
maintenance.backup = paused
from ngocoord.cli.app import app
app(["--db", sys.argv[1], "db", "restore", sys.argv[2]], prog_name="ngocoord")
"""

# A command in a child process that says "waiting" on stderr as it asks for the writers' lock,
# and waits for it at most sys.argv[1] ms.
WRITER = """
import sys
from ngocoord.store import writers
writers.BUSY_TIMEOUT_MS = int(sys.argv[1])
share = writers.WritersLock.share
def announced(self, wait_s=None):
    print("waiting", file=sys.stderr, flush=True)
    share(self, wait_s)
writers.WritersLock.share = announced
from ngocoord.cli.app import app
app(sys.argv[2:], prog_name="ngocoord")
"""


def child(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def chair_in(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'chair.name'").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def paused_restore(db: Path, backup: Path) -> subprocess.Popen[str]:
    restore = child(PAUSED_RESTORE, str(db), str(backup))
    assert restore.stdout is not None
    line = restore.stdout.readline()
    assert line == "aside\n", line + restore.communicate()[1]
    return restore


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate("\n", timeout=120)
    return proc.returncode, out + err


def test_a_write_that_comes_during_a_restore_is_refused_and_not_lost(
    office: Cli,
    db: Path,
    good: Path,  # noqa: F811
) -> None:
    """The command runs to its end while the restore is paused between its copy aside and its
    overwrite: it waits (here 1 s) and is refused with a message. Without the lock it would
    commit into the register that the restore then overwrites: in neither file."""
    restore = paused_restore(db, good)
    try:
        writer = child(WRITER, "1000", "--db", str(db), "config", "set", "chair.name", CHAIR)
        code, said = finish(writer)
        assert code == 1, said
        assert "is being restored or upgraded" in said and "Traceback" not in said, said
    finally:
        restored, out = finish(restore)
    assert restored == 0, out
    aside = list(db.parent.glob("register.replaced-*"))
    assert len(aside) == 1
    assert chair_in(db) is None and chair_in(aside[0]) is None  # refused: written nowhere
    office("config", "set", "chair.name", CHAIR)  # and it goes in once the restore is done
    assert chair_in(db) == CHAIR


def test_a_write_that_comes_during_a_restore_waits_and_goes_into_the_restored_register(
    office: Cli,
    db: Path,
    good: Path,  # noqa: F811
) -> None:
    restore = paused_restore(db, good)
    try:
        writer = child(WRITER, "60000", "--db", str(db), "config", "set", "chair.name", CHAIR)
        assert writer.stderr is not None
        assert writer.stderr.readline() == "waiting\n"  # at its first write
    finally:
        restored, out = finish(restore)  # the overwrite, while the writer waits
    assert restored == 0, out
    code, said = finish(writer)
    assert code == 0, said
    assert chair_in(db) == CHAIR  # after the restore, in the restored register
    assert "MBSK" in office("report", "list", "--month", "2021-01").output  # the backup's


def test_restore_is_refused_while_a_one_transaction_command_writes(
    office: Cli,
    db: Path,
    good: Path,  # noqa: F811
) -> None:
    """`config set` (one transaction) stopped in the middle of its write: here it waits for
    the register's write lock, which this test holds. The restore is refused; the command,
    let go, commits, and its change is in the register."""
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        writer = child(WRITER, "60000", "--db", str(db), "config", "set", "chair.name", CHAIR)
        assert writer.stderr is not None
        assert writer.stderr.readline() == "waiting\n"
        lock = writers.lock_file(db)
        deadline = time.monotonic() + 60  # a bound on a failing test, not a guess
        while not _held(lock):
            assert writer.poll() is None and time.monotonic() < deadline, "lock never held"
        result = office("db", "restore", str(good), code=1)
        assert "`db restore` refused: another ngocoord is writing" in result.output
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    code, said = finish(writer)
    assert code == 0, said
    assert chair_in(db) == CHAIR
    assert not list(db.parent.glob("register.replaced-*"))


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_upgrade_is_refused_while_a_session_writes(url: str) -> None:  # noqa: F811
    """A register's first write takes the lock, held until the register is closed."""
    from ngocoord.errors import Busy
    from ngocoord.store import maintenance, settings

    CliRunner().invoke(app, ["--db", url, "init", "--district", "দিনাজপুর"])
    register = store.open_register(url)
    try:
        with register.session() as session:
            assert not register.writers.held
            settings.put(session, "chair.name", CHAIR)
            session.flush()
            assert register.writers.held
            with pytest.raises(Busy, match="`db upgrade` refused: another ngocoord is writing"):
                maintenance.upgrade(url)
    finally:
        register.close()
    assert maintenance.upgrade(url)[0] is None  # let go when closed: already on the head


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_write_during_an_upgrade_waits_then_is_a_message(
    url: str,  # noqa: F811
    monkeypatch: Any,
) -> None:
    """On PostgreSQL too a writer does not wait for ever: the busy timeout, then a message."""
    runner = CliRunner()
    runner.invoke(app, ["--db", url, "init", "--district", "দিনাজপুর"])
    monkeypatch.setattr(writers, "BUSY_TIMEOUT_MS", 500)
    with writers.exclusive(url, "db upgrade"):
        started = time.monotonic()
        result = runner.invoke(app, ["--db", url, "config", "set", "chair.name", CHAIR])
        assert result.exit_code == 1, result.output
        assert "is being restored or upgraded" in result.output
        assert "Run the command again" in result.output
        from ngocoord.errors import Busy

        with pytest.raises(Busy, match="being restored or upgraded"), store.writing(url):
            pass
        assert time.monotonic() - started < 30
    result = runner.invoke(app, ["--db", url, "config", "set", "chair.name", CHAIR])
    assert result.exit_code == 0, result.output


# `report void` in a child process that stops once it has read the versions, until a line
# comes on its stdin.
PAUSED_VOID = """
import sys
from ngocoord.register import returns
read = returns.current
def paused(*args):
    found = read(*args)
    print("read", flush=True)
    sys.stdin.readline()
    return found
returns.current = paused
from ngocoord.cli.app import app
app(["--db", sys.argv[1], "report", "void", "MBSK", "2021-01", "--reason", "ভুল মাস"],
    prog_name="ngocoord")
"""

# `report import` in a child process that waits at most 1 s for the register.
IMPATIENT_IMPORT = """
import sys
from ngocoord.store import db
db.BUSY_TIMEOUT_MS = 1000
from ngocoord.cli.app import app
app(sys.argv[1:], prog_name="ngocoord")
"""


def test_a_version_written_while_report_void_reads_leaves_one_current(
    office: Cli, db: Path, tmp_path: Path
) -> None:
    """`report void` reads the versions under the write lock: an import of a third version,
    run to its end while the void has read the versions of MBSK 2021-01 and not yet written,
    waits and is rejected with the reason; the void makes version 1 current again. Reading
    them outside the lock, the void would make version 1 current beside the import's
    version 3: a unique violation, as a traceback."""
    from conftest import report_csv
    from test_concurrency import versions

    for n, project in enumerate(("প্রথম", "দ্বিতীয়", "তৃতীয়")):
        report_csv(tmp_path / f"inbox{n}", "MBSK", "2021-01", project=project)
    for n in range(2):
        office("report", "import", str(tmp_path / f"inbox{n}"), "--received-on", "2021-02-05")
    void = child(PAUSED_VOID, str(db))
    assert void.stdout is not None
    assert void.stdout.readline() == "read\n", void.communicate()[1]
    try:
        command = ["--db", str(db), "report", "import", str(tmp_path / "inbox2")]
        code, said = finish(child(IMPATIENT_IMPORT, *command, "--received-on", "2021-02-06"))
        assert "Traceback" not in said, said
    finally:
        voided, out = finish(void)
    assert voided == 0 and "Traceback" not in out, out
    assert code == 1 and "rejected" in said, said
    assert list(versions(f"sqlite:///{db}").values()) == [[(1, True)]]
    office("report", "import", str(tmp_path / "inbox2"), "--received-on", "2021-02-06")
    assert list(versions(f"sqlite:///{db}").values()) == [[(1, False), (3, True)]]
