"""What `undo` reads and puts back, by entity: an NGO with its areas, registrations and
memberships (its audit rows name the NGO's id); a return's version with its report lines; a
decision with its links and notes; any other row by itself (store/rows.py).

A state may be partial: the keys (columns, or for an NGO "ngo", "areas", "registrations",
"memberships") that a change altered. None means the entity did not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ngocoord.register import fields
from ngocoord.store import audit, rows

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ngocoord.register.returns import NewVersion

# The tables whose audit rows name an NGO (row_key: its code, row_id: its id).
NGO_TABLES = ("ngo", "ngo_area", "membership", "registration")
_NGO_PARTS = {"areas": "ngo_area", "registrations": "registration", "memberships": "membership"}
CHUNK = 500
# The rows that belong to one row and go and come back with it: key → (table, column).
_CHILDREN = {
    "submission": {"lines": ("report_line", "submission_id")},
    "decision": {
        "links": ("decision_link", "decision_id"),
        "notes": ("decision_note", "decision_id"),
    },
}


def entity(table_name: str) -> str:
    """The entity an audit row of `table_name` changed."""
    return "ngo" if table_name in NGO_TABLES else table_name


def ngo_states(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The whole state of each NGO in `ids` (those in the register), read in a few queries."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        ngo = rows.table_of("ngo")
        for row in rows.read(conn, ngo, ngo.c.id.in_(part)):
            found[row["id"]] = {"ngo": row, **{k: [] for k in _NGO_PARTS}}
        for key, name in _NGO_PARTS.items():
            table = rows.table_of(name)
            for row in rows.read(conn, table, table.c.ngo_id.in_(part)):
                if row["ngo_id"] in found:
                    value = row["office_id"] if key == "areas" else row
                    found[row["ngo_id"]][key].append(value)
    return found


def ngo_parts(conn: Connection, ngo_id: int, *parts: str) -> dict[str, Any]:
    """Parts of an NGO's state as they are now (the prior state of a change to them)."""
    return {k: ngo_states(conn, [ngo_id])[ngo_id][k] for k in parts}


def state(conn: Connection, kind: str, row_id: int, like: Any) -> Any:
    """The entity's state now, as much of it as `like` (a state to be put back) holds."""
    if kind == "ngo":
        whole = ngo_states(conn, [row_id]).get(row_id)
        if whole is None or like is None:
            return whole
        return {k: _columns(whole[k], like[k]) if k == "ngo" else whole[k] for k in like}
    if kind in _CHILDREN:
        row = rows.state(conn, kind, row_id)
        if row is None or like is not None:
            return _columns(row, like)
        for key, (name, column) in _CHILDREN[kind].items():
            table = rows.table_of(name)
            row[key] = rows.read(conn, table, table.c[column] == row_id)
        return row
    return _columns(rows.state(conn, kind, row_id), like)


def _columns(row: dict[str, Any] | None, like: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None or like is None:
        return row
    return {k: row[k] for k in like if k in row}


def put(conn: Connection, kind: str, row_id: int, value: Any) -> None:
    """The entity made to be in state `value` (removed when None)."""
    if kind == "ngo":
        _put_ngo(conn, row_id, value)
    elif kind in _CHILDREN:
        _put_with_children(conn, kind, row_id, value)
    else:
        rows.put(conn, kind, row_id, value)


def _put_ngo(conn: Connection, ngo_id: int, value: dict[str, Any] | None) -> None:
    from sqlalchemy import delete

    parts = list(_NGO_PARTS) if value is None else [k for k in _NGO_PARTS if k in value]
    for key in parts:
        table = rows.table_of(_NGO_PARTS[key])
        conn.execute(delete(table).where(table.c.ngo_id == ngo_id))
    if value is None:
        rows.put(conn, "ngo", ngo_id, None)
        return
    if "ngo" in value:
        rows.put(conn, "ngo", ngo_id, _keyed(conn, ngo_id, value["ngo"]))
    for key in parts:
        table = rows.table_of(_NGO_PARTS[key])
        kept = value[key]
        if key == "areas":
            kept = [{"ngo_id": ngo_id, "office_id": office} for office in kept]
        rows.insert_all(conn, table, kept)


def _keyed(conn: Connection, ngo_id: int, put: dict[str, Any]) -> dict[str, Any]:
    """An NGO's columns as put back, its name key made by today's rule: a state recorded
    before the rule changed holds the key of then, which no file gives (migration 0013h)."""
    if "name_key" not in put:
        return put
    both = {**(rows.state(conn, "ngo", ngo_id) or {}), **put}
    return {**put, "name_key": fields.key_of(both.get("name_bn"), both.get("name_en"))}


def _put_with_children(conn: Connection, kind: str, row_id: int, value: Any) -> None:
    """A version removed with its report lines (a decision with its links and notes), put
    back with them, or its own columns set as they were (a version's current and voided
    flags). Versions change here only so: undo puts the newest change back first, so the one
    current version per unit and month holds as write_version keeps it."""
    from sqlalchemy import delete

    children = _CHILDREN[kind]
    whole = value is None or any(k in value for k in children)
    if whole:
        for name, column in children.values():
            table = rows.table_of(name)
            conn.execute(delete(table).where(table.c[column] == row_id))
    if value is None:
        rows.put(conn, kind, row_id, None)
        return
    rows.put(conn, kind, row_id, {k: v for k, v in value.items() if k not in children})
    for key, (name, _) in children.items():
        if key in value:
            rows.insert_all(conn, rows.table_of(name), value[key])


def receipt_entries(
    new: NewVersion, current: Any, version: int, new_id: int
) -> list[dict[str, Any]]:
    """The audit rows of a return taken in as a new version: the version it supersedes (no
    longer current), then the new one; `undo` takes them back in the other order."""
    key = f"{new.kind_name}:{new.unit_label}:{new.month}"
    entries = []
    if current is not None:
        entries.append(
            audit.entry(
                "submission",
                key,
                "update",
                {"version": current.version, "current": True},
                {"version": current.version, "current": False},
                row_id=current.id,
                prior={"is_current": True},
            )
        )
    entries.append(
        audit.entry(
            "submission",
            key,
            "insert",
            {"version": current.version} if current is not None else None,
            {"version": version, "received_on": new.received_on, "file": new.source_file},
            row_id=new_id,
            prior=None,
        )
    )
    return entries
