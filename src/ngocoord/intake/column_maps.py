"""The headers an office taught the tool (`ngocoord columns map`), and `--map` for one import.

A map says: this header, in every later file of this kind (a roster, or a report's rows),
is this field, or `ignore`: not the office's, left out (named, its values not kept). It is
kept in the register and in the audit log, and read before the header's meaning, so an
office's own wording always wins.

A header typed in Bijoy is read as Unicode Bangla before its meaning is looked for, so a map
matches a header in both forms: "ms¯’vi bvg" as mapped before headers were converted, or with
--no-bijoy, and "সংস্থার নাম" as it is read now (`keys`). The stored maps stay as the clerk
typed them: a migration rewriting them would have to guess which were Bijoy, and a map taught
from a Latin-typed header today would still need both forms.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ngocoord import bijoy
from ngocoord.errors import Invalid, NotFound
from ngocoord.intake import report_format
from ngocoord.intake.columns import IGNORE, OFFICE_MAP, ONE_IMPORT, map_key
from ngocoord.register import fields
from ngocoord.store import audit, rows, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import ColumnMap

# The kinds of sheet a header can be mapped for: their fields and their names.
FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "roster": fields.LABELS,
    "report": report_format.LINE_LABELS,
}
# what a header may be mapped to besides a field: not the office's column, left out
LEAVE_OUT = {IGNORE: ("বাদ (রাখা হবে না)", "left out: not ours, its values not kept")}


def _form(form: str) -> dict[str, tuple[str, str]]:
    if form not in FORMS:
        raise Invalid(f"Unknown kind of sheet {form!r}.", "Use --for roster or --for report.")
    return FORMS[form]


def field_list(form: str) -> list[dict[str, str]]:
    """The fields a header of this kind of sheet can be mapped to, and `ignore`."""
    known = {**_form(form), **LEAVE_OUT}
    return [{"field": name, "bangla": bn, "english": en} for name, (bn, en) in known.items()]


def check_field(form: str, field: str) -> str:
    known = _form(form)
    if field not in known and field != IGNORE:
        names = ", ".join(known)
        raise Invalid(
            f"{field!r} is not a field of a {form}.",
            f"Use one of: {names} (`ngocoord columns fields --for {form}`), or {IGNORE} to "
            "leave the column out.",
        )
    return field


def bijoy_reading(header: str) -> str | None:
    """The header as Unicode Bangla when it is typed in Bijoy (the map matches that too)."""
    return bijoy.convert(header).strip() if len(keys(header)) > 1 else None


def keys(header: str) -> list[str]:
    """The keys a mapped header matches: as written and, when it reads as Bijoy, as Unicode
    Bangla (English words, e-mails and codes in it stay as they are: `bijoy.convert`)."""
    key = map_key(header)
    if not (bijoy.is_bijoy(header) or bijoy.plain_bijoy(header) or bijoy.vouched(header)):
        return [key]  # Unicode Bangla, English, or Latin-1 text with no Bijoy in it
    converted = map_key(bijoy.convert(header))
    return [key] if converted in ("", key) else [key, converted]


def _matching(maps: list[ColumnMap], header: str, form: str | None = None) -> list[ColumnMap]:
    """The maps (of one kind of sheet, or all) that a header typed either way names."""
    wanted = set(keys(header))
    return [m for m in maps if (form is None or m.form == form) and wanted & set(keys(m.header))]


def one_import(form: str, given: list[str]) -> dict[str, tuple[str, str]]:
    """`--map "HEADER=FIELD"` options as a map for one import (the last `=` splits)."""
    found: dict[str, tuple[str, str]] = {}
    for item in given:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise Invalid(
                f"--map {item!r} is not HEADER=FIELD.",
                'Write --map "ব্যয়=spent_month", or --map "HEADER=ignore" to leave a column out.',
            )
        chosen = (check_field(form, field.strip()), ONE_IMPORT)
        found.update(dict.fromkeys(keys(header), chosen))
    return found


def load(db: Session | Connection, form: str) -> dict[str, tuple[str, str]]:
    """The office's maps for this kind of sheet, as `intake.columns.Hints.maps` takes them;
    read through the register's own table, so `report import` loads no models."""
    from sqlalchemy import select

    conn = tables.connection(db)
    m = tables.table(conn, "column_map").c
    found: dict[str, tuple[str, str]] = {}
    for header, field in conn.execute(
        select(m.header, m.field).where(m.form == form).order_by(m.id)
    ):
        for key in keys(header):
            found.setdefault(key, (field, OFFICE_MAP))
    return found


def add(session: Session, header: str, field: str, form: str) -> tuple[str | None, str]:
    """Map a header (replacing its map if it had one); (the field before, the field now)."""
    from sqlmodel import select

    from ngocoord.store.models import ColumnMap

    check_field(form, field)
    key = map_key(header)
    if not key:
        raise Invalid("The header is empty.", 'Give it as written in the file: "ব্যয় (টাকা)".')
    same = select(ColumnMap).where(ColumnMap.form == form)
    # the map of this very key first: another typed in the other form keeps its own key
    matching = sorted(
        _matching(list(session.exec(same)), header), key=lambda m: m.header_key != key
    )
    found = matching[0] if matching else None
    before = found.field if found else None
    prior = (
        {"field": found.field, "header": found.header, "header_key": found.header_key}
        if found
        else None
    )
    if found is None:
        found = ColumnMap(
            form=form,
            header_key=key,
            header=header.strip(),
            field=field,
            created_at=datetime.now(UTC),
        )
        session.add(found)
    else:  # perhaps the same header typed in the other form: its key follows the new text
        found.field, found.header, found.header_key = field, header.strip(), key
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

    if form is not None:
        _form(form)
    found = _matching(list(session.exec(select(ColumnMap))), header, form)
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
