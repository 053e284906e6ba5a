"""The writes of one roster import, gathered first (so a dry run stops short of them) and then
made as bulk statements in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from ngocoord.register import fields, kinds, locks
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
    area_sets: dict[int, list[int]] = field(default_factory=dict)  # upazilas replaced
    area_adds: dict[int, list[int]] = field(default_factory=dict)  # gained, none lost (--upazila)
    reg_inserts: list[dict[str, Any]] = field(default_factory=list)
    reg_updates: list[dict[str, Any]] = field(default_factory=list)
    period_updates: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    # the new NGOs' audit rows as (code, id, values), given their ids by code: made while
    # they are written (audit.write_inserts)
    new_log: Callable[[dict[str, int]], Iterable[tuple[str, int, dict[str, Any]]]] | None = None
    unlock_reason: str | None = None  # why a locked month's expected NGOs change all the same


class _Joins(Sequence[locks.Move]):
    """The new NGOs' moves onto the list, each made when read: the guard reads them only when
    a month is locked, and a first import of a hundred thousand NGOs then makes none."""

    def __init__(self, new_rows: list[tuple[Any, str]]) -> None:
        self.new_rows = new_rows

    def __len__(self) -> int:
        return len(self.new_rows)

    @overload
    def __getitem__(self, index: int) -> locks.Move: ...
    @overload
    def __getitem__(self, index: slice) -> list[locks.Move]: ...
    def __getitem__(self, index: int | slice) -> locks.Move | list[locks.Move]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        plan, code = self.new_rows[index]
        spans = list(map(Span._make, plan.periods or [(plan.joined, None)]))
        return locks.membership_move(code, "added to the list by roster import", [], spans)


def guard(conn: Any, w: Writes, home_id: int | None, *, write: bool = True) -> list[str]:
    """The NGOs added, and the joining days moved, meet the lock of each month whose
    expected NGOs they change (register/locks.py): the locked months altered. A dry run
    (`write=False`) only reads, and says the import would be refused."""
    from sqlalchemy import select

    from ngocoord.store.models import Membership, Ngo, table

    moves: Sequence[locks.Move] = _Joins(w.new_rows)
    if w.period_updates:
        later = []
        m, n = table(Membership).c, table(Ngo).c
        moved = {u["_id"]: u["start_date"] for u in w.period_updates}
        query = select(m.id, n.code, m.start_date, m.end_date).join(Ngo, n.id == m.ngo_id)
        for row_id, code, start, end in conn.execute(query.where(m.id.in_(list(moved)))):
            change = f"joined the list on {moved[row_id]} (was {start or 'open-ended'})"
            before, after = [Span(start, end)], [Span(moved[row_id], end)]
            later.append(locks.membership_move(code, change, before, after))
        moves = [*moves, *later]
    if home_id is None:
        return []
    areas = _area_moves(conn, w, home_id)
    if areas:
        moves = [*moves, *areas]
    lead = "Nothing was changed" if write else "The import would be refused"
    return locks.guard_list(conn, moves, w.unlock_reason, write=write, lead=lead)


def _area_moves(conn: Any, w: Writes, home_id: int) -> list[locks.Move]:
    """The NGOs whose upazilas the import replaces or adds to: who each upazila expected
    changes in the months they were on the list. Read table by table, not by id: an import
    may change many."""
    from sqlalchemy import select

    from ngocoord.store.models import Membership, Ngo, NgoArea, table

    if not w.area_sets and not w.area_adds:
        return []
    a, m, n = table(NgoArea).c, table(Membership).c, table(Ngo).c
    had: dict[int, list[int]] = {i: [] for i in (*w.area_sets, *w.area_adds)}
    listed: dict[int, list[Span]] = {i: [] for i in had}
    for ngo_id, office_id in conn.execute(select(a.ngo_id, a.office_id)):
        if ngo_id in had:
            had[ngo_id].append(office_id)
    periods = select(m.ngo_id, m.start_date, m.end_date).where(m.office_id == home_id)
    for ngo_id, start, end in conn.execute(periods):
        if ngo_id in listed:
            listed[ngo_id].append(Span(start, end))
    codes = {i: c for i, c in conn.execute(select(n.id, n.code)) if i in had}
    start = kinds.tracking_start(conn)
    change = "upazilas changed by roster import"
    after = {**{i: [*had[i], *adds] for i, adds in w.area_adds.items()}, **w.area_sets}
    return [locks.areas_move(start, codes[i], change, listed[i], had[i], after[i]) for i in after]


def write(session: Session, w: Writes, home_id: int | None) -> None:
    """All writes of one import, as bulk statements in the caller's transaction."""
    from ngocoord.store.models import Audit, Membership, Ngo, NgoArea, Registration, table

    # One executemany per table on the session's connection (the ORM's bulk path splits rows
    # into many small statements); rows go in as tuples made as they are taken
    conn = session.connection()
    guard(conn, w, home_id)
    reg_inserts = [tuple(r[k] for k in _REG_KEYS) for r in w.reg_inserts]
    tables = [table(m) for m in (Ngo, Membership, NgoArea, Registration, Audit)]
    with db.indexes_built_after(conn, _outgrown(conn, tables, len(w.new_rows))):
        ids: dict[str, int] = {}
        if w.new_rows:
            ids, new_regs = _insert_new(conn, w, home_id)
            reg_inserts += new_regs
        _write_updates(session, w)
        db.insert_rows(conn, table(Registration), _REG_KEYS, reg_inserts)
        audit.write(session, w.log)
        if w.new_log is not None and w.new_rows:
            audit.write_inserts(conn, "ngo", w.new_log(ids))


