"""The writes of one roster import, gathered first (so a dry run stops short of them) and then
made as bulk statements in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ngocoord.register import fields, locks
from ngocoord.register.membership import Span
from ngocoord.register.registrations import Reg
from ngocoord.store import audit, db

if TYPE_CHECKING:
    from sqlmodel import Session


def reg_changes(
    ngo_id: int, regs: list[Reg], stored: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Registrations to insert and to update, matched by authority and number."""
    inserts, updates = [], []
    pool = list(stored)
    for reg in regs:
        same = next(
            (s for s in pool if s["authority"] == reg.authority and s["number"] == reg.number), None
        )
        if same is None and reg.authority != "OTHER":
            same = next((s for s in pool if s["authority"] == reg.authority), None)
        values = {
            "authority": reg.authority,
            "number": reg.number,
            "reg_date": reg.reg_date,
            "reg_year": reg.reg_year,
        }
        if same is None:
            inserts.append({"ngo_id": ngo_id, **values})
            continue
        pool.remove(same)
        new = {
            "number": reg.number,
            "reg_date": reg.reg_date or same["reg_date"],
            "reg_year": reg.reg_year or same["reg_year"],
        }
        if any(new[k] != same[k] for k in new):
            updates.append({"_id": same["id"], **new, "_old": same})
    return inserts, updates


@dataclass
class Writes:
    """Everything one import will write, gathered first so a dry run can stop short of it."""

    new_rows: list[tuple[Any, str]] = field(default_factory=list)  # (plan, assigned code)
    ngo_updates: list[dict[str, Any]] = field(default_factory=list)
    area_sets: dict[int, list[int]] = field(default_factory=dict)
    reg_inserts: list[dict[str, Any]] = field(default_factory=list)
    reg_updates: list[dict[str, Any]] = field(default_factory=list)
    period_updates: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    unlock_reason: str | None = None  # why a locked month's expected NGOs change all the same


def _guard(conn: Any, w: Writes, home_id: int | None) -> None:
    """The NGOs added, and the joining days moved, meet the lock of each month whose
    expected NGOs they change (register/locks.py)."""
    from sqlalchemy import select

    from ngocoord.store.models import Membership, Ngo, table

    moves = [
        locks.membership_move(code, "added to the list by roster import", [], list(
            map(Span._make, plan.periods or [(plan.joined, None)])))
        for plan, code in w.new_rows
    ]  # fmt: skip
    if w.period_updates:
        m, n = table(Membership).c, table(Ngo).c
        moved = {u["_id"]: u["start_date"] for u in w.period_updates}
        query = select(m.id, n.code, m.start_date, m.end_date).join(Ngo, n.id == m.ngo_id)
        for row_id, code, start, end in conn.execute(query.where(m.id.in_(list(moved)))):
            change = f"joined the list on {moved[row_id]} (was {start or 'open-ended'})"
            before, after = [Span(start, end)], [Span(moved[row_id], end)]
            moves.append(locks.membership_move(code, change, before, after))
    if home_id is not None:
        locks.guard_list(conn, moves, w.unlock_reason)


def write(session: Session, w: Writes, home_id: int | None) -> None:
    """All writes of one import, as bulk statements in the caller's transaction."""
    from sqlalchemy import bindparam, delete, select, update
    from sqlmodel import col

    from ngocoord.store.models import Membership, Ngo, NgoArea, Registration, table

    # One executemany per table on the session's connection (the ORM's bulk path splits rows
    # into many small statements)
    conn = session.connection()
    _guard(conn, w, home_id)
    reg_inserts = list(w.reg_inserts)
    if w.new_rows:
        blank = dict.fromkeys((*fields.SCALARS, "extra"))
        db.insert_many(
            conn,
            table(Ngo),
            [
                {
                    **blank,
                    **plan.values,
                    "code": code,
                    "name_key": fields.key_of(
                        plan.values.get("name_bn"), plan.values.get("name_en")
                    ),
                }
                for plan, code in w.new_rows
            ],
        )
        new_codes = {code for _, code in w.new_rows}
        ids = {
            code: ngo_id
            for ngo_id, code in session.execute(select(col(Ngo.id), col(Ngo.code)))
            if code in new_codes
        }
        memberships, areas = [], []
        for plan, code in w.new_rows:
            ngo_id = ids[code]
            memberships += [
                {
                    "ngo_id": ngo_id,
                    "office_id": home_id,
                    "start_date": start,
                    "end_date": end,
                    "start_reason": "roster import",
                }
                for start, end in (plan.periods or [(plan.joined, None)])
            ]
            areas += [{"ngo_id": ngo_id, "office_id": o} for o in dict.fromkeys(plan.areas or [])]
            reg_inserts += [
                {
                    "ngo_id": ngo_id,
                    "authority": r.authority,
                    "number": r.number,
                    "reg_date": r.reg_date,
                    "reg_year": r.reg_year,
                }
                for r in dict.fromkeys(plan.regs or [])
            ]
        db.insert_many(conn, table(Membership), memberships)
        db.insert_many(conn, table(NgoArea), areas)
        for e in w.log:  # the new NGOs' audit rows name their ids, for `undo`
            if e["row_id"] is None:
                e["row_id"] = ids[e["row_key"]]
    if w.ngo_updates:
        t = Ngo.__table__  # type: ignore[attr-defined]
        cols: dict[str, Any] = {k: bindparam(k) for k in (*fields.SCALARS, "extra", "name_key")}
        conn.execute(update(t).where(t.c.id == bindparam("_id")).values(cols), w.ngo_updates)
    if w.area_sets:
        session.execute(delete(NgoArea).where(col(NgoArea.ngo_id).in_(list(w.area_sets))))
        db.insert_many(
            conn,
            table(NgoArea),
            [
                {"ngo_id": n, "office_id": o}
                for n, offs in w.area_sets.items()
                for o in dict.fromkeys(offs)
            ],
        )
    db.insert_many(conn, table(Registration), reg_inserts)
    if w.reg_updates:
        t = Registration.__table__  # type: ignore[attr-defined]
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(
                number=bindparam("number"),
                reg_date=bindparam("reg_date"),
                reg_year=bindparam("reg_year"),
            ),
            w.reg_updates,
        )
    if w.period_updates:
        t = Membership.__table__  # type: ignore[attr-defined]
        conn.execute(
            update(t).where(t.c.id == bindparam("_id")).values(start_date=bindparam("start_date")),
            w.period_updates,
        )
    audit.write(session, w.log)
