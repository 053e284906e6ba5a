"""Looking after the register file: backing it up, restoring a backup after checking it
whole, and upgrading its schema; each refused while another process writes the register."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord import files, periods
from ngocoord.errors import Busy, Invalid
from ngocoord.store import audit
from ngocoord.store.db import (
    SCHEMA_REVISION,
    _require_file,
    _take_write_lock,
    alembic_config,
    current_revision,
    faults,
    make_engine,
)
from ngocoord.store.location import describe, sqlite_path
from ngocoord.store.writers import BUSY_TIMEOUT_MS, _writing_elsewhere, exclusive

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def upgrade(url: str) -> tuple[Path | None, str | None, str]:
    """Bring the schema to the newest revision, writing a backup first (SQLite). Refused while
    another process writes the register; no other writer starts until it is done."""
    from alembic import command

    _require_file(url)
    head = SCHEMA_REVISION
    engine = make_engine(url)
    try:
        with exclusive(url, "db upgrade"):
            with engine.connect() as conn:
                before = current_revision(conn)
            if before == head:
                return None, before, head
            backup_path = None
            path = sqlite_path(url)
            if path is not None:
                _no_writer(path, url, "db upgrade")  # before a backup is written for nothing
                backup_path = _aside(path, "before-upgrade")
                backup(url, backup_path)
            with engine.begin() as conn:
                _take_write_lock(conn, url, "db upgrade")
                command.upgrade(alembic_config(conn), "head")
                _record_upgrade(conn, before, head, backup_path)
    finally:
        engine.dispose()
    return backup_path, before, head


def _record_upgrade(conn: Connection, before: str | None, head: str, backup: Path | None) -> None:
    """The upgrade in the audit log, in its own transaction: `log` tells when the schema
    changed, from which revision, and where the backup written first is."""
    new = {"schema": head, "backup": str(backup) if backup else None}
    audit.write(conn, [audit.entry("register", "upgrade", "update", {"schema": before}, new)])


def _aside(path: Path, label: str) -> Path:
    """A new file name beside the register: register.<label>-<time>.sqlite."""
    stamp = f"{periods.local(periods.now()):%Y%m%d-%H%M%S}"  # the office's clock
    candidate = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix}")
    return candidate


def _sqlite_only(url: str, what: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise Invalid(
            f"`{what}` works on SQLite registers; {describe(url)} is a server database.",
            "Use the server's own tools (pg_dump / pg_restore).",
        )
    return path


def backup(url: str, dest: Path) -> Path:
    """Copy the register with SQLite's online backup: safe while another process writes."""
    path = _sqlite_only(url, "db backup")
    _require_file(url)
    dest = dest.expanduser().resolve()
    if dest == path:
        raise Invalid("The backup file cannot be the register itself.")
    if dest.exists():
        raise Invalid(f"{dest} already exists.", "Choose a new file name.")
    files.make_dirs(dest.parent)
    src = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # Written under a temporary name, the owner's only, renamed when complete.
        with faults(url):
            try:
                files.write_with(
                    dest, lambda partial: _copy_into(src, partial), private=True, exclusive=True
                )
            except sqlite3.OperationalError as exc:
                if "full" not in str(exc) and "disk i/o" not in str(exc).lower():
                    raise
                raise files.write_error(dest, OSError(errno.ENOSPC, "No space left")) from exc
    finally:
        src.close()
    return dest


def _copy_into(src: sqlite3.Connection, target: Path) -> None:
    out = sqlite3.connect(target)
    try:
        src.backup(out)
    finally:
        out.close()


def check_register_file(path: Path) -> str:
    """Check a file is an intact ngocoord register; return its schema revision. Every fault is
    an Invalid naming the file and what is wrong with it."""
    if not path.is_file():
        raise Invalid(f"{path} does not exist or is not a file.")
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head:
        raise Invalid(f"{path} is empty.", "Give a file made by `ngocoord db backup`.")
    if head != b"SQLite format 3\x00":
        raise Invalid(f"{path} is not a SQLite database.", "Give a file made by `db backup`.")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revision, found = _read_schema(conn, path)
    finally:
        conn.close()
    _compare_schema(path, revision, found)
    return revision


