"""A row's state as `undo` reads and puts it back: its columns as JSON values, by table and id.

The audit log keeps states as JSON (dates as ISO text); `put` turns them back into the
columns' own types before writing, so a row put back is the row that was there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection


def table_of(name: str) -> Table:
    from sqlmodel import SQLModel

    import ngocoord.store.models  # noqa: F401  (the tables are registered on import)

    return SQLModel.metadata.tables[name]


def plain(value: Any) -> Any:
    """A column value as the audit log's JSON keeps it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def plain_dict(values: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {k: plain(v) for k, v in values.items()}


def typed(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """JSON values back in their columns' types (dates, times, booleans)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        column = table.c[key].type
        # a decorated type (SQLModel's UTCDateTime) says `object`: its underlying type tells
        kind = getattr(column, "impl_instance", column).python_type if value is not None else None
        if kind is datetime and isinstance(value, str):
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:  # the register's times are UTC
                value = value.replace(tzinfo=UTC)
        elif kind is date and isinstance(value, str):
            value = date.fromisoformat(value[:10])
        elif kind is bool:
            value = bool(value)
        out[key] = value
    return out


def read(conn: Connection, table: Table, where: Any) -> list[dict[str, Any]]:
    """The rows of `table` matching `where`, each as a dict of JSON values, ordered by id."""
    from sqlalchemy import select

    order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
    found = conn.execute(select(table).where(where).order_by(*order)).mappings()
    return [{k: plain(v) for k, v in row.items()} for row in found]


def state(conn: Connection, name: str, row_id: int) -> dict[str, Any] | None:
    """Every column of one row, None if there is no such row."""
    table = table_of(name)
    found = read(conn, table, table.c.id == row_id)
    return found[0] if found else None


def put(conn: Connection, name: str, row_id: int, values: dict[str, Any] | None) -> None:
    """The row made to hold `values` (the columns given; all of them if it is gone), or
    removed when `values` is None."""
    from sqlalchemy import delete, insert, select, update

    table = table_of(name)
    if values is None:
        conn.execute(delete(table).where(table.c.id == row_id))
        return
    there = conn.execute(select(table.c.id).where(table.c.id == row_id)).first()
    if there is None:
        conn.execute(insert(table), typed(table, {**values, "id": row_id}))
    else:
        changed = {k: v for k, v in values.items() if k != "id"}
        if changed:
            conn.execute(update(table).where(table.c.id == row_id).values(typed(table, changed)))


def insert_all(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    from sqlalchemy import insert

    if rows:
        conn.execute(insert(table), [typed(table, r) for r in rows])
