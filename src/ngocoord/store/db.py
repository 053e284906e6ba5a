"""Engines, sessions and the register's life cycle: create, check, upgrade, back up, restore.

Nothing here runs at import time; the CLI asks for an engine only when a command needs one.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord.errors import Invalid, NgocoordError, NotInitialised, SchemaOutdated
from ngocoord.store.location import describe, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str) -> Engine:
    """An engine with SQLite set up for one writer and many readers (WAL, busy timeout)."""
    from sqlalchemy import create_engine, event

    if sqlite_path(url) is None:
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

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
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
    if check_schema:
        with engine.connect() as conn:
            current = current_revision(conn)
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
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    with engine.begin() as conn:
        if current_revision(conn) is not None:
            raise Invalid(f"A register already exists at {describe(url)}.")
        command.upgrade(alembic_config(conn), "head")
    return Register(url, engine)


def upgrade(url: str) -> tuple[Path | None, str | None, str]:
    """Bring the schema to the newest revision, writing a backup first (SQLite)."""
    from alembic import command

    _require_file(url)
    head = SCHEMA_REVISION
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            before = current_revision(conn)
        if before == head:
            return None, before, head
        backup_path = None
        path = sqlite_path(url)
        if path is not None:
            backup_path = _aside(path, "before-upgrade")
            backup(url, backup_path)
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()
    return backup_path, before, head


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
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return dest


def check_register_file(path: Path) -> str:
    """Check a file is an intact ngocoord register; return its schema revision."""
    if not path.exists():
        raise NgocoordError(f"{path} does not exist.")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise NgocoordError(
                f"{path} is not a SQLite database.", "Give a file made by `db backup`."
            )
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise NgocoordError(f"{path} is damaged: {ok}.")
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            conn.execute("SELECT count(*) FROM ngo").fetchone()
        except sqlite3.DatabaseError as exc:
            raise NgocoordError(f"{path} is not an ngocoord register ({exc}).") from exc
    finally:
        conn.close()
    if row is None:
        raise NgocoordError(f"{path} is not an ngocoord register (no schema version).")
    return str(row[0])


def restore(url: str, source: Path) -> Path | None:
    """Replace the register with a backup, keeping the replaced one aside."""
    path = _sqlite_only(url, "db restore")
    source = source.expanduser().resolve()
    check_register_file(source)
    replaced = None
    if path.exists():
        replaced = _aside(path, "replaced")
        backup(url, replaced)
    path.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return replaced
