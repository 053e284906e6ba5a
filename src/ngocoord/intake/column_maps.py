"""The headers an office taught the tool (`ngocoord columns map`), and `--map` for one import.

A map says: this header, in every later file of this kind (a roster, or a report's rows),
is this field. It is kept in the register and in the audit log, and read before the header's
meaning, so an office's own wording always wins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ngocoord.errors import Invalid, NotFound
from ngocoord.intake import report_format
from ngocoord.intake.columns import map_key
from ngocoord.register import fields
from ngocoord.store import audit, rows, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

# The kinds of sheet a header can be mapped for: their fields and their names.
FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "roster": fields.LABELS,
    "report": report_format.LINE_LABELS,
}
OFFICE_MAP = "office map"
ONE_IMPORT = "--map"


def _form(form: str) -> dict[str, tuple[str, str]]:
    if form not in FORMS:
        raise Invalid(f"Unknown kind of sheet {form!r}.", "Use --for roster or --for report.")
    return FORMS[form]


def field_list(form: str) -> list[dict[str, str]]:
    """The fields a header of this kind of sheet can be mapped to."""
    return [{"field": name, "bangla": bn, "english": en} for name, (bn, en) in _form(form).items()]


def check_field(form: str, field: str) -> str:
    known = _form(form)
    if field not in known:
        names = ", ".join(known)
        raise Invalid(
            f"{field!r} is not a field of a {form}.",
            f"Use one of: {names} (`ngocoord columns fields --for {form}`).",
        )
    return field


def one_import(form: str, given: list[str]) -> dict[str, tuple[str, str]]:
    """`--map "HEADER=FIELD"` options as a map for one import (the last `=` splits)."""
    found: dict[str, tuple[str, str]] = {}
    for item in given:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise Invalid(f"--map {item!r} is not HEADER=FIELD.", 'Write --map "ব্যয়=spent_month".')
        found[map_key(header)] = (check_field(form, field.strip()), ONE_IMPORT)
    return found


def load(db: Session | Connection, form: str) -> dict[str, tuple[str, str]]:
    """The office's maps for this kind of sheet, as `intake.columns.Hints.maps` takes them;
    read through the register's own table, so `report import` loads no models."""
    from sqlalchemy import select

    conn = tables.connection(db)
    m = tables.table(conn, "column_map").c
    rows = conn.execute(select(m.header_key, m.field).where(m.form == form).order_by(m.id))
    return {key: (field, OFFICE_MAP) for key, field in rows}


def add(session: Session, header: str, field: str, form: str) -> tuple[str | None, str]:
    """Map a header (replacing its map if it had one); (the field before, the field now)."""
    from sqlmodel import select

    from ngocoord.store.models import ColumnMap

    check_field(form, field)
    key = map_key(header)
    if not key:
        raise Invalid("The header is empty.", 'Give it as written in the file: "ব্যয় (টাকা)".')
    found = session.exec(
        select(ColumnMap).where(ColumnMap.form == form, ColumnMap.header_key == key)
    ).first()
    before = found.field if found else None
    prior = {"field": found.field, "header": found.header} if found else None
    if found is None:
        found = ColumnMap(
            form=form,
            header_key=key,
            header=header.strip(),
            field=field,
            created_at=datetime.now(UTC),
        )
        session.add(found)
    else:
        found.field, found.header = field, header.strip()
    session.flush()
    old = {"field": before} if before else None
    audit.record(
        session,
        "column_map",
        f"{form}:{header.strip()}",
        "update" if before else "insert",
        old,
        {"field": field},
        row_id=found.id,
        prior=prior,
    )
    return before, field


def remove(session: Session, header: str, form: str | None = None) -> list[dict[str, Any]]:
    """Forget a header's map (of every kind of sheet unless one is named)."""
    from sqlmodel import select

    from ngocoord.store.models import ColumnMap

    query = select(ColumnMap).where(ColumnMap.header_key == map_key(header))
    if form is not None:
        _form(form)
        query = query.where(ColumnMap.form == form)
    found = list(session.exec(query))
    if not found:
        raise NotFound(f'No map for the header "{header}".', "`ngocoord columns list` lists them.")
    removed = []
    for m in found:
        removed.append({"for": m.form, "header": m.header, "field": m.field})
        assert m.id is not None
        whole = rows.state(session.connection(), "column_map", m.id)
        key = f"{m.form}:{m.header}"
        audit.record(
            session, "column_map", key, "delete", {"field": m.field}, row_id=m.id, prior=whole
        )
        session.delete(m)
    return removed


def listing(session: Session) -> list[dict[str, Any]]:
    from sqlmodel import col, select

    from ngocoord.store.models import ColumnMap

    rows = session.exec(select(ColumnMap).order_by(col(ColumnMap.form), col(ColumnMap.header)))
    return [{"for": m.form, "header": m.header, "field": m.field} for m in rows]
