"""Faults an office meets, tried for real: a read-only register or folder (as an unprivileged
user, since permission bits do not stop root), a full disk (a small tmpfs when the test may
mount one, else RLIMIT_FSIZE in the child process), a damaged register. Each is a message that
says what to do, exit status 1, the register unchanged, no partial file; a retry works."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, RosterFile, report_csv, table_dump

NOBODY = 65534
MONTH = ["--month", "2021-01", "--as-of", "2021-02-10"]


def ngocoord(db: Path, *args: str, user: int | None = None, fsize: int | None = None) -> Any:
    """The real command in a child process, as `user` or under a file size limit."""
    command = [sys.executable, "-m", "ngocoord", "--db", str(db), *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        command, capture_output=True, text=True, env=env, preexec_fn=limit, timeout=120
    )


def said(result: Any) -> str:
    return result.stdout + result.stderr


def assert_message(result: Any, *expected: str) -> None:
    out = said(result)
    assert result.returncode == 1, out
    assert "Traceback" not in out, out
    for text in expected:
        assert text in out, out


# ---------------------------------------------------------------- a damaged register


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, it is a letter saved under the wrong name\n" * 64)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize("damage", [_garbage, _truncated])
@pytest.mark.parametrize(
    "args", [["check", *MONTH], ["ngo", "list"], ["config", "set", "chair.name", "X"], ["log"]]
)
def test_a_damaged_register_is_a_message(
    office: Cli, damage: Any, args: list[str], roster_file: RosterFile
) -> None:
    for path in office.db.parent.glob(office.db.name + "-*"):
        path.unlink()  # as a file copied without its WAL
    damage(office.db)
    before = office.db.read_bytes()
    result = office(*args, code=1)
    assert "is not an ngocoord register, or it is damaged" in result.output
    assert "ngocoord db restore" in result.output
    assert office.db.read_bytes() == before
    verbose = office("--verbose", *args, code=1)
    assert "Traceback" in verbose.output or verbose.exc_info is not None


# ---------------------------------------------------------------- read-only, as another user

needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="runs the command as an unprivileged user: needs root and setpriv",
)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is the owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="ngocoord-faults-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _register_in(folder: Path, office: Cli) -> Path:
    db = folder / "reg" / "register.sqlite"
    db.parent.mkdir()
    shutil.copy(office.db, db)  # in WAL mode, as `init` made it (its WAL checkpointed on close)
    assert not Path(f"{office.db}-wal").exists()
    return db


READS = (
    (["check", *MONTH], 3),  # it read the register: 2 NGOs are overdue
    (["check", "--quiet", *MONTH], 3),  # the cron job
    (["ngo", "list"], 0),
    (["report", "show", "MBSK", "2021-01"], 0),
    (["log", "--changes"], 0),
)


@needs_root
@pytest.mark.parametrize("what", ["file", "folder", "both"])
def test_a_read_only_register_is_read_and_not_written(
    office: Cli, shared: Path, tmp_path: Path, what: str
) -> None:
    """A register this user may not write (the file, the folder where SQLite puts its -wal
    and -shm, or both) is still read by every read command; a write is a message."""
    report_csv(tmp_path / "inbox", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "inbox"), "--received-on", "2021-02-05")
    db = _register_in(shared, office)
    os.chmod(db, 0o644)  # readable by the user in every case
    os.chown(db.parent, *(2 * (0 if what != "file" else NOBODY,)))
    os.chown(db, *(2 * (0 if what != "folder" else NOBODY,)))
    before = table_dump(db)
    for args, code in READS:
        result = ngocoord(db, *args, user=NOBODY)
        assert result.returncode == code, f"{args}: {said(result)}"
        assert "Traceback" not in said(result)
        assert "MBSK" in said(result) or args[0] == "check", said(result)
    assert table_dump(db) == before
    for args in (
        ["ngo", "remove", "CTW", "--on", "31.03.2021", "--reason", "কার্যক্রম বন্ধ"],
        ["config", "set", "chair.name", "মোঃ মাহমুদুল আলম"],
        ["report", "void", "MBSK", "2021-01", "--reason", "ভুল মাস"],
    ):
        result = ngocoord(db, *args, user=NOBODY)
        assert_message(result, "cannot be written", "read-only for this user", "writable")
        assert table_dump(db) == before
    verbose = ngocoord(db, "--verbose", "config", "set", "chair.name", "X", user=NOBODY)
    assert "Traceback" in said(verbose) and "read-only for this user" in said(verbose)
    os.chown(db.parent, NOBODY, NOBODY)
    os.chown(db, NOBODY, NOBODY)
    retry = ngocoord(db, "config", "set", "chair.name", "X", user=NOBODY)
    assert retry.returncode == 0, said(retry)


@needs_root
def test_a_read_only_output_folder_is_a_message(office: Cli, shared: Path) -> None:
    db = _register_in(shared, office)
    os.chown(db.parent, NOBODY, NOBODY)
    os.chown(db, NOBODY, NOBODY)
    out = shared / "letters"
    out.mkdir(mode=0o755)
    before = table_dump(db)
    for fmt in ("md", "docx"):
        result = ngocoord(db, "remind", "--out", str(out), "--format", fmt, *MONTH, user=NOBODY)
        assert_message(result, "cannot be written", "Make the folder writable")
        assert list(out.iterdir()) == []
    assert table_dump(db) == before
    os.chown(out, NOBODY, NOBODY)
    retry = ngocoord(db, "remind", "--out", str(out), "--format", "md", *MONTH, user=NOBODY)
    assert retry.returncode == 0, said(retry)
    assert len(list(out.iterdir())) == 4  # 3 letters and the list


@needs_root
def test_a_file_this_user_may_not_read_is_told_as_a_read(office: Cli, shared: Path) -> None:
    """A template the user may not read: "cannot be read", not "cannot be written"."""
    db = _register_in(shared, office)
    os.chown(db.parent, NOBODY, NOBODY)
    os.chown(db, NOBODY, NOBODY)
    templates = shared / "templates"
    office("templates", "export", str(templates))
    os.chmod(templates, 0o755)
    for path in templates.iterdir():
        os.chmod(path, 0o644)
    os.chmod(templates / "summary.html.j2", 0)
    out = shared / "out"
    out.mkdir()
    os.chown(out, NOBODY, NOBODY)
    args = ["render", "summary", "--month", "2021-01", "--templates", str(templates)]
    result = ngocoord(db, *args, "--out", str(out / "summary.html"), user=NOBODY)
    assert_message(result, "summary.html.j2: cannot be read", "Make the file readable")
    assert "cannot be written" not in said(result)
    assert list(out.iterdir()) == []


def test_a_missing_file_and_a_folder_are_told_as_such(tmp_path: Path) -> None:
    """The OSError as the operating system raised it: a read of a file that is not there, of a
    folder, and a write into a folder that is not there, each named for what it is."""
    from ngocoord.cli.app import _as_message
    from ngocoord.cli.common import State

    def message(action: Any) -> str:
        with pytest.raises(OSError) as raised:
            action()
        found = _as_message(raised.value, State(db=str(tmp_path / "register.sqlite")))
        assert found is not None
        return str(found)

    missing = message(lambda: (tmp_path / "roster.xlsx").read_bytes())
    assert "roster.xlsx: cannot be read: there is no such file" in missing
    assert "is a folder, not a file" in message(lambda: tmp_path.read_bytes())
    nowhere = message(lambda: (tmp_path / "letters" / "a.md").write_text("x"))
    assert f"the folder {tmp_path / 'letters'} does not exist" in nowhere
    for text in (missing, nowhere):
        assert "cannot be written" not in text


# ---------------------------------------------------------------- a full disk


def _may_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="ngocoord-mount-"))
    try:
        ok = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True
        )
        if ok.returncode == 0:
            subprocess.run(["umount", str(probe)], check=True)
        return ok.returncode == 0
    finally:
        probe.rmdir()


MAY_MOUNT = _may_mount()


class FullDisk:
    """A small disk of its own (tmpfs), filled to the last block; `free()` makes room."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.filler = folder / "filler"

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (65536, 4096, 1):  # to the last byte
                try:
                    while True:
                        os.write(fd, b"\0" * size)
                except OSError:
                    pass
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[FullDisk]:
    if not MAY_MOUNT:
        pytest.skip("needs root and permission to mount a tmpfs (the RLIMIT_FSIZE tests run)")
    folder = tmp_path / "disk"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], check=True)
    try:
        yield FullDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _no_partial_files(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.name == "filler" or path.name.endswith("-writers"):  # the lock file is empty
            continue
        assert not path.name.endswith(".partial"), path
        assert not path.is_file() or path.stat().st_size > 0, path


def test_a_full_disk_under_the_register(
    office: Cli, disk: FullDisk, roster_file: RosterFile, tmp_path: Path
) -> None:
    db = disk.folder / "register.sqlite"
    shutil.copy(office.db, db)  # in WAL mode, as `init` made it
    roster = roster_file()
    from conftest import report_csv

    reports = tmp_path / "inbox"
    for code in ("CTW", "DAM"):
        report_csv(reports, code, "2021-01", project="নারী শিক্ষা " * 2000)
    before = table_dump(db)
    disk.fill()
    for args in (
        ["report", "import", str(reports), "--received-on", "2021-02-06"],
        ["config", "set", "chair.name", "মোঃ মাহমুদুল আলম " * 300],
    ):
        result = ngocoord(db, *args)
        out = said(result)
        assert result.returncode == 1, out
        assert "Traceback" not in out, out
        assert "full" in out and "Free space" in out, out
    disk.free()
    assert table_dump(db) == before  # read once there is room for SQLite's -shm again
    assert ngocoord(db, "ngo", "import", str(roster)).returncode == 0
    retry = ngocoord(db, "report", "import", str(reports), "--received-on", "2021-02-06")
    assert retry.returncode == 0, said(retry)
    assert "2 imported" in said(retry)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_full_output_disk_leaves_no_partial_file(office: Cli, disk: FullDisk, fmt: str) -> None:
    out = disk.folder / "letters"
    out.mkdir()
    disk.fill()
    result = office("remind", "--out", str(out), "--format", fmt, *MONTH, code=1)
    assert "no space left on the disk" in result.output and "Free space" in result.output
    _no_partial_files(disk.folder)
    disk.free()
    office("remind", "--out", str(out), "--format", fmt, *MONTH)
    assert len(list(out.iterdir())) == 4  # 3 letters and the list
    _no_partial_files(disk.folder)


def test_a_full_disk_for_a_backup_leaves_no_partial_file(office: Cli, disk: FullDisk) -> None:
    disk.fill()
    target = disk.folder / "backup.sqlite"
    result = office("db", "backup", str(target), code=1)
    assert "no space left" in result.output
    assert not target.exists()
    _no_partial_files(disk.folder)
    disk.free()
    office("db", "backup", str(target))  # not refused as "already exists"
    assert target.stat().st_size > 0


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_size_limit_on_the_register(office: Cli, roster_file: RosterFile) -> None:
    """Without a disk to fill: the child may not grow any file past 4 KiB (the WAL's first
    frame), so the register's write fails as on a full disk."""
    before = table_dump(office.db)
    result = ngocoord(office.db, "config", "set", "chair.name", "মোঃ মাহমুদুল আলম", fsize=4096)
    assert_message(result, "disk is full", "Free space")
    assert table_dump(office.db) == before
    assert ngocoord(office.db, "config", "set", "chair.name", "X").returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_size_limit_on_the_output(office: Cli, tmp_path: Path) -> None:
    """Room for the register's 32 KiB -shm, not for a Word letter (python-docx's own template
    is larger)."""
    out, fmt = tmp_path / "letters", "docx"
    result = ngocoord(
        office.db, "remind", "--out", str(out), "--format", fmt, *MONTH, fsize=33 * 1024
    )
    assert_message(result, "no space left on the disk", "Free space")
    _no_partial_files(tmp_path)
    assert not any(out.iterdir())
    retry = ngocoord(office.db, "remind", "--out", str(out), "--format", fmt, *MONTH)
    assert retry.returncode == 0, said(retry)
    assert len(list(out.iterdir())) == 4


# ---------------------------------------------------------------- a PostgreSQL server

BADPASS = os.environ.get("NGOCOORD_TEST_POSTGRES_BADPASS")


@pytest.mark.skipif(not BADPASS, reason="set NGOCOORD_TEST_POSTGRES_BADPASS (see .ci/run)")
@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_postgresql_refusing_the_password(verbose: list[str]) -> None:
    assert BADPASS
    from typer.testing import CliRunner

    from ngocoord.cli.app import app
    from ngocoord.masking import password_of

    secret = password_of(BADPASS)
    assert secret
    for args in (["check"], ["init", "--district", "দিনাজপুর"], ["log"], ["ngo", "list"]):
        result = CliRunner().invoke(app, [*verbose, "--db", BADPASS, *args])
        assert result.exit_code == 1, (result.output, result.exception)
        assert "The database server refused the login" in result.output, result.output
        assert "password authentication failed" in result.output
        assert "Check the user name and password" in result.output
        assert secret not in result.output
        assert ("Traceback" in result.output) == bool(verbose)


PG = os.environ.get("NGOCOORD_TEST_POSTGRES")


@pytest.mark.skipif(not PG, reason="set NGOCOORD_TEST_POSTGRES")
def test_only_a_missing_database_is_told_as_one() -> None:
    """A database that is not on the server is that message; a table that is not there (also
    "does not exist", SQLSTATE 42P01) is not mistaken for it."""
    assert PG
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from typer.testing import CliRunner

    from ngocoord.cli.app import app
    from ngocoord.store.faults import register_fault

    missing = make_url(PG).set(database="ngocoord_no_such_db").render_as_string(False)
    result = CliRunner().invoke(app, ["--db", missing, "check"])
    assert result.exit_code == 1, result.output
    assert "does not exist on the server" in result.output and "createdb" in result.output

    engine = create_engine(PG)
    try:
        with engine.connect() as conn, pytest.raises(Exception) as raised:
            conn.execute(text("SELECT * FROM no_such_table_anywhere"))
    finally:
        engine.dispose()
    assert "does not exist" in str(raised.value)
    fault = register_fault(raised.value, PG)
    assert fault is None or "database" not in str(fault), fault


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:secret@127.0.0.1:5433/db", "pip install 'ngocoord[postgres]'"),
        ("postgresql+psycopg://u:secret@127.0.0.1:5433/db", "the PostgreSQL driver (psycopg)"),
        ("mysql://u:secret@127.0.0.1/db", "SQLite or PostgreSQL, not mysql"),
    ],
)
def test_a_server_register_without_its_driver_is_a_message(url: str, expected: str) -> None:
    """The driver is an extra (`ngocoord[postgres]`): a process without it, or a database
    ngocoord does not keep registers in, is told so, not a traceback."""
    hidden = "import sys; sys.modules['psycopg'] = sys.modules['psycopg2'] = None; "
    main = "from ngocoord.cli.app import main; sys.argv[0] = 'ngocoord'; main()"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-c", hidden + main, "--db", url, "init", "--district", "দিনাজপুর"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert_message(result, expected)
    assert "secret" not in said(result)
