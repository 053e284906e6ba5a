"""The audit trail: every change to the register, with who made it and by which command."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord.store import db, runs, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import Audit

# One encoder for every row: json.dumps with options builds a new encoder on each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str, sort_keys=True)


# What _ENCODER.encode sets up on each call, set up once for a bulk writer's plain values
# (no check for circular references: parsed cells hold none)
_C_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
if _C_ENCODER is not None:
    _C_ENCODER = _C_ENCODER(
        None, str, json.encoder.encode_basestring, None, ": ", ", ", True, False, True
    )


def _encode(values: dict[str, Any]) -> str:
    """_ENCODER.encode(values), the same text, by the C encoder when there is one."""
    if _C_ENCODER is None:
        return _ENCODER.encode(values)
    return "".join(_C_ENCODER(values, 0))


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return _ENCODER.encode(values)


# the keys of every entry
_KEYS = (
    *("at", "os_user", "command", "table_name", "row_key", "action"),
    *("old", "new", "row_id", "prior", "run_id"),
)

# `prior` when the state before was not recorded (such a change cannot be undone)
UNKNOWN: Any = object()


def entry(
    table: str,
    key: str,
    action: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    *,
    row_id: int | None = None,
    prior: Any = UNKNOWN,
) -> dict[str, Any]:
    """One audit row as a dict, ready for a bulk insert. `row_id` is the row changed (the NGO
    for its areas, registrations and memberships) and `prior` its state before, which `undo`
    puts back: None when the row did not exist, else the columns the change altered (all of
    them for a removal). The run is filled in by `write`."""
    return {
        "at": datetime.now(UTC),
        "os_user": runs.os_user(),
        "command": runs.command(),
        "table_name": table,
        "row_key": key,
        "action": action,
        "old": _json(old),
        "new": _json(new),
        "row_id": row_id,
        "prior": None if prior is UNKNOWN else "null" if prior is None else _ENCODER.encode(prior),
        "run_id": None,
    }


def write(session: Session | Connection, entries: list[dict[str, Any]]) -> None:
    """Add audit rows in the caller's transaction, so they land with the change or not at all,
    each in this command's run (opened with the first of them). Through the register's own
    table (store/tables), so a Core writer (`report import`) loads no models."""
    from sqlalchemy.engine import Connection

    if not entries:
        return
    conn = session if isinstance(session, Connection) else session.connection()
    run_id = runs.current(conn)
    for e in entries:
        e["run_id"] = run_id
    db.insert_many(conn, tables.table(conn, "audit"), entries)


def write_inserts(
    conn: Connection, table: str, rows: Iterable[tuple[str, int, dict[str, Any]]]
) -> None:
    """`write` for a stream of new rows of `table` (a big import's, at least one), each given
    as (key, id, values) and stored as it is taken, in this command's run: the entry
    `entry(table, key, "insert", None, values, row_id=id, prior=None)` would make, as one
    tuple whose constant columns are taken once (the time too: one for the whole stream, so
    its text is made once, `db.insert_rows`) and whose values go straight to the C encoder
    (no dict per entry, no encoder set up per row)."""
    from ngocoord.store.models import Audit
    from ngocoord.store.models import table as model_table

    fixed = (runs.os_user(), runs.command(), table)
    run_id = runs.current(conn)
    now, encode = datetime.now(UTC), _encode
    db.insert_rows(
        conn,
        model_table(Audit),
        _KEYS,
        (
            (now, *fixed, key, "insert", None, encode(new), row_id, "null", run_id)
            for key, row_id, new in rows
        ),
    )


def record(
    session: Session,
    table: str,
    key: str,
    action: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    *,
    row_id: int | None = None,
    prior: Any = UNKNOWN,
) -> None:
    write(session, [entry(table, key, action, old, new, row_id=row_id, prior=prior)])


def recent(
    session: Session, *, limit: int = 50, table: str | None = None, key: str | None = None
) -> list[Audit]:
    from sqlmodel import col, select

    from ngocoord.store.models import Audit

    query = select(Audit).order_by(col(Audit.id).desc()).limit(limit)
    if table:
        query = query.where(Audit.table_name == table)
    if key:
        query = query.where(Audit.row_key == key)
    return list(session.exec(query))


def restored(url: str, source: Path, replaced: Path | None) -> None:
    """Record a `db restore` in the register it put in place, so `log` tells that the
    register was replaced, from which file, and where the replaced one is kept. A backup of
    an older schema is recorded too, in the audit columns every revision has (before 0008
    there were no runs)."""
    from sqlalchemy import inspect

    from ngocoord.store.models import Audit, table

    register = db.open_register(url, check_schema=False)
    try:
        with register.session() as session:
            new = {"from": str(source), "replaced_kept_at": str(replaced) if replaced else None}
            row = entry("register", "restore", "update", None, new)
            if inspect(session.connection()).has_table("run"):
                write(session, [row])
            else:
                legacy = {k: v for k, v in row.items() if k not in ("run_id", "row_id", "prior")}
                db.insert_many(session.connection(), table(Audit), [legacy])
    finally:
        register.close()
