"""Engines, sessions and the register's life cycle: create, check, upgrade, back up, restore.

Nothing here runs at import time; the CLI asks for an engine only when a command needs one.
"""

from __future__ import annotations

import errno
import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import files
from ngocoord.errors import Busy, Invalid, NotInitialised, SchemaOutdated
from ngocoord.store.faults import register_fault
from ngocoord.store.location import describe, sqlite_path, warn_if_network

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10  # a server that is down or unreachable is reported, not waited for


@contextmanager
def faults(url: str) -> Iterator[None]:
    """Driver errors on the register (read-only, disk full, damaged, server down or refusing
    the login) raised as the project's errors, with what to do."""
    try:
        yield
    except Exception as exc:
        fault = register_fault(exc, url)
        if fault is None:
            raise
        raise fault from exc


def make_engine(url: str) -> Engine:
    """An engine with SQLite set up for one writer and many readers (WAL, busy timeout)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    if sqlite_path(url) is None:
        with faults(url):
            try:
                parsed = make_url(url)
            except ValueError as exc:  # a port that is not a number
                raise Invalid(
                    f"Cannot use {describe(url)} as the register: {exc}.",
                    "Give a file path, or a URL like postgresql+psycopg://USER:PASSWORD@HOST/DB.",
                ) from None
            if parsed.get_backend_name() == "postgresql":
                return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
            return create_engine(url)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        # 64 MiB of page cache (default 2 MiB): a big import updates indexes all over the file
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    return engine


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int | None:
    """Insert rows (dicts with the same keys) in the connection's transaction.

    On SQLite the rows go straight to the driver's executemany: at a hundred thousand rows,
    SQLAlchemy's per-row parameter handling costs more than SQLite's own work (and for one
    row, its statement handling does). Values pass through the columns' own bind processors,
    so dates are stored exactly as SQLAlchemy stores them. Other databases (and tables with
    Python-side defaults) take SQLAlchemy's path. Returns the id of a single row inserted.
    """
    if not rows:
        return None
    plan = _insert_plan(table, tuple(rows[0]), conn.dialect)
    if plan is None:
        from sqlalchemy import insert

        if len(rows) == 1 and "id" in table.c:
            return int(conn.execute(insert(table).returning(table.c.id), rows[0]).scalar_one())
        conn.execute(insert(table), rows)
        return None
    if not conn.in_transaction():
        conn.begin()  # as SQLAlchemy's own execute would: the caller's commit must commit these
    sql, get, active = plan
    data: list[Any] = [get(row) for row in rows]
    if active:
        data = [list(values) for values in data]
        for values in data:
            for i, process in active:
                values[i] = process(values[i])
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if len(data) == 1:
            cursor.execute(sql, data[0])
            return int(cursor.lastrowid)
        cursor.executemany(sql, data)
        return None
    finally:
        cursor.close()


@functools.lru_cache(maxsize=64)
def _insert_plan(
    table: Table, keys: tuple[str, ...], dialect: Any
) -> tuple[str, Any, list[Any]] | None:
    """For insert_many on SQLite: the statement, a row-to-tuple getter, the bind processors."""
    if dialect.name != "sqlite" or any(
        c.key not in keys and c.default is not None for c in table.c
    ):
        return None
    processors = [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys]
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    columns = ", ".join(f'"{table.c[k].name}"' for k in keys)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(keys))})'
    get = itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    return sql, get, active


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


# The schema revision this ngocoord works on: the newest migration (a test holds it to
# Alembic's head). Kept here so that opening a register does not import Alembic.
SCHEMA_REVISION = "0004"


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the register, None if it has none."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


class Register:
    """An opened register: its URL and engine."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine

    @property
    def where(self) -> str:
        return describe(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        from sqlmodel import Session

        with faults(self.url), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                # the connection itself may be gone (server down, disk error)
                with suppress(Exception):
                    session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def _require_file(url: str) -> None:
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise NotInitialised(
            f"There is no register at {path}.",
            "Run `ngocoord init --district NAME` first, or point --db / NGOCOORD_DB at it.",
        )


def open_register(url: str, *, check_schema: bool = True) -> Register:
    """Open an existing register, refusing one that is missing or on an older schema."""
    _require_file(url)
    engine = make_engine(url)
    path = sqlite_path(url)
    if path is not None:
        warn_if_network(path)
    if check_schema:
        try:
            with faults(url), engine.connect() as conn:
                current = current_revision(conn)
        except BaseException:
            engine.dispose()
            raise
        head = SCHEMA_REVISION
        if current is None:
            engine.dispose()
            raise NotInitialised(
                f"{describe(url)} is not an ngocoord register (or was never initialised).",
                "Run `ngocoord init --district NAME` to create one.",
            )
        if current != head:
            engine.dispose()
            raise SchemaOutdated(
                f"The register at {describe(url)} is on schema {current}; "
                f"this ngocoord needs {head}.",
                "Run `ngocoord db upgrade` (it writes a backup first).",
            )
    return Register(url, engine)


def create_register(url: str) -> Register:
    """Create the schema in a new database; refuse to touch one that already exists."""
    from alembic import command

    path = sqlite_path(url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            raise Invalid(
                f"A register already exists at {path}.",
                "Use it as it is, or choose another place with --db.",
            )
        files.make_dirs(path.parent, private=True)
        warn_if_network(path)
        _new_private_file(path)
    engine = make_engine(url)
    try:
        with faults(url), engine.begin() as conn:
            if current_revision(conn) is not None:
                raise Invalid(f"A register already exists at {describe(url)}.")
            command.upgrade(alembic_config(conn), "head")
    except BaseException:
        engine.dispose()
        raise
    return Register(url, engine)


def _new_private_file(path: Path) -> None:
    """The empty register file, the owner's only: SQLite gives its -wal and -shm the same."""
    import os

    with faults(f"sqlite:///{path}"):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, files.PRIVATE_FILE))
        except OSError as exc:
            raise files.write_error(path, exc) from exc
    files.make_private(path)


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
    finally:
        engine.dispose()
    return backup_path, before, head