_NGO_KEYS = (*fields.SCALARS, "extra", "code", "name_key")
_REG_KEYS = ("ngo_id", "authority", "number", "reg_date", "reg_year")
# An import of this many new NGOs or more builds the secondary indexes once at the end of
# each table that holds fewer rows than that (a first import: db.indexes_built_after)
MANY_NEW = 1_000


def _outgrown(conn: Any, tables: list[Any], new: int) -> list[Any]:
    """The tables this import at least doubles, by their highest row id (an index lookup)."""
    if new < MANY_NEW or conn.dialect.name != "sqlite":
        return []
    held = {
        t.name: conn.exec_driver_sql(f'SELECT max(rowid) FROM "{t.name}"').scalar() for t in tables
    }
    return [t for t in tables if (held[t.name] or 0) <= new]


def _insert_new(
    conn: Any, w: Writes, home_id: int | None
) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    """The new NGOs with their list periods and upazilas: their ids by code, and their
    registrations to insert."""
    from ngocoord.store.models import Membership, Ngo, NgoArea, table

    scalars = (*fields.SCALARS, "extra")
    db.insert_rows(
        conn,
        table(Ngo),
        _NGO_KEYS,
        (
            (
                *map(plan.values.get, scalars),
                code,
                fields.key_of(plan.values.get("name_bn"), plan.values.get("name_en")),
            )
            for plan, code in w.new_rows
        ),
    )
    new_codes = {code for _, code in w.new_rows}
    ids = {
        code: ngo_id
        for ngo_id, code in db.fetch_rows(conn, _id_and_code(table(Ngo)))
        if code in new_codes
    }
    db.insert_rows(
        conn,
        table(Membership),
        ("ngo_id", "office_id", "start_date", "end_date", "start_reason"),
        (
            (ids[code], home_id, start, end, "roster import")
            for plan, code in w.new_rows
            for start, end in (plan.periods or [(plan.joined, None)])
        ),
    )
    db.insert_rows(
        conn,
        table(NgoArea),
        ("ngo_id", "office_id"),
        (
            (ids[code], o)
            for plan, code in w.new_rows
            if plan.areas
            for o in dict.fromkeys(plan.areas)
        ),
    )
    return ids, [
        (ids[code], r.authority, r.number, r.reg_date, r.reg_year)
        for plan, code in w.new_rows
        if plan.regs
        for r in dict.fromkeys(plan.regs)
    ]


def _id_and_code(t: Any) -> Any:
    from sqlalchemy import select

    return select(t.c.id, t.c.code)


def _write_updates(session: Session, w: Writes) -> None:
    """The changes to NGOs already in the register."""
    from sqlalchemy import bindparam, delete, update
    from sqlmodel import col

    from ngocoord.store.models import Membership, Ngo, NgoArea, Registration, table

    conn = session.connection()
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
    if w.area_adds:  # added beside the NGO's others; one added meanwhile meets the primary key
        rows = [{"ngo_id": n, "office_id": o} for n, offs in w.area_adds.items() for o in offs]
        db.insert_many(conn, table(NgoArea), rows)
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
