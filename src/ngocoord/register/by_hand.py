"""An NGO's registrations entered by hand (`ngo reg add/edit/remove`), audited like the
rest: which authority, which number, since when."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ngocoord.bangla import parse_date, parse_year
from ngocoord.errors import Invalid
from ngocoord.register import roster, states
from ngocoord.register.registrations import AUTHORITIES, Reg, authority_of, parse_one
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Ngo, Registration


def authority(text: str) -> str:
    """The authority as the register names it (NGOAB, DSS, …), from any way it is written."""
    wanted = text.strip().upper()
    if wanted in AUTHORITIES:
        return wanted
    found = authority_of(text)
    if found is None:
        raise Invalid(
            f"Unknown authority {text!r}.",
            f"Write one of {', '.join(AUTHORITIES)}, or its name (সমাজসেবা অধিদপ্তর).",
        )
    return found


def _when(text: str | None) -> tuple[date | None, int | None]:
    """--date: a day, or only the year the registration was given."""
    if text is None or not text.strip():
        return None, None
    try:
        return parse_date(text), None
    except ValueError:
        pass
    try:
        return None, parse_year(text)
    except ValueError as exc:
        raise Invalid(f"Bad value for --date: {text!r}: write a date like 23.09.2004.") from exc


def _parsed(text: str) -> Reg:
    """A number as offices write it: "দিনা-২৭৮/৯৯" is number দিনা-278 of 1999."""
    try:
        return parse_one(text, "OTHER")
    except ValueError as exc:
        raise Invalid(f"Bad registration number {text!r}: {exc}.") from exc


def _number(text: str) -> str:
    return _parsed(text).number


def _values(r: Registration) -> dict[str, object]:
    return {"authority": r.authority, "number": r.number, "date": r.reg_date, "year": r.reg_year}


def _of(session: Session, ngo: Ngo, auth: str) -> list[Registration]:
    from sqlmodel import col, select

    from ngocoord.store.models import Registration

    query = select(Registration).where(Registration.ngo_id == ngo.id)
    query = query.where(Registration.authority == auth).order_by(col(Registration.id))
    return list(session.exec(query))


def _one(session: Session, ngo: Ngo, auth: str, number: str | None) -> Registration:
    """The registration a command means: the NGO's only one with this authority, or the one
    with this number (needed when it has two)."""
    regs = _of(session, ngo, auth)
    if number is not None:
        wanted = _number(number)
        regs = [r for r in regs if r.number == wanted]
    if len(regs) == 1:
        return regs[0]
    if not regs:
        raise Invalid(
            f"{ngo.code} has no {auth} registration" + (f" {number}." if number else "."),
            f"`ngocoord ngo show {ngo.code}` lists its registrations.",
        )
    numbers = ", ".join(r.number for r in regs)
    raise Invalid(
        f"{ngo.code} has {len(regs)} {auth} registrations ({numbers}).",
        "Say which with --number.",
    )


def _prior(session: Session, ngo: Ngo) -> dict[str, object]:
    """The NGO's registrations before the change, for `undo`."""
    assert ngo.id is not None
    return states.ngo_parts(session.connection(), ngo.id, "registrations")


def add(session: Session, code: str, auth: str, number: str, when: str | None) -> Registration:
    from ngocoord.store.models import Registration

    ngo = roster.get(session, code)
    prior = _prior(session, ngo)
    auth = authority(auth)
    given = _parsed(number)
    wanted = given.number
    if any(r.number == wanted for r in _of(session, ngo, auth)):
        raise Invalid(
            f"{ngo.code} already has {auth} registration {wanted}.",
            f"Change it with `ngocoord ngo reg edit {ngo.code} --authority {auth}`.",
        )
    reg_date, reg_year = _when(when) if when else (given.reg_date, given.reg_year)
    assert ngo.id is not None
    reg = Registration(
        ngo_id=ngo.id, authority=auth, number=wanted, reg_date=reg_date, reg_year=reg_year
    )
    session.add(reg)
    new = _values(reg)
    audit.record(session, "registration", ngo.code, "insert", None, new, row_id=ngo.id, prior=prior)
    return reg


def edit(
    session: Session,
    code: str,
    auth: str,
    *,
    number: str | None,
    new_number: str | None,
    when: str | None,
) -> tuple[dict[str, object], dict[str, object]]:
    """Change a registration's number or date; (old, new) values, equal when nothing changed."""
    if new_number is None and when is None:
        raise Invalid("Nothing to change.", "Give --new-number or --date.")
    ngo = roster.get(session, code)
    prior = _prior(session, ngo)
    reg = _one(session, ngo, authority(auth), number)
    old = _values(reg)
    if new_number is not None:
        wanted = _number(new_number)
        if wanted != reg.number and any(
            r.number == wanted for r in _of(session, ngo, reg.authority)
        ):
            raise Invalid(f"{ngo.code} already has {reg.authority} registration {wanted}.")
        reg.number = wanted
    if when is not None:
        reg.reg_date, reg.reg_year = _when(when)
    new = _values(reg)
    if new != old:
        audit.record(
            session, "registration", ngo.code, "update", old, new, row_id=ngo.id, prior=prior
        )
    return old, new


def remove(session: Session, code: str, auth: str, number: str | None) -> dict[str, object]:
    ngo = roster.get(session, code)
    prior = _prior(session, ngo)
    reg = _one(session, ngo, authority(auth), number)
    old = _values(reg)
    session.delete(reg)
    audit.record(session, "registration", ngo.code, "delete", old, None, row_id=ngo.id, prior=prior)
    return old
