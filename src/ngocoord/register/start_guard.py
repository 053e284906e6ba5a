"""The tracking start when it is not set: the first month with a return stands in for it, so a
return of an earlier month, or an undo that takes the first ones away, moves it, and with it
which locked months count. Such a move meets the lock rule (`locks.guard_figures`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ngocoord.register.locks import guard_figures, tracked_kinds
from ngocoord.register.moves import start_move
from ngocoord.store import settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


UNSET = "not set: the first month with a return"
START_HINT = (
    "Or set the tracking start (`ngocoord config set tracking.start MONTH`): then a return "
    "of an earlier month no longer moves it. "
)


# Whether the tracking start stays where it is for a return of a kind and month: it is set, or
# a return of the kind is in for that month or before. One statement, through the driver on
# SQLite, as `found`: a batch asks it for every file.
_KEPT = (
    "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'tracking.start') "
    "OR EXISTS (SELECT 1 FROM submission WHERE kind_id = {k} AND month <= {m})"
)


def _start_stays(conn: Connection, kind_id: int, month: str) -> bool:
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            return bool(cursor.execute(_KEPT.format(k="?", m="?"), (kind_id, month)).fetchone()[0])
        finally:
            cursor.close()
    from sqlalchemy import text

    query = text(_KEPT.format(k=":k", m=":m"))
    return bool(conn.execute(query, {"k": kind_id, "m": month}).scalar())


def guard_start(
    conn: Connection,
    kind_id: int,
    month: str,
    unit: str,
    unlock_reason: str | None,
    *,
    write: bool = True,
) -> None:
    """A return of `month` coming in when tracking.start is not set: the start is the first
    month with a return, so one before it moves the start, and which locked months count."""
    from ngocoord.register import kinds

    if _start_stays(conn, kind_id, month):
        return
    old = kinds.first_month(conn)
    if old is None or month < old:
        moved = start_move(old, month, f" ({UNSET}; {unit})")
        guard_figures(conn, [moved], tracked_kinds(conn), unlock_reason, START_HINT, write=write)


@contextmanager
def start_kept(conn: Connection, change: str, unlock_reason: str | None) -> Iterator[None]:
    """Around a change that takes returns away or brings them back (`undo`): when
    tracking.start is not set, the first month with a return it moves meets the rule."""
    from ngocoord.register import kinds

    unset = not settings.get(conn, "tracking.start")
    old = kinds.first_month(conn) if unset else None
    yield
    new = kinds.first_month(conn) if unset else None
    if new != old:
        moved = start_move(old, new, f" ({UNSET}; {change})")
        guard_figures(conn, [moved], tracked_kinds(conn), unlock_reason, START_HINT)
