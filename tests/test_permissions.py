"""The register's files are the owner's: the register, its WAL and SHM, backups, kept copies of
received returns and the data folder are created 0600 / 0700 (POSIX); a register on a network
filesystem gets a warning that SQLite's locking is unsafe there."""

from __future__ import annotations

import os
import sqlite3
import stat
import warnings
from pathlib import Path

import pytest
from conftest import Cli
from typer.testing import CliRunner

from ngocoord.cli.app import app
from ngocoord.errors import NgocoordWarning
from ngocoord.store import location

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask() -> object:
    """The usual umask of a desktop, under which files come out world-readable by default."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_register_its_wal_and_shm_and_folders(tmp_path: Path) -> None:
    db = tmp_path / "office" / "data" / "register.sqlite"
    Cli(db)("init", "--district", "দিনাজপুর")
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
    reader = sqlite3.connect(db)  # held open, so the WAL and SHM stay while a command writes
    try:
        reader.execute("SELECT count(*) FROM office").fetchone()
        Cli(db)("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db}{suffix}")
            assert side.exists() and mode(side) == 0o600, side
    finally:
        reader.close()


def test_the_writers_lock_file(register: Cli, tmp_path: Path) -> None:
    """Made by whichever comes first: a command's write, an import, a restore."""
    from conftest import report_csv

    lock = register.db.with_name(register.db.name + "-writers")
    backup = tmp_path / "b.sqlite"
    register("db", "backup", str(backup))
    report_csv(tmp_path / "inbox", "MBSK", "2021-01")
    for args in (
        ["config", "set", "chair.name", "মোঃ মাহমুদুল আলম"],
        ["report", "import", str(tmp_path / "inbox"), "--received-on", "2021-02-05"],
        ["db", "restore", str(backup)],
    ):
        lock.unlink()
        register(*args, code=None)
        assert lock.exists() and mode(lock) == 0o600, args


def test_the_default_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", "--district", "দিনাজপুর"])
    assert result.exit_code == 0, result.output
    db = location.default_path()
    assert db.is_relative_to(tmp_path)  # XDG_DATA_HOME points into tmp_path (conftest)
    assert mode(db) == 0o600 and mode(db.parent) == 0o700


def test_backup_and_restored_register(register: Cli, tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "b.sqlite"
    register("db", "backup", str(backup))
    assert mode(backup) == 0o600
    register.db.chmod(0o644)
    register("db", "restore", str(backup))
    assert mode(register.db) == 0o600
    for kept in tmp_path.glob("register.replaced-*"):
        assert mode(kept) == 0o600, kept


def test_kept_copy_of_a_received_return(register: Cli, tmp_path: Path) -> None:
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4 the minutes of the upazila meeting\n")
    minutes.chmod(0o644)
    register(
        "return", "receive", "--kind", "upazila-minutes", "--from", "পার্বতীপুর",
        "--month", "2021-01", str(minutes),
    )  # fmt: skip
    kept = [p for p in tmp_path.glob("register-files/**/*") if p.is_file()]
    assert len(kept) == 1 and kept[0].read_bytes() == minutes.read_bytes()
    assert mode(kept[0]) == 0o600
    folder = kept[0].parent
    while folder != tmp_path:
        assert mode(folder) == 0o700, folder
        folder = folder.parent


def test_output_documents_keep_the_usual_permissions(register: Cli, tmp_path: Path) -> None:
    """Letters and minutes are for printing and sharing: the umask decides, as for any file."""
    out = tmp_path / "templates"
    register("templates", "export", str(out))
    assert {mode(p) for p in out.iterdir()} == {0o644}


# ---------------------------------------------------------------- network filesystems

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export {share} nfs4 rw,relatime,vers=4.2 0 0
//fileserver/ngo {smb} cifs rw,relatime 0 0
tmpfs {share}/local tmpfs rw 0 0
"""


def _mounts(tmp_path: Path) -> Path:
    table = tmp_path / "mounts"
    table.write_text(
        MOUNTS.format(share=tmp_path / "share", smb=tmp_path / "smb"), encoding="utf-8"
    )
    return table


def test_network_filesystems_are_recognised(tmp_path: Path) -> None:
    table = _mounts(tmp_path)
    assert location.network_filesystem(tmp_path / "share" / "r.sqlite", table) == "nfs4"
    assert location.network_filesystem(tmp_path / "smb" / "a" / "r.sqlite", table) == "cifs"
    assert location.network_filesystem(tmp_path / "share" / "local" / "r.sqlite", table) is None
    assert location.network_filesystem(tmp_path / "shared" / "r.sqlite", table) is None
    assert location.network_filesystem(Path("/home/x/r.sqlite"), table) is None
    assert location.network_filesystem(tmp_path, tmp_path / "no-such-table") is None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        location.warn_if_network(tmp_path / "share" / "r.sqlite", table)
    (warning,) = caught
    assert issubclass(warning.category, NgocoordWarning)
    assert "nfs4" in str(warning.message) and "PostgreSQL" in str(warning.message)


def test_the_cli_warns_of_a_register_on_a_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(location, "MOUNTS", _mounts(tmp_path))
    db = tmp_path / "share" / "register.sqlite"
    result = Cli(db)("init", "--district", "দিনাজপুর")
    assert "Warning: The register" in result.output and "network filesystem (nfs4)" in result.output
    assert "SQLite's locking is not safe there" in result.output
    check = Cli(db)("check", "--month", "2021-01", "--as-of", "2021-02-10", code=None)
    assert check.exit_code in (0, 3) and "network filesystem (nfs4)" in check.output
    local = Cli(tmp_path / "local.sqlite")("init", "--district", "দিনাজপুর")
    assert "Warning" not in local.output


def test_the_meeting_text_given_to_the_editor(
    office: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written whole (no partial file beside it) and the owner's only before the editor
    opens it: it holds the meeting's names and decisions."""
    seen = tmp_path / "seen"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\nstat -c %a "$1" > {seen}\nls -a "$(dirname "$1")" >> {seen}\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    new = ["meeting", "new", "--date", "2021-02-10", "--time", "16:00", "--venue", "কক্ষ"]
    out = office(*new).output
    office("meeting", "edit", out.split()[1])
    mode_seen, *names = seen.read_text().split()
    assert mode_seen == "600"
    assert [n for n in names if n not in (".", "..")] == [f"meeting-{out.split()[1]}.txt"]