def _writing_elsewhere(url: str, what: str) -> Busy:
    return Busy(
        f"`{what}` refused: another ngocoord is writing to the register at {describe(url)}.",
        "Wait until that command (a report import, say) has finished, then run it again.",
    )


def _take_write_lock(conn: Connection, url: str, what: str) -> None:
    """The register's write lock for `conn`'s transaction, now, or Busy if a writer has it."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except Exception as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _writing_elsewhere(url, what) from exc
        raise
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


# Commands that write the register in many transactions (a report import) hold the writers'
# lock shared for their whole run; `db restore` and `db upgrade` hold it exclusively. On SQLite
# it is a read lock on a small lock file beside the register (SQLite's own locking, so it works
# the same on Windows); on a server, an advisory lock.
ADVISORY_KEY = 0x6E676F63  # "ngoc"


def _writers_file(path: Path) -> Path:
    return path.with_name(path.name + "-writers")


@contextmanager
def writing(url: str) -> Iterator[None]:
    """Held while a command writes the register in many transactions; waits (up to the busy
    timeout) for a restore or upgrade at work, then refuses."""
    path = sqlite_path(url)
    if path is None:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock_shared(:k)"), {"k": ADVISORY_KEY})
                conn.commit()
                yield
        finally:
            engine.dispose()
        return
    lock = sqlite3.connect(
        _writers_file(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        try:
            lock.execute("BEGIN")
            lock.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            raise Busy(
                f"The register at {path} is being restored or upgraded ({exc}).",
                "Run the command again when `db restore` or `db upgrade` has finished.",
            ) from exc
        yield
    finally:
        lock.close()


@contextmanager
def exclusive(url: str, what: str) -> Iterator[None]:
    """The writers' lock held alone, for `db restore` and `db upgrade`: Busy at once if another
    process holds it (a report import is writing)."""
    path = sqlite_path(url)
    if path is None:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
                if not got.scalar():
                    raise _writing_elsewhere(url, what)
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                    conn.commit()
        finally:
            engine.dispose()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = sqlite3.connect(_writers_file(path), timeout=0, isolation_level=None)
    try:
        try:
            lock.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            raise _writing_elsewhere(url, what) from exc
        yield
    finally:
        lock.close()


def _aside(path: Path, label: str) -> Path:
    """A new file name beside the register: register.<label>-<time>.sqlite."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
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
