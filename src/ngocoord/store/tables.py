"""The register's tables for SQLAlchemy Core, read from the register itself, without the models.

The schema has one definition: the models (store/models.py), from which the migrations made
every register that `open_register` accepts (it refuses one on another revision). A read that
needs no ORM (`check`, the cron job) need not pay for the models at start-up: SQLModel,
pydantic and the mapped classes cost about 300 ms, far more than the check itself. Here each
table a read names is reflected from the register the first time (its columns and their types,
nothing else: about 2 ms a table on SQLite), once per process and register; a migration
forgets them (`forget`), so a register upgraded in the process is read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

_reflected: dict[str, MetaData] = {}  # register URL (password hidden): the tables read so far


def table(conn: Connection, name: str) -> Table:
    """The table `name` with the columns the register has, for Core statements."""
    from sqlalchemy import Column, MetaData, Table, inspect

    meta = _reflected.setdefault(str(conn.engine.url), MetaData())
    found = meta.tables.get(name)
    if found is None:
        columns = inspect(conn).get_columns(name)
        found = Table(name, meta, *(Column(c["name"], c["type"]) for c in columns))
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
