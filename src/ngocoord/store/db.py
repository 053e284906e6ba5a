"""Engines, sessions and the register's life cycle: create, check, upgrade, back up, restore.

Nothing here runs at import time; the CLI asks for an engine only when a command needs one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import files
from ngocoord.errors import Invalid, NotInitialised, SchemaOutdated
from ngocoord.store.faults import register_fault
from ngocoord.store.location import describe, sqlite_path, warn_if_network
from ngocoord.store.writers import (
    BUSY_TIMEOUT_MS,
    CONNECT_TIMEOUT_S,
    WritersLock,
    _writing_elsewhere,
)
from ngocoord.store.writers import writing as writing  # db.writing: a report import's lock

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.sql import Select
    from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"


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
            backend = parsed.get_backend_name()
            if backend == "sqlite":
                return create_engine(url)
            if backend != "postgresql":
                raise Invalid(
                    f"Cannot use {describe(url)} as the register: ngocoord keeps it in SQLite "
                    f"or PostgreSQL, not {backend}.",
                    "Give a file path, or a URL like postgresql+psycopg://USER:PASSWORD@HOST/DB.",
                )
            try:
                return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
            except ModuleNotFoundError as exc:  # the driver is an extra
                raise Invalid(
                    f"Cannot reach {describe(url)}: the PostgreSQL driver ({exc.name}) is not "
                    "installed.",
                    "Install it beside ngocoord: pip install 'ngocoord[postgres]' "
                    "(from a clone: pip install '.[postgres]').",
                ) from None
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **_read_only_creator(url)
    )

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


def _read_only_creator(url: str) -> dict[str, Any]:
    """For a register in a folder this user cannot write, whose -wal and -shm are not there:
    SQLite cannot open a WAL database there unless it is opened read-only and immutable, so
    that read commands (`check`, `ngo list`, `log`) still work; a write is then refused as
    read-only. Anywhere else, SQLite's own opening (read-only by itself for a file this user
    cannot write)."""
    import os
    import sqlite3

    path = sqlite_path(url)
    assert path is not None
    companions = [path.with_name(path.name + end) for end in ("-wal", "-shm")]
    if not path.exists() or os.access(path.parent, os.W_OK) or all(map(Path.exists, companions)):
        return {}
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    timeout = BUSY_TIMEOUT_MS / 1000
    return {
        "creator": lambda: sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
    }


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
        data = list(_processed(data, active))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if len(data) == 1:
            cursor.execute(sql, data[0])
            return int(cursor.lastrowid)
        cursor.executemany(sql, data)
        return None
    finally:
        cursor.close()


def insert_rows(
    conn: Connection, table: Table, keys: tuple[str, ...], rows: Iterable[Sequence[Any]]
) -> None:
    """insert_many for rows given as tuples in the order of `keys`, taken one at a time: a
    generator of rows is never held whole, and no dict is made per row (SQLite's path)."""
    plan = _insert_plan(table, keys, conn.dialect)
    if plan is None:
        data = [dict(zip(keys, row, strict=True)) for row in rows]
        if data:
            from sqlalchemy import insert

            conn.execute(insert(table), data)
        return
    if not conn.in_transaction():
        conn.begin()
    sql, _, active = plan
    if active:
        rows = _processed(rows, active)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


_UNSET = object()


def _processed(rows: Iterable[Sequence[Any]], active: list[Any]) -> Iterator[list[Any]]:
    """The rows with their values through the columns' bind processors, one row at a time. A
    processor runs again only when its column's value is another object than the row
    before's: a bulk insert repeats its dates (one time on a run's every audit row, one
    joining day on an import's every membership), and a processor gives the same text for
    the same value."""
    last = [(_UNSET, None)] * len(active)
    for row in rows:
        values = list(row)
        for j, (i, process) in enumerate(active):
            value = values[i]
            seen, done = last[j]
            if value is not seen:
                done = process(value)
                last[j] = (value, done)
            values[i] = done
        yield values


# Indexes a trigger looks rows up by, kept through a bulk insert: without them each row's
# trigger would read the whole table (migration 0013's membership_overlap)
TRIGGERS_READ = frozenset({"ix_membership_office_ngo"})


@contextmanager
def indexes_built_after(conn: Connection, tables: list[Table]) -> Iterator[None]:
    """Bulk inserts into `tables` with their secondary indexes built once at the end.

    On SQLite, inserting a hundred thousand rows into a table keeps each index in order row
    by row (names, dates and ids in no order of theirs); one CREATE INDEX afterwards sorts
    once. The indexes are dropped and made again from the models' definitions, in the
    caller's transaction, so a failure rolls them back with the rows. Unique indexes (and
    the constraints' own) stay and check every row as it goes in, and so do those a trigger
    reads (TRIGGERS_READ). Other databases: as is.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    from sqlalchemy.schema import CreateIndex, DropIndex

    raw: Any = conn.connection.driver_connection
    if not raw.in_transaction:  # sqlite3 opens one only before DML: DDL first would commit
        conn.exec_driver_sql("BEGIN")
    built = [ix for t in tables for ix in sorted(t.indexes, key=lambda i: str(i.name))]
    built = [ix for ix in built if not ix.unique and ix.name not in TRIGGERS_READ]
    for index in built:
        conn.execute(DropIndex(index))
    yield
    for index in built:
        conn.execute(CreateIndex(index))


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


def fetch_rows(conn: Connection, statement: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of a Core SELECT as the driver returns them, for reads of many thousand rows.

    SQLAlchemy builds a Row and runs the result processors for every row; for the 25,000
    memberships and NGOs of a national 12-month history that costs more than the query. Here the
    statement is compiled for the connection's dialect and its parameters pass through their
    bind processors as SQLAlchemy would send them, but the rows come back raw: a date is ISO
    text on SQLite and a date on PostgreSQL, so the caller parses what it keeps.
    """
    compiled = statement.compile(dialect=conn.dialect)
    values = compiled.construct_params()
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if process is not None and name in values:
            values[name] = process(values[name])
    params: Any = [values[k] for k in compiled.positiontup or ()] if compiled.positional else values
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for a migration run, which forgets the tables read so far."""
    from alembic.config import Config

    from ngocoord.store import tables

    tables.forget()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


# The schema revision this ngocoord works on: the newest migration (a test holds it to
# Alembic's head). Kept here so that opening a register does not import Alembic.
SCHEMA_REVISION = "0013h"


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the register, None if it has none."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


class Register:
    """An opened register: its URL and engine. It holds the writers' lock from its first write
    until it is closed (store/writers.py), so every command that writes keeps `db restore`
    and `db upgrade` out while it works."""

    def __init__(self, url: str, engine: Engine, writers: WritersLock) -> None:
        self.url = url
        self.engine = engine
        self.writers = writers

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

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A Core connection for a read that needs no ORM (`check`): no models, no session,
        nothing written; its transaction is rolled back at the end."""
        with faults(self.url), self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
        self.writers.release()


def _watched_engine(url: str) -> tuple[Engine, WritersLock]:
    engine = make_engine(url)
    writers = WritersLock(url)
    writers.watch(engine)
    return engine, writers


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
    engine, writers = _watched_engine(url)
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
    return Register(url, engine, writers)


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
    engine, writers = _watched_engine(url)
    register = Register(url, engine, writers)
    try:
        with faults(url), engine.begin() as conn:
            if current_revision(conn) is not None:
                raise Invalid(f"A register already exists at {describe(url)}.")
            command.upgrade(alembic_config(conn), "head")
    except BaseException:
        register.close()
        raise
    return register


def _new_private_file(path: Path) -> None:
    """The empty register file, the owner's only: SQLite gives its -wal and -shm the same."""
    import os

    with faults(f"sqlite:///{path}"):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, files.PRIVATE_FILE))
        except OSError as exc:
            raise files.write_error(path, exc) from exc
    files.make_private(path)


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
