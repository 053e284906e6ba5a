"""The register's tables for SQLAlchemy Core, read from the register itself, without the models.

The schema has one definition: the models (store/models.py), from which the migrations made
every register that `open_register` accepts (it refuses one on another revision). A read that
needs no ORM (`check`, the cron job) need not pay for the models at start-up: SQLModel,
pydantic and the mapped classes cost about 300 ms, far more than the check itself. Here each
table a read names is reflected from the register the first time (its columns and their types,
nothing else: about 2 ms a table on SQLite), once per process and register; a migration
forgets them (`forget`), so a register upgraded in the process is read again. Statements
built of them (`built`) are kept with them, and forgotten with them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

_reflected: dict[str, MetaData] = {}  # register URL (password hidden): the tables read so far


def _meta(conn: Connection) -> MetaData:
    from sqlalchemy import MetaData

    return _reflected.setdefault(str(conn.engine.url), MetaData())


def table(conn: Connection, name: str) -> Table:
    """The table `name` with the columns the register has, for Core statements."""
    from sqlalchemy import Column, Table, inspect

    meta = _meta(conn)
    found = meta.tables.get(name)
    if found is None:
        columns = inspect(conn).get_columns(name)
        found = Table(name, meta, *(Column(c["name"], c["type"]) for c in columns))
    return found


def built(conn: Connection, key: str, build: Callable[[], T]) -> T:
    """What `build` makes of this register's tables (a statement, its SQL), made once per
    process and register, as its tables are, and forgotten with them: a statement built for
    one register is never run on another, nor on this one after a migration."""
    info = _meta(conn).info
    if key not in info:
        info[key] = build()
    found: T = info[key]
    return found


def forget() -> None:
    """Drop the tables read so far: the register's schema is about to change."""
    _reflected.clear()


def connection(db: Session | Connection) -> Connection:
    """The Core connection of `db`: a connection as it is, or a session's own connection
    with its pending changes flushed first, as the session's own queries would see them."""
    from sqlalchemy.engine import Connection

    if isinstance(db, Connection):
        return db
    db.flush()
    return db.connection()