def _read_schema(conn: sqlite3.Connection, path: Path) -> tuple[str, dict[str, set[str]]]:
    """The revision and the tables (with their columns) of a register file being checked."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise Invalid(f"{path} is damaged: {'; '.join(problems[:3])}.")
        tables = _tables(conn)
        if "alembic_version" not in tables:
            raise Invalid(f"{path} is not an ngocoord register: it has no schema version.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise Invalid(f"{path} is damaged or not a database: {exc}.") from exc
    if row is None:
        raise Invalid(f"{path} is not an ngocoord register: its schema version is empty.")
    return str(row[0]), tables


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: {c[1] for c in conn.execute(f'PRAGMA table_info("{n}")')} for n in names}


def _compare_schema(path: Path, revision: str, found: dict[str, set[str]]) -> None:
    """Every table and column the register has at `revision` must be in the file: at this
    ngocoord's revision, the models'; at an older one, what the migrations built then."""
    if revision == SCHEMA_REVISION:
        from sqlmodel import SQLModel

        import ngocoord.store.models  # noqa: F401  (registers the tables)

        expected = {t.name: {c.name for c in t.columns} for t in SQLModel.metadata.tables.values()}
    else:
        expected = _schema_at(path, revision)
    missing = sorted(set(expected) - set(found))
    if missing:
        raise Invalid(
            f"{path} is not a whole ngocoord register: it lacks the table(s) {', '.join(missing)}."
        )
    for name, columns in sorted(expected.items()):
        lacking = sorted(columns - found[name])
        if lacking:
            raise Invalid(
                f"{path} is not a whole ngocoord register: table {name} lacks the "
                f"column(s) {', '.join(lacking)}."
            )


def _schema_at(path: Path, revision: str) -> dict[str, set[str]]:
    """The tables and columns the migrations build up to `revision`, in a scratch database."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    known = [r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()]
    if revision not in known:
        raise Invalid(
            f"{path} is on schema {revision!r}, which this ngocoord does not know "
            f"(it knows {', '.join(reversed(known))}).",
            "Restore it with the ngocoord that made it, or give an older backup.",
        )
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
            raw = conn.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            tables = _tables(raw)
    finally:
        engine.dispose()
    tables.pop("alembic_version", None)
    return tables


def _district_of(path: Path) -> str | None:
    """The district a register file was made for (the `district` setting). Read as immutable,
    so that no -wal or -shm file is made beside it; one setting, so a write racing it is moot."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'district'").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def restore(url: str, source: Path, *, other_district: bool = False) -> Path | None:
    """Replace the register with a backup, keeping the replaced one aside. The backup is
    checked first; refused while another process writes the register, and refused when it is
    another district's register unless that is asked for."""
    path = _sqlite_only(url, "db restore")
    source = source.expanduser().resolve()
    if source == path.resolve():
        raise Invalid("The backup to restore cannot be the register itself.")
    check_register_file(source)
    if path.exists() and not other_district:
        theirs, ours = _district_of(source), _district_of(path)
        if theirs and ours and theirs != ours:
            raise Invalid(
                f"{source} is a register of {theirs} district; the register at {path} "
                f"is of {ours} district. Nothing was replaced.",
                "Check that this is the right backup; to replace the register with it anyway, "
                "add --other-district.",
            )
    with exclusive(url, "db restore"):
        replaced = None
        if path.exists():
            replaced = _aside(path, "replaced")
            backup(url, replaced)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            _no_writer(path, url, "db restore")
        except Busy:
            if replaced is not None:
                replaced.unlink()
            raise
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            # one write transaction: a reader sees the old register or the new one, whole;
            # a reader (or a writer that began since the probe) is waited for
            out = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        files.make_private(path)
    return replaced


def _no_writer(path: Path, url: str, what: str) -> None:
    """Busy if another connection holds the register's write lock now (a command writing)."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _writing_elsewhere(url, what) from exc
        probe.execute("ROLLBACK")
    finally:
        probe.close()
