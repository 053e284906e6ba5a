"""Codes an NGO had before `ngo edit --code` gave it another (table ngo_former_code).

A former code keeps finding its NGO in files written before the change (register/lookup.py
reads them with the codes). A code is given again only when said: to the NGO that had it (it
is then its code once more), or to another NGO with `--reuse-code`, when the former code stops
finding the old NGO. Every row made or removed here is audited, so `undo` of the code change
puts the former codes back as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ngocoord import periods
from ngocoord.errors import Invalid
from ngocoord.store import audit, rows

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import Ngo, NgoFormerCode


def held(db: Session | Connection) -> list[tuple[str, int]]:
    """(code, NGO id) of every former code, in one query through the register's own table, so
    `report import` loads no models."""
    from sqlalchemy import select

    from ngocoord.store import tables

    conn = tables.connection(db)
    f = tables.table(conn, "ngo_former_code").c
    return [(code, ngo_id) for code, ngo_id in conn.execute(select(f.code, f.ngo_id))]


def codes(session: Session) -> set[str]:
    """Every former code (a code the tool makes up from a name is none of them)."""
    return {code for code, _ in held(session)}


def _row(session: Session, code: str) -> NgoFormerCode | None:
    from sqlmodel import select

    from ngocoord.store.models import NgoFormerCode

    return session.exec(select(NgoFormerCode).where(NgoFormerCode.code == code)).first()


def release(session: Session, code: str, ngo_id: int | None, *, reuse: bool = False) -> None:
    """`code` given to NGO `ngo_id` (None: a new NGO): when it is a former code, of this NGO
    (its own again) or, with `reuse`, of another (which files carrying it no longer find), it
    stops being one; another NGO's former code is refused without `reuse`."""
    from ngocoord.store.models import Ngo

    row = _row(session, code)
    if row is None:
        return
    if row.ngo_id != ngo_id and not reuse:
        had = session.get(Ngo, row.ngo_id)
        assert had is not None
        raise Invalid(
            f"{code} is the former code of {had.code} ({had.name_bn or had.name_en}), changed "
            f"on {row.replaced_on}: files that still carry {code} are taken as {had.code}.",
            f"Choose another code, or give --reuse-code to give {code} to this NGO (files "
            f"carrying {code} are then no longer taken as {had.code}).",
        )
    before = rows.plain_dict(row.model_dump())
    session.delete(row)
    session.flush()
    audit.record(
        session, "ngo_former_code", code, "delete", before, None, row_id=row.id, prior=before
    )


def keep(session: Session, ngo: Ngo, old: str) -> None:
    """`old`, the code `ngo` had until now, kept as its former code."""
    from ngocoord.store.models import NgoFormerCode

    assert ngo.id is not None
    row = NgoFormerCode(code=old, ngo_id=ngo.id, replaced_on=periods.today())
    session.add(row)
    session.flush()
    new = rows.plain_dict(row.model_dump())
    audit.record(session, "ngo_former_code", old, "insert", None, new, row_id=row.id, prior=None)
